import Foundation
import LAEvalCore
import LAEvalEstimators
import LAEvalStats

/// Power of the multi-state model of Ofsted grades to detect a programme's effect on improving
/// moves, by simulation on the study's own inspections: every LA keeps its real inspection
/// dates, its first grade and the real periods of support; the grades after the first are drawn
/// from the model fitted without support (Kalbfleisch & Lawless 1985: P(Δt) = exp(QΔt)), with
/// the improving intensities multiplied by a planted hazard ratio while the programme is active;
/// the model with the programme as a covariate on improving moves is then refitted, and the
/// effect counts as found when the 95% interval of its hazard ratio excludes 1.
public struct GradePowerEstimate: Sendable, Codable, Equatable {
    public struct Point: Sendable, Codable, Equatable {
        public var hazardRatio: Double
        public var power: Double
        public var replicates: Int
    }

    public var programme: Programme
    /// LA-intervals between inspections with the programme active at their start.
    public var activeIntervals: Int
    public var curve: [Point]
    /// The smallest hazard ratio on the grid with power at least the target, interpolated
    /// linearly between grid points; nil when none reaches it.
    public var minimumDetectableHazardRatio: Double?
    public var failure: String?
}

enum GradePower {
    static let hazardRatios = [1.0, 1.5, 2, 3]

    static func run(_ study: Study, settings: PowerSettings) -> [GradePowerEstimate] {
        let panel = JudgementPanel(study: study, mergeOutstanding: study.description.plan.judgementStates == 3)
        let replicates = max(settings.replicates / 4, 10)
        guard let baseline = try? fit(panel, covariate: nil) else { return [] }
        return Programme.allCases.enumerated().compactMap { index, programme in
            let active = activity(panel, programme: programme)
            let intervals = zip(panel.rows, panel.rows.dropFirst()).enumerated().filter { $0.element.0.laCode == $0.element.1.laCode && active[$0.offset] == 1 }.count
            guard intervals > 0 else { return nil }
            var estimate = GradePowerEstimate(programme: programme, activeIntervals: intervals, curve: [])
            let draws: [[Bool?]] = parallelMap(replicates) { r in
                var random = SeededGenerator(seed: settings.seed &+ 7919 &* UInt64(index + 1), stream: UInt64(r))
                let uniforms = panel.rows.map { _ in random.uniform() }
                return hazardRatios.map { ratio in
                    let states = simulate(panel, baseline: baseline, active: active, ratio: ratio, uniforms: uniforms)
                    return detected(panel, states: states, active: active)
                }
            }
            estimate.curve = hazardRatios.indices.map { h in
                let usable = draws.compactMap { $0[h] }
                return .init(hazardRatio: hazardRatios[h], power: Double(usable.filter { $0 }.count) / Double(max(usable.count, 1)), replicates: usable.count)
            }
            if estimate.curve.allSatisfy({ $0.replicates == 0 }) { estimate.failure = "the model could not be refitted to any simulated history" }
            estimate.minimumDetectableHazardRatio = crossing(estimate.curve, target: settings.targetPower)
            return estimate
        }
    }

    /// 1 in the rows where some model of the programme is active, else 0.
    static func activity(_ panel: JudgementPanel, programme: Programme) -> [Double] {
        let columns = panel.models.indices.filter { panel.models[$0].programme == programme }
        return panel.rows.map { row in columns.contains { row.covariates[$0] == 1 } ? 1 : 0 }
    }

    /// The adjacent-grade model with one covariate acting on improving moves (or none).
    static func fit(_ panel: JudgementPanel, states: [Int?]? = nil, covariate: [Double]?) throws -> MultiStateFit {
        let data = try panel.multiStateData(states: states, covariates: covariate.map { [$0] } ?? [], names: covariate == nil ? [] : ["programme"])
        let model = try JudgementAnalysis.adjacentModel(states: panel.stateCount, directions: covariate == nil ? [] : [(true, false)], data: data)
        return try MultiStateMarkov.fit(data, model: model)
    }

    /// One simulated history: the first graded state of each LA as observed, then each next
    /// state drawn by inverse CDF from exp(QΔt), Q with the improving (downward-numbered)
    /// intensities multiplied by `ratio` where the programme is active at the interval's start.
    /// Rows without a grade (support changes) stay unobserved, as in the real panel.
    static func simulate(_ panel: JudgementPanel, baseline: MultiStateFit, active: [Double], ratio: Double, uniforms: [Double]) -> [Int?] {
        let q = baseline.intensityMatrix().estimate
        // the generator without and with the programme: improving moves (from a higher-numbered,
        // worse grade to a lower one) multiplied by `ratio` while it is active
        let generators = [1, ratio].map { factor in
            diagonalised(Matrix(rows: q.rows, columns: q.columns, columnMajor: (0..<(q.rows * q.columns)).map { k in
                let (r, c) = (k % q.rows, k / q.rows)
                return r > c ? q[r, c] * factor : q[r, c]
            }))
        }
        var states = [Int?](repeating: nil, count: panel.rows.count)
        var current = 0
        for (i, row) in panel.rows.enumerated() {
            if i == 0 || panel.rows[i - 1].laCode != row.laCode {
                current = row.state ?? 1
                states[i] = row.state
                continue
            }
            let p = MatrixExponential.exp((row.time - panel.rows[i - 1].time) * generators[active[i - 1] == 1 ? 1 : 0])
            var cumulative = 0.0
            var next = panel.stateCount
            for s in 0..<panel.stateCount {
                cumulative += p[current - 1, s]
                if uniforms[i] < cumulative { next = s + 1; break }
            }
            current = next
            states[i] = row.state == nil ? nil : current
        }
        return states
    }

    /// The generator with each diagonal entry minus the sum of its row's off-diagonal entries.
    static func diagonalised(_ q: Matrix) -> Matrix {
        var result = q
        for r in 0..<q.rows {
            result[r, r] = -(0..<q.columns).filter { $0 != r }.reduce(0) { $0 + q[r, $1] }
        }
        return result
    }

    /// Whether the refitted hazard ratio's 95% interval excludes 1; nil when the fit fails.
    static func detected(_ panel: JudgementPanel, states: [Int?], active: [Double]) -> Bool? {
        guard let fit = try? fit(panel, states: states, covariate: active),
              let ratio = fit.hazardRatios.first(where: { $0.to < $0.from }) else { return nil }
        return ratio.lower > 1 || ratio.upper < 1
    }

    static func crossing(_ curve: [GradePowerEstimate.Point], target: Double) -> Double? {
        let points = curve.filter { $0.replicates > 0 }
        guard let first = points.firstIndex(where: { $0.power >= target }) else { return nil }
        guard first > 0 else { return points[first].hazardRatio }
        let a = points[first - 1], b = points[first]
        return a.hazardRatio + (target - a.power) / (b.power - a.power) * (b.hazardRatio - a.hazardRatio)
    }
}
