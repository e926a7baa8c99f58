import Foundation
import LAEvalStudy

/// Disclosure control of the survey's published figures, shared by the reports and tables/*.csv
/// (docs/methods/survey.md). Counts of respondents and LAs from 1 to threshold − 1 are withheld
/// (primary), and further counts wherever a published sum would otherwise give a withheld one by
/// subtraction (secondary, `DisclosureControl`'s rule on every such sum): the points of a Likert
/// item add up to its three groups and the groups to the respondents; the statuses add up to the
/// respondents and the LAs responding and not to the LAs invited; and the rows of a breakdown
/// that divides all LAs (region, grade) add up to the all-LA row. A rate or percentage is shown
/// only when its count and the rest of its base are.
public enum SurveyPublication {
    /// One Likert item's answers in one group of LAs as published: each point, the points grouped
    /// below the middle, at the middle (for an odd number of points) and above it (for the
    /// stacked bars), and the respondents who answered it.
    public struct PublishedLikert: Sendable, Equatable {
        /// The names of the groups: "Disagree or strongly disagree", … for the agreement scale.
        public var groupNames: [String]
        public var points: [PublishedCount]
        public var groups: [PublishedCount]
        public var total: PublishedCount
    }

    /// Disclosure control of one Likert row as one hierarchical table: the points add up to their
    /// groups and the groups to the total, so every one of these sums is a line of
    /// `DisclosureControl` and none is left with exactly one withheld member. The five points, the
    /// three groups and the total can then all be published together without revealing a small
    /// count by subtraction.
    public static func likert(_ row: SurveyResults.LikertDistribution, threshold: Int) -> PublishedLikert {
        likertRows([row], threshold: threshold)[0]
    }

    /// Every Likert row of one item and wave (all LAs, by grade, by programme) suppressed
    /// together, in the order given: each row as in `likert(_:threshold:)`, and the grade rows,
    /// which divide the respondents among them, also as the parts of the all-LA row (every point,
    /// group and total of the grades adds up to the all-LA one). The programme rows overlap, so
    /// they are protected row by row.
    public static func likertRows(_ rows: [SurveyResults.LikertDistribution], threshold: Int) -> [PublishedLikert] {
        guard let first = rows.first else { return [] }
        let k = first.points.count
        var ranges = [0..<(k / 2)]
        if k % 2 == 1 { ranges.append((k / 2)..<(k / 2 + 1)) }
        ranges.append((k - k / 2)..<k)
        ranges = ranges.filter { !$0.isEmpty }
        let width = k + ranges.count + 1
        var values: [Int?] = []
        var lines: [DisclosureControl.Line] = []
        for (r, row) in rows.enumerated() {
            let base = r * width
            let points = row.points.map(\.count)
            values += points + ranges.map { range in points[range].reduce(0, +) } + [points.reduce(0, +)]
            for (g, range) in ranges.enumerated() {
                lines.append(DisclosureControl.Line(members: range.map { base + $0 } + [base + k + g], total: base + k + g))
            }
            lines.append(DisclosureControl.Line(members: (0..<ranges.count).map { base + k + $0 } + [base + width - 1], total: base + width - 1))
        }
        if let overall = rows.firstIndex(where: { $0.breakdown == "overall" }) {
            let parts = rows.indices.filter { rows[$0].breakdown == "grade" }
            if !parts.isEmpty {
                for column in 0..<width {
                    lines.append(DisclosureControl.Line(members: parts.map { $0 * width + column } + [overall * width + column], total: overall * width + column))
                }
            }
        }
        let published = DisclosureControl.suppress(values: values, lines: lines, threshold: threshold, suppressZero: false)
        let names = groupNames(first, ranges: ranges)
        return rows.indices.map { r in
            let base = r * width
            return PublishedLikert(groupNames: names, points: Array(published[base..<(base + k)]), groups: Array(published[(base + k)..<(base + width - 1)]),
                                   total: published[base + width - 1])
        }
    }

    static func groupNames(_ row: SurveyResults.LikertDistribution, ranges: [Range<Int>]) -> [String] {
        let agreement = row.points.map(\.label) == ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
        return agreement && ranges.count == 3 ? ["Disagree or strongly disagree", "Neither agree nor disagree", "Agree or strongly agree"]
            : ranges.map { range in
                range.count == 1 ? "Point \(row.points[range.lowerBound].value)" : "Points \(row.points[range.lowerBound].value)–\(row.points[range.upperBound - 1].value)"
            }
    }

    /// One group's response figures as published.
    public struct PublishedResponse: Sendable, Equatable {
        public var respondents: PublishedCount
        /// Submitted, partial, not started.
        public var statuses: [PublishedCount]
        public var las: PublishedCount
        public var lasResponding: PublishedCount
        public var lasNotResponding: PublishedCount

        /// LAs responding / LAs invited, when both it and its complement are shown.
        public var laRate: Double? {
            guard let responding = lasResponding.value, lasNotResponding.value != nil, let total = las.value, total > 0 else { return nil }
            return Double(responding) / Double(total)
        }

