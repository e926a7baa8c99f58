import Foundation

/// A unit's series beside the mean and median of its neighbours' series, period by period.
public struct NeighbourTrajectory: Sendable, Equatable, Codable {
    public struct Point: Sendable, Equatable, Codable {
        public var time: Double
        /// The unit's own value; nil where it is missing.
        public var value: Double?
        /// Mean and median over the neighbours with a value in this period; nil where none has one.
        public var neighbourMean: Double?
        public var neighbourMedian: Double?
        /// How many neighbours had a value.
        public var neighbourCount: Int
        /// value − neighbourMean, where both exist.
        public var gap: Double? {
            guard let value, let neighbourMean else { return nil }
            return value - neighbourMean
        }
    }

    public var points: [Point]

    /// Builds the trajectory. `neighbours[j][t]` is neighbour j's value at `times[t]`; NaN is missing.
    /// DfE's benchmarking tools report the neighbours' mean; its children's social care dashboard
    /// uses the median for rates, so both are kept.
    public init(times: [Double], unit: [Double], neighbours: [[Double]]) {
        points = times.indices.map { t in
            let values = neighbours.compactMap { $0[t].isFinite ? $0[t] : nil }
            return Point(time: times[t], value: unit[t].isFinite ? unit[t] : nil,
                         neighbourMean: values.isEmpty ? nil : values.reduce(0, +) / Double(values.count),
                         neighbourMedian: Self.median(values), neighbourCount: values.count)
        }
    }

    /// Mean gap over the periods in `range` with a gap; nil if none has one.
    public func meanGap(over range: ClosedRange<Double>) -> Double? {
        let gaps = points.filter { range.contains($0.time) }.compactMap(\.gap)
        return gaps.isEmpty ? nil : gaps.reduce(0, +) / Double(gaps.count)
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}
