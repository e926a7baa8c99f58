import LAEvalCore
import LAEvalStats

/// Simulated costs of the support episodes at 2024-25 prices, by programme, model, LA and
/// financial year, at magnitudes in line with published figures (PiP grants of a few £m per
/// partner, e.g. Leeds £9.6m; adviser and commissioner day rates; trust set-up in £m).
enum DemoCosts {
    static let priceBase = 2024

    private struct Key: Hashable, Comparable {
        var programme: Programme
        var model: SupportModel?
        var laCode: String?
        var year: Int
        var kind: Cost.Kind

        static func < (a: Key, b: Key) -> Bool {
            (a.year, a.programme.rawValue, a.model?.rawValue ?? "", a.laCode ?? "", a.kind.rawValue)
                < (b.year, b.programme.rawValue, b.model?.rawValue ?? "", b.laCode ?? "", b.kind.rawValue)
        }
    }

    /// Financial years starting in April 2013 … April 2024 (time_period 201314 … 202425).
    static let financialYears = Array(2013...2024)

    static func timePeriod(startYear: Int) -> Int { startYear * 100 + (startYear + 1) % 100 }

    static func costs(support: [SupportEpisode], alliances: [String], pipProviders: [String], rng: inout SeededGenerator) -> [Cost] {
        var totals: [Key: Double] = [:]
        func add(_ key: Key, _ amount: Double) { totals[key, default: 0] += amount }
        var setupRNG = rng.substream("setup")
        var providerActiveYears: [String: Set<Int>] = [:]
        for episode in support {
            for year in financialYears {
                let share = episode.activeShare(financialYear: year)
                guard share > 0 else { continue }
                let days = episode.intensity ?? 0
                switch episode.model {
                case .commissioner: add(Key(programme: .intervention, model: .commissioner, laCode: episode.laCode, year: year, kind: .staff), days * 1_200 * share)
                case .improvementAdviser: add(Key(programme: .intervention, model: .improvementAdviser, laCode: episode.laCode, year: year, kind: .staff), days * 850 * share)
                case .alternativeDeliveryModel:
                    add(Key(programme: .intervention, model: .alternativeDeliveryModel, laCode: episode.laCode, year: year, kind: .grant), 550_000 * share)
                case .dfeImprovementLead: add(Key(programme: .improvement, model: .dfeImprovementLead, laCode: episode.laCode, year: year, kind: .staff), days * 650 * share)
                case .lgaLeadMember: add(Key(programme: .improvement, model: .lgaLeadMember, laCode: episode.laCode, year: year, kind: .grant), 10_000 * share)
                case .pipPartner:
                    add(Key(programme: .partnersInPractice, model: .pipPartner, laCode: episode.laCode, year: year, kind: .staff), days * 700 * share)
                    if let provider = episode.providerLACode { providerActiveYears[provider, default: []].insert(year) }
                case .regionalAlliance: break  // funded per alliance below
                }
            }
            if episode.model == .alternativeDeliveryModel {
                let year = episode.start.month >= 4 ? episode.start.year : episode.start.year - 1
                add(Key(programme: .intervention, model: .alternativeDeliveryModel, laCode: episode.laCode, year: year, kind: .setup),
                    setupRNG.uniform(1_500_000, 4_000_000))
            }
        }
        var grantRNG = rng.substream("grants")
        for provider in pipProviders {
            for year in (providerActiveYears[provider] ?? []).sorted() {
                add(Key(programme: .partnersInPractice, model: .pipPartner, laCode: provider, year: year, kind: .grant),
                    grantRNG.uniform(1_000_000, 3_000_000))
            }
        }
        for year in financialYears where year >= 2017 {
            for _ in alliances {
                add(Key(programme: .improvement, model: .regionalAlliance, laCode: nil, year: year, kind: .grant), grantRNG.uniform(150_000, 250_000))
            }
        }
        for year in financialYears {
            for programme in Programme.allCases {
                add(Key(programme: programme, model: nil, laCode: nil, year: year, kind: .overhead), grantRNG.uniform(300_000, 600_000))
            }
        }
        return totals.keys.sorted().compactMap { key in
            let amount = totals[key]!.rounded()
            guard amount > 0 else { return nil }
            return Cost(programme: key.programme, model: key.model, laCode: key.laCode, timePeriod: timePeriod(startYear: key.year),
                        amountGBP: amount, priceBase: priceBase, kind: key.kind)
        }
    }
}
