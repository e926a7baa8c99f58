import Foundation
import Testing
@testable import LAEvalData

/// A deterministic 64-bit linear congruential generator (Knuth's MMIX constants); the high
/// bits are used because the low bits of an LCG are weak.
private struct NumberTestLCG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
    mutating func below(_ bound: Int) -> Int { Int((next() >> 33) % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(below(10))) })
    }
}

/// A random decimal string in the grammar parseDouble accepts (and Swift's Double(String) too).
private func randomDecimal(_ random: inout NumberTestLCG) -> String {
    var text = random.chance(30) ? "-" : ""
    let leadingZeros = random.chance(15) ? String(repeating: "0", count: 1 + random.below(4)) : ""
    // up to 20 significant digits split between the integer part and the fraction
    let significant = 1 + random.below(20)
    let integerDigits = random.below(significant + 1)
    let fractionDigits = significant - integerDigits
    let fractionZeros = random.chance(20) ? String(repeating: "0", count: random.below(8)) : ""
    var integerPart = leadingZeros + random.digits(integerDigits)
    var fractionPart = ""
    if fractionDigits > 0 || random.chance(10) {
        fractionPart = fractionZeros + random.digits(fractionDigits)
    }
    if integerPart.isEmpty && fractionPart.isEmpty { integerPart = "0" }
    if integerPart.isEmpty && !random.chance(50) { integerPart = "0" }
    text += integerPart
    if !fractionPart.isEmpty || (random.chance(5) && !integerPart.isEmpty) { text += "." + fractionPart }
    if random.chance(35) {
        text += random.chance(50) ? "e" : "E"
        let sign = random.below(3)
        text += sign == 0 ? "" : sign == 1 ? "-" : "+"
        let exponent = random.chance(80) ? random.below(25) : random.below(320)
        text += String(exponent)
    }
    return text
}

@Suite("NumberText")
struct NumberTextTests {
    private func same(_ text: String) -> Bool {
        guard let ours = NumberText.parseDouble(text), let swift = Double(text) else { return false }
        return ours.bitPattern == swift.bitPattern
    }

    @Test("parseDouble agrees bit for bit with Double(String) on chosen cases", arguments: [
        "0", "-0", "0.0", "-0.0", "1", "-1", "0.1", "0.2", "0.3", "22.6", "-3", "21", "1e22", "1e23", "1E23",
        "123456789012345678", "1234567890123456789", "12345678901234567890", "0.30000000000000004",
        "9007199254740993", "9007199254740992", "9007199254740991", "18446744073709551615", "18446744073709551616",
        "000123.4500", "0.000001", "1e-7", "1.5e-05", "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308",
        "1e308", "1e-320", "5e-324", "1e+5", "1.", ".5", "-.5", "0.1e1", "100000000000000000000", "1e15", "1e16",
        "999999999999999", "9999999999999999", "0.999999999999999999", "3.141592653589793238", "7e22", "7e-22",
        "123456789012345e7", "123456789012345e-22", "1234567890123456e-22", "0.00000000000000000000001",
        "402400", "12183016", "-273.15", "2.5", "1e0", "1e-0", "00000000000000000000000001",
    ])
    func chosenCases(text: String) throws {
        let ours = try #require(NumberText.parseDouble(text))
        let swift = try #require(Double(text))
        #expect(ours.bitPattern == swift.bitPattern, "\(text): \(ours) vs \(swift)")
    }

    @Test("parseDouble agrees bit for bit with Double(String) on 50 000 seeded random decimals")
    func randomDecimals() {
        var random = NumberTestLCG(state: 0x5EED_1234_ABCD_0001)
        var mismatches: [String] = []
        var fastPathLike = 0
        for _ in 0..<50_000 {
            let text = randomDecimal(&random)
            guard let swift = Double(text) else {
                mismatches.append("\(text): Double(String) rejects it")
                continue
            }
            guard let ours = NumberText.parseDouble(text) else {
                mismatches.append("\(text): parseDouble rejects it")
                continue
            }
            if ours.bitPattern != swift.bitPattern { mismatches.append("\(text): \(ours) vs \(swift)") }
            if text.count <= 16 { fastPathLike += 1 }
        }
        #expect(mismatches.count == 0, "first mismatches: \(mismatches.prefix(10))")
        #expect(fastPathLike > 5_000)
    }

