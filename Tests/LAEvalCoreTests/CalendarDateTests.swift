import Foundation
import Testing
@testable import LAEvalCore

@Suite("CalendarDate")
struct CalendarDateTests {
    @Test("ISO parse accepts valid dates", arguments: [
        ("2024-02-29", 2024, 2, 29),
        ("2023-12-31", 2023, 12, 31),
        ("2000-02-29", 2000, 2, 29),
        ("1970-01-01", 1970, 1, 1),
        ("0001-01-01", 1, 1, 1),
        ("9999-12-31", 9999, 12, 31),
    ])
    func parsesValid(text: String, year: Int, month: Int, day: Int) throws {
        let date = try #require(CalendarDate(iso: text))
        #expect(date.year == year)
        #expect(date.month == month)
        #expect(date.day == day)
        #expect(date.description == text)
        #expect(date == CalendarDate(year: year, month: month, day: day))
    }

    @Test("ISO parse rejects invalid text", arguments: [
        "2023-02-29", "2024-13-01", "2024-1-01", "24-01-01", "2024-00-10", "2024-01-00", "2024-04-31",
        "1900-02-29", "2024/01/01", "2024-01-01T00:00", "", "2024-01-1", " 2024-01-01", "2024-01-01 ",
        "+024-01-01", "2024-0a-01", "2024--1-01", "abcd-ef-gh",
    ])
    func rejectsInvalid(text: String) {
        #expect(CalendarDate(iso: text) == nil, "\(text) should not parse")
    }

