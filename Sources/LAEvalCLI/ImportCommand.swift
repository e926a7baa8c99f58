import ArgumentParser
import Foundation
import LAEvalData

/// `laeval import`: a study folder from files as published.
public struct ImportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Build a study folder from official files as downloaded, a support register and a study.yaml.",
        discussion: """
        The LAs are those of DfE's lookup live on study.yaml's la_set.as_at date; inspections come
        from Ofsted's "LA inspection outcomes" .ods (the ILACS history sheet, LAs by ONS code only);
        the register is a support.csv in laeval's format; each EES file is copied with its National,
        Regional and LA rows inside the study period, with its .meta.csv when one is beside it (else
        the column types are inferred). Rows under an LA's earlier ONS code (the same DfE code: a
        code change without a boundary change, such as North Yorkshire in 2023) are placed under its
        code on as_at. Every row that cannot be placed (an LA not in the study, a date outside the
        period, an invalid register row) is printed with its reason and left out.
        The folder is validated before it is moved into place: an invalid import writes nothing.

        Examples:
          laeval import --study study.yaml --register support.csv --ofsted LA_Inspection_Outcomes_as_at_31_March_2025.ods \\
              --indicator c1=c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv --out my-study
        """
    )

    @Option(help: "The study.yaml to use.") public var study: String
    @Option(help: "The support register (support.csv format).") public var register: String?
    @Option(help: "Ofsted's LA inspection outcomes spreadsheet (.ods).") public var ofsted: String?
    @Option(help: "An EES file as NAME=PATH (NAME is the file's name in the study and in plan.outcomes); repeat for several.")
    public var indicator: [String] = []
    @Option(help: "A CSV of context columns: new_la_code, then numeric columns.") public var context: String?
    @Option(help: "The study folder to write.") public var out: String

    public init() {}

    public func run() throws {
        let files = try indicator.map { item -> (name: String, path: String) in
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CommandFailure("--indicator \(item): expected NAME=PATH, e.g. c1=c1_referrals.csv")
            }
            return (parts[0], parts[1])
        }
        let report: StudyImport.Report
        do {
            report = try StudyImport.run(.init(studyYAML: study, register: register, ofsted: ofsted, indicators: files, context: context), to: out)
        } catch let invalid as StudyInvalid {
            for problem in invalid.problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw CommandFailure("the import would not give a valid study (\(invalid.errors.count) errors above): nothing was written")
        } catch let problem as InputProblem {
            throw CommandFailure(problem.description)
        }
        for problem in report.notPlaced { print(problem) }
        print("\(report.notPlaced.count) notes above (rows left out or placed under an LA's current code, context gaps, inferred column types). Kept: \(report.localAuthorities) LAs, \(report.inspections) inspections, "
            + "\(report.episodes) support episodes, " + report.indicatorRows.map { "\($0.name) \($0.rows) rows" }.joined(separator: ", ") + ".")
        print("Wrote \(out)/ (validated: \(report.warnings.count) warnings). Next: laeval run \(out)")
    }
}
