import Foundation
import LAEvalCore
import LAEvalStats

/// The scoping stage's data audit, beyond the foundation's `DataAudit`: how long the pre- and
/// post-periods are, how much support overlaps (contamination), whether supported and other
/// LAs overlap in context, how often LAs are inspected, and which LA-years each outcome covers.
public struct ScopingAudit: Sendable, Codable, Equatable {
    /// Pre- and post-period years available to the LAs of one kind of support.
    public struct PeriodLengths: Sendable, Codable, Equatable {
        public var treatment: String
        public var localAuthorities: Int
        public var cohorts: Int
        /// Reporting years in the study before the LA's first year of support.
        public var minimumPreYears: Int
        public var medianPreYears: Double
        /// Reporting years from the first year of support to the end of the study.
        public var minimumPostYears: Int
        public var medianPostYears: Double
        /// LAs with at least two years before support, enough for a pre-trend test.
        public var withTwoPreYears: Int
    }

    /// LAs of one support model that also had support from another programme at the same time.
    public struct Contamination: Sendable, Codable, Equatable {
        public var model: SupportModel
        public var localAuthorities: Int
        public var withConcurrentSupport: Int
        public var clean: Int
    }

    /// One context variable among the LAs of one kind of support and the LAs never given it.
    public struct ContextOverlap: Sendable, Codable, Equatable {
        public var treatment: String
        public var variable: String
        public var treatedMean: Double
        public var comparisonMean: Double
        /// (mean₁ − mean₀) / √((s₁² + s₀²)/2), as MatchIt's and cobalt's balance tables.
        public var standardisedDifference: Double
        /// Share of the supported LAs whose value lies within the comparison LAs' range.
        public var shareWithinComparisonRange: Double
    }

    public struct InspectionFrequency: Sendable, Codable, Equatable {
        /// LAs by their number of graded inspections in the study ("0", "1", "2", "3+").
        public var byGradedInspections: [DataAudit.Count]
        /// LAs with two or more graded inspections: the multi-state model learns from their transitions.
        public var withTwoOrMore: Int
        public var medianYearsBetween: Double?
        /// Consecutive graded judgements of one LA, by from → to grade.
        public var transitions: [DataAudit.Count]
    }

    /// The share of the study's LAs with a value for one outcome in one reporting year.
    public struct CoverageCell: Sendable, Codable, Equatable {
        public var indicator: String
        public var file: String
        public var year: Int
        public var share: Double
    }

    /// How many LAs have an outcome in every year of the study, in some years, or in none.
    public struct SeriesCompleteness: Sendable, Codable, Equatable {
        public var indicator: String
        public var file: String
        public var complete: Int
        public var partial: Int
        public var none: Int
    }

    public var periods: [PeriodLengths]
    public var contamination: [Contamination]
    public var overlap: [ContextOverlap]
    public var inspections: InspectionFrequency
    public var coverage: [CoverageCell]
    /// Difference in differences uses only the LAs with a complete series of an outcome.
    public var completeness: [SeriesCompleteness]

    public init(study: Study, anchor: ImpactAnalysis.Anchor = .supportStart) {
        let period = study.description.period
        let treatments = study.description.plan.comparisons
        periods = treatments.compactMap { treatment in
            Self.periodLengths(treatment, cohorts: ImpactAnalysis.cohorts(study, treatment: treatment, anchor: anchor),
                               first: period.firstYear, last: period.lastYear)
        }
        contamination = Self.contamination(study.support)
        overlap = treatments.flatMap { Self.overlap(study, treatment: $0, variables: study.description.plan.moderators) }
        inspections = Self.inspectionFrequency(study.inspections, localAuthorities: study.localAuthorities.map(\.newCode))
        let matrices = study.description.plan.outcomes.compactMap { outcome in OutcomeMatrix(study, outcome).map { (outcome, $0) } }
        let series = matrices.map { _, matrix in study.localAuthorities.map { matrix.series($0.newCode) } }
        coverage = zip(matrices, series).flatMap { Self.coverage($0.0.0, years: $0.0.1.years, series: $0.1) }
        completeness = zip(matrices, series).map { Self.completeness($0.0.0, series: $0.1) }
    }

    static func completeness(_ outcome: OutcomeSpec, series: [[Double]]) -> SeriesCompleteness {
        let counts = series.map { $0.filter(\.isFinite).count }
        let years = series.first?.count ?? 0
        return SeriesCompleteness(indicator: outcome.indicator, file: outcome.file, complete: counts.filter { $0 == years }.count,
                                  partial: counts.filter { $0 > 0 && $0 < years }.count, none: counts.filter { $0 == 0 }.count)
    }

