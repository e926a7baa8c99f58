import Foundation
import LAEvalEstimators
import LAEvalStats
import Testing

/// Synthetic control against pysyncon 1.7.0 (`Synth`, `PlaceboTest`) on the Basque data
/// (Abadie & Gardeazabal 2003), fixtures by Validation/synth/make_fixtures.py (outer Nelder–Mead
/// maxiter 3000, xatol 1e-6, fatol 1e-10; inner SLSQP ftol 1e-14). The nested optimisation has
/// many local optima, so what is tested is what is unique (Fixtures/synth/README.md):
/// - W*(V) at pysyncon's V (the inner problem is strictly determined): weights 1e-6 absolute,
///   gaps and loss_V 1e-6 relative (to the largest |gap|), loss_W by its relation to pysyncon's;
/// - the nested fit: laeval's loss_V ≤ pysyncon's (treated unit and every placebo);
/// - placebo in space at each placebo's pysyncon V: weights, gaps, pre/post RMSPE and ratios 1e-4
///   (SLSQP's own precision on some placebos), the rank p-value and pysyncon's p-value exactly.
@Suite struct SyntheticControlFixtureTests {
    struct Placebo: Decodable {
        let unit: String
        let donors: [String]
        let V: [Double]
        let W: [Double]
        let loss_V: Double
        let gaps: [Double]
        let pre_rmspe: Double
        let post_rmspe: Double
        let ratio: Double
    }

    struct Fixture: Decodable {
        struct Spec: Decodable { let variable: String; let periods: [Double]; let op: String }
        let treated: String
        let controls: [String]
        let years: [Double]
        let start: Double
        let fit_periods: [Double]
        let predictor_names: [String]
        let predictor_specs: [Spec]
        let X: [[Double]]
        let Z: [[Double]]
        let V: [Double]
        let W: [Double]
        let loss_V: Double
        let loss_W: Double
        let gaps: [Double]
        let pre_rmspe: Double
        let post_rmspe: Double
        let ratio: Double
        let p_value: Double
        let p_value_pysyncon: Double
        let placebos: [Placebo]

        var units: [String] { [treated] + controls }

        func problem() throws -> SyntheticControlProblem {
            try SyntheticControlProblem(units: units, times: years, outcome: Matrix(Z), predictors: Matrix(X),
                                        predictorNames: predictor_names,
                                        fitTimes: fit_periods.map { years.firstIndex(of: $0)! }, treatmentStart: start)
        }
    }

