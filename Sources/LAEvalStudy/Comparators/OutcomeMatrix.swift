import Foundation
import LAEvalCore

/// One outcome as a matrix of LAs by reporting year (NaN where missing), for the comparators.
/// Combined LA rows give their value to each LA they cover, as in the impact stage.
struct OutcomeMatrix {
    let years: [Int]
    private var rows: [String: [Double]]

    init?(_ study: Study, _ outcome: OutcomeSpec) {
        guard let observations = OutcomeObservations(study, outcome) else { return nil }
        let period = study.description.period
        years = Array(period.firstYear...period.lastYear)
        var rows: [String: [Double]] = [:]
        for i in observations.codes.indices {
            rows[observations.codes[i], default: [Double](repeating: .nan, count: years.count)][observations.years[i] - period.firstYear] = observations.values[i]
        }
        self.rows = rows
    }

    /// The LA's value in every year of the study period; all NaN for an LA without data.
    func series(_ code: String) -> [Double] {
        rows[code] ?? [Double](repeating: .nan, count: years.count)
    }

    /// The years index of a reporting year, nil outside the period.
    func index(of year: Int) -> Int? {
        years.first.flatMap { first in year >= first && year - first < years.count ? year - first : nil }
    }
}

extension Study {
    /// Each supported LA's first support episode (earliest start), by LA code.
    var firstSupport: [String: SupportEpisode] {
        Dictionary(grouping: support, by: \.laCode).compactMapValues { $0.min { $0.start < $1.start } }
    }
}
