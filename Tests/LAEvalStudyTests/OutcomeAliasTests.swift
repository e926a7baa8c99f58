import LAEvalCore
import Testing
@testable import LAEvalData
@testable import LAEvalStudy

/// An indicator renamed between releases: study.yaml names its earlier column names as
/// `aliases`, and each row takes the first of the current name and the aliases with a number.
@Suite struct OutcomeAliasTests {
    /// LA rows for 2016 (published under the old name) and 2017 (under the new one), as a file
    /// joining two releases has them; each release leaves the other's column blank (`z`).
    static var study: Study {
        var study = DataAuditTests.study
        let names = ["time_period", "time_identifier", "geographic_level", "new_la_code", "rereferral_rate", "rereferral_percent"]
        let table = EESTable(columnNames: names, columns: [
            .text(["2016", "2016", "2017", "2017"]),
            .text(Array(repeating: "Reporting year", count: 4)),
            .text(Array(repeating: "Local authority", count: 4)),
            .text(["E06000001", "E06000002", "E06000001", "E06000002"]),
            .indicator([.number(21), .number(25), .missing(.notApplicable), .missing(.notApplicable)]),
            .indicator([.missing(.notApplicable), .missing(.notApplicable), .number(22), .missing(.confidential)]),
        ], sourceLines: Array(2...5))
        let meta = [EESMetaRow(colName: "rereferral_rate", colType: .indicator, label: "Re-referrals (old name)"),
                    EESMetaRow(colName: "rereferral_percent", colType: .indicator, label: "Re-referrals within 12 months (%)")]
        study.indicatorFiles = [IndicatorFile(name: "c1", table: table, meta: meta)]
        study.description.plan.outcomes = [OutcomeSpec(indicator: "rereferral_percent", file: "c1", polarity: .lowerIsBetter,
                                                       aliases: ["rereferral_rate"])]
        return study
    }

    @Test func eachRowTakesTheCurrentNameOrElseAnAlias() throws {
        let observations = try #require(OutcomeObservations(Self.study, Self.study.description.plan.outcomes[0]))
        let rows = zip(zip(observations.codes, observations.years), observations.values).map { "\($0.0.0) \($0.0.1) \($0.1)" }
        // 2017's second LA is suppressed under both names: no value
        #expect(rows == ["E06000001 2016 21.0", "E06000002 2016 25.0", "E06000001 2017 22.0"])
    }

    @Test func withoutTheAliasTheOldReleaseIsMissing() throws {
        var outcome = Self.study.description.plan.outcomes[0]
        outcome.aliases = []
        let observations = try #require(OutcomeObservations(Self.study, outcome))
        #expect(observations.years == [2017])
    }

    @Test func studyYAMLReadsAndWritesAliases() throws {
        let text = StudyYAML.text(Self.study.description)
        #expect(text.contains("aliases: [\"rereferral_rate\"]"))
        let (read, problems) = StudyYAML.read(text)
        #expect(problems.isEmpty)
        #expect(read?.plan.outcomes.first?.aliases == ["rereferral_rate"])
    }

    @Test func anOutcomeFoundUnderNoNameIsAnError() {
        var plan = Self.study.description.plan
        plan.outcomes[0].indicator = "rereferral_share"
        plan.outcomes[0].aliases = ["rereferral_old"]
        let problems = StudyRules.outcomeRules(plan: plan, files: Self.study.indicatorFiles, yamlText: "")
        #expect(problems.map(\.message) == ["outcome rereferral_share: indicators/c1.meta.csv has no Indicator row for it (nor for its aliases rereferral_old)"])
        plan.outcomes[0].aliases = ["rereferral_rate"]
        #expect(StudyRules.outcomeRules(plan: plan, files: Self.study.indicatorFiles, yamlText: "").isEmpty)
    }
}
