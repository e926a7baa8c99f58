import Foundation

/// Why an economic-evaluation calculation could not be done, with a message a user can act on.
public enum EconomicsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A year before the price or discount base year (year 0).
    case negativeYear(Int)
    /// A discount rate of −100% or less, or not finite.
    case invalidRate(Double)
    /// The deflator series has no index for a year that was asked for.
    case missingDeflatorYear(year: Int, available: [Int])
    /// A deflator index that is zero, negative or not finite.
    case invalidDeflatorIndex(year: Int, value: Double)
    /// A financial-year label that is not of the form 2019-20 (or 2019/20, or 2019).
    case badFinancialYear(String)
    /// The reference group of a comparison is not among the groups.
    case unknownReference(String, groups: [String])
    /// A group with no cases.
    case emptyGroup(String)
    /// Costs, effects and group labels of different lengths.
    case lengthMismatch(String)
    /// A parameter distribution whose parameters are impossible (e.g. a beta with sd² ≥ mean(1 − mean)).
    case invalidDistribution(parameter: String, reason: String)
    /// A parameter named in a sensitivity analysis that is not in the base case.
    case unknownParameter(String)
    /// A count (draws, replicates) that must be positive.
    case nonPositiveCount(String, Int)
    /// The output does not reach the target between the limits, so there is no switching value there.
    case noSwitchingValue(parameter: String, lower: Double, upper: Double)

    public var description: String {
        switch self {
        case .negativeYear(let year):
            "year \(year) is before the base year: years count from 0"
        case .invalidRate(let rate):
            "discount rate \(rate) is not a usable rate (it must be finite and above −1)"
        case .missingDeflatorYear(let year, let available):
            "the deflator series has no index for \(year)"
                + (available.isEmpty ? " (the series is empty)" : " (it covers \(available.map(String.init).joined(separator: ", ")))")
        case .invalidDeflatorIndex(let year, let value):
            "the deflator index for \(year) is \(value): indices must be positive"
        case .badFinancialYear(let text):
            "'\(text)' is not a year or financial year (write 2019 or 2019-20)"
        case .unknownReference(let reference, let groups):
            "reference level '\(reference)' is not a group (groups: \(groups.joined(separator: ", ")))"
        case .emptyGroup(let group):
            "group '\(group)' has no cases"
        case .lengthMismatch(let what):
            "\(what) have different lengths"
        case .invalidDistribution(let parameter, let reason):
            "parameter \(parameter): \(reason)"
        case .unknownParameter(let name):
            "parameter \(name) is not in the base case"
        case .nonPositiveCount(let what, let count):
            "\(what) must be at least 1 (got \(count))"
        case .noSwitchingValue(let parameter, let lower, let upper):
            "the output does not cross the target as \(parameter) goes from \(lower) to \(upper), so there is no switching value in that range"
        }
    }
}
