import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import LAEvalReports

/// Reading a chart's SVG back: parsed as XML, its texts, and its elements by class.
struct ParsedChart {
    let svg: String
    let root: XMLElement

    init(_ svg: String) throws {
        self.svg = svg
        let document = try XMLDocument(xmlString: svg, options: [])
        guard let root = document.rootElement() else { throw CocoaError(.coderReadCorrupt) }
        self.root = root
    }

    /// Elements named `name` anywhere in the chart (the SVG namespace ignored).
    func elements(_ name: String, className: String? = nil) throws -> [XMLElement] {
        let condition = className.map { " and @class='\($0)'" } ?? ""
        return try root.nodes(forXPath: "//*[local-name()='\(name)'\(condition)]").compactMap { $0 as? XMLElement }
    }

    func elements(className: String) throws -> [XMLElement] {
        try root.nodes(forXPath: "//*[@class='\(className)']").compactMap { $0 as? XMLElement }
    }

    var texts: [String] {
        get throws { try elements("text").map { $0.stringValue ?? "" } }
    }

    /// The first `<text>` whose content is exactly `content`.
    func text(_ content: String) throws -> XMLElement? {
        try elements("text").first { $0.stringValue == content }
    }
}

extension XMLElement {
    func number(_ attribute: String) -> Double {
        Double(string(attribute) ?? "") ?? .nan
    }

    /// An attribute's value (searched by hand: on Linux `attribute(forName:)` finds nothing in an
    /// element under a default namespace).
    func string(_ attribute: String) -> String? {
        attributes?.first { $0.name == attribute }?.stringValue
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
