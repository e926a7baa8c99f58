import LAEvalCore

/// Checks LA codes against DfE's dated lookup and the study's own LA list.
struct LACodeChecker {
    let lookup: LALookup
    let studyLAs: [String: LocalAuthority]
    /// Every code listed in local_authorities.csv, valid or not, so that one bad LA row is
    /// reported once and not again at every reference to it.
    var listedCodes: Set<String> = []

    static func malformedONS(_ code: String) -> String {
        "malformed LA code '\(code)': expected a 9-character ONS code such as E08000017"
    }

    static func malformedDfE(_ code: String) -> String {
        "malformed DfE LA code '\(code)': expected 3 digits such as 373"
    }

    /// Problems with an ONS/DfE code pair (format, existence, agreement), or nil.
    func pairProblem(newCode: String, oldCode: String) -> (column: String, message: String)? {
        guard LACodeFormat.isValidONSCode(newCode) else { return ("new_la_code", Self.malformedONS(newCode)) }
        guard LACodeFormat.isValidDfECode(oldCode) else { return ("old_la_code", Self.malformedDfE(oldCode)) }
        let entries = lookup.entries(newCode: newCode)
        guard !entries.isEmpty else { return ("new_la_code", "unknown LA code \(newCode): not in DfE's LA lookup") }
        guard entries.contains(where: { $0.oldCode == oldCode }) else {
            let expected = entries.map(\.oldCode).joined(separator: " or ")
            return ("old_la_code", "ONS code \(newCode) and DfE code \(oldCode) disagree: DfE's lookup pairs \(newCode) with \(expected)")
        }
        return nil
    }

    /// A code used in inspections, support or costs must be one of the study's LAs.
    func studyCodeProblem(_ code: String) -> String? {
        guard LACodeFormat.isValidONSCode(code) else { return Self.malformedONS(code) }
        guard studyLAs[code] != nil || listedCodes.contains(code) else { return "unknown LA code \(code): not in local_authorities.csv" }
        return nil
    }

    func name(_ code: String) -> String { studyLAs[code]?.name ?? lookup.entries(newCode: code).first?.name ?? "?" }
}
