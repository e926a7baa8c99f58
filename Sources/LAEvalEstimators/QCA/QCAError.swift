/// Why a QCA step cannot be done.
public enum QCAError: Error, Equatable, Sendable, CustomStringConvertible {
    case noConditions
    case tooManyConditions(Int)
    case dimensionMismatch(String)
    case membershipOutOfRange(condition: String, value: Double)
    case unknownCondition(String)
    case invalidCalibration(String)
    case noPositiveRows
    case everyConfigurationCovered

    public var description: String {
        switch self {
        case .noConditions: "no conditions given"
        case .tooManyConditions(let k): "\(k) conditions; at most \(QCATruthTable.maximumConditions) are supported"
        case .dimensionMismatch(let what): what
        case .membershipOutOfRange(let condition, let value): "\(condition) has a membership of \(value), outside [0, 1]"
        case .unknownCondition(let name): "directional expectation for \(name), which is not a condition"
        case .invalidCalibration(let why): why
        case .noPositiveRows: "no truth-table row is positive (consistency below the inclusion cut everywhere), nothing to minimise"
        case .everyConfigurationCovered: "every configuration is positive or a remainder: all conditions minimise away"
        }
    }
}
