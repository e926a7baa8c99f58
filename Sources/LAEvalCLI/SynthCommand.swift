import ArgumentParser
import Foundation
import LAEvalData
import LAEvalEstimators
import LAEvalStats
import Yams

/// The JSON of `laeval estimate synth` (design.md §8).
struct SynthOutput: Encodable {
    struct Weight: Encodable { var unit: String; var weight: Double }
    struct PredictorWeight: Encodable { var predictor: String; var weight: Double }
    struct Gap: Encodable { var time: Double; var gap: Double }
    struct Placebo: Encodable { var unit: String; var preRmspe: Double; var postRmspe: Double; var postPreRatio: Double }

    var method = "synth"
    var treated: String
    var start: Double
    var weights: [Weight]
    var predictorWeights: [PredictorWeight]
    /// Over the fit periods (√loss_V).
    var preRmspe: Double
    /// Over every period before the start, and from the start (the ratio's parts).
    var preTreatmentRmspe: Double
    var postRmspe: Double
    var postPreRatio: Double
    var lossV: Double
    var lossW: Double
    var gaps: [Gap]
    var placebo: [Placebo]
    var pValue: Double?
    var maxPreMspeMultiple: Double?

    enum CodingKeys: String, CodingKey {
        case method, treated, start, weights, predictorWeights, preRmspe, preTreatmentRmspe, postRmspe, postPreRatio,
             lossV, lossW, gaps, placebo, pValue, maxPreMspeMultiple
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(method, forKey: .method)
        try c.encode(treated, forKey: .treated)
        try c.encode(start, forKey: .start)
        try c.encode(weights, forKey: .weights)
        try c.encode(predictorWeights, forKey: .predictorWeights)
        try c.encode(preRmspe, forKey: .preRmspe)
        try c.encode(preTreatmentRmspe, forKey: .preTreatmentRmspe)
        try c.encode(postRmspe, forKey: .postRmspe)
        try c.encode(postPreRatio, forKey: .postPreRatio)
        try c.encode(lossV, forKey: .lossV)
        try c.encode(lossW, forKey: .lossW)
        try c.encode(gaps, forKey: .gaps)
        try c.encode(placebo, forKey: .placebo)
        try c.encode(pValue, forKey: .pValue)  // null without --placebo
        try c.encode(maxPreMspeMultiple, forKey: .maxPreMspeMultiple)
    }
}

/// What a synthetic-control spec (design.md §8) names.
struct SynthSpec {
    var data: String
    var unit: String
    var time: String
    var outcome: String
    var treated: String
    var controls: [String]?
    var predictors: [SyntheticControlPredictor]
    var fitPeriods: [Double]?
    var start: Double
    var placebo: Bool
}

/// Reads a synthetic-control spec YAML, every problem named by file, line and column.
enum SynthSpecReader {
    static let keys = ["data", "unit", "time", "outcome", "treated", "controls", "predictors", "fit_periods", "start", "placebo"]
    static let predictorKeys = ["variable", "periods", "op", "name"]

