import Foundation
import LAEvalCore
import LAEvalData
import Testing
@testable import LAEvalStudy

/// The context stage on the demo study, where every effect is scaled by 1 − 0.25 z for the LA's
/// standardised deprivation z (DemoEffects.deprivationModifier): support achieves less where
/// deprivation is high, and nothing else in the context moderates it.
@Suite struct ContextAnalysisTests {
    static let demo = ImpactAnalysisTests.demo
    static let results = ContextAnalysis.run(demo.study, options: .init())

    /// Each slope alone is noisy (the planted modifier is a quarter of effects of 0.05 to 0.6 SD),
    /// so the test is on their average over programmes and outcomes, which must be negative.
    @Test func interactionsFindThePlantedDeprivationModifier() throws {
        let interactions = Self.results.interactions
        let plan = Self.demo.study.description.plan
        #expect(Set(interactions.map(\.moderator)) == Set(plan.moderators))
        let deprivation = interactions.filter { $0.moderator == "deprivation" && Programme(rawValue: $0.treatment) != nil }
        let mean = deprivation.map(\.perSD).reduce(0, +) / Double(deprivation.count)
        #expect(mean < 0)
        for i in interactions {
            #expect(i.pHolm >= i.p - 1e-15 && i.pHolm <= 1)
            #expect(i.se > 0)
        }
    }

    @Test func regionIsAModeratorWithoutATrend() throws {
        let regions = Self.results.moderations.filter { $0.moderator == ContextAnalysis.region }
        #expect(!regions.isEmpty)
        for m in regions {
            #expect(m.trend == nil)
            let names = Set(Self.demo.study.localAuthorities.map(\.regionName))
            #expect(m.subgroups.allSatisfy { names.contains($0.label) })
        }
        #expect(regions.contains { $0.heterogeneity != nil })
    }

    /// Thirds too small are listed even when empty; grades and regions no LA of the support is in are not.
    @Test func emptyGradesAndRegionsAreNotListedAsSkipped() {
        for m in Self.results.moderations where m.moderator == ContextAnalysis.region || m.moderator == ContextAnalysis.priorGrade {
            #expect(!m.skipped.contains { $0.hasSuffix("(0 treated)") })
        }
        #expect(Self.results.moderations.contains { m in m.moderator == ContextAnalysis.region && !m.skipped.isEmpty })
    }
}
