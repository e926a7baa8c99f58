import Foundation
import LAEvalStats

/// Why a synthetic-control problem cannot be built or fitted.
public enum SyntheticControlError: Error, Equatable, CustomStringConvertible {
    case dimensionMismatch(String)
    case unknownUnit(String)
    case noDonors
    case treatedAmongDonors(String)
    case missingOutcome(unit: String, time: Double)
    case missingVariable(String)
    case emptyPredictor(predictor: String, unit: String)
    case noFitPeriods
    case noPeriods(String)
    case invalidV(String)

    public var description: String {
        switch self {
        case .dimensionMismatch(let what): "synthetic control: \(what)"
        case .unknownUnit(let unit): "synthetic control: unknown unit \"\(unit)\""
        case .noDonors: "synthetic control: no donor units"
        case .treatedAmongDonors(let unit): "synthetic control: the treated unit \"\(unit)\" is also a donor"
        case .missingOutcome(let unit, let time):
            "synthetic control: the outcome of \"\(unit)\" at time \(NumberFormatter.localizedString(from: time as NSNumber, number: .none)) is missing"
        case .missingVariable(let name): "synthetic control: no variable \"\(name)\""
        case .emptyPredictor(let predictor, let unit):
            "synthetic control: predictor \"\(predictor)\" has no observed value for \"\(unit)\" in its periods"
        case .noFitPeriods: "synthetic control: no fit periods (outcome periods that choose V)"
        case .noPeriods(let what): "synthetic control: \(what)"
        case .invalidV(let what): "synthetic control: invalid predictor weights V: \(what)"
        }
    }
}

/// The prepared matrices of a synthetic-control study (Abadie, Diamond & Hainmueller, JASA 2010,
/// §2; Abadie & Gardeazabal, AER 2003): the outcome of every unit at every time (the paper's Z
/// and Y), the K predictors of every unit (the paper's X₀, X₁, unscaled), the outcome periods
/// whose fit chooses the predictor weights V (Synth's `time.optimize.ssr`), and the first
/// treated period. Which unit is treated and which are donors is chosen at fit time, so one
/// problem serves the placebo refits.
public struct SyntheticControlProblem: Sendable {
    public var units: [String]
    /// Sorted, distinct.
    public var times: [Double]
    /// times × units.
    public var outcome: Matrix
    /// K × units, on the variables' own scales (scaled at fit time).
    public var predictors: Matrix
    public var predictorNames: [String]
    /// Indices into `times` of the periods whose outcome fit chooses V.
    public var fitTimes: [Int]
    /// The first treated period: times < start are pre-treatment, times ≥ start post-treatment.
    public var treatmentStart: Double

    public init(units: [String], times: [Double], outcome: Matrix, predictors: Matrix, predictorNames: [String],
                fitTimes: [Int], treatmentStart: Double) throws {
        guard outcome.rows == times.count, outcome.columns == units.count else {
            throw SyntheticControlError.dimensionMismatch("the outcome matrix must be times × units (\(times.count) × \(units.count))")
        }
        guard predictors.columns == units.count, predictors.rows == predictorNames.count, predictors.rows >= 1 else {
            throw SyntheticControlError.dimensionMismatch("the predictor matrix must be K × units with K ≥ 1 named rows")
        }
        guard !fitTimes.isEmpty else { throw SyntheticControlError.noFitPeriods }
        guard fitTimes.allSatisfy({ times.indices.contains($0) }) else {
            throw SyntheticControlError.dimensionMismatch("fit periods must index the times")
        }
        guard times.contains(where: { $0 < treatmentStart }), times.contains(where: { $0 >= treatmentStart }) else {
            throw SyntheticControlError.noPeriods("the times need periods both before and from the treatment start")
        }
        for u in units.indices { for t in times.indices where !outcome[t, u].isFinite {
            throw SyntheticControlError.missingOutcome(unit: units[u], time: times[t])
        } }
        for u in units.indices { for k in predictorNames.indices where !predictors[k, u].isFinite {
            throw SyntheticControlError.emptyPredictor(predictor: predictorNames[k], unit: units[u])
        } }
        self.units = units
        self.times = times
        self.outcome = outcome
        self.predictors = predictors
        self.predictorNames = predictorNames
        self.fitTimes = fitTimes
        self.treatmentStart = treatmentStart
    }

    /// The index of a unit by name.
    public func unitIndex(_ name: String) throws -> Int {
        guard let index = units.firstIndex(of: name) else { throw SyntheticControlError.unknownUnit(name) }
        return index
    }

    /// Indices of the pre-treatment (t < start) and post-treatment (t ≥ start) times.
    public var preTimes: [Int] { times.indices.filter { times[$0] < treatmentStart } }
    public var postTimes: [Int] { times.indices.filter { times[$0] >= treatmentStart } }
}

/// One predictor of a synthetic control: a variable summarised (mean or median of its observed
/// values, missing values skipped) over chosen periods, for each unit — Synth's `predictors`
/// with `predictors.op` and its `special.predictors`, pysyncon's `Dataprep` likewise. A lagged
/// outcome is the outcome variable over a single period.
public struct SyntheticControlPredictor: Sendable, Equatable {
    public enum Operation: String, Sendable, Equatable { case mean, median }
    public var variable: String
    public var periods: [Double]
    public var operation: Operation
    /// The predictor's name in results; default "variable" for the mean, "variable (median)"
    /// for the median, with " [first–last]" appended when the same variable appears again.
    public var name: String?

