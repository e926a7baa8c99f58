import Foundation
import Testing

/// `laeval estimate synth` as a user runs it: the JSON contract of design.md §8, the spec and the
/// lagged-outcome forms, and errors naming the spec's line and column.
@Suite(.serialized) struct SynthCommandTests {
    /// A small panel: T is exactly 0.3·A + 0.7·B before 2005 and 1 above it from 2005.
    static func writePanel() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("laeval-synth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var lines = ["unit,year,y,x"]
        for year in 2000...2007 {
            let t = Double(year - 2000)
            let a = 1 + t, b = 3 - 0.2 * t, c = 2 + t * t / 16, d = 5 - 0.1 * t * t
            let treated = 0.3 * a + 0.7 * b + (year >= 2005 ? 1 : 0)
            let x = [0.3 * 2 + 0.7 * 4, 2, 4, 7, 1]
            for (index, (name, value)) in [("T", treated), ("A", a), ("B", b), ("C", c), ("D", d)].enumerated() {
                lines.append("\(name),\(year),\(value),\(x[index])")
            }
        }
        try lines.joined(separator: "\n").write(to: folder.appendingPathComponent("panel.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func specJsonHasTheContractKeys() throws {
        let folder = try Self.writePanel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = """
        data: panel.csv
        unit: unit
        time: year
        outcome: y
        treated: T
        predictors:
          - {variable: x, periods: 2000-2004, op: mean}
          - {variable: y, periods: [2000, 2002, 2004]}
        fit_periods: 2000-2004
        start: 2005
        placebo: true
        """
        let path = folder.appendingPathComponent("spec.yaml").path
        try spec.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(["estimate", "synth", "--spec", path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for key in ["weights", "predictor_weights", "pre_rmspe", "gaps", "placebo", "p_value"] { #expect(object[key] != nil, "missing \(key)") }
        let weights = try #require(object["weights"] as? [[String: Any]])
        #expect(weights.map { $0["unit"] as? String } == ["A", "B", "C", "D"])
        #expect(abs((weights[0]["weight"] as? Double ?? 0) - 0.3) < 1e-6)
        #expect(abs((weights[1]["weight"] as? Double ?? 0) - 0.7) < 1e-6)
        let gaps = try #require(object["gaps"] as? [[String: Any]])
        #expect(gaps.count == 8)
        #expect(abs((gaps[7]["gap"] as? Double ?? 0) - 1) < 1e-6)
        let placebo = try #require(object["placebo"] as? [[String: Any]])
        #expect(placebo.count == 4)
        for key in ["unit", "pre_rmspe", "post_rmspe", "post_pre_ratio"] { #expect(placebo[0][key] != nil, "missing \(key)") }
        #expect((object["p_value"] as? Double ?? 0) > 0)
    }

    @Test func laggedOutcomesFromTheOptions() throws {
        let folder = try Self.writePanel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CommandLineTests.run(["estimate", "synth", "--data", folder.appendingPathComponent("panel.csv").path,
                                            "--unit", "unit", "--time", "year", "--outcome", "y", "--treated", "T",
                                            "--start", "2005", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let predictors = try #require(object["predictor_weights"] as? [[String: Any]])
        #expect(predictors.count == 5)
        #expect(object["p_value"] is NSNull)
        #expect((object["pre_rmspe"] as? Double ?? 1) < 1e-6)
    }

    @Test func anUnknownSpecKeyNamesItsLineAndColumn() throws {
        let folder = try Self.writePanel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bad.yaml").path
        try "data: panel.csv\nunit: unit\ntime: year\noutcome: y\ntreated: T\n\npredictor: []\nstart: 2005\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(["estimate", "synth", "--spec", path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("bad.yaml:7:1: unknown key 'predictor'"), "\(run.stderr)")
    }

    @Test func anUnknownTreatedUnitIsAOneLineError() throws {
        let folder = try Self.writePanel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CommandLineTests.run(["estimate", "synth", "--data", folder.appendingPathComponent("panel.csv").path,
                                            "--unit", "unit", "--time", "year", "--outcome", "y", "--treated", "Z", "--start", "2005"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("panel.csv: the treated unit Z is not in column unit"), "\(run.stderr)")
    }
}
