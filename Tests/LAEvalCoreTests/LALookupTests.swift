import Testing
@testable import LAEvalCore

@Suite("LALookup.dfe and LACodeFormat")
struct LALookupTests {
    private func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(iso: text)) }

    /// DfE publishes 152 LAs with children's services until 2019, 151 after BCP and Dorset
    /// (2019) and Buckinghamshire's new code (2020, same LA), 152 after the Northamptonshire
    /// split (2021), 153 after Cumbria split in two (2023).
    @Test("number of LAs live on a date matches DfE", arguments: [
        ("2012-06-01", 152), ("2015-06-01", 152), ("2019-03-31", 152), ("2019-04-01", 151),
        ("2020-06-01", 151), ("2021-03-31", 151), ("2021-04-01", 152), ("2022-06-01", 152),
        ("2023-03-31", 152), ("2023-04-01", 153), ("2024-06-01", 153), ("2025-06-01", 153),
    ])
    func liveCounts(day: String, count: Int) throws {
        #expect(LALookup.dfe.live(on: try date(day)).count == count)
    }

    @Test("on any day no code is used by two live LAs")
    func liveCodesUnique() throws {
        var day = try date("2009-04-01")
        let last = try date("2026-03-31")
        while day <= last {
            let live = LALookup.dfe.live(on: day)
            #expect(Set(live.map(\.newCode)).count == live.count, "\(day)")
            #expect(Set(live.map(\.oldCode)).count == live.count, "\(day)")
            day = day.adding(days: 30)
        }
    }

    @Test("every entry has well-formed codes and a valid date range")
    func entriesWellFormed() {
        #expect(LALookup.dfe.entries.count == 167)
        for entry in LALookup.dfe.entries {
            #expect(LACodeFormat.isValidONSCode(entry.newCode), "\(entry.newCode)")
            #expect(LACodeFormat.isValidDfECode(entry.oldCode), "\(entry.oldCode)")
            if let validTo = entry.validTo { #expect(entry.validFrom <= validTo, "\(entry.name)") }
            #expect(entry.regionCode.hasPrefix("E12"), "\(entry.name)")
        }
        #expect(Set(LALookup.dfe.entries.map { "\($0.newCode)|\($0.oldCode)" }).count == LALookup.dfe.entries.count)
    }

    @Test("BCP E06000058 / 839 exists from 2019-04-01")
    func bcp() throws {
        let bcp = try #require(LALookup.dfe.entry(newCode: "E06000058", oldCode: "839"))
        #expect(bcp.name == "Bournemouth, Christchurch and Poole")
        #expect(bcp.validFrom == (try date("2019-04-01")))
        #expect(bcp.validTo == nil)
        #expect(!bcp.isLive(on: try date("2019-03-31")))
        #expect(bcp.isLive(on: try date("2019-04-01")))
        #expect(bcp.isLive(on: try date("2030-01-01")))
        #expect(!bcp.isLive(inReportingYear: 2019))
        #expect(bcp.isLive(inReportingYear: 2020))
        #expect(bcp.isLive(inReportingYear: 2025))
        #expect(LALookup.dfe.entry(newCode: "E06000058", oldCode: "837") == nil)
    }

    @Test("Bournemouth and Poole end on 2019-03-31")
    func bournemouthAndPoole() throws {
        for (newCode, oldCode) in [("E06000028", "837"), ("E06000029", "836")] {
            let entry = try #require(LALookup.dfe.entry(newCode: newCode, oldCode: oldCode))
            #expect(entry.validTo == (try date("2019-03-31")))
            #expect(entry.isLive(inReportingYear: 2019))
            #expect(!entry.isLive(inReportingYear: 2020))
            #expect(entry.isLive(on: try date("2019-03-31")))
            #expect(!entry.isLive(on: try date("2019-04-01")))
        }
    }

    @Test("Northamptonshire 928 ends 2021-03-31 and is split in two")
    func northamptonshire() throws {
        let entries = LALookup.dfe.entries(oldCode: "928")
        #expect(entries.count == 1)
        let county = try #require(entries.first)
        #expect(county.newCode == "E10000021")
        #expect(county.validTo == (try date("2021-03-31")))
        #expect(county.isLive(on: try date("2021-03-31")))
        #expect(!county.isLive(on: try date("2021-04-01")))
        #expect(county.isLive(inReportingYear: 2021))
        #expect(!county.isLive(inReportingYear: 2022))
        let north = try #require(LALookup.dfe.entry(newCode: "E06000061", oldCode: "940"))
        let west = try #require(LALookup.dfe.entry(newCode: "E06000062", oldCode: "941"))
        #expect(north.validFrom == (try date("2021-04-01")))
        #expect(west.validFrom == (try date("2021-04-01")))
    }

    /// Buckinghamshire became a unitary in 2020: same DfE code 825, new ONS code.
    @Test("Buckinghamshire keeps DfE code 825 with a new ONS code from 2020-04-01")
    func buckinghamshire() throws {
        let entries = LALookup.dfe.entries(oldCode: "825")
        #expect(Set(entries.map(\.newCode)) == ["E10000002", "E06000060"])
        let county = try #require(LALookup.dfe.entry(newCode: "E10000002", oldCode: "825"))
        let unitary = try #require(LALookup.dfe.entry(newCode: "E06000060", oldCode: "825"))
        #expect(county.validTo == (try date("2020-03-31")))
        #expect(unitary.validFrom == (try date("2020-04-01")))
        let onDay = LALookup.dfe.live(on: try date("2020-06-01")).filter { $0.oldCode == "825" }
        #expect(onDay.map(\.newCode) == ["E06000060"])
    }

    @Test("lookups by code")
    func lookupsByCode() {
        #expect(LALookup.dfe.entries(newCode: "E08000017").map(\.name) == ["Doncaster"])
        #expect(LALookup.dfe.entries(newCode: "E08000017").map(\.oldCode) == ["371"])
        #expect(Set(LALookup.dfe.entries(oldCode: "373").map(\.newCode)) == ["E08000019", "E08000039"])
        #expect(LALookup.dfe.entries(newCode: "E99999999").isEmpty)
        #expect(LALookup.dfe.entries(oldCode: "000").isEmpty)
        #expect(LALookup.dfe.entry(newCode: "E06000001", oldCode: "805")?.name == "Hartlepool")
        #expect(LALookup.dfe.entry(newCode: "E06000001", oldCode: "806") == nil)
    }

    @Test("isLive(inReportingYear:) counts any day of April to March")
    func reportingYearBoundaries() {
        let entry = LALookup.Entry(newCode: "E06000999", oldCode: "999", name: "Test", regionCode: "E12000001",
                                   regionName: "North East", validFrom: "2020-03-31", validTo: "2020-04-01")
        #expect(entry.isLive(inReportingYear: 2020))  // 31 March 2020
        #expect(entry.isLive(inReportingYear: 2021))  // 1 April 2020
        #expect(!entry.isLive(inReportingYear: 2019))
        #expect(!entry.isLive(inReportingYear: 2022))
    }

    @Test("valid ONS codes", arguments: ["E06000001", "E08000017", "E09000033", "E10000002", "E06000066"])
    func validONS(code: String) {
        #expect(LACodeFormat.isValidONSCode(code))
    }

    @Test("invalid ONS codes", arguments: [
        "E11000001", "E0600001", "e06000001", "E07000001", "E12000001", "E92000001", "E060000011",
        "E0600000A", "W06000001", "", "E06 00001", "806",
    ])
    func invalidONS(code: String) {
        #expect(!LACodeFormat.isValidONSCode(code))
    }

    @Test("DfE codes are three digits")
    func dfeCodes() {
        for code in ["373", "001", "805", "940"] { #expect(LACodeFormat.isValidDfECode(code), "\(code)") }
        for code in ["12", "1234", "", "37a", " 37", "-12", "E06"] { #expect(!LACodeFormat.isValidDfECode(code), "\(code)") }
    }
}
