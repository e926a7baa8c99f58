import Foundation
import LAEvalStats

/// Power of the Callaway–Sant'Anna estimator by simulation on a real panel (Burlig, Preonas &
/// Woerman 2020, §4: simulate on the study's own data, so the noise, its serial correlation and
/// the treatment timing are the real ones rather than assumed).
///
/// Each replicate builds a panel, plants an effect δ in every treated LA-year (t ≥ g), runs the
/// estimator and rejects "no effect" when |ATT/SE| > z₁₋α/₂ for the simple aggregate ATT with its
/// analytic (influence-function) SE. Power at δ is the share of replicates rejecting. Replicates
/// use common random numbers across effect sizes, so the power curve is estimated with less noise.
///
/// Two designs of the replicate panel:
/// - `.realTimings`: the real cohorts (which LAs start when). Each LA's outcome is its own level
///   plus the year effects plus the whole residual series of a comparison LA drawn with
///   replacement: Y*ᵢₜ = αᵢ + λₜ + e_{j(i)t} + δ·1[t ≥ gᵢ], where λₜ and e are the two-way
///   decomposition of the never-treated LAs' outcomes and αᵢ is LA i's mean of Yᵢₜ − λₜ before its
///   support. Keeping whole series keeps the serial correlation.
/// - `.placeboTimings`: the real outcomes of never-treated LAs, with the real cohort sizes given
///   to LAs drawn at random (scaled down if they would exceed half of those LAs): Y*ᵢₜ = Yᵢₜ +
///   δ·1[t ≥ gᵢ]. Under δ = 0 the rejection rate is the test's real size on these data.
public struct PanelPowerSimulation: Sendable {
    public enum Design: String, Sendable, Codable, CaseIterable {
        case realTimings, placeboTimings
    }

    public struct Options: Sendable {
        public var design: Design = .realTimings
        public var replicates = 200
        public var alpha = 0.05
        public var targetPower = 0.8
        public var seed: UInt64 = 1
        public var estimator = CallawaySantAnna.Options()
        public var threads: Int?

        public init(design: Design = .realTimings, replicates: Int = 200, alpha: Double = 0.05, targetPower: Double = 0.8,
                    seed: UInt64 = 1, estimator: CallawaySantAnna.Options = .init(), threads: Int? = nil) {
            self.design = design
            self.replicates = replicates
            self.alpha = alpha
            self.targetPower = targetPower
            self.seed = seed
            self.estimator = estimator
            self.threads = threads
        }
    }

    /// Power at one planted effect.
    public struct Point: Sendable, Codable, Equatable {
        public var effect: Double
        public var power: Double
        /// Monte Carlo standard error of the power: √(p(1−p)/R).
        public var monteCarloSE: Double
        public var meanEstimate: Double
        public var meanSE: Double
        /// Replicates whose estimate could be computed.
        public var replicates: Int

        /// SE spelled so that results.json's snake_case keys read back.
        enum CodingKeys: String, CodingKey {
            case effect, power, meanEstimate, replicates
            case monteCarloSE = "monteCarloSe", meanSE = "meanSe"
        }
    }

    public struct Result: Sendable, Codable, Equatable {
        public var design: Design
        public var curve: [Point]
        /// The smallest effect from which the simulated power stays at or above the target (found
        /// exactly from the replicates, not from the grid); nil when it never reaches it.
        public var minimumDetectableEffect: Double?
        public var treatedUnits: Int
        public var units: Int
        /// Residual standard deviation of the comparison LAs' outcomes after LA and year effects.
        public var residualSD: Double

        enum CodingKeys: String, CodingKey {
            case design, curve, minimumDetectableEffect, treatedUnits, units
            case residualSD = "residualSd"
        }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case tooFewComparisonUnits(Int)
        case noTreatedUnits
        case noUsableReplicates

        public var description: String {
            switch self {
            case .tooFewComparisonUnits(let n): "simulation power needs at least 4 never-treated units with a complete series; the panel has \(n)"
            case .noTreatedUnits: "simulation power needs at least one treated unit with a period before its treatment"
            case .noUsableReplicates: "the estimator failed on every simulated panel"
            }
        }
    }

    public let periods: [Int]
    /// Units × periods, complete series only.
    public let outcome: [[Double]]
    /// First treated period of each unit, 0 for never treated.
    public let cohorts: [Int]