    static func read(path: String) throws -> SynthSpec {
        let file = (path as NSString).lastPathComponent
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CommandFailure("\(file): cannot read the spec: \(error.localizedDescription)")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw InputProblem(file: file, line: 1, column: 1, message: "the spec is empty") }
            root = node
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
                throw InputProblem(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
            default: throw InputProblem(file: file, line: 1, column: 1, message: "YAML syntax: \(error)")
            }
        }
        return try Reader(file: file).spec(root)
    }

    struct Reader {
        let file: String

        func fail(_ node: Node?, _ message: String) -> InputProblem {
            InputProblem(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message)
        }

        func mapping(_ node: Node, _ what: String, allowed: [String]) throws -> [String: Node] {
            guard let mapping = node.mapping else { throw fail(node, "\(what) must be a mapping with keys \(allowed.joined(separator: ", "))") }
            var result: [String: Node] = [:]
            for (key, value) in mapping {
                guard let name = key.string, allowed.contains(name) else {
                    throw fail(key, "unknown key '\(key.string ?? "?")' in \(what): expected one of \(allowed.joined(separator: ", "))")
                }
                result[name] = value
            }
            return result
        }

        func required(_ map: [String: Node], _ key: String, at node: Node) throws -> Node {
            guard let value = map[key] else { throw fail(node, "the spec is missing the key \(key)") }
            return value
        }

        func string(_ node: Node, _ what: String) throws -> String {
            guard let scalar = node.scalar else { throw fail(node, "\(what) must be text") }
            return scalar.string
        }

        func number(_ node: Node, _ what: String) throws -> Double {
            let text = try string(node, what)
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
                throw fail(node, "\(what) '\(text)' is not a number")
            }
            return value
        }

        /// A period list: a number, "first-last" (whole periods), or a list of numbers.
        func periods(_ node: Node, _ what: String) throws -> [Double] {
            if let sequence = node.sequence {
                guard !sequence.isEmpty else { throw fail(node, "\(what) is an empty list") }
                return try sequence.map { try number($0, "an item of \(what)") }
            }
            let text = try string(node, what).trimmingCharacters(in: .whitespaces)
            if let value = Double(text) { return [value] }
            let parts = text.split(separator: "-", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let first = Int(parts[0]), let last = Int(parts[1]), first <= last else {
                throw fail(node, "\(what) '\(text)' is not a period, a range first-last or a list of periods")
            }
            return (first...last).map(Double.init)
        }

        func predictor(_ node: Node) throws -> SyntheticControlPredictor {
            let map = try mapping(node, "a predictor", allowed: SynthSpecReader.predictorKeys)
            let variable = try string(try required(map, "variable", at: node), "variable")
            let periods = try periods(try required(map, "periods", at: node), "periods of \(variable)")
            var operation = SyntheticControlPredictor.Operation.mean
            if let opNode = map["op"] {
                let text = try string(opNode, "op")
                guard let op = SyntheticControlPredictor.Operation(rawValue: text) else {
                    throw fail(opNode, "op '\(text)' is not valid: expected mean or median")
                }
                operation = op
            }
            let name = try map["name"].map { try string($0, "name") }
            return SyntheticControlPredictor(variable: variable, periods: periods, operation: operation, name: name)
        }

        func spec(_ root: Node) throws -> SynthSpec {
            let map = try mapping(root, "the spec", allowed: SynthSpecReader.keys)
            let text = { (key: String) throws -> String in try string(try required(map, key, at: root), key) }
            guard let predictorNode = map["predictors"] else { throw fail(root, "the spec is missing the key predictors") }
            guard let predictorList = predictorNode.sequence, !predictorList.isEmpty else {
                throw fail(predictorNode, "predictors must be a non-empty list of {variable, periods, op}")
            }
            var placebo = false
            if let node = map["placebo"] {
                guard let value = node.scalar.flatMap({ Bool.construct(from: $0) }) else { throw fail(node, "placebo must be true or false") }
                placebo = value
            }
            return SynthSpec(
                data: try text("data"), unit: try text("unit"), time: try text("time"), outcome: try text("outcome"),
                treated: try text("treated"),
                controls: try map["controls"].map { node in
                    guard let list = node.sequence else { throw fail(node, "controls must be a list of units") }
                    return try list.map { try string($0, "a control") }
                },
                predictors: try predictorList.map(predictor),
                fitPeriods: try map["fit_periods"].map { try periods($0, "fit_periods") },
                start: try number(try required(map, "start", at: root), "start"), placebo: placebo)
        }
    }
}

