import Foundation

/// Conversions between numbers and the text of CSV cells.
public enum NumberText {
    private static let exactPowersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// Parses a decimal number from bytes: optional `-`, digits, optional fraction, optional
    /// exponent. Returns nil for anything else (including empty text, spaces, `+`, `NaN`, `inf`).
    ///
    /// Fast path (Clinger 1990, "How to read floating point numbers accurately"): with at most
    /// 15 significant digits and a power of ten up to 10^22, both are exact doubles and one
    /// correctly rounded multiply or divide gives the correctly rounded result. Otherwise the C
    /// library's `strtod` decides.
    @inline(__always)
    public static func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        guard count > 0 else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var significantDigits = 0
        var fractionDigits = 0
        var sawDigit = false
        while i < count, bytes[i] &- 48 < 10 {
            if mantissa != 0 || bytes[i] != 48 { significantDigits += 1 }
            if significantDigits <= 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48) }
            digits += 1
            sawDigit = true
            i += 1
        }
        if i < count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < count, bytes[i] &- 48 < 10 {
                if mantissa != 0 || bytes[i] != 48 { significantDigits += 1 }
                if significantDigits <= 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48) }
                fractionDigits += 1
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit else { return nil }
        var exponent = 0
        if i < count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var exponentNegative = false
            if i < count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var sawExponentDigit = false
            while i < count, bytes[i] &- 48 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] &- 48) }
                sawExponentDigit = true
                i += 1
            }
            guard sawExponentDigit else { return nil }
            if exponentNegative { exponent = -exponent }
        }
        guard i == count else { return nil }
        let decimalExponent = exponent - fractionDigits
        if significantDigits <= 15, abs(decimalExponent) <= 22 {
            let value = Double(mantissa)
            let scaled = decimalExponent >= 0 ? value * exactPowersOfTen[decimalExponent] : value / exactPowersOfTen[-decimalExponent]
            return negative ? -scaled : scaled
        }
        return strtodFallback(bytes)
    }

    private static func strtodFallback(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var terminated = Array(bytes)
        terminated.append(0)
        return terminated.withUnsafeBufferPointer { buffer -> Double? in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                var endPointer: UnsafeMutablePointer<CChar>?
                let value = strtod(pointer, &endPointer)
                guard let endPointer, endPointer - UnsafeMutablePointer(mutating: pointer) == bytes.count else { return nil }
                return value
            }
        }
    }

    public static func parseDouble(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parseDouble($0) }
    }

    /// Writes a number in plain decimal notation with the fewest digits that read back to the
    /// same double (Swift's shortest round-trip digits, never in exponent form): integers without
    /// a decimal point, `-0` for negative zero; `NaN`, `Infinity` and `-Infinity` otherwise.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return plainDecimal(value.description)
    }

    /// Rewrites Swift's shortest representation (`1.5e-07`, `1e+20`, `2000000000000001.0`)
    /// without an exponent or a trailing `.0`.
    static func plainDecimal(_ text: String) -> String {
        var text = Substring(text)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...].replacingOccurrences(of: "+", with: ""))!
            text = text[..<e]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        var pointPosition = parts[0].count + exponent  // digits before the decimal point
        let leadingZeros = digits.prefix { $0 == "0" }.count
        digits.removeFirst(min(leadingZeros, digits.count - 1))
        pointPosition -= leadingZeros
        var result: String
        if pointPosition <= 0 {
            result = "0." + String(repeating: "0", count: -pointPosition) + digits
        } else if pointPosition >= digits.count {
            result = digits + String(repeating: "0", count: pointPosition - digits.count)
        } else {
            result = String(digits.prefix(pointPosition)) + "." + String(digits.dropFirst(pointPosition))
        }
        if result.contains(".") {
            while result.hasSuffix("0") { result.removeLast() }
            if result.hasSuffix(".") { result.removeLast() }
        }
        return (negative ? "-" : "") + result
    }

    /// Rounds to `places` decimal places (half away from zero) and formats the result.
    public static func format(_ value: Double, places: Int) -> String {
        let factor = pow(10, Double(places))
        return format((value * factor).rounded() / factor)
    }
}
