import Foundation
import LAEvalCore
import LAEvalEstimators
import LAEvalStats

/// How local context changes success (aim c). For each comparison of the plan and each
/// moderator (each numeric context column of the plan's moderators, in thirds of the LAs'
/// values; the LA's grade before support; its region), Callaway–Sant'Anna is refitted with only the
/// treated LAs of one subgroup (all comparison LAs kept), on every outcome, and the subgroups'
/// overall improvements are compared with a Wald test whose covariance comes from the fits'
/// influence functions (the subgroups share their comparison LAs), and a linear trend across
/// ordered subgroups (not for regions). Subgroups with fewer treated LAs than `minimumTreated`
/// are left out. Each continuous moderator also gets a treatment × moderator interaction per
/// outcome (`ContextInteractions`), which uses the whole range of the variable.
/// Configurations of context and support that go with a better next grade are found by QCA
/// (`configurations`).
public enum ContextAnalysis {
    public static let priorGrade = "prior grade"
    public static let region = "region"

    public static func run(_ study: Study, options: ImpactAnalysis.Options, minimumTreated: Int = 5) -> ContextResults {
        var csOptions = options
        csOptions.design = .callawaySantAnna
        let plan = study.description.plan
        let scales = plan.outcomes.compactMap { outcome in OutcomeObservations(study, outcome).map { (outcome, ComparativeEffectiveness.withinSD($0)) } }
            .filter { $0.1 > 0 }
        let tasks = plan.comparisons.flatMap { t in moderators(study).map { (t, $0) } }
        let fitOptions = csOptions
        let moderations: [ContextResults.Moderation] = parallelMap(tasks.count) { k in
            moderation(study, treatment: tasks[k].0, moderator: tasks[k].1, scales: scales, options: fitOptions, minimumTreated: minimumTreated)
        }
        return ContextResults(
            method: "Callaway–Sant'Anna (\(csOptions.control.rawValue) comparison units, \(csOptions.estimator.rawValue)) refitted per subgroup of treated LAs with every comparison LA kept; overall improvement in within-LA SDs averaged over the outcomes; Wald test of equal subgroup effects from the influence functions; treatment × context interactions from the imputation design (BJS conservative SEs, Holm over each treatment's moderators × outcomes); QCA of the next grade after support (docs/methods/context.md)",
            minimumTreated: minimumTreated, moderations: moderations.filter { !$0.subgroups.isEmpty || !$0.skipped.isEmpty },
            interactions: ContextInteractions.run(study, options: options, scales: scales),
            configurations: plan.comparisons.compactMap(Programme.init(rawValue:)).map { QCAOfGrades.run(study, programme: $0) })
    }

    /// A moderator: a name and a partition of the LAs into ordered, labelled subgroups.
    struct Moderator: Sendable {
        var name: String
        var groups: [(label: String, las: Set<String>)]
        /// Whether the groups have an order, so that a trend across them means something.
        var ordered = true
    }

    static func moderators(_ study: Study) -> [Moderator] {
        var result: [Moderator] = []
        for name in study.description.plan.moderators {
            let values = study.localAuthorities.compactMap { la in la.context[name].map { (la.newCode, $0) } }
            guard values.count >= 6 else { continue }
            let sorted = values.map(\.1).sorted()
            let (low, high) = (Bootstrap.quantile(sorted, 1.0 / 3), Bootstrap.quantile(sorted, 2.0 / 3))
            let f = { (x: Double) in NumberText3.format(x) }
            result.append(Moderator(name: name, groups: [
                ("lowest third (≤ \(f(low)))", Set(values.filter { $0.1 <= low }.map(\.0))),
                ("middle third", Set(values.filter { $0.1 > low && $0.1 <= high }.map(\.0))),
                ("highest third (> \(f(high)))", Set(values.filter { $0.1 > high }.map(\.0))),
            ]))
        }
        result.append(Moderator(name: priorGrade, groups: []))
        let regions = Dictionary(grouping: study.localAuthorities, by: \.regionCode)
        result.append(Moderator(name: region, groups: regions.keys.sorted().map { code in
            (regions[code]!.first!.regionName, Set(regions[code]!.map(\.newCode)))
        }, ordered: false))
        return result
    }

