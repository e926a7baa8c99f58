import Foundation
import LAEvalEstimators
import Testing

/// Statistical neighbours against base R (fixture by Validation/neighbours/make_fixtures.R):
/// `scale()` z-scores and `dist()` on √w·z for R's USArrests with unequal weights. The sets must be
/// identical and in the same order; distances and z-scores agree to 1e-12 relative.
@Suite struct StatisticalNeighbourTests {
    struct Fixture: Decodable {
        struct Set: Decodable { let unit: String; let neighbours: [String]; let distances: [Double]; let relative: [Double] }
        let units: [String]
        let variables: [String]
        let weights: [Double]
        let values: [[Double]]
        let z: [[Double]]
        let k: Int
        let sets: [Set]
    }

    static func fixture() throws -> Fixture {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/neighbours/usarrests.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    var variables: [NeighbourVariable] {
        get throws {
            let f = try Self.fixture()
            return zip(f.variables, f.weights).map { NeighbourVariable(name: $0, weight: $1) }
        }
    }

    @Test func zScoresMatchRScale() throws {
        let f = try Self.fixture()
        let z = try StatisticalNeighbours.standardise(units: f.units, values: f.values, variables: variables)
        for (mine, reference) in zip(z, f.z) {
            for (a, b) in zip(mine, reference) { #expect(Self.close(a, b)) }
        }
    }

    @Test func neighbourSetsMatchRDist() throws {
        let f = try Self.fixture()
        let sets = try StatisticalNeighbours.find(units: f.units, values: f.values, variables: variables, k: f.k)
        #expect(sets.count == f.sets.count)
        for (mine, reference) in zip(sets, f.sets) {
            #expect(mine.unit == reference.unit)
            #expect(mine.neighbours.map(\.unit) == reference.neighbours)
            for (n, (d, r)) in zip(mine.neighbours, zip(reference.distances, reference.relative)) {
                #expect(Self.close(n.distance, d))
                #expect(Self.close(n.relativeDistance, r))
            }
        }
    }

    @Test func zeroWeightIgnoresVariableAndTiesKeepInputOrder() throws {
        // x has mean 0, so B and C are exactly equally far from A once y has no weight.
        let units = ["A", "B", "C", "D", "E"]
        let values: [[Double]] = [[0, 0], [2, 5], [-2, -7], [4, 0], [-4, 1]]
        let sets = try StatisticalNeighbours.find(units: units, values: values,
                                                  variables: [.init(name: "x"), .init(name: "y", weight: 0)], k: 2)
        #expect(sets[0].neighbours.map(\.unit) == ["B", "C"])
        #expect(sets[0].neighbours[0].distance == sets[0].neighbours[1].distance)
        #expect(sets[3].neighbours.map(\.unit) == ["B", "A"])
        #expect(sets[3].neighbours[1].relativeDistance == 0.5)
    }

    @Test func badInputIsNamed() {
        let v = [NeighbourVariable(name: "deprivation"), NeighbourVariable(name: "rurality")]
        #expect(throws: StatisticalNeighbourError.missingValue(unit: "E06000002", variable: "rurality")) {
            try StatisticalNeighbours.find(units: ["E06000001", "E06000002", "E06000003"],
                                           values: [[1, 2], [2, .nan], [3, 1]], variables: v, k: 1)
        }
        #expect(throws: StatisticalNeighbourError.constantVariable("rurality")) {
            try StatisticalNeighbours.find(units: ["a", "b", "c"], values: [[1, 2], [2, 2], [3, 2]], variables: v, k: 1)
        }
        #expect(throws: StatisticalNeighbourError.tooFewUnits(units: 3, k: 3)) {
            try StatisticalNeighbours.find(units: ["a", "b", "c"], values: [[1, 2], [2, 1], [3, 2]], variables: v, k: 3)
        }
        #expect(StatisticalNeighbourError.tooFewUnits(units: 3, k: 3).description
                == "3 units cannot each have 3 neighbours: expected at least 4 units")
    }

    @Test func trajectoryMeanMedianAndGap() {
        let trajectory = NeighbourTrajectory(times: [2020, 2021, 2022], unit: [10, .nan, 14],
                                             neighbours: [[8, 9, 10], [12, .nan, 11], [7, 9, 30]])
        #expect(trajectory.points[0].neighbourMean == 9)
        #expect(trajectory.points[0].neighbourMedian == 8)
        #expect(trajectory.points[1].neighbourMedian == 9 && trajectory.points[1].neighbourCount == 2)
        #expect(trajectory.points[1].gap == nil)
        #expect(trajectory.points[2].gap == -3)
        #expect(trajectory.meanGap(over: 2020...2022) == -1.0)
    }
}
