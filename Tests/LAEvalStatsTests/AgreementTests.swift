import Foundation
import LAEvalStats
import Testing

/// Agreement statistics against Validation/agreement/make_fixtures.py: scikit-learn's
/// cohen_kappa_score and the krippendorff package (0.9.0, nominal) on Krippendorff's (2011)
/// example and on psych's bfi items read as five coders; tolerance 1e-9.
@Suite struct AgreementTests {
    struct Fixture: Decodable {
        struct Pair: Decodable { let first: Int; let second: Int; let units: Int; let percentAgreement: Double; let cohensKappa: Double }
        struct Dataset: Decodable { let name: String; let coders: [[String?]]; let krippendorffAlphaNominal: Double; let pairs: [Pair] }
        let datasets: [Dataset]
    }

    static func fixture() throws -> Fixture {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Fixture.self, from: FixtureFiles.data("agreement/agreement.json"))
    }

    @Test func matchesKrippendorffAndScikitLearn() throws {
        for dataset in try Self.fixture().datasets {
            let units = dataset.coders[0].indices.map { u in dataset.coders.map { $0[u] } }
            let alpha = try #require(Agreement.krippendorffAlphaNominal(units))
            #expect(abs(alpha - dataset.krippendorffAlphaNominal) < 1e-9, "\(dataset.name): alpha \(alpha)")
            for pair in dataset.pairs {
                let (a, b) = (dataset.coders[pair.first], dataset.coders[pair.second])
                #expect(abs(try #require(Agreement.percentAgreement(a, b)) - pair.percentAgreement) < 1e-9)
                #expect(abs(try #require(Agreement.cohensKappa(a, b)) - pair.cohensKappa) < 1e-9, "\(dataset.name) \(pair.first)-\(pair.second)")
            }
        }
    }

    @Test func edgeCases() {
        #expect(Agreement.cohensKappa(["a", "a"], ["a", "a"]) == nil)
        #expect(Agreement.cohensKappa([nil, "a"], ["b", nil]) == nil)
        #expect(Agreement.cohensKappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1)
        #expect(Agreement.krippendorffAlphaNominal([["a", nil], [nil, "b"]]) == nil)
        #expect(Agreement.krippendorffAlphaNominal([["a", "a"], ["b", "b"], ["c", "c"]]) == 1)
        #expect(Agreement.percentAgreement(["a", "b", nil], ["a", "c", "c"]) == 0.5)
    }
}
