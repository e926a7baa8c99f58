import Foundation

/// A one-way list of counts, such as the number of local authorities per support model, optionally
/// published with its total (an "All" row). Disclosure control is the same as for a one-column
/// `CountTable` with a column total.
public struct CountList: Sendable, Hashable {
    public let labels: [String]
    /// One per label; nil when not applicable or missing (shown as `x`, never suppressed).
    public let counts: [Int?]
    /// Whether the total of the counts is published.
    public let publishesTotal: Bool

    /// A list of non-negative counts, one per label.
    public init(labels: [String], counts: [Int?], publishesTotal: Bool = true) {
        precondition(labels.count == counts.count, "one count per label")
        self.labels = labels
        self.counts = counts
        self.publishesTotal = publishesTotal
    }

    /// A list from (label, count) pairs.
    public init(_ items: [(label: String, count: Int?)], publishesTotal: Bool = true) {
        self.init(labels: items.map(\.label), counts: items.map(\.count), publishesTotal: publishesTotal)
    }

    /// The sum of the counts, or nil if every count is nil.
    public var total: Int? { asTable.columnTotal(0) }

    private var asTable: CountTable {
        CountTable(rowLabels: labels, columnLabels: ["count"], cells: counts.map { [$0] },
                   rowTotals: false, columnTotals: publishesTotal, grandTotal: false)
    }

    /// The list as it may be published: small counts replaced by `c` and, when the total is
    /// published, a further count (the smallest positive one, else the total) if exactly one
    /// would otherwise be suppressed. See `DisclosureControl`.
    public func suppressed(threshold: Int = DisclosureControl.defaultThreshold, suppressZero: Bool = false) -> SuppressedList {
        let table = asTable.suppressed(threshold: threshold, suppressZero: suppressZero)
        return SuppressedList(labels: labels, counts: table.cells.map { $0[0] }, total: table.columnTotals?[0],
                              threshold: threshold, suppressZero: suppressZero)
    }
}

/// A list of counts after disclosure control.
public struct SuppressedList: Sendable, Hashable {
    public let labels: [String]
    /// One per label.
    public let counts: [PublishedCount]
    /// Nil when the total is not published.
    public let total: PublishedCount?
    /// The threshold used: counts from 1 to `threshold − 1` were primary-suppressed.
    public let threshold: Int
    /// Whether zeros were primary-suppressed too.
    public let suppressZero: Bool

    /// Indices of the counts suppressed because they are small.
    public var primarySuppressions: [Int] { counts.indices.filter { counts[$0].suppression == .primary } }

    /// Indices of the counts suppressed to protect the primary suppressions.
    public var secondarySuppressions: [Int] { counts.indices.filter { counts[$0].suppression == .secondary } }

    /// The text to publish for each count (`"12"`, `"c"` or `"x"`).
    public var texts: [String] { counts.map(\.text) }

    /// Rows of text: a header (`labelHeading`, `countHeading`), one row per label, then a
    /// `totalLabel` row if the total is published.
    public func textRows(labelHeading: String = "", countHeading: String = "Count", totalLabel: String = "All") -> [[String]] {
        [[labelHeading, countHeading]] + zip(labels, counts).map { [$0, $1.text] } + (total.map { [[totalLabel, $0.text]] } ?? [])
    }

    /// `textRows` as CSV (RFC 4180 quoting, one line per row).
    public func csv(labelHeading: String = "", countHeading: String = "Count", totalLabel: String = "All") -> String {
        DisclosureCSV.csv(textRows(labelHeading: labelHeading, countHeading: countHeading, totalLabel: totalLabel))
    }
}
