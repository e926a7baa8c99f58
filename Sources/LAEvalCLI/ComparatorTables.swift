import Foundation
import LAEvalData
import LAEvalStudy

/// The comparator stage's tidy tables: statistical neighbours and each supported LA beside them.
enum ComparatorTables {
    static func tables(_ comparators: ComparatorResults, number: (Double?) -> String) -> [(String, String)] {
        var tables: [(String, String)] = []
        if let neighbours = comparators.neighbours {
            var sets = CSVWriter(), trajectories = CSVWriter()
            sets.write(["new_la_code", "la_name", "rank", "neighbour_la_code", "neighbour_la_name", "distance", "relative_distance", "band", "source"])
            for set in neighbours.sets {
                for (rank, n) in set.neighbours.enumerated() {
                    sets.write([set.la, set.name, String(rank + 1), n.la, n.name, number(n.distance), number(n.relativeDistance), n.band ?? "", neighbours.source])
                }
            }
            trajectories.write(["new_la_code", "la_name", "indicator", "first_support_model", "support_start_year", "time_period", "value",
                                "neighbour_mean", "neighbour_median", "neighbours_with_value", "gap"])
            for c in neighbours.comparisons {
                for p in c.trajectory.points {
                    trajectories.write([c.la, c.name, c.indicator, c.model.rawValue, String(c.startYear), String(Int(p.time)), number(p.value),
                                        number(p.neighbourMean), number(p.neighbourMedian), String(p.neighbourCount), number(p.gap)])
                }
            }
            tables += [("tables/neighbours.csv", sets.text), ("tables/neighbour_comparisons.csv", trajectories.text)]
        }
        var synthetic = CSVWriter(), weights = CSVWriter()
        synthetic.write(["new_la_code", "la_name", "model", "start_year", "indicator", "time_period", "actual", "synthetic", "gap",
                         "placebo_p05", "placebo_median", "placebo_p95", "pre_rmspe", "post_rmspe", "post_pre_ratio", "p_value",
                         "p_value_good_fits", "placebos", "placebos_good_fits", "placebos_in_band"])
        weights.write(["new_la_code", "indicator", "donor_la_code", "donor_la_name", "weight"])
        for c in comparators.synthetic {
            for t in c.years.indices {
                synthetic.write([c.la, c.name, c.model.rawValue, String(c.startYear), c.indicator, String(c.years[t]), number(c.actual[t]),
                                 number(c.synthetic[t]), number(c.gaps[t]), number(c.placeboLower[t]), number(c.placeboMedian[t]),
                                 number(c.placeboUpper[t]), number(c.preRMSPE), number(c.postRMSPE), number(c.postPreRatio), number(c.pValue),
                                 number(c.pValueRetained), String(c.placebos), String(c.retainedPlacebos), String(c.bandPlacebos)])
            }
            for w in c.weights { weights.write([c.la, c.indicator, w.la, w.name, number(w.weight)]) }
        }
        tables += [("tables/synthetic_controls.csv", synthetic.text), ("tables/synthetic_control_weights.csv", weights.text)]
        var matched = CSVWriter()
        matched.write(["programme", "indicator", "polarity", "att", "se", "ci_lower", "ci_upper", "did_att", "did_se", "treated_las",
                       "treated_las_matched", "comparison_las", "cohorts"])
        for m in comparators.matched {
            matched.write([m.programme.rawValue, m.indicator, m.polarity.rawValue, number(m.att), number(m.se), number(m.ciLower), number(m.ciUpper),
                           number(m.didATT), number(m.didSE), String(m.treated), String(m.treatedMatched), String(m.controlsMatched), String(m.cohorts)])
        }
        tables.append(("tables/matched_comparisons.csv", matched.text))
        return tables
    }
}
