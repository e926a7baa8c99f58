import LAEvalCore
import Yams

/// Reads a survey questionnaire from YAML, reporting every problem with its file, line and
/// column: unknown keys, missing text, duplicate ids, options of the wrong kind, ranges the wrong
/// way round, and conditions that refer to a question not asked earlier.
///
/// ```yaml
/// id: la-survey
/// version: 1
/// title: Support for children's services
/// introduction: About 15 minutes. You can save and return.
/// scales: {leadership: [lead_vision, lead_challenge, lead_stable]}
/// pages:
///   - id: about
///     title: About you
///     questions:
///       - {id: role, text: What is your role?, type: single, required: true,
///          options: {dcs: Director of children's services, member: Lead member}}
///       - {id: staff, text: How many social workers?, type: number, min: 0, max: 5000, integer: true}
///   - id: pip
///     title: Partners in Practice
///     show_if: {question: support, in: [pip]}
///     questions:
///       - {id: lead_vision, text: Leaders share a clear vision, type: likert}
/// ```
/// `options` is a list (values are the labels) or a mapping of value: label; a Likert question
/// without options gets the five-point agreement scale (values 1–5), or `points: N` unlabelled
/// points. `show_if` takes `question` and `in` (or `not_in`).
public enum QuestionnaireYAML {
    public static func read(_ text: String, file: String) -> Result<Questionnaire, StudyInvalid> {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return .failure(StudyInvalid(problems: [InputProblem(file: file, line: 1, column: 1, message: "the file is empty: expected id, version, title and pages")]))
            }
            root = node
        } catch let error as YamlError {
            return .failure(StudyInvalid(problems: [StudyYAML.yamlSyntaxProblem(error, file: file)]))
        } catch {
            return .failure(StudyInvalid(problems: [InputProblem(file: file, line: 1, column: 1, message: "cannot parse YAML: \(error)")]))
        }
        var reader = Reader(nodes: StudyYAML.NodeReader(file: file))
        let questionnaire = reader.questionnaire(root)
        if let questionnaire, reader.nodes.problems.isEmpty { return .success(questionnaire) }
        return .failure(StudyInvalid(problems: reader.nodes.problems.sorted()))
    }

    struct Reader {
        var nodes: StudyYAML.NodeReader
        var seen: Set<String> = []

        mutating func questionnaire(_ root: Node) -> Questionnaire? {
            guard let map = nodes.mapping(root, "the questionnaire", allowed: ["id", "version", "title", "introduction", "pages", "scales"]) else { return nil }
            let id = nodes.string(nodes.required(map, "id", in: "the questionnaire", at: root), "id")
            let version = nodes.integer(nodes.required(map, "version", in: "the questionnaire", at: root), "version")
            if let version, version < 1, let node = map["version"] { nodes.fail(node, "version must be 1 or more") }
            let title = nodes.string(nodes.required(map, "title", in: "the questionnaire", at: root), "title")
            let introduction = nodes.string(map["introduction"], "introduction") ?? ""
            var pages: [QuestionPage] = []
            if let pagesNode = nodes.required(map, "pages", in: "the questionnaire", at: root) {
                if let list = pagesNode.sequence, !list.isEmpty {
                    pages = list.compactMap { page($0) }
                } else {
                    nodes.fail(pagesNode, "pages must be a list of at least one page")
                }
            }
            let scales = scaleMap(map["scales"], questions: pages.flatMap(\.questions))
            guard let id, let version, let title else { return nil }
            return Questionnaire(id: id, version: version, title: title, introduction: introduction, pages: pages, scales: scales)
        }

        mutating func page(_ node: Node) -> QuestionPage? {
            guard let map = nodes.mapping(node, "a page", allowed: ["id", "title", "questions", "show_if"]) else { return nil }
            let id = identifier(nodes.required(map, "id", in: "a page", at: node), "page id")
            let title = nodes.string(nodes.required(map, "title", in: "page \(id ?? "?")", at: node), "title")
            let condition = map["show_if"].flatMap { self.condition($0, what: "page \(id ?? "?")") }
            var questions: [Question] = []
            if let list = nodes.required(map, "questions", in: "page \(id ?? "?")", at: node) {
                if let items = list.sequence, !items.isEmpty {
                    questions = items.compactMap { question($0) }
                } else {
                    nodes.fail(list, "questions must be a list of at least one question")
                }
            }
            guard let id, let title else { return nil }
            return QuestionPage(id: id, title: title, questions: questions, showIf: condition)
        }

        mutating func question(_ node: Node) -> Question? {
            let keys = ["id", "text", "hint", "type", "required", "options", "points", "min", "max", "integer", "max_length", "show_if"]
            guard let map = nodes.mapping(node, "a question", allowed: keys) else { return nil }
            let condition = map["show_if"].flatMap { self.condition($0, what: "question \(map["id"]?.string ?? "?")") }
            let id = identifier(nodes.required(map, "id", in: "a question", at: node), "question id")
            let what = "question \(id ?? "?")"
            let text = nodes.string(nodes.required(map, "text", in: what, at: node), "text")
            let kind = nodes.enumValue(nodes.required(map, "type", in: what, at: node), "type", as: QuestionKind.self)
            let required = boolean(map["required"], "required") ?? false
            let integer = boolean(map["integer"], "integer") ?? false
            let (minimum, maximum) = (nodes.double(map["min"], "min"), nodes.double(map["max"], "max"))
            if let minimum, let maximum, minimum > maximum { nodes.fail(map["max"], "max \(maximum) is below min \(minimum) in \(what)") }
            let maxLength = nodes.integer(map["max_length"], "max_length") ?? 2_000
            var options = map["options"].map { self.options($0, what) } ?? []
            if let kind {
                checkKeys(map, kind: kind, what: what)
                if kind == .likert && options.isEmpty {
                    let points = nodes.integer(map["points"], "points")
                    options = points.map { n in (1...max(n, 2)).map { QuestionOption(value: String($0), label: String($0)) } }
                        ?? Question.agreement.enumerated().map { QuestionOption(value: String($0.offset + 1), label: $0.element) }
                }
                if [.single, .multiple].contains(kind) && options.count < 2 {
                    nodes.fail(map["options"] ?? node, "\(what) is \(kind.rawValue) choice and needs at least two options")
                }
            }
            if let id { seen.insert(id) }
            guard let id, let text, let kind else { return nil }
            return Question(id: id, text: text, hint: nodes.string(map["hint"], "hint") ?? "", kind: kind, required: required, options: options,
                            minimum: minimum, maximum: maximum, integer: integer, maxLength: maxLength, showIf: condition)
        }

        /// Keys that mean nothing for the question's type are errors, as unknown keys are.
        mutating func checkKeys(_ map: [String: Node], kind: QuestionKind, what: String) {
            let only: [String: [QuestionKind]] = ["options": [.single, .multiple, .likert], "points": [.likert], "min": [.number], "max": [.number],
                                                  "integer": [.number], "max_length": [.text]]
            for (key, kinds) in only.sorted(by: { $0.key < $1.key }) where map[key] != nil && !kinds.contains(kind) {
                nodes.fail(map[key], "\(key) does not apply to \(what), a \(kind.rawValue) question")
            }
        }

        mutating func identifier(_ node: Node?, _ what: String) -> String? {
            guard let text = nodes.string(node, what) else { return nil }
            let allowed = text.first?.isLetter == true && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            guard allowed else {
                nodes.fail(node, "\(what) '\(text)' must start with a letter and use only letters, digits, _ and -")
                return nil
            }
            guard !seen.contains(text) else {
                nodes.fail(node, "\(what) '\(text)' is used twice: ids must be unique across the questionnaire")
                return nil
            }
            if what == "page id" { seen.insert(text) }
            return text
        }

        mutating func boolean(_ node: Node?, _ what: String) -> Bool? {
            guard let text = nodes.string(node, what) else { return nil }
            switch text.lowercased() {
            case "true", "yes": return true
            case "false", "no": return false
            default:
                nodes.fail(node, "\(what) '\(text)' must be true or false")
                return nil
            }
        }

        mutating func options(_ node: Node, _ what: String) -> [QuestionOption] {
            var result: [QuestionOption] = []
            if let list = node.sequence {
                result = list.compactMap { nodes.string($0, "an option of \(what)") }.map { QuestionOption(value: $0, label: $0) }
            } else if let mapping = node.mapping {
                for (key, value) in mapping {
                    if let name = nodes.string(key, "an option value of \(what)"), let label = nodes.string(value, "the label of option \(name)") {
                        result.append(QuestionOption(value: name, label: label))
                    }
                }
            } else {
                nodes.fail(node, "options of \(what) must be a list of labels or a mapping of value: label")
            }
            var values: Set<String> = []
            for option in result where !values.insert(option.value).inserted {
                nodes.fail(node, "option '\(option.value)' appears twice in \(what)")
            }
            return result
        }

        mutating func condition(_ node: Node, what: String) -> Condition? {
            guard let map = nodes.mapping(node, "show_if of \(what)", allowed: ["question", "in", "not_in"]) else { return nil }
            guard let question = nodes.string(nodes.required(map, "question", in: "show_if of \(what)", at: node), "show_if question") else { return nil }
            guard seen.contains(question) else {
                nodes.fail(map["question"], "show_if of \(what) refers to '\(question)', which is not a question asked before it")
                return nil
            }
            switch (map["in"], map["not_in"]) {
            case (let values?, nil): return nodes.strings(values, "show_if in").map { Condition(question: question, values: $0) }
            case (nil, let values?): return nodes.strings(values, "show_if not_in").map { Condition(question: question, values: $0, negated: true) }
            default:
                nodes.fail(node, "show_if of \(what) needs exactly one of in and not_in")
                return nil
            }
        }

        mutating func scaleMap(_ node: Node?, questions: [Question]) -> [String: [String]] {
            guard let node else { return [:] }
            guard let mapping = node.mapping else {
                nodes.fail(node, "scales must be a mapping of scale name: [question ids]")
                return [:]
            }
            var result: [String: [String]] = [:]
            for (key, value) in mapping {
                guard let name = nodes.string(key, "a scale name"), let items = nodes.strings(value, "scale \(name)") else { continue }
                for item in items {
                    guard let question = questions.first(where: { $0.id == item }) else {
                        nodes.fail(value, "scale \(name) lists '\(item)', which is not a question")
                        continue
                    }
                    if question.kind != .likert && question.kind != .number { nodes.fail(value, "scale \(name) lists '\(item)', a \(question.kind.rawValue) question: scale items must be likert or number questions") }
                }
                if items.count < 2 { nodes.fail(value, "scale \(name) needs at least two items") }
                result[name] = items
            }
            return result
        }
    }
}

