import Foundation
import Testing

/// `laeval vfm`: bad input is a one-line error (the stage itself is tested in LAEvalStudyTests
/// and, through `laeval run`, in RunCommandTests).
@Suite struct ValueForMoneyCommandTests {
    @Test func badInputIsAOneLineError() throws {
        let draws = try CommandLineTests.run(["vfm", "/nonexistent-study", "--psa-draws", "0"])
        #expect(draws.status != 0 && draws.stderr.contains("Error: --psa-draws must be at least 1, e.g. 10000"))
        let missing = try CommandLineTests.run(["vfm", "/nonexistent-study"])
        // every problem of the folder is listed, then one error line; nothing is written
        #expect(missing.status != 0 && missing.stderr.contains("study.yaml:0:0: cannot read the file: expected study.yaml in /nonexistent-study"))
        #expect(missing.stderr.contains("Error: /nonexistent-study has"))
        #expect(!FileManager.default.fileExists(atPath: "laeval-vfm/vfm.json"))
    }

    @Test func helpNamesTheOutputs() throws {
        let help = try CommandLineTests.run(["vfm", "--help"])
        #expect(help.stdout.contains("vfm.json") && help.stdout.contains("--psa-draws"))
    }
}
