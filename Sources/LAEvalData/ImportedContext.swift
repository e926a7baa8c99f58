import Foundation
import LAEvalCore

/// Context columns taken from the study's own EES files at import (study.yaml `context_from`).
/// Each column is the LA value of one indicator in one reporting year on the rows matching the
/// filters. A combined LA row (`940 / 941`) gives its value to each LA it covers, as the
/// indicator files do. Rates per 10,000 divide by an earlier column; `log` takes ln.
enum ImportedContext {
    /// The derived context by LA code, and a warning for every LA left without a value.
    static func derive(_ sources: [ContextSource], files: [IndicatorFile], las: [String], studyYAML: String,
                       notPlaced: inout [InputProblem]) throws -> [String: [String: Double]] {
        var context: [String: [String: Double]] = [:]
        let yamlName = (studyYAML as NSString).lastPathComponent
        for source in sources {
            guard let file = files.first(where: { $0.name == source.file }) else {
                throw InputProblem(file: yamlName, line: 0, column: 0,
                                   message: "context_from \(source.column): no indicator file '\(source.file)' was given: expected one of \(files.map(\.name).joined(separator: ", "))")
            }
            let values = try laValues(source, in: file, yamlName: yamlName)
            var missing: [String] = []
            for code in las {
                guard var value = values[code] else { missing.append(code); continue }
                if let base = source.per10000Of {
                    guard let denominator = context[code]?[base], denominator > 0 else { missing.append(code); continue }
                    value = 10_000 * value / denominator
                }
                if source.logarithm {
                    guard value > 0 else { missing.append(code); continue }
                    value = Foundation.log(value)
                }
                context[code, default: [:]][source.column] = value
            }
            if !missing.isEmpty {
                notPlaced.append(InputProblem(file: yamlName, line: 0, column: 0,
                                              message: "context_from \(source.column): no value in \(source.file) \(source.indicator) \(source.year) for \(missing.count) LAs (\(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : "")): left blank", severity: .warning))
            }
        }
        return context
    }

    /// The indicator's number for each LA code on the file's matching LA rows of the year.
    static func laValues(_ source: ContextSource, in file: IndicatorFile, yamlName: String) throws -> [String: Double] {
        let table = file.table
        guard let column = table.indicator(source.indicator) else {
            throw InputProblem(file: yamlName, line: 0, column: 0,
                               message: "context_from \(source.column): \(source.file) has no indicator \(source.indicator): expected one of \(table.indicatorNames.joined(separator: ", "))")
        }
        var filterColumns: [(TextColumn, String)] = []
        for key in source.filters.keys.sorted() {
            guard let values = table.text(key) else {
                throw InputProblem(file: yamlName, line: 0, column: 0, message: "context_from \(source.column): \(source.file) has no filter column \(key)")
            }
            filterColumns.append((values, source.filters[key]!))
        }
        guard let levels = table.text("geographic_level"), let codes = table.text("new_la_code"), let periods = table.text("time_period") else { return [:] }
        var result: [String: Double] = [:]
        for row in 0..<table.rowCount where levels[row] == "Local authority" && Int(periods[row].prefix(4)) == source.year {
            guard filterColumns.allSatisfy({ $0.0[row] == $0.1 }), let value = column[row].number else { continue }
            for part in codes[row].split(separator: "/") {
                result[part.trimmingCharacters(in: .whitespaces)] = value
            }
        }
        return result
    }
}
