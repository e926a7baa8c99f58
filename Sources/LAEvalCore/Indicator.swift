/// Whether higher values of an indicator are better or worse.
public enum Polarity: String, Sendable, Codable, CaseIterable {
    case higherIsBetter, lowerIsBetter, neutral
}

/// A named annual LA measure (design.md §3), e.g. the re-referral rate.
public struct IndicatorDefinition: Sendable, Hashable, Codable {
    /// The column name in the EES file (snake_case).
    public var name: String
    public var label: String
    /// EES `indicator_unit`: blank, `%`, `pp`, `£`, `£m` or `numberstring`.
    public var unit: String
    public var decimalPlaces: Int?
    public var polarity: Polarity

    public init(name: String, label: String, unit: String, decimalPlaces: Int?, polarity: Polarity) {
        self.name = name
        self.label = label
        self.unit = unit
        self.decimalPlaces = decimalPlaces
        self.polarity = polarity
    }
}

/// The symbols EES files use in place of a number, each a reason the value is missing.
public enum EESSymbol: String, Sendable, Codable, CaseIterable {
    /// confidential, suppressed
    case confidential = "c"
    /// unavailable for other reasons
    case unavailable = "x"
    /// not applicable
    case notApplicable = "z"
    /// rounds to 0 but is not 0
    case low = "low"
    /// newer spelling of `low`
    case lowK = "k"
    /// low reliability
    case lowReliability = "u"

    public var meaning: String {
        switch self {
        case .confidential: "confidential (suppressed)"
        case .unavailable: "unavailable"
        case .notApplicable: "not applicable"
        case .low, .lowK: "rounds to zero but is not zero"
        case .lowReliability: "low reliability"
        }
    }
}

/// A cell of an EES indicator column: a number, or missing with its reason kept.
public enum IndicatorValue: Sendable, Hashable {
    case number(Double)
    case missing(EESSymbol)

    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}

/// A cost to DfE (or the sector) of providing support.
public struct Cost: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// grant paid to an LA or provider
        case grant
        /// staff time (advisers, commissioners, DfE leads)
        case staff
        /// one-off set-up (e.g. a children's services trust)
        case setup
        /// programme management and overheads
        case overhead
    }

    public var programme: Programme
    public var model: SupportModel?
    /// The LA the cost is attributed to; nil for programme-wide costs.
    public var laCode: String?
    /// EES financial year, six digits (e.g. 201819 for April 2018 to March 2019).
    public var timePeriod: Int
    public var amountGBP: Double
    /// The financial year whose prices the amount is in (four digits, e.g. 2024).
    public var priceBase: Int
    public var kind: Kind

    public init(programme: Programme, model: SupportModel?, laCode: String?, timePeriod: Int,
                amountGBP: Double, priceBase: Int, kind: Kind) {
        self.programme = programme
        self.model = model
        self.laCode = laCode
        self.timePeriod = timePeriod
        self.amountGBP = amountGBP
        self.priceBase = priceBase
        self.kind = kind
    }
}
