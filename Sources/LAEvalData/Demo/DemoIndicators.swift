import Foundation
import LAEvalCore
import LAEvalStats

/// Simulates the annual EES indicator files of the demo: every LA every year 2011-2025, with
/// national and regional rows, LA-level variation, trends, autocorrelated noise, a dip where
/// services are weak, the planted support effects, and suppressed cells.
struct DemoIndicators {
    static let years = Array((2011...2025).reversed())

    let las: DemoLocalAuthorities
    let history: DemoHistory
    /// Child population by LA and year (index year - 2011).
    private(set) var population: [[Double]] = []
    /// Simulated values by spec, LA and year (index year - 2011), before suppression.
    private(set) var values: [[[Double]]] = []
    private var episodesByLA: [[SupportEpisode]] = []

    init(las: DemoLocalAuthorities, history: DemoHistory, rng: inout SeededGenerator) {
        self.las = las
        self.history = history
        let byCode = Dictionary(grouping: history.support, by: \.laCode)
        episodesByLA = las.authorities.map { byCode[$0.newCode] ?? [] }
        simulatePopulation(rng: &rng)
        let qualityLevel = standardised(history.baseQuality.map { $0.reduce(0, +) / Double($0.count) })
        for spec in DemoIndicatorSpecs.all {
            var specRNG = rng.substream(spec.name)
            values.append(las.authorities.indices.map { index in
                simulate(spec, index: index, qualityLevel: qualityLevel[index], rng: &specRNG)
            })
        }
    }

    private mutating func simulatePopulation(rng: inout SeededGenerator) {
        population = las.childPopulation.map { latest in
            let growth = 0.003 + 0.004 * rng.normal()
            return (2011...2025).map { year in (latest * pow(1 + growth, Double(year - 2025))).rounded() }
        }
    }

    private func standardised(_ xs: [Double]) -> [Double] {
        let mean = xs.reduce(0, +) / Double(xs.count)
        let sd = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
        return xs.map { ($0 - mean) / sd }
    }

    /// The planted effect on an indicator for LA `index` at 31 March of `year`.
    func plantedEffect(_ spec: DemoIndicatorSpec, index: Int, year: Int, model: SupportModel) -> Double {
        let strength = DemoEffects.strength(of: episodesByLA[index], model: model, on: .endOfReportingYear(year))
        guard strength > 0 else { return 0 }
        return spec.fullEffect(model) * DemoEffects.contextMultiplier(deprivationZ: las.deprivationZ[index]) * strength
    }

    private func simulate(_ spec: DemoIndicatorSpec, index: Int, qualityLevel: Double, rng: inout SeededGenerator) -> [Double] {
        let loading = spec.qualityLoading
        let level = spec.betweenSD * (spec.worseDirection * -loading * qualityLevel + (1 - loading * loading).squareRoot() * rng.normal())
        let quality = history.baseQuality[index]
        let qualityMean = quality.reduce(0, +) / Double(quality.count)
        let rho = spec.autocorrelation
        var noise = rng.normal()
        var result: [Double] = []
        for year in 2011...2025 {
            if year > 2011 { noise = rho * noise + (1 - rho * rho).squareRoot() * rng.normal() }
            let dip = spec.worseDirection * -0.3 * (quality[year - 2011] - qualityMean) / 0.8
            var value = spec.mean(in: year) + level + spec.withinSD * (0.954 * noise + dip)
            for model in SupportModel.allCases { value += plantedEffect(spec, index: index, year: year, model: model) }
            result.append(min(max(value, spec.bounds.lowerBound), spec.bounds.upperBound))
        }
        return result
    }

    // MARK: EES files

    func files(rng: inout SeededGenerator) -> [IndicatorFile] {
        DemoIndicatorSpecs.files.map { file in
            var fileRNG = rng.substream(file)
            return indicatorFile(file, rng: &fileRNG)
        }
    }

