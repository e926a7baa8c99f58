/// The four Ofsted grades, best first. Raw values are the study folder's spellings.
public enum Grade: String, Sendable, Codable, CaseIterable, Comparable {
    case outstanding, good, requiresImprovement, inadequate

    /// 1 = outstanding … 4 = inadequate, as Ofsted numbers them.
    public var ofstedNumber: Int {
        switch self {
        case .outstanding: 1
        case .good: 2
        case .requiresImprovement: 3
        case .inadequate: 4
        }
    }

    /// Good or Outstanding.
    public var isGoodOrBetter: Bool { self == .good || self == .outstanding }

    /// Ordered best first: `.outstanding < .inadequate`.
    public static func < (lhs: Grade, rhs: Grade) -> Bool { lhs.ofstedNumber < rhs.ofstedNumber }

    public var label: String {
        switch self {
        case .outstanding: "Outstanding"
        case .good: "Good"
        case .requiresImprovement: "Requires improvement"
        case .inadequate: "Inadequate"
        }
    }
}

/// Ofsted's frameworks for inspecting LA children's services: the single inspection framework
/// (SIF, November 2013 to 2017) and ILACS (from January 2018).
public enum InspectionFramework: String, Sendable, Codable, CaseIterable {
    case sif, ilacs
}

/// What kind of Ofsted event. Monitoring and focused visits carry no grade.
public enum InspectionKind: String, Sendable, Codable, CaseIterable {
    /// A SIF inspection or an ILACS standard inspection.
    case full
    /// An ILACS short inspection (LAs previously Good or Outstanding).
    case short
    case focusedVisit
    case monitoringVisit

    public var isGraded: Bool { self == .full || self == .short }
}

/// The sub-judgements of SIF and ILACS, with the study folder's column names.
public enum SubJudgement: String, Sendable, Codable, CaseIterable {
    case helpAndProtection = "help_and_protection"
    case childrenInCare = "children_in_care"
    case careLeavers = "care_leavers"
    case leadership = "leadership"
    case adoption = "adoption"
}

/// One Ofsted inspection or visit of an LA's children's services.
public struct Inspection: Sendable, Hashable, Codable {
    public var laCode: String
    public var date: CalendarDate
    public var framework: InspectionFramework
    public var kind: InspectionKind
    /// Overall effectiveness; nil for visits that are not graded.
    public var overall: Grade?
    public var subJudgements: [SubJudgement: Grade]

    public init(laCode: String, date: CalendarDate, framework: InspectionFramework, kind: InspectionKind,
                overall: Grade?, subJudgements: [SubJudgement: Grade] = [:]) {
        self.laCode = laCode
        self.date = date
        self.framework = framework
        self.kind = kind
        self.overall = overall
        self.subJudgements = subJudgements
    }
}

extension Array where Element == Inspection {
    /// The overall grade of the latest graded inspection of `laCode` strictly before `date`
    /// (the judgement in force on that day), or nil if it had none.
    public func gradeInForce(for laCode: String, on date: CalendarDate) -> Grade? {
        var latest: Inspection?
        for inspection in self where inspection.laCode == laCode && inspection.date < date && inspection.overall != nil {
            if latest == nil || inspection.date >= latest!.date { latest = inspection }
        }
        return latest?.overall
    }
}
