import Foundation
import LAEvalCore
import LAEvalStats

/// What each programme and support model cost, at the study's price base: costs.csv rows rebased
/// with the study's deflator where recorded at another price base; rows of a programme with no
/// model (overheads) shared among its models in proportion to their own costs; LA-years of
/// support counted by financial year (April–March) inside the study period, an LA counting at
/// most one year per year for a programme.
public struct SupportCosts: Sendable, Codable, Equatable {
    public struct Treatment: Sendable, Codable, Equatable {
        public var treatment: String
        /// Real total at the price base, before optimism bias.
        public var totalGBP: Double
        /// Of which overheads and costs not attributed to a receiving LA (shared per LA-year).
        public var unattributedGBP: Double
        public var las: Int
        public var laYears: Double
        public var costPerLAYear: Double
        /// The median length of an LA's support, in years.
        public var medianYears: Double

        /// Keys that survive snake_case encoding and decoding (total_gbp ↔ totalGbp).
        enum CodingKeys: String, CodingKey {
            case treatment, las, laYears, medianYears
            case totalGBP = "totalGbp", unattributedGBP = "unattributedGbp", costPerLAYear = "costPerLaYear"
        }
    }

    public var treatments: [Treatment]
    /// Each receiving LA's attributed cost and LA-years, by treatment (for the cost bootstrap).
    public var byLA: [String: [LAShare]]
    public var warnings: [String]

    public struct LAShare: Sendable, Codable, Equatable {
        public var la: String
        public var costGBP: Double
        public var laYears: Double

        enum CodingKeys: String, CodingKey { case la, laYears, costGBP = "costGbp" }
    }

    public init(study: Study, treatments names: [String]) {
        let economics = study.description.plan.economics
        var warnings: [String] = []
        let deflator = try? DeflatorSeries(labelled: economics.deflator)
        var rebaseFailures = Set<Int>()
        let real: [(cost: Cost, amount: Double)] = study.costs.map { cost in
            guard cost.priceBase != economics.priceBase else { return (cost, cost.amountGBP) }
            guard let deflator, let amount = try? deflator.rebase(cost.amountGBP, from: cost.priceBase, to: economics.priceBase) else {
                rebaseFailures.insert(cost.priceBase)
                return (cost, cost.amountGBP)
            }
            return (cost, amount)
        }
        for base in rebaseFailures.sorted() {
            warnings.append("costs at \(base) prices could not be rebased to \(economics.priceBase) (economics.deflator has no index for both years): used as recorded")
        }
        var result: [Treatment] = [], byLA: [String: [LAShare]] = [:]
        for treatment in names {
            let model = SupportModel(rawValue: treatment)
            let programme = model?.programme ?? Programme(rawValue: treatment)
            guard let programme else { continue }
            let years = Self.laYears(study, treatment: treatment)
            let receiving = Set(years.keys)
            let own = real.filter { model == nil ? $0.cost.programme == programme : $0.cost.model == model }
            var overhead = real.filter { $0.cost.programme == programme && $0.cost.model == nil }.reduce(0) { $0 + $1.amount }
            if model != nil {
                // the model's share of its programme's overheads, in proportion to the models' own costs
                let programmeOwn = real.filter { $0.cost.programme == programme && $0.cost.model != nil }.reduce(0) { $0 + $1.amount }
                let modelOwn = own.reduce(0) { $0 + $1.amount }
                overhead = programmeOwn > 0 ? overhead * modelOwn / programmeOwn : 0
            } else {
                overhead = 0  // a programme's own rows already include its overheads
            }
            var attributed: [String: Double] = [:]
            for row in own { if let la = row.cost.laCode, receiving.contains(la) { attributed[la, default: 0] += row.amount } }
            let total = own.reduce(0) { $0 + $1.amount } + overhead
            let laYears = years.keys.sorted().reduce(0) { $0 + years[$1]! }
            let unattributed = total - attributed.keys.sorted().reduce(0) { $0 + attributed[$1]! }
            let lengths = Self.episodeYears(study, treatment: treatment)
            result.append(Treatment(treatment: treatment, totalGBP: total, unattributedGBP: unattributed, las: receiving.count, laYears: laYears,
                                    costPerLAYear: laYears > 0 ? total / laYears : .nan,
                                    medianYears: lengths.isEmpty ? .nan : Bootstrap.quantile(lengths, 0.5)))
            byLA[treatment] = receiving.sorted().map { LAShare(la: $0, costGBP: attributed[$0] ?? 0, laYears: years[$0]!) }
            if total == 0, laYears > 0 { warnings.append("\(treatment): no costs recorded in costs.csv") }
        }
        if !result.isEmpty, result.allSatisfy({ $0.totalGBP == 0 }) {
            warnings = ["costs.csv records no cost of the support compared: no value-for-money analysis is possible"]
        }
        treatments = result
        self.byLA = byLA
        self.warnings = warnings
    }

    /// LA-years of support by LA: per financial year inside the study period, the largest share
    /// of the year any of the LA's matching episodes was active.
    static func laYears(_ study: Study, treatment: String) -> [String: Double] {
        let episodes = study.support.filter { $0.model.rawValue == treatment || $0.programme.rawValue == treatment }
        var result: [String: Double] = [:]
        for (la, own) in Dictionary(grouping: episodes, by: \.laCode) {
            var total = 0.0
            for year in study.description.period.firstYear...study.description.period.lastYear {
                total += own.map { $0.activeShare(financialYear: year) }.max() ?? 0
            }
            if total > 0 { result[la] = total }
        }
        return result
    }

    /// Each episode's length in years (open episodes to their last year in the study period).
    static func episodeYears(_ study: Study, treatment: String) -> [Double] {
        let end = CalendarDate(year: study.description.period.lastYear + 1, month: 3, day: 31)!
        return study.support.filter { $0.model.rawValue == treatment || $0.programme.rawValue == treatment }
            .map { Double($0.start.days(until: min($0.end ?? end, end)) + 1) / 365.25 }
    }

    /// One bootstrap replicate of the cost per LA-year: receiving LAs resampled with
    /// replacement (their attributed costs and LA-years together); costs not attributed to a
    /// receiving LA are fixed and shared per LA-year.
    func resampledCostPerLAYear(_ treatment: String, generator: inout SeededGenerator) -> Double {
        guard let shares = byLA[treatment], !shares.isEmpty, let t = treatments.first(where: { $0.treatment == treatment }) else { return .nan }
        var cost = 0.0, years = 0.0
        for _ in shares.indices {
            let pick = shares[Int(generator.next() % UInt64(shares.count))]
            cost += pick.costGBP
            years += pick.laYears
        }
        return years > 0 ? cost / years + t.unattributedGBP / t.laYears : .nan
    }
}
