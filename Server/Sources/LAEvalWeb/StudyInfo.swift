import Foundation
import LAEvalCore

/// What the web service needs from the study folder: LA names and regions, each LA's grade on a
/// date, and the programmes that supported it (for response rates by region, grade and
/// programme, and for the dashboard). Without a study folder, LAs are shown by code only.
public struct StudyInfo: Sendable {
    public let study: Study?

    public init(study: Study?) { self.study = study }

    var authorities: [String: LocalAuthority] {
        Dictionary((study?.localAuthorities ?? []).map { ($0.newCode, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func name(_ code: String) -> String { authorities[code]?.name ?? code }

    public func region(_ code: String) -> String { authorities[code]?.regionName ?? "unknown region" }

    /// The last graded judgement on or before the date.
    public func grade(_ code: String, on date: CalendarDate) -> String {
        study?.inspections.filter { $0.laCode == code && $0.date <= date && $0.overall != nil }.max { $0.date < $1.date }?.overall?.label ?? "not graded"
    }

    /// The programmes whose support began on or before the date.
    public func programmes(_ code: String, on date: CalendarDate) -> [String] {
        let names = Set((study?.support ?? []).filter { $0.laCode == code && $0.start <= date }.map { Self.label($0.programme) })
        return names.isEmpty ? ["none"] : names.sorted()
    }

    static func label(_ programme: Programme) -> String {
        switch programme {
        case .intervention: "Intervention"
        case .improvement: "Improvement"
        case .partnersInPractice: "Partners in Practice"
        }
    }

    public var laCodes: [String] { (study?.localAuthorities ?? []).map(\.newCode).sorted() }
}

extension CalendarDate {
    /// Midnight UTC of the day.
    var date: Date { Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400) }

    init(_ date: Date) { self.init(daysSinceEpoch: Int((date.timeIntervalSince1970 / 86_400).rounded(.down))) }
}
