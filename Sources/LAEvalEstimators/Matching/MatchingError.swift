import Foundation

/// Errors in the inputs of matching and weighting that a user can act on.
public enum MatchingError: Error, Equatable, CustomStringConvertible {
    case lengthMismatch(String)
    case noTreatedUnits
    case noControlUnits
    case invalidRatio(Int)
    case invalidCaliper(Double)
    case nonFinite(String)
    case propensityOutOfRange(row: Int)
    case noMatches
    case nearestNeedsATT

    public var description: String {
        switch self {
        case .lengthMismatch(let what): "\(what) do not have one value per unit"
        case .noTreatedUnits: "there are no treated units: the treatment must contain both groups"
        case .noControlUnits: "there are no control units: the treatment must contain both groups"
        case .invalidRatio(let k): "the ratio must be 1 or more, not \(k)"
        case .invalidCaliper(let c): "the caliper must be positive and finite, not \(c)"
        case .nonFinite(let what): "\(what) has a missing or infinite value: drop those rows first"
        case .propensityOutOfRange(let row): "the propensity score on row \(row + 1) is not strictly between 0 and 1"
        case .noMatches: "no treated unit found a control within the caliper (and exact strata): widen the caliper"
        case .nearestNeedsATT: "nearest-neighbour matching estimates the ATT only: use --method ipw for the ATE"
        }
    }
}
