/// DfE's dated lookup of LA codes: which ONS and DfE code pairs exist and when each was live.
///
/// The set of LAs changes (Bournemouth and Poole → BCP 2019, Northamptonshire split 2021,
/// Cumbria split 2023, code changes without boundary change). Codes are checked against this
/// table, never matched by name.
public struct LALookup: Sendable {
    public struct Entry: Sendable, Hashable {
        public let newCode: String
        public let oldCode: String
        public let name: String
        public let regionCode: String
        public let regionName: String
        public let validFrom: CalendarDate
        /// nil while still live.
        public let validTo: CalendarDate?

        public init(newCode: String, oldCode: String, name: String, regionCode: String, regionName: String,
                    validFrom: String, validTo: String?) {
            self.newCode = newCode
            self.oldCode = oldCode
            self.name = name
            self.regionCode = regionCode
            self.regionName = regionName
            self.validFrom = CalendarDate(iso: validFrom)!
            self.validTo = validTo.flatMap { CalendarDate(iso: $0) }
        }

        public func isLive(on date: CalendarDate) -> Bool {
            validFrom <= date && (validTo.map { date <= $0 } ?? true)
        }

        /// Live on any day of the reporting year ending 31 March `year`.
        public func isLive(inReportingYear year: Int) -> Bool {
            let first = CalendarDate(year: year - 1, month: 4, day: 1)!
            let last = CalendarDate.endOfReportingYear(year)
            return validFrom <= last && (validTo.map { first <= $0 } ?? true)
        }
    }

    public let entries: [Entry]
    private let byNewCode: [String: [Entry]]
    private let byOldCode: [String: [Entry]]

    public init(entries: [Entry]) {
        self.entries = entries
        self.byNewCode = Dictionary(grouping: entries, by: \.newCode)
        self.byOldCode = Dictionary(grouping: entries, by: \.oldCode)
    }

    public func entries(newCode: String) -> [Entry] { byNewCode[newCode] ?? [] }
    public func entries(oldCode: String) -> [Entry] { byOldCode[oldCode] ?? [] }

    /// The entry with exactly this pair of codes, if DfE's lookup has one.
    public func entry(newCode: String, oldCode: String) -> Entry? {
        entries(newCode: newCode).first { $0.oldCode == oldCode }
    }

    /// The LAs live on a day, in lookup order.
    public func live(on date: CalendarDate) -> [Entry] {
        entries.filter { $0.isLive(on: date) }
    }
}
