import Foundation
import LAEvalStats

/// Reference optima made by Validation/stats/optimisation/make_fixtures.py (SciPy, closed
/// forms, numdifftools, R's optim for the default-tolerance comparison).
enum OptimisationFixture {
    struct Reported: Decodable {
        let point: [Double]
        let value: Double
        let gradMax: Double
    }

    struct ROptim: Decodable {
        let par: [Double]
        let value: Double
        let gradMax: Double
    }

    struct Rosenbrock: Decodable {
        struct Case: Decodable {
            let name: String
            let start: [Double]
            let optimum: [Double]
            let scipyTight: Reported
            let scipyDefaultBFGS: Reported
        }

        struct RDefaults: Decodable {
            let bfgs: ROptim
            let nelderMead: ROptim
            let bfgsNumericalGradient: ROptim
        }

        let cases: [Case]
        let rOptimDefault2: RDefaults?
    }

    struct Powell: Decodable {
        let start: [Double]
        let optimum: [Double]
    }

    struct Box: Decodable {
        struct Case: Decodable {
            let name: String
            let start: [Double]
            let lower: [Double]
            let upper: [Double]
            let point: [Double]
            let value: Double
        }

        let cases: [Case]
    }

    struct Weibull: Decodable {
        let data: [Double]
        let start: [Double]
        let mleShapeScale: [Double]
        let mleLog: [Double]
        let minimum: Double
        let hessianShapeScale: [[Double]]
        let hessianLog: [[Double]]
        let otherPoint: [Double]
        let otherValue: Double
        let otherGradient: [Double]
        let otherHessian: [[Double]]
    }

    struct SimplexProblems: Decodable {
        struct Case: Decodable {
            let name: String
            let X0: [[Double]]
            let x1: [Double]
            let v: [Double]?
            let weightsSLSQP: [Double]
            let lossSLSQP: Double
            let weightsKKT: [Double]
            let lossKKT: Double
            let support: [Int]
        }

        let cases: [Case]
    }

    static func load<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: FixtureFiles.data("optimisation/\(name)"))
    }
}
