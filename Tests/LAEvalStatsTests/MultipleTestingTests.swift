import Foundation
import Testing
@testable import LAEvalStats

/// Holm against R's p.adjust; Romano–Wolf against an independent R implementation on the same
/// bootstrap draws (Fixtures/multiplicity/README.md).
@Suite struct MultipleTestingTests {
    struct Fixture: Decodable {
        struct Holm: Decodable { var p: [Double?]; var adjusted: [Double?] }
        struct RomanoWolf: Decodable { var statistics: [Double]; var nullDraws: [[Double]]; var adjusted: [Double] }
        var holm: Holm
        var romanoWolf: RomanoWolf
    }

    static func fixture() throws -> Fixture {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Fixture.self, from: FixtureFiles.data("multiplicity/adjustments.json"))
    }

    @Test func holmMatchesRsPAdjust() throws {
        let f = try Self.fixture().holm
        let adjusted = MultipleTesting.holm(f.p.map { $0 ?? .nan })
        for (mine, reference) in zip(adjusted, f.adjusted) {
            if let reference { #expect(abs(mine - reference) < 1e-15) } else { #expect(mine.isNaN) }
        }
    }

    @Test func romanoWolfMatchesTheIndependentImplementation() throws {
        let f = try Self.fixture().romanoWolf
        #expect(MultipleTesting.romanoWolf(statistics: f.statistics, nullDraws: f.nullDraws) == f.adjusted)
    }

    @Test func oneHypothesisIsThePlainBootstrapPValue() {
        // With one hypothesis the step-down p-value is the plain bootstrap p-value.
        let draws = (0..<10).map { [Double($0)] }
        #expect(MultipleTesting.romanoWolf(statistics: [6.5], nullDraws: draws) == [0.3])
        #expect(MultipleTesting.holm([0.01, 0.02]) == [0.02, 0.02])
    }
}
