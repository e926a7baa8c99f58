import Foundation
import LAEvalCore
import LAEvalData
import LAEvalEstimators
import LAEvalStats
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

    @Test func everyCommissionerAndTrustLAHasASyntheticControlOnEveryOutcome() throws {
        let treated = Set(Self.study.support.filter { SyntheticComparators.models.contains($0.model) }.map(\.laCode))
        let synthetic = Self.results.synthetic
        #expect(synthetic.count + Self.results.syntheticFailures.count == treated.count * Self.study.description.plan.outcomes.count)
        #expect(synthetic.count >= Self.results.syntheticFailures.count * 10, "\(Self.results.syntheticFailures)")
        for c in synthetic {
            #expect(c.pValue > 0 && c.pValue <= 1 && c.pValue >= 1 / Double(c.placebos + 1) - 1e-12)
            #expect(abs(c.weights.map(\.weight).reduce(0, +) - 1) < 1e-2, "weights above 0.001 carry nearly all the weight")
            #expect(c.years.indices.allSatisfy { c.placeboLower[$0] <= c.placeboMedian[$0] && c.placeboMedian[$0] <= c.placeboUpper[$0] })
            #expect(c.retainedPlacebos <= c.placebos && c.donors == c.placebos && c.bandPlacebos >= min(c.placebos, SyntheticComparators.minimumBandPlacebos))
        }
    }

    /// The donor weights solve the simplex least squares on the three scaled pre-period summaries
    /// (overall mean, earlier-half mean, last year) with equal weights.
    @Test func theSyntheticControlFitsThePrePeriodSummaries() throws {
        let c = try #require(Self.results.synthetic.first { $0.preRMSPE > 0.5 })
        let outcome = try #require(Self.study.description.plan.outcomes.first { $0.indicator == c.indicator })
        let matrix = try #require(OutcomeMatrix(Self.study, outcome))
        let intervention = Set(Self.study.support.filter { $0.programme == .intervention }.map(\.laCode))
        let donors = Self.study.localAuthorities.map(\.newCode).filter { code in
            !intervention.contains(code) && c.years.allSatisfy { matrix.series(code)[matrix.index(of: $0)!].isFinite }
        }
        #expect(donors.count == c.donors)
        let pre = c.years.filter { $0 < c.startYear }
        func summaries(_ code: String) -> [Double] {
            let values = pre.map { matrix.series(code)[matrix.index(of: $0)!] }
            let half = Array(values.prefix(values.count / 2))
            return [values.reduce(0, +) / Double(values.count), half.reduce(0, +) / Double(half.count), values.last!]
        }
        let rows = ([c.la] + donors).map(summaries)
        let scale = (0..<3).map { k -> Double in
            let column = rows.map { $0[k] }, mean = column.reduce(0, +) / Double(column.count)
            return (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count - 1)).squareRoot()
        }
        let design = Matrix(columns: donors.indices.map { j in (0..<3).map { rows[j + 1][$0] / scale[$0] } })
        let best = SimplexLeastSquares.solve(design: design, target: (0..<3).map { rows[0][$0] / scale[$0] })
        let reported = Dictionary(uniqueKeysWithValues: c.weights.map { ($0.la, $0.weight) })
        for (j, code) in donors.enumerated() where best.weights[j] > 0.001 {
            #expect(abs((reported[code] ?? 0) - best.weights[j]) < 1e-9, "\(code)")
        }
    }

    /// results.json writes snake_case keys; the comparator results read back unchanged
    /// (acronyms such as RMSPE and ATT need their own coding keys).
    @Test func resultsRoundTripThroughSnakeCaseJSON() throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let data = try encoder.encode(Self.results)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"pre_rmspe\"") && text.contains("\"p_value_retained\""))
        #expect(try decoder.decode(ComparatorResults.self, from: data) == Self.results)
    }
}
