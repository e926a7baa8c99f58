import Foundation
import LAEvalCore
import LAEvalData
import LAEvalStats
import Testing
@testable import LAEvalStudy

/// The survey stage on the demo study, whose simulation planted lower response for Inadequate
/// LAs and scale scores that rise with the years of support an LA had (DemoTruth.survey).
@Suite struct SurveyAnalysisTests {
    static let demo = ImpactAnalysisTests.demo
    static let results = SurveyAnalysis.run(demo.study)!

    @Test func threeWavesWithResponseRatesByGroup() throws {
        #expect(Self.results.waves.map(\.wave) == [1, 2, 3])
        #expect(Self.results.waves.map(\.questionnaireVersion) == [1, 2, 2])
        #expect(Self.results.waves.allSatisfy { $0.las == 153 && (153...459).contains($0.respondents) })
        for wave in 1...3 {
            let rates = Self.results.responseRates.filter { $0.wave == wave }
            let overall = try #require(rates.first { $0.breakdown == "overall" })
            #expect(overall.submitted + overall.partial + overall.notStarted == overall.respondents)
            #expect(overall.partial > 0 && overall.notStarted > 0 && overall.submitted > overall.respondents / 2)
            // every LA is in exactly one region and one grade group
            for breakdown in ["region", "grade"] {
                #expect(rates.filter { $0.breakdown == breakdown }.reduce(0) { $0 + $1.las } == overall.las)
                #expect(rates.filter { $0.breakdown == breakdown }.reduce(0) { $0 + $1.respondents } == overall.respondents)
            }
            #expect(Set(rates.filter { $0.breakdown == "programme" }.map(\.group)) == ["intervention", "improvement", "partnersInPractice", "no_support"])
        }
    }

    /// Planted: 55% of respondents in Inadequate LAs submit, 80% in Good ones.
    @Test func inadequateLAsRespondLess() throws {
        func pooled(_ grade: String) -> Double {
            let rows = Self.results.responseRates.filter { $0.breakdown == "grade" && $0.group == grade }
            return Double(rows.reduce(0) { $0 + $1.submitted }) / Double(rows.reduce(0) { $0 + $1.respondents })
        }
        #expect(pooled("inadequate") < pooled("good") - 0.1)
        #expect(abs(pooled("good") - 0.8) < 0.06)
        let grade = Self.results.nonResponse.filter { $0.factor == "grade" }
        #expect(grade.count == 3 && grade.allSatisfy { $0.test != nil })
        #expect(Self.results.nonResponse.contains { $0.factor == "programme:intervention" })
    }

    @Test func likertDistributionsOfTheLatestWave() throws {
        #expect(Self.results.likertWave == 3)
        let items = Set(Self.results.likert.map(\.questionID))
        #expect(items == Set(Self.demo.study.survey!.waves[2].questionnaire.questions.filter { $0.kind == .likert }.map(\.id)))
        let overall = Self.results.likert.filter { $0.breakdown == "overall" && $0.questionID == "lp_vision" }
        #expect(overall.count == 1 && overall[0].points.map(\.value) == ["1", "2", "3", "4", "5"])
        let submitted = Self.results.responseRates.first { $0.wave == 3 && $0.breakdown == "overall" }!.submitted
        #expect(overall[0].respondents == submitted, "a required item every submitted respondent sees")
        // the routed support page: answered only by respondents whose LA had support
        let support = Self.results.likert.first { $0.breakdown == "overall" && $0.questionID == "sq_relevant" }!
        #expect(support.respondents > 0 && support.respondents < submitted)
        let byGrade = Self.results.likert.filter { $0.breakdown == "grade" && $0.questionID == "lp_vision" }
        #expect(byGrade.reduce(0) { $0 + $1.respondents } == overall[0].respondents)
    }

    @Test func scalesAreInternallyConsistent() throws {
        #expect(Self.results.scales.count == 9)
        for scale in Self.results.scales {
            let alpha = try #require(scale.alpha, "\(scale.scale) wave \(scale.wave)")
            #expect((0.6...0.95).contains(alpha.alpha), "\(scale.scale) wave \(scale.wave): alpha \(alpha.alpha)")
            #expect(alpha.ciLower < alpha.alpha && alpha.alpha < alpha.ciUpper)
            #expect(alpha.items == scale.items.count && alpha.n == scale.respondents)
            #expect((2.5...4.5).contains(scale.meanScore ?? 0))
        }
    }

    /// The planted gain with support is recovered: for the two scales with a real gain, LAs with
    /// support between two waves improve more than LAs without, and the planted mean change of
    /// each group lies within its 95% paired-t interval (widened by the item rounding's small
    /// attenuation: within 3 SE).
    @Test func thePlantedChangeWithSupportIsRecovered() throws {
        let planted = try #require(Self.demo.truth.survey)
        for scale in ["leadership_practice", "workforce"] {
            for from in 1...2 {
                let rows = Self.results.changes.filter { $0.scale == scale && $0.fromWave == from }
                let supported = try #require(rows.first { $0.group == "any_support" }?.test)
                let unsupported = try #require(rows.first { $0.group == "no_support" }?.test)
                #expect(supported.meanDifference > unsupported.meanDifference, "\(scale) \(from)→\(from + 1)")
                let truth = try #require(planted.changes.first { $0.scale == scale && $0.fromWave == from })
                #expect(abs(supported.meanDifference - truth.supportedChange) < 3 * supported.se,
                        "\(scale) \(from)→\(from + 1): supported \(supported.meanDifference) vs planted \(truth.supportedChange) (SE \(supported.se))")
                #expect(abs(unsupported.meanDifference - truth.unsupportedChange) < 3 * unsupported.se,
                        "\(scale) \(from)→\(from + 1): unsupported \(unsupported.meanDifference) vs planted \(truth.unsupportedChange) (SE \(unsupported.se))")
                let all = try #require(rows.first { $0.group == "all" })
                #expect(all.las == supported.n + unsupported.n)
            }
        }
        // pooled over both scales and wave pairs, the difference is clearly positive
        let differences = Self.results.changes.filter { $0.group == "any_support" && $0.scale != "support_quality" }.compactMap { row in
            Self.results.changes.first { $0.scale == row.scale && $0.fromWave == row.fromWave && $0.group == "no_support" }?.test
                .flatMap { none in row.test.map { $0.meanDifference - none.meanDifference } }
        }
        #expect(differences.count == 4 && differences.reduce(0, +) / 4 > 0.1)
    }

    /// Text answers of submitted and partial respondents (the demo's partial respondents stop
    /// before its last page, where the text questions are).
    @Test func freeTextIsExportedForCoding() throws {
        let texts = Self.results.freeText
        #expect(!texts.isEmpty && texts.allSatisfy { ["what_helped", "what_next"].contains($0.questionID) })
        #expect(texts.allSatisfy { $0.text.hasPrefix("(simulated answer) ") })
        let statuses = Dictionary(uniqueKeysWithValues: Self.demo.study.survey!.respondents.map { ($0.key, $0.status) })
        #expect(!texts.contains { statuses[SurveyRespondent.Key(wave: $0.wave, respondentID: $0.respondentID)] == .notStarted })
    }

    @Test func aStudyWithoutSurveyHasNoSurveyStage() {
        var study = Self.demo.study
        study.survey = nil
        #expect(SurveyAnalysis.run(study) == nil)
    }
}
