import Foundation
import LAEvalStats

/// The imputation estimator of Borusyak, Jaravel & Spiess (2024, "Revisiting event-study
/// designs: robust and efficient estimation", Review of Economic Studies 91(6)), for one or
/// several treatments that may be received together.
///
/// Untreated potential outcomes follow Y(0)ᵢₜ = αᵢ + λₜ + ε. The estimator is the regression of
/// Y on unit and period effects and a dummy for every treatment × cohort × event time (e ≥ 0)
/// cell. Because those cells are saturated, the unit and period effects are fitted on the
/// untreated observations only and each cell's coefficient is the mean of Yᵢₜ − α̂ᵢ − λ̂ₜ over it:
/// BJS's imputation (their Theorem 2; the same points as Gardner's two-stage did2s). With
/// several treatments their effects are assumed to add up in observations that receive more
/// than one, which nets each treatment's effect of the others'. No treated cohort serves as a
/// comparison after it is treated, so effects may differ freely by cohort and event time.
///
/// Aggregates average the cells with weights proportional to their observations: by event time,
/// and `att` over every treated observation equally (BJS's default static estimand).
///
/// Standard errors are BJS's conservative ones (§4.3): for an estimate Σᵢₜ vᵢₜ Yᵢₜ, the variance
/// Σ_clusters (Σ vᵢₜ ε̃ᵢₜ)², where ε̃ is the untreated residual and, for treated observations,
/// Yᵢₜ − α̂ᵢ − λ̂ₜ − τ̄, with τ̄ an average of the cell estimates (`AuxiliaryGrouping`). Clusters
/// are the units; no small-sample factor (as R's didimputation).
///
/// Pre-trends (BJS §4.4): on the untreated observations, a regression with unit and period
/// effects and each treatment's leads (e = −1, −2, …); the leads are tested jointly zero by a
/// cluster-robust (CR1) Wald test.
public struct ImputationDiD: Sendable {
    public struct Treatment: Sendable {
        public var name: String
        /// Per observation: the first period of treatment of its unit, 0 if never treated.
        public var cohort: [Int]

        public init(name: String, cohort: [Int]) {
            self.name = name
            self.cohort = cohort
        }
    }

    public struct Effect: Sendable, Equatable, Codable {
        public var eventTime: Int
        public var att: Double
        public var se: Double
        public var observations: Int
    }

    public struct PretrendTest: Sendable, Equatable, Codable {
        public var statistic: Double
        public var df: Int
        public var p: Double
    }

    public struct TreatmentResult: Sendable {
        public var name: String
        /// Event-time effects e ≥ 0 of the cells that could be estimated.
        public var eventTimes: [Effect]
        /// Every treated observation weighted equally (nil when none could be estimated).
        public var att: Effect?
        /// The leads of the pre-trend regression (e < 0).
        public var leads: [Effect]
        public var pretrend: PretrendTest?
        /// Treated units (with at least one observation at e ≥ 0).
        public var treatedUnits: Int
        /// Treatment × cohort × event-time cells dropped as collinear with others.
        public var collinearCells: Int
    }

    /// Which cells τ̄ averages in the residuals of treated observations.
    public enum AuxiliaryGrouping: String, Sendable, Codable, CaseIterable {
        /// The treatment's effect at the event time, pooled over cohorts (laeval's default: a
        /// cohort cell of one unit would otherwise fit exactly and add no variance at all).
        case eventTime
        /// Each cohort × event-time cell on its own (R didimputation's default).
        case cohortEventTime
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case lengthMismatch
        case noTreatedObservations

        public var description: String {
            switch self {
            case .lengthMismatch: "unit, period, outcome and every treatment's cohort must have one value per observation"
            case .noTreatedObservations: "no observation is treated"
            }
        }
    }

    public let results: [TreatmentResult]
    public let units: Int
    public let observations: Int

