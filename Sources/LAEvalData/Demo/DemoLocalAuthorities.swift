import LAEvalCore
import LAEvalStats

/// The demo's LAs: the 153 English LAs with children's services live on 31 March 2025 (real
/// names, codes and regions from DfE's lookup) with simulated context.
struct DemoLocalAuthorities {
    static let asAt = CalendarDate(year: 2025, month: 3, day: 31)!
    static let mapping = """
        The 153 LAs live on 31 March 2025, simulated on these boundaries for every year (harmonised). \
        Predecessors map forward: Bournemouth (837) and Poole (836) to BCP (839) and Dorset county (835) to Dorset (838) \
        from April 2019; Northamptonshire (928) to North (940) and West (941) Northamptonshire from April 2021; \
        Cumbria (909) to Cumberland (942) and Westmorland and Furness (943) from April 2023. \
        Barnsley and Sheffield keep the codes they had before 1 May 2025.
        """

    var authorities: [LocalAuthority]
    /// Standardised deprivation by position in `authorities`.
    var deprivationZ: [Double]
    /// Child population (0-17) in 2025 by position.
    var childPopulation: [Double]

    init(lookup: LALookup, rng: inout SeededGenerator) {
        let live = lookup.live(on: Self.asAt)
        var authorities: [LocalAuthority] = []
        var deprivation: [Double] = []
        var population: [Double] = []
        for entry in live {
            let entity = String(entry.newCode.prefix(3))
            let z = rng.normal()
            let depShift = Self.regionalDeprivationShift[entry.regionCode] ?? 0
            let typeShift: Double = entity == "E08" ? 0.04 : entity == "E10" ? -0.03 : 0
            let score = min(0.45, max(0.04, 0.17 + depShift + typeShift + 0.05 * z))
            let logShift: Double = entity == "E10" ? 0.85 : entity == "E08" ? 0.2 : entity == "E09" ? -0.05 : -0.3
            var children = (11.0 + logShift + 0.35 * rng.normal()).exp()
            if entry.oldCode == "201" { children = 1_300 }  // City of London
            if entry.oldCode == "420" { children = 350 }  // Isles of Scilly
            let ruralMean: Double = entity == "E10" ? 0.38 : entity == "E06" ? 0.22 : entity == "E08" ? 0.06 : 0
            let rurality = entity == "E09" ? 0 : min(0.9, max(0, ruralMean + 0.12 * rng.normal()))
            let context: [String: Double] = [
                "child_population": children.rounded(),
                "deprivation": (score * 1000).rounded() / 1000,
                "rurality": (rurality * 1000).rounded() / 1000,
            ]
            authorities.append(LocalAuthority(newCode: entry.newCode, oldCode: entry.oldCode, name: entry.name,
                                              regionCode: entry.regionCode, regionName: entry.regionName,
                                              alliance: "\(entry.regionName) Regional Improvement and Innovation Alliance",
                                              context: context))
            deprivation.append(score)
            population.append(children.rounded())
        }
        let mean = deprivation.reduce(0, +) / Double(deprivation.count)
        let sd = (deprivation.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(deprivation.count - 1)).squareRoot()
        self.authorities = authorities
        self.deprivationZ = deprivation.map { ($0 - mean) / sd }
        self.childPopulation = population
    }

    /// Shifts of the share of children in income-deprived families by region (simulated, in
    /// the direction of IDACI's published regional pattern).
    static let regionalDeprivationShift: [String: Double] = [
        "E12000001": 0.05, "E12000002": 0.04, "E12000003": 0.03, "E12000004": 0.0, "E12000005": 0.03,
        "E12000006": -0.03, "E12000007": 0.03, "E12000008": -0.04, "E12000009": -0.03,
    ]
}

extension Double {
    func exp() -> Double { Foundation.exp(self) }
}

import Foundation