    static func periodLengths(_ treatment: String, cohorts: [String: Int], first: Int, last: Int) -> PeriodLengths? {
        let starts = cohorts.values.filter { $0 >= first && $0 <= last }
        guard !starts.isEmpty else { return nil }
        let pre = starts.map { $0 - first }, post = starts.map { last - $0 + 1 }
        return PeriodLengths(treatment: treatment, localAuthorities: starts.count, cohorts: Set(starts).count,
                             minimumPreYears: pre.min()!, medianPreYears: Bootstrap.quantile(pre.map(Double.init), 0.5),
                             minimumPostYears: post.min()!, medianPostYears: Bootstrap.quantile(post.map(Double.init), 0.5),
                             withTwoPreYears: pre.filter { $0 >= 2 }.count)
    }

    static func contamination(_ support: [SupportEpisode]) -> [Contamination] {
        let byLA = Dictionary(grouping: support, by: \.laCode)
        return SupportModel.allCases.compactMap { model in
            let las = Set(support.filter { $0.model == model }.map(\.laCode))
            guard !las.isEmpty else { return nil }
            let mixed = las.filter { code in
                let episodes = byLA[code]!
                return episodes.filter { $0.model == model }.contains { own in
                    episodes.contains { $0.programme != own.programme && $0.overlaps(own) }
                }
            }
            return Contamination(model: model, localAuthorities: las.count, withConcurrentSupport: mixed.count, clean: las.count - mixed.count)
        }
    }

    static func overlap(_ study: Study, treatment: String, variables: [String]) -> [ContextOverlap] {
        let treated = Set(study.support.filter { ImpactAnalysis.matches($0, treatment) }.map(\.laCode))
        guard !treated.isEmpty else { return [] }
        return variables.compactMap { name in
            let pairs = study.localAuthorities.compactMap { la in la.context[name].flatMap { $0.isNaN ? nil : (treated.contains(la.newCode), $0) } }
            let one = pairs.filter(\.0).map(\.1), zero = pairs.filter { !$0.0 }.map(\.1)
            guard one.count >= 2, zero.count >= 2 else { return nil }
            let m1 = SampleStatistics.mean(one), m0 = SampleStatistics.mean(zero)
            let s1 = SampleStatistics.standardDeviation(one), s0 = SampleStatistics.standardDeviation(zero)
            let pooled = ((s1 * s1 + s0 * s0) / 2).squareRoot()
            let low = zero.min()!, high = zero.max()!
            return ContextOverlap(treatment: treatment, variable: name, treatedMean: m1, comparisonMean: m0,
                                  standardisedDifference: pooled > 0 ? (m1 - m0) / pooled : 0,
                                  shareWithinComparisonRange: Double(one.filter { $0 >= low && $0 <= high }.count) / Double(one.count))
        }
    }

    static func inspectionFrequency(_ inspections: [Inspection], localAuthorities: [String]) -> InspectionFrequency {
        let graded = Dictionary(grouping: inspections.filter { $0.overall != nil }, by: \.laCode).mapValues { $0.sorted { $0.date < $1.date } }
        let counts = localAuthorities.map { graded[$0]?.count ?? 0 }
        var gaps: [Double] = []
        var moves: [String] = []
        for series in graded.values where series.count >= 2 {
            for (a, b) in zip(series, series.dropFirst()) {
                gaps.append(Double(a.date.days(until: b.date)) / 365.25)
                moves.append("\(a.overall!.rawValue) → \(b.overall!.rawValue)")
            }
        }
        let order = Grade.allCases.flatMap { a in Grade.allCases.map { "\(a.rawValue) → \($0.rawValue)" } }
        return InspectionFrequency(
            byGradedInspections: DataAudit.counts(counts.map { $0 >= 3 ? "3+" : String($0) }, order: ["0", "1", "2", "3+"]),
            withTwoOrMore: counts.filter { $0 >= 2 }.count,
            medianYearsBetween: gaps.isEmpty ? nil : Bootstrap.quantile(gaps, 0.5),
            transitions: DataAudit.counts(moves, order: order))
    }

    /// The share of the study's LAs (the rows of `series`) with a value in each year.
    static func coverage(_ outcome: OutcomeSpec, years: [Int], series: [[Double]]) -> [CoverageCell] {
        let total = Double(max(series.count, 1))
        return years.indices.map { t in
            CoverageCell(indicator: outcome.indicator, file: outcome.file, year: years[t],
                         share: Double(series.filter { $0[t].isFinite }.count) / total)
        }
    }
}