    /// The last graded judgement before the LA's first episode of the treatment.
    static func gradesBefore(_ study: Study, treatment: String) -> [String: Grade] {
        let first = Dictionary(grouping: study.support.filter { $0.model.rawValue == treatment || $0.programme.rawValue == treatment }, by: \.laCode)
            .mapValues { $0.map(\.start).min()! }
        var result: [String: Grade] = [:]
        for (la, start) in first {
            result[la] = study.inspections.filter { $0.laCode == la && $0.date <= start && $0.overall != nil }.max { $0.date < $1.date }?.overall
        }
        return result
    }

    static func moderation(_ study: Study, treatment: String, moderator: Moderator, scales: [(OutcomeSpec, Double)],
                           options: ImpactAnalysis.Options, minimumTreated: Int) -> ContextResults.Moderation {
        let treated = Set(ImpactAnalysis.cohorts(study, treatment: treatment, anchor: options.anchor).keys)
        var groups = moderator.groups
        if moderator.name == priorGrade {
            let before = gradesBefore(study, treatment: treatment)
            groups = [("Inadequate", Set(before.filter { $0.value == .inadequate }.keys)),
                      ("Requires improvement", Set(before.filter { $0.value == .requiresImprovement }.keys)),
                      ("Good or outstanding", Set(before.filter { $0.value.isGoodOrBetter }.keys))]
        }
        var subgroups: [ContextResults.Subgroup] = [], weights: [[String: Double]] = [], skipped: [String] = []
        for group in groups {
            let members = treated.intersection(group.las)
            guard members.count >= minimumTreated, let (value, w) = composite(study, treatment: treatment, subset: members, scales: scales, options: options) else {
                if !members.isEmpty || Self.listsEmptySubgroups(moderator.name) { skipped.append("\(group.label) (\(members.count) treated)") }
                continue
            }
            let se = EstimateInfluence.sumOfSquares(w).squareRoot()
            subgroups.append(.init(label: group.label, treated: members.count, improvement: value, se: se,
                                   ciLower: value - 1.959963984540054 * se, ciUpper: value + 1.959963984540054 * se))
            weights.append(w)
        }
        let (heterogeneity, trend) = tests(subgroups.map(\.improvement), weights: weights)
        return .init(treatment: treatment, moderator: moderator.name, subgroups: subgroups, heterogeneity: heterogeneity,
                     trend: moderator.ordered ? trend : nil, skipped: skipped)
    }

    /// Thirds are listed when too small even if empty; grades and regions only when some LA is in them.
    static func listsEmptySubgroups(_ moderator: String) -> Bool { moderator != priorGrade && moderator != region }

    /// The overall improvement of one subgroup and its influence weights by LA.
    static func composite(_ study: Study, treatment: String, subset: Set<String>, scales: [(OutcomeSpec, Double)],
                          options: ImpactAnalysis.Options) -> (Double, [String: Double])? {
        var value = 0.0, weights: [String: Double] = [:]
        for (outcome, sd) in scales {
            guard let influence = ImpactAnalysis.estimateWithInfluence(study, treatment: treatment, outcome: outcome, options: options,
                                                                       treatedSubset: subset).influence else { return nil }
            let c = (outcome.polarity == .lowerIsBetter ? -1.0 : 1.0) / sd / Double(scales.count)
            value += c * influence.att
            for (la, w) in influence.weights { weights[la, default: 0] += c * w }
        }
        return (value, weights)
    }

    static func tests(_ values: [Double], weights: [[String: Double]]) -> (ContextResults.Test?, ContextResults.Trend?) {
        guard values.count >= 2 else { return (nil, nil) }
        let covariance = weights.map { a in weights.map { b in EstimateInfluence.crossProduct(a, b) } }
        let differences = (1..<values.count).map { values[$0] - values[0] }
        let contrast = (1..<values.count).map { s in (1..<values.count).map { t in covariance[s][t] - covariance[s][0] - covariance[0][t] + covariance[0][0] } }
        let heterogeneity = WaldTest(differences, covariance: Matrix(contrast)).map { ContextResults.Test(statistic: $0.statistic, df: $0.df, p: $0.p) }
        let last = values.count - 1
        let steps = Double(last)
        let variance = (covariance[last][last] - 2 * covariance[last][0] + covariance[0][0]) / (steps * steps)
        let perStep = (values[last] - values[0]) / steps
        let trend = variance > 0 ? ContextResults.Trend(perStep: perStep, se: variance.squareRoot(), p: 2 * Normal.standardCDF(-abs(perStep) / variance.squareRoot())) : nil
        return (heterogeneity, trend)
    }
}

/// Three significant figures for subgroup labels.
enum NumberText3 {
    static func format(_ x: Double) -> String { String(format: "%.3g", x) }
}
