import ArgumentParser
import Foundation
import LAEvalData
import LAEvalStats

/// The JSON of `laeval estimate cea` (design.md §8).
struct CEAOutput: Encodable {
    var method = "cea"
    var reference: String
    var nObs: Int
    var nDropped: Int
    var reps: Int
    var seed: UInt64
    var thresholds: [Double]
    var groups: [CostEffectGroup]
    var comparisons: [IncrementalComparison]
    var nmb: [NetBenefit]
    var ceac: [AcceptabilityPoint]
    /// The full incremental analysis of all groups (strict and extended dominance).
    var incremental: [IncrementalAnalysis.Row]
}

/// `laeval estimate cea`: cost-effectiveness of groups from case-level costs and effects.
public struct CEACommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cea",
        abstract: "Cost-effectiveness of groups from case-level costs and effects: ICERs, dominance, net monetary benefit and the CEAC.",
        discussion: """
        Each row is a case (a child, a family, a local authority) with its group (programme or
        option), cost and effect. For every group: mean cost and mean effect; for every other
        group against --reference: ΔC, ΔE, the ICER ΔC/ΔE (null when ΔE = 0) and dominance
        (dominant: no dearer and no less effective, better on one; dominated: the reverse; else
        null, a trade-off). Net monetary benefit λ·E − C of each group at each threshold λ. The
        cost-effectiveness acceptability curve: the probability, over --reps nonparametric
        bootstrap replicates (cases resampled with replacement within each group, seeded), that
        each group has the highest net monetary benefit, ties shared equally (Fenwick, Claxton &
        Sculpher 2001). Also a full incremental analysis across the groups (sorted by cost;
        strictly and extendedly dominated options marked). Rows missing the group, cost or
        effect are dropped and counted in n_dropped. Costs and effects should already be in one
        price base and discounted (see docs/methods/economics.md).

        Examples:
          laeval estimate cea --data costs.csv --group arm --cost cost --effect months_at_home --reference usual
          laeval estimate cea --data costs.csv --group arm --cost cost --effect qaly --reference usual --thresholds 0,20000,30000 --reps 2000 --seed 7 --format json
        """
    )

    @Option(help: "The tidy CSV file: one row per case.") public var data: String
    @Option(help: "The group (programme, option) column.") public var group: String
    @Option(help: "The cost column.") public var cost: String
    @Option(help: "The effect (outcome) column.") public var effect: String
    @Option(help: "The reference group: a level of --group.") public var reference: String
    @Option(help: "Willingness-to-pay thresholds λ per unit of effect, comma-separated.") public var thresholds: String = "0,20000,30000"
    @Option(help: "Bootstrap replicates for the acceptability curve.") public var reps: Int = 1000
    @Option(help: "Seed of the bootstrap.") public var seed: UInt64 = 1
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    public func validate() throws {
        guard reps >= 1 else { throw ValidationError("--reps must be at least 1") }
        _ = try thresholdValues()
    }

    func thresholdValues() throws -> [Double] {
        let parts = OLSCommand.list(thresholds)
        guard !parts.isEmpty else { throw ValidationError("--thresholds needs at least one number, e.g. 0,20000,30000") }
        return try parts.map { part in
            guard let value = Double(part), value.isFinite else {
                throw ValidationError("--thresholds: \(part) is not a number: give thresholds as 0,20000,30000")
            }
            return value
        }
    }

    public func run() throws {
        let name = (data as NSString).lastPathComponent
        let columns = try TidyCSVReader.read(path: data).columns
        let cases = try Self.cases(columns, group: group, cost: cost, effect: effect, file: name)
        let levels = ModelFrame.sortedLevels(Set(cases.labels))
        guard levels.contains(reference) else {
            throw CommandFailure("\(name): --reference \(reference) is not a level of column \(group) (levels: \(levels.joined(separator: ", ")))")
        }
        let lambdas = try thresholdValues()
        let groups = try CostEffectiveness.groups(labels: cases.labels, costs: cases.costs, effects: cases.effects)
        let replicates = try CostEffectReplicates.bootstrap(labels: cases.labels, costs: cases.costs, effects: cases.effects,
                                                            replicates: reps, seed: seed)
        let output = CEAOutput(
            reference: reference, nObs: cases.labels.count, nDropped: cases.dropped, reps: reps, seed: seed, thresholds: lambdas,
            groups: groups, comparisons: try CostEffectiveness.comparisons(groups, reference: reference),
            nmb: CostEffectiveness.netMonetaryBenefits(groups, thresholds: lambdas),
            ceac: AcceptabilityCurve.points(replicates, thresholds: lambdas), incremental: IncrementalAnalysis(groups).rows)
        switch format {
        case .json: print(try Terminal.jsonText(output), terminator: "")
        case .table: print(Self.table(output))
        }
    }

    /// The complete cases: group labels and numeric costs and effects, with the count of rows
    /// dropped for a missing value. A cell that is present but not a number is an error naming
    /// its line (header = line 1) and column.
    static func cases(_ columns: [String: DataColumn], group: String, cost: String, effect: String, file: String) throws
        -> (labels: [String], costs: [Double], effects: [Double], dropped: Int) {
        for column in [group, cost, effect] where columns[column] == nil {
            throw CommandFailure("\(file): no column \(column) (columns: \(columns.keys.sorted().joined(separator: ", ")))")
        }
        let costs = try numbers(columns[cost]!, column: cost, file: file)
        let effects = try numbers(columns[effect]!, column: effect, file: file)
        let labels = columns[group]!.categories
        let complete = labels.indices.filter { labels[$0] != nil && costs[$0].isFinite && effects[$0].isFinite }
        guard !complete.isEmpty else { throw CommandFailure("\(file): no row has a \(group), \(cost) and \(effect)") }
        return (complete.map { labels[$0]! }, complete.map { costs[$0] }, complete.map { effects[$0] }, labels.count - complete.count)
    }

    /// A column's numbers (NaN where missing), or an error at the first cell that is not a number.
    static func numbers(_ column: DataColumn, column name: String, file: String) throws -> [Double] {
        switch column {
        case .numeric(let values):
            return values
        case .categorical(let texts):
            return try texts.enumerated().map { row, text in
                guard let text else { return .nan }
                guard let value = Double(text), value.isFinite else {
                    throw CommandFailure("\(file): line \(row + 2), column \(name): '\(text)' is not a number")
                }
                return value
            }
        }
    }

    static func table(_ output: CEAOutput) -> String {
        func cell(_ value: Double?) -> String { value.map { String(format: "%14.6g", $0) } ?? String(repeating: " ", count: 13) + "-" }
        let width = max(10, output.groups.map(\.group.count).max() ?? 0)
        func pad(_ text: String) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        func heading(_ text: String, _ size: Int = 14) -> String { String(repeating: " ", count: max(1, size - text.count)) + text }
        var lines = ["Cost-effectiveness: \(output.nObs) cases in \(output.groups.count) groups (\(output.nDropped) rows dropped); reference \(output.reference)"]
        lines.append(pad("group") + heading("n", 7) + heading("mean cost") + heading("mean effect"))
        for g in output.groups { lines.append(pad(g.group) + String(format: " %6d", g.n) + cell(g.meanCost) + cell(g.meanEffect)) }
        lines.append("")
        lines.append(pad("vs " + output.reference) + heading("ΔC") + heading("ΔE") + heading("ICER") + "  dominance")
        for c in output.comparisons {
            lines.append(pad(c.group) + cell(c.deltaCost) + cell(c.deltaEffect) + cell(c.icer) + "  " + (c.dominance?.rawValue ?? "-"))
        }
        for (title, values) in [("net monetary benefit", output.nmb.map(\.nmb)),
                                ("P(highest NMB), \(output.reps) bootstrap replicates, seed \(output.seed)", output.ceac.map(\.probability))] {
            lines.append("")
            lines.append(title + " by threshold λ")
            lines.append(pad("λ") + output.groups.map { heading($0.group) }.joined())
            for (t, threshold) in output.thresholds.enumerated() {
                let row = values[(t * output.groups.count)..<((t + 1) * output.groups.count)]
                lines.append(pad(String(format: "%g", threshold)) + row.map { cell($0) }.joined())
            }
        }
        return lines.joined(separator: "\n")
    }
}
