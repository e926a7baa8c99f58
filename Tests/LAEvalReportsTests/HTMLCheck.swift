import Foundation

/// A strict well-formedness check of the HTML laeval writes (test-side): every non-void element
/// closed in order, attribute values double-quoted and not repeated, `&` only in entities, ids
/// unique in the document, raw text only in `<style>`.
struct HTMLCheck {
    static let void: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]

    var problems: [String] = []
    var ids: [String] = []

    init(_ html: String) {
        let text = Array(html.unicodeScalars)
        var stack: [String] = []
        var i = 0
        func fail(_ message: String) { problems.append("\(message) at character \(i)") }
        if html.hasPrefix("<!DOCTYPE html>") { i = "<!DOCTYPE html>".unicodeScalars.count }
        while i < text.count {
            if text[i] == "&" {
                var j = i + 1
                while j < text.count, j - i < 10, text[j] != ";", CharacterSet.alphanumerics.contains(text[j]) || text[j] == "#" { j += 1 }
                if j >= text.count || text[j] != ";" || j == i + 1 { fail("bare &") }
                i = j + 1
                continue
            }
            guard text[i] == "<" else { i += 1; continue }
            if String(String.UnicodeScalarView(text[i..<min(i + 4, text.count)])) == "<!--" {
                while i + 2 < text.count, !(text[i] == "-" && text[i + 1] == "-" && text[i + 2] == ">") { i += 1 }
                i += 3
                continue
            }
            var j = i + 1
            let closing = j < text.count && text[j] == "/"
            if closing { j += 1 }
            var name = ""
            while j < text.count, !CharacterSet.whitespacesAndNewlines.contains(text[j]), text[j] != ">", text[j] != "/" {
                name.unicodeScalars.append(text[j]); j += 1
            }
            var attributes: Set<String> = []
            var selfClosing = false
            while j < text.count, text[j] != ">" {
                if CharacterSet.whitespacesAndNewlines.contains(text[j]) { j += 1; continue }
                if text[j] == "/" { selfClosing = true; j += 1; continue }
                var attribute = ""
                while j < text.count, text[j] != "=", text[j] != ">", !CharacterSet.whitespacesAndNewlines.contains(text[j]) {
                    attribute.unicodeScalars.append(text[j]); j += 1
                }
                if !attributes.insert(attribute).inserted { fail("repeated attribute \(attribute) on <\(name)>") }
                guard j < text.count, text[j] == "=" else { continue }
                j += 1
                guard j < text.count, text[j] == "\"" else { fail("unquoted attribute \(attribute) on <\(name)>"); continue }
                j += 1
                var value = ""
                while j < text.count, text[j] != "\"" {
                    if text[j] == "<" { fail("< inside an attribute of <\(name)>") }
                    value.unicodeScalars.append(text[j]); j += 1
                }
                if attribute == "id" { ids.append(value) }
                j += 1
            }
            i = j + 1
            if closing {
                if stack.last == name { stack.removeLast() } else { fail("</\(name)> closes <\(stack.last ?? "nothing")>") }
            } else if !selfClosing && !Self.void.contains(name) {
                if name == "style" {
                    guard let end = html.range(of: "</style>", range: html.unicodeScalars.index(html.startIndex, offsetBy: i)..<html.endIndex) else {
                        fail("unclosed <style>"); break
                    }
                    i = html.unicodeScalars.distance(from: html.startIndex, to: end.lowerBound)
                }
                stack.append(name)
            }
        }
        if !stack.isEmpty { problems.append("unclosed elements: \(stack)") }
        let repeated = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        if !repeated.isEmpty { problems.append("repeated ids: \(repeated.prefix(5))") }
    }
}
