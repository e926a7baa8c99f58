import Foundation
import LAEvalStats

/// A context variable of a statistical-neighbour model and its weight in the distance.
public struct NeighbourVariable: Sendable, Hashable, Codable {
    public var name: String
    public var weight: Double

    public init(name: String, weight: Double = 1) {
        self.name = name
        self.weight = weight
    }
}

/// One neighbour of a unit, nearest first.
public struct Neighbour: Sendable, Hashable, Codable {
    public var unit: String
    /// d(i, j) = √Σ_v w_v (z_iv − z_jv)² on the standardised variables.
    public var distance: Double
    /// The distance divided by the unit's largest distance to any other unit (0–1), CIPFA's
    /// "rebased" distance: 0 is identical, 1 the least similar unit of all.
    public var relativeDistance: Double
}

/// A unit and its k nearest neighbours.
public struct NeighbourSet: Sendable, Hashable, Codable {
    public var unit: String
    public var neighbours: [Neighbour]
}

/// Why neighbours cannot be found.
public enum StatisticalNeighbourError: Error, Equatable, CustomStringConvertible {
    case tooFewUnits(units: Int, k: Int)
    case invalidK(Int)
    case lengthMismatch(unit: String, values: Int, variables: Int)
    case duplicateUnit(String)
    case missingValue(unit: String, variable: String)
    case constantVariable(String)
    case invalidWeight(variable: String, weight: Double)

    public var description: String {
        switch self {
        case let .tooFewUnits(units, k): "\(units) units cannot each have \(k) neighbours: expected at least \(k + 1) units"
        case let .invalidK(k): "k = \(k) is not valid: expected a whole number of at least 1"
        case let .lengthMismatch(unit, values, variables): "unit \(unit) has \(values) values for \(variables) variables"
        case let .duplicateUnit(unit): "unit \(unit) appears twice"
        case let .missingValue(unit, variable): "unit \(unit) has no value of \(variable): every unit needs every variable"
        case let .constantVariable(name): "variable \(name) has the same value for every unit, so it cannot be standardised"
        case let .invalidWeight(variable, weight): "variable \(variable) has weight \(weight): expected a finite weight of at least 0"
        }
    }
}

/// Statistical neighbours: each unit's k most similar units by a weighted Euclidean distance on
/// standardised context variables.
///
/// This is the distance model of the children's services statistical neighbour benchmarking
/// model (Benton, Chamberlain, Wilson & Teeman, NFER 2007) and of CIPFA's nearest neighbours:
/// every variable is turned into a z-score z_iv = (x_iv − x̄_v)/s_v over all units (s_v the sample
/// standard deviation), and units are compared by d(i, j) = √Σ_v w_v (z_iv − z_jv)². The model's
/// published variables and weights are not reproduced here (they are the study's choice, see
/// docs/methods/neighbours.md). Ties in distance are broken by the units' order in the input,
/// so the result is deterministic.
public enum StatisticalNeighbours {
    /// The k nearest neighbours of every unit. `values[i]` holds unit i's value of each variable,
    /// in the order of `variables`.
    public static func find(units: [String], values: [[Double]], variables: [NeighbourVariable], k: Int = 10) throws -> [NeighbourSet] {
        let z = try standardise(units: units, values: values, variables: variables)
        guard k >= 1 else { throw StatisticalNeighbourError.invalidK(k) }
        guard units.count > k else { throw StatisticalNeighbourError.tooFewUnits(units: units.count, k: k) }
        let weights = variables.map(\.weight)
        return units.indices.map { i in
            let distances = units.indices.map { j in j == i ? Double.infinity : distance(z[i], z[j], weights: weights) }
            let farthest = distances.filter(\.isFinite).max() ?? 0
            let order = units.indices.filter { $0 != i }.sorted { a, b in
                distances[a] != distances[b] ? distances[a] < distances[b] : a < b
            }
            let nearest = order.prefix(k).map { j in
                Neighbour(unit: units[j], distance: distances[j], relativeDistance: farthest > 0 ? distances[j] / farthest : 0)
            }
            return NeighbourSet(unit: units[i], neighbours: nearest)
        }
    }

    /// z-scores of every variable over all units (sample standard deviation), checked: every
    /// unit needs a finite value of every variable, and no variable may be constant.
    public static func standardise(units: [String], values: [[Double]], variables: [NeighbourVariable]) throws -> [[Double]] {
        try check(units: units, values: values, variables: variables)
        var z = values
        for (v, variable) in variables.enumerated() {
            let column = values.map { $0[v] }
            let mean = column.reduce(0, +) / Double(column.count)
            let sd = SampleStatistics.standardDeviation(column)
            guard sd > 0, sd.isFinite else { throw StatisticalNeighbourError.constantVariable(variable.name) }
            for i in units.indices { z[i][v] = (column[i] - mean) / sd }
        }
        return z
    }

    static func distance(_ a: [Double], _ b: [Double], weights: [Double]) -> Double {
        var total = 0.0
        for v in weights.indices { total += weights[v] * (a[v] - b[v]) * (a[v] - b[v]) }
        return total.squareRoot()
    }

    static func check(units: [String], values: [[Double]], variables: [NeighbourVariable]) throws {
        var seen = Set<String>()
        for unit in units where !seen.insert(unit).inserted { throw StatisticalNeighbourError.duplicateUnit(unit) }
        for variable in variables where !(variable.weight >= 0 && variable.weight.isFinite) {
            throw StatisticalNeighbourError.invalidWeight(variable: variable.name, weight: variable.weight)
        }
        guard values.count == units.count else {
            throw StatisticalNeighbourError.lengthMismatch(unit: "(all)", values: values.count, variables: units.count)
        }
        for (unit, row) in zip(units, values) {
            guard row.count == variables.count else {
                throw StatisticalNeighbourError.lengthMismatch(unit: unit, values: row.count, variables: variables.count)
            }
            if let v = row.firstIndex(where: { !$0.isFinite }) {
                throw StatisticalNeighbourError.missingValue(unit: unit, variable: variables[v].name)
            }
        }
    }
}