    @Test("memberwise init rejects days that do not exist")
    func memberwiseRejects() {
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2024, month: 2, day: 30) == nil)
        #expect(CalendarDate(year: 2024, month: 0, day: 1) == nil)
        #expect(CalendarDate(year: 2024, month: 13, day: 1) == nil)
        #expect(CalendarDate(year: 2024, month: 6, day: 31) == nil)
        #expect(CalendarDate(year: 2024, month: 1, day: 0) == nil)
        #expect(CalendarDate(year: 2024, month: 1, day: 32) == nil)
        #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil)
    }

    @Test("leap years follow the Gregorian rule")
    func leapYears() {
        for year in [1600, 2000, 2004, 2020, 2024, 2400] { #expect(CalendarDate.isLeap(year), "\(year)") }
        for year in [1700, 1800, 1900, 2001, 2023, 2100, 2200] { #expect(!CalendarDate.isLeap(year), "\(year)") }
        #expect(CalendarDate.daysIn(month: 2, year: 2024) == 29)
        #expect(CalendarDate.daysIn(month: 2, year: 2023) == 28)
        #expect(CalendarDate.daysIn(month: 2, year: 1900) == 28)
        #expect(CalendarDate.daysIn(month: 2, year: 2000) == 29)
        let lengths = (1...12).map { CalendarDate.daysIn(month: $0, year: 2023) }
        #expect(lengths == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
        #expect(lengths.reduce(0, +) == 365)
    }

    @Test("daysSinceEpoch known values")
    func knownEpochDays() throws {
        let known: [(String, Int)] = [
            ("1970-01-01", 0), ("1970-01-02", 1), ("1969-12-31", -1), ("2000-03-01", 11017),
            ("2000-02-29", 11016), ("2000-01-01", 10957), ("1900-01-01", -25567), ("2100-01-01", 47482),
            ("2024-03-31", 19813),
        ]
        for (text, days) in known {
            let date = try #require(CalendarDate(iso: text))
            #expect(date.daysSinceEpoch == days, "\(text)")
            #expect(CalendarDate(daysSinceEpoch: days) == date, "\(days)")
        }
    }

    /// Walks day by day from 1900-01-01 to 2100-12-31 with an independent counter and checks
    /// every 37th day (plus month ends) in both directions.
    @Test("daysSinceEpoch round trip over 1900 to 2100 against a day-by-day walk")
    func epochRoundTrip() throws {
        var year = 1900, month = 1, day = 1
        var expectedDays = -25567
        var index = 0
        var checked = 0
        while year <= 2100 {
            let isMonthEnd = day == CalendarDate.daysIn(month: month, year: year)
            if index % 37 == 0 || isMonthEnd {
                let date = try #require(CalendarDate(year: year, month: month, day: day))
                #expect(date.daysSinceEpoch == expectedDays, "\(date)")
                let back = CalendarDate(daysSinceEpoch: expectedDays)
                #expect(back == date, "\(expectedDays)")
                #expect(back.year == year && back.month == month && back.day == day)
                checked += 1
            }
            // advance one day
            index += 1
            expectedDays += 1
            if isMonthEnd {
                day = 1
                if month == 12 { month = 1; year += 1 } else { month += 1 }
            } else {
                day += 1
            }
        }
        #expect(expectedDays == 47482 + 365)  // 2101-01-01
        #expect(checked > 4000)
    }

    @Test("daysSinceEpoch agrees with Foundation's Gregorian calendar")
    func agreesWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for days in stride(from: -30_000, through: 50_000, by: 997) {
            let date = CalendarDate(daysSinceEpoch: days)
            let foundation = Date(timeIntervalSince1970: Double(days) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day], from: foundation)
            #expect(parts.year == date.year && parts.month == date.month && parts.day == date.day, "\(days) → \(date)")
        }
    }

    @Test("adding days and days(until:)")
    func arithmetic() throws {
        let start = try #require(CalendarDate(iso: "2024-02-28"))
        #expect(start.adding(days: 1).description == "2024-02-29")
        #expect(start.adding(days: 2).description == "2024-03-01")
        #expect(start.adding(days: -59).description == "2023-12-31")
        #expect(start.days(until: try #require(CalendarDate(iso: "2025-02-28"))) == 366)
        #expect(try #require(CalendarDate(iso: "2025-02-28")).days(until: start) == -366)
        #expect(start.years(until: start.adding(days: 1461)) == 4.0)
    }

    @Test("ordering is chronological")
    func ordering() throws {
        let dates = try ["2024-01-01", "2023-12-31", "2024-01-10", "2023-02-01", "2024-01-02"].map { try #require(CalendarDate(iso: $0)) }
        #expect(dates.sorted().map(\.description) == ["2023-02-01", "2023-12-31", "2024-01-01", "2024-01-02", "2024-01-10"])
        #expect(try #require(CalendarDate(iso: "2023-12-31")) < (try #require(CalendarDate(iso: "2024-01-01"))))
        #expect(!(try #require(CalendarDate(iso: "2024-01-01")) < (try #require(CalendarDate(iso: "2024-01-01")))))
    }

    @Test("reportingYear is the year ending 31 March", arguments: [
        ("2024-03-31", 2024), ("2024-04-01", 2025), ("2024-01-01", 2024), ("2023-12-31", 2024), ("2019-04-01", 2020),
    ])
    func reportingYear(text: String, year: Int) throws {
        #expect(try #require(CalendarDate(iso: text)).reportingYear == year)
    }

    @Test("endOfReportingYear is 31 March")
    func endOfReportingYear() {
        #expect(CalendarDate.endOfReportingYear(2024).description == "2024-03-31")
        #expect(CalendarDate.endOfReportingYear(2024).reportingYear == 2024)
        #expect(CalendarDate.endOfReportingYear(2024).adding(days: 1).reportingYear == 2025)
    }

    @Test("description zero pads year, month and day")
    func zeroPadding() throws {
        #expect(try #require(CalendarDate(year: 5, month: 3, day: 7)).description == "0005-03-07")
        #expect(try #require(CalendarDate(year: 2024, month: 1, day: 9)).description == "2024-01-09")
        #expect(try #require(CalendarDate(year: 987, month: 11, day: 30)).description == "0987-11-30")
        #expect(try #require(CalendarDate(year: 2024, month: 12, day: 25)).description == "2024-12-25")
        #expect("\(try #require(CalendarDate(year: 2024, month: 6, day: 1)))" == "2024-06-01")
    }

    @Test("Codable round trip as an ISO string")
    func codable() throws {
        let dates = try ["2024-02-29", "1999-12-31", "0005-03-07"].map { try #require(CalendarDate(iso: $0)) }
        let data = try JSONEncoder().encode(dates)
        #expect(String(decoding: data, as: UTF8.self) == #"["2024-02-29","1999-12-31","0005-03-07"]"#)
        let decoded = try JSONDecoder().decode([CalendarDate].self, from: data)
        #expect(decoded == dates)
    }

    @Test("decoding an invalid date fails with the text in the message")
    func decodeInvalid() throws {
        let error = try #require(throws: DecodingError.self) {
            try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2023-02-29"]"#.utf8))
        }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(error)")
            return
        }
        #expect(context.debugDescription == "expected a date YYYY-MM-DD, found 2023-02-29")
    }
}