    public init(variable: String, periods: [Double], operation: Operation = .mean, name: String? = nil) {
        self.variable = variable
        self.periods = periods
        self.operation = operation
        self.name = name
    }

    /// The summary of the observed (finite) values; NaN when there are none.
    func summarise(_ values: [Double]) -> Double {
        let observed = values.filter(\.isFinite)
        guard !observed.isEmpty else { return .nan }
        switch operation {
        case .mean: return observed.reduce(0, +) / Double(observed.count)
        case .median:
            let sorted = observed.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }
}

extension SyntheticControlProblem {
    /// Builds the problem from tidy long data: one row per (unit, time), parallel arrays `unit`,
    /// `time` and `variables[name]` (NaN = missing). Every unit is kept, in order of first
    /// appearance; times are the distinct times sorted. Predictors are summarised over their
    /// periods as ``SyntheticControlPredictor`` says; `fitPeriods` are outcome periods (each must
    /// be one of the times). Throws when the outcome is missing anywhere or a predictor has no
    /// observed value for some unit.
    public static func build(unit: [String], time: [Double], variables: [String: [Double]], outcome: String,
                             predictors specs: [SyntheticControlPredictor], fitPeriods: [Double],
                             treatmentStart: Double) throws -> SyntheticControlProblem {
        guard unit.count == time.count else { throw SyntheticControlError.dimensionMismatch("unit and time differ in length") }
        guard let outcomeValues = variables[outcome] else { throw SyntheticControlError.missingVariable(outcome) }
        for spec in specs where variables[spec.variable] == nil { throw SyntheticControlError.missingVariable(spec.variable) }
        for (name, column) in variables where column.count != unit.count {
            throw SyntheticControlError.dimensionMismatch("variable \"\(name)\" has \(column.count) values for \(unit.count) rows")
        }
        guard !specs.isEmpty else { throw SyntheticControlError.dimensionMismatch("at least one predictor is needed") }
        var units: [String] = []
        var unitIndex: [String: Int] = [:]
        for name in unit where unitIndex[name] == nil {
            unitIndex[name] = units.count
            units.append(name)
        }
        let times = Array(Set(time)).sorted()
        let timeIndex = Dictionary(uniqueKeysWithValues: times.enumerated().map { ($1, $0) })
        var outcomeMatrix = Matrix(rows: times.count, columns: units.count, repeating: .nan)
        for row in unit.indices { outcomeMatrix[timeIndex[time[row]]!, unitIndex[unit[row]]!] = outcomeValues[row] }

        var predictorMatrix = Matrix(rows: specs.count, columns: units.count)
        for (k, spec) in specs.enumerated() {
            let periods = Set(spec.periods)
            let values = variables[spec.variable]!
            var perUnit = [[Double]](repeating: [], count: units.count)
            for row in unit.indices where periods.contains(time[row]) { perUnit[unitIndex[unit[row]]!].append(values[row]) }
            for u in units.indices { predictorMatrix[k, u] = spec.summarise(perUnit[u]) }
        }
        let fitTimes = try fitPeriods.map { period -> Int in
            guard let index = timeIndex[period] else { throw SyntheticControlError.noPeriods("fit period \(period) is not in the data") }
            return index
        }
        return try SyntheticControlProblem(units: units, times: times, outcome: outcomeMatrix, predictors: predictorMatrix,
                                           predictorNames: predictorNames(specs), fitTimes: fitTimes, treatmentStart: treatmentStart)
    }

    /// Lagged outcomes as predictors: the outcome of every period before `treatmentStart`, each
    /// its own predictor (the `--unit --time --outcome --treated --start` form of the CLI).
    public static func laggedOutcomes(unit: [String], time: [Double], outcome: [Double], treatmentStart: Double,
                                      fitPeriods: [Double]? = nil) throws -> SyntheticControlProblem {
        let prePeriods = Array(Set(time)).filter { $0 < treatmentStart }.sorted()
        let specs = prePeriods.map { SyntheticControlPredictor(variable: "outcome", periods: [$0], name: "outcome(\(format($0)))") }
        return try build(unit: unit, time: time, variables: ["outcome": outcome], outcome: "outcome", predictors: specs,
                         fitPeriods: fitPeriods ?? prePeriods, treatmentStart: treatmentStart)
    }

    static func predictorNames(_ specs: [SyntheticControlPredictor]) -> [String] {
        let counts = Dictionary(specs.map { ($0.variable, 1) }, uniquingKeysWith: +)
        return specs.map { spec in
            if let name = spec.name { return name }
            var name = spec.operation == .mean ? spec.variable : "\(spec.variable) (median)"
            if counts[spec.variable, default: 0] > 1, let first = spec.periods.min(), let last = spec.periods.max() {
                name += first == last ? " [\(format(first))]" : " [\(format(first))–\(format(last))]"
            }
            return name
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
