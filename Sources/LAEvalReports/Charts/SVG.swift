/// A small SVG writer: elements with attributes in the order given, text escaped, numbers at a
/// fixed precision, so the same chart always gives the same bytes (snapshot-testable).
public struct SVGDocument: Sendable {
    public private(set) var body: [String] = []
    public let width: Double
    public let height: Double

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Two decimals, no trailing zeros, no "-0".
    public static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == 0 { return "0" }
        var text = String(Int64((abs(rounded) * 100).rounded()))
        while text.count < 3 { text = "0" + text }
        let whole = text.dropLast(2), fraction = String(text.suffix(2))
        var result = String(whole) + (fraction == "00" ? "" : "." + (fraction.hasSuffix("0") ? String(fraction.prefix(1)) : fraction))
        if rounded < 0 { result = "-" + result }
        return result
    }

    public static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    public enum Value: Sendable {
        case text(String)
        case number(Double)

        var rendered: String {
            switch self {
            case .text(let text): SVGDocument.escape(text)
            case .number(let value): SVGDocument.number(value)
            }
        }
    }

    static func attributes(_ pairs: [(String, Value)]) -> String {
        pairs.map { " \($0.0)=\"\($0.1.rendered)\"" }.joined()
    }

    public mutating func element(_ name: String, _ attributes: [(String, Value)], content: String? = nil) {
        if let content {
            body.append("<\(name)\(Self.attributes(attributes))>\(Self.escape(content))</\(name)>")
        } else {
            body.append("<\(name)\(Self.attributes(attributes))/>")
        }
    }

    public mutating func raw(_ markup: String) { body.append(markup) }

    /// The document with an accessible name and description (`role="img"`, `<title>`, `<desc>`).
    /// `id` prefixes the element ids (`<id>-title`, `<id>-desc`), so several charts can share a page.
    public func rendered(title: String, description: String, id: String = "chart") -> String {
        let id = Self.escape(id)
        var lines = ["<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" "
            + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
            + "font-family=\"arial, sans-serif\">"]
        lines.append("<title id=\"\(id)-title\">\(Self.escape(title))</title>")
        lines.append("<desc id=\"\(id)-desc\">\(Self.escape(description))</desc>")
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The Government Analysis Function's categorical palette, with a dash pattern and marker per
/// series so that colour is never the only cue.
public enum ChartTheme {
    public static let colours = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
    public static let dashes = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"]
    public static let markers = ["circle", "square", "triangle", "diamond", "circle", "square"]
    public static let text = "#0B0C0C"
    public static let grid = "#D9D9D9"
    /// A pale band behind every other row of a long chart.
    public static let band = "#F3F2F1"
}
