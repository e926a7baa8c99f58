import Foundation
import LAEvalCore
import LAEvalEstimators
import LAEvalStats

/// QCA of the LAs a programme supported (Ragin 2008): which configurations of context and of
/// the support received go with a better next Ofsted grade. Cases: the LAs with a graded
/// judgement before their first episode of the programme and one after it. Outcome (crisp): the
/// first graded judgement after the start is better than the last one before. Conditions: each
/// moderator of the plan as a fuzzy set calibrated by the direct method on all LAs' values
/// (exclusion at the 20th percentile, crossover at the median, inclusion at the 80th), and each
/// of the programme's support models received (crisp), leaving out any condition constant over
/// the cases; at most seven. Truth table at consistency cut 0.8 and frequency cut 1; complex and
/// parsimonious solutions; necessity of every condition.
enum QCAOfGrades {
    static let inclusionCut = 0.8

    /// QCA's upper-case condition name: `improvementAdviser` → `IMPROVEMENT_ADVISER`.
    static func conditionName(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase, !result.isEmpty, result.last != "_" { result.append("_") }
            result.append(character == "-" || character == " " ? "_" : Character(character.uppercased()))
        }
        return result
    }

    static func run(_ study: Study, programme: Programme) -> ContextResults.Configuration {
        let episodes = study.support.filter { $0.programme == programme }
        let first = Dictionary(grouping: episodes, by: \.laCode).mapValues { $0.map(\.start).min()! }
        var cases: [String] = [], improved: [Double] = []
        for la in first.keys.sorted() {
            let graded = study.inspections.filter { $0.laCode == la && $0.overall != nil }.sorted { $0.date < $1.date }
            guard let before = graded.last(where: { $0.date <= first[la]! })?.overall,
                  let after = graded.first(where: { $0.date > first[la]! })?.overall else { continue }
            cases.append(la)
            improved.append(after.ofstedNumber < before.ofstedNumber ? 1 : 0)
        }
        var conditions: [String] = [], calibration: [String] = [], columns: [[Double]] = []
        for name in study.description.plan.moderators {
            let all = study.localAuthorities.compactMap { $0.context[name] }.sorted()
            let context = Dictionary(study.localAuthorities.map { ($0.newCode, $0.context[name]) }, uniquingKeysWith: { a, _ in a })
            let values = cases.compactMap { context[$0] ?? nil }
            guard values.count == cases.count, all.count >= 5 else { continue }
            let (e, c, i) = (Bootstrap.quantile(all, 0.2), Bootstrap.quantile(all, 0.5), Bootstrap.quantile(all, 0.8))
            guard e < c, c < i, let memberships = try? QCACalibration.fuzzyDirect(values, exclusion: e, crossover: c, inclusion: i) else { continue }
            conditions.append(conditionName(name))
            calibration.append("\(name): fuzzy, direct method, thresholds \(NumberText3.format(e)), \(NumberText3.format(c)), \(NumberText3.format(i)) (20th, 50th, 80th percentiles of all LAs)")
            columns.append(memberships)
        }
        for model in SupportModel.allCases where model.programme == programme {
            let received = Set(episodes.filter { $0.model == model }.map(\.laCode))
            let values = cases.map { received.contains($0) ? 1.0 : 0 }
            guard Set(values).count == 2 else { continue }
            conditions.append(conditionName(model.rawValue))
            calibration.append("\(model.rawValue): crisp, 1 when the LA received it")
            columns.append(values)
        }
        conditions = Array(conditions.prefix(7)); calibration = Array(calibration.prefix(7)); columns = Array(columns.prefix(7))
        var result = ContextResults.Configuration(
            programme: programme.rawValue,
            outcome: "better grade at the first graded inspection after the programme started than at the last one before (crisp)",
            cases: cases.count, improved: Int(improved.reduce(0, +)), conditions: conditions, calibration: calibration,
            truthTable: [], complex: [], parsimonious: [], necessity: [], failure: nil)
        guard cases.count >= 5, !conditions.isEmpty else {
            result.failure = "too few cases or conditions for a truth table (at least 5 cases and one condition are needed)"
            return result
        }
        let memberships = cases.indices.map { k in columns.map { $0[k] } }
        do {
            let table = try QCA.truthTable(cases: memberships, outcome: improved, conditions: conditions, caseIDs: cases,
                                           options: QCATruthTableOptions(inclusionCut: inclusionCut))
            result.truthTable = table.observedRows
            result.necessity = QCA.necessity(cases: memberships, outcome: improved, conditions: conditions)
            result.complex = try QCA.minimise(table, includeRemainders: false)
            result.parsimonious = try QCA.minimise(table, includeRemainders: true)
        } catch {
            result.failure = "\(error)"
        }
        return result
    }
}
