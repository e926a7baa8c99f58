import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Why an OpenDocument spreadsheet could not be read; the description names the file.
public struct ODSError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// The file could not be opened or read.
        case unreadable(String)
        /// The bytes are not a zip archive.
        case notAZip
        /// The zip has no `content.xml`.
        case noContentXML
        /// `content.xml` could not be unpacked.
        case damagedContentXML(String)
        /// `content.xml` is not well-formed XML.
        case malformedXML(line: Int, detail: String)
        /// No sheet has the requested name; `available` lists the sheets there are.
        case sheetMissing(String, available: [String])
    }

    /// The file's name as shown in messages.
    public let file: String
    public let reason: Reason

    public init(file: String, reason: Reason) {
        self.file = file
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .unreadable(let detail): "\(file): cannot read the file: \(detail)"
        case .notAZip: "\(file): not an OpenDocument spreadsheet: it is not a zip archive"
        case .noContentXML: "\(file): not an OpenDocument spreadsheet: the zip has no content.xml"
        case .damagedContentXML(let detail): "\(file): content.xml cannot be unpacked: \(detail)"
        case .malformedXML(let line, let detail): "\(file): content.xml is not well-formed XML at line \(line): \(detail)"
        case .sheetMissing(let name, let available):
            "\(file): no sheet named '\(name)'; its sheets are \(available.map { "'\($0)'" }.joined(separator: ", "))"
        }
    }
}

/// The cell texts of an OpenDocument spreadsheet (.ods), read from its `content.xml`.
///
/// Each sheet is a list of rows, each row a list of cell texts as a spreadsheet user sees them:
/// paragraphs joined by newlines, `<text:s/>` as spaces, hyperlinks as their text. Repeated rows
/// and columns are expanded, except that trailing empty ones (Ofsted's files repeat an empty row
/// about a million times) are not materialised: rows end at their last non-empty cell, so rows
/// may differ in length, and a sheet ends at its last non-empty row.
public struct ODSWorkbook: Sendable, Hashable {
    /// The file's name, used in messages.
    public let name: String
    /// The sheets' names in workbook order.
    public let sheetNames: [String]
    private let sheets: [String: [[String]]]

    /// Reads the spreadsheet at `path`; messages name the file by its last path component.
    public init(path: String) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ODSError(file: name, reason: .unreadable("\(path): \(error.localizedDescription)"))
        }
        try self.init(data: data, name: name)
    }

    /// Reads a spreadsheet from its bytes; `name` is used in messages.
    public init(data: Data, name: String = "spreadsheet") throws {
        let xml = try Self.contentXML(data, name: name)
        let parsed = try ODSContentParser.parse(xml, name: name)
        self.name = name
        self.sheetNames = parsed.map(\.name)
        self.sheets = Dictionary(parsed.map { ($0.name, $0.rows) }, uniquingKeysWith: { first, _ in first })
    }

    /// The rows of the sheet called `name`.
    public func sheet(named name: String) throws -> [[String]] {
        guard let rows = sheets[name] else {
            throw ODSError(file: self.name, reason: .sheetMissing(name, available: sheetNames))
        }
        return rows
    }

    /// The spreadsheet letters of a 0-based column index: 0 → "A", 25 → "Z", 26 → "AA".
    public static func columnLetters(_ index: Int) -> String {
        var letters = "", rest = index + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + digit))) + letters
            rest = (rest - 1) / 26
        }
        return letters
    }

    private static func contentXML(_ data: Data, name: String) throws -> Data {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw ODSError(file: name, reason: .notAZip)
        }
        guard let entry = archive["content.xml"] else { throw ODSError(file: name, reason: .noContentXML) }
        var xml = Data()
        do {
            _ = try archive.extract(entry) { xml.append($0) }
        } catch {
            throw ODSError(file: name, reason: .damagedContentXML("\(error)"))
        }
        return xml
    }
}
