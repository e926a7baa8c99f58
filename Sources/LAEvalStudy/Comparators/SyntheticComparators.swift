import Foundation
import LAEvalCore
import LAEvalEstimators
import LAEvalStats

/// A synthetic comparator for one LA under a commissioner or an alternative delivery model, on
/// one outcome: the LA's series, its synthetic control's, the placebo band and the inference.
public struct SyntheticComparison: Sendable, Codable, Equatable {
    public struct Weight: Sendable, Codable, Equatable {
        public var la: String
        public var name: String
        public var weight: Double
    }

    public var la: String
    public var name: String
    public var model: SupportModel
    public var startYear: Int
    public var indicator: String
    public var polarity: Polarity
    /// LAs never under intervention with a value in every year used.
    public var donors: Int
    /// Donors with weight above 0.001, heaviest first.
    public var weights: [Weight]
    public var years: [Int]
    public var actual: [Double]
    public var synthetic: [Double]
    /// The 5th, 50th and 95th percentiles of the placebos' gaps, year by year: those of the
    /// retained placebos when there are at least `SyntheticComparators.minimumBandPlacebos`,
    /// else of all (an LA fitted almost exactly before the start retains few).
    public var placeboLower: [Double]
    public var placeboMedian: [Double]
    public var placeboUpper: [Double]
    public var preRMSPE: Double
    public var postRMSPE: Double
    public var postPreRatio: Double
    /// Share of units (the LA and every placebo) whose post/pre RMSPE ratio is at least the LA's.
    public var pValue: Double
    /// The same among placebos whose pre-period MSPE is at most 5 times the LA's (ADH 2010).
    public var pValueRetained: Double
    public var placebos: Int
    public var retainedPlacebos: Int
    /// How many placebos the band is drawn from.
    public var bandPlacebos: Int
    /// Mean of actual − synthetic over the years from the start.
    public var meanPostGap: Double

    public var gaps: [Double] { zip(actual, synthetic).map { $0 - $1 } }

    /// RMSPE spelled so that results.json's snake_case keys (`pre_rmspe`) read back.
    enum CodingKeys: String, CodingKey {
        case la, name, model, startYear, indicator, polarity, donors, weights, years, actual, synthetic
        case placeboLower, placeboMedian, placeboUpper, postPreRatio, pValue, pValueRetained, placebos, retainedPlacebos
        case bandPlacebos, meanPostGap
        case preRMSPE = "preRmspe", postRMSPE = "postRmspe"
    }
}

/// A synthetic comparator that could not be built, and why.
public struct SyntheticFailure: Sendable, Codable, Equatable {
    public var la: String
    public var indicator: String
    public var reason: String
}

public enum SyntheticComparators {
    /// The models whose LAs get a synthetic comparator: the rare, intensive ones.
    public static let models: [SupportModel] = [.commissioner, .alternativeDeliveryModel]
    /// Placebos with a pre-period MSPE above this multiple of the treated LA's are dropped from
    /// the band and the restricted p-value (Abadie, Diamond & Hainmueller 2010 show 20, 5 and 2).
    public static let retainMultiple = 5.0
    public static let minimumPreYears = 3
    public static let minimumDonors = 5
    public static let minimumBandPlacebos = 10

    /// Every LA under a commissioner or an alternative delivery model, on every outcome of the plan.
    public static func run(_ study: Study) -> (comparisons: [SyntheticComparison], failures: [SyntheticFailure]) {
        let (las, firstEpisode, donorPool) = candidates(study)
        var comparisons: [SyntheticComparison] = [], failures: [SyntheticFailure] = []
        for outcome in study.description.plan.outcomes {
            guard let matrix = OutcomeMatrix(study, outcome) else { continue }
            for la in las {
                let episode = firstEpisode[la.newCode]!
                do {
                    comparisons.append(try compare(la, episode: episode, outcome: outcome, matrix: matrix, donorPool: donorPool))
                } catch {
                    failures.append(.init(la: la.newCode, indicator: outcome.indicator, reason: "\(error)"))
                }
            }
        }
        return (comparisons, failures)
    }

    /// The synthetic control of one LA on one outcome. Its predictors summarise the outcome before
    /// the start: the mean over all earlier years, the mean over their earlier half and the last
    /// year before the start (Abadie, Diamond & Hainmueller 2015 use a few such lagged outcomes;
    /// every single year as a predictor lets the weights reproduce the LA's noise exactly when
    /// there are far more donors than years, and the post/pre ratios then explode). V is fixed at
    /// equal weights on the scaled predictors (the equal start of Synth and pysyncon) rather than
    /// searched for: the placebo inference refits every donor for every LA and outcome (about
    /// 19,000 fits on the demo), and the nested search would multiply that work some hundredfold.
    /// `laeval estimate synth` does the nested optimisation for a single LA.
    static func compare(_ la: LocalAuthority, episode: SupportEpisode, outcome: OutcomeSpec, matrix: OutcomeMatrix,
                        donorPool: [LocalAuthority]) throws -> SyntheticComparison {
        let (problem, units) = try problem(la, start: episode.start.reportingYear, outcome: outcome, matrix: matrix, donorPool: donorPool)
        let inference = try SyntheticControl.placeboInSpace(problem, treated: 0, options: options)
        return summary(la, episode: episode, outcome: outcome, problem: problem, units: units, inference: inference)
    }

