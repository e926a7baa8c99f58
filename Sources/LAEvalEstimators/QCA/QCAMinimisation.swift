/// Boolean minimisation by Quine–McCluskey (McCluskey 1956; Ragin 1987, ch. 6): prime implicants
/// of the positive rows (plus don't-care rows), the prime-implicant chart over the positive
/// rows and every cover of the chart with the fewest prime implicants.
enum QCAMinimisation {
    /// An implicant as bit patterns over the row number: `mask` has a 1 for each condition in
    /// the term, `value` its 0/1 values (0 elsewhere); bit k-1-i is condition i.
    struct Implicant: Hashable {
        var value: Int
        var mask: Int

        func covers(_ row: Int) -> Bool { row & mask == value }

        func term(k: Int) -> QCATerm {
            QCATerm(literals: (0..<k).map { i in
                let bit = 1 << (k - 1 - i)
                return mask & bit == 0 ? nil : (value & bit == 0 ? 0 : 1)
            })
        }
    }

    /// The prime implicants that cover at least one of `positive` (0-based row numbers), with
    /// `dontCare` rows usable for merging, in QCA's order (QCATerm.qcaSorted).
    static func primeImplicants(positive: [Int], dontCare: [Int], k: Int) -> [QCATerm] {
        let full = (1 << k) - 1
        var current = Set((positive + dontCare).map { Implicant(value: $0, mask: full) })
        var primes: [Implicant] = []
        while !current.isEmpty {
            var merged = Set<Implicant>(), used = Set<Implicant>()
            for a in current {
                for i in 0..<k {
                    let bit = 1 << i
                    guard a.mask & bit != 0, a.value & bit == 0 else { continue }
                    let b = Implicant(value: a.value | bit, mask: a.mask)
                    guard current.contains(b) else { continue }
                    merged.insert(Implicant(value: a.value, mask: a.mask & ~bit))
                    used.insert(a)
                    used.insert(b)
                }
            }
            primes += current.subtracting(used)
            current = merged
        }
        let terms = primes.filter { p in positive.contains(where: p.covers) }
            .map { $0.term(k: k) }
            .sorted { $0.literals.map { $0 ?? -1 }.lexicographicallyPrecedes($1.literals.map { $0 ?? -1 }) }
        return QCATerm.qcaSorted(terms)
    }

    /// The prime-implicant chart: chart[i][j] is whether prime implicant i covers positive row j.
    static func chart(_ primes: [QCATerm], positiveValues: [[Int]]) -> [[Bool]] {
        primes.map { p in positiveValues.map(p.covers) }
    }

    /// Every cover of the chart's columns with the fewest rows (Petrick's minimal sums), each as
    /// ascending row indices, the covers in ascending lexicographic order (as QCA lists its
    /// models M1, M2, ...). Essential prime implicants are in every cover.
    static func minimalCovers(_ chart: [[Bool]]) -> [[Int]] {
        let columns = chart.first?.count ?? 0
        var essential = Set<Int>()
        for j in 0..<columns {
            let covering = chart.indices.filter { chart[$0][j] }
            if covering.count == 1 { essential.insert(covering[0]) }
        }
        let uncovered = (0..<columns).filter { j in !essential.contains { chart[$0][j] } }
        if uncovered.isEmpty { return [essential.sorted()] }
        let candidates = chart.indices.filter { i in !essential.contains(i) && uncovered.contains { chart[i][$0] } }
        let masks = candidates.map { i in Bits(uncovered.map { chart[i][$0] }) }
        let target = Bits(Array(repeating: true, count: uncovered.count))
        for size in 1...max(1, candidates.count) {
            var found: [[Int]] = []
            forEachCombination(of: size, from: candidates.count) { combination in
                var union = Bits(count: uncovered.count)
                for c in combination { union.formUnion(masks[c]) }
                if union == target { found.append((essential.union(combination.map { candidates[$0] })).sorted()) }
            }
            if !found.isEmpty { return found.sorted { $0.lexicographicallyPrecedes($1) } }
        }
        return []
    }

    /// Calls `body` with every size-`size` subset of 0..<n, as ascending indices.
    static func forEachCombination(of size: Int, from n: Int, _ body: ([Int]) -> Void) {
        guard size <= n else { return }
        var indices = Array(0..<size)
        while true {
            body(indices)
            var i = size - 1
            while i >= 0 && indices[i] == n - size + i { i -= 1 }
            if i < 0 { return }
            indices[i] += 1
            for j in (i + 1)..<size { indices[j] = indices[j - 1] + 1 }
        }
    }

    /// A fixed-length bit set.
    struct Bits: Equatable {
        var words: [UInt64]

        init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }

        init(_ flags: [Bool]) {
            self.init(count: flags.count)
            for (i, flag) in flags.enumerated() where flag { words[i / 64] |= 1 << UInt64(i % 64) }
        }

        mutating func formUnion(_ other: Bits) {
            for i in words.indices { words[i] |= other.words[i] }
        }
    }
}
