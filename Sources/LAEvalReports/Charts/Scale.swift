import Foundation

/// A linear map from a data interval to a pixel interval (`from` may exceed `to`: SVG's y axis
/// points down).
public struct LinearScale: Sendable, Equatable {
    public let domain: ClosedRange<Double>
    public let from: Double
    public let to: Double

    public init(domain: ClosedRange<Double>, from: Double, to: Double) {
        self.domain = domain.lowerBound == domain.upperBound ? (domain.lowerBound - 1)...(domain.upperBound + 1) : domain
        self.from = from
        self.to = to
    }

    public func callAsFunction(_ value: Double) -> Double {
        let t = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        return from + t * (to - from)
    }

    /// "Nice" ticks: multiples of 1, 2 or 5 × 10^k covering the domain, about `count` of them
    /// (Heckbert, "Nice numbers for graph labels", Graphics Gems 1990).
    public static func niceTicks(_ domain: ClosedRange<Double>, count: Int = 5) -> [Double] {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0, span.isFinite else { return [domain.lowerBound] }
        let rough = span / Double(max(count - 1, 1))
        let magnitude = pow(10, floor(log10(rough)))
        let fraction = rough / magnitude
        let step = (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * magnitude
        let first = (domain.lowerBound / step).rounded(.down) * step
        var ticks: [Double] = []
        var value = first
        while value <= domain.upperBound + step * 1e-9 {
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        if let last = ticks.last, last < domain.upperBound - step * 1e-9 { ticks.append(last + step) }
        return ticks
    }

    /// A tick label with as many decimals as the step needs.
    public static func label(_ value: Double, step: Double) -> String {
        let decimals = max(0, -Int(floor(log10(step))))
        return String(format: "%.\(decimals)f", value == 0 ? 0 : value)
    }
}
