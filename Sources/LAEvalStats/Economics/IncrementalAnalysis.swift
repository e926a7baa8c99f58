import Foundation

/// A full incremental cost-effectiveness analysis of several mutually exclusive options: the
/// options sorted by cost, those strictly dominated removed, then those extendedly dominated,
/// and each option left on the efficiency frontier given its ICER against the next cheaper
/// option on the frontier (Drummond et al., "Methods for the Economic Evaluation of Health
/// Care Programmes", 4th ed., 2015, ch. 4, decision rules with dominance and extended dominance).
public struct IncrementalAnalysis: Sendable, Codable, Hashable {
    /// An option's place in the analysis.
    public enum Status: String, Sendable, Codable, Hashable {
        /// The cheapest option on the frontier: the baseline of the incremental ICERs.
        case reference
        /// On the efficiency frontier (cost-effective for some range of thresholds).
        case efficient
        /// Strictly (simply) dominated: another option costs no more and is no less effective,
        /// better on one; or an identical option comes first in the sorted order.
        case dominated
        /// Extendedly dominated: a mix of its two frontier neighbours would be both cheaper
        /// and more effective (its ICER exceeds that of the next more effective option).
        case extendedlyDominated = "extendedly_dominated"
    }

    public struct Row: Sendable, Codable, Hashable {
        public var option: String
        public var cost: Double
        public var effect: Double
        public var status: Status
        /// For an efficient option, the next cheaper option on the frontier; for a dominated
        /// one, an option dominating it; nil otherwise.
        public var comparator: String?
        /// For an efficient option, ΔC/ΔE against `comparator`; nil otherwise.
        public var icer: Double?

        enum CodingKeys: String, CodingKey { case option, cost, effect, status, comparator, icer }

        /// Writes null for an absent comparator or ICER rather than leaving the key out.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(option, forKey: .option)
            try container.encode(cost, forKey: .cost)
            try container.encode(effect, forKey: .effect)
            try container.encode(status, forKey: .status)
            try container.encode(comparator, forKey: .comparator)
            try container.encode(icer, forKey: .icer)
        }
    }

    /// The options sorted by cost (ties: more effective first, then by name).
    public let rows: [Row]

    public init(_ options: [CostEffectGroup]) {
        let sorted = options.sorted {
            ($0.meanCost, -$0.meanEffect) != ($1.meanCost, -$1.meanEffect)
                ? ($0.meanCost, -$0.meanEffect) < ($1.meanCost, -$1.meanEffect)
                : $0.group.unicodeScalars.lexicographicallyPrecedes($1.group.unicodeScalars)
        }
        var rows = sorted.map { Row(option: $0.group, cost: $0.meanCost, effect: $0.meanEffect, status: .efficient) }
        Self.markStrictlyDominated(&rows)
        Self.markExtendedlyDominated(&rows)
        Self.fillFrontierICERs(&rows)
        self.rows = rows
    }

    /// Row j is dominated by an earlier row i (in cost order) with effect ≥ j's: i then costs no
    /// more and is no less effective, and better on one unless the two are identical.
    static func markStrictlyDominated(_ rows: inout [Row]) {
        for j in rows.indices {
            if let i = rows[..<j].firstIndex(where: { $0.effect >= rows[j].effect }) {
                rows[j].status = .dominated
                rows[j].comparator = rows[i].option
            }
        }
    }

    /// Removes, one at a time, the first frontier option whose ICER exceeds the next option's
    /// ICER, until the ICERs along the frontier increase.
    static func markExtendedlyDominated(_ rows: inout [Row]) {
        while true {
            let frontier = rows.indices.filter { rows[$0].status != .dominated && rows[$0].status != .extendedlyDominated }
            guard frontier.count >= 3 else { return }
            func icer(_ k: Int) -> Double {
                let (a, b) = (rows[frontier[k - 1]], rows[frontier[k]])
                return (b.cost - a.cost) / (b.effect - a.effect)
            }
            guard let k = (1..<(frontier.count - 1)).first(where: { icer($0) > icer($0 + 1) }) else { return }
            rows[frontier[k]].status = .extendedlyDominated
        }
    }

    static func fillFrontierICERs(_ rows: inout [Row]) {
        var previous: Int?
        for j in rows.indices where rows[j].status == .efficient {
            if let i = previous {
                rows[j].comparator = rows[i].option
                rows[j].icer = (rows[j].cost - rows[i].cost) / (rows[j].effect - rows[i].effect)
            } else {
                rows[j].status = .reference
            }
            previous = j
        }
    }
}
