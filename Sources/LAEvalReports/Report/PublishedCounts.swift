import Foundation
import LAEvalCore
import LAEvalStudy

/// The support table as published: episodes, LAs and LAs still supported per model, with
/// small counts suppressed. No totals are published: an LA can receive several models, so a
/// column total would not count LAs.
struct SupportCounts {
    struct Row {
        var model: SupportModel
        var texts: [String]
        var chartValue: BarChart.Value
    }

    var rows: [Row]

    init(_ support: [DataAudit.SupportSummary], threshold: Int) {
        let table = CountTable(rowLabels: support.map(\.model.rawValue), columnLabels: ["episodes", "las", "ongoing"],
                               cells: support.map { [$0.episodes, $0.localAuthorities, $0.ongoingAtEnd] },
                               rowTotals: false, columnTotals: false, grandTotal: false).suppressed(threshold: threshold)
        rows = support.indices.map { r in
            let published = table.cells[r]
            let las = published[1]
            return Row(model: support[r].model, texts: published.map(\.text),
                       chartValue: las.isSuppressed ? .suppressed(las.text) : .init(Double(support[r].localAuthorities)))
        }
    }

    var tableRows: [[String]] {
        rows.map { [ReportText.name($0.model.programme), ReportText.name($0.model)] + $0.texts }
    }
}

/// Graded inspections by reporting year and grade with row totals (all graded in a year) and
/// column totals (all years), with primary and secondary suppression.
struct InspectionCounts {
    var tableRows: [[String]]

    init(_ years: [DataAudit.InspectionYear], grades: [Grade], threshold: Int) {
        let cells: [[Int?]] = years.map { year in
            grades.map { grade in year.byGrade.first { $0.key == grade.rawValue }?.count ?? 0 }
        }
        let table = CountTable(rowLabels: years.map { String($0.year) }, columnLabels: grades.map(\.label), cells: cells)
            .suppressed(threshold: threshold)
        var rows: [[String]] = years.indices.map { r in
            [String(years[r].year)] + table.cells[r].map(\.text) + [table.rowTotals?[r].text ?? ""]
        }
        rows.append(["All years"] + (table.columnTotals ?? []).map(\.text) + [table.grandTotal?.text ?? ""])
        tableRows = rows
    }
}
