import Foundation
import LAEvalCore
import Testing
@testable import LAEvalData

/// Each validation rule of the study folder, with its exact message and position.
@Suite struct StudyValidationTests {
    @Test func theTinyStudyIsValid() throws {
        #expect(try TinyStudy.problems { _ in } == [])
    }

    @Test func unknownLACode() throws {
        let problems = try TinyStudy.problems { files in
            for path in files.keys { files[path] = files[path]!.replacingOccurrences(of: "E06000003", with: "E06009999") }
            files.replace(in: "support.csv", "pipPartner,E06000001", with: "pipPartner,E08000035")
        }
        #expect(problems == [
            "local_authorities.csv:4:1: unknown LA code E06009999: not in DfE's LA lookup",
            "support.csv:3:4: unknown LA code E08000035: not in local_authorities.csv",
        ])
    }

    @Test func malformedLACodes() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "local_authorities.csv", "E06000003,807", with: "E0600003,807")
            files.replace(in: "local_authorities.csv", "E06000002,806", with: "E06000002,86")
            files.replace(in: "inspections.csv", "E06000001,2015-06-01", with: "X06000001,2015-06-01")
        }
        #expect(problems.contains("local_authorities.csv:3:2: malformed DfE LA code '86': expected 3 digits such as 373"))
        #expect(problems.contains("local_authorities.csv:4:1: malformed LA code 'E0600003': expected a 9-character ONS code such as E08000017"))
        #expect(problems.contains("inspections.csv:2:1: malformed LA code 'X06000001': expected a 9-character ONS code such as E08000017"))
    }

    @Test func onsAndDfECodesThatDisagree() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "local_authorities.csv", "E06000003,807", with: "E06000003,808")
        }
        #expect(problems.first == "local_authorities.csv:4:2: ONS code E06000003 and DfE code 808 disagree: DfE's lookup pairs E06000003 with 807")
    }

    @Test func disagreeingCodesInAnIndicatorFile() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "indicators/c1_referrals.csv", "2020,Reporting year,Local authority,E92000001,England,E12000001,North East,806,E06000002",
                          with: "2020,Reporting year,Local authority,E92000001,England,E12000001,North East,805,E06000002")
        }
        #expect(problems == ["indicators/c1_referrals.csv:3:8: ONS code E06000002 and DfE code 805 disagree: DfE's lookup pairs E06000002 with 806"])
    }

    @Test func anLANotInTheStudySetInAHarmonisedIndicatorFile() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "indicators/c1_referrals.csv", "806,E06000002,Middlesbrough,21.5", with: "383,E08000035,Leeds,20.5")
        }
        #expect(problems == ["indicators/c1_referrals.csv:3:9: LA code E08000035 is not in the study's LA set (local_authorities.csv): the study uses harmonised boundaries as at 2020-03-31"])
    }

    @Test func datesThatDoNotParseOrFallOutsideThePeriod() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "inspections.csv", "2015-06-01", with: "2015-06-31")
            files.replace(in: "inspections.csv", "2015-09-01", with: "2013-09-01")
            files.replace(in: "support.csv", "2016-05-01", with: "1/5/2016")
        }
        #expect(problems.contains("inspections.csv:2:2: inspection_date '2015-06-31' is not a date: expected YYYY-MM-DD"))
        #expect(problems.contains("inspections.csv:4:2: inspection_date 2013-09-01 is outside the study period 2014-04-01 to 2020-03-31"))
        #expect(problems.contains("support.csv:2:6: start_date '1/5/2016' is not a date: expected YYYY-MM-DD"))
    }

    @Test func unknownGradesProgrammesAndModels() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "inspections.csv", ",inadequate,", with: ",Inadequate,")
            files.replace(in: "support.csv", "intervention,improvementAdviser", with: "intervention,adviser")
            files.replace(in: "support.csv", "E06000003,partnersInPractice", with: "E06000003,pip")
        }
        #expect(problems.contains("inspections.csv:3:5: unknown grade 'Inadequate': expected outstanding, good, requiresImprovement or inadequate"))
        #expect(problems.contains("support.csv:2:3: unknown model 'adviser': expected commissioner, improvementAdviser, alternativeDeliveryModel, regionalAlliance, dfeImprovementLead, lgaLeadMember or pipPartner"))
        #expect(problems.contains("support.csv:3:2: unknown programme 'pip': expected intervention, improvement or partnersInPractice"))
    }

    @Test func aModelOfAnotherProgramme() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "support.csv", "intervention,improvementAdviser", with: "improvement,improvementAdviser")
        }
        #expect(problems.contains("support.csv:2:3: model improvementAdviser belongs to programme intervention, not improvement"))
    }

    @Test func supportThatEndsBeforeItStarts() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "support.csv", "2016-05-01,2018-03-31", with: "2016-05-01,2016-04-30")
        }
        #expect(problems == ["support.csv:2:7: support ends on 2016-04-30 before it starts on 2016-05-01"])
    }

    @Test func duplicateRows() throws {
        let problems = try TinyStudy.problems { files in
            files.appendLine(in: "support.csv", files.line(in: "support.csv", 2))
            files.appendLine(in: "inspections.csv", files.line(in: "inspections.csv", 3))
            files.appendLine(in: "local_authorities.csv", files.line(in: "local_authorities.csv", 2))
            files.appendLine(in: "costs.csv", files.line(in: "costs.csv", 2))
            files.appendLine(in: "indicators/c1_referrals.csv", files.line(in: "indicators/c1_referrals.csv", 2))
        }
        #expect(problems == [
            "local_authorities.csv:5:1: duplicate row: LA E06000001 is already on line 2",
            "inspections.csv:5:1: duplicate row: E06000002 already has a full on 2016-02-01 (line 3)",
            "support.csv:4:1: duplicate row: same as line 2",
            "costs.csv:4:1: duplicate row: same as line 2",
            "indicators/c1_referrals.csv:20:1: duplicate row: same time period, geography and filters as line 2",
        ])
    }

    @Test func raggedRows() throws {
        let problems = try TinyStudy.problems { files in
            files.setLine(in: "support.csv", 3, to: "E06000003,partnersInPractice,pipPartner")
            files.appendLine(in: "indicators/c1_referrals.csv", "2015,Reporting year,National,E92000001,England,,,,,,19.9,7")
        }
        #expect(problems == [
            "support.csv:3:4: row has 3 fields: expected 8 as in the header",
            "indicators/c1_referrals.csv:20:12: row has 12 fields: expected 11 as in the header",
        ])
    }

    @Test func nonNumericValuesThatAreNotEESSymbols() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "indicators/c1_referrals.csv", "Middlesbrough,21.5", with: "Middlesbrough,n/a")
            files.replace(in: "indicators/c1_referrals.csv", "Middlesbrough,21.4", with: "Middlesbrough,")
            files.replace(in: "indicators/c1_referrals.csv", "Middlesbrough,21.3", with: "Middlesbrough,:")
            files.replace(in: "local_authorities.csv", "0.33", with: "high")
        }
        #expect(problems == [
            "local_authorities.csv:3:7: 'high' in deprivation is not a number",
            "indicators/c1_referrals.csv:3:11: 'n/a' in indicator rereferral_percent is not a number or an EES symbol (c, x, z, low, k, u)",
            "indicators/c1_referrals.csv:6:11: empty value in indicator rereferral_percent: expected a number or an EES symbol (c, x, z, low, k, u)",
            "indicators/c1_referrals.csv:9:11: obsolete symbol ':' in indicator rereferral_percent: expected x (unavailable)",
        ])
    }

    @Test func indicatorsMissingFromTheMetadata() throws {
        let problems = try TinyStudy.problems { files in
            files["indicators/c1_referrals.meta.csv"] = "col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column\n"
        }
        #expect(problems == [
            "study.yaml:13:1: outcome rereferral_percent: indicators/c1_referrals.meta.csv has no Indicator row for it",
            "indicators/c1_referrals.csv:1:11: column rereferral_percent is not in the metadata file c1_referrals.meta.csv: expected a Filter or Indicator row for it",
        ])
    }

    @Test func anIndicatorFileWithoutMetadata() throws {
        let problems = try TinyStudy.problems { files in files["indicators/c1_referrals.meta.csv"] = nil }
        #expect(problems.contains("indicators/c1_referrals.csv:1:1: no metadata file: expected c1_referrals.meta.csv beside it"))
    }

    @Test func aPiPProviderNotRatedGoodOrBetterAtTheStart() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "inspections.csv", "E06000001,2015-06-01,sif,full,good", with: "E06000001,2015-06-01,sif,full,requiresImprovement")
        }
        #expect(problems == ["support.csv:3:4: PiP provider E06000001 (Hartlepool) is rated Requires improvement when this support starts on 2016-04-01: a Partner in Practice must be Good or Outstanding"])
    }

    @Test func aPiPProviderNotYetInspected() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "inspections.csv", "E06000001,2015-06-01", with: "E06000001,2016-06-01")
        }
        #expect(problems == ["support.csv:3:4: PiP provider E06000001 (Hartlepool) has no graded inspection before this support starts on 2016-04-01: a Partner in Practice must be Good or Outstanding"])
    }

    @Test func interventionWithoutAnInadequateJudgementIsAWarning() throws {
        let folder = try TinyStudy.folder { files in
            files.replace(in: "inspections.csv", ",inadequate,", with: ",requiresImprovement,")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loaded = try StudyReader.read(folder: folder)
        #expect(loaded.warnings.map(\.description) == [
            "support.csv:2:6: warning: intervention support starts on 2016-05-01 but E06000002 (Middlesbrough) has no Inadequate judgement before it",
        ])
        #expect(loaded.study.support.count == 2)
    }

    @Test func aGradedInspectionNeedsAGradeAndAVisitHasNone() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "inspections.csv", "2015-09-01,sif,full,requiresImprovement", with: "2015-09-01,sif,full,")
            files.appendLine(in: "inspections.csv", "E06000002,2016-09-01,sif,monitoringVisit,inadequate,,,,,")
        }
        #expect(problems == [
            "inspections.csv:4:5: a full inspection needs an overall grade: expected outstanding, good, requiresImprovement or inadequate",
            "inspections.csv:5:5: a monitoringVisit carries no grade: expected overall to be blank",
        ])
    }

    @Test func studyYAMLProblemsCarryLineAndColumn() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "study.yaml", "  first_year: 2015", with: "  first_yr: 2015")
            files.replace(in: "study.yaml", "boundaries: harmonised", with: "boundaries: merged")
        }
        #expect(problems == [
            "study.yaml:5:3: unknown key 'first_yr' in period: expected one of first_year, last_year",
            "study.yaml:5:3: period is missing the key first_year",
            "study.yaml:9:15: la_set.boundaries 'merged' is not valid: expected harmonised, asPublished",
        ])
    }

    @Test func aStudyWithOneBadRowLoadsNothing() throws {
        let folder = try TinyStudy.folder { files in
            files.replace(in: "costs.csv", "34000", with: "34,000")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var loaded: LoadedStudy?
        let error = #expect(throws: StudyInvalid.self) { loaded = try StudyReader.read(folder: folder) }
        #expect(loaded == nil)
        #expect(error?.problems.map(\.description) == ["costs.csv:2:8: row has 8 fields: expected 7 as in the header"])
        #expect(StudyReader.check(folder: folder).study == nil)
    }
}

