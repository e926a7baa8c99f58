import LAEvalCore

/// Checks the LA code pairs of an EES file's Local authority rows against DfE's lookup.
public enum EESCodeCheck {
    public static func problems(_ table: EESTable, file: String, lookup: LALookup) -> [InputProblem] {
        guard let levels = table.text("geographic_level"), let newCodes = table.text("new_la_code"),
              let oldCodes = table.text("old_la_code") else { return [] }
        let checker = LACodeChecker(lookup: lookup, studyLAs: [:])
        let newColumn = table.columnIndex("new_la_code")! + 1, oldColumn = table.columnIndex("old_la_code")! + 1
        var problems = ProblemList(file: file)
        var verdicts: [Int64: (String, String)] = [:]
        guard let laLevel = levels.levels.firstIndex(of: "Local authority").map(Int32.init) else { return [] }
        for row in 0..<table.rowCount where levels.codes[row] == laLevel {
            let key = Int64(newCodes.codes[row]) << 32 | Int64(oldCodes.codes[row])
            if verdicts[key] == nil {
                verdicts[key] = checkCombined(newCodes[row], oldCodes[row], checker: checker)
            }
            if let verdict = verdicts[key], !verdict.1.isEmpty {
                problems.add(line: table.sourceLines[row], column: verdict.0 == "new_la_code" ? newColumn : oldColumn, verdict.1)
            }
        }
        return problems.all
    }

    /// The code pairs of a row: one, or several for a combined row such as "940 / 941" with
    /// "E06000061 / E06000062"; nil when the two columns have different numbers of parts.
    static func parts(_ newCode: String, _ oldCode: String) -> [(newCode: String, oldCode: String)]? {
        let newParts = newCode.components(separatedBy: " / "), oldParts = oldCode.components(separatedBy: " / ")
        guard newParts.count == oldParts.count else { return nil }
        return Array(zip(newParts, oldParts))
    }

    static func mismatchedParts(_ newCode: String, _ oldCode: String) -> String {
        "combined row codes '\(newCode)' and '\(oldCode)' have different numbers of parts"
    }

    /// A problem with a possibly combined code pair, or ("", "") when fine.
    static func checkCombined(_ newCode: String, _ oldCode: String, checker: LACodeChecker) -> (String, String) {
        guard let pairs = parts(newCode, oldCode) else { return ("old_la_code", mismatchedParts(newCode, oldCode)) }
        for pair in pairs {
            if let problem = checker.pairProblem(newCode: pair.newCode, oldCode: pair.oldCode) { return problem }
        }
        return ("", "")
    }
}
