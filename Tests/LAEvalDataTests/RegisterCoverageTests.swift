import Foundation
import LAEvalCore
import Testing
@testable import LAEvalData

/// study.yaml `register_coverage`: what the support register covers, by programme.
@Suite struct RegisterCoverageTests {
    static let yaml = """
    name: "t"
    simulated: false
    seed: 1
    period:
      first_year: 2014
      last_year: 2025
    la_set:
      as_at: 2025-03-31
      boundaries: harmonised
      mapping: "m"
    plan:
      outcomes: []
      comparisons: []
      moderators: []
      economics:
        price_base: 2024
    register_coverage:
      "intervention": "commissioners and trusts only"
    """

    @Test func readAndWrittenBack() throws {
        let (description, problems) = StudyYAML.read(Self.yaml)
        #expect(problems.isEmpty)
        let read = try #require(description)
        #expect(read.registerCoverage == ["intervention": "commissioners and trusts only"])
        #expect(StudyYAML.read(StudyYAML.text(read)).description?.registerCoverage == read.registerCoverage)
    }

    @Test func aKeyThatIsNotAProgrammeIsAnError() {
        let text = Self.yaml.replacingOccurrences(of: "\"intervention\":", with: "\"advisers\":")
        let problems = StudyYAML.read(text).problems
        #expect(problems.map(\.message) == ["register_coverage: 'advisers' is not a programme: expected intervention, improvement, partnersInPractice"])
    }
}
