/// The three kinds of DfE-funded support to LA children's services.
public enum Programme: String, Sendable, Codable, CaseIterable {
    /// For Inadequate LAs: commissioners, improvement advisers, alternative delivery models.
    case intervention
    /// For Requires Improvement LAs: Regional Improvement Alliances, DfE leads, LGA package.
    case improvement
    /// Partners in Practice: LAs rated Good or better supporting others.
    case partnersInPractice

    /// The delivery models that belong to this programme.
    public var models: [SupportModel] {
        SupportModel.allCases.filter { $0.programme == self }
    }
}

/// How support is delivered (design.md §3).
public enum SupportModel: String, Sendable, Codable, CaseIterable {
    case commissioner
    case improvementAdviser
    /// A children's services trust or a partnership with another LA.
    case alternativeDeliveryModel
    case regionalAlliance
    case dfeImprovementLead
    case lgaLeadMember
    case pipPartner

    public var programme: Programme {
        switch self {
        case .commissioner, .improvementAdviser, .alternativeDeliveryModel: .intervention
        case .regionalAlliance, .dfeImprovementLead, .lgaLeadMember: .improvement
        case .pipPartner: .partnersInPractice
        }
    }
}

/// Activities a support episode may involve.
public enum SupportActivity: String, Sendable, Codable, CaseIterable {
    case diagnostic, peerSupport, practiceModelTraining, staffLoan, visits, conferences
}

/// One spell of support to one LA.
public struct SupportEpisode: Sendable, Hashable, Codable {
    public var laCode: String
    public var programme: Programme
    public var model: SupportModel
    /// The LA providing the support (the Partner in Practice), if any.
    public var providerLACode: String?
    public var activities: [SupportActivity]
    public var start: CalendarDate
    /// nil while the support is ongoing.
    public var end: CalendarDate?
    /// Intensity in the model's natural unit (e.g. adviser days a year).
    public var intensity: Double?

    public init(laCode: String, programme: Programme, model: SupportModel, providerLACode: String? = nil,
                activities: [SupportActivity] = [], start: CalendarDate, end: CalendarDate?, intensity: Double? = nil) {
        self.laCode = laCode
        self.programme = programme
        self.model = model
        self.providerLACode = providerLACode
        self.activities = activities
        self.start = start
        self.end = end
        self.intensity = intensity
    }

    /// Whether the episode is active on a day.
    public func isActive(on date: CalendarDate) -> Bool {
        start <= date && (end.map { date <= $0 } ?? true)
    }

    /// The share of financial year `year` (April `year` to March `year + 1`) the episode was
    /// active; an open episode runs to the end of that year.
    public func activeShare(financialYear year: Int) -> Double {
        guard let first = CalendarDate(year: year, month: 4, day: 1), let last = CalendarDate(year: year + 1, month: 3, day: 31) else { return 0 }
        let from = max(first, start), to = min(last, end ?? last)
        guard from <= to else { return 0 }
        return Double(from.days(until: to) + 1) / Double(first.days(until: last) + 1)
    }

    /// Whether the two episodes are active on some common day (an open end runs on for ever).
    public func overlaps(_ other: SupportEpisode) -> Bool {
        start <= (other.end ?? .endOfReportingYear(9999)) && other.start <= (end ?? .endOfReportingYear(9999))
    }
}