    static let fixture: Fixture = {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/synth/basque.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    /// |Δgap| relative to the reference series' largest |gap|.
    static func gapDifference(_ a: [Double], _ reference: [Double]) -> Double {
        maxAbsDifference(a, reference) / (reference.map(abs).max() ?? 1)
    }

    @Test func weightsAtReferenceV() throws {
        let f = Self.fixture
        let fit = try SyntheticControl.fit(try f.problem(), treated: 0, options: .init(fixedV: f.V))
        #expect(Self.maxAbsDifference(fit.donorWeights, f.W) < 1e-6)
        #expect(Self.gapDifference(fit.gaps, f.gaps) < 1e-6)
        #expect(abs(fit.lossV - f.loss_V) <= 1e-6 * f.loss_V)
        #expect(abs(fit.preRMSPE - f.pre_rmspe) <= 1e-6 * f.pre_rmspe)
        #expect(abs(fit.postRMSPE - f.post_rmspe) <= 1e-6 * f.post_rmspe)
        // pysyncon's loss_W is the QP objective ½wᵀPw − qᵀw = ½(Σ vₖ rₖ² − x₁ᵀVx₁)
        let problem = try f.problem()
        let k = problem.predictorNames.count
        let scaled = (0..<k).map { r -> Double in
            let row = problem.predictors.row(r)
            let mean = row.reduce(0, +) / Double(row.count)
            let sd = (row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(row.count - 1)).squareRoot()
            return row[0] / sd
        }
        let quadratic = (0..<k).reduce(0.0) { $0 + f.V[$1] * scaled[$1] * scaled[$1] }
        #expect(abs(0.5 * (fit.lossW - quadratic) - f.loss_W) < 1e-8)
    }

    @Test func nestedFitReachesAtMostTheReferenceLoss() throws {
        let f = Self.fixture
        let fit = try SyntheticControl.fit(try f.problem(), treated: 0)
        #expect(fit.lossV <= f.loss_V * (1 + 1e-6))
        #expect(abs(fit.donorWeights.reduce(0, +) - 1) < 1e-12)
        #expect(fit.donorWeights.allSatisfy { $0 >= 0 })
        #expect(abs(fit.predictorWeights.reduce(0, +) - 1) < 1e-12)
        #expect(abs(fit.fitRMSPE * fit.fitRMSPE - fit.lossV) < 1e-12)
    }

    @Test func placeboFitsAtReferenceV() throws {
        let f = Self.fixture
        let problem = try f.problem()
        let treated = try SyntheticControl.fit(problem, treated: 0, options: .init(fixedV: f.V))
        var placebos: [SyntheticControlFit] = []
        for placebo in f.placebos {
            let unit = try problem.unitIndex(placebo.unit)
            let donors = try placebo.donors.map(problem.unitIndex)
            let fit = try SyntheticControl.fit(problem, treated: unit, donors: donors, options: .init(fixedV: placebo.V))
            // SLSQP (ftol 1e-14) stops up to 2.4e-6 from the exact weights on some placebos, so
            // 1e-4 here (the acceptance asks 1e-3); worst seen: W 2.4e-6, gaps 5.3e-6, ratio 1.1e-5
            #expect(Self.maxAbsDifference(fit.donorWeights, placebo.W) < 1e-4, "\(placebo.unit)")
            #expect(Self.gapDifference(fit.gaps, placebo.gaps) < 1e-4, "\(placebo.unit)")
            #expect(abs(fit.preRMSPE - placebo.pre_rmspe) <= 1e-4 * placebo.pre_rmspe, "\(placebo.unit)")
            #expect(abs(fit.postRMSPE - placebo.post_rmspe) <= 1e-4 * placebo.post_rmspe, "\(placebo.unit)")
            #expect(abs(fit.postPreRatio - placebo.ratio) <= 1e-4 * placebo.ratio, "\(placebo.unit)")
            placebos.append(fit)
        }
        let result = PlaceboInSpaceResult(treated: treated, placebos: placebos)
        #expect(result.pValue() == f.p_value)
        // pysyncon's own PlaceboTest.pvalue, by its conventions
        #expect(result.pysynconPValue(times: problem.times, start: problem.treatmentStart) == f.p_value_pysyncon)
    }

    @Test func nestedPlaceboLossesAtMostTheReference() throws {
        let f = Self.fixture
        let problem = try f.problem()
        let result = try SyntheticControl.placeboInSpace(problem, treated: 0, donors: Array(1..<problem.units.count))
        #expect(result.placebos.count == f.placebos.count)
        for placebo in f.placebos {
            let fit = try #require(result.placebos.first { problem.units[$0.treated] == placebo.unit })
            #expect(fit.lossV <= placebo.loss_V * (1 + 1e-6), "\(placebo.unit): \(fit.lossV) > \(placebo.loss_V)")
            #expect(!fit.donors.contains(0))
        }
        let p = result.pValue()
        #expect(p > 0 && p <= 1)
        #expect(result.pValue(maxPreMSPEMultiple: 1e9) == p)
        #expect(result.retained(maxPreMSPEMultiple: 0).allSatisfy { $0.preRMSPE <= result.treated.preRMSPE })
    }

    /// The builder on the shared Basque CSV reproduces pysyncon's Dataprep matrices (skipped
    /// plainly when ../shared/data/synth/basque.csv is absent).
    @Test func builderMatchesDataprep() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/data/synth/basque.csv").standardized.path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let f = Self.fixture
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        let rows = lines.dropFirst().filter { f.units.contains($0[1]) }
        var variables: [String: [Double]] = [:]
        for (c, name) in header.enumerated() where c >= 3 { variables[name] = rows.map { Double($0[c]) ?? .nan } }
        let specs = f.predictor_specs.map { SyntheticControlPredictor(variable: $0.variable, periods: $0.periods, operation: .mean) }
        let problem = try SyntheticControlProblem.build(unit: rows.map { $0[1] }, time: rows.map { Double($0[2])! },
                                                        variables: variables, outcome: "gdpcap", predictors: specs,
                                                        fitPeriods: f.fit_periods, treatmentStart: f.start)
        let order = try f.units.map(problem.unitIndex)
        for k in f.X.indices { for u in order.indices {
            #expect(abs(problem.predictors[k, order[u]] - f.X[k][u]) <= 1e-12 * max(1, abs(f.X[k][u])))
        } }
        for t in f.years.indices { for u in order.indices { #expect(problem.outcome[t, order[u]] == f.Z[t][u]) } }
    }
}

/// Plumbing: bad input, the builder's conventions, exact recovery, placebo in time and
/// leave-one-out.
@Suite struct SyntheticControlPlumbingTests {
    /// Three donors with linear paths; the treated unit is 0.3·d1 + 0.7·d2 in predictors and outcome.
    static func convexProblem() throws -> SyntheticControlProblem {
        let times = (0..<8).map(Double.init)
        let a: [Double] = times.map { 1 + $0 }
        let b: [Double] = times.map { 3 - 0.2 * $0 }
        let c: [Double] = times.map { 2 + $0 * $0 / 16 }
        let donors = [a, b, c]
        let treated = times.indices.map { 0.3 * donors[0][$0] + 0.7 * donors[1][$0] }
        let outcome = Matrix(columns: [treated] + donors)
        let extra: [Double] = [0.3 * 5 + 0.7 * 1, 5, 1, 9]
        var columns: [[Double]] = []
        for u in 0..<4 { columns.append([outcome[0, u], outcome[2, u], outcome[4, u], extra[u]]) }
        let predictors = Matrix(columns: columns)
        return try SyntheticControlProblem(units: ["T", "A", "B", "C"], times: times, outcome: outcome, predictors: predictors,
                                           predictorNames: ["y0", "y2", "y4", "z"], fitTimes: [0, 1, 2, 3, 4], treatmentStart: 5)
    }

    @Test func recoversAnExactConvexCombination() throws {
        let fit = try SyntheticControl.fit(try Self.convexProblem(), treated: 0)
        #expect(abs(fit.donorWeights[0] - 0.3) < 1e-9)
        #expect(abs(fit.donorWeights[1] - 0.7) < 1e-9)
        #expect(fit.donorWeights[2] < 1e-9)
        #expect(fit.lossV < 1e-18)
        #expect(fit.gaps.allSatisfy { abs($0) < 1e-9 })
    }

    @Test func rejectsBadInput() throws {
        let problem = try Self.convexProblem()
        #expect(throws: SyntheticControlError.treatedAmongDonors("T")) { try SyntheticControl.fit(problem, treated: 0, donors: [0, 1]) }
        #expect(throws: SyntheticControlError.noDonors) { try SyntheticControl.fit(problem, treated: 0, donors: []) }
        #expect(throws: SyntheticControlError.self) { try SyntheticControl.fit(problem, treated: 0, options: .init(fixedV: [1, 2])) }
        #expect(throws: SyntheticControlError.unknownUnit("Z")) { try problem.unitIndex("Z") }
        #expect(throws: SyntheticControlError.self) {
            try SyntheticControlProblem(units: ["a"], times: [0, 1], outcome: Matrix(rows: 2, columns: 2), predictors: Matrix(rows: 1, columns: 1),
                                        predictorNames: ["x"], fitTimes: [0], treatmentStart: 1)
        }
        #expect(throws: SyntheticControlError.noFitPeriods) {
            try SyntheticControlProblem(units: ["a"], times: [0, 1], outcome: Matrix(rows: 2, columns: 1), predictors: Matrix(rows: 1, columns: 1),
                                        predictorNames: ["x"], fitTimes: [], treatmentStart: 1)
        }
        #expect(throws: SyntheticControlError.missingOutcome(unit: "b", time: 1)) {
            try SyntheticControlProblem.build(unit: ["a", "a", "b", "b"], time: [0, 1, 0, 1], variables: ["y": [1, 2, 3, .nan]],
                                              outcome: "y", predictors: [.init(variable: "y", periods: [0])], fitPeriods: [0], treatmentStart: 1)
        }
        #expect(throws: SyntheticControlError.missingVariable("x")) {
            try SyntheticControlProblem.build(unit: ["a", "b"], time: [0, 0], variables: ["y": [1, 2]], outcome: "y",
                                              predictors: [.init(variable: "x", periods: [0])], fitPeriods: [0], treatmentStart: 1)
        }
    }

    @Test func builderSummarisesObservedValues() throws {
        let unit = ["a", "a", "a", "b", "b", "b"]
        let time: [Double] = [1, 2, 3, 1, 2, 3]
        let variables: [String: [Double]] = ["y": [1, 2, 3, 4, 5, 6], "x": [10, .nan, 30, 1, 2, 9]]
        let problem = try SyntheticControlProblem.build(
            unit: unit, time: time, variables: variables, outcome: "y",
            predictors: [.init(variable: "x", periods: [1, 2, 3]), .init(variable: "x", periods: [1, 2, 3], operation: .median),
                         .init(variable: "y", periods: [1, 2])],
            fitPeriods: [1, 2], treatmentStart: 3)
        #expect(problem.units == ["a", "b"])
        #expect(problem.predictors.row(0) == [20, 4])
        #expect(problem.predictors.row(1) == [20, 2])
        #expect(problem.predictors.row(2) == [1.5, 4.5])
        #expect(problem.predictorNames == ["x [1–3]", "x (median) [1–3]", "y"])
        #expect(problem.fitTimes == [0, 1])
        let lagged = try SyntheticControlProblem.laggedOutcomes(unit: unit, time: time, outcome: variables["y"]!, treatmentStart: 3)
        #expect(lagged.predictorNames == ["outcome(1)", "outcome(2)"])
        #expect(lagged.predictors.row(1) == [2, 5])
    }

    @Test func placeboInTimeAndLeaveOneOut() throws {
        let problem = try Self.convexProblem()
        let backdated = try SyntheticControl.placeboInTime(problem, treated: 0, fakeStart: 3)
        #expect(backdated.gaps.count == 5)
        #expect(backdated.gaps.allSatisfy { abs($0) < 1e-9 })
        let loo = try SyntheticControl.leaveOneOut(problem, treated: 0, threads: 1)
        #expect(loo.map(\.droppedUnit) == [1, 2])
        #expect(loo.allSatisfy { !$0.fit.donors.contains($0.droppedUnit) && $0.fit.lossV > 0 })
        #expect(throws: SyntheticControlError.self) { try SyntheticControl.placeboInTime(problem, treated: 0, fakeStart: 6) }
    }
}
