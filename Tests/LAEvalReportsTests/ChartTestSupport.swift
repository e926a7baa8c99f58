import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LAEvalData
@testable import LAEvalReports

/// An element of a parsed SVG as plain Swift values, so that no libxml2 object outlives the
/// parse (libxml2 is not thread-safe on Linux; see `LibXML`).
final class SVGNode: @unchecked Sendable {
    let localName: String
    let attributeValues: [(String, String)]
    var children: [SVGNode] = []
    var ownText = ""

    init(localName: String, attributes: [(String, String)]) {
        self.localName = localName
        self.attributeValues = attributes
    }

    var name: String? { localName }

    /// The text of the element and its descendants, as XMLNode's stringValue.
    var stringValue: String? { ownText + children.map { $0.stringValue ?? "" }.joined() }

    var descendants: [SVGNode] { children.flatMap { [$0] + $0.descendants } }

    func number(_ attribute: String) -> Double {
        Double(string(attribute) ?? "") ?? .nan
    }

    func string(_ attribute: String) -> String? {
        attributeValues.first { $0.0 == attribute }?.1
    }
}

/// Builds the `SVGNode` tree from XMLParser's events.
private final class SVGTreeBuilder: NSObject, XMLParserDelegate {
    var stack: [SVGNode] = []
    var root: SVGNode?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        let node = SVGNode(localName: local, attributes: attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        if let parent = stack.last { parent.children.append(node) } else { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.ownText += string
    }
}

/// Reading a chart's SVG back: parsed as XML (well-formedness checked by libxml2 under
/// `LibXML`'s lock), its texts, and its elements by name and class.
struct ParsedChart {
    let svg: String
    let root: SVGNode

    init(_ svg: String) throws {
        self.svg = svg
        let parsed: SVGNode? = LibXML.serialized {
            let builder = SVGTreeBuilder()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = builder
            return parser.parse() ? builder.root : nil
        }
        guard let parsed else { throw CocoaError(.coderReadCorrupt) }
        root = parsed
    }

    /// Elements named `name` anywhere in the chart, optionally with a class.
    func elements(_ name: String, className: String? = nil) throws -> [SVGNode] {
        ([root] + root.descendants).filter { $0.localName == name && (className == nil || $0.string("class") == className) }
    }

    func elements(className: String) throws -> [SVGNode] {
        ([root] + root.descendants).filter { $0.string("class") == className }
    }

    var texts: [String] {
        get throws { try elements("text").map { $0.stringValue ?? "" } }
    }

    /// The first `<text>` whose content is exactly `content`.
    func text(_ content: String) throws -> SVGNode? {
        try elements("text").first { $0.stringValue == content }
    }
}

/// Writes the chart to `$LAEVAL_CHART_DIR/<name>.svg` when that variable is set (to look at it).
func saveForViewing(_ svg: String, as name: String) {
    guard let directory = ProcessInfo.processInfo.environment["LAEVAL_CHART_DIR"] else { return }
    try? svg.write(toFile: "\(directory)/\(name).svg", atomically: true, encoding: .utf8)
}

/// The checks every chart must pass: stable bytes, well-formed XML, an accessible name and
/// description under the id prefix, no NaN, only the SVG namespace as a URL, fonts of 11 px or more.
func commonProblems(_ make: () -> String, id: String, title: String) throws -> [String] {
    let svg = make()
    var problems: [String] = []
    if svg != make() { problems.append("not byte-stable") }
    let chart = try ParsedChart(svg)
    if chart.root.string("role") != "img" { problems.append("no role=img") }
    if chart.root.string("aria-labelledby") != "\(id)-title \(id)-desc" { problems.append("aria-labelledby") }
    if try chart.elements("title").first?.string("id") != "\(id)-title" { problems.append("title id") }
    if try chart.elements("title").first?.stringValue != title { problems.append("title text") }
    if try chart.elements("desc").first?.string("id") != "\(id)-desc" { problems.append("desc id") }
    if svg.range(of: #"NaN|\bnan\b|\binf\b"#, options: .regularExpression) != nil { problems.append("NaN or inf in the output") }
    if svg.components(separatedBy: "http").count != 2 { problems.append("a URL other than the namespace") }
    for text in try chart.elements("text") where text.number("font-size") < 11 { problems.append("font below 11: \(text.stringValue ?? "")") }
    return problems
}
