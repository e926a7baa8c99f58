/// An English local authority with children's services responsibility.
///
/// Identified by its 9-character ONS code (`new_la_code`, e.g. E08000017) and its 3-digit DfE
/// code (`old_la_code`, e.g. 373). The two are checked against DfE's dated lookup; joins use the
/// DfE code together with validity dates, never names (Ofsted spells names differently).
public struct LocalAuthority: Sendable, Hashable, Codable {
    public var newCode: String
    public var oldCode: String
    public var name: String
    public var regionCode: String
    public var regionName: String
    /// The Regional Improvement and Innovation Alliance the LA belongs to.
    public var alliance: String
    /// Context variables by column name (e.g. `child_population`, `deprivation`, `rurality`).
    public var context: [String: Double]

    public init(newCode: String, oldCode: String, name: String, regionCode: String, regionName: String,
                alliance: String, context: [String: Double] = [:]) {
        self.newCode = newCode
        self.oldCode = oldCode
        self.name = name
        self.regionCode = regionCode
        self.regionName = regionName
        self.alliance = alliance
        self.context = context
    }
}

/// The code formats of English LAs with children's services: E06 unitary, E08 metropolitan
/// district, E09 London borough, E10 county (ONS); three digits (DfE).
public enum LACodeFormat {
    public static func isValidONSCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count == 9, bytes[0] == UInt8(ascii: "E"),
              bytes[1...].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        let entity = String(decoding: bytes[0..<3], as: UTF8.self)
        return ["E06", "E08", "E09", "E10"].contains(entity)
    }

    public static func isValidDfECode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        return bytes.count == 3 && bytes.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