/// `laeval estimate synth`: the synthetic control method with placebo-in-space inference.
public struct SynthCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Synthetic control (Abadie, Diamond & Hainmueller 2010) with placebo-in-space inference.",
        discussion: """
        Donor weights W on the simplex minimise the V-weighted distance between the treated
        unit's predictors and the donors' (each predictor scaled by its standard deviation); the
        diagonal V is chosen to minimise the mean squared outcome gap over the fit periods
        (Nelder–Mead on log-weights from an equal and a regression-based start; the inner problem
        solved exactly). With --placebo every control is treated in turn (V re-optimised, the
        treated unit left out of the pool); p_value is the share of units, treated included,
        whose post/pre-treatment RMSPE ratio is at least the treated unit's. pre_rmspe is over the
        fit periods; the ratio uses every period before and from --start.

        The spec (paths relative to it) names what Synth's dataprep names:
          data: basque.csv
          unit: regionname
          time: year
          outcome: gdpcap
          treated: "Basque Country (Pais Vasco)"
          controls: [Cataluna, "Madrid (Comunidad De)"]   # default: every other unit
          predictors:
            - {variable: invest, periods: 1964-1969, op: mean}
            - {variable: sec.agriculture, periods: [1961, 1963, 1965, 1967, 1969]}
          fit_periods: 1960-1969                          # default: every period before start
          start: 1975
          placebo: true

        Examples:
          laeval estimate synth --spec basque.yaml --placebo --format json
          laeval estimate synth --data panel.csv --unit la --time year --outcome y --treated E09000001 --start 2018
        """
    )

    @Option(help: "A synthetic-control spec (YAML).") public var spec: String?
    @Option(help: "The tidy CSV file (without --spec: lagged outcomes of every pre-period are the predictors).") public var data: String?
    @Option(help: "The unit column.") public var unit: String?
    @Option(help: "The time column (numeric).") public var time: String?
    @Option(help: "The outcome column.") public var outcome: String?
    @Option(help: "The treated unit.") public var treated: String?
    @Option(help: "The first treated period.") public var start: Double?
    @Option(help: "Control units, comma-separated (default: every other unit).") public var controls: String?
    @Flag(help: "Placebo-in-space inference: refit with every control as the treated unit.") public var placebo = false
    @Option(name: .customLong("max-pre-mspe-multiple"),
            help: "Drop placebos whose pre-treatment MSPE exceeds this multiple of the treated unit's (e.g. 5).")
    public var maxPreMSPEMultiple: Double?
    @Option(name: .customLong("predictor-weights"),
            help: "A given V, comma-separated in predictor order: no outer optimisation (pysyncon's custom_V).")
    public var predictorWeights: String?
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    var fixedV: [Double]? {
        get throws {
            guard let text = predictorWeights else { return nil }
            let values = OLSCommand.list(text).map { Double($0) }
            guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
                throw ValidationError("--predictor-weights must be comma-separated numbers")
            }
            return values.map { $0! }
        }
    }

    public func validate() throws {
        _ = try fixedV
        if spec == nil {
            guard data != nil, unit != nil, time != nil, outcome != nil, treated != nil, start != nil else {
                throw ValidationError("give --spec FILE.yaml, or all of --data --unit --time --outcome --treated --start")
            }
        }
        if let multiple = maxPreMSPEMultiple, !(multiple > 0) { throw ValidationError("--max-pre-mspe-multiple must be positive") }
    }

    public func run() throws {
        let spec = try resolvedSpec()
        let name = (spec.data as NSString).lastPathComponent
        let table = try TidyCSVReader.read(path: spec.data).columns
        let (problem, treatedIndex, donors) = try Self.problem(spec, table: table, file: name)
        let options = SyntheticControl.Options(fixedV: try fixedV)
        let output: SynthOutput
        do {
            if spec.placebo || placebo {
                let result = try SyntheticControl.placeboInSpace(problem, treated: treatedIndex, donors: donors, options: options)
                output = Self.output(problem, result.treated, placebos: result, multiple: maxPreMSPEMultiple)
            } else {
                let fit = try SyntheticControl.fit(problem, treated: treatedIndex, donors: donors, options: options)
                output = Self.output(problem, fit, placebos: nil, multiple: nil)
            }
        } catch let error as SyntheticControlError {
            throw CommandFailure("\(name): \(error.description)")
        }
        switch format {
        case .json: print(try Terminal.jsonText(output), terminator: "")
        case .table: print(Self.table(output))
        }
    }

    /// The spec from --spec (its data path made relative to it) or from the options.
    func resolvedSpec() throws -> SynthSpec {
        if let path = spec {
            var read = try SynthSpecReader.read(path: path)
            if !read.data.hasPrefix("/") {
                read.data = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(read.data).path
            }
            if let controls { read.controls = OLSCommand.list(controls) }
            return read
        }
        return SynthSpec(data: data!, unit: unit!, time: time!, outcome: outcome!, treated: treated!,
                         controls: controls.map { OLSCommand.list($0) }, predictors: [], fitPeriods: nil, start: start!,
                         placebo: placebo)
    }

    static func numeric(_ table: [String: DataColumn], _ column: String, file: String) throws -> [Double] {
        switch table[column] {
        case .numeric(let values): return values
        case .categorical: throw CommandFailure("\(file): column \(column) must be numeric")
        case nil: throw CommandFailure("\(file): no column \(column) in the data: the columns are \(table.keys.sorted().joined(separator: ", "))")
        }
    }

    static func texts(_ table: [String: DataColumn], _ column: String, file: String) throws -> [String] {
        switch table[column] {
        case .numeric(let values): return values.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }
        case .categorical(let values): return values.map { $0 ?? "" }
        case nil: throw CommandFailure("\(file): no column \(column) in the data: the columns are \(table.keys.sorted().joined(separator: ", "))")
        }
    }

    /// The problem over the treated unit and its controls (rows of other units are dropped).
    static func problem(_ spec: SynthSpec, table: [String: DataColumn], file: String) throws
        -> (problem: SyntheticControlProblem, treated: Int, donors: [Int]) {
        let units = try texts(table, spec.unit, file: file)
        let times = try numeric(table, spec.time, file: file)
        guard units.contains(spec.treated) else { throw CommandFailure("\(file): the treated unit \(spec.treated) is not in column \(spec.unit)") }
        var order: [String] = [spec.treated]
        for name in spec.controls ?? units where name != spec.treated && !order.contains(name) {
            guard units.contains(name) else { throw CommandFailure("\(file): the control \(name) is not in column \(spec.unit)") }
            order.append(name)
        }
        let kept = Set(order)
        let rows = units.indices.filter { kept.contains(units[$0]) && times[$0].isFinite }
        let variableNames = Set([spec.outcome] + spec.predictors.map(\.variable))
        var variables: [String: [Double]] = [:]
        for name in variableNames {
            let values = try numeric(table, name, file: file)
            variables[name] = rows.map { values[$0] }
        }
        // rows in unit order so that the problem's units are treated first, then the controls
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let sorted = rows.sorted { (position[units[$0]]!, times[$0]) < (position[units[$1]]!, times[$1]) }
        let remap = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
        for name in variableNames { variables[name] = sorted.map { variables[name]![remap[$0]!] } }
        let unitColumn = sorted.map { units[$0] }, timeColumn = sorted.map { times[$0] }
        let problem: SyntheticControlProblem
        do {
            if spec.predictors.isEmpty {
                problem = try .laggedOutcomes(unit: unitColumn, time: timeColumn, outcome: variables[spec.outcome]!,
                                              treatmentStart: spec.start, fitPeriods: spec.fitPeriods)
            } else {
                let fit = spec.fitPeriods ?? Array(Set(timeColumn)).filter { $0 < spec.start }.sorted()
                problem = try .build(unit: unitColumn, time: timeColumn, variables: variables, outcome: spec.outcome,
                                     predictors: spec.predictors, fitPeriods: fit, treatmentStart: spec.start)
            }
        } catch let error as SyntheticControlError {
            throw CommandFailure("\(file): \(error.description)")
        }
        return (problem, 0, Array(1..<problem.units.count))
    }

    static func output(_ problem: SyntheticControlProblem, _ fit: SyntheticControlFit, placebos: PlaceboInSpaceResult?,
                       multiple: Double?) -> SynthOutput {
        let kept = placebos?.retained(maxPreMSPEMultiple: multiple) ?? []
        return SynthOutput(
            treated: problem.units[fit.treated], start: problem.treatmentStart,
            weights: zip(fit.donors, fit.donorWeights).map { .init(unit: problem.units[$0], weight: $1) },
            predictorWeights: zip(problem.predictorNames, fit.predictorWeights).map { .init(predictor: $0, weight: $1) },
            preRmspe: fit.fitRMSPE, preTreatmentRmspe: fit.preRMSPE, postRmspe: fit.postRMSPE, postPreRatio: fit.postPreRatio,
            lossV: fit.lossV, lossW: fit.lossW,
            gaps: zip(problem.times, fit.gaps).map { .init(time: $0, gap: $1) },
            placebo: kept.map { .init(unit: problem.units[$0.treated], preRmspe: $0.preRMSPE, postRmspe: $0.postRMSPE, postPreRatio: $0.postPreRatio) },
            pValue: placebos?.pValue(maxPreMSPEMultiple: multiple), maxPreMspeMultiple: multiple)
    }

    static func periodText(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func table(_ output: SynthOutput) -> String {
        var lines = ["Synthetic control of \(output.treated) from \(Self.periodText(output.start)): "
            + String(format: "fit RMSPE %.6g, pre/post RMSPE %.6g / %.6g, ratio %.6g", output.preRmspe, output.preTreatmentRmspe,
                     output.postRmspe, output.postPreRatio)]
        let width = max(12, (output.weights.map(\.unit) + output.predictorWeights.map(\.predictor)).map(\.count).max() ?? 0)
        func pad(_ text: String) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        lines.append("donor weights")
        for w in output.weights where w.weight > 1e-6 { lines.append(pad(w.unit) + String(format: " %10.6f", w.weight)) }
        lines.append("predictor weights (V)")
        for v in output.predictorWeights { lines.append(pad(v.predictor) + String(format: " %10.6f", v.weight)) }
        lines.append("gaps")
        for g in output.gaps { lines.append(pad(Self.periodText(g.time)) + String(format: " %12.6g", g.gap)) }
        if let p = output.pValue {
            lines.append("placebos" + (output.maxPreMspeMultiple.map { " (pre-MSPE ≤ \($0) × treated)" } ?? ""))
            lines.append(pad("unit") + "    pre RMSPE   post RMSPE    post/pre")
            for row in output.placebo {
                lines.append(pad(row.unit) + String(format: " %12.6g %12.6g %12.6g", row.preRmspe, row.postRmspe, row.postPreRatio))
            }
            lines.append(String(format: "placebo p-value %.6g", p))
        }
        return lines.joined(separator: "\n")
    }
}
