import Foundation

/// Disclosure control for published tables of counts: primary suppression of small counts and
/// secondary (complementary) suppression of further counts so that no suppressed count can be
/// recovered by subtraction from a published total.
///
/// ## Primary suppression
/// A count from 1 to `threshold − 1` (the threshold is 5 unless stated) is *primary-sensitive* and is
/// replaced by the Explore Education Statistics (EES) symbol `c` ("confidential"). This applies to
/// the cells of a table and equally to any published total that is itself small.
///
/// A count of 0 is shown by default: "none" says nothing about any individual, which is the usual
/// DfE practice. Pass `suppressZero: true` to treat 0 as primary-sensitive as well, for tables where
/// a zero is itself disclosive (for instance "no child in this group achieved the standard").
///
/// Counts that are not applicable or missing (`nil`) are shown as `x`, are never suppressed, add
/// nothing to totals, and are not part of any line below (their values are not in play).
///
/// ## Secondary suppression
/// Each published total, together with the counts it adds up, forms a *line*: a row with its row
/// total, a column with its column total, the column totals with the grand total, and the row totals
/// with the grand total. (With a grand total but no other totals, the line is every cell plus the
/// grand total; with row and column totals but no grand total, the row totals and the column totals
/// form a line because their sums must agree.) If exactly one member of a line is suppressed it can
/// be recovered by subtracting the others, so the rule, applied to every line in a fixed order and
/// repeated until no line changes, is:
///
/// > If exactly one member of a line (counting its total as a member) is suppressed, also suppress
/// > the smallest positive unsuppressed count in the line (the first in reading order on a tie),
/// > or the line's total if no such count is left.
///
/// Zero counts are not chosen as complements while a positive one remains: hiding a zero protects
/// nothing, because the suppressed small count could still be inferred exactly. (If neither a
/// positive count nor the total is available, the first unsuppressed zero is taken, so that the
/// line never ends with exactly one suppressed member.)
///
/// This is the primary and secondary (complementary) cell suppression described in the GSS/ONS
/// guidance on disclosure control for tables (Government Statistical Service, "Disclosure control
/// for tables produced from administrative data sources"; ONS, "Statistical disclosure control").
/// It is a greedy **heuristic**, not an optimal cell suppression: it does not minimise the number
/// or total value of suppressed cells (as a linear-programming method would), it only guarantees
/// that no line is left with exactly one suppressed member. It does not audit the intervals an
/// intruder can derive by combining several lines, so a suppressed count can occasionally still
/// be pinned down by solving the published totals together (for instance a complement that links
/// two otherwise separate groups of suppressed cells; this happened in about 1.6% of seeded random
/// test tables that needed any suppression). `SuppressedTable.recoverablePositions` audits a result
/// for exactly that, and should be empty before a table is published. Nor does the rule protect
/// against differencing between different published tables, or guarantee that the range an intruder
/// can derive for a suppressed count is wide. Check sensitive tables by hand.
public enum DisclosureControl {
    /// The DfE threshold: counts from 1 to 4 are suppressed.
    public static let defaultThreshold = 5
    /// The EES symbol for a count withheld to protect confidentiality.
    public static let confidentialSymbol = "c"
    /// The EES symbol shown here for a count that is not applicable or not available.
    public static let notApplicableSymbol = "x"

    /// Whether `value` must be suppressed in its own right.
    public static func isPrimarySensitive(_ value: Int, threshold: Int = defaultThreshold, suppressZero: Bool = false) -> Bool {
        value == 0 ? suppressZero : (1..<max(threshold, 1)).contains(value)
    }

    /// A set of counts whose sum is published: indices of the members (counts in reading order, then
    /// the total), and which member is the total (nil when the line is a balance between two sets of
    /// totals with no total of its own).
    struct Line: Sendable, Equatable {
        var members: [Int]
        var total: Int?
    }

