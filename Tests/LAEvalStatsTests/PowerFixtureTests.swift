import Foundation
import Testing
@testable import LAEvalStats

/// One case of Fixtures/power/pwr_cases.json (Validation/power/make_fixtures.R): a pwr call
/// with every quantity filled in, `solve` naming the one pwr solved for (to 1e-12 by uniroot on
/// pwr's own power function; `pwrDefault` is what pwr returns at its default tolerance).
struct PwrCase: Decodable, CustomStringConvertible {
    let test: String
    let type: String?
    let alternative: String
    let solve: String
    let n: Double?
    let n1: Double?
    let n2: Double?
    let effect: Double
    let power: Double
    let sigLevel: Double
    let pwrDefault: Double?

    var description: String {
        "pwr \(test) \(type ?? "") \(alternative) solving \(solve) (n \(n ?? .nan), n1 \(n1 ?? .nan), n2 \(n2 ?? .nan), effect \(effect), power \(power), alpha \(sigLevel))"
    }

    var laevalAlternative: Alternative {
        switch alternative {
        case "two.sided": .twoSided
        case "less": .less
        default: .greater
        }
    }

    /// The known quantities, with the solved one left nil (pwr's argument names).
    func known(_ name: String, _ value: Double?) -> Double? { solve == name ? nil : value }

    /// laeval's answer to the same question.
    func laeval() throws -> PowerResult {
        switch test {
        case "t":
            let kind: TTestPower.TestType = type == "two.sample" ? .twoSample : type == "one.sample" ? .oneSample : .paired
            return try TTestPower(type: kind, alternative: laevalAlternative)
                .solve(n: known("n", n), d: known("d", effect), power: known("power", power), alpha: known("sig.level", sigLevel))
        case "t2n":
            return try TwoSampleUnequalTTestPower(alternative: laevalAlternative)
                .solve(n1: known("n1", n1), n2: known("n2", n2), d: known("d", effect), power: known("power", power),
                       alpha: known("sig.level", sigLevel))
        case "2p":
            return try ProportionsPower(alternative: laevalAlternative)
                .solve(h: known("h", effect), n: known("n", n), power: known("power", power), alpha: known("sig.level", sigLevel))
        default:
            return try ProportionsPower(alternative: laevalAlternative)
                .solve(h: known("h", effect), n1: known("n1", n1), n2: known("n2", n2), power: known("power", power),
                       alpha: known("sig.level", sigLevel))
        }
    }
}

struct PwrFixture: Decodable {
    struct CohenH: Decodable { let p1: Double; let p2: Double; let h: Double }
    let rVersion: String
    let pwrVersion: String
    let cases: [PwrCase]
    let cohenH: [CohenH]

    static func load() throws -> PwrFixture {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(PwrFixture.self, from: FixtureFiles.data("power/pwr_cases.json"))
    }
}

@Suite("Power: agreement with R's pwr")
struct PowerFixtureTests {
    /// Absolute on power, effect size and alpha; relative on sample sizes.
    static func close(_ computed: Double?, _ reference: Double?, relative: Bool) -> Bool {
        guard let computed, let reference else { return computed == nil && reference == nil }
        let error = abs(computed - reference) / (relative ? abs(reference) : 1)
        return error <= 1e-6
    }

    @Test func fixtureCoversEveryFunctionAndUnknown() throws {
        let fixture = try PwrFixture.load()
        #expect(fixture.cases.count >= 40)
        let kinds = Set(fixture.cases.map { "\($0.test):\($0.solve)" })
        for kind in ["t:power", "t:n", "t:d", "t:sig.level", "t2n:power", "t2n:n1", "t2n:n2", "t2n:d", "t2n:sig.level",
                     "2p:power", "2p:n", "2p:h", "2p:sig.level", "2p2n:power", "2p2n:n1", "2p2n:n2", "2p2n:h", "2p2n:sig.level"] {
            #expect(kinds.contains(kind), "no case \(kind)")
        }
    }

    @Test func everyCaseAgreesWithPwr() throws {
        for item in try PwrFixture.load().cases {
            let result = try item.laeval()
            #expect(Self.close(result.power, item.power, relative: false), "\(item): power \(result.power)")
            #expect(Self.close(result.effectSize, item.effect, relative: false), "\(item): effect \(result.effectSize)")
            #expect(Self.close(result.alpha, item.sigLevel, relative: false), "\(item): alpha \(result.alpha)")
            #expect(Self.close(result.n, item.n ?? item.n1, relative: true), "\(item): n \(result.n)")
            #expect(Self.close(result.n2, item.n1 == nil ? nil : item.n2, relative: true), "\(item): n2 \(String(describing: result.n2))")
        }
    }

