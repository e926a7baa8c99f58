/// Agreement between coders who assign nominal codes to the same units (qualitative coding of
/// case-study material): percent agreement, Cohen's kappa for two coders, and Krippendorff's
/// alpha for any number of coders with missing codes.
public enum Agreement {
    /// The share of units, coded by both, on which two coders gave the same code.
    public static func percentAgreement(_ first: [String?], _ second: [String?]) -> Double? {
        let pairs = zip(first, second).compactMap { a, b in a.flatMap { a in b.map { (a, $0) } } }
        guard !pairs.isEmpty else { return nil }
        return Double(pairs.filter { $0.0 == $0.1 }.count) / Double(pairs.count)
    }

    /// Cohen's kappa (Cohen 1960, "A coefficient of agreement for nominal scales", Educational
    /// and Psychological Measurement 20): κ = (pₒ − pₑ) / (1 − pₑ), with pₒ the observed agreement
    /// and pₑ = Σₖ p₁ₖ p₂ₖ from each coder's own marginal shares, over the units both coded
    /// (as scikit-learn's `cohen_kappa_score` and R irr's `kappa2`). Nil when pₑ = 1 (both coders
    /// always use one and the same code) or no unit was coded by both.
    public static func cohensKappa(_ first: [String?], _ second: [String?]) -> Double? {
        let pairs = zip(first, second).compactMap { a, b in a.flatMap { a in b.map { (a, $0) } } }
        guard !pairs.isEmpty else { return nil }
        let n = Double(pairs.count)
        let observed = Double(pairs.filter { $0.0 == $0.1 }.count) / n
        var firstCounts: [String: Double] = [:], secondCounts: [String: Double] = [:]
        for (a, b) in pairs {
            firstCounts[a, default: 0] += 1
            secondCounts[b, default: 0] += 1
        }
        let expected = firstCounts.keys.sorted().reduce(0.0) { $0 + firstCounts[$1]! * (secondCounts[$1] ?? 0) } / (n * n)
        guard expected < 1 else { return nil }
        return (observed - expected) / (1 - expected)
    }

    /// Krippendorff's alpha for nominal codes (Krippendorff 2011, "Computing Krippendorff's
    /// alpha-reliability", Annenberg School for Communication): α = 1 − Dₒ / Dₑ from the
    /// coincidence matrix o_ck = Σᵤ (number of c–k pairs of coders in unit u) / (mᵤ − 1) over
    /// the units with at least two codes (mᵤ codes in unit u), nₖ = Σ_c o_ck, n = Σ nₖ:
    /// Dₒ = Σ_{c≠k} o_ck / n and Dₑ = Σ_{c≠k} n_c nₖ / (n (n − 1)).
    /// - Parameter units: per unit, each coder's code (nil where that coder did not code it).
    /// - Returns: nil when fewer than two pairable codes exist or every code is the same (Dₑ = 0).
    public static func krippendorffAlphaNominal(_ units: [[String?]]) -> Double? {
        var coincidence: [String: [String: Double]] = [:]
        for unit in units {
            let codes = unit.compactMap { $0 }
            let m = Double(codes.count)
            guard codes.count >= 2 else { continue }
            for i in codes.indices {
                for j in codes.indices where i != j {
                    coincidence[codes[i], default: [:]][codes[j], default: 0] += 1 / (m - 1)
                }
            }
        }
        let values = coincidence.keys.sorted()
        let marginal = values.map { c in values.reduce(0.0) { $0 + (coincidence[c]?[$1] ?? 0) } }
        let n = marginal.reduce(0, +)
        guard n > 1 else { return nil }
        var disagreeing = 0.0, expected = 0.0
        for (ci, c) in values.enumerated() {
            for (ki, k) in values.enumerated() where ci != ki {
                disagreeing += coincidence[c]?[k] ?? 0
                expected += marginal[ci] * marginal[ki]
            }
        }
        guard expected > 0 else { return nil }
        return 1 - (disagreeing / n) / (expected / (n * (n - 1)))
    }
}
