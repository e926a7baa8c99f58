import Foundation
import Mustache

/// A report page as the templates see it: sections of blocks (paragraphs, lists, figures with
/// their data tables, tables). Built by the report builders, rendered by `ReportTemplates`.
public struct ReportPage: Sendable {
    public var file: String
    public var title: String
    public var lede: String
    public var study: String
    public var simulated: Bool
    public var sections: [ReportSection]
    public var provenance: [String]

    public init(file: String, title: String, lede: String, study: String, simulated: Bool, sections: [ReportSection], provenance: [String]) {
        self.file = file
        self.title = title
        self.lede = lede
        self.study = study
        self.simulated = simulated
        self.sections = sections
        self.provenance = provenance
    }

    /// The page as self-contained HTML (inline CSS and SVG, no external reference).
    public func html() -> String {
        ReportTemplates.render(self)
    }
}

public struct ReportSection: Sendable {
    public var id: String
    public var heading: String
    /// Set when the analysis behind the section was not run: says so plainly, and why.
    public var notRun: String?
    public var blocks: [ReportBlock]

    public init(id: String, heading: String, notRun: String? = nil, blocks: [ReportBlock] = []) {
        self.id = id
        self.heading = heading
        self.notRun = notRun
        self.blocks = blocks
    }
}

/// One piece of a section; exactly one of its fields is set.
public struct ReportBlock: Sendable {
    public var subheading: String?
    public var paragraph: String?
    public var note: String?
    public var list: ReportList?
    public var figure: ReportFigure?
    public var table: ReportTable?

    public static func subheading(_ text: String) -> ReportBlock { ReportBlock(subheading: text) }
    public static func paragraph(_ text: String) -> ReportBlock { ReportBlock(paragraph: text) }
    public static func note(_ text: String) -> ReportBlock { ReportBlock(note: text) }
    public static func list(_ items: [String]) -> ReportBlock { ReportBlock(list: ReportList(items: items)) }
    public static func figure(_ figure: ReportFigure) -> ReportBlock { ReportBlock(figure: figure) }
    public static func table(_ table: ReportTable) -> ReportBlock { ReportBlock(table: table) }
}

/// A bulleted list.
public struct ReportList: Sendable {
    public var items: [String]
}

/// A chart with its caption and the table of the numbers it draws.
public struct ReportFigure: Sendable {
    public var svg: String
    public var caption: String
    public var table: ReportTable
    /// "pair" (the table beside the chart on a wide screen) for narrow tables, else "stack".
    public var layout: String { table.headers.count <= 4 ? "pair" : "stack" }

    public init(svg: String, caption: String, table: ReportTable) {
        self.svg = svg
        self.caption = caption
        self.table = table
    }
}

public struct ReportTable: Sendable {
    public struct Cell: Sendable {
        public var text: String
        /// Right-aligned, tabular figures.
        public var numeric: Bool
        /// A count subject to disclosure control (marked in the HTML so that it can be checked).
        public var count: Bool
        public init(_ text: String, numeric: Bool = false, count: Bool = false) {
            self.text = text
            self.numeric = numeric || count
            self.count = count
        }
    }

    public struct Row: Sendable {
        public var cells: [Cell]
        public init(_ cells: [Cell]) { self.cells = cells }
    }

    public struct Header: Sendable {
        public var text: String
        public var numeric: Bool
    }

    public var caption: String
    public var headers: [Header]
    public var rows: [Row]
    public var notes: [String]

    /// `numericColumns`: indices of columns holding numbers; `countColumns`: those holding counts
    /// of units that disclosure control applies to (already suppressed by the caller).
    public init(caption: String, headers: [String], rows: [[String]], numericColumns: Set<Int> = [], countColumns: Set<Int> = [],
                notes: [String] = []) {
        self.caption = caption
        self.headers = headers.enumerated().map { Header(text: $1, numeric: numericColumns.contains($0) || countColumns.contains($0)) }
        self.rows = rows.map { Row($0.enumerated().map { Cell($1, numeric: numericColumns.contains($0), count: countColumns.contains($0)) }) }
        self.notes = notes
    }
}
