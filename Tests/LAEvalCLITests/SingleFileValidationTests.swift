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
