import ArgumentParser
import Foundation
import LAEvalData
import LAEvalEstimators
import LAEvalStats

/// The JSON of `laeval estimate imputation`.
struct ImputationOutput: Encodable {
    struct Effect: Encodable { var eventTime: Int; var estimate: Double; var se: Double; var nObs: Int }
    struct Pretrend: Encodable { var statistic: Double; var df: Int; var p: Double }
    struct Treatment: Encodable {
        var name: String
        var att: Effect?
        var eventTimes: [Effect]
        var leads: [Effect]
        var pretrend: Pretrend?
        var treatedUnits: Int
        var collinearCells: Int
    }

    var method = "imputation"
    var auxiliary: String
    var nObs: Int
    var nUnits: Int
    var nDropped: Int
    var treatments: [Treatment]
}

/// `laeval estimate imputation`: Borusyak, Jaravel & Spiess (2024) with one or several treatments.
public struct ImputationCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "imputation",
        abstract: "Imputation difference in differences (Borusyak, Jaravel & Spiess 2024) for one or several treatments received together.",
        discussion: """
        Fits unit and period effects on untreated observations and averages Y − Ŷ(0) over treated
        ones (a regression saturated in treatment × cohort × event time, so effects may differ by
        cohort and over time; several treatments' effects add up where they overlap). --group names
        one column per treatment, each the unit's first treated period (0 for never). Standard
        errors are BJS's conservative ones, clustered by unit; pre-trends are their lead regression
        on untreated observations. Panels may be unbalanced; rows with a missing value are dropped.
        Matches R's didimputation (--auxiliary cohortEventTime) on mpdta; see docs/methods/did.md.

        Examples:
          laeval estimate imputation --data mpdta.csv --unit countyreal --time year --group first_treat --outcome lemp
          laeval estimate imputation --data panel.csv --unit la --time year --group commissioner_start,adviser_start --outcome y --format json
        """
    )

    @Option(help: "The tidy CSV file.") public var data: String
    @Option(help: "The unit column.") public var unit: String
    @Option(help: "The period column (whole numbers).") public var time: String
    @Option(help: "First-treated period columns, comma-separated, one per treatment (0 for never).") public var group: String
    @Option(help: "The outcome column.") public var outcome: String
    @Option(help: "Leads in the pre-trend regression.") public var leads: Int = 3
    @Option(help: "Auxiliary τ̄ grouping for the SEs: eventTime (default) or cohortEventTime (R didimputation's).")
    public var auxiliary: ImputationDiD.AuxiliaryGrouping = .eventTime
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    public func run() throws {
        let name = (data as NSString).lastPathComponent
        let columns = try TidyCSVReader.read(path: data).columns
        let groups = group.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        func numbers(_ column: String) throws -> [Double] {
            guard let values = columns[column] else { throw CommandFailure("\(name): no column \(column)") }
            guard case .numeric(let numbers) = values else { throw CommandFailure("\(name): column \(column) is not numeric") }
            return numbers
        }
        let used = try ([unit, time, outcome] + groups).map(numbers)
        let keep = used[0].indices.filter { row in used.allSatisfy { !$0[row].isNaN } }
        let output: ImputationOutput
        do {
            let fit = try ImputationDiD(unit: keep.map { Int(used[0][$0]) }, period: keep.map { Int(used[1][$0]) }, outcome: keep.map { used[2][$0] },
                                        treatments: groups.enumerated().map { g, column in
                                            .init(name: column, cohort: keep.map { Int(used[3 + g][$0]) })
                                        }, leads: leads, auxiliary: auxiliary)
            output = ImputationOutput(auxiliary: auxiliary.rawValue, nObs: fit.observations, nUnits: fit.units, nDropped: used[0].count - keep.count,
                                      treatments: fit.results.map(Self.treatment))
        } catch let error as ImputationDiD.Failure {
            throw CommandFailure("\(name): \(error.description)")
        }
        switch format {
        case .json: print(try Terminal.jsonText(output), terminator: "")
        case .table: print(Self.table(output))
        }
    }

    static func treatment(_ result: ImputationDiD.TreatmentResult) -> ImputationOutput.Treatment {
        func effect(_ e: ImputationDiD.Effect) -> ImputationOutput.Effect { .init(eventTime: e.eventTime, estimate: e.att, se: e.se, nObs: e.observations) }
        return .init(name: result.name, att: result.att.map(effect), eventTimes: result.eventTimes.map(effect), leads: result.leads.map(effect),
                     pretrend: result.pretrend.map { .init(statistic: $0.statistic, df: $0.df, p: $0.p) },
                     treatedUnits: result.treatedUnits, collinearCells: result.collinearCells)
    }

    static func table(_ output: ImputationOutput) -> String {
        var lines = ["Imputation DiD (Borusyak, Jaravel & Spiess 2024): \(output.nObs) observations, \(output.nUnits) units, \(output.nDropped) rows dropped"]
        for t in output.treatments {
            lines.append("")
            lines.append("\(t.name): \(t.treatedUnits) treated units" + (t.collinearCells > 0 ? ", \(t.collinearCells) cells collinear with other treatments" : ""))
            if let att = t.att { lines.append(String(format: "  ATT (every treated observation) %10.4f  (SE %.4f, %d obs)", att.estimate, att.se, att.nObs)) }
            lines.append("  event time    estimate          se    obs")
            for e in t.leads + t.eventTimes { lines.append(String(format: "  %10d  %10.4f  %10.4f  %5d", e.eventTime, e.estimate, e.se, e.nObs)) }
            if let p = t.pretrend { lines.append(String(format: "  pre-trend Wald χ² %.3f on %d df, p = %.4f", p.statistic, p.df, p.p)) }
        }
        return lines.joined(separator: "\n")
    }
}

extension ImputationDiD.AuxiliaryGrouping: ExpressibleByArgument {}
