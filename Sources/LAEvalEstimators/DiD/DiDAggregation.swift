import Foundation

/// The four summaries of ATT(g,t) of Callaway & Sant'Anna (2021, §3.1), each with a standard
/// error from its own influence function. Where the weights are cohort shares P(G = g) estimated
/// from the data, their estimation enters the influence function by the delta method.
public struct DiDAggregates: Sendable, Codable, Equatable {
    public struct Estimate: Sendable, Codable, Equatable {
        public var att: Double
        public var se: Double
    }

    public struct EventTime: Sendable, Codable, Equatable {
        public var eventTime: Int
        public var att: Double
        public var se: Double
    }

    public struct Group: Sendable, Codable, Equatable {
        public var group: Int
        public var att: Double
        public var se: Double
    }

    public struct Calendar: Sendable, Codable, Equatable {
        public var time: Int
        public var att: Double
        public var se: Double
    }

    /// θ^O_simple: post-treatment ATT(g,t) averaged with weights P(G = g).
    public var simple: Estimate
    /// θ_es(e) for each event time e = t − g, and their average over e ≥ 0.
    public var dynamic: [EventTime]
    public var dynamicOverall: Estimate
    /// θ_sel(g): each cohort's average post-treatment effect, and their P(G = g)-weighted average.
    public var group: [Group]
    public var groupOverall: Estimate
    /// θ_c(t): the effect in period t among cohorts treated by then, and the average over t.
    public var calendar: [Calendar]
    public var calendarOverall: Estimate
}

extension CallawaySantAnna {
    /// The aggregations; event times outside `minEventTime...maxEventTime` are left out.
    /// Standard errors are analytic (from the influence functions) unless `standardErrors`
    /// gives one per element, in the order of `aggregateInfluence`.
    public func aggregate(minEventTime: Int? = nil, maxEventTime: Int? = nil, standardErrors: [Double]? = nil) -> DiDAggregates {
        let parts = aggregateInfluence(minEventTime: minEventTime, maxEventTime: maxEventTime)
        let se = standardErrors ?? parts.map { Self.standardError($0.psi) }
        func estimate(_ index: Int) -> DiDAggregates.Estimate { .init(att: parts[index].att, se: se[index]) }
        let indices = Dictionary(grouping: parts.indices, by: { parts[$0].kind })
        func rows(_ kind: AggregatePart.Kind) -> [Int] { indices[kind] ?? [] }
        return DiDAggregates(
            simple: estimate(rows(.simple)[0]),
            dynamic: rows(.eventTime).map { .init(eventTime: parts[$0].key, att: parts[$0].att, se: se[$0]) },
            dynamicOverall: estimate(rows(.dynamicOverall)[0]),
            group: rows(.group).map { .init(group: parts[$0].key, att: parts[$0].att, se: se[$0]) },
            groupOverall: estimate(rows(.groupOverall)[0]),
            calendar: rows(.calendar).map { .init(time: parts[$0].key, att: parts[$0].att, se: se[$0]) },
            calendarOverall: estimate(rows(.calendarOverall)[0]))
    }

    /// One aggregate with its influence function (for the analytic SE or the bootstrap).
    public struct AggregatePart: Sendable {
        public enum Kind: Sendable, Hashable { case simple, eventTime, dynamicOverall, group, groupOverall, calendar, calendarOverall }
        public var kind: Kind
        /// The event time, group or period the element is for (0 for overall summaries).
        public var key: Int
        public var att: Double
        public var psi: [Double]
    }

