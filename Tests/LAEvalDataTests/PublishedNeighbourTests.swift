import Foundation
import LAEvalData
import Testing

/// DfE's published statistical neighbour groupings, read from the real 2021 and 2025 files in
/// `../shared/data/ees/` (skipped when the folder is absent), and bad input on small files.
@Suite("Published statistical neighbour groupings")
struct PublishedNeighbourTests {
    @Test(.enabled(if: RealFiles.available, "../shared/data/ees is absent"))
    func readsThe2025Model() throws {
        let groupings = try PublishedNeighbourGroupings(path: RealFiles.path("sn_model_2025_wide.csv"), displayName: "sn_model_2025_wide.csv")
        #expect(groupings.entries.count == 153)
        let barnet = try #require(groupings.neighbours(of: "302"))
        #expect(barnet.map(\.code) == ["320", "870", "310", "317", "315", "306", "209", "312", "309", "307"])
        #expect(barnet.allSatisfy { $0.band == "Close" })
        let bands = Set(groupings.entries.flatMap { $0.neighbours.map(\.band) })
        #expect(bands.isSubset(of: Set(PublishedNeighbourGroupings.bands)))
    }

    @Test(.enabled(if: RealFiles.available, "../shared/data/ees is absent"))
    func readsThe2021ModelWithItsOldSection() throws {
        let groupings = try PublishedNeighbourGroupings(path: RealFiles.path("New_Statistical_Neighbour_Groupings_April_2021.csv"),
                                                        displayName: "New_Statistical_Neighbour_Groupings_April_2021.csv")
        let city = try #require(groupings.neighbours(of: "201"))
        #expect(city.first == .init(code: "207", band: "Not close"))
        #expect(city.allSatisfy { $0.band == "Not close" })
        // The pre-reorganisation LAs listed under "Old SNs:" are read too.
        #expect(groupings.neighbours(of: "928")?.first?.code == "886")
        #expect(groupings.entries.allSatisfy { $0.neighbours.count == 10 })
    }

    @Test func badBandIsNamedWithLineAndColumn() throws {
        let header = "old_la_code,la_name," + (1...10).map { "SN_\($0),SN_\($0)P" }.joined(separator: ",")
        let row = "302,Barnet," + (1...10).map { $0 == 3 ? "310,Near" : "320,Close" }.joined(separator: ",")
        let table = try CSVTable(bytes: Array((header + "\n" + row + "\n").utf8), file: "sn.csv")
        #expect(throws: InputProblem(file: "sn.csv", line: 2, column: 8,
                                     message: "closeness band 'Near' of LA 302 is not one of Extremely close, Very close, Close, Somewhat close, Not close")) {
            try PublishedNeighbourGroupings(table: table)
        }
        let noColumns = try CSVTable(bytes: Array("old_la_code,la_name,SN_1\n".utf8), file: "sn.csv")
        #expect(throws: InputProblem(file: "sn.csv", line: 1, column: 1,
                                     message: "expected neighbour columns SN1…SN10 (or SN_1…SN_10), each followed by its closeness band")) {
            try PublishedNeighbourGroupings(table: noColumns)
        }
    }
}
