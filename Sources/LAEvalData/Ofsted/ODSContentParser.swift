import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One sheet of an .ods file: its name and its rows of cell texts.
struct ODSSheet: Sendable, Hashable {
    var name: String
    var rows: [[String]]
}

/// A SAX reader of an .ods `content.xml` into sheets of cell texts (see `ODSWorkbook`).
///
/// Elements are recognised by the prefixes every ODF writer uses (`table:`, `text:`, `office:`,
/// `draw:`). Text inside comments (`office:annotation`) and drawings (`draw:`) is not cell text.
final class ODSContentParser: NSObject, XMLParserDelegate {
    private var sheets: [ODSSheet] = []
    private var rows = ODSRowBuilder()
    private var cells = ODSCellBuilder()
    /// Depth of nested `table:table` elements; only the outermost tables are sheets.
    private var tableDepth = 0
    private var sheetName = ""
    /// Depth inside text that is not cell text (comments, drawings).
    private var ignoredDepth = 0
    /// Depth inside `text:p`/`text:h` of the current cell.
    private var paragraphDepth = 0
    private var cellRepeat = 1
    private var rowRepeat = 1
    private var cellFallback: String?

    /// The sheets of `xml`, in order; throws `.malformedXML` naming `name`.
    static func parse(_ xml: Data, name: String) throws -> [ODSSheet] {
        try LibXML.serialized { try parseUnlocked(xml, name: name) }
    }

    private static func parseUnlocked(_ xml: Data, name: String) throws -> [ODSSheet] {
        let delegate = ODSContentParser()
        let parser = XMLParser(data: xml)
        parser.delegate = delegate
        let parsed = parser.parse()
        if let error = delegate.error ?? (parsed ? nil : (parser.parserError, parser.lineNumber)) {
            let detail = error.0.map { "\($0.localizedDescription)" } ?? "unknown error"
            throw ODSError(file: name, reason: .malformedXML(line: error.1, detail: detail))
        }
        return delegate.sheets
    }

    /// The first error the parser reported, with its line.
    private var error: ((any Error)?, Int)?

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if error == nil { error = (parseError, parser.lineNumber) }
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if ignoredDepth > 0 || element == "office:annotation" || element.hasPrefix("draw:") {
            ignoredDepth += 1
            return
        }
        if element.hasPrefix("table:") {
            startTableElement(element, attributes)
        } else if element.hasPrefix("text:") {
            startTextElement(element, attributes)
        }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if ignoredDepth > 0 {
            ignoredDepth -= 1
            return
        }
        switch element {
        case "table:table": endTable()
        case "table:table-row" where tableDepth == 1: rows.add(cells.finish(), times: rowRepeat)
        case "table:table-cell", "table:covered-table-cell": endCell()
        case "text:p", "text:h": if tableDepth == 1 { paragraphDepth -= 1 }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if paragraphDepth > 0 && ignoredDepth == 0 && tableDepth == 1 { cells.text += string }
    }

    private func startTableElement(_ element: String, _ attributes: [String: String]) {
        switch element {
        case "table:table":
            tableDepth += 1
            if tableDepth == 1 { sheetName = attributes["table:name"] ?? "Sheet\(sheets.count + 1)" }
        case "table:table-row" where tableDepth == 1:
            rowRepeat = Self.count(attributes["table:number-rows-repeated"])
        case "table:table-cell", "table:covered-table-cell":
            guard tableDepth == 1 else { return }
            cellRepeat = Self.count(attributes["table:number-columns-repeated"])
            cellFallback = attributes["office:string-value"] ?? attributes["office:value"]
            cells.startCell()
        default: break
        }
    }

    private func startTextElement(_ element: String, _ attributes: [String: String]) {
        guard tableDepth == 1 else { return }
        switch element {
        case "text:p", "text:h":
            cells.startParagraph()
            paragraphDepth += 1
        case "text:s" where paragraphDepth > 0:
            cells.text += String(repeating: " ", count: Self.count(attributes["text:c"]))
        case "text:tab" where paragraphDepth > 0: cells.text += "\t"
        case "text:line-break" where paragraphDepth > 0: cells.text += "\n"
        default: break
        }
    }

    private func endCell() {
        guard tableDepth == 1 else { return }
        cells.endCell(times: cellRepeat, fallback: cellFallback)
    }

    private func endTable() {
        if tableDepth == 1 {
            sheets.append(ODSSheet(name: sheetName, rows: rows.finish()))
        }
        tableDepth -= 1
    }

    /// A repeat count attribute; absent or invalid means 1.
    private static func count(_ text: String?) -> Int {
        guard let text, let value = Int(text), value > 0 else { return 1 }
        return value
    }
}

/// Collects the cells of one row, holding back empty cells until a non-empty one follows.
struct ODSCellBuilder {
    private var cells: [String] = []
    private var pendingEmpty = 0
    private var paragraphs = 0
    var text = ""

    mutating func startCell() {
        text = ""
        paragraphs = 0
    }

    mutating func startParagraph() {
        if paragraphs > 0 { text += "\n" }
        paragraphs += 1
    }

    /// Ends a cell repeated `times`; a cell with no paragraph shows its `fallback` value.
    mutating func endCell(times: Int, fallback: String?) {
        let value = paragraphs == 0 ? (fallback ?? "") : text
        guard !value.isEmpty else {
            pendingEmpty += times
            return
        }
        cells.append(contentsOf: repeatElement("", count: pendingEmpty))
        cells.append(contentsOf: repeatElement(value, count: times))
        pendingEmpty = 0
    }

    /// The row's cells up to its last non-empty one; resets for the next row.
    mutating func finish() -> [String] {
        defer { self = ODSCellBuilder() }
        return cells
    }
}

/// Collects the rows of one sheet, holding back empty rows until a non-empty one follows.
struct ODSRowBuilder {
    private var rows: [[String]] = []
    private var pendingEmpty = 0

    mutating func add(_ cells: [String], times: Int) {
        guard !cells.isEmpty else {
            pendingEmpty += times
            return
        }
        rows.append(contentsOf: repeatElement([], count: pendingEmpty))
        rows.append(contentsOf: repeatElement(cells, count: times))
        pendingEmpty = 0
    }

    /// The sheet's rows up to its last non-empty one; resets for the next sheet.
    mutating func finish() -> [[String]] {
        defer { self = ODSRowBuilder() }
        return rows
    }
}