    /// Every aggregate, in a fixed order: simple, event times, dynamic overall, groups, group
    /// overall, periods, calendar overall.
    public func aggregateInfluence(minEventTime: Int? = nil, maxEventTime: Int? = nil) -> [AggregatePart] {
        let share = groupShares
        let items = attGroupTime.indices.filter { !attGroupTime[$0].se.isNaN }
        let post = items.filter { attGroupTime[$0].time >= attGroupTime[$0].group }
        var parts: [AggregatePart] = []
        func add(_ kind: AggregatePart.Kind, _ key: Int, _ value: (att: Double, psi: [Double])) {
            parts.append(AggregatePart(kind: kind, key: key, att: value.att, psi: value.psi))
        }

        add(.simple, 0, combine(post, shares: share))
        let eventTimes = Set(items.map { attGroupTime[$0].time - attGroupTime[$0].group })
            .filter { e in (minEventTime.map { e >= $0 } ?? true) && (maxEventTime.map { e <= $0 } ?? true) }.sorted()
        let dynamic = eventTimes.map { e in (e, combine(items.filter { attGroupTime[$0].time - attGroupTime[$0].group == e }, shares: share)) }
        for (e, value) in dynamic { add(.eventTime, e, value) }
        add(.dynamicOverall, 0, average(dynamic.filter { $0.0 >= 0 }.map(\.1)))

        let cohorts = Array(share.keys).sorted()
        let byGroup = cohorts.map { g -> (Int, (att: Double, psi: [Double])) in
            let keepers = post.filter { k in
                attGroupTime[k].group == g && (maxEventTime.map { attGroupTime[k].time - g <= $0 } ?? true)
            }
            return (g, average(keepers.map { (attGroupTime[$0].att, influence[$0]) }))
        }
        for (g, value) in byGroup { add(.group, g, value) }
        add(.groupOverall, 0, combineValues(byGroup.map(\.1), groups: cohorts, shares: share))

        let times = Array(Set(post.map { attGroupTime[$0].time })).sorted()
        let byTime = times.map { t in (t, combine(post.filter { attGroupTime[$0].time == t }, shares: share)) }
        for (t, value) in byTime { add(.calendar, t, value) }
        add(.calendarOverall, 0, average(byTime.map(\.1)))
        return parts
    }

    /// The simple aggregate alone (the first of `aggregateInfluence`), with its analytic SE.
    public func simpleAggregate() -> DiDAggregates.Estimate {
        let post = attGroupTime.indices.filter { !attGroupTime[$0].se.isNaN && attGroupTime[$0].time >= attGroupTime[$0].group }
        let value = combine(post, shares: groupShares)
        return .init(att: value.att, se: Self.standardError(value.psi))
    }

    /// P(G = g) for each treated cohort g.
    var groupShares: [Int: Double] {
        let n = Double(units)
        var share: [Int: Double] = [:]
        for g in unitGroups where g > 0 { share[g, default: 0] += 1 / n }
        return share
    }

    /// Σ_k w_k ATT_k with w_k = P(G = g_k) / Σ_j P(G = g_j) over the chosen ATT(g,t).
    func combine(_ keepers: [Int], shares: [Int: Double]) -> (att: Double, psi: [Double]) {
        combineValues(keepers.map { (attGroupTime[$0].att, influence[$0]) }, groups: keepers.map { attGroupTime[$0].group }, shares: shares)
    }

    /// A share-weighted combination of estimates with influence functions ψ_k, whose influence
    /// function is Σ_k w_k ψ_k + Σ_k ATT_k · ∂w_k, where the weights' own influence function is
    /// (1{Gᵢ = g_k} − p_k)/S − p_k Σ_j (1{Gᵢ = g_j} − p_j)/S² with S = Σ_j p_j (delta method).
    func combineValues(_ values: [(att: Double, psi: [Double])], groups: [Int], shares: [Int: Double]) -> (att: Double, psi: [Double]) {
        let p = groups.map { shares[$0] ?? 0 }
        let total = p.reduce(0, +)
        guard total > 0 else { return (.nan, Array(repeating: .nan, count: units)) }
        let weights = p.map { $0 / total }
        let att = zip(weights, values).reduce(0) { $0 + $1.0 * $1.1.att }
        var psi = [Double](repeating: 0, count: units)
        for (weight, value) in zip(weights, values) { for i in 0..<units { psi[i] += weight * value.psi[i] } }
        for i in 0..<units {
            let gi = unitGroups[i]
            let sumDeviation = zip(groups, p).reduce(0.0) { $0 + ((gi == $1.0 ? 1 : 0) - $1.1) }
            for (k, value) in values.enumerated() {
                let weightInfluence = ((gi == groups[k] ? 1 : 0) - p[k]) / total - p[k] * sumDeviation / (total * total)
                psi[i] += value.att * weightInfluence
            }
        }
        return (att, psi)
    }

    /// The plain average of estimates (fixed, equal weights): the influence functions average too.
    func average(_ values: [(att: Double, psi: [Double])]) -> (att: Double, psi: [Double]) {
        guard !values.isEmpty else { return (.nan, Array(repeating: .nan, count: units)) }
        let m = Double(values.count)
        var psi = [Double](repeating: 0, count: units)
        for value in values { for i in 0..<units { psi[i] += value.psi[i] / m } }
        return (values.reduce(0) { $0 + $1.att } / m, psi)
    }
}
