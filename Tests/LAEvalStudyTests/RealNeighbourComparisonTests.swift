import Foundation
import LAEvalCore
import Testing
@testable import LAEvalData
@testable import LAEvalStudy

/// laeval's statistical-neighbour method on real context (reporting year 2024, taken from DfE's
/// files by `context_from` at import), compared with DfE's published 2021 and 2025 groupings
/// (docs/real-data/neighbours.md). Skipped where `../shared/data/ees/` is absent.
@Suite struct RealNeighbourComparisonTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let ees = repository.appendingPathComponent("../shared/data/ees").standardizedFileURL.path
    static var available: Bool { FileManager.default.fileExists(atPath: ees) }

    static func importRealStudy() throws -> (Study, [InputProblem]) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("real-neighbours-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let files = [("c1", "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"), ("csww", "csww_indicators_2017_to_2025.csv"),
                     ("ons", "ons_mid-year_population_estimates_2012_to_2024.csv"), ("b1", "b1_children_in_need_2013_to_2025.csv"),
                     ("cla", "cla_number_and_rate_per_10k_children.csv"), ("d3", "d3_cpps_subsequent_plan_2013_to_2025.csv")]
        let docs = repository.appendingPathComponent("docs/real-data").path
        let report = try StudyImport.run(.init(studyYAML: docs + "/study.yaml", register: docs + "/support.csv",
                                               indicators: files.map { ($0.0, ees + "/" + $0.1) }), to: out)
        return (try StudyReader.read(folder: out).study, report.notPlaced)
    }

    static func published(_ name: String, in study: Study) throws -> [NeighbourResults.LASet] {
        NeighbourAnalysis.published(study, groupings: try PublishedNeighbourGroupings(path: ees + "/" + name, displayName: name)).sets
    }

    @Test(.enabled(if: available, "../shared/data/ees is absent"))
    func contextFromTheRealFilesAndItsGaps() throws {
        let (study, notPlaced) = try Self.importRealStudy()
        let hartlepool = try #require(study.localAuthorities.first { $0.newCode == "E06000001" })
        // ONS mid-2024 children aged 0-17 in Hartlepool, and the CLA rate DfE publishes.
        #expect(hartlepool.context["children"] == 21_090)
        #expect(hartlepool.context["cla_rate"] == 164)
        #expect(abs(hartlepool.context["children_log"]! - log(21_090)) < 1e-12)
        // Hampshire's 2024 children in need count is not in the file: left blank and reported.
        #expect(study.localAuthorities.first { $0.newCode == "E10000014" }?.context["cin_rate"] == nil)
        #expect(notPlaced.contains { $0.message == "context_from cin_rate: no value in b1 At31_episodes 2024 for 1 LAs (E10000014): left blank" })
    }

    @Test(.enabled(if: available, "../shared/data/ees is absent"))
    func computedNeighboursAgainstDfEsModels() throws {
        let (study, _) = try Self.importRealStudy()
        let variables = NeighbourAnalysis.variables(study.description.plan)
        let computed = try NeighbourAnalysis.computed(study, variables: variables, k: 10)
        let model2021 = try Self.published("New_Statistical_Neighbour_Groupings_April_2021.csv", in: study)
        let model2025 = try Self.published("sn_model_2025_wide.csv", in: study)
        let with2021 = try #require(NeighbourAnalysis.agreement(computed: computed.sets, published: model2021, file: "2021", k: 10))
        let with2025 = try #require(NeighbourAnalysis.agreement(computed: computed.sets, published: model2025, file: "2025", k: 10))
        let between = try #require(NeighbourAnalysis.agreement(computed: model2021, published: model2025, file: "2021 vs 2025", k: 10))
        // By chance, 10 of about 150 LAs: 10 × 10 / 149 ≈ 0.67 shared.
        let chance = 100.0 / 149
        #expect(with2021.meanShared > 2.5 * chance)
        #expect(with2025.meanShared > 2.5 * chance)
        #expect(between.meanShared > with2025.meanShared)
        // The figures quoted in docs/real-data/neighbours.md.
        #expect((with2021.las, with2025.las) == (147, 149))
        #expect(abs(with2021.meanShared - 1.88) < 0.005)
        #expect(abs(with2025.meanShared - 1.79) < 0.005)
        print("real neighbours: 2021 \(with2021.meanShared) \(with2021.sharedCounts); 2025 \(with2025.meanShared) \(with2025.sharedCounts); 2021 vs 2025 \(between.meanShared) on \(between.las) \(between.sharedCounts)")
    }
}
