import Foundation
import LAEvalCore
import Testing
@testable import LAEvalReports
@testable import LAEvalStudy

/// The reports state what the support register covers, in the study's words, and say so
/// plainly when a real study does not.
@Suite struct RegisterCoverageReportTests {
    @Test func theScopingAndFinalReportsStateTheRegisterCoverage() {
        var results = ReportSetTests.results
        results.simulated = false
        results.audit.registerCoverage = [.init(programme: .partnersInPractice, coverage: "providers named; recipients not public")]
        let files = Dictionary(uniqueKeysWithValues: ReportSet.render(results).map { ($0.path, $0.text) })
        for page in ["report/scoping.html", "report/final.html"] {
            #expect(files[page]!.contains("<li>Partners in Practice: providers named; recipients not public</li>"), "\(page)")
        }
        results.audit.registerCoverage = []
        let context = ReportContext(results)
        #expect(context.registerCoverageBlocks().first?.note?.hasPrefix("The study does not say how complete its support register is") == true)
    }
}
