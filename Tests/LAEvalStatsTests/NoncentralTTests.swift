import Foundation
import Testing
@testable import LAEvalStats

/// One row of Fixtures/power/noncentral_t.csv (R's pt with ncp) or noncentral_t_mpmath.csv
/// (mpmath quadrature of the mixture definition), both made by scripts in Validation/power.
struct NoncentralTReference: CustomStringConvertible {
    let df: Double
    let ncp: Double
    let q: Double
    let cdf: Double
    let sf: Double
    let rWarning: Bool

    var description: String { "pt(\(q), df = \(df), ncp = \(ncp))" }

    static func load(_ name: String) throws -> [NoncentralTReference] {
        let lines = try FixtureFiles.text("power/\(name)").split(whereSeparator: \.isNewline).dropFirst()
        return try lines.map { line in
            let fields = line.split(separator: ",").map(String.init)
            let numbers = fields.prefix(5).compactMap(Double.init)
            guard numbers.count == 5 else { throw CocoaError(.fileReadCorruptFile) }
            return NoncentralTReference(df: numbers[0], ncp: numbers[1], q: numbers[2], cdf: numbers[3], sf: numbers[4],
                                        rWarning: fields.count > 5 && fields[5] == "1")
        }
    }
}

@Suite("Noncentral t distribution")
struct NoncentralTTests {
    static func relativeError(_ computed: Double, _ reference: Double) -> Double {
        computed == reference ? 0 : abs(computed - reference) / abs(reference)
    }

    /// R's pnt sums AS 243 until its error bound is below 1e-12 and forms one tail as 1 minus
    /// the other, so its values are good to about 1e-12 in absolute terms only (1e-12 relative
    /// where the probability is not small). At df = 1e5 it is worse, about 2e-11, and even
    /// returns negative probabilities (pt(2, 1e5, 20) = −1.8e-11); there the bound is 5e-11.
    @Test func agreesWithRToItsAbsoluteAccuracy() throws {
        let rows = try NoncentralTReference.load("noncentral_t.csv")
        #expect(rows.count > 900)
        var worst = (error: 0.0, what: "")
        for row in rows {
            let distribution = NoncentralT(df: row.df, ncp: row.ncp)
            let bound = row.df > 1000 ? 5e-11 : 1e-12
            for (name, computed, reference) in [("cdf", distribution.cdf(row.q), row.cdf), ("sf", distribution.sf(row.q), row.sf)] {
                let error = abs(computed - reference)
                if error > worst.error && row.df <= 1000 { worst = (error, "\(row).\(name): R \(reference), laeval \(computed)") }
                #expect(error <= bound, "\(row) \(name): R \(reference), laeval \(computed)")
            }
        }
        print("noncentral t against R (df ≤ 1000): worst absolute error \(worst.error) at \(worst.what)")
    }

    /// Against 40-digit quadrature of the mixture definition: 1e-12 relative in both tails,
    /// however small.
    @Test func agreesWithHighPrecisionQuadratureInBothTails() throws {
        let rows = try NoncentralTReference.load("noncentral_t_mpmath.csv")
        #expect(rows.count > 900)
        var worst = (error: 0.0, what: "")
        for row in rows {
            let distribution = NoncentralT(df: row.df, ncp: row.ncp)
            for (name, computed, reference) in [("cdf", distribution.cdf(row.q), row.cdf), ("sf", distribution.sf(row.q), row.sf)] {
                let error = Self.relativeError(computed, reference)
                if error > worst.error { worst = (error, "\(row).\(name): mpmath \(reference), laeval \(computed)") }
                #expect(error <= 1e-12, "\(row) \(name): mpmath \(reference), laeval \(computed)")
            }
        }
        print("noncentral t against mpmath: worst relative error \(worst.error) at \(worst.what)")
    }

    @Test func zeroNoncentralityIsStudentT() {
        for df in [0.7, 3.0, 40.0] {
            for q in [-4.0, -0.3, 0, 1.2, 8] {
                let noncentral = NoncentralT(df: df, ncp: 0), central = StudentT(df: df)
                #expect(noncentral.cdf(q) == central.cdf(q) && noncentral.sf(q) == central.sf(q))
            }
        }
    }

    @Test func reflectionAndComplementHold() {
        for (df, ncp) in [(4.0, 2.5), (30.0, -1.2), (2.0, 12.0)] {
            for q in [-3.0, -0.5, 0.5, 2, 9] {
                let plus = NoncentralT(df: df, ncp: ncp), minus = NoncentralT(df: df, ncp: -ncp)
                #expect(abs(plus.cdf(q) - minus.sf(-q)) <= 1e-15)
                #expect(abs(plus.cdf(q) + plus.sf(q) - 1) <= 1e-14)
            }
        }
    }

    /// Far beyond R's switch to a normal approximation (ncp > 37.6, df > 4e5), the series still
    /// converges: the median of T is close to δ for large ν, and the tails stay complementary.
    @Test func largeNoncentralityAndDegreesOfFreedom() {
        let big = NoncentralT(df: 2e6, ncp: 300)
        #expect(abs(big.cdf(300) - 0.5) < 0.01)
        #expect(abs(big.cdf(300) + big.sf(300) - 1) < 1e-13)
        let wide = NoncentralT(df: 12, ncp: 60)
        #expect(wide.cdf(1) < 1e-300 || wide.cdf(1) == 0)
        #expect(abs(wide.sf(40) + wide.cdf(40) - 1) < 1e-13)
    }

    @Test func invalidParametersGiveNaN() {
        #expect(NoncentralT(df: 0, ncp: 1).cdf(1).isNaN)
        #expect(NoncentralT(df: 5, ncp: .infinity).sf(1).isNaN)
        #expect(NoncentralT(df: 5, ncp: 1).cdf(.nan).isNaN)
        #expect(NoncentralT(df: 5, ncp: 1).cdf(.infinity) == 1)
        #expect(NoncentralT(df: 5, ncp: 1).sf(-.infinity) == 1)
    }
}

@Suite("Root finding")
struct RootFinderTests {
    @Test func brentFindsKnownRootsToTheTolerance() throws {
        let dottie = try RootFinder.brent(lower: 0, upper: 1) { cos($0) - $0 }
        #expect(abs(dottie - 0.739_085_133_215_160_6) < 1e-12)
        let cubeRootOfTwo = try RootFinder.brent(lower: 0, upper: 3, tolerance: 0) { $0 * $0 * $0 - 2 }
        #expect(abs(cubeRootOfTwo - pow(2, 1.0 / 3)) <= 4e-16)
        #expect(throws: RootFinder.Failure.noSignChange(lower: 2, upper: 3)) { try RootFinder.brent(lower: 2, upper: 3) { $0 * $0 + 1 } }
    }

    @Test func monotoneRootBracketsFromAGuessWithoutVisitingTheFarEnd() throws {
        var largest = 0.0
        let root = try RootFinder.monotoneRoot(lower: 0, upper: 1e9, guess: 10, increasing: true) { x in
            largest = max(largest, x)
            return log(x) - log(1234.5)
        }
        #expect(abs(root - 1234.5) < 1e-9)
        #expect(largest < 1e5)
        let falling = try RootFinder.monotoneRoot(lower: -10, upper: 5, guess: 0, increasing: false) { -$0 - 3 }
        #expect(abs(falling + 3) < 1e-12)
        #expect(throws: RootFinder.Failure.self) { try RootFinder.monotoneRoot(lower: 0, upper: 1, guess: 0.5, increasing: true) { $0 + 1 } }
    }
}
