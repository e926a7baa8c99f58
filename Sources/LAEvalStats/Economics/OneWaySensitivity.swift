import Foundation

/// The low and high values of a parameter in a one-way sensitivity analysis.
public struct ParameterRange: Sendable, Codable, Hashable {
    public var name: String
    public var low: Double
    public var high: Double

    public init(_ name: String, low: Double, high: Double) {
        self.name = name
        self.low = low
        self.high = high
    }
}

/// One bar of a tornado diagram: the output with the parameter at its low and high value, the
/// others at base.
public struct TornadoBar: Sendable, Codable, Hashable {
    public var parameter: String
    public var low: Double
    public var high: Double
    public var outputAtLow: Double
    public var outputAtHigh: Double
    /// |output at high − output at low|.
    public var swing: Double
}

/// A one-way sensitivity analysis: the base-case output and a bar per parameter, widest swing first.
public struct TornadoResult: Sendable, Codable, Hashable {
    public var baseOutput: Double
    public var bars: [TornadoBar]
}

/// One-way (deterministic) sensitivity analysis (HM Treasury Green Book 2022, ch. 5, sensitivity
/// analysis): each parameter in turn is set to its low and its high value while the others stay
/// at their base values, and the bars are sorted by their swing, widest first (ties keep the
/// order given), to draw a tornado diagram.
public enum OneWaySensitivity {
    public static func tornado(base: [String: Double], ranges: [ParameterRange],
                               model: ([String: Double]) -> Double) throws -> TornadoResult {
        for range in ranges where base[range.name] == nil { throw EconomicsError.unknownParameter(range.name) }
        let bars = ranges.map { range -> TornadoBar in
            var low = base, high = base
            low[range.name] = range.low
            high[range.name] = range.high
            let (atLow, atHigh) = (model(low), model(high))
            return TornadoBar(parameter: range.name, low: range.low, high: range.high, outputAtLow: atLow,
                              outputAtHigh: atHigh, swing: abs(atHigh - atLow))
        }
        let order = bars.indices.sorted { bars[$0].swing != bars[$1].swing ? bars[$0].swing > bars[$1].swing : $0 < $1 }
        return TornadoResult(baseOutput: model(base), bars: order.map { bars[$0] })
    }
}