    /// Primary then secondary suppression of `values` (nil = not applicable) constrained by `lines`,
    /// which must only refer to non-nil values. Returns what to publish for each value.
    static func suppress(values: [Int?], lines: [Line], threshold: Int, suppressZero: Bool) -> [PublishedCount] {
        precondition(threshold >= 1, "the suppression threshold must be at least 1")
        var state = [PublishedCount.Suppression?](repeating: nil, count: values.count)
        for (index, value) in values.enumerated() {
            if let value, isPrimarySensitive(value, threshold: threshold, suppressZero: suppressZero) { state[index] = .primary }
        }
        let lines = lines.filter { $0.members.count >= 2 }
        var changed = true
        while changed {
            changed = false
            for line in lines where line.members.count(where: { state[$0] != nil }) == 1 {
                if let complement = complement(in: line, values: values, state: state) {
                    state[complement] = .secondary
                    changed = true
                }
            }
        }
        return values.indices.map { index in
            guard let value = values[index] else { return .notApplicable }
            return state[index].map(PublishedCount.suppressed) ?? .count(value)
        }
    }

    /// The member of `line` to suppress next: the smallest positive unsuppressed count (first in the
    /// line on a tie), else the total, else the first unsuppressed zero.
    private static func complement(in line: Line, values: [Int?], state: [PublishedCount.Suppression?]) -> Int? {
        let open = line.members.filter { state[$0] == nil }
        let counts = open.filter { $0 != line.total }
        var best: (index: Int, value: Int)?
        for index in counts {
            guard let value = values[index], value > 0 else { continue }
            if best == nil || value < best!.value { best = (index, value) }
        }
        if let best { return best.index }
        if let total = line.total, state[total] == nil { return total }
        return counts.first
    }
}

extension DisclosureControl {
    /// Which unknowns are fixed by the linear equations `Σ coefficient × unknown = known value`
    /// (only the coefficients matter): unknown k is determined exactly when the unit vector e_k lies
    /// in the row space of the coefficient matrix, that is when in its reduced row echelon form k is
    /// a pivot column whose row has no other non-zero entry.
    static func determined(unknowns: Int, equations: [[(index: Int, coefficient: Double)]]) -> [Bool] {
        let tolerance = 1e-9
        var matrix = equations.map { equation in
            var row = [Double](repeating: 0, count: unknowns)
            for term in equation { row[term.index] += term.coefficient }
            return row
        }
        var pivots: [Int] = []
        for column in 0..<unknowns where pivots.count < matrix.count {
            let top = pivots.count
            let best = (top..<matrix.count).max { abs(matrix[$0][column]) < abs(matrix[$1][column]) }!
            guard abs(matrix[best][column]) > tolerance else { continue }
            matrix.swapAt(top, best)
            let pivot = matrix[top][column]
            for j in 0..<unknowns { matrix[top][j] /= pivot }
            for i in matrix.indices where i != top && abs(matrix[i][column]) > tolerance {
                let factor = matrix[i][column]
                for j in 0..<unknowns { matrix[i][j] -= factor * matrix[top][j] }
            }
            pivots.append(column)
        }
        var result = [Bool](repeating: false, count: unknowns)
        for (row, column) in pivots.enumerated() {
            result[column] = (0..<unknowns).allSatisfy { $0 == column || abs(matrix[row][$0]) <= tolerance }
        }
        return result
    }
}

/// A count as published after disclosure control.
public enum PublishedCount: Sendable, Hashable {
    /// Why a count was withheld.
    public enum Suppression: Sendable, Hashable {
        /// The count is small (1 to threshold − 1, or 0 with `suppressZero`).
        case primary
        /// The count was withheld so that a primary suppression cannot be recovered from a total.
        case secondary
    }

    /// The count is shown.
    case count(Int)
    /// The count is withheld, shown as `c`.
    case suppressed(Suppression)
    /// There is no count (not applicable or missing), shown as `x`.
    case notApplicable

    /// The published number, or nil when the count is suppressed or not applicable.
    public var value: Int? {
        if case .count(let value) = self { return value }
        return nil
    }

    /// Whether the count is withheld.
    public var isSuppressed: Bool { suppression != nil }

    /// Why the count is withheld, or nil if it is not.
    public var suppression: Suppression? {
        if case .suppressed(let suppression) = self { return suppression }
        return nil
    }

    /// The text to publish: the number (`"12"`), `"c"` when suppressed or `"x"` when not applicable.
    public var text: String {
        switch self {
        case .count(let value): String(value)
        case .suppressed: DisclosureControl.confidentialSymbol
        case .notApplicable: DisclosureControl.notApplicableSymbol
        }
    }
}

/// Helpers for writing published tables as CSV.
enum DisclosureCSV {
    /// One RFC 4180 field: quoted when it contains a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Rows of fields as CSV text, one line per row, each ending in a newline.
    static func csv(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") + "\n" }.joined()
    }
}
