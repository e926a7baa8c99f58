import Foundation
import LAEvalStats

/// Placebo-in-space inference (Abadie, Diamond & Hainmueller, JASA 2010, §3.2 and §4): the
/// treated fit and one fit per donor, each donor treated in turn with the other donors as its
/// pool (the treated unit left out), V re-optimised.
public struct PlaceboInSpaceResult: Sendable {
    public let treated: SyntheticControlFit
    /// One per donor of the treated fit, in donor order.
    public let placebos: [SyntheticControlFit]

    public init(treated: SyntheticControlFit, placebos: [SyntheticControlFit]) {
        self.treated = treated
        self.placebos = placebos
    }

    /// The placebos kept: all, or (with `maxPreMSPEMultiple` = m) those whose pre-treatment MSPE
    /// is at most m times the treated unit's (ADH 2010 fig. 5–7 drop placebos with MSPE > 20, 5,
    /// 2 times the treated one's).
    public func retained(maxPreMSPEMultiple: Double? = nil) -> [SyntheticControlFit] {
        guard let multiple = maxPreMSPEMultiple else { return placebos }
        let limit = multiple * treated.preRMSPE * treated.preRMSPE
        return placebos.filter { $0.preRMSPE * $0.preRMSPE <= limit }
    }

    /// The rank-based p-value of ADH 2010 (§3.2; Firpo & Possebom 2018 eq. 3): the share of all
    /// units, the treated one included, whose post/pre RMSPE ratio is at least the treated
    /// unit's — (1 + #{placebos with ratio ≥ treated ratio}) / (1 + #placebos), among the
    /// placebos retained by `maxPreMSPEMultiple`. (pysyncon's `PlaceboTest.pvalue` leaves the
    /// treated unit out of the numerator, i.e. one unit less; see the fixture README.)
    public func pValue(maxPreMSPEMultiple: Double? = nil) -> Double {
        let kept = retained(maxPreMSPEMultiple: maxPreMSPEMultiple)
        let ratio = treated.postPreRatio
        let atLeast = kept.filter { $0.postPreRatio >= ratio }.count
        return Double(1 + atLeast) / Double(1 + kept.count)
    }

    /// pysyncon's `PlaceboTest.pvalue(treatment_time)`, for reproducing its numbers: the MSPE
    /// ratio with the period `start` counted both before (t ≤ start) and after (t ≥ start), over
    /// `times`, and the count of placebos (the treated unit left out) whose ratio is at least the
    /// treated unit's, divided by the number of units including the treated one. It is 1/(J + 1)
    /// below the rank p-value of ``pValue(maxPreMSPEMultiple:)`` whenever the two period
    /// conventions order the units alike.
    public func pysynconPValue(times: [Double], start: Double) -> Double {
        func ratio(_ gaps: [Double]) -> Double {
            let before = times.indices.filter { times[$0] <= start }, after = times.indices.filter { times[$0] >= start }
            let pre = before.reduce(0.0) { $0 + gaps[$1] * gaps[$1] } / Double(before.count)
            let post = after.reduce(0.0) { $0 + gaps[$1] * gaps[$1] } / Double(times.count - before.count)
            return post / pre
        }
        let treatedRatio = ratio(treated.gaps)
        let atLeast = placebos.filter { ratio($0.gaps) >= treatedRatio }.count
        return Double(atLeast) / Double(placebos.count + 1)
    }
}

/// A refit without one donor (ADH 2015, §"Robustness": leave-one-out synthetic controls).
public struct LeaveOneOutFit: Sendable {
    /// Index (into the problem's units) of the donor left out.
    public let droppedUnit: Int
    public let fit: SyntheticControlFit
}

extension SyntheticControl {
    /// Placebo in space: the treated fit plus a refit for every donor as treated, its pool the
    /// other donors, V re-optimised with the same options (ADH 2010 §4; pysyncon `PlaceboTest`).
    /// Placebos run concurrently on `threads` threads (``parallelMap``; default every core), and
    /// results do not depend on the thread count.
    public static func placeboInSpace(_ problem: SyntheticControlProblem, treated: Int, donors: [Int]? = nil,
                                      options: Options = .init(), threads: Int? = nil) throws -> PlaceboInSpaceResult {
        let donors = donors ?? problem.units.indices.filter { $0 != treated }
        try validate(problem, treated: treated, donors: donors)
        guard donors.count >= 2 else { throw SyntheticControlError.noDonors }
        let jobs = [(treated, donors)] + donors.map { unit in (unit, donors.filter { $0 != unit }) }
        let fits = parallelMap(jobs.count, threads: threads) { index in
            Result { try fit(problem, treated: jobs[index].0, donors: jobs[index].1, options: options) }
        }
        let unwrapped = try fits.map { try $0.get() }
        return PlaceboInSpaceResult(treated: unwrapped[0], placebos: Array(unwrapped.dropFirst()))
    }

    /// Placebo in time (ADH 2015, §4): the fit as if treatment began at `fakeStart`, using only the
    /// times before the real start (so the post period is [fakeStart, start)). The fit periods are
    /// `fitTimes` or those of the problem before `fakeStart`. The predictors are used as given:
    /// build them from periods before `fakeStart` for a clean backdating.
    public static func placeboInTime(_ problem: SyntheticControlProblem, treated: Int, donors: [Int]? = nil,
                                     fakeStart: Double, fitTimes: [Int]? = nil, options: Options = .init()) throws -> SyntheticControlFit {
        guard fakeStart < problem.treatmentStart else {
            throw SyntheticControlError.noPeriods("the placebo start must precede the treatment start")
        }
        let kept = problem.preTimes
        let fit = (fitTimes ?? problem.fitTimes).filter { problem.times[$0] < fakeStart }
        guard !fit.isEmpty else { throw SyntheticControlError.noFitPeriods }
        let backdated = try SyntheticControlProblem(
            units: problem.units, times: kept.map { problem.times[$0] }, outcome: problem.outcome.selectingRows(kept),
            predictors: problem.predictors, predictorNames: problem.predictorNames,
            fitTimes: fit.map { index in kept.firstIndex(of: index)! }, treatmentStart: fakeStart)
        return try SyntheticControl.fit(backdated, treated: treated, donors: donors, options: options)
    }

    /// Leave-one-out robustness (ADH 2015, §4): for every donor with weight > `threshold` in the
    /// treated fit, the fit without it (V re-optimised). Runs concurrently like the placebos.
    public static func leaveOneOut(_ problem: SyntheticControlProblem, treated: Int, donors: [Int]? = nil,
                                   options: Options = .init(), threshold: Double = 1e-6,
                                   threads: Int? = nil) throws -> [LeaveOneOutFit] {
        let main = try fit(problem, treated: treated, donors: donors, options: options)
        let dropped = main.donors.indices.filter { main.donorWeights[$0] > threshold }.map { main.donors[$0] }
        guard main.donors.count >= 2 else { return [] }
        let fits = parallelMap(dropped.count, threads: threads) { index in
            Result { try fit(problem, treated: treated, donors: main.donors.filter { $0 != dropped[index] }, options: options) }
        }
        return try zip(dropped, fits).map { LeaveOneOutFit(droppedUnit: $0, fit: try $1.get()) }
    }
}
