import Foundation

/// Summaries of one output over Monte Carlo draws.
public struct DrawSummary: Sendable, Codable, Hashable {
    public var output: String
    public var mean: Double
    public var sd: Double
    /// The 2.5% and 97.5% percentiles (type 7, R's default): a 95% uncertainty interval.
    public var lower: Double
    public var upper: Double
    /// The share of draws above zero (e.g. the probability that NPV > 0).
    public var probabilityPositive: Double

    /// Summaries of `values` (at least one).
    public init(output: String, values: [Double]) {
        self.output = output
        mean = SampleStatistics.mean(values)
        sd = values.count > 1 ? SampleStatistics.standardDeviation(values) : 0
        lower = Bootstrap.quantile(values, 0.025)
        upper = Bootstrap.quantile(values, 0.975)
        probabilityPositive = Double(values.filter { $0 > 0 }.count) / Double(values.count)
    }
}

/// The probability that something holds at a threshold (e.g. cost-effective at λ).
public struct ThresholdProbability: Sendable, Codable, Hashable {
    public var threshold: Double
    public var probability: Double
}

/// The draws and summaries of a probabilistic sensitivity analysis.
public struct PSAResult: Sendable, Codable, Hashable {
    public var draws: Int
    public var seed: UInt64
    /// Each uncertain parameter's value in each draw.
    public var parameters: [String: [Double]]
    /// Each model output's value in each draw.
    public var outputs: [String: [Double]]
    /// One summary per output, sorted by output name.
    public var summaries: [DrawSummary]

    /// The share of draws with λ·ΔE − ΔC > 0 at each threshold, ΔC and ΔE being two of the
    /// model's outputs (the two-option CEAC; Briggs, Claxton & Sculpher 2006, ch. 5).
    public func probabilityCostEffective(deltaCost: String, deltaEffect: String, thresholds: [Double]) throws -> [ThresholdProbability] {
        guard let costs = outputs[deltaCost] else { throw EconomicsError.unknownParameter(deltaCost) }
        guard let effects = outputs[deltaEffect] else { throw EconomicsError.unknownParameter(deltaEffect) }
        let increments = IncrementReplicates(group: deltaEffect, reference: deltaCost, deltaCosts: costs, deltaEffects: effects)
        return zip(thresholds, increments.probabilityCostEffective(thresholds: thresholds)).map {
            ThresholdProbability(threshold: $0, probability: $1)
        }
    }
}

/// Probabilistic sensitivity analysis by Monte Carlo simulation (Briggs, Claxton & Sculpher
/// 2006, ch. 4; HM Treasury Green Book 2022, ch. 5): each draw sets
/// every uncertain parameter to a value from its distribution (the others at their base
/// values), runs the model, and keeps its outputs.
///
/// Draw d uses `SeededGenerator(seed:stream: d)` and draws the parameters in the order given,
/// so the draws are the same whatever the number of threads.
public enum ProbabilisticSensitivity {
    /// A model: parameter values by name in, named outputs out.
    public typealias Model = @Sendable ([String: Double]) -> [String: Double]

    public static func run(base: [String: Double] = [:], parameters: [UncertainParameter], draws: Int = 10_000,
                           seed: UInt64, threads: Int? = nil, model: Model) throws -> PSAResult {
        guard draws >= 1 else { throw EconomicsError.nonPositiveCount("the number of draws", draws) }
        for parameter in parameters { try parameter.distribution.validate(parameter: parameter.name) }
        let results = parallelMap(draws, threads: threads) { d -> ([Double], [String: Double]) in
            var generator = SeededGenerator(seed: seed, stream: UInt64(d))
            var values = base
            let drawn = parameters.map { $0.distribution.draw(using: &generator) }
            for (parameter, value) in zip(parameters, drawn) { values[parameter.name] = value }
            return (drawn, model(values))
        }
        var parameterDraws: [String: [Double]] = [:]
        for (index, parameter) in parameters.enumerated() { parameterDraws[parameter.name] = results.map { $0.0[index] } }
        let names = Set(results.flatMap { $0.1.keys }).sorted()
        var outputs: [String: [Double]] = [:]
        for name in names { outputs[name] = results.map { $0.1[name] ?? .nan } }
        return PSAResult(draws: draws, seed: seed, parameters: parameterDraws, outputs: outputs,
                         summaries: names.map { DrawSummary(output: $0, values: outputs[$0]!) })
    }

    /// A single-output model, its output named `output`.
    public static func run(base: [String: Double] = [:], parameters: [UncertainParameter], draws: Int = 10_000,
                           seed: UInt64, threads: Int? = nil, output: String = "output",
                           model: @escaping @Sendable ([String: Double]) -> Double) throws -> PSAResult {
        try run(base: base, parameters: parameters, draws: draws, seed: seed, threads: threads) { [output: model($0)] }
    }
}
