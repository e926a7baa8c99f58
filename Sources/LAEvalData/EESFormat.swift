import LAEvalCore

/// The rules of the Explore Education Statistics open-data standard that laeval checks
/// (dfe-published-data-qa and eesyscreener; see docs/ees-format.md).
public enum EESFormat {
    /// Columns every EES data file must have.
    public static let mandatoryColumns = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name"]

    /// Geography and time columns: never filters or indicators, never in the metadata file.
    public static let geographyColumns: Set<String> = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
        "region_code", "region_name", "old_la_code", "new_la_code", "la_name",
        "lad_code", "lad_name", "pcon_code", "pcon_name", "english_devolved_area_code", "english_devolved_area_name",
        "opportunity_area_code", "opportunity_area_name", "rsc_region_lead_name", "lsip_code", "lsip_name",
        "local_enterprise_partnership_code", "local_enterprise_partnership_name", "ward_code", "ward_name",
        "pfa_code", "pfa_name", "school_urn", "school_laestab", "school_name", "provider_ukprn", "provider_name",
        "institution_id", "institution_name", "planning_area_code", "planning_area_name", "trust_id", "trust_name",
        "sponsor_id", "sponsor_name",
    ]

    public static let geographicLevels: Set<String> = [
        "National", "Regional", "Local authority", "Local authority district", "RSC region",
        "Parliamentary constituency", "Local skills improvement plan area", "Local enterprise partnership",
        "English devolved area", "Opportunity area", "Ward", "MAT", "Sponsor", "School", "Provider",
        "Institution", "Planning area", "Police force area",
    ]

    /// Time identifiers whose `time_period` has four digits (e.g. 2024).
    public static let fourDigitTimeIdentifiers: Set<String> = {
        var set: Set<String> = ["Calendar year", "Reporting year"]
        for month in ["January", "February", "March", "April", "May", "June", "July", "August",
                      "September", "October", "November", "December"] { set.insert(month) }
        for week in 1...52 { set.insert("Week \(week)") }
        return set
    }()

    /// Time identifiers whose `time_period` has six digits (e.g. 202324).
    public static let sixDigitTimeIdentifiers: Set<String> = [
        "Academic year", "Financial year", "Tax year", "Autumn and spring term", "Autumn term", "Spring term",
        "Summer term", "Financial year Q1", "Financial year Q2", "Financial year Q3", "Financial year Q4",
        "Part 1 (April to September)", "Part 2 (October to March)",
    ]

    /// Allowed `indicator_unit` values of a metadata file.
    public static let indicatorUnits: Set<String> = ["", "%", "pp", "£", "£m", "numberstring"]

    /// The symbols accepted in indicator cells, with a hint for obsolete ones.
    public static func symbol(_ text: String) -> EESSymbol? { EESSymbol(rawValue: text) }

    public static let symbolList = "c, x, z, low, k, u"

    /// The message for a cell that is neither a number nor an EES symbol.
    public static func invalidValueMessage(_ text: String, column: String) -> String {
        switch text {
        case "": return "empty value in indicator \(column): expected a number or an EES symbol (\(symbolList))"
        case ":": return "obsolete symbol ':' in indicator \(column): expected x (unavailable)"
        case "~": return "obsolete symbol '~' in indicator \(column): expected low (rounds to zero)"
        default: return "'\(text)' in indicator \(column) is not a number or an EES symbol (\(symbolList))"
        }
    }

    /// Checks a `time_period` against its `time_identifier`; returns a message or nil.
    public static func timePeriodProblem(_ period: String, identifier: String) -> String? {
        let digits = period.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        if fourDigitTimeIdentifiers.contains(identifier) {
            return digits && period.utf8.count == 4 ? nil
                : "time_period '\(period)' is not valid for \(identifier): expected four digits such as 2024"
        }
        if sixDigitTimeIdentifiers.contains(identifier) {
            guard digits, period.utf8.count == 6, let value = Int(period) else {
                return "time_period '\(period)' is not valid for \(identifier): expected six digits such as 202324"
            }
            return (value / 100) % 100 == (value % 100 + 99) % 100 ? nil
                : "time_period '\(period)' is not valid for \(identifier): expected consecutive years such as 202324"
        }
        return nil
    }
}

extension EESFormat {
    /// Without a .meta.csv the reader infers each column's type (an indicator when every value is
    /// a number or an EES symbol); the user is told which, so a mistaken inference is seen.
    public static func inferredTypes(_ table: EESTable, file: String, stem: String) -> InputProblem {
        let indicators = table.indicatorNames
        let filters = table.columnNames.filter { !mandatoryColumns.contains($0) && !geographyColumns.contains($0) && !indicators.contains($0) }
        return InputProblem(file: file, line: 1, column: 1, message: "no \(stem).meta.csv beside it: column types inferred; filters: "
            + (filters.isEmpty ? "none" : filters.joined(separator: ", ")) + "; indicators: " + indicators.joined(separator: ", "), severity: .warning)
    }
}
