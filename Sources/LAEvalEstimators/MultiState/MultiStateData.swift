import Foundation

/// How the state at one observation time is known (msm's `obstype`, `deathexact`, `censor`;
/// Jackson 2011, "Multi-state models for panel data: the msm package for R", J Stat Softw 38(8), §2.4–2.6).
public enum ObservationType: Sendable, Hashable {
    /// The state is observed at this time (a panel observation, msm obstype 1). The process
    /// may have moved through any path since the previous observation.
    case panel
    /// Entry into an absorbing state (e.g. death) at exactly this time, the state just before
    /// being unknown (msm `deathexact`, obstype 3): the interval contributes
    /// Σ_{m≠d} P(Δt)[s_k, m] q_{m,d}.
    case exactDeath
    /// The state is unknown but one of `allowed` (1-based states; msm `censor` with
    /// `censor.states`). The state value given for the row is ignored.
    case censored(allowed: Set<Int>)
}

/// Bad input for a multi-state model. `row` is the 1-based row of the data as given.
public enum MultiStateError: Error, Equatable, CustomStringConvertible {
    case lengthMismatch(String)
    case singleObservation(subject: String, row: Int)
    case timesNotIncreasing(subject: String, row: Int, previous: Double, time: Double)
    case stateOutOfRange(subject: String, row: Int, state: Int, states: Int)
    case impossibleTransition(subject: String, row: Int, from: Int, to: Int)
    case exactDeathNotAbsorbing(subject: String, row: Int, state: Int)
    case nonFiniteCovariate(subject: String, row: Int, covariate: String)
    case nonFiniteTime(subject: String, row: Int)
    case invalidModel(String)
    case censoredDataUnsupported(String)
    case fitFailed(String)

    /// The 1-based data row at fault, when one is.
    public var row: Int? {
        switch self {
        case .singleObservation(_, let row), .timesNotIncreasing(_, let row, _, _), .stateOutOfRange(_, let row, _, _),
             .impossibleTransition(_, let row, _, _), .exactDeathNotAbsorbing(_, let row, _), .nonFiniteCovariate(_, let row, _),
             .nonFiniteTime(_, let row):
            return row
        case .lengthMismatch, .invalidModel, .censoredDataUnsupported, .fitFailed:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .lengthMismatch(let what): return "multi-state data: \(what)"
        case .singleObservation(let subject, let row):
            return "subject \(subject) (row \(row)) has only one observation; at least two are needed"
        case .timesNotIncreasing(let subject, let row, let previous, let time):
            return "subject \(subject), row \(row): time \(time) is not after the previous time \(previous); times must be strictly increasing within a subject"
        case .stateOutOfRange(let subject, let row, let state, let states):
            return "subject \(subject), row \(row): state \(state) is outside 1...\(states)"
        case .impossibleTransition(let subject, let row, let from, let to):
            return "subject \(subject), row \(row): a transition from state \(from) to state \(to) is impossible under the allowed transitions"
        case .exactDeathNotAbsorbing(let subject, let row, let state):
            return "subject \(subject), row \(row): an exact-death observation must be of an absorbing state, but state \(state) has transitions out"
        case .nonFiniteCovariate(let subject, let row, let covariate):
            return "subject \(subject), row \(row): covariate \(covariate) is not finite"
        case .nonFiniteTime(let subject, let row):
            return "subject \(subject), row \(row): the time is not finite"
        case .invalidModel(let why): return "multi-state model: \(why)"
        case .censoredDataUnsupported(let what): return "\(what) is not available for data with censored states"
        case .fitFailed(let why): return "multi-state fit failed: \(why)"
        }
    }
}

/// Panel data for a continuous-time multi-state Markov model: one row per observation of a
/// subject (id, time, 1-based state, covariates). Rows of a subject are taken in the order they
/// appear (they need not be contiguous); subjects are ordered by first appearance.
/// Covariates are piecewise constant: the value at the start of an interval applies over it
/// (msm's assumption, Jackson 2011 §2.6).
public struct MultiStateData: Sendable {
    public let subjects: [String]
    public let times: [Double]
    public let states: [Int]
    public let observationTypes: [ObservationType]
    /// Covariates by column: `covariates[c][row]`.
    public let covariates: [[Double]]
    public let covariateNames: [String]
    /// For each subject (in order of first appearance), its 0-based rows in time order.
    public let rowsBySubject: [[Int]]

    /// Validates: equal lengths; every subject with at least two observations; finite times
    /// strictly increasing within a subject; finite covariates. States are checked against the
    /// model when fitting (range 1...states, transitions possible under Q). Errors name the subject and the 1-based row.
    public init(subjects: [String], times: [Double], states: [Int], observationTypes: [ObservationType]? = nil,
                covariates: [[Double]] = [], covariateNames: [String] = []) throws {
        let n = subjects.count
        guard times.count == n, states.count == n else {
            throw MultiStateError.lengthMismatch("\(n) subjects, \(times.count) times and \(states.count) states")
        }
        let types = observationTypes ?? Array(repeating: .panel, count: n)
        guard types.count == n else { throw MultiStateError.lengthMismatch("\(types.count) observation types for \(n) rows") }
        guard covariates.allSatisfy({ $0.count == n }) else {
            throw MultiStateError.lengthMismatch("every covariate column needs \(n) values")
        }
        let names = covariateNames.isEmpty ? covariates.indices.map { "x\($0 + 1)" } : covariateNames
        guard names.count == covariates.count else {
            throw MultiStateError.lengthMismatch("\(names.count) covariate names for \(covariates.count) columns")
        }
        self.subjects = subjects
        self.times = times
        self.states = states
        self.observationTypes = types
        self.covariates = covariates
        self.covariateNames = names
        rowsBySubject = Self.groupRows(subjects)
        try validate()
    }

    static func groupRows(_ subjects: [String]) -> [[Int]] {
        var index: [String: Int] = [:]
        var groups: [[Int]] = []
        for (row, subject) in subjects.enumerated() {
            if let k = index[subject] {
                groups[k].append(row)
            } else {
                index[subject] = groups.count
                groups.append([row])
            }
        }
        return groups
    }

    func validate() throws {
        for rows in rowsBySubject {
            let subject = subjects[rows[0]]
            guard rows.count >= 2 else { throw MultiStateError.singleObservation(subject: subject, row: rows[0] + 1) }
            for (k, row) in rows.enumerated() {
                guard times[row].isFinite else { throw MultiStateError.nonFiniteTime(subject: subject, row: row + 1) }
                if k > 0, !(times[row] > times[rows[k - 1]]) {
                    throw MultiStateError.timesNotIncreasing(subject: subject, row: row + 1, previous: times[rows[k - 1]], time: times[row])
                }
                for (c, column) in covariates.enumerated() where !column[row].isFinite {
                    throw MultiStateError.nonFiniteCovariate(subject: subject, row: row + 1, covariate: covariateNames[c])
                }
            }
        }
    }

    /// The states the row allows: its state, or the censoring set.
    func knownStates(_ row: Int) -> [Int] {
        if case .censored(let allowed) = observationTypes[row] { return allowed.sorted() }
        return [states[row]]
    }

    /// The covariate values of a row.
    func covariateRow(_ row: Int) -> [Double] { covariates.map { $0[row] } }

    var hasCensoredRows: Bool {
        observationTypes.contains { if case .censored = $0 { return true } else { return false } }
    }
}
