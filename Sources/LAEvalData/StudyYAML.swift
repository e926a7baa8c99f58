import LAEvalCore
import Yams

/// Reads and writes `study.yaml`. Reading walks Yams' node tree so that every problem is
/// reported with its line and column; unknown keys are errors (a misspelt key is never ignored).
enum StudyYAML {
    static let fileName = "study.yaml"

    // MARK: reading

    static func read(_ text: String) -> (description: StudyDescription?, problems: [InputProblem]) {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return (nil, [problem(nil, "the file is empty: expected name, period, la_set, plan and seed")])
            }
            root = node
        } catch let error as YamlError {
            return (nil, [yamlSyntaxProblem(error)])
        } catch {
            return (nil, [problem(nil, "cannot parse YAML: \(error)")])
        }
        var reader = NodeReader()
        let description = reader.study(root)
        return reader.problems.isEmpty ? (description, []) : (nil, reader.problems)
    }

    static func problem(_ mark: Mark?, _ message: String) -> InputProblem {
        InputProblem(file: fileName, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message)
    }

    static func yamlSyntaxProblem(_ error: YamlError, file: String = fileName) -> InputProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return InputProblem(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
        default:
            return InputProblem(file: file, line: 1, column: 1, message: "YAML syntax: \(error)")
        }
    }

    /// Walks the node tree, collecting problems.
    struct NodeReader {
        var problems: [InputProblem] = []
        /// The file named in problems.
        var file = StudyYAML.fileName

        mutating func fail(_ node: Node?, _ message: String) {
            problems.append(InputProblem(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message))
        }

        /// The mapping's entries, reporting keys not in `allowed`.
        mutating func mapping(_ node: Node?, _ what: String, allowed: [String]) -> [String: Node]? {
            guard let node else { return nil }
            guard let mapping = node.mapping else {
                fail(node, "\(what) must be a mapping with keys \(allowed.joined(separator: ", "))")
                return nil
            }
            var result: [String: Node] = [:]
            for (key, value) in mapping {
                guard let name = key.string, allowed.contains(name) else {
                    fail(key, "unknown key '\(key.string ?? "?")' in \(what): expected one of \(allowed.joined(separator: ", "))")
                    continue
                }
                result[name] = value
            }
            return result
        }

        mutating func required(_ map: [String: Node], _ key: String, in what: String, at node: Node) -> Node? {
            guard let value = map[key] else {
                fail(node, "\(what) is missing the key \(key)")
                return nil
            }
            return value
        }

        mutating func string(_ node: Node?, _ what: String) -> String? {
            guard let node else { return nil }
            guard let scalar = node.scalar else {
                fail(node, "\(what) must be text")
                return nil
            }
            return scalar.string
        }

        mutating func integer(_ node: Node?, _ what: String) -> Int? {
            guard let text = string(node, what) else { return nil }
            guard let value = Int(text) else {
                fail(node, "\(what) '\(text)' is not a whole number")
                return nil
            }
            return value
        }

        mutating func double(_ node: Node?, _ what: String) -> Double? {
            guard let text = string(node, what) else { return nil }
            guard let value = NumberText.parseDouble(text) else {
                fail(node, "\(what) '\(text)' is not a number")
                return nil
            }
            return value
        }

        mutating func strings(_ node: Node?, _ what: String) -> [String]? {
            guard let node else { return nil }
            guard let sequence = node.sequence else {
                fail(node, "\(what) must be a list")
                return nil
            }
            return sequence.compactMap { string($0, "an item of \(what)") }
        }

        mutating func stringMap(_ node: Node?, _ what: String) -> [String: String]? {
            guard let node else { return nil }
            guard let mapping = node.mapping else {
                fail(node, "\(what) must be a mapping")
                return nil
            }
            var result: [String: String] = [:]
            for (key, value) in mapping {
                if let name = key.string, let text = string(value, "\(what).\(name)") { result[name] = text }
            }
            return result
        }

        mutating func enumValue<T: RawRepresentable & CaseIterable>(_ node: Node?, _ what: String, as: T.Type) -> T? where T.RawValue == String {
            guard let text = string(node, what) else { return nil }
            guard let value = T(rawValue: text) else {
                fail(node, "\(what) '\(text)' is not valid: expected \(T.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            return value
        }

        mutating func study(_ root: Node) -> StudyDescription? {
            let keys = ["name", "simulated", "period", "la_set", "plan", "seed", "disclosure", "register_coverage", "context_from"]
            guard let map = mapping(root, "study.yaml", allowed: keys) else { return nil }
            let name = string(required(map, "name", in: "study.yaml", at: root), "name")
            let seedText = string(required(map, "seed", in: "study.yaml", at: root), "seed")
            let seed = seedText.flatMap { UInt64($0) }
            if let seedText, seed == nil { fail(map["seed"], "seed '\(seedText)' is not a whole number from 0 to 18446744073709551615") }
            var simulated = false
            if let node = map["simulated"] {
                switch string(node, "simulated") {
                case "true": simulated = true
                case "false": simulated = false
                case let other?: fail(node, "simulated '\(other)' is not valid: expected true or false")
                case nil: break
                }
            }
            let period = self.period(required(map, "period", in: "study.yaml", at: root))
            let laSet = self.laSet(required(map, "la_set", in: "study.yaml", at: root))
            let plan = self.plan(required(map, "plan", in: "study.yaml", at: root))
            let threshold = map["disclosure"].map { disclosureThreshold($0) } ?? 5
            let coverage = stringMap(map["register_coverage"], "register_coverage") ?? [:]
            for key in coverage.keys.sorted() where Programme(rawValue: key) == nil {
                fail(map["register_coverage"], "register_coverage: '\(key)' is not a programme: expected \(Programme.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let contextFrom = map["context_from"].map { contextSources($0) } ?? []
            guard let name, let seed, let period, let laSet, let plan, let threshold, let contextFrom else { return nil }
            return StudyDescription(name: name, period: period, laSet: laSet, plan: plan, seed: seed, simulated: simulated,
                                    disclosureThreshold: threshold, registerCoverage: coverage, contextFrom: contextFrom)
        }

        /// `context_from`: a list of `{column, file, indicator, year, filters, per_10000_of, log}`;
        /// `per_10000_of` must name a column defined earlier in the list.
        mutating func contextSources(_ node: Node) -> [ContextSource]? {
            guard let items = node.sequence else {
                fail(node, "context_from must be a list of {column, file, indicator, year}")
                return nil
            }
            var sources: [ContextSource] = []
            for item in items {
                guard let map = mapping(item, "a context_from entry", allowed: ["column", "file", "indicator", "year", "filters", "per_10000_of", "log"]) else { continue }
                let column = string(required(map, "column", in: "a context_from entry", at: item), "context_from.column")
                let file = string(required(map, "file", in: "a context_from entry", at: item), "context_from.file")
                let indicator = string(required(map, "indicator", in: "a context_from entry", at: item), "context_from.indicator")
                let year = integer(required(map, "year", in: "a context_from entry", at: item), "context_from.year")
                let filters = map["filters"].flatMap { stringMap($0, "context_from.filters") } ?? [:]
                let base = map["per_10000_of"].flatMap { string($0, "context_from.per_10000_of") }
                var logarithm = false
                if let node = map["log"] {
                    switch string(node, "context_from.log") {
                    case "true": logarithm = true
                    case "false": break
                    case let other?: fail(node, "context_from.log '\(other)' is not valid: expected true or false")
                    case nil: break
                    }
                }
                if let base, !sources.contains(where: { $0.column == base }) {
                    fail(map["per_10000_of"], "context_from.per_10000_of '\(base)' is not a column defined earlier in context_from")
                }
                guard let column, let file, let indicator, let year else { continue }
                sources.append(ContextSource(column: column, file: file, indicator: indicator, year: year, filters: filters,
                                             per10000Of: base, logarithm: logarithm))
            }
            return sources
        }

        /// `disclosure: threshold: N`, a whole number of at least 1 (1 suppresses nothing).
        mutating func disclosureThreshold(_ node: Node) -> Int? {
            guard let map = mapping(node, "disclosure", allowed: ["threshold"]) else { return nil }
            guard let value = integer(required(map, "threshold", in: "disclosure", at: node), "disclosure.threshold") else { return nil }
            guard value >= 1 else {
                fail(map["threshold"], "disclosure.threshold \(value) is not valid: expected a whole number of at least 1")
                return nil
            }
            return value
        }

        mutating func period(_ node: Node?) -> StudyPeriod? {
            guard let node, let map = mapping(node, "period", allowed: ["first_year", "last_year"]) else { return nil }
            let first = integer(required(map, "first_year", in: "period", at: node), "period.first_year")
            let last = integer(required(map, "last_year", in: "period", at: node), "period.last_year")
            guard let first, let last else { return nil }
            guard first <= last else {
                fail(node, "period.first_year \(first) is after period.last_year \(last)")
                return nil
            }
            return StudyPeriod(firstYear: first, lastYear: last)
        }

        mutating func laSet(_ node: Node?) -> LASetDefinition? {
            guard let node, let map = mapping(node, "la_set", allowed: ["as_at", "boundaries", "mapping"]) else { return nil }
            let asAtNode = required(map, "as_at", in: "la_set", at: node)
            var asAt: CalendarDate?
            if let text = string(asAtNode, "la_set.as_at") {
                asAt = CalendarDate(iso: text)
                if asAt == nil { fail(asAtNode, "la_set.as_at '\(text)' is not a date: expected YYYY-MM-DD") }
            }
            let boundaries = enumValue(required(map, "boundaries", in: "la_set", at: node), "la_set.boundaries", as: LASetDefinition.Boundaries.self)
            let mappingText = map["mapping"].flatMap { string($0, "la_set.mapping") } ?? ""
            guard let asAt, let boundaries else { return nil }
            return LASetDefinition(asAt: asAt, boundaries: boundaries, mapping: mappingText)
        }

        mutating func plan(_ node: Node?) -> AnalysisPlan? {
            guard let node, let map = mapping(node, "plan", allowed: ["outcomes", "comparisons", "moderators", "economics", "impact", "judgements", "neighbours"]) else { return nil }
            var outcomes: [OutcomeSpec] = []
            if let list = required(map, "outcomes", in: "plan", at: node) {
                if let sequence = list.sequence {
                    outcomes = sequence.compactMap { outcome($0) }
                } else {
                    fail(list, "plan.outcomes must be a list")
                }
            }
            let comparisons = strings(map["comparisons"], "plan.comparisons") ?? []
            let moderators = strings(map["moderators"], "plan.moderators") ?? []
            let economics = self.economics(required(map, "economics", in: "plan", at: node))
            let impact = map["impact"].map { self.impact($0) } ?? ImpactPlan()
            let judgementStates = map["judgements"].map { self.judgementStates($0) } ?? 4
            let neighbours = map["neighbours"].map { self.neighbours($0) } ?? NeighbourPlan()
            guard let economics, let impact, let judgementStates, let neighbours else { return nil }
            return AnalysisPlan(outcomes: outcomes, comparisons: comparisons, moderators: moderators, economics: economics, impact: impact,
                                judgementStates: judgementStates, neighbours: neighbours)
        }

        /// `plan.neighbours`: `k` (default 10), `variables` (a map of context column to weight ≥ 0)
        /// and `published` (a DfE groupings file in the study folder).
        mutating func neighbours(_ node: Node) -> NeighbourPlan? {
            guard let map = mapping(node, "plan.neighbours", allowed: ["k", "variables", "published"]) else { return nil }
            var plan = NeighbourPlan()
            if let kNode = map["k"] {
                guard let k = integer(kNode, "plan.neighbours.k") else { return nil }
                guard k >= 1 else {
                    fail(kNode, "plan.neighbours.k \(k) is not valid: expected a whole number of at least 1")
                    return nil
                }
                plan.k = k
            }
            if let variablesNode = map["variables"] {
                guard let pairs = variablesNode.mapping else {
                    fail(variablesNode, "plan.neighbours.variables must be a map of context column to weight")
                    return nil
                }
                for (key, value) in pairs {
                    guard let name = string(key, "plan.neighbours.variables"), let weight = double(value, "plan.neighbours.variables.\(key.string ?? "")") else { return nil }
                    guard weight >= 0, weight.isFinite else {
                        fail(value, "plan.neighbours.variables.\(name) weight \(NumberText.format(weight)) is not valid: expected a number of at least 0")
                        return nil
                    }
                    plan.variables.append(name)
                    plan.weights.append(weight)
                }
            }
            plan.published = map["published"].flatMap { string($0, "plan.neighbours.published") }
            return plan
        }

        /// `plan.judgements.states`: 4 (one state per Ofsted grade) or 3 (Outstanding merged into Good).
        mutating func judgementStates(_ node: Node) -> Int? {
            guard let map = mapping(node, "plan.judgements", allowed: ["states"]) else { return nil }
            guard let valueNode = map["states"] else { return 4 }
            guard let text = string(valueNode, "plan.judgements.states"), text == "3" || text == "4" else {
                fail(valueNode, "plan.judgements.states must be 3 or 4")
                return nil
            }
            return Int(text)
        }

        /// `plan.impact`: the impact stage's options (each one of `ImpactPlan.allowed`) and covariates.
        mutating func impact(_ node: Node) -> ImpactPlan? {
            let keys = ImpactPlan.allowed.map(\.key) + ["covariates"]
            guard let map = mapping(node, "plan.impact", allowed: keys) else { return nil }
            var values: [String: String] = [:]
            var valid = true
            for (key, allowed) in ImpactPlan.allowed {
                guard let valueNode = map[key], let text = string(valueNode, "plan.impact.\(key)") else { continue }
                if allowed.contains(text) {
                    values[key] = text
                } else {
                    fail(valueNode, "plan.impact.\(key) '\(text)' is not valid: expected \(allowed.joined(separator: ", "))")
                    valid = false
                }
            }
            let covariates = strings(map["covariates"], "plan.impact.covariates") ?? []
            guard valid else { return nil }
            return ImpactPlan(design: values["design"], control: values["control"], estimator: values["estimator"], anchor: values["anchor"],
                              overlap: values["overlap"], population: values["population"], covariates: covariates)
        }

        mutating func outcome(_ node: Node) -> OutcomeSpec? {
            guard let map = mapping(node, "an outcome", allowed: ["indicator", "file", "polarity", "filters", "aliases"]) else { return nil }
            let indicator = string(required(map, "indicator", in: "an outcome", at: node), "outcome.indicator")
            let file = string(required(map, "file", in: "an outcome", at: node), "outcome.file")
            let polarity = enumValue(required(map, "polarity", in: "an outcome", at: node), "outcome.polarity", as: Polarity.self)
            let filters = stringMap(map["filters"], "outcome.filters") ?? [:]
            let aliases = strings(map["aliases"], "outcome.aliases") ?? []
            guard let indicator, let file, let polarity else { return nil }
            return OutcomeSpec(indicator: indicator, file: file, polarity: polarity, filters: filters, aliases: aliases)
        }

        mutating func economics(_ node: Node?) -> EconomicParameters? {
            let keys = ["price_base", "discount_rate", "unit_costs", "deflator", "optimism_bias", "thresholds", "benefits", "benefit_years"]
            guard let node, let map = mapping(node, "plan.economics", allowed: keys) else { return nil }
            let priceBase = integer(required(map, "price_base", in: "plan.economics", at: node), "economics.price_base")
            let rate = map["discount_rate"].map { double($0, "economics.discount_rate") } ?? 0.035
            let unitCosts = numberMap(map["unit_costs"], "economics.unit_costs")
            let deflator = numberMap(map["deflator"], "economics.deflator")
            let benefits = numberMap(map["benefits"], "economics.benefits")
            let optimismBias = map["optimism_bias"].map { double($0, "economics.optimism_bias") } ?? 0
            if let optimismBias, optimismBias < 0 { fail(map["optimism_bias"], "economics.optimism_bias \(NumberText.format(optimismBias)) is not valid: expected a percentage of at least 0") }
            let benefitYears = map["benefit_years"].map { integer($0, "economics.benefit_years") } ?? 0
            if let benefitYears, benefitYears < 0 { fail(map["benefit_years"], "economics.benefit_years \(benefitYears) is not valid: expected a whole number of at least 0") }
            var thresholds = EconomicParameters.defaultThresholds
            if let node = map["thresholds"] {
                let texts = strings(node, "economics.thresholds") ?? []
                let values = texts.compactMap(NumberText.parseDouble)
                if values.count != texts.count || values.contains(where: { $0 < 0 }) || values.isEmpty {
                    fail(node, "economics.thresholds must be a list of amounts of at least 0, e.g. [0, 50000, 100000]")
                } else { thresholds = values }
            }
            guard let priceBase, let rate, let optimismBias, let benefitYears else { return nil }
            return EconomicParameters(priceBase: priceBase, discountRate: rate, unitCosts: unitCosts, deflator: deflator,
                                      optimismBias: optimismBias, thresholds: thresholds, benefits: benefits, benefitYears: benefitYears)
        }

        /// A map of names to numbers; a value that is not a number is reported.
        mutating func numberMap(_ node: Node?, _ what: String) -> [String: Double] {
            guard let node, let texts = stringMap(node, what) else { return [:] }
            var result: [String: Double] = [:]
            for (name, text) in texts {
                if let value = NumberText.parseDouble(text) { result[name] = value } else { fail(node, "\(what).\(name) '\(text)' is not a number") }
            }
            return result
        }
    }

    // MARK: writing

    static func text(_ study: StudyDescription) -> String {
        var lines: [String] = []
        if study.simulated {
            lines.append("# SIMULATED DATA: every inspection, support episode, indicator and cost in this study is invented.")
        }
        lines.append("name: \(quoted(study.name))")
        lines.append("simulated: \(study.simulated)")
        lines.append("seed: \(study.seed)")
        lines.append("period:")
        lines.append("  first_year: \(study.period.firstYear)")
        lines.append("  last_year: \(study.period.lastYear)")
        lines.append("la_set:")
        lines.append("  as_at: \(study.laSet.asAt)")
        lines.append("  boundaries: \(study.laSet.boundaries.rawValue)")
        lines.append("  mapping: \(quoted(study.laSet.mapping))")
        lines.append("plan:")
        lines.append(study.plan.outcomes.isEmpty ? "  outcomes: []" : "  outcomes:")
        for outcome in study.plan.outcomes {
            lines.append("    - indicator: \(quoted(outcome.indicator))")
            lines.append("      file: \(quoted(outcome.file))")
            lines.append("      polarity: \(outcome.polarity.rawValue)")
            if !outcome.aliases.isEmpty {
                lines.append("      aliases: [\(outcome.aliases.map(quoted).joined(separator: ", "))]")
            }
            if !outcome.filters.isEmpty {
                lines.append("      filters:")
                for key in outcome.filters.keys.sorted() {
                    lines.append("        \(quoted(key)): \(quoted(outcome.filters[key]!))")
                }
            }
        }
        lines.append("  comparisons: [\(study.plan.comparisons.map(quoted).joined(separator: ", "))]")
        lines.append("  moderators: [\(study.plan.moderators.map(quoted).joined(separator: ", "))]")
        if !study.plan.impact.settings.isEmpty || !study.plan.impact.covariates.isEmpty {
            lines.append("  impact:")
            for (key, value) in study.plan.impact.settings { lines.append("    \(key): \(value)") }
            if !study.plan.impact.covariates.isEmpty {
                lines.append("    covariates: [\(study.plan.impact.covariates.map(quoted).joined(separator: ", "))]")
            }
        }
        if study.plan.judgementStates != 4 {
            lines.append("  judgements:")
            lines.append("    states: \(study.plan.judgementStates)")
        }
        if !study.plan.neighbours.isDefault {
            let plan = study.plan.neighbours
            lines.append("  neighbours:")
            lines.append("    k: \(plan.k)")
            if !plan.variables.isEmpty {
                lines.append("    variables: {\(zip(plan.variables, plan.weights).map { "\(quoted($0)): \(NumberText.format($1))" }.joined(separator: ", "))}")
            }
            if let published = plan.published { lines.append("    published: \(quoted(published))") }
        }
        lines.append("  economics:")
        lines.append("    price_base: \(study.plan.economics.priceBase)")
        lines.append("    discount_rate: \(NumberText.format(study.plan.economics.discountRate))")
        let economics = study.plan.economics
        lines += numberMapLines("unit_costs", economics.unitCosts)
        if !economics.deflator.isEmpty { lines += numberMapLines("deflator", economics.deflator) }
        if economics.optimismBias != 0 { lines.append("    optimism_bias: \(NumberText.format(economics.optimismBias))") }
        if economics.thresholds != EconomicParameters.defaultThresholds {
            lines.append("    thresholds: [\(economics.thresholds.map(NumberText.format).joined(separator: ", "))]")
        }
        if !economics.benefits.isEmpty { lines += numberMapLines("benefits", economics.benefits) }
        if economics.benefitYears != 0 { lines.append("    benefit_years: \(economics.benefitYears)") }
        lines.append("# counts from 1 to threshold - 1 are suppressed in published tables and charts")
        lines.append("disclosure:")
        lines.append("  threshold: \(study.disclosureThreshold)")
        if !study.registerCoverage.isEmpty {
            lines.append("# what the support register covers, by programme")
            lines.append("register_coverage:")
            for key in study.registerCoverage.keys.sorted() {
                lines.append("  \(quoted(key)): \(quoted(study.registerCoverage[key]!))")
            }
        }
        lines += contextSourceLines(study.contextFrom)
        return lines.joined(separator: "\n") + "\n"
    }

    static func numberMapLines(_ key: String, _ values: [String: Double]) -> [String] {
        guard !values.isEmpty else { return ["    \(key): {}"] }
        return ["    \(key):"] + values.keys.sorted().map { "      \(quoted($0)): \(NumberText.format(values[$0]!))" }
    }

    static func contextSourceLines(_ sources: [ContextSource]) -> [String] {
        guard !sources.isEmpty else { return [] }
        var lines = ["# context columns laeval import takes from the indicator files", "context_from:"]
        for source in sources {
            lines.append("  - column: \(quoted(source.column))")
            lines.append("    file: \(quoted(source.file))")
            lines.append("    indicator: \(quoted(source.indicator))")
            lines.append("    year: \(source.year)")
            if !source.filters.isEmpty {
                lines.append("    filters: {\(source.filters.keys.sorted().map { "\(quoted($0)): \(quoted(source.filters[$0]!))" }.joined(separator: ", "))}")
            }
            if let base = source.per10000Of { lines.append("    per_10000_of: \(quoted(base))") }
            if source.logarithm { lines.append("    log: true") }
        }
        return lines
    }

    /// A YAML double-quoted scalar (JSON string escaping is valid YAML).
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
