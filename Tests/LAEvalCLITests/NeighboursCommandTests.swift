import Foundation
import LAEvalData
import Testing

/// `laeval neighbours` on the demo study as a user runs it.
@Suite(.serialized) struct NeighboursCommandTests {
    static let study: String = {
        let folder = CommandLineTests.temporaryFolder() + "/study"
        for file in try! DemoStudy().files() {
            let path = folder + "/" + file.path
            try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try! file.text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return folder
    }()

    static let sharedSN = CommandLineTests.repositoryRoot.appendingPathComponent("../shared/data/ees/sn_model_2025_wide.csv").standardizedFileURL.path

    @Test func oneLAsNeighboursNearestFirst() throws {
        let output = try JudgementCommandsTests.runJSON(["neighbours", Self.study, "--la", "Doncaster", "--k", "5",
                                                          "--variables", "deprivation:2,rurality"])
        #expect(output["source"] as? String == "computed")
        let variables = try #require(output["variables"] as? [[String: Any]])
        #expect(variables.map { $0["name"] as! String } == ["deprivation", "rurality"])
        #expect(variables.map { $0["weight"] as! Double } == [2, 1])
        let sets = try #require(output["sets"] as? [[String: Any]])
        #expect(sets.count == 1 && sets[0]["la"] as? String == "E08000017")
        let neighbours = try #require(sets[0]["neighbours"] as? [[String: Any]])
        let distances = neighbours.map { $0["distance"] as! Double }
        #expect(neighbours.count == 5 && distances == distances.sorted())
        #expect(!neighbours.contains { $0["la"] as? String == "E08000017" })
    }

    @Test func badOptionsFailWithOneLine() throws {
        let run = try CommandLineTests.run(["neighbours", Self.study, "--variables", "wealth"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--variables: wealth is not a context column of local_authorities.csv: expected one of child_population, deprivation, rurality"))
        let unknown = try CommandLineTests.run(["neighbours", Self.study, "--la", "Atlantis"])
        #expect(unknown.stderr.contains("--la Atlantis: no such LA in"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedSN), "../shared/data/ees is absent"))
    func publishedGroupingsWithAgreement() throws {
        let output = try JudgementCommandsTests.runJSON(["neighbours", Self.study, "--la", "E06000001", "--published", Self.sharedSN])
        #expect(output["source"] as? String == "published")
        let neighbours = try #require((output["sets"] as? [[String: Any]])?.first?["neighbours"] as? [[String: Any]])
        #expect(neighbours.first?["name"] as? String == "Redcar and Cleveland")
        #expect(neighbours.first?["band"] as? String == "Very close")
        let agreement = try #require(output["agreement"] as? [String: Any])
        #expect(agreement["las"] as? Int == 153)
        #expect((agreement["shared_counts"] as? [Int])?.reduce(0, +) == 153)
    }
}