    public init(unit: [Int], period: [Int], outcome: [Double], treatments: [Treatment], leads: Int = 3,
                auxiliary: AuxiliaryGrouping = .eventTime) throws {
        let n = outcome.count
        guard unit.count == n, period.count == n, treatments.allSatisfy({ $0.cohort.count == n }) else { throw Failure.lengthMismatch }
        let clusters = DenseIndex(unit)
        let cells = Cells(period: period, treatments: treatments)
        guard !cells.rows.isEmpty else { throw Failure.noTreatedObservations }
        let post = try SaturatedFit(outcome: outcome, unit: unit, period: period, cells: cells, clusters: clusters, auxiliary: auxiliary)
        let pre = LeadFit(outcome: outcome, unit: unit, period: period, treatments: treatments, leads: leads, clusters: clusters)
        results = treatments.indices.map { t in
            let treated = Set(cells.keys.indices.filter { cells.keys[$0].treatment == t }.flatMap { cells.rows[$0] }.map { unit[$0] })
            return TreatmentResult(name: treatments[t].name, eventTimes: post.eventTimes(treatment: t), att: post.att(treatment: t),
                                   leads: pre?.leads(treatment: t) ?? [], pretrend: pre?.test(treatment: t),
                                   treatedUnits: treated.count, collinearCells: post.collinearCells(treatment: t))
        }
        units = clusters.count
        observations = n
    }
}

/// Dense 0-based codes in order of first appearance.
struct DenseIndex {
    var codes: [Int]
    var count: Int

    init(_ values: [Int]) {
        var lookup: [Int: Int] = [:]
        codes = values.map { value in
            if let code = lookup[value] { return code }
            lookup[value] = lookup.count
            return lookup.count - 1
        }
        count = lookup.count
    }
}

extension ImputationDiD {
    struct CellKey: Hashable {
        var treatment: Int
        var cohort: Int
        var eventTime: Int
    }

    /// The treatment × cohort × event-time (≥ 0) cells and their observations.
    struct Cells {
        var keys: [CellKey] = []
        var rows: [[Int]] = []

        init(period: [Int], treatments: [Treatment]) {
            var index: [CellKey: Int] = [:]
            for row in period.indices {
                for (t, treatment) in treatments.enumerated() {
                    let g = treatment.cohort[row]
                    guard g != 0, period[row] >= g else { continue }
                    let key = CellKey(treatment: t, cohort: g, eventTime: period[row] - g)
                    if index[key] == nil {
                        index[key] = keys.count
                        keys.append(key)
                        rows.append([])
                    }
                    rows[index[key]!].append(row)
                }
            }
        }

        func dummies(observations n: Int) -> [[Double]] {
            rows.map { members in
                var column = [Double](repeating: 0, count: n)
                for row in members { column[row] = 1 }
                return column
            }
        }
    }

    /// The saturated regression and BJS's conservative variance of its aggregates.
    struct SaturatedFit {
        var cells: Cells
        var fit: LinearFit
        var position: [Int: Int]
        var clusters: DenseIndex
        /// Residuals with each estimated cell's effect replaced by its treatment's pooled event-time effect.
        var residuals: [Double]

        init(outcome: [Double], unit: [Int], period: [Int], cells: Cells, clusters: DenseIndex, auxiliary: AuxiliaryGrouping) throws {
            let names = cells.keys.map { "\($0.treatment)/\($0.cohort)/\($0.eventTime)" }
            let effects = FixedEffects(factors: [unit, period])
            (fit, _) = try LinearRegression.fit(y: outcome, covariates: cells.dummies(observations: outcome.count), terms: names,
                                                fixedEffects: effects)
            self.cells = cells
            self.clusters = clusters
            position = Dictionary(uniqueKeysWithValues: fit.estimable.enumerated().map { ($1, $0) })
            residuals = fit.residuals
            guard auxiliary == .eventTime else { return }
            var pooled: [CellKey: (total: Double, count: Double)] = [:]
            for c in cells.keys.indices where position[c] != nil {
                let key = CellKey(treatment: cells.keys[c].treatment, cohort: 0, eventTime: cells.keys[c].eventTime)
                pooled[key, default: (0, 0)].total += Double(cells.rows[c].count) * fit.coefficients[c]
                pooled[key, default: (0, 0)].count += Double(cells.rows[c].count)
            }
            for c in cells.keys.indices where position[c] != nil {
                let average = pooled[CellKey(treatment: cells.keys[c].treatment, cohort: 0, eventTime: cells.keys[c].eventTime)]!
                let shift = fit.coefficients[c] - average.total / average.count
                for row in cells.rows[c] { residuals[row] += shift }
            }
        }

