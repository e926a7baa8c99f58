import ArgumentParser
import Foundation
import LAEvalData
import LAEvalEstimators

/// The JSON of `laeval estimate event-study` (design.md §8); NaN (an unidentified coefficient) is null.
struct EventStudyOutput: Encodable {
    struct Coefficient: Encodable { var eventTime: Int; var estimate: Double?; var se: Double? }
    struct Overall: Encodable { var estimate: Double; var se: Double }
    struct SunAbrahamBlock: Encodable { var coefficients: [Coefficient]; var overall: Overall; var controlCohort: Int }

    var method = "event-study"
    var reference: Int
    var nObs: Int
    var nClusters: Int
    var nDroppedUnits: Int
    var nDropped: Int
    var coefficients: [Coefficient]
    var sunAbraham: SunAbrahamBlock?
}

/// `laeval estimate event-study`: dynamic TWFE and Sun & Abraham interaction-weighted estimates.
public struct EventStudyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "event-study",
        abstract: "Event-study regression with unit and period fixed effects, and Sun & Abraham's interaction-weighted estimates.",
        discussion: """
        Fits Y = unit effect + period effect + Σ_{e ≠ reference} β_e 1{t − G = e} on a balanced panel
        (--group: the first treated period, 0 for never treated), standard errors clustered by unit
        with fixest's default correction. The pooled β_e mix cohorts with weights that can be
        negative when effects differ by cohort; the sun_abraham block gives the interaction-weighted
        estimates of Sun & Abraham (2021), each a cohort-share average of cohort-specific effects.

        Examples:
          laeval estimate event-study --data mpdta.csv --unit countyreal --time year --group first_treat --outcome lemp
          laeval estimate event-study --data panel.csv --unit la --time year --group first_year --outcome y --reference -2 --format json
        """
    )

    @Option(help: "The tidy CSV file.") public var data: String
    @Option(help: "The unit column.") public var unit: String
    @Option(help: "The period column (whole numbers).") public var time: String
    @Option(help: "The first-treated period column (0 for never treated).") public var group: String
    @Option(help: "The outcome column.") public var outcome: String
    @Option(help: "The event time left out as the reference.") public var reference: Int = -1
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    public func run() throws {
        let name = (data as NSString).lastPathComponent
        let columns = try TidyCSVReader.read(path: data).columns
        let output: EventStudyOutput
        do {
            let panel = try BalancedPanel(data: columns, unit: unit, time: time, group: group, outcome: outcome)
            let study = try EventStudy(panel: panel, reference: reference)
            let sunAbraham = try? SunAbraham(panel: panel, reference: reference)
            func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
            output = EventStudyOutput(
                reference: reference, nObs: study.observations, nClusters: study.clusters, nDroppedUnits: panel.droppedUnits,
                nDropped: panel.droppedRows,
                coefficients: study.coefficients.map { .init(eventTime: $0.eventTime, estimate: finite($0.estimate), se: finite($0.se)) },
                sunAbraham: sunAbraham.map { sa in
                    .init(coefficients: sa.coefficients.map { .init(eventTime: $0.eventTime, estimate: finite($0.estimate), se: finite($0.se)) },
                          overall: .init(estimate: sa.overall.estimate, se: sa.overall.se), controlCohort: sa.controlCohort)
                })
        } catch let error as CustomStringConvertible where !(error is InputProblem) {
            throw CommandFailure("\(name): \(error.description)")
        }
        switch format {
        case .json: print(try Terminal.jsonText(output), terminator: "")
        case .table: print(Self.table(output))
        }
    }

    static func table(_ output: EventStudyOutput) -> String {
        func number(_ value: Double?) -> String { value.map { String(format: "%10.4f", $0) } ?? "         —" }
        var lines = ["Event study (reference event time \(output.reference)): \(output.nObs) observations, \(output.nClusters) clusters"]
        lines.append("event time   TWFE β_e         se" + (output.sunAbraham == nil ? "" : "   Sun–Abraham         se"))
        for row in output.coefficients {
            var line = String(format: "%10d", row.eventTime) + " \(number(row.estimate)) \(number(row.se))"
            if let sa = output.sunAbraham, let match = sa.coefficients.first(where: { $0.eventTime == row.eventTime }) {
                line += "   \(number(match.estimate)) \(number(match.se))"
            }
            lines.append(line)
        }
        if let sa = output.sunAbraham {
            lines.append("Sun–Abraham post-treatment ATT \(number(sa.overall.estimate)) (SE \(number(sa.overall.se).trimmingCharacters(in: .whitespaces)))")
        }
        return lines.joined(separator: "\n")
    }
}
