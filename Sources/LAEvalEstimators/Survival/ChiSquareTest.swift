import LAEvalStats

/// A χ² test: statistic, degrees of freedom and upper-tail p-value.
public struct ChiSquareTest: Sendable, Equatable {
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let pValue: Double

    public init(statistic: Double, degreesOfFreedom: Int) {
        self.statistic = statistic
        self.degreesOfFreedom = degreesOfFreedom
        pValue = degreesOfFreedom > 0 ? ChiSquared(df: Double(degreesOfFreedom)).sf(statistic) : .nan
    }
}
