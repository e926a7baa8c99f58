import Foundation
import LAEvalCore
import Testing
@testable import LAEvalData

/// The demo study: determinism, lossless round trip, and the rules of design.md §5.
@Suite struct DemoStudyTests {
    static let demo = DemoStudy()
    static let files: [(path: String, text: String)] = try! demo.files()

    @Test func sameSeedGivesByteIdenticalFiles() throws {
        let again = try DemoStudy().files()
        #expect(again.map(\.path) == Self.files.map(\.path))
        for (first, second) in zip(Self.files, again) {
            let same = first.text == second.text
            #expect(same, "\(first.path) differs between two runs with the same seed")
        }
    }

    @Test func anotherSeedGivesOtherData() throws {
        let other = try DemoStudy(seed: 7).files()
        let differing = zip(Self.files, other).filter { $0.text != $1.text }.map(\.0.path)
        #expect(differing.contains("inspections.csv"))
        #expect(differing.contains("support.csv"))
        #expect(differing.contains("indicators/c1_referrals.csv"))
    }

    @Test func writeReadWriteIsByteIdentical() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("laeval-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFolder.write(Self.files, to: folder)
        let loaded = try StudyReader.read(folder: folder)
        let sameStudy = loaded.study == Self.demo.study
        #expect(sameStudy, "the study read back differs from the one written")
        let rewritten = StudyWriter.files(loaded.study)
        let original = StudyWriter.files(Self.demo.study)
        #expect(rewritten.map(\.path) == original.map(\.path))
        for (first, second) in zip(original, rewritten) {
            let same = first.text == second.text
            #expect(same, "\(first.path) changed on the round trip")
        }
        for file in original {
            let onDisk = try String(contentsOfFile: (folder as NSString).appendingPathComponent(file.path), encoding: .utf8)
            let same = onDisk == file.text
            #expect(same, "\(file.path) on disk differs")
        }
    }

    @Test func theDemoValidatesWithoutErrorsOrWarnings() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("laeval-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFolder.write(Self.files, to: folder)
        #expect(StudyReader.check(folder: folder).problems.map(\.description) == [])
    }

    @Test func everyLiveEnglishLAIsInTheDemo() {
        let las = Self.demo.study.localAuthorities
        #expect(las.count == 153)
        #expect(Set(las.map(\.newCode)) == Set(LALookup.dfe.live(on: CalendarDate(iso: "2025-03-31")!).map(\.newCode)))
    }

    @Test func fifteenPartnersInPracticeEachSupportingSixToTenLAs() {
        let pip = Self.demo.study.support.filter { $0.model == .pipPartner }
        let byProvider = Dictionary(grouping: pip, by: { $0.providerLACode! })
        #expect(byProvider.count == 15)
        #expect(Self.demo.truth.partnersInPractice.count == 15)
        for (provider, episodes) in byProvider {
            let supported = Set(episodes.map(\.laCode))
            #expect((6...10).contains(supported.count), "PiP \(provider) supports \(supported.count) LAs")
            #expect(!supported.contains(provider))
        }
    }

    @Test func noPartnerInPracticeIsBelowGoodWhenItsSupportStarts() {
        let study = Self.demo.study
        for episode in study.support where episode.model == .pipPartner {
            let grade = study.inspections.gradeInForce(for: episode.providerLACode!, on: episode.start)
            #expect(grade?.isGoodOrBetter == true, "provider \(episode.providerLACode!) is \(String(describing: grade)) on \(episode.start)")
        }
    }

    @Test func everyInterventionFollowsAnInadequateJudgement() {
        let study = Self.demo.study
        let interventions = study.support.filter { $0.programme == .intervention }
        #expect(interventions.count >= 20)
        for episode in interventions {
            let inadequate = study.inspections.contains { $0.laCode == episode.laCode && $0.overall == .inadequate && $0.date <= episode.start }
            #expect(inadequate, "\(episode.model) for \(episode.laCode) from \(episode.start)")
        }
        #expect(interventions.contains { $0.model == .commissioner })
        #expect(interventions.contains { $0.model == .alternativeDeliveryModel })
    }