extension QuestionnaireYAML {
    /// The questionnaire as YAML that `read` turns back into the same value: every text
    /// double-quoted, keys only where they differ from the defaults (a Likert question keeps the
    /// agreement scale or `points: N` implicit), scales in name order.
    public static func text(_ questionnaire: Questionnaire) -> String {
        let q = StudyYAML.quoted
        var lines = ["id: \(q(questionnaire.id))", "version: \(questionnaire.version)", "title: \(q(questionnaire.title))"]
        if !questionnaire.introduction.isEmpty { lines.append("introduction: \(q(questionnaire.introduction))") }
        if !questionnaire.scales.isEmpty {
            lines.append("scales:")
            for name in questionnaire.scales.keys.sorted() {
                lines.append("  \(q(name)): [\(questionnaire.scales[name]!.map(q).joined(separator: ", "))]")
            }
        }
        lines.append("pages:")
        for page in questionnaire.pages {
            lines.append("  - id: \(q(page.id))")
            lines.append("    title: \(q(page.title))")
            if let condition = page.showIf { lines.append("    show_if: \(conditionText(condition))") }
            lines.append("    questions:")
            for question in page.questions {
                lines.append("      - id: \(q(question.id))")
                lines.append("        text: \(q(question.text))")
                if !question.hint.isEmpty { lines.append("        hint: \(q(question.hint))") }
                lines.append("        type: \(question.kind.rawValue)")
                if question.required { lines.append("        required: true") }
                if let options = optionsText(question) { lines.append("        \(options)") }
                if let minimum = question.minimum { lines.append("        min: \(Question.plain(minimum))") }
                if let maximum = question.maximum { lines.append("        max: \(Question.plain(maximum))") }
                if question.integer { lines.append("        integer: true") }
                if question.kind == .text && question.maxLength != 2_000 { lines.append("        max_length: \(question.maxLength)") }
                if let condition = question.showIf { lines.append("        show_if: \(conditionText(condition))") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func conditionText(_ condition: Condition) -> String {
        "{question: \(StudyYAML.quoted(condition.question)), \(condition.negated ? "not_in" : "in"): [\(condition.values.map(StudyYAML.quoted).joined(separator: ", "))]}"
    }

    /// `options: {value: label, …}`, `points: N`, or nil for the default agreement scale.
    static func optionsText(_ question: Question) -> String? {
        guard [.single, .multiple, .likert].contains(question.kind) else { return nil }
        if question.kind == .likert {
            let values = question.options.map(\.value)
            let numbered = values == (1...max(values.count, 1)).map(String.init)
            if numbered && question.options.map(\.label) == Question.agreement { return nil }
            if numbered && values.count >= 2 && question.options.allSatisfy({ $0.label == $0.value }) { return "points: \(values.count)" }
        }
        let pairs = question.options.map { "\(StudyYAML.quoted($0.value)): \(StudyYAML.quoted($0.label))" }
        return "options: {\(pairs.joined(separator: ", "))}"
    }
}
