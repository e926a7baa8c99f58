import Foundation
import LAEvalStats

/// A unit's series beside the mean and median of its neighbours' series, period by period
/// (stored column-wise, so that it is compact in JSON; `points` gives it row-wise).
public struct NeighbourTrajectory: Sendable, Equatable, Codable {
    public struct Point: Sendable, Equatable {
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

    public var times: [Double]
    public var values: [Double?]
    public var neighbourMeans: [Double?]
    public var neighbourMedians: [Double?]
    public var neighbourCounts: [Int]

    /// Builds the trajectory. `neighbours[j][t]` is neighbour j's value at `times[t]`; NaN is missing.
    /// DfE's benchmarking tools report the neighbours' mean; its children's social care dashboard
    /// uses the median for rates, so both are kept.
    public init(times: [Double], unit: [Double], neighbours: [[Double]]) {
        self.times = times
        let present = times.indices.map { t in neighbours.compactMap { $0[t].isFinite ? $0[t] : nil } }
        values = unit.map { $0.isFinite ? $0 : nil }
        neighbourMeans = present.map { $0.isEmpty ? nil : $0.reduce(0, +) / Double($0.count) }
        neighbourMedians = present.map { $0.isEmpty ? nil : Bootstrap.quantile($0, 0.5) }
        neighbourCounts = present.map(\.count)
    }

    public var points: [Point] {
        times.indices.map { t in
            Point(time: times[t], value: values[t], neighbourMean: neighbourMeans[t], neighbourMedian: neighbourMedians[t],
                  neighbourCount: neighbourCounts[t])
        }
    }

    /// Mean gap over the periods in `range` with a gap; nil if none has one.
    public func meanGap(over range: ClosedRange<Double>) -> Double? {
        let gaps = points.filter { range.contains($0.time) }.compactMap(\.gap)
        return gaps.isEmpty ? nil : gaps.reduce(0, +) / Double(gaps.count)
    }
}
