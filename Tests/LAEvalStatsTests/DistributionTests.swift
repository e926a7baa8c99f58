import Foundation
import Testing
@testable import LAEvalStats

/// One row of Fixtures/distributions/grid.csv (see Validation/stats/distributions/make_fixtures.py).
struct DistributionReferenceRow: CustomStringConvertible, Sendable {
    let distribution: String
    let function: String
    let p1: Double
    let p2: Double?
    let x: Double
    let value: Double

    var description: String {
        "\(distribution)(\(p1)\(p2.map { ", \($0)" } ?? "")).\(function)(\(x))"
    }

    static func load() throws -> [DistributionReferenceRow] {
        let text = try FixtureFiles.text("distributions/grid.csv")
        var rows: [DistributionReferenceRow] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() where index > 0 {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6, let p1 = Double(fields[2]), let x = Double(fields[4]),
                let value = Double(fields[5])
            else { throw CocoaError(.fileReadCorruptFile) }
            rows.append(
                DistributionReferenceRow(
                    distribution: fields[0], function: fields[1], p1: p1,
                    p2: fields[3].isEmpty ? nil : Double(fields[3]), x: x, value: value))
        }
        return rows
    }

    var model: any UnivariateDistribution {
        switch distribution {
        case "normal": return Normal(mean: p1, sd: p2!)
        case "t": return StudentT(df: p1)
        case "chisq": return ChiSquared(df: p1)
        case "f": return FDistribution(d1: p1, d2: p2!)
        case "beta": return BetaDistribution(a: p1, b: p2!)
        case "gamma": return GammaDistribution(shape: p1, scale: p2!)
        case "binom": return Binomial(n: Int(p1), p: p2!)
        case "pois": return Poisson(lambda: p1)
        default: fatalError("unknown distribution \(distribution)")
        }
    }

    func computed() -> Double {
        let d = model
        switch function {
        case "pdf": return d.pdf(x)
        case "cdf": return d.cdf(x)
        case "sf": return d.sf(x)
        case "quantile": return d.quantile(x)
        case "isf": return d.upperQuantile(x)
        default: fatalError("unknown function \(function)")
        }
    }

    /// Relative error (absolute when the reference is 0).
    func error(of computed: Double) -> Double {
        if computed == value { return 0 }
        if value == 0 { return abs(computed) }
        return abs(computed - value) / abs(value)
    }

    /// The acceptance tolerance: 1e-12 relative, except where stated.
    var tolerance: Double {
        // Discrete quantiles are integers and must match exactly.
        if (distribution == "binom" || distribution == "pois")
            && (function == "quantile" || function == "isf")
        {
            return 0
        }
        return 1e-12
    }
}

@Suite("Distributions: reference grid")
struct DistributionGridTests {
    static let distributions = ["normal", "t", "chisq", "f", "beta", "gamma", "binom", "pois"]

    @Test("grid.csv has every distribution and function, far tails included")
    func gridCoverage() throws {
        let rows = try DistributionReferenceRow.load()
        #expect(rows.count > 1500 && rows.count < 3500)
        for name in Self.distributions {
            for function in ["pdf", "cdf", "sf", "quantile", "isf"] {
                #expect(rows.contains { $0.distribution == name && $0.function == function },
                        "\(name) \(function)")
            }
        }
        // p-values far below 1e-100 are present where R gives them (e.g. normal cdf(-37.5) ≈ 4.6e-308).
        let tiny = rows.filter { ($0.function == "cdf" || $0.function == "sf") && $0.value < 1e-290 }
        #expect(tiny.count >= 5)
    }

    @Test("matches the mpmath reference to 1e-12 relative", arguments: distributions)
    func matchesReference(distribution: String) throws {
        let rows = try DistributionReferenceRow.load().filter { $0.distribution == distribution }
        #expect(!rows.isEmpty)
        var worst: [String: (Double, String)] = [:]
        var failures: [String] = []
        for row in rows {
            let got = row.computed()
            let error = row.error(of: got)
            if error > (worst[row.function]?.0 ?? -1) || worst[row.function] == nil {
                worst[row.function] = (error, row.description)
            }
            if !(error <= row.tolerance) {
                failures.append("\(row) = \(got), reference \(row.value), relative error \(error)")
            }
        }
        for function in worst.keys.sorted() {
            let (error, at) = worst[function]!
            print("worst \(distribution) \(function): \(String(format: "%.2e", error)) at \(at)")
        }
        let summary = "\(failures.count) of \(rows.count) rows:\n" + failures.prefix(40).joined(separator: "\n")
        #expect(failures.isEmpty, Comment(rawValue: summary))
    }
}
