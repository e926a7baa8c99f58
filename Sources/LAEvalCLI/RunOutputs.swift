import Foundation
import LAEvalData
import LAEvalReports
import LAEvalStudy

/// Writes the outputs of `laeval run` (design.md §6): results.json, manifest.json and tables/.
enum RunOutputs {
    /// The JSON style of every laeval output: sorted snake_case keys, and non-finite numbers as
    /// the strings "NaN", "Infinity" and "-Infinity".
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    struct Manifest: Encodable {
        struct Timing: Encodable { var stage: String; var seconds: Double }
        var laevalVersion: String
        var seed: UInt64
        var study: String
        var inputs: [FileHashes.Entry]
        var options: ImpactAnalysis.Options
        var timings: [Timing]
        var outputs: [String]
    }

    /// Writes every output file into `folder` (each atomically) and returns their paths.
    @discardableResult
    static func write(_ results: EvaluationResults, timings: [(stage: String, seconds: Double)], to folder: String) throws -> [String] {
        var files: [(String, String)] = [("results.json", try Terminal.jsonText(results))]
        files += tables(results)
        let clock = ContinuousClock(), start = clock.now
        files += ReportSet.render(results).map { ($0.path, $0.text) }
        let elapsed = start.duration(to: clock.now).components
        let timings = timings + [(stage: "report", seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)]
        let manifest = Manifest(laevalVersion: results.provenance.laevalVersion, seed: results.provenance.seed, study: results.study,
                                inputs: results.provenance.inputs, options: results.impact?.options ?? .init(),
                                timings: timings.map { .init(stage: $0.stage, seconds: $0.seconds) },
                                outputs: files.map(\.0) + ["manifest.json"])
        files.append(("manifest.json", try Terminal.jsonText(manifest)))
        for (path, text) in files { try AtomicFile.write(text, to: (folder as NSString).appendingPathComponent(path)) }
        return files.map(\.0)
    }

    /// Tidy tables with EES-style snake_case column names. Counts of LAs and episodes from 1 to
    /// the disclosure threshold − 1 are published as `c` (no totals are published beside them);
    /// results.json keeps the exact values for the analyst.
    static func tables(_ results: EvaluationResults) -> [(String, String)] {
        // shortest round-trip form (exponent notation for very small p-values); x where there is no value
        func number(_ value: Double?) -> String { value.map { $0.isFinite ? "\($0)" : "x" } ?? "x" }
        func count(_ value: Int) -> String {
            DisclosureControl.isPrimarySensitive(value, threshold: results.disclosureThreshold) ? DisclosureControl.confidentialSymbol : String(value)
        }
        var coverage = CSVWriter()
        coverage.write(["file", "indicator", "first_year", "last_year", "la_rows", "values", "missing_c", "missing_x", "missing_z",
                        "missing_low", "missing_k", "missing_u", "las_with_values"])
        for item in results.audit.indicators {
            let missing = Dictionary(uniqueKeysWithValues: item.missing.map { ($0.key, $0.count) })
            coverage.write([item.file, item.indicator, String(item.firstYear), String(item.lastYear), String(item.laRows), String(item.values)]
                + ["c", "x", "z", "low", "k", "u"].map { String(missing[$0] ?? 0) } + [String(item.localAuthoritiesWithValues)])
        }
        var support = CSVWriter()
        support.write(["programme", "model", "episodes", "las", "ongoing_at_end"])
        for item in results.audit.support {
            support.write([item.programme.rawValue, item.model.rawValue, count(item.episodes), count(item.localAuthorities), count(item.ongoingAtEnd)])
        }
        var tables = [("tables/audit_indicator_coverage.csv", coverage.text), ("tables/audit_support.csv", support.text)]
        if let impact = results.impact {
            var estimates = CSVWriter(), dynamic = CSVWriter()
            estimates.write(["design", "treatment", "indicator", "polarity", "att", "se", "ci_lower", "ci_upper", "las", "treated_las", "dropped_las",
                             "pretrend_statistic", "pretrend_df", "pretrend_p", "failure"])
            dynamic.write(["design", "treatment", "indicator", "event_time", "att", "se"])
            for e in impact.estimates {
                estimates.write([e.options.design.rawValue, e.treatment, e.indicator, e.polarity.rawValue, number(e.att), number(e.se), number(e.ciLower), number(e.ciUpper),
                                 count(e.units), count(e.treatedUnits), count(e.droppedUnits), number(e.pretrend?.statistic),
                                 e.pretrend.map { String($0.df) } ?? "x", number(e.pretrend?.p), e.failure ?? ""])
                for row in e.dynamic { dynamic.write([e.options.design.rawValue, e.treatment, e.indicator, String(row.eventTime), number(row.att), number(row.se)]) }
            }
            tables += [("tables/impact_estimates.csv", estimates.text), ("tables/impact_event_times.csv", dynamic.text)]
        }
        if let judgements = results.judgements { tables += judgementTables(judgements, number: number, count: count) }
        if let comparators = results.comparators { tables += ComparatorTables.tables(comparators, number: number) }
        tables += AimTables.tables(results, number: number, count: count)
        if let survey = results.survey { tables += SurveyTables.tables(survey, threshold: results.disclosureThreshold, number: number, count: count) }
        return tables
    }

    /// The judgement stage's hazard ratios (multi-state model, Cox) and ordinal coefficients, one
    /// row per term, and the multi-state model's intensities (small counts of moves as `c`).
    static func judgementTables(_ judgements: JudgementResults, number: (Double?) -> String, count: (Int) -> String) -> [(String, String)] {
        var effects = CSVWriter(), intensities = CSVWriter()
        effects.write(["model", "term", "moves", "scale", "estimate", "ci_lower", "ci_upper", "planted"])
        func row(_ model: String, _ moves: String, _ scale: String, _ e: IntervalEstimate) {
            effects.write([model, e.term, moves, scale, number(e.estimate), number(e.lower), number(e.upper), number(e.planted)])
        }
        for effect in judgements.multiState.effects {
            if let improving = effect.improving { row("multi_state", "improving", "hazard_ratio", improving) }
            if let declining = effect.declining { row("multi_state", "declining", "hazard_ratio", declining) }
        }
        for term in judgements.leavingInadequate.cox { row("cox_leaving_inadequate", "leaving_inadequate", "hazard_ratio", term) }
        for term in judgements.nextGrade.coefficients { row("ordinal_next_grade", "better_grade", "log_odds_ratio", term) }
        intensities.write(["from_state", "to_state", "from", "to", "per_year", "ci_lower", "ci_upper", "observed_moves"])
        let states = judgements.multiState.states
        for q in judgements.multiState.intensities {
            intensities.write([String(q.from), String(q.to), states[q.from - 1], states[q.to - 1], number(q.perYear.estimate),
                               number(q.perYear.lower), number(q.perYear.upper), count(q.observedMoves)])
        }
        return [("tables/judgement_effects.csv", effects.text), ("tables/judgement_intensities.csv", intensities.text)]
    }
}