    @Test("parseDouble agrees with Double(String) on shortest representations of random doubles")
    func randomDoublesShortest() {
        var random = NumberTestLCG(state: 42)
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let value = Double(bitPattern: random.next())
            guard value.isFinite else { continue }
            let text = "\(value)"
            guard let ours = NumberText.parseDouble(text) else {
                mismatches.append("\(text): rejected")
                continue
            }
            if ours.bitPattern != value.bitPattern { mismatches.append("\(text): \(ours)") }
        }
        #expect(mismatches.count == 0, "first mismatches: \(mismatches.prefix(10))")
    }

    @Test("parseDouble rejects text that is not a plain decimal", arguments: [
        "", "-", ".", "-.", "1e", "1e+", "1e-", "e5", ".e5", "+1", " 1", "1 ", "NaN", "nan", "inf", "-inf",
        "Infinity", "1,000", "0x10", "1.2.3", "--1", "1e5.5", "1..2", "1-", "1e1e1", "\u{661}", "１", "1_000", "1d",
        "٫5", "0b1", "\t1", "1\n",
    ])
    func rejects(text: String) {
        #expect(NumberText.parseDouble(text) == nil, "\(text.debugDescription)")
    }

    @Test("parseDouble from bytes that are a slice of a larger buffer")
    func sliceOfBuffer() {
        // numbers taken from the middle of a row must not read past their end
        let row = Array("x,12.5,7e3,y".utf8)
        row.withUnsafeBufferPointer { buffer in
            #expect(NumberText.parseDouble(UnsafeBufferPointer(rebasing: buffer[2..<6])) == 12.5)
            #expect(NumberText.parseDouble(UnsafeBufferPointer(rebasing: buffer[7..<10])) == 7000)
            #expect(NumberText.parseDouble(UnsafeBufferPointer(rebasing: buffer[2..<4])) == 12)
        }
        // a long number (strtod path) followed by more digits in the buffer
        let long = Array("1.23456789012345678999".utf8)
        long.withUnsafeBufferPointer { buffer in
            let value = NumberText.parseDouble(UnsafeBufferPointer(rebasing: buffer[0..<19]))
            #expect(value?.bitPattern == Double("1.23456789012345678")?.bitPattern)
        }
    }

    // MARK: format

    @Test("format writes integers without a decimal point", arguments: [
        (21.0, "21"), (-3.0, "-3"), (0.0, "0"), (402_400.0, "402400"), (999_999_999_999_999.0, "999999999999999"),
        (-123_456_789_012.0, "-123456789012"),
    ])
    func formatIntegers(value: Double, text: String) {
        #expect(NumberText.format(value) == text)
    }

    @Test("format writes fractions in shortest form", arguments: [
        (22.6, "22.6"), (0.1, "0.1"), (-0.5, "-0.5"), (0.1 + 0.2, "0.30000000000000004"), (0.0001, "0.0001"),
        (3.14159, "3.14159"), (1234.5678, "1234.5678"),
    ])
    func formatFractions(value: Double, text: String) {
        #expect(NumberText.format(value) == text)
        #expect(NumberText.parseDouble(text)?.bitPattern == value.bitPattern)
    }

    /// Values ≥ 1e15 and below 1e-4 take other branches of `format`; whatever text they
    /// produce must parse back to the identical double.
    @Test("format round-trips exactly for large and tiny values", arguments: [
        1e15, 1e15 + 1, 2e15 + 1, 9_007_199_254_740_993, 1e16, 1e17, 1e20, 123_456_789_012_345_678, 1e22, 1e23,
        -1e20, 1.7976931348623157e308, 1e-7, 1.5e-5, 0.00009999, 5e-324, 2.2250738585072014e-308, -1e-7,
        0.1 + 0.2, 1.0 / 3.0,
    ])
    func formatRoundTripSpecial(value: Double) {
        let text = NumberText.format(value)
        #expect(NumberText.parseDouble(text)?.bitPattern == value.bitPattern, "\(value) formatted as \(text)")
    }

    @Test("format round-trips seeded random doubles exactly")
    func formatRoundTripRandom() {
        var random = NumberTestLCG(state: 7)
        var failures: [String] = []
        for index in 0..<20_000 {
            let value: Double
            switch index % 3 {
            case 0: value = Double(bitPattern: random.next())
            case 1: value = Double(Int64(bitPattern: random.next()) >> Int64(random.below(60))) / 100  // two-decimal data
            default: value = (Double(random.next() >> 11) / Double(1 << 53) - 0.5) * pow(10, Double(random.below(30) - 10))
            }
            guard value.isFinite, value != 0 else { continue }
            let text = NumberText.format(value)
            if NumberText.parseDouble(text)?.bitPattern != value.bitPattern { failures.append("\(value) → \(text)") }
        }
        #expect(failures.count == 0, "first failures: \(failures.prefix(10))")
    }

    @Test("format has no exponent and integers have no decimal point for 1e-4 ≤ |x| < 1e15")
    func formatNoExponentInRange() {
        var random = NumberTestLCG(state: 99)
        for _ in 0..<5_000 {
            let magnitude = pow(10, Double(random.below(19)) - 4)  // 1e-4 … 1e14
            let value = (1 + Double(random.next() >> 11) / Double(1 << 53) * 8.999) * magnitude
            let signed = random.chance(50) ? -value : value
            let text = NumberText.format(signed)
            #expect(!text.contains("e") && !text.contains("E"), "\(signed) → \(text)")
            let whole = signed.rounded(.towardZero)
            let integerText = NumberText.format(whole)
            #expect(!integerText.contains(".") && !integerText.contains("e"), "\(whole) → \(integerText)")
            #expect(Double(integerText) == whole)
        }
    }

    @Test("format(places:) rounds half away from zero")
    func formatPlaces() {
        #expect(NumberText.format(22.649, places: 1) == "22.6")
        #expect(NumberText.format(22.65001, places: 1) == "22.7")
        #expect(NumberText.format(2.5, places: 0) == "3")
        #expect(NumberText.format(-2.5, places: 0) == "-3")
        #expect(NumberText.format(1234.0, places: 2) == "1234")
        #expect(NumberText.format(0.125, places: 2) == "0.13")
        #expect(NumberText.format(1.0 / 3.0, places: 3) == "0.333")
    }
}

/// Large, tiny and signed-zero values are written in plain decimals with the fewest digits.
@Suite struct NumberFormatPlainDecimalTests {
    @Test(arguments: [
        (1e15, "1000000000000000"), (2e15 + 1, "2000000000000001"), (1e17, "100000000000000000"),
        (1e20, "100000000000000000000"), (1e-7, "0.0000001"), (1e-5, "0.00001"), (-1.5e-7, "-0.00000015"),
        (-0.0, "-0"), (123.456e20, "12345600000000000000000"), (0.1 + 0.2, "0.30000000000000004"),
    ])
    func plainDecimals(value: Double, text: String) {
        #expect(NumberText.format(value) == text)
        #expect(NumberText.parseDouble(text)?.bitPattern == value.bitPattern)
    }

    @Test func nonFiniteNumbersAreWrittenAsUnavailableInEESFiles() {
        #expect(NumberText.format(.nan) == "NaN")
        #expect(EESWriter.cellText(.number(.infinity)) == "x")
        #expect(EESWriter.cellText(.number(.nan)) == "x")
    }
}