        /// Submitted / respondents, when both are shown.
        public var respondentRate: Double? {
            guard let submitted = statuses[0].value, let total = respondents.value, total > 0 else { return nil }
            return Double(submitted) / Double(total)
        }
    }

    /// The response rows of one wave (overall, regions, grades, programmes) suppressed together,
    /// in the order given: in each row the statuses add up to the respondents and the LAs
    /// responding and not responding to the LAs invited; the regions and the grades each divide
    /// the overall row, so each of their columns adds up to it too. Programme rows overlap and
    /// are protected row by row.
    public static func responseRows(_ rows: [SurveyResults.ResponseRate], threshold: Int) -> [PublishedResponse] {
        let width = 7  // submitted, partial, not started, respondents, responding, not responding, LAs
        var values: [Int?] = []
        var lines: [DisclosureControl.Line] = []
        for (r, row) in rows.enumerated() {
            let base = r * width
            values += [row.submitted, row.partial, row.notStarted, row.respondents, row.lasResponding, row.las - row.lasResponding, row.las]
            lines.append(DisclosureControl.Line(members: [base, base + 1, base + 2, base + 3], total: base + 3))
            lines.append(DisclosureControl.Line(members: [base + 4, base + 5, base + 6], total: base + 6))
        }
        if let overall = rows.firstIndex(where: { $0.breakdown == "overall" }) {
            for breakdown in ["region", "grade"] {
                let parts = rows.indices.filter { rows[$0].breakdown == breakdown }
                guard !parts.isEmpty else { continue }
                for column in 0..<width {
                    lines.append(DisclosureControl.Line(members: parts.map { $0 * width + column } + [overall * width + column], total: overall * width + column))
                }
            }
        }
        let published = DisclosureControl.suppress(values: values, lines: lines, threshold: threshold, suppressZero: false)
        return rows.indices.map { r in
            let p = Array(published[(r * width)..<((r + 1) * width)])
            return PublishedResponse(respondents: p[3], statuses: Array(p[0..<3]), las: p[6], lasResponding: p[4], lasNotResponding: p[5])
        }
    }

    /// The paired changes to withhold: groups of 1 … threshold − 1 LAs, and with one of "any
    /// support" and "no support" (which divide all LAs) withheld, the all-LA row too, which would
    /// otherwise give it by difference.
    public static func withheldChanges(_ changes: [SurveyResults.ScaleChange], threshold: Int) -> Set<Int> {
        var withheld = Set(changes.indices.filter { isSmall(changes[$0].las, threshold: threshold) })
        for index in changes.indices where changes[index].group == "all" {
            let c = changes[index]
            let split = changes.indices.filter { changes[$0].scale == c.scale && changes[$0].fromWave == c.fromWave && ["any_support", "no_support"].contains(changes[$0].group) }
            if split.filter({ withheld.contains($0) }).count == 1 { withheld.insert(index) }
        }
        return withheld
    }

    /// Everything the survey publishes, suppressed as the functions above do, by index into
    /// `survey.likert`, `survey.responseRates` and `survey.changes`.
    public struct PublishedSurvey: Sendable {
        public var likert: [PublishedLikert]
        public var responses: [PublishedResponse]
        public var withheldChanges: Set<Int>
    }

    public static func publish(_ survey: SurveyResults, threshold: Int) -> PublishedSurvey {
        var likert = [PublishedLikert?](repeating: nil, count: survey.likert.count)
        let items = Dictionary(grouping: survey.likert.indices) { "\(survey.likert[$0].wave)|\(survey.likert[$0].questionID)" }
        for indices in items.values {
            for (index, row) in zip(indices, likertRows(indices.map { survey.likert[$0] }, threshold: threshold)) { likert[index] = row }
        }
        var responses = [PublishedResponse?](repeating: nil, count: survey.responseRates.count)
        let waves = Dictionary(grouping: survey.responseRates.indices) { survey.responseRates[$0].wave }
        for indices in waves.values {
            for (index, row) in zip(indices, responseRows(indices.map { survey.responseRates[$0] }, threshold: threshold)) { responses[index] = row }
        }
        return PublishedSurvey(likert: likert.map { $0! }, responses: responses.map { $0! }, withheldChanges: withheldChanges(survey.changes, threshold: threshold))
    }

    /// Whether a count of 1 … threshold − 1 must be withheld.
    public static func isSmall(_ count: Int, threshold: Int) -> Bool { DisclosureControl.isPrimarySensitive(count, threshold: threshold) }

    /// `count / base`, or nil when the base is 0 or the count, the base or the rest is small.
    public static func rate(_ count: Int, of base: Int, threshold: Int) -> Double? {
        guard base > 0, ![count, base, base - count].contains(where: { isSmall($0, threshold: threshold) }) else { return nil }
        return Double(count) / Double(base)
    }

    /// A scale's name for people: `leadership_practice` → "Leadership practice".
    public static func scaleName(_ key: String) -> String {
        let words = key.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
