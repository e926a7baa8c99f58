import Foundation

/// Switching values (HM Treasury Green Book 2022, ch. 5, sensitivity analysis): the
/// value a parameter would have to take, the others held at base, for an output to reach a
/// target — for the net present value to fall to zero, or for two options to swap ranks. Found
/// by Brent's method on [lower, upper] (``RootFinder/brent(lower:upper:tolerance:maxIterations:_:)``),
/// which needs the output to cross the target in that range.
public enum SwitchingValue {
    /// The value of `parameter` in [lower, upper] at which output(values) = target.
    public static func find(parameter: String, base: [String: Double], lower: Double, upper: Double,
                            target: Double = 0, output: ([String: Double]) -> Double) throws -> Double {
        guard base[parameter] != nil else { throw EconomicsError.unknownParameter(parameter) }
        var values = base
        do {
            return try RootFinder.brent(lower: lower, upper: upper) { x in
                values[parameter] = x
                return output(values) - target
            }
        } catch is RootFinder.Failure {
            throw EconomicsError.noSwitchingValue(parameter: parameter, lower: lower, upper: upper)
        }
    }

    /// The value of `parameter` in [lower, upper] at which two options' outputs are equal (e.g.
    /// their NPVs or net monetary benefits), so their ranking flips.
    public static func rankingFlip(parameter: String, base: [String: Double], lower: Double, upper: Double,
                                   first: ([String: Double]) -> Double, second: ([String: Double]) -> Double) throws -> Double {
        try find(parameter: parameter, base: base, lower: lower, upper: upper) { first($0) - second($0) }
    }
}
