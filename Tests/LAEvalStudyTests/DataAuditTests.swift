import LAEvalCore
import Testing
@testable import LAEvalStudy

/// The data audit on a small hand-made study whose counts are known.
@Suite struct DataAuditTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    static var study: Study {
        let las = ["E06000001", "E06000002", "E06000003"].map {
            LocalAuthority(newCode: $0, oldCode: "8", name: $0, regionCode: "E12000001", regionName: "North East", alliance: "NE")
        }
        let inspections = [
            Inspection(laCode: "E06000001", date: date("2015-06-01"), framework: .sif, kind: .full, overall: .good),
            Inspection(laCode: "E06000002", date: date("2015-02-01"), framework: .sif, kind: .full, overall: .inadequate),
            Inspection(laCode: "E06000002", date: date("2015-08-01"), framework: .sif, kind: .monitoringVisit, overall: nil),
            Inspection(laCode: "E06000002", date: date("2018-02-01"), framework: .ilacs, kind: .full, overall: .requiresImprovement),
        ]
        let support = [
            SupportEpisode(laCode: "E06000002", programme: .intervention, model: .commissioner, start: date("2015-05-01"), end: date("2018-04-30")),
            SupportEpisode(laCode: "E06000002", programme: .improvement, model: .regionalAlliance, start: date("2018-04-01"), end: nil),
            SupportEpisode(laCode: "E06000003", programme: .partnersInPractice, model: .pipPartner, providerLACode: "E06000001",
                           start: date("2016-04-01"), end: date("2017-03-31")),
        ]
        let names = ["time_period", "time_identifier", "geographic_level", "new_la_code", "x"]
        let table = EESTable(columnNames: names, columns: [
            .text(["2016", "2016", "2016", "2017", "2017", "2017", "2017"]),
            .text(Array(repeating: "Reporting year", count: 7)),
            .text(["Local authority", "Local authority", "Local authority", "National", "Local authority", "Local authority", "Local authority"]),
            .text(["E06000001", "E06000002", "E06000003", "", "E06000001", "E06000002", "E06000003"]),
            .indicator([.number(1), .missing(.confidential), .number(2), .number(9), .missing(.confidential), .missing(.unavailable), .number(3)]),
        ], sourceLines: Array(2...8))
        let description = StudyDescription(name: "audit", period: StudyPeriod(firstYear: 2015, lastYear: 2020),
                                           laSet: LASetDefinition(asAt: date("2020-03-31"), boundaries: .harmonised, mapping: ""),
                                           plan: AnalysisPlan(outcomes: [], comparisons: [], moderators: [], economics: EconomicParameters(priceBase: 2024)),
                                           seed: 1, simulated: true)
        return Study(description: description, localAuthorities: las, inspections: inspections, support: support, costs: [],
                     indicatorFiles: [IndicatorFile(name: "f", table: table, meta: [])])
    }

    @Test func countsWhatIsThere() {
        let audit = DataAudit(study: Self.study, warnings: 2)
        #expect(audit.localAuthorities == 3)
        #expect(audit.inspectionsByYear.map(\.year) == [2015, 2018])
        #expect(audit.inspectionsByYear[0].graded == 2 && audit.inspectionsByYear[0].visits == 1)
        #expect(audit.inspectionsByYear[0].byGrade == [.init(key: "good", count: 1), .init(key: "inadequate", count: 1)])
        #expect(audit.gradesInForceAtEnd == [.init(key: "good", count: 1), .init(key: "requiresImprovement", count: 1), .init(key: "notInspected", count: 1)])
        #expect(audit.support.map(\.model) == [.commissioner, .regionalAlliance, .pipPartner])
        #expect(audit.support.map(\.ongoingAtEnd) == [0, 1, 0])
        #expect(audit.cohorts == [.init(model: .commissioner, startYear: 2016, localAuthorities: 1),
                                  .init(model: .regionalAlliance, startYear: 2019, localAuthorities: 1),
                                  .init(model: .pipPartner, startYear: 2017, localAuthorities: 1)])
        #expect(audit.multipleProgrammesAtOnce == 1)
        let coverage = audit.indicators.first!
        #expect(coverage.laRows == 6 && coverage.values == 3 && coverage.localAuthoritiesWithValues == 2)
        #expect(coverage.missing == [.init(key: "c", count: 2), .init(key: "x", count: 1)])
        #expect(coverage.firstYear == 2016 && coverage.lastYear == 2017)
        #expect(audit.summary.contains("SIMULATED DATA"))
        #expect(audit.summary.contains("Warnings: 2"))
    }
}