    @Test func improvementSupportFollowsRequiresImprovement() {
        let study = Self.demo.study
        for episode in study.support where episode.model == .dfeImprovementLead || episode.model == .lgaLeadMember {
            let grade = study.inspections.gradeInForce(for: episode.laCode, on: episode.start)
            #expect(grade == .requiresImprovement, "\(episode.model) for \(episode.laCode) from \(episode.start) with \(String(describing: grade))")
        }
    }

    @Test func everyLAIsPresentEveryYearInEveryIndicatorFile() {
        let codes = Set(Self.demo.study.localAuthorities.map(\.newCode))
        for file in Self.demo.study.indicatorFiles {
            let levels = file.table.text("geographic_level")!, years = file.table.text("time_period")!, la = file.table.text("new_la_code")!
            for year in 2011...2025 {
                let present = Set(levels.indices.filter { levels[$0] == "Local authority" && years[$0] == String(year) }.map { la[$0] })
                #expect(present == codes, "\(file.name) \(year) lacks \(codes.subtracting(present).sorted())")
            }
        }
        #expect(Set(Self.demo.study.indicatorFiles.flatMap(\.table.indicatorNames)).count >= 10)
    }

    @Test func suppressedCellsUseEESSymbols() {
        var symbols = Set<EESSymbol>()
        for file in Self.demo.study.indicatorFiles {
            for name in file.table.indicatorNames {
                for case .missing(let symbol) in file.table.indicator(name)! { symbols.insert(symbol) }
            }
        }
        #expect(symbols.isSuperset(of: [.confidential, .unavailable, .notApplicable, .low, .lowReliability]))
    }

    @Test func inspectionHistoriesLookLikeOfsted() {
        let inspections = Self.demo.study.inspections
        #expect(inspections.allSatisfy { ($0.framework == .sif) == ($0.date < CalendarDate(iso: "2018-01-01")!) })
        #expect(inspections.allSatisfy { $0.kind.isGraded == ($0.overall != nil) })
        let codes = Set(inspections.filter { $0.framework == .sif && $0.overall != nil }.map(\.laCode))
        #expect(codes.count == 153, "every LA has a SIF inspection")
        let pause = inspections.filter { $0.overall != nil && $0.date > CalendarDate(iso: "2020-03-17")! && $0.date <= CalendarDate(iso: "2021-03-31")! }
        #expect(pause.isEmpty, "no graded inspections in the Covid pause")
        let sif = inspections.filter { $0.framework == .sif }.compactMap(\.overall)
        let inadequateShare = Double(sif.filter { $0 == .inadequate }.count) / Double(sif.count)
        #expect((0.1...0.3).contains(inadequateShare))
    }

    @Test func truthRecordsEffectsByEventTime() throws {
        let truth = Self.demo.truth
        #expect(truth.simulated)
        let adviser = truth.effectsByEventTime.filter { $0.indicator == "rereferral_percent" && $0.model == .improvementAdviser }
        #expect(adviser.first?.eventTime == 0)
        // re-referrals fall (lower is better) and the effect grows to full strength
        #expect(adviser.allSatisfy { $0.att <= 0 })
        #expect(adviser.count > 3 && adviser[3].att < adviser[0].att)
        #expect(try truth.json().contains("\"simulated\" : true"))
    }

    @Test func costsAreAtRealisticMagnitudes() {
        let costs = Self.demo.study.costs
        let total = costs.reduce(0) { $0 + $1.amountGBP }
        #expect((50_000_000...500_000_000).contains(total), "total \(total)")
        let pipGrants = costs.filter { $0.model == .pipPartner && $0.kind == .grant }
        #expect(pipGrants.allSatisfy { (1_000_000...3_000_000).contains($0.amountGBP) })
        #expect(Set(costs.map(\.programme)) == Set(Programme.allCases))
    }
}
