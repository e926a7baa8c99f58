import Foundation
import LAEvalCore
import LAEvalData
import LAEvalEstimators
import Testing
@testable import LAEvalStudy

/// The comparator stage on the demo study: statistical neighbours for every LA, every supported
/// LA beside its neighbours, and matched comparisons beside the DiD.
@Suite struct ComparatorAnalysisTests {
    static let study = ImpactAnalysisTests.demo.study
    static let results = ComparatorAnalysis.run(study, published: nil, impact: [])

    @Test func everyLAHasTenNeighboursAndEverySupportedLAIsCompared() throws {
        let neighbours = try #require(Self.results.neighbours)
        #expect(neighbours.source == "computed")
        #expect(neighbours.variables.map(\.name) == Self.study.description.plan.moderators, "the moderators by default")
        #expect(neighbours.sets.count == Self.study.localAuthorities.count && neighbours.withoutNeighbours.isEmpty)
        #expect(neighbours.sets.allSatisfy { set in set.neighbours.count == 10 && !set.neighbours.contains { $0.la == set.la } })
        let supported = Set(Self.study.support.map(\.laCode))
        let compared = Set(neighbours.comparisons.map(\.la))
        #expect(compared == supported)
        #expect(neighbours.comparisons.count == supported.count * Self.study.description.plan.outcomes.count)
        let first = try #require(neighbours.comparisons.first)
        #expect(first.trajectory.times.count == Self.study.description.period.lastYear - Self.study.description.period.firstYear + 1)
    }

    @Test func publishedGroupingsReplaceComputedOnesAndAreCompared() throws {
        let header = "old_la_code,la_name," + (1...10).map { "SN_\($0),SN_\($0)P" }.joined(separator: ",")
        let las = Self.study.localAuthorities
        let lines = las.indices.map { i in
            "\(las[i].oldCode),\"\(las[i].name)\"," + (1...10).map { "\(las[(i + $0) % las.count].oldCode),Close" }.joined(separator: ",")
        }
        let table = try CSVTable(bytes: Array(([header] + lines).joined(separator: "\n").utf8), file: "sn.csv")
        let neighbours = try NeighbourAnalysis.run(Self.study, published: PublishedNeighbourGroupings(table: table))
        #expect(neighbours.source == "published")
        #expect(neighbours.sets.first?.neighbours.map(\.la) == (1...10).map { las[$0].newCode })
        let agreement = try #require(neighbours.agreement)
        #expect(agreement.las == las.count && agreement.sharedCounts.reduce(0, +) == las.count)
    }

    @Test func matchedComparisonsAreBalancedAndFinite() {
        let matched = Self.results.matched
        #expect(Set(matched.map(\.programme)) == Set(Programme.allCases))
        #expect(matched.count == Programme.allCases.count * Self.study.description.plan.outcomes.count, "\(Self.results.failures)")
        for m in matched {
            #expect(m.se > 0 && m.se.isFinite && m.ciLower < m.att && m.att < m.ciUpper)
            #expect(m.treatedMatched >= 2 && m.controlsMatched >= 2)
            // matching improves balance on the outcome's own pre-period level
            let level = m.balance.first { $0.covariate == "pre-period level" }
            #expect(level.map { abs($0.smdAfter ?? .infinity) <= max(abs($0.smdBefore ?? 0), 0.25) } == true, "\(m.programme) \(m.indicator)")
        }
    }
}
