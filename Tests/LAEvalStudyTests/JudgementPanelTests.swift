import LAEvalCore
import Testing
@testable import LAEvalStudy

/// The judgement stage's data: grades and support changes as panel rows, and spells in Inadequate.
@Suite struct JudgementPanelTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    /// LA 1: Inadequate 2015 → RI 2018 → Good 2022, with a commissioner from 2015-05-01 to 2018-04-30
    /// and an alliance from 2018-05-01. LA 2: one graded inspection only. LA 3: Inadequate 2016, never
    /// re-inspected, an adviser from 2016-09-01.
    static var study: Study {
        let las = ["E06000001", "E06000002", "E06000003"].enumerated().map { index, code in
            LocalAuthority(newCode: code, oldCode: "80\(index)", name: code, regionCode: "E12000001", regionName: "North East", alliance: "NE",
                           context: ["deprivation": Double(index)])
        }
        let inspections = [
            Inspection(laCode: "E06000001", date: date("2015-02-01"), framework: .sif, kind: .full, overall: .inadequate),
            Inspection(laCode: "E06000001", date: date("2015-08-01"), framework: .sif, kind: .monitoringVisit, overall: nil),
            Inspection(laCode: "E06000001", date: date("2018-02-01"), framework: .ilacs, kind: .full, overall: .requiresImprovement),
            Inspection(laCode: "E06000001", date: date("2022-02-01"), framework: .ilacs, kind: .full, overall: .good),
            Inspection(laCode: "E06000002", date: date("2016-02-01"), framework: .sif, kind: .full, overall: .good),
            Inspection(laCode: "E06000003", date: date("2016-06-01"), framework: .sif, kind: .full, overall: .inadequate),
        ]
        let support = [
            SupportEpisode(laCode: "E06000001", programme: .intervention, model: .commissioner, start: date("2015-05-01"), end: date("2018-04-30")),
            SupportEpisode(laCode: "E06000001", programme: .improvement, model: .regionalAlliance, start: date("2018-05-01"), end: nil),
            SupportEpisode(laCode: "E06000003", programme: .intervention, model: .improvementAdviser, start: date("2016-09-01"), end: nil),
        ]
        let description = StudyDescription(name: "judgements", period: StudyPeriod(firstYear: 2015, lastYear: 2024),
                                           laSet: LASetDefinition(asAt: date("2024-03-31"), boundaries: .harmonised, mapping: ""),
                                           plan: AnalysisPlan(outcomes: [], comparisons: [], moderators: [], economics: EconomicParameters(priceBase: 2024)),
                                           seed: 1, simulated: true)
        return Study(description: description, localAuthorities: las, inspections: inspections, support: support, costs: [], indicatorFiles: [])
    }

    @Test func gradedInspectionsAndSupportChangesBecomeRows() {
        let panel = JudgementPanel(study: Self.study)
        #expect(panel.stateLabels == ["Outstanding", "Good", "Requires improvement", "Inadequate"])
        #expect(panel.covariateNames == ["commissioner", "improvementAdviser", "regionalAlliance", "deprivation"])
        #expect(panel.lasWithTooFewInspections == ["E06000002", "E06000003"])
        let rows = panel.rows
        #expect(rows.map(\.date) == ["2015-02-01", "2015-05-01", "2018-02-01", "2018-05-01", "2022-02-01"].map(Self.date))
        #expect(rows.map(\.state) == [4, nil, 3, nil, 2])
        // the commissioner is active from its start through its last day; the alliance from its start
        #expect(rows.map { Array($0.covariates.prefix(3)) } == [[0, 0, 0], [1, 0, 0], [1, 0, 0], [0, 0, 1], [0, 0, 1]])
        // deprivation 0, 1, 2 standardised: mean 1, SD 1
        #expect(rows.allSatisfy { $0.covariates[3] == -1 })
        #expect(abs(rows[2].time - Self.date("2014-04-01").years(until: Self.date("2018-02-01"))) < 1e-12)
    }

    @Test func observedTransitionsCountConsecutiveGrades() {
        let table = JudgementPanel(study: Self.study).observedTransitions
        #expect(table[3][2] == 1 && table[2][1] == 1)
        #expect(table.joined().reduce(0, +) == 2)
    }

    @Test func mergingOutstandingGivesThreeStates() {
        let panel = JudgementPanel(study: Self.study, mergeOutstanding: true)
        #expect(panel.stateLabels == ["Good or outstanding", "Requires improvement", "Inadequate"])
        #expect(panel.rows.compactMap(\.state) == [3, 2, 1])
    }

    @Test func spellsInInadequateEndAtTheFirstBetterGradeOrAreCensored() {
        let spells = InadequateSpells(study: Self.study)
        #expect(spells.spells.map(\.laCode) == ["E06000001", "E06000003"])
        #expect(spells.spells.map(\.left) == [true, false])
        #expect(spells.spells.map(\.group) == ["commissioner", "improvementAdviser"])
        #expect(abs(spells.spells[0].duration - Self.date("2015-02-01").years(until: Self.date("2018-02-01"))) < 1e-12)
        // censored at the study's end, 31 March 2024
        #expect(abs(spells.spells[1].duration - Self.date("2016-06-01").years(until: Self.date("2024-03-31"))) < 1e-12)
        // LA 1's spell splits where the commissioner starts; the event is on the last piece only
        let first = spells.intervals.filter { $0.spell == 0 }
        #expect(first.count == 2)
        #expect(first.map(\.event) == [false, true])
        #expect(first.map { $0.covariates[0] } == [0, 1])
        #expect(first[0].stop == first[1].start)
    }
}
