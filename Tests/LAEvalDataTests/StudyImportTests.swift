import Foundation
import LAEvalCore
import Testing
@testable import LAEvalData

/// `laeval import` on the real files of `../shared/data/ees/` with the public register of
/// `docs/real-data/` (skipped where the folder is absent).
@Suite(.enabled(if: RealFiles.available, "../shared/data/ees is absent"))
struct StudyImportTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func inputs(c1Name: String = "c1") -> StudyImport.Inputs {
        StudyImport.Inputs(studyYAML: repository + "/docs/real-data/study.yaml", register: repository + "/docs/real-data/support.csv",
                           ofsted: RealFiles.path("LA_Inspection_Outcomes_as_at_31_March_2025.ods"),
                           indicators: [(c1Name, RealFiles.path("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv")),
                                        ("csww", RealFiles.path("csww_indicators_2017_to_2025.csv")),
                                        ("ons", RealFiles.path("ons_mid-year_population_estimates_2012_to_2024.csv")),
                                        ("b1", RealFiles.path("b1_children_in_need_2013_to_2025.csv")),
                                        ("cla", RealFiles.path("cla_number_and_rate_per_10k_children.csv")),
                                        ("d3", RealFiles.path("d3_cpps_subsequent_plan_2013_to_2025.csv"))])
    }

    static func temporary() -> String {
        NSTemporaryDirectory() + "laeval-import-\(UUID().uuidString)"
    }

    @Test func realFilesBecomeAValidStudyWithEveryRowLeftOutReported() throws {
        let folder = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = try StudyImport.run(Self.inputs(), to: folder)
        #expect(report.localAuthorities == 153)
        // the register's 31 episodes less Northamptonshire's two, which ended with the county in 2021
        #expect(report.episodes == 29)
        #expect(report.notPlaced.contains { $0.file == "support.csv" && $0.line == 11 && $0.message.contains("E10000021") })
        #expect(report.notPlaced.contains { $0.message == "8 LA rows of E10000021 (2014–2021) left out: not one of the study's LAs" })
        // North Yorkshire's rows before its 2023 code change are the same LA (DfE code 815)
        #expect(report.notPlaced.contains { $0.message == "10 LA rows of E10000023 (2014–2023) placed under E06000065: the same LA under its earlier ONS code" })
        #expect(report.inspections > 250)
        // without a .meta.csv the column types are inferred, and the import says which
        #expect(report.notPlaced.contains { $0.description == "ons_mid-year_population_estimates_2012_to_2024.csv:1:1: warning: no ons_mid-year_population_estimates_2012_to_2024.meta.csv beside it: column types inferred; filters: age_group; indicators: population_estimate" })
        let loaded = try StudyReader.read(folder: folder)
        #expect(Set(loaded.study.inspections.map(\.laCode)).isSubset(of: Set(loaded.study.localAuthorities.map(\.newCode))))
        #expect(loaded.study.indicatorFiles.map(\.name) == ["b1", "c1", "cla", "csww", "d3", "ons"])
        // context_from: the study.yaml's context columns, from the files' 2024 values
        #expect(Set(loaded.study.contextColumns) == ["caseload_fte", "children", "children_log", "cin_rate", "cla_rate", "cpp_start_rate", "referral_rate"])
    }

    @Test func anImportThatWouldBeInvalidWritesNothing() throws {
        let folder = Self.temporary()
        #expect(throws: StudyInvalid.self) { try StudyImport.run(Self.inputs(c1Name: "referrals"), to: folder) }
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
