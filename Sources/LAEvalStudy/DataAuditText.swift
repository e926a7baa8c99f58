import Foundation
import LAEvalCore

extension DataAudit {
    /// A plain-text summary for the terminal.
    public var summary: String {
        var lines: [String] = []
        lines.append("Data audit: \(studyName)")
        if simulated { lines.append("SIMULATED DATA: the inspections, support, indicators and costs are invented.") }
        lines.append("")
        lines.append("Local authorities: \(localAuthorities) in \(regions.count) regions")
        lines.append("")
        lines.append("Inspections by year (graded: " + Grade.allCases.map(\.label).joined(separator: " / ") + "; visits)")
        for year in inspectionsByYear {
            let grades = Grade.allCases.map { grade in String(year.byGrade.first { $0.key == grade.rawValue }?.count ?? 0) }
            lines.append("  \(year.year)  graded \(pad(year.graded, 3)) (\(grades.joined(separator: "/")))  visits \(pad(year.visits, 3))")
        }
        let inForce = gradesInForceAtEnd.map { "\($0.key) \($0.count)" }.joined(separator: ", ")
        lines.append("  grades in force at the end of the study: \(inForce)")
        lines.append("")
        lines.append("Support episodes by programme and model (episodes, LAs, ongoing at end)")
        for item in support {
            lines.append("  \(item.programme.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0)) \(item.model.rawValue.padding(toLength: 25, withPad: " ", startingAt: 0)) \(pad(item.episodes, 4)) \(pad(item.localAuthorities, 4)) \(pad(item.ongoingAtEnd, 4))")
        }
        lines.append("  LAs with support from two programmes at once: \(multipleProgrammesAtOnce)")
        lines.append("")
        lines.append("Cohorts: LAs by reporting year their first episode of a model started")
        for model in SupportModel.allCases {
            let items = cohorts.filter { $0.model == model }
            guard !items.isEmpty else { continue }
            lines.append("  \(model.rawValue): " + items.map { "\($0.startYear): \($0.localAuthorities)" }.joined(separator: ", "))
        }
        lines.append("")
        lines.append("Indicator coverage (LA rows; values; missing by reason; LAs with any value)")
        for item in indicators {
            let missing = item.missing.isEmpty ? "none missing" : item.missing.map { "\($0.key) \($0.count)" }.joined(separator: ", ")
            lines.append("  \(item.indicator.padding(toLength: 40, withPad: " ", startingAt: 0)) \(item.firstYear)-\(item.lastYear) \(pad(item.laRows, 5)) \(pad(item.values, 5)); \(missing); \(item.localAuthoritiesWithValues) LAs")
        }
        if warnings > 0 { lines.append("\nWarnings: \(warnings) (run laeval validate to list them)") }
        return lines.joined(separator: "\n")
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