/// Files saved by Excel or on Windows: CRLF line ends and a UTF-8 byte-order mark.
@Suite struct StudyEncodingTests {
    @Test func crlfAndByteOrderMarksReadTheSame() throws {
        let plain = try TinyStudy.folder()
        let windows = try TinyStudy.folder { files in
            for path in files.keys where path.hasSuffix(".csv") {
                files[path] = "\u{FEFF}" + files[path]!.replacingOccurrences(of: "\n", with: "\r\n")
            }
        }
        defer { for folder in [plain, windows] { try? FileManager.default.removeItem(atPath: folder) } }
        let a = try StudyReader.read(folder: plain), b = try StudyReader.read(folder: windows)
        #expect(b.warnings.isEmpty)
        #expect(a.study == b.study)
        #expect(StudyWriter.files(a.study).map(\.text) == StudyWriter.files(b.study).map(\.text))
    }

    @Test func problemsInCRLFFilesHaveTheSamePositions() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "support.csv", "2016-05-01,2018-03-31", with: "2016-05-01,2016-04-30")
            files["support.csv"] = "\u{FEFF}" + files["support.csv"]!.replacingOccurrences(of: "\n", with: "\r\n")
        }
        #expect(problems == ["support.csv:2:7: support ends on 2016-04-30 before it starts on 2016-05-01"])
    }
}

