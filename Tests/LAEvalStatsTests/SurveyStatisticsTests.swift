import Foundation
import Testing
@testable import LAEvalStats

/// Cronbach's alpha with Feldt's interval, the paired t test and Pearson's chi-square test against
/// R (psych::alpha on bfi, t.test(paired = TRUE) on sleep, chisq.test(correct = FALSE)), to 1e-9:
/// Fixtures/survey/reliability.json from Validation/survey/make_fixtures.R.
@Suite struct SurveyStatisticsTests {
    struct Fixture: Decodable {
        struct Alpha: Decodable {
            var name: String; var items: [String]; var level: Double; var data: [[Double?]]
            var n: Int; var alpha: Double; var ciLower: Double; var ciUpper: Double
        }
        struct Paired: Decodable {
            var name: String; var after: [Double]; var before: [Double]; var level: Double
            var meanDifference: Double; var t: Double; var df: Double; var p: Double; var ciLower: Double; var ciUpper: Double; var se: Double
        }
        struct ChiSquare: Decodable {
            var name: String; var table: [[Int]]; var statistic: Double; var df: Double; var p: Double; var minimumExpected: Double
        }
        var alpha: [Alpha]
        var paired: [Paired]
        var chisq: [ChiSquare]
    }

    static let fixture: Fixture = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try! decoder.decode(Fixture.self, from: FixtureFiles.data("survey/reliability.json"))
    }()

    static let tolerance = 1e-9

    @Test(arguments: fixture.alpha.map(\.name))
    func cronbachAlphaAndFeldtIntervalMatchPsych(_ name: String) throws {
        let case_ = try #require(Self.fixture.alpha.first { $0.name == name })
        let rows = case_.data.map { $0.map { $0 ?? .nan } }
        let result = try #require(CronbachAlpha.estimate(rows, level: case_.level))
        #expect(result.n == case_.n && result.items == case_.items.count)
        #expect(abs(result.alpha - case_.alpha) < Self.tolerance, "\(result.alpha) vs \(case_.alpha)")
        #expect(abs(result.ciLower - case_.ciLower) < Self.tolerance, "\(result.ciLower) vs \(case_.ciLower)")
        #expect(abs(result.ciUpper - case_.ciUpper) < Self.tolerance, "\(result.ciUpper) vs \(case_.ciUpper)")
    }

    @Test(arguments: fixture.paired.map(\.name))
    func pairedTTestMatchesR(_ name: String) throws {
        let case_ = try #require(Self.fixture.paired.first { $0.name == name })
        let result = try #require(PairedTTest.test(after: case_.after, before: case_.before, level: case_.level))
        #expect(Double(result.df) == case_.df)
        for (mine, reference) in [(result.meanDifference, case_.meanDifference), (result.t, case_.t), (result.p, case_.p),
                                  (result.ciLower, case_.ciLower), (result.ciUpper, case_.ciUpper), (result.se, case_.se)] {
            #expect(abs(mine - reference) < Self.tolerance, "\(mine) vs \(reference)")
        }
    }

    @Test(arguments: fixture.chisq.map(\.name))
    func pearsonChiSquareMatchesR(_ name: String) throws {
        let case_ = try #require(Self.fixture.chisq.first { $0.name == name })
        let result = try #require(PearsonChiSquare.test(case_.table))
        #expect(Double(result.df) == case_.df)
        #expect(abs(result.statistic - case_.statistic) < Self.tolerance)
        #expect(abs(result.p - case_.p) < Self.tolerance)
        #expect(abs(result.minimumExpected - case_.minimumExpected) < Self.tolerance)
        // a row and a column with no counts change nothing
        let padded = case_.table.map { $0 + [0] } + [Array(repeating: 0, count: case_.table[0].count + 1)]
        #expect(PearsonChiSquare.test(padded) == result)
    }

    @Test func degenerateInputsGiveNoResult() {
        #expect(CronbachAlpha.estimate([[1, 2], [3, 4]]) == nil)                  // two complete rows
        #expect(CronbachAlpha.estimate([[1], [2], [3]]) == nil)                   // one item
        #expect(CronbachAlpha.estimate([[2, 2], [2, 2], [2, 2]]) == nil)          // no variance
        #expect(CronbachAlpha.estimate([[1, 2], [2, .nan], [3, 3], [4, 5]])?.n == 3)
        #expect(PairedTTest.test(differences: [0.5]) == nil)
        #expect(PairedTTest.test(differences: [0.5, 0.5, 0.5]) == nil)
        #expect(PearsonChiSquare.test([[3, 4], [0, 0]]) == nil)
    }
}
