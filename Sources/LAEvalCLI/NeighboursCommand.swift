import ArgumentParser
import Foundation
import LAEvalCore
import LAEvalData
import LAEvalEstimators
import LAEvalStudy

/// The JSON of `laeval neighbours`.
struct NeighboursOutput: Encodable {
    var source: String
    var variables: [NeighbourVariable]
    var k: Int
    var sets: [NeighbourResults.LASet]
    var agreement: NeighbourResults.Agreement?
    var withoutNeighbours: [String]
}

/// `laeval neighbours`: each LA's statistical neighbours in a study.
public struct NeighboursCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "neighbours",
        abstract: "Each LA's statistical neighbours: the k nearest LAs on standardised, weighted context variables.",
        discussion: """
        Every context variable of local_authorities.csv named (default: study.yaml
        plan.neighbours.variables, else the plan's moderators with weight 1) is turned into a
        z-score over the LAs, and LAs are compared by the weighted Euclidean distance
        √Σ w (z_i − z_j)², as DfE's children's services statistical neighbour model and CIPFA's
        nearest neighbours do (docs/methods/neighbours.md). With --published, DfE's published
        groupings (the 2021 or 2025 file) are shown instead, with how many neighbours the
        computed sets share with them.

        Examples:
          laeval neighbours laeval-demo/study --la E08000017
          laeval neighbours my-study --k 5 --variables deprivation:2,rurality:1 --format json
          laeval neighbours my-study --published sn_model_2025_wide.csv
        """
    )

    @Argument(help: "The study folder.") public var study: String
    @Option(help: "Only this LA (ONS code, DfE code or name).") public var la: String?
    @Option(help: "Neighbours per LA (default: plan.neighbours.k, else 10).") public var k: Int?
    @Option(help: "Context columns and weights, e.g. deprivation:2,rurality:1 (a column alone has weight 1).") public var variables: String?
    @Option(help: "A DfE statistical neighbour groupings file (2021 or 2025 layout).") public var published: String?
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    public func run() throws {
        let loaded: LoadedStudy
        do { loaded = try StudyReader.read(folder: study) } catch let invalid as StudyInvalid {
            for problem in invalid.problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw CommandFailure("\(study) has \(invalid.errors.count) errors (see above, or run laeval validate)")
        }
        var target = loaded.study
        if let k { target.description.plan.neighbours.k = k }
        if let variables {
            let parsed = try Self.variables(variables)
            target.description.plan.neighbours.variables = parsed.map(\.name)
            target.description.plan.neighbours.weights = parsed.map(\.weight)
            let columns = Set(target.localAuthorities.flatMap(\.context.keys))
            if let unknown = parsed.first(where: { !columns.contains($0.name) }) {
                throw CommandFailure("--variables: \(unknown.name) is not a context column of local_authorities.csv: expected one of \(columns.sorted().joined(separator: ", "))")
            }
        }
        let groupings = try published.map { path in
            do { return try PublishedNeighbourGroupings(path: path, displayName: (path as NSString).lastPathComponent) } catch let problem as InputProblem {
                throw CommandFailure(problem.description)
            }
        } ?? loaded.publishedNeighbours
        let results: NeighbourResults
        do { results = try NeighbourAnalysis.run(target, published: groupings) } catch let error as StatisticalNeighbourError {
            throw CommandFailure("\(study): \(error.description)")
        }
        var sets = results.sets
        if let la {
            guard let code = target.localAuthorities.first(where: { [$0.newCode, $0.oldCode, $0.name].contains(la) })?.newCode else {
                throw CommandFailure("--la \(la): no such LA in \(study) (give its ONS code, DfE code or name)")
            }
            sets = sets.filter { $0.la == code }
            if sets.isEmpty { throw CommandFailure("--la \(la): the LA has no neighbours (\(results.source == "published" ? "not in the published file" : "a context value is missing"))") }
        }
        let output = NeighboursOutput(source: results.source, variables: results.variables, k: results.k, sets: sets,
                                      agreement: results.agreement, withoutNeighbours: results.withoutNeighbours)
        switch format {
        case .json: print(try Terminal.jsonText(output), terminator: "")
        case .table: print(Self.table(output))
        }
    }

    /// Parses `name:weight,name,…` (weight 1 when left out).
    static func variables(_ text: String) throws -> [NeighbourVariable] {
        try OLSCommand.list(text).map { item in
            let parts = item.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { return NeighbourVariable(name: parts[0]) }
            guard let weight = Double(parts[1]), weight >= 0, weight.isFinite else {
                throw CommandFailure("--variables: weight '\(parts[1])' of \(parts[0]) is not valid: expected a number of at least 0")
            }
            return NeighbourVariable(name: parts[0], weight: weight)
        }
    }

    static func table(_ output: NeighboursOutput) -> String {
        var lines: [String] = []
        if output.source == "published" {
            lines.append("DfE's published statistical neighbours (\(output.k) per LA)")
        } else {
            lines.append("Statistical neighbours (\(output.k) per LA) on " + output.variables.map { "\($0.name) (weight \($0.weight.formatted()))" }.joined(separator: ", "))
        }
        for set in output.sets {
            lines.append("\(set.name) (\(set.la)):")
            for (rank, n) in set.neighbours.enumerated() {
                let detail = n.band ?? n.distance.map { String(format: "distance %.3f, relative %.3f", $0, n.relativeDistance ?? .nan) } ?? ""
                lines.append(String(format: "  %2d. ", rank + 1) + "\(n.name) (\(n.la))  \(detail)")
            }
        }
        if let agreement = output.agreement {
            lines.append(String(format: "Computed neighbours share %.2f of %d with %@ on average (%d LAs).",
                                agreement.meanShared, output.k, agreement.file, agreement.las))
        }
        if !output.withoutNeighbours.isEmpty { lines.append("Without neighbours: \(output.withoutNeighbours.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}