/// study.yaml's `plan.impact`: the impact stage's options and covariates, checked on reading.
@Suite struct ImpactPlanTests {
    @Test func theImpactBlockRoundTrips() throws {
        var study = TinyStudy.study
        study.description.plan.impact = ImpactPlan(control: "never", estimator: "ipw", anchor: "triggeringJudgement", covariates: ["deprivation"])
        let text = StudyYAML.text(study.description)
        #expect(text.contains("  impact:\n    control: never\n    estimator: ipw\n    anchor: triggeringJudgement\n    covariates: [\"deprivation\"]\n"))
        let folder = try TinyStudy.folder { files in files.replace(in: "study.yaml", StudyYAML.text(TinyStudy.study.description), with: text) }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try StudyReader.read(folder: folder).study.description.plan.impact == study.description.plan.impact)
    }

    @Test func badImpactSettingsAreErrorsWithTheirPosition() throws {
        let problems = try TinyStudy.problems { files in
            files.replace(in: "study.yaml", "  comparisons:", with: "  impact:\n    control: sometimes\n    covariates: [deprivation, size]\n  comparisons:")
        }
        #expect(problems.contains { $0.hasSuffix("plan.impact.control 'sometimes' is not valid: expected notyet, never") && $0.hasPrefix("study.yaml:") })
        let impactLines = problems.filter { $0.contains("plan.impact") }
        #expect(impactLines.count == 1, "a bad value stops the plan; covariates are checked once it reads: \(problems)")
        let covariate = try TinyStudy.problems { files in
            files.replace(in: "study.yaml", "  comparisons:", with: "  impact:\n    covariates: [deprivation, size]\n  comparisons:")
        }
        #expect(covariate.contains { $0.contains("plan.impact.covariates: size is not a context column of local_authorities.csv: expected one of deprivation") })
    }
}
