import Foundation
import LAEvalStudy

/// Every report of a run (design.md §6, `DIR/report/`): scoping, interim, final, summary and the
/// infographic (HTML and SVG). Self-contained files: inline CSS and SVG, no network; the same
/// results always give the same bytes.
public enum ReportSet {
    /// scoping.html alone (`laeval scope`).
    public static func renderScoping(_ results: EvaluationResults) -> (path: String, text: String) {
        let page = ReportContext(results).scopingReport()
        return ("report/\(page.file)", page.html())
    }

    public static func render(_ results: EvaluationResults) -> [(path: String, text: String)] {
        let context = ReportContext(results)
        let pages = [context.scopingReport(), context.interimReport(), context.finalReport(), context.summaryReport()]
        let infographic = context.infographicSVG()
        return pages.map { ("report/\($0.file)", $0.html()) }
            + [("report/infographic.html", context.infographicPage(svg: infographic)), ("report/infographic.svg", infographic)]
    }
}
