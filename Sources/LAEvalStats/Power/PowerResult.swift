import Foundation

/// The alternative hypothesis of a test, as in R's `pwr` package.
public enum Alternative: String, Sendable, CaseIterable, Codable {
    /// H₁: effect ≠ 0, rejecting in either tail at α/2 each.
    case twoSided = "two-sided"
    /// H₁: effect < 0, rejecting in the lower tail at α.
    case less
    /// H₁: effect > 0, rejecting in the upper tail at α.
    case greater
}

/// A solved power calculation: every quantity, including the one that was solved for.
public struct PowerResult: Sendable, Equatable {
    /// Sample size, unrounded: per group for two-group tests (the first group when the groups
    /// differ), pairs for a paired test, units for a panel difference-in-differences.
    public var n: Double
    /// The second group's size when the groups differ (`pwr.t2n.test`, `pwr.2p2n.test`).
    public var n2: Double?
    /// Probability of rejecting the null hypothesis when the effect is `effectSize`.
    public var power: Double
    /// Cohen's d, Cohen's h, or the effect in outcome units (difference-in-differences).
    public var effectSize: Double
    /// Significance level.
    public var alpha: Double

    public init(n: Double, n2: Double? = nil, power: Double, effectSize: Double, alpha: Double) {
        self.n = n
        self.n2 = n2
        self.power = power
        self.effectSize = effectSize
        self.alpha = alpha
    }

    /// ⌈n⌉, the whole sample size to plan for. An excess over an integer below 10⁻⁹ n (left
    /// by the root finder's tolerance) is ignored.
    public var nCeiling: Int { Self.ceiling(n) }

    /// ⌈n2⌉ when there is a second group.
    public var n2Ceiling: Int? { n2.map(Self.ceiling) }

    static func ceiling(_ value: Double) -> Int {
        guard value.isFinite else { return Int.max }
        let nearest = value.rounded()
        if abs(value - nearest) <= 1e-9 * abs(value) { return Int(nearest) }
        return Int(value.rounded(.up))
    }
}

/// Why a power calculation cannot be done; the descriptions are single sentences for users.
public enum PowerError: Error, Equatable, CustomStringConvertible {
    /// Not exactly one of the quantities was left unknown (nil).
    case unknowns(names: [String], count: Int)
    /// A quantity is outside its range.
    case outOfRange(name: String, value: Double, requirement: String)
    /// The requested power is not above α, which any test attains with no effect at all.
    case powerNotAboveAlpha(power: Double, alpha: Double)
    /// No value of the unknown in its search interval gives the requested power.
    case noSolution(unknown: String, lower: Double, upper: Double)

    public var description: String {
        switch self {
        case .unknowns(let names, let count):
            "exactly one of \(Self.list(names)) must be left unknown to be solved for, but \(count) are"
        case .outOfRange(let name, let value, let requirement):
            "\(name) must be \(requirement), not \(Self.format(value))"
        case .powerNotAboveAlpha(let power, let alpha):
            "power \(Self.format(power)) is not above the significance level \(Self.format(alpha)), which a test has with no effect at all"
        case .noSolution(let unknown, let lower, let upper):
            "no \(unknown) between \(Self.format(lower)) and \(Self.format(upper)) gives the requested power"
        }
    }

    static func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// Up to six significant digits, as a person would write the number.
    static func format(_ value: Double) -> String {
        String(format: "%.6g", value)
    }
}

/// Argument checks shared by the power calculations.
enum PowerInput {
    /// The one nil among `values` (named by `names`), or an error.
    static func unknown(_ values: [Double?], names: [String]) throws -> Int {
        let missing = values.indices.filter { values[$0] == nil }
        guard missing.count == 1 else { throw PowerError.unknowns(names: names, count: missing.count) }
        return missing[0]
    }

    static func probability(_ value: Double?, name: String) throws {
        guard let value else { return }
        guard value > 0, value < 1 else {
            throw PowerError.outOfRange(name: name, value: value, requirement: "between 0 and 1 (exclusive)")
        }
    }

    static func atLeast(_ value: Double?, _ minimum: Double, name: String) throws {
        guard let value else { return }
        guard value >= minimum, value.isFinite else {
            throw PowerError.outOfRange(name: name, value: value, requirement: "a finite number of at least \(PowerError.format(minimum))")
        }
    }

    static func finite(_ value: Double?, name: String) throws {
        guard let value else { return }
        guard value.isFinite else { throw PowerError.outOfRange(name: name, value: value, requirement: "a finite number") }
    }

    static func powerAboveAlpha(power: Double?, alpha: Double?) throws {
        guard let power, let alpha else { return }
        guard power > alpha else { throw PowerError.powerNotAboveAlpha(power: power, alpha: alpha) }
    }
}
