import Testing
@testable import LAEvalCore

@Suite("Grade, inspections and support")
struct GradeAndSupportTests {
    private func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(iso: text)) }

    // MARK: Grade

    @Test("grades order best first")
    func gradeOrdering() {
        #expect(Grade.outstanding < .good)
        #expect(Grade.good < .requiresImprovement)
        #expect(Grade.requiresImprovement < .inadequate)
        #expect(!(Grade.inadequate < .outstanding))
        #expect(!(Grade.good < .good))
        #expect([Grade.inadequate, .good, .outstanding, .requiresImprovement].sorted()
            == [.outstanding, .good, .requiresImprovement, .inadequate])
        #expect(Grade.allCases.map(\.ofstedNumber) == [1, 2, 3, 4])
        #expect(Grade.allCases.max() == .inadequate)
        #expect(Grade.allCases.min() == .outstanding)
    }

    @Test("isGoodOrBetter only for Good and Outstanding")
    func goodOrBetter() {
        #expect(Grade.outstanding.isGoodOrBetter)
        #expect(Grade.good.isGoodOrBetter)
        #expect(!Grade.requiresImprovement.isGoodOrBetter)
        #expect(!Grade.inadequate.isGoodOrBetter)
    }

    @Test("grade labels and raw values")
    func gradeLabels() {
        #expect(Grade.allCases.map(\.label) == ["Outstanding", "Good", "Requires improvement", "Inadequate"])
        #expect(Grade(rawValue: "requiresImprovement") == .requiresImprovement)
        #expect(Grade(rawValue: "Requires improvement") == nil)
    }

    @Test("only full and short inspections are graded")
    func gradedKinds() {
        #expect(InspectionKind.full.isGraded)
        #expect(InspectionKind.short.isGraded)
        #expect(!InspectionKind.focusedVisit.isGraded)
        #expect(!InspectionKind.monitoringVisit.isGraded)
        #expect(InspectionKind.allCases.filter(\.isGraded) == [.full, .short])
    }

    // MARK: Support

    @Test("each support model belongs to its programme", arguments: [
        (SupportModel.commissioner, Programme.intervention),
        (.improvementAdviser, .intervention),
        (.alternativeDeliveryModel, .intervention),
        (.regionalAlliance, .improvement),
        (.dfeImprovementLead, .improvement),
        (.lgaLeadMember, .improvement),
        (.pipPartner, .partnersInPractice),
    ])
    func modelProgramme(model: SupportModel, programme: Programme) {
        #expect(model.programme == programme)
        #expect(programme.models.contains(model))
    }

    @Test("all seven models are covered")
    func sevenModels() {
        #expect(SupportModel.allCases.count == 7)
    }

    @Test("Programme.models lists the programme's models in declaration order")
    func programmeModels() {
        #expect(Programme.intervention.models == [.commissioner, .improvementAdviser, .alternativeDeliveryModel])
        #expect(Programme.improvement.models == [.regionalAlliance, .dfeImprovementLead, .lgaLeadMember])
        #expect(Programme.partnersInPractice.models == [.pipPartner])
        #expect(Programme.allCases.flatMap(\.models).count == SupportModel.allCases.count)
    }

    @Test("SupportEpisode.isActive includes both ends; open episodes never end")
    func episodeActive() throws {
        let closed = SupportEpisode(laCode: "E06000001", programme: .intervention, model: .commissioner,
                                    start: try date("2020-05-01"), end: try date("2021-04-30"))
        #expect(!closed.isActive(on: try date("2020-04-30")))
        #expect(closed.isActive(on: try date("2020-05-01")))
        #expect(closed.isActive(on: try date("2020-12-25")))
        #expect(closed.isActive(on: try date("2021-04-30")))
        #expect(!closed.isActive(on: try date("2021-05-01")))

        let open = SupportEpisode(laCode: "E06000001", programme: .improvement, model: .regionalAlliance,
                                  start: try date("2022-01-10"), end: nil)
        #expect(!open.isActive(on: try date("2022-01-09")))
        #expect(open.isActive(on: try date("2022-01-10")))
        #expect(open.isActive(on: try date("2099-12-31")))

        let oneDay = SupportEpisode(laCode: "E06000001", programme: .partnersInPractice, model: .pipPartner,
                                    start: try date("2023-03-31"), end: try date("2023-03-31"))
        #expect(oneDay.isActive(on: try date("2023-03-31")))
        #expect(!oneDay.isActive(on: try date("2023-04-01")))
        #expect(!oneDay.isActive(on: try date("2023-03-30")))
    }

    // MARK: gradeInForce

    private func inspection(_ la: String, _ day: String, _ kind: InspectionKind, _ grade: Grade?) throws -> Inspection {
        Inspection(laCode: la, date: try date(day), framework: .ilacs, kind: kind, overall: grade)
    }

    @Test("gradeInForce uses inspections strictly before the date")
    func strictlyBefore() throws {
        let inspections = [try inspection("A", "2019-06-10", .full, .inadequate)]
        #expect(inspections.gradeInForce(for: "A", on: try date("2019-06-10")) == nil)
        #expect(inspections.gradeInForce(for: "A", on: try date("2019-06-09")) == nil)
        #expect(inspections.gradeInForce(for: "A", on: try date("2019-06-11")) == .inadequate)
    }

    @Test("gradeInForce: latest graded inspection wins, ungraded visits ignored, other LAs ignored")
    func latestWins() throws {
        // deliberately out of date order
        let inspections = [
            try inspection("A", "2022-03-01", .full, .good),
            try inspection("A", "2018-02-01", .full, .inadequate),
            try inspection("A", "2020-01-15", .full, .requiresImprovement),
            try inspection("A", "2021-01-01", .monitoringVisit, nil),
            try inspection("A", "2023-05-01", .focusedVisit, nil),
            try inspection("B", "2021-06-01", .full, .outstanding),
            try inspection("A", "2024-07-01", .short, .outstanding),
        ]
        #expect(inspections.gradeInForce(for: "A", on: try date("2018-02-01")) == nil)
        #expect(inspections.gradeInForce(for: "A", on: try date("2018-02-02")) == .inadequate)
        #expect(inspections.gradeInForce(for: "A", on: try date("2020-01-15")) == .inadequate)
        #expect(inspections.gradeInForce(for: "A", on: try date("2020-01-16")) == .requiresImprovement)
        #expect(inspections.gradeInForce(for: "A", on: try date("2021-06-02")) == .requiresImprovement)  // visit and B ignored
        #expect(inspections.gradeInForce(for: "A", on: try date("2023-06-01")) == .good)  // focused visit ignored
        #expect(inspections.gradeInForce(for: "A", on: try date("2024-07-02")) == .outstanding)  // short inspection graded
        #expect(inspections.gradeInForce(for: "B", on: try date("2021-06-01")) == nil)
        #expect(inspections.gradeInForce(for: "B", on: try date("2030-01-01")) == .outstanding)
        #expect(inspections.gradeInForce(for: "C", on: try date("2030-01-01")) == nil)
        #expect([Inspection]().gradeInForce(for: "A", on: try date("2030-01-01")) == nil)
    }

    @Test("a graded judgement stays in force through later ungraded visits")
    func ungradedWithNilOverall() throws {
        // A graded inspection followed by a monitoring visit with no grade: the grade stays.
        let inspections = [
            try inspection("A", "2019-01-01", .full, .inadequate),
            try inspection("A", "2019-06-01", .monitoringVisit, nil),
        ]
        #expect(inspections.gradeInForce(for: "A", on: try date("2019-07-01")) == .inadequate)
    }
}