    /// Units with a missing value in any period are left out (as the balanced-panel estimator does).
    public init(periods: [Int], outcome: [[Double]], cohorts: [Int]) {
        let complete = outcome.indices.filter { !outcome[$0].contains(where: \.isNaN) }
        self.periods = periods
        self.outcome = complete.map { outcome[$0] }
        self.cohorts = complete.map { cohorts[$0] }
    }

    /// Units never treated.
    public var controls: [Int] { cohorts.indices.filter { cohorts[$0] == 0 } }
    /// Treated units with at least one period before their treatment.
    public var treated: [Int] { cohorts.indices.filter { cohorts[$0] > 0 && cohorts[$0] > periods[0] } }

    /// Power at each effect in `effects` (outcome units), and the minimum detectable effect.
    ///
    /// The estimator is run once per replicate. Callaway–Sant'Anna's ATT(g,t) and its aggregates
    /// are equivariant to an effect planted in every treated unit-period: adding δ to the treated
    /// LAs' outcomes from g on adds δ to each post-treatment ATT(g,t) (whose comparison units are
    /// not yet treated), hence to the simple ATT whose weights sum to one, and leaves every
    /// influence function, hence the SE, unchanged (the propensity score does not involve the
    /// outcome). So the replicate at δ is (ATT₀ + δ, SE₀) exactly; `plantedEstimate` plants δ and
    /// refits, and a test checks the two agree.
    public func run(effects: [Double], options: Options = .init(), progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> Result {
        let noise = try TwoWayResiduals(outcome: outcome, controls: controls, cohorts: cohorts, periods: periods)
        let draws = try replicates(noise: noise, options: options, progress: progress)
        guard !draws.isEmpty else { throw Failure.noUsableReplicates }
        let critical = Normal.standardQuantile(1 - options.alpha / 2)
        let curve = effects.map { effect -> Point in
            let power = Self.power(draws, effect: effect, critical: critical)
            return Point(effect: effect, power: power, monteCarloSE: (power * (1 - power) / Double(draws.count)).squareRoot(),
                         meanEstimate: SampleStatistics.mean(draws.map { $0.att + effect }), meanSE: SampleStatistics.mean(draws.map(\.se)),
                         replicates: draws.count)
        }
        let treatedCount = options.design == .realTimings ? treated.count
            : Self.placeboSizes(cohorts: treated.map { cohorts[$0] }, pool: controls.count).values.reduce(0, +)
        return Result(design: options.design, curve: curve,
                      minimumDetectableEffect: Self.minimumDetectableEffect(draws, critical: critical, target: options.targetPower),
                      treatedUnits: treatedCount, units: options.design == .realTimings ? cohorts.count : controls.count,
                      residualSD: noise.residualSD)
    }

    /// (ATT, SE) of the simple aggregate at zero planted effect, one per replicate that the
    /// estimator could fit, in replicate order.
    public func replicates(options: Options, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [(att: Double, se: Double)] {
        try replicates(noise: TwoWayResiduals(outcome: outcome, controls: controls, cohorts: cohorts, periods: periods), options: options, progress: progress)
    }

    func replicates(noise: TwoWayResiduals, options: Options, progress: (@Sendable (Int, Int) -> Void)?) throws -> [(att: Double, se: Double)] {
        guard !treated.isEmpty else { throw Failure.noTreatedUnits }
        let counter = ProgressCounter(total: options.replicates, report: progress)
        let draws: [(att: Double, se: Double)?] = parallelMap(options.replicates, threads: options.threads) { replicate in
            var random = SeededGenerator(seed: options.seed, stream: UInt64(replicate))
            let (base, groups) = replicatePanel(noise: noise, design: options.design, random: &random)
            let fit = estimate(base: base, groups: groups, effect: 0, options: options.estimator)
            counter.step()
            return fit
        }
        return draws.compactMap { $0 }
    }

    /// Replicate `replicate`'s estimate with `effect` planted and the estimator refitted.
    public func plantedEstimate(replicate: Int, effect: Double, options: Options) throws -> (att: Double, se: Double)? {
        let noise = try TwoWayResiduals(outcome: outcome, controls: controls, cohorts: cohorts, periods: periods)
        var random = SeededGenerator(seed: options.seed, stream: UInt64(replicate))
        let (base, groups) = replicatePanel(noise: noise, design: options.design, random: &random)
        return estimate(base: base, groups: groups, effect: effect, options: options.estimator)
    }

    /// Share of replicates with |ATT₀ + δ| / SE > z.
    static func power(_ draws: [(att: Double, se: Double)], effect: Double, critical: Double) -> Double {
        Double(draws.filter { abs($0.att + effect) > critical * $0.se }.count) / Double(draws.count)
    }

    /// The smallest δ ≥ 0 from which the simulated power stays at or above `target`: the power
    /// is a step function of δ that changes only where |ATT₀ + δ| = z·SE for some replicate, so
    /// those points are checked in order (nil when power never reaches the target).
    static func minimumDetectableEffect(_ draws: [(att: Double, se: Double)], critical: Double, target: Double) -> Double? {
        let steps = draws.flatMap { [critical * $0.se - $0.att, -critical * $0.se - $0.att] }.filter { $0 >= 0 }.sorted()
        var answer: Double?
        for delta in ([0] + steps).reversed() {
            let probe = delta + 1e-12 * max(1, abs(delta))
            if power(draws, effect: probe, critical: critical) >= target { answer = delta } else if answer != nil { break }
        }
        return answer
    }

    /// The simulated panel without the effect, and each unit's cohort.
    func replicatePanel(noise: TwoWayResiduals, design: Design, random: inout SeededGenerator) -> (outcome: [[Double]], groups: [Int]) {
        switch design {
        case .realTimings:
            let panel = cohorts.indices.map { unit -> [Double] in
                let residual = noise.residuals[random.integer(in: 0...(noise.residuals.count - 1))]
                return periods.indices.map { noise.levels[unit] + noise.yearEffect[$0] + residual[$0] }
            }
            return (panel, cohorts)
        case .placeboTimings:
            let pool = random.shuffled(controls)
            let sizes = Self.placeboSizes(cohorts: treated.map { cohorts[$0] }, pool: pool.count)
            var groups = [Int](repeating: 0, count: pool.count)
            var next = 0
            for g in sizes.keys.sorted() {
                for _ in 0..<sizes[g]! { groups[next] = g; next += 1 }
            }
            return (pool.map { outcome[$0] }, groups)
        }
    }

    /// The estimator on the panel as observed (no effect planted); nil when it fails.
    public func observedEstimate(options: CallawaySantAnna.Options) -> (att: Double, se: Double)? {
        estimate(base: outcome, groups: cohorts, effect: 0, options: options)
    }

    /// Plants `effect` in treated unit-periods and runs Callaway–Sant'Anna; nil when it fails.
    public func estimate(base: [[Double]], groups: [Int], effect: Double, options: CallawaySantAnna.Options) -> (att: Double, se: Double)? {
        let planted = base.indices.map { i in
            groups[i] > 0 ? periods.indices.map { base[i][$0] + (periods[$0] >= groups[i] ? effect : 0) } : base[i]
        }
        guard let panel = try? BalancedPanel(periods: periods, firstTreated: groups, outcome: planted),
              let cs = try? CallawaySantAnna(panel: panel, options: options) else { return nil }
        let simple = cs.simpleAggregate()
        return simple.se.isFinite && simple.se > 0 ? (simple.att, simple.se) : nil
    }

    /// Cohort sizes for placebo timings: the real ones, scaled down proportionally (each at least
    /// one) when they add up to more than half of the pool.
    static func placeboSizes(cohorts: [Int], pool: Int) -> [Int: Int] {
        var sizes: [Int: Int] = [:]
        for g in cohorts { sizes[g, default: 0] += 1 }
        let total = cohorts.count, limit = max(1, pool / 2)
        guard total > limit else { return sizes }
        let scale = Double(limit) / Double(total)
        var scaled = sizes.mapValues { max(1, Int((Double($0) * scale).rounded())) }
        for g in scaled.keys.sorted(by: { (scaled[$0]!, $1) > (scaled[$1]!, $0) }) where scaled.values.reduce(0, +) > limit && scaled[g]! > 1 {
            scaled[g]! -= 1
        }
        return scaled
    }
}

extension PanelPowerSimulation {
    public struct VarianceComponents: Sendable, Codable, Equatable {
        public var sigma2: Double
        public var psiPre: Double
        public var psiPost: Double
        public var psiCross: Double
    }

    /// Burlig, Preonas & Woerman's variance components from the comparison LAs' two-way residuals,
    /// assuming their covariance depends only on the lag: γₕ = mean of eₖₜ·eₖ,ₜ₊ₕ; σ² = γ₀, and ψᴮ,
    /// ψᴬ, ψˣ the mean γ over pairs of distinct pre years, of distinct post years and of pre × post
    /// years, for m pre and r post years in a row. (The residuals are demeaned within LA, which
    /// biases the γ slightly downwards, by about σ²/T.)
    public func varianceComponents(pre m: Int, post r: Int) throws -> VarianceComponents {
        let series = try TwoWayResiduals(outcome: outcome, controls: controls, cohorts: cohorts, periods: periods).residuals
        let periods = series.first?.count ?? 0
        let gamma = (0..<periods).map { h -> Double in
            var sum = 0.0, count = 0
            for e in series {
                for t in 0..<(periods - h) { sum += e[t] * e[t + h]; count += 1 }
            }
            return count > 0 ? sum / Double(count) : 0
        }
        func average(_ pairs: [(Int, Int)]) -> Double {
            pairs.isEmpty ? 0 : pairs.reduce(0) { $0 + gamma[min(abs($1.0 - $1.1), periods - 1)] } / Double(pairs.count)
        }
        let pre = Array(0..<m), post = Array(m..<(m + r))
        let prePairs = pre.flatMap { s in pre.filter { $0 != s }.map { (s, $0) } }
        let postPairs = post.flatMap { s in post.filter { $0 != s }.map { (s, $0) } }
        let crossPairs = pre.flatMap { s in post.map { (s, $0) } }
        return VarianceComponents(sigma2: gamma[0], psiPre: average(prePairs), psiPost: average(postPairs), psiCross: average(crossPairs))
    }

    /// The median number of periods from the treated units' start to the end of the panel
    /// (at least one, at most all but the first).
    public var medianPostLength: Int {
        let first = periods.first ?? 0, count = periods.count
        let post = Int(Bootstrap.quantile(treated.map { Double(first + count - cohorts[$0]) }, 0.5).rounded())
        return min(max(post, 1), count - 1)
    }
}

/// The two-way decomposition Yₖₜ = αₖ + λₜ + eₖₜ of the comparison units' balanced outcomes,
/// and each unit's level αᵢ: its mean of Yᵢₜ − λₜ before its cohort (every period if never
/// treated, or if it has no period before).
struct TwoWayResiduals: Sendable {
    /// λₜ: the comparison units' mean in each period.
    let yearEffect: [Double]
    /// eₖ, one whole series per comparison unit.
    let residuals: [[Double]]
    /// αᵢ for every unit of the panel.
    let levels: [Double]
    let residualSD: Double

    init(outcome: [[Double]], controls: [Int], cohorts: [Int], periods: [Int]) throws {
        guard controls.count >= 4 else { throw PanelPowerSimulation.Failure.tooFewComparisonUnits(controls.count) }
        let count = periods.count
        let years = (0..<count).map { t in controls.reduce(0) { $0 + outcome[$1][t] } / Double(controls.count) }
        let grand = years.reduce(0, +) / Double(count)
        residuals = controls.map { k in
            let level = outcome[k].reduce(0, +) / Double(count) - grand
            return (0..<count).map { outcome[k][$0] - level - years[$0] }
        }
        let squares = residuals.reduce(0) { sum, e in sum + e.reduce(0) { $0 + $1 * $1 } }
        residualSD = (squares / max(Double((controls.count - 1) * (count - 1)), 1)).squareRoot()
        yearEffect = years
        levels = outcome.indices.map { unit in
            let before = periods.indices.filter { cohorts[unit] == 0 || periods[$0] < cohorts[unit] }
            let chosen = before.isEmpty ? Array(periods.indices) : before
            return chosen.reduce(0) { $0 + outcome[unit][$1] - years[$1] } / Double(chosen.count)
        }
    }
}

/// Counts finished work items for a progress callback, from any thread.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let report: (@Sendable (Int, Int) -> Void)?

    init(total: Int, report: (@Sendable (Int, Int) -> Void)?) {
        self.total = total
        self.report = report
    }

    func step() {
        guard let report else { return }
        lock.lock()
        done += 1
        let now = done
        lock.unlock()
        report(now, total)
    }
}
