import Foundation
import Testing
@testable import LAEvalCLI

/// `laeval power simulate` and `laeval scope` as a user runs them.
@Suite(.serialized) struct ScopeAndSimulateCommandTests {
    /// A 40-unit, 6-period panel: units 0–9 first treated in period 4, the rest never.
    static func panelFile() throws -> String {
        var lines = ["la,year,y,first_treat"]
        for unit in 0..<40 {
            for year in 1...6 {
                // a deterministic wiggle per unit and year, no randomness needed
                let y = Double(unit % 7) + 0.3 * Double(year) + sin(Double(unit * 13 + year * 7))
                lines.append("u\(unit),\(year),\(y),\(unit < 10 ? 4 : 0)")
            }
        }
        let folder = CommandLineTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("panel.csv")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let columns = ["--unit", "la", "--time", "year", "--group", "first_treat", "--outcome", "y"]

    @Test func simulateGivesTheContractKeysAndAPowerCurve() throws {
        let path = try Self.panelFile()
        let (_, object) = try PowerCommandTests.json(["power", "simulate", "--data", path] + Self.columns + ["--replicates", "50", "--effects", "0,1,3"])
        #expect(["n", "power", "effect_size", "alpha"].allSatisfy { object[$0] != nil })
        #expect(object["n"] as? Int == 40 && object["n_treated"] as? Int == 10)
        let curve = try #require(object["curve"] as? [[String: Any]])
        let power = curve.compactMap { $0["power"] as? Double }
        #expect(power.count == 3 && power[0] < power[2])
    }

    @Test func badInputIsAOneLineError() throws {
        let path = try Self.panelFile()
        let few = try CommandLineTests.run(["power", "simulate", "--data", path] + Self.columns + ["--replicates", "5"])
        #expect(few.status != 0 && few.stderr.contains("Error: --replicates must be at least 10"))
        let effects = try CommandLineTests.run(["power", "simulate", "--data", path] + Self.columns + ["--effects", "0,big"])
        #expect(effects.status != 0 && effects.stderr.contains("Error: --effects: big is not a number: give effects as 0,0.5,1"))
        let column = try CommandLineTests.run(["power", "simulate", "--data", path, "--unit", "la", "--time", "year", "--group", "g", "--outcome", "y"])
        #expect(column.status != 0 && column.stderr.contains("Error: panel.csv: no column g in the data: the columns are first_treat, la, y, year"))
        let scope = try CommandLineTests.run(["scope", "/nonexistent-study", "--alpha", "0.9", "--power", "0.8"])
        #expect(scope.status != 0 && scope.stderr.contains("Error: --power must be above --alpha and below 1"))
    }
}