        func estimated(treatment: Int) -> [Int] {
            cells.keys.indices.filter { cells.keys[$0].treatment == treatment && position[$0] != nil }
        }

        func collinearCells(treatment: Int) -> Int {
            cells.keys.indices.filter { cells.keys[$0].treatment == treatment && position[$0] == nil }.count
        }

        func eventTimes(treatment: Int) -> [ImputationDiD.Effect] {
            let byEvent = Dictionary(grouping: estimated(treatment: treatment), by: { cells.keys[$0].eventTime })
            return byEvent.keys.sorted().map { eventTime in
                effect(eventTime: eventTime, cells: byEvent[eventTime]!)
            }
        }

        func att(treatment: Int) -> ImputationDiD.Effect? {
            let members = estimated(treatment: treatment)
            return members.isEmpty ? nil : effect(eventTime: 0, cells: members)
        }

        /// The observation-weighted mean of cells and its conservative standard error.
        func effect(eventTime: Int, cells members: [Int]) -> ImputationDiD.Effect {
            let total = Double(members.reduce(0) { $0 + cells.rows[$1].count })
            var combination = [Double](repeating: 0, count: fit.estimable.count)
            var value = 0.0
            for c in members {
                let weight = Double(cells.rows[c].count) / total
                value += weight * fit.coefficients[c]
                combination[position[c]!] += weight
            }
            let v = fit.observationWeights(of: combination)
            var scores = [Double](repeating: 0, count: clusters.count)
            for row in v.indices { scores[clusters.codes[row]] += v[row] * residuals[row] }
            let variance = scores.reduce(0) { $0 + $1 * $1 }
            return .init(eventTime: eventTime, att: value, se: variance.squareRoot(), observations: Int(total))
        }
    }

    /// The pre-trend regression on untreated observations.
    struct LeadFit {
        var fit: LinearFit
        var variance: Matrix
        var position: [Int: Int]
        var leadCount: Int
        var counts: [Int]

        init?(outcome: [Double], unit: [Int], period: [Int], treatments: [Treatment], leads: Int, clusters: DenseIndex) {
            guard leads > 0 else { return nil }
            let keep = period.indices.filter { row in treatments.allSatisfy { $0.cohort[row] == 0 || period[row] < $0.cohort[row] } }
            var columns: [[Double]] = [], names: [String] = []
            for (t, treatment) in treatments.enumerated() {
                for lead in 1...leads {
                    columns.append(keep.map { row in treatment.cohort[row] != 0 && treatment.cohort[row] - period[row] == lead ? 1 : 0 })
                    names.append("\(t)/lead\(lead)")
                }
            }
            let sampleUnit = keep.map { unit[$0] }
            let effects = FixedEffects(factors: [sampleUnit, keep.map { period[$0] }])
            guard let (fit, _) = try? LinearRegression.fit(y: keep.map { outcome[$0] }, covariates: columns, terms: names,
                                                           fixedEffects: effects) else { return nil }
            self.fit = fit
            let k = effects.clusterAdjustmentParameters(slopes: fit.rank, clusters: [sampleUnit])
            variance = fit.variance(.cluster([sampleUnit], .fixest), adjustmentParameters: k)
            position = Dictionary(uniqueKeysWithValues: fit.estimable.enumerated().map { ($1, $0) })
            leadCount = leads
            counts = columns.map { Int($0.reduce(0, +)) }
        }

        func columns(treatment: Int) -> [Int] {
            (0..<leadCount).map { treatment * leadCount + $0 }.filter { position[$0] != nil }
        }

        func leads(treatment: Int) -> [ImputationDiD.Effect] {
            columns(treatment: treatment).reversed().map { c in
                let p = position[c]!
                return .init(eventTime: -(c % leadCount + 1), att: fit.coefficients[c], se: variance[p, p].squareRoot(), observations: counts[c])
            }
        }

        func test(treatment: Int) -> ImputationDiD.PretrendTest? {
            let present = columns(treatment: treatment)
            let covariance = Matrix(present.map { a in present.map { variance[position[a]!, position[$0]!] } })
            return WaldTest(present.map { fit.coefficients[$0] }, covariance: covariance).map { .init(statistic: $0.statistic, df: $0.df, p: $0.p) }
        }
    }
}
