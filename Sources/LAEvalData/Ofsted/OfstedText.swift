import Foundation
import LAEvalCore

/// Ofsted's spellings of grades, inspection types and dates in its published spreadsheets.
enum OfstedText {
    /// Lower case with runs of white space as one space, for comparing Ofsted's texts.
    static func normalised(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static let grades: [String: Grade] = [
        "outstanding": .outstanding,
        "good": .good,
        "requires improvement to be good": .requiresImprovement,
        "requires improvement": .requiresImprovement,
        "inadequate": .inadequate,
    ]

    /// The grade an Ofsted judgement text names, or nil.
    static func grade(_ text: String) -> Grade? { grades[normalised(text)] }

    static let gradeExpectation = "expected Outstanding, Good, Requires improvement to be good or Inadequate"

    /// Every inspection type found in Ofsted's LA inspection outcome files (2024 and 2025).
    static let kinds: [String: InspectionKind] = [
        "ilacs standard inspection": .full,
        "ilacs short inspection": .short,
        "ilacs focused visit": .focusedVisit,
        "la monitoring visit": .monitoringVisit,
    ]

    /// The kind of an Ofsted inspection type text, or nil.
    static func kind(_ text: String) -> InspectionKind? { kinds[normalised(text)] }

    static let kindExpectation =
        "expected ILACS Standard Inspection, ILACS Short Inspection, ILACS Focused Visit or LA Monitoring visit"

    /// A dd/mm/yyyy date (one-digit day and month allowed), or nil.
    static func date(_ text: String) -> CalendarDate? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    static let notYetInspected = "not yet inspected"
}