    /// The LAs that get a synthetic comparator, each one's first episode of those models, and
    /// the donor pool: LAs never under intervention.
    static func candidates(_ study: Study) -> (las: [LocalAuthority], firstEpisode: [String: SupportEpisode], donorPool: [LocalAuthority]) {
        let intervention = Set(study.support.filter { $0.programme == .intervention }.map(\.laCode))
        let firstEpisode = Dictionary(grouping: study.support.filter { models.contains($0.model) }, by: \.laCode)
            .compactMapValues { $0.min { $0.start < $1.start } }
        return (study.localAuthorities.filter { firstEpisode[$0.newCode] != nil }, firstEpisode,
                study.localAuthorities.filter { !intervention.contains($0.newCode) })
    }

    /// The synthetic-control problem of one LA (unit 0) against its donors (see `compare`).
    static func problem(_ la: LocalAuthority, start: Int, outcome: OutcomeSpec, matrix: OutcomeMatrix,
                        donorPool: [LocalAuthority]) throws -> (problem: SyntheticControlProblem, units: [LocalAuthority]) {
        let series = matrix.series(la.newCode)
        let used = matrix.years.indices.filter { series[$0].isFinite }
        let pre = used.filter { matrix.years[$0] < start }
        guard pre.count >= minimumPreYears, used.contains(where: { matrix.years[$0] >= start }) else {
            throw ComparatorError("needs \(minimumPreYears) years with data before \(start) and one from it")
        }
        let donors = donorPool.filter { donor in
            let values = matrix.series(donor.newCode)
            return used.allSatisfy { values[$0].isFinite }
        }
        guard donors.count >= minimumDonors else {
            throw ComparatorError("only \(donors.count) LAs never under intervention have data in every year used: at least \(minimumDonors) are needed")
        }
        let units = [la] + donors
        let columns = units.map { unit in used.map { matrix.series(unit.newCode)[$0] } }
        let years = used.map { matrix.years[$0] }
        let earlier = Array(pre.indices.prefix(pre.count / 2))
        let summaries: [(String, [Int])] = [("mean \(years[0])–\(years[pre.count - 1])", Array(pre.indices)),
                                            ("mean \(years[0])–\(years[earlier.last!])", earlier),
                                            ("\(years[pre.count - 1])", [pre.count - 1])]
        let predictors = Matrix(columns: columns.map { column in
            summaries.map { _, rows in rows.map { column[$0] }.reduce(0, +) / Double(rows.count) }
        })
        let problem = try SyntheticControlProblem(
            units: units.map(\.newCode), times: years.map(Double.init), outcome: Matrix(columns: columns), predictors: predictors,
            predictorNames: summaries.map { "\(outcome.indicator) \($0.0)" }, fitTimes: Array(pre.indices),
            treatmentStart: Double(start))
        return (problem, units)
    }

    /// Equal predictor weights for the three summaries (see `compare`).
    static let options = SyntheticControl.Options(fixedV: [1, 1, 1])

    static func summary(_ la: LocalAuthority, episode: SupportEpisode, outcome: OutcomeSpec, problem: SyntheticControlProblem,
                        units: [LocalAuthority], inference: PlaceboInSpaceResult) -> SyntheticComparison {
        let fit = inference.treated
        let retained = inference.retained(maxPreMSPEMultiple: retainMultiple)
        let banded = retained.count >= minimumBandPlacebos ? retained : inference.placebos
        let band = problem.times.indices.map { t -> [Double] in
            let gaps = banded.map { $0.gaps[t] }
            return [0.05, 0.5, 0.95].map { Bootstrap.quantile(gaps, $0) }
        }
        let weights = zip(fit.donors, fit.donorWeights).filter { $0.1 > 0.001 }.sorted { $0.1 > $1.1 }
            .map { SyntheticComparison.Weight(la: units[$0.0].newCode, name: units[$0.0].name, weight: $0.1) }
        let post = problem.postTimes
        let actual = problem.times.indices.map { problem.outcome[$0, 0] }
        return SyntheticComparison(
            la: la.newCode, name: la.name, model: episode.model, startYear: Int(problem.treatmentStart), indicator: outcome.indicator,
            polarity: outcome.polarity, donors: units.count - 1, weights: weights, years: problem.times.map { Int($0) },
            actual: actual, synthetic: fit.synthetic, placeboLower: band.map { $0[0] }, placeboMedian: band.map { $0[1] }, placeboUpper: band.map { $0[2] },
            preRMSPE: fit.preRMSPE, postRMSPE: fit.postRMSPE, postPreRatio: fit.postPreRatio,
            pValue: inference.pValue(), pValueRetained: inference.pValue(maxPreMSPEMultiple: retainMultiple),
            placebos: inference.placebos.count, retainedPlacebos: retained.count, bandPlacebos: banded.count,
            meanPostGap: post.map { fit.gaps[$0] }.reduce(0, +) / Double(post.count))
    }
}