    /// The solved quantities agree far more closely than 1e-6; the default uniroot tolerance of
    /// pwr leaves errors near 1e-5 that would fail the tolerance above.
    @Test func solvedValuesMatchTheTightRootAndPwrDefaultsDoNot() throws {
        var worstLaeval = 0.0, worstDefault = 0.0
        for item in try PwrFixture.load().cases where item.solve != "power" {
            let result = try item.laeval()
            let (computed, reference): (Double, Double) = switch item.solve {
            case "n", "n1": (result.n, item.n ?? item.n1!)
            case "n2": (result.n2!, item.n2!)
            case "sig.level": (result.alpha, item.sigLevel)
            default: (result.effectSize, item.effect)
            }
            worstLaeval = max(worstLaeval, abs(computed - reference) / max(1, abs(reference)))
            if let pwr = item.pwrDefault { worstDefault = max(worstDefault, abs(pwr - reference) / max(1, abs(reference))) }
        }
        #expect(worstLaeval < 1e-9, "worst laeval error \(worstLaeval)")
        #expect(worstDefault > 1e-6, "pwr's default tolerance error \(worstDefault)")
    }

    @Test func cohenHMatchesESh() throws {
        for row in try PwrFixture.load().cohenH {
            let h = ProportionsPower.cohenH(p1: row.p1, p2: row.p2)
            #expect(abs(h - row.h) <= 1e-15 * max(1, abs(row.h)), "ES.h(\(row.p1), \(row.p2)) = \(row.h), laeval \(h)")
        }
    }

    @Test func nCeilingRoundsUpTheUnroundedSize() throws {
        let result = try TTestPower().solve(d: 0.5, power: 0.8)
        #expect(result.n > 63 && result.n < 64)
        #expect(result.nCeiling == 64)
        #expect(PowerResult(n: 100 + 1e-10, power: 0.8, effectSize: 1, alpha: 0.05).nCeiling == 100)
        #expect(PowerResult(n: 100.001, power: 0.8, effectSize: 1, alpha: 0.05).nCeiling == 101)
    }

    @Test func aDesignEffectInflatesTheSampleSizeByItsValue() throws {
        let plain = try TTestPower().solve(d: 0.4, power: 0.8)
        let effect = try DesignEffect(clusterSize: 21, icc: 0.05)
        #expect(abs(effect.value - 2) < 1e-15)
        #expect(effect.effectiveSampleSize(50) == 25)
        let clustered = try TTestPower(designEffect: effect).solve(d: 0.4, power: 0.8)
        #expect(abs(clustered.n - 2 * plain.n) <= 1e-9 * plain.n)
        let power = TTestPower(designEffect: effect).power(n: 2 * plain.n, d: 0.4)
        #expect(abs(power - 0.8) < 1e-9)
    }

    @Test func badInputThrowsWithAClearMessage() throws {
        let t = TTestPower()
        func message(_ body: () throws -> PowerResult) -> String {
            do {
                _ = try body()
                return "no error"
            } catch let error as PowerError {
                return error.description
            } catch {
                return "\(error)"
            }
        }
        #expect(message { try t.solve(n: nil, d: nil, power: 0.8) }
            == "exactly one of n, d, power and alpha must be left unknown to be solved for, but 2 are")
        #expect(message { try t.solve(n: 20, d: 0.5, power: 0.8) }
            == "exactly one of n, d, power and alpha must be left unknown to be solved for, but 0 are")
        #expect(message { try t.solve(d: 0.5, power: 0.04) }
            == "power 0.04 is not above the significance level 0.05, which a test has with no effect at all")
        #expect(message { try t.solve(d: 0.5, power: 1.2) } == "power must be between 0 and 1 (exclusive), not 1.2")
        #expect(message { try t.solve(n: 20, d: 0.5, alpha: 0) } == "alpha must be between 0 and 1 (exclusive), not 0")
        #expect(message { try t.solve(n: 1.5, d: 0.5) } == "n must be a finite number of at least 2, not 1.5")
        #expect(message { try TTestPower(alternative: .greater).solve(d: -0.5, power: 0.8) }
            == "no n between 2 and 1e+09 gives the requested power")
        #expect(message { try t.solve(d: 0.0001, power: 0.99) } == "no n between 2 and 1e+09 gives the requested power")
        #expect(message { try TwoSampleUnequalTTestPower().solve(n1: 10, power: 0.8) }
            == "exactly one of n1, n2, d, power and alpha must be left unknown to be solved for, but 2 are")
        #expect(message { try TwoSampleUnequalTTestPower().solve(n1: 10, d: 0.5, power: 0.99) }
            == "no n2 between 2 and 1e+09 gives the requested power")
        #expect(message { try ProportionsPower().solve(h: 0.3, n: 0.5) } == "n must be a finite number of at least 1, not 0.5")
        #expect(throws: PowerError.outOfRange(name: "the intraclass correlation", value: 1.5, requirement: "between 0 and 1")) {
            try DesignEffect(clusterSize: 10, icc: 1.5)
        }
    }
}
