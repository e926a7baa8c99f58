import ArgumentParser
import Foundation
import LAEvalData
import LAEvalEstimators
import LAEvalStats

/// The JSON of `laeval estimate msm`.
struct MultiStateOutput: Encodable {
    struct Intensity: Encodable { var from: Int; var to: Int; var estimate: Double; var se: Double; var ciLower: Double; var ciUpper: Double }
    struct HazardRatio: Encodable { var covariate: String; var from: Int; var to: Int; var estimate: Double; var ciLower: Double; var ciUpper: Double }
    struct PMatrix: Encodable { var t: Double; var rows: [[Double]] }
    struct Sojourn: Encodable { var state: Int; var mean: Double; var se: Double; var ciLower: Double; var ciUpper: Double }

    var method = "msm"
    var states: Int
    var nObs: Int
    var nSubjects: Int
    var nDropped: Int
    var covariateMeans: [String: Double]
    var intensities: [Intensity]
    var hazardRatios: [HazardRatio]
    var minus2loglik: Double
    var pMatrix: PMatrix
    var sojourn: [Sojourn]
    var converged: Bool
    var iterations: Int
}

/// `laeval estimate msm`: a multi-state Markov model for panel data, as R's msm.
public struct MultiStateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "msm",
        abstract: "Continuous-time multi-state Markov model for states observed at irregular times, as R's msm.",
        discussion: """
        The transition intensities q_rs of the allowed moves (--transitions, e.g. 1-2,2-1,2-3)
        are fitted by maximum likelihood from P(t) = exp(Qt) between each subject's consecutive
        observations (Kalbfleisch & Lawless 1985; Jackson 2011), with covariates on the log
        intensities, one effect per transition, centred at their means as msm does. Rows are
        grouped by --subject in file order and must have increasing times. --exact-death names
        an absorbing state entered at exactly the recorded time (msm's deathexact); --censor CODE
        marks rows whose state is unknown (msm's censor, any state). Starting intensities are
        msm's crude estimates (moves over time at risk). Reports intensities and hazard ratios
        with 95% intervals from the Hessian, −2 log-likelihood, P(t) at --t and mean sojourn
        times. Matches R's msm on its cav data (Validation/msm).

        Examples:
          laeval estimate msm --data cav.csv --subject PTNUM --time years --state state --transitions 1-2,1-4,2-1,2-3,2-4,3-2,3-4 --exact-death 4
          laeval estimate msm --data cav.csv --subject PTNUM --time years --state state --transitions 1-2,1-4,2-1,2-3,2-4,3-2,3-4 --exact-death 4 --covariates sex --format json
        """
    )

    @Option(help: "The tidy CSV file.") public var data: String
    @Option(help: "The subject column.") public var subject: String
    @Option(help: "The observation time column.") public var time: String
    @Option(help: "The state column (1, 2, …).") public var state: String
    @Option(help: "Allowed moves from-to, comma-separated, e.g. 1-2,2-1,2-3.") public var transitions: String
    @Option(name: .customLong("exact-death"), help: "An absorbing state whose entry time is known exactly.") public var exactDeath: Int?
    @Option(help: "A state code marking rows whose state is unknown.") public var censor: Int?
    @Option(help: "Covariate columns, comma-separated; factor(x) makes a numeric column categorical.") public var covariates: String?
    @Option(help: "The time at which to report P(t).") public var t: Double = 1
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    /// "1-2,2-1" as (from, to) pairs.
    static func moves(_ text: String) throws -> [(from: Int, to: Int)] {
        try OLSCommand.list(text).map { item in
            let parts = item.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2 else { throw ValidationError("--transitions: '\(item)' is not FROM-TO, e.g. 1-2") }
            return (parts[0], parts[1])
        }
    }

    public func validate() throws {
        _ = try Self.moves(transitions)
        guard t > 0 else { throw ValidationError("--t must be positive") }
    }

    public func run() throws {
        let name = (data as NSString).lastPathComponent
        let columns = try TidyCSVReader.read(path: data).columns
        let covariateList = OLSCommand.list(covariates)
        let design = try ModelDesign(columns: columns, file: data, covariates: covariateList,
                                     required: [subject, time, state] + covariateList.map { CovariateSpec($0).column })
        let subjects = ModelDesign.texts(columns, subject, rows: design.rows)
        let times = try ModelDesign.numbers(columns, time, rows: design.rows, file: data)
        let codes = try ModelDesign.numbers(columns, state, rows: design.rows, file: data).map { Int($0) }
        let moves = try Self.moves(transitions)
        let states = moves.flatMap { [$0.from, $0.to] }.max() ?? 1
        let types: [ObservationType] = codes.map { code in
            if let censor, code == censor { return .censored(allowed: Set(1...states)) }
            if let exactDeath, code == exactDeath { return .exactDeath }
            return .panel
        }
        let fit: MultiStateFit
        do {
            let input = try MultiStateData(subjects: subjects, times: times, states: codes, observationTypes: types,
                                           covariates: (0..<design.design.columns).map { j in (0..<design.design.rows).map { design.design[$0, j] } },
                                           covariateNames: design.terms)
            let initial = MultiStateMarkov.crudeIntensities(input, transitions: moves)
            let model = try MultiStateModel(states: states, transitions: zip(moves, initial).map { (from: $0.from, to: $0.to, initial: $1) })
            fit = try MultiStateMarkov.fit(input, model: model)
        } catch let error as MultiStateError {
            let line = error.row.map { "line \(design.rows[$0 - 1] + 2): " } ?? ""
            throw CommandFailure("\(name): \(line)\(error.description)")
        }
        let output = Self.output(fit, t: t, subjects: Set(subjects).count, dropped: design.dropped)
        switch format {
        case .json: print(try Terminal.jsonText(output), terminator: "")
        case .table: print(Self.table(output))
        }
    }

    static func output(_ fit: MultiStateFit, t: Double, subjects: Int, dropped: Int) -> MultiStateOutput {
        let p = fit.transitionProbabilities(t: t)
        return MultiStateOutput(
            states: fit.model.states, nObs: fit.data.times.count, nSubjects: subjects, nDropped: dropped,
            covariateMeans: Dictionary(zip(fit.data.covariateNames, fit.covariateMeans), uniquingKeysWith: { a, _ in a }),
            intensities: fit.intensities.map { .init(from: $0.from, to: $0.to, estimate: $0.estimate, se: $0.standardError, ciLower: $0.lower, ciUpper: $0.upper) },
            hazardRatios: fit.hazardRatios.map { .init(covariate: $0.covariate, from: $0.from, to: $0.to, estimate: $0.estimate, ciLower: $0.lower, ciUpper: $0.upper) },
            minus2loglik: fit.minus2LogLikelihood,
            pMatrix: .init(t: t, rows: (0..<p.rows).map { i in (0..<p.columns).map { p[i, $0] } }),
            sojourn: fit.sojournTimes().map { .init(state: $0.state, mean: $0.estimate, se: $0.standardError, ciLower: $0.lower, ciUpper: $0.upper) },
            converged: fit.converged, iterations: fit.iterations)
    }

    static func table(_ output: MultiStateOutput) -> String {
        var lines = ["Multi-state Markov model: \(output.nObs) observations of \(output.nSubjects) subjects (\(output.nDropped) dropped), \(output.states) states"]
        lines.append("transition      intensity     95% lower     95% upper")
        for q in output.intensities { lines.append("\(q.from) -> \(q.to)".padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: " %13.6g %13.6g %13.6g", q.estimate, q.ciLower, q.ciUpper)) }
        if !output.hazardRatios.isEmpty {
            lines.append("hazard ratios")
            for h in output.hazardRatios {
                lines.append("\(h.covariate) \(h.from) -> \(h.to)".padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: " %11.5g %11.5g %11.5g", h.estimate, h.ciLower, h.ciUpper))
            }
        }
        lines.append(String(format: "−2 log-likelihood %.6f", output.minus2loglik))
        lines.append("P(t = \(output.pMatrix.t))")
        for row in output.pMatrix.rows { lines.append(row.map { String(format: "%9.5f", $0) }.joined(separator: " ")) }
        return lines.joined(separator: "\n") + (output.converged ? "" : "\nNOT CONVERGED")
    }
}
