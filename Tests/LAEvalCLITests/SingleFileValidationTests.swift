import Foundation
import Testing
@testable import LAEvalCLI

/// `laeval validate FILE` on an EES file as downloaded, without its .meta.csv.
@Suite struct SingleFileValidationTests {
    @Test func columnTypesInferredWithoutMetadataAreReported() throws {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("laeval-single-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = (folder as NSString).appendingPathComponent("referrals.csv")
        try """
        time_period,time_identifier,geographic_level,country_code,country_name,category,referral_count,rereferral_percent
        2025,Reporting year,National,E92000001,England,All referrals,632830,22.6
        2024,Reporting year,National,E92000001,England,All referrals,c,22.4

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let problems = try SingleFileValidation.check(path: path).map(\.description)
        #expect(problems == ["referrals.csv:1:1: warning: no referrals.meta.csv beside it: column types inferred; filters: category; "
                             + "indicators: referral_count, rereferral_percent"])
    }
}

/// `laeval validate` on Ofsted's real spreadsheets in `../shared/data/ees/` (skipped when absent).
@Suite struct OfstedValidationTests {
    static let folder = CommandLineTests.repositoryRoot.appendingPathComponent("../shared/data/ees").standardizedFileURL.path

    @Test func theRealSpreadsheetsAreReadOrRefusedByCode() throws {
        guard FileManager.default.fileExists(atPath: Self.folder) else {
            print("skipped: \(Self.folder) is absent (real Ofsted files; see its README)")
            return
        }
        #expect(try OfstedValidation.check(path: Self.folder + "/LA_Inspection_Outcomes_as_at_31_March_2025.ods").isEmpty)
        #expect(try OfstedValidation.check(path: Self.folder + "/LA_Inspection_Outcomes_as_at_March_2024.ods").map(\.description) == [
            "LA_Inspection_Outcomes_as_at_March_2024.ods:3:1: sheet Inspections_31_March_2024: no column headed 'Local authority area code' "
                + "in the header row: LAs are identified by their ONS area code only, never by name, so none of its 153 data rows can be read",
        ])
    }

    @Test func columnLettersBecomeNumbers() {
        #expect(OfstedValidation.columnNumber("A") == 1 && OfstedValidation.columnNumber("K") == 11 && OfstedValidation.columnNumber("AB") == 28)
    }

    @Test func aFileThatIsNotASpreadsheetIsOneProblem() throws {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("laeval-\(UUID().uuidString).ods")
        try "not a zip".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let problems = try OfstedValidation.check(path: path)
        #expect(problems.count == 1 && problems[0].message.contains("not a zip archive"), "\(problems)")
    }
}
