import Foundation
import LAEvalCore
import LAEvalStudy

/// Words and numbers as the reports write them: fixed decimals (byte-stable), plain names for
/// programmes and models, and effects in the direction of improvement.
enum ReportText {
    static func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "x" }
        let text = String(format: "%.\(decimals)f", value)
        return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
    }

    static func integer(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    static func pounds(_ value: Double) -> String {
        if abs(value) >= 1e6 { return "£" + number(value / 1e6, decimals: 1) + "m" }
        return "£" + integer(Int(value.rounded()))
    }

    /// Decimals that show a standard error to about two significant figures (0 to 3).
    static func decimals(forSE se: Double?) -> Int {
        guard let se, se.isFinite, se > 0 else { return 2 }
        return min(3, max(0, 1 - Int(floor(log10(se)))))
    }

    static func p(_ value: Double) -> String {
        value < 0.001 ? "<0.001" : number(value, decimals: 3)
    }

    static func name(_ model: SupportModel) -> String {
        switch model {
        case .commissioner: "Commissioner"
        case .improvementAdviser: "DfE improvement adviser"
        case .alternativeDeliveryModel: "Alternative delivery model"
        case .regionalAlliance: "Regional Improvement Alliance"
        case .dfeImprovementLead: "DfE improvement and support lead"
        case .lgaLeadMember: "LGA lead-member package"
        case .pipPartner: "Partner in Practice support"
        }
    }

    static func name(_ programme: Programme) -> String {
        switch programme {
        case .intervention: "Intervention (all models)"
        case .improvement: "Improvement (all models)"
        case .partnersInPractice: "Partners in Practice"
        }
    }

    /// A support as a phrase inside a sentence: "LAs with a commissioner".
    static func inSentence(_ raw: String) -> String {
        switch SupportModel(rawValue: raw) {
        case .commissioner: return "LAs with a commissioner"
        case .improvementAdviser: return "LAs with a DfE improvement adviser"
        case .alternativeDeliveryModel: return "LAs whose services moved to an alternative delivery model"
        case .regionalAlliance: return "LAs supported by their Regional Improvement Alliance"
        case .dfeImprovementLead: return "LAs with a DfE improvement and support lead"
        case .lgaLeadMember: return "LAs on the LGA lead-member package"
        case .pipPartner: return "LAs supported by a Partner in Practice"
        case nil: return "LAs with \(treatment(raw).lowercased())"
        }
    }

    /// An indicator label inside a sentence: first letter lowercased, the demo's "[SIMULATED]"
    /// tag dropped (every page with simulated data says so in its banner).
    static func prose(_ label: String) -> String {
        lowercasedFirst(label.replacingOccurrences(of: " [SIMULATED]", with: ""))
    }

    /// A comparison's name: a model or a programme raw value.
    static func treatment(_ raw: String) -> String {
        if let model = SupportModel(rawValue: raw) { return name(model) }
        if let programme = Programme(rawValue: raw) { return name(programme) }
        return raw
    }

    /// The unit of a change in an indicator: percentages change in percentage points.
    static func changeUnit(_ unit: String) -> String {
        switch unit {
        case "%", "pp": "percentage points"
        case "£": "£"
        case "£m": "£m"
        default: ""
        }
    }

    /// "Effect (percentage points)"; for an indicator without a unit, the effect on its label.
    static func axisLabel(_ outcome: Descriptives.Outcome) -> String {
        let unit = changeUnit(outcome.unit)
        return unit.isEmpty ? "Effect on \(lowercasedFirst(outcome.label))" : "Effect (\(unit))"
    }

    /// A short name for a design, for tables.
    static func shortName(_ design: ImpactAnalysis.Design) -> String {
        switch design {
        case .callawaySantAnna: "Callaway–Sant'Anna"
        case .jointEventStudy: "joint event study"
        case .jointImputation: "joint imputation"
        }
    }

    static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first, !(text.dropFirst().first?.isUppercase ?? false) else { return text }
        return first.lowercased() + text.dropFirst()
    }

    /// Whether an estimate is a statistically significant (95%) improvement, worsening, or neither.
    enum Direction { case improvement, worsening, unclear }

    static func direction(_ estimate: ImpactAnalysis.Estimate) -> Direction {
        guard let lower = estimate.ciLower, let upper = estimate.ciUpper, estimate.polarity != .neutral else { return .unclear }
        let better: (Double) -> Bool = estimate.polarity == .higherIsBetter ? { $0 > 0 } : { $0 < 0 }
        if better(lower) && better(upper) { return .improvement }
        if !better(lower) && !better(upper) && lower != 0 && upper != 0 { return .worsening }
        return .unclear
    }

    /// "fell by 2.1 percentage points (95% CI 0.8 to 3.4)".
    static func effectPhrase(_ estimate: ImpactAnalysis.Estimate, _ outcome: Descriptives.Outcome) -> String {
        guard let att = estimate.att, let lower = estimate.ciLower, let upper = estimate.ciUpper else { return "could not be estimated" }
        let d = decimals(forSE: estimate.se)
        let unit = changeUnit(outcome.unit)
        let size = unit == "£" ? "£" + number(abs(att), decimals: d) : number(abs(att), decimals: d) + (unit.isEmpty ? "" : " " + unit)
        let verb = att < 0 ? "fell by" : "rose by"
        return "\(verb) \(size) (95% confidence interval \(number(lower, decimals: d)) to \(number(upper, decimals: d)))"
    }
}