    private func indicatorFile(_ file: String, rng: inout SeededGenerator) -> IndicatorFile {
        let specs = DemoIndicatorSpecs.all.enumerated().filter { $0.element.file == file }
        let geography = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
                         "region_code", "region_name", "old_la_code", "new_la_code", "la_name"]
        var text = [[String]](repeating: [], count: geography.count)
        var indicators = [[IndicatorValue]](repeating: [], count: specs.count)
        let regions = regionList()
        func addRow(year: Int, level: String, region: (code: String, name: String)?, la: LocalAuthority?, cells: [IndicatorValue]) {
            let row = [String(year), "Reporting year", level, "E92000001", "England", region?.code ?? "", region?.name ?? "",
                       la?.oldCode ?? "", la?.newCode ?? "", la?.name ?? ""]
            for (column, value) in row.enumerated() { text[column].append(value) }
            for (column, value) in cells.enumerated() { indicators[column].append(value) }
        }
        for year in Self.years {
            let y = year - 2011
            addRow(year: year, level: "National", region: nil, la: nil,
                   cells: specs.map { aggregate($0.offset, year: y, members: Array(las.authorities.indices), decimals: $0.element.decimalPlaces) })
            for region in regions {
                let members = las.authorities.indices.filter { las.authorities[$0].regionCode == region.code }
                addRow(year: year, level: "Regional", region: region, la: nil,
                       cells: specs.map { aggregate($0.offset, year: y, members: members, decimals: $0.element.decimalPlaces) })
            }
            for (index, la) in las.authorities.enumerated() {
                let cells = specs.map { spec in
                    suppressed(spec.element, la: la, population: population[index][y], rng: &rng)
                        ?? .number(rounded(values[spec.offset][index][y], spec.element.decimalPlaces))
                }
                addRow(year: year, level: "Local authority", region: (la.regionCode, la.regionName), la: la, cells: cells)
            }
        }
        let columns = text.map { EESTable.Column.text($0) } + indicators.map { EESTable.Column.indicator($0) }
        let table = EESTable(columnNames: geography + specs.map(\.element.name), columns: columns,
                             sourceLines: Array(2..<(2 + text[0].count)))
        let meta = specs.map { spec in
            EESMetaRow(colName: spec.element.name, colType: .indicator, label: "\(spec.element.label) [SIMULATED]",
                       indicatorUnit: spec.element.unit, indicatorDP: String(spec.element.decimalPlaces))
        }
        return IndicatorFile(name: file, table: table, meta: meta)
    }

    private func regionList() -> [(code: String, name: String)] {
        var seen: [(String, String)] = []
        for la in las.authorities where !seen.contains(where: { $0.0 == la.regionCode }) { seen.append((la.regionCode, la.regionName)) }
        return seen.sorted { $0.0 < $1.0 }
    }

    /// A child-population-weighted mean of the members' simulated values.
    private func aggregate(_ spec: Int, year: Int, members: [Int], decimals: Int) -> IndicatorValue {
        var total = 0.0, weight = 0.0
        for index in members {
            total += values[spec][index][year] * population[index][year]
            weight += population[index][year]
        }
        return .number(rounded(total / weight, decimals))
    }

    private func rounded(_ value: Double, _ places: Int) -> Double {
        let factor = pow(10, Double(places))
        return (value * factor).rounded() / factor
    }

    /// EES symbols: percentages of very small LAs are suppressed (c) most years, City of London
    /// has no long-term looked-after children (z), and a few cells anywhere are unavailable (x)
    /// or of low reliability (u).
    private func suppressed(_ spec: DemoIndicatorSpec, la: LocalAuthority, population: Double, rng: inout SeededGenerator) -> IndicatorValue? {
        let draw = rng.uniform()
        if la.oldCode == "201", spec.name == "placement_stability_long_term_percent" { return .missing(.notApplicable) }
        if population < 5_000, spec.suppressSmall, draw < 0.8 { return .missing(.confidential) }
        if population < 5_000, spec.name == "cla_rate_per_10000", draw < 0.3 { return .missing(.low) }
        if draw > 0.994 { return .missing(.lowReliability) }
        if draw > 0.988 { return .missing(.unavailable) }
        return nil
    }
}
