import LAEvalEstimators
import LAEvalStats
import Testing

/// Bad survival input is refused with an error naming the first offending row (1-based).
@Suite struct SurvivalInputTests {
    static func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as SurvivalDataError { return error.description } catch { return "unexpected \(error)" }
        return nil
    }

    @Test func rightCensoredTimesAndLengths() {
        #expect(Self.message { _ = try KaplanMeier.fit(time: [3, -1, 2], event: [true, false, true]) }
            == "row 2: time -1.0 is negative")
        #expect(Self.message { _ = try KaplanMeier.fit(time: [3, 1, .nan], event: [true, false, true]) }
            == "row 3: time is not a finite number")
        #expect(Self.message { _ = try KaplanMeier.fit(time: [3, 1, 2], event: [true, false]) }
            == "event has 2 values but there are 3 rows")
        #expect(Self.message { _ = try KaplanMeier.fit(time: [], event: []) } == "survival data need at least one row")
        #expect(Self.message { _ = try KaplanMeier.fit(time: [1], event: [true], confidenceLevel: 1) }
            == "confidence level 1.0 is not between 0 and 1")
        #expect(Self.message { _ = try LogRankTest.test(time: [1, 2], event: [true, true], group: ["a"]) }
            == "group has 1 values but there are 2 rows")
        #expect(Self.message { _ = try LogRankTest.test(time: [1, 2], event: [true, true], group: ["a", "b"], strata: ["x"]) }
            == "strata has 1 values but there are 2 rows")
    }

    @Test func eventCodes() throws {
        #expect(try SurvivalData.eventIndicator([0, 1, 1]) == [false, true, true])
        #expect(Self.message { _ = try SurvivalData.eventIndicator([0, 2, 1]) } == "row 2: event 2.0 is not 0 or 1")
    }

    @Test func coxData() {
        let x = Matrix(columns: [[1, 2, 3]])
        #expect(Self.message { _ = try CoxData(start: [0, 2, 0], stop: [1, 2, 4], event: [true, false, true], covariates: x, names: ["z"]) }
            == "row 2: stop 2.0 is not after start 2.0")
        #expect(Self.message { _ = try CoxData(start: [0, .infinity, 0], stop: [1, 3, 4], event: [true, false, true], covariates: x, names: ["z"]) }
            == "row 2: start is not a finite number")
        #expect(Self.message { _ = try CoxData(stop: [1, 3, -4], event: [true, false, true], covariates: x, names: ["z"]) }
            == "row 3: stop -4.0 is negative")
        #expect(Self.message { _ = try CoxData(stop: [1, 3], event: [true, false, true], covariates: x, names: ["z"]) }
            == "event has 3 values but there are 2 rows")
        #expect(Self.message { _ = try CoxData(stop: [1, 3, 4], event: [true, false, true], covariates: x, names: ["z"], cluster: ["a"]) }
            == "cluster has 1 values but there are 3 rows")
        #expect(Self.message { _ = try CoxData(stop: [1, 3, 4], event: [true, false, true], covariates: x, names: ["z", "w"]) }
            == "2 covariate names for 1 covariate columns")
        #expect(Self.message { _ = try CoxData(stop: [1, 3, 4], event: [true, false, true], covariates: Matrix(columns: [[1, .nan, 3]]), names: ["age"]) }
            == "row 2: covariate age is not a finite number")
        #expect(Self.message { _ = try CoxData(stop: [1, 3, 4], event: [false, false, false], covariates: x, names: ["z"]) }
            == "there are no events")
    }

    /// A tiny hand-checkable case: with no ties and one covariate the Kaplan–Meier steps are 1 − 1/nᵢ.
    @Test func kaplanMeierSteps() throws {
        let curve = try #require(try KaplanMeier.fit(time: [1, 2, 3, 4], event: [true, false, true, true]).first)
        #expect(curve.survival == [0.75, 0.75, 0.375, 0])
        #expect(curve.atRisk == [4, 3, 2, 1])
        #expect(curve.standardError.last!.isNaN && curve.lower.last!.isNaN)
        #expect(curve.median.estimate == 3)
    }
}
