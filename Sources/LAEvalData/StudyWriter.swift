import Foundation
import LAEvalCore

/// Writes a study folder. The folder is written beside its destination and moved into place
/// only when complete, so an interrupted write never leaves a half-written study.
public enum StudyWriter {
    /// The text of each file of the study folder, by relative path.
    public static func files(_ study: Study) -> [(path: String, text: String)] {
        var result: [(String, String)] = [
            (StudyYAML.fileName, StudyYAML.text(study.description)),
            (StudyTables.localAuthoritiesFile, localAuthoritiesText(study)),
            (StudyTables.inspectionsFile, inspectionsText(study.inspections)),
            (StudyTables.supportFile, supportText(study.support)),
            (StudyTables.costsFile, costsText(study.costs)),
        ]
        for file in study.indicatorFiles {
            result.append(("\(StudyTables.indicatorsFolder)/\(file.name).csv", EESWriter.dataText(file.table)))
            result.append(("\(StudyTables.indicatorsFolder)/\(file.name).meta.csv", EESWriter.metaText(file.meta)))
        }
        if let survey = study.survey { result += surveyFiles(survey) }
        return result
    }

    /// Writes the study to `folder`, replacing any folder already there.
    public static func write(_ study: Study, to folder: String, extraFiles: [(path: String, text: String)] = []) throws {
        try AtomicFolder.write(files(study) + extraFiles, to: folder)
    }

    /// `survey/`: waves.csv, each wave's questionnaire (once per file), respondents.csv, responses.csv.
    static func surveyFiles(_ survey: SurveyData) -> [(String, String)] {
        var waves = CSVWriter(), respondents = CSVWriter(), responses = CSVWriter()
        var files: [(String, String)] = []
        waves.write(StudyTables.surveyWaveColumns)
        for wave in survey.waves {
            waves.write([String(wave.wave), wave.questionnaireFile, wave.opened.description, wave.closed.description])
            let path = "\(StudyTables.surveyFolder)/\(wave.questionnaireFile)"
            if !files.contains(where: { $0.0 == path }) { files.append((path, QuestionnaireYAML.text(wave.questionnaire))) }
        }
        respondents.write(StudyTables.surveyRespondentColumns)
        for r in survey.respondents {
            respondents.write([String(r.wave), r.respondentID, r.laCode, r.role, r.status.rawValue, r.startedAt ?? "", r.submittedAt ?? ""])
        }
        responses.write(StudyTables.surveyResponseColumns)
        for r in survey.responses {
            responses.write([String(r.wave), r.respondentID, r.laCode, r.questionID, r.value])
        }
        return [(StudyTables.surveyWavesFile, waves.text)] + files
            + [(StudyTables.surveyRespondentsFile, respondents.text), (StudyTables.surveyResponsesFile, responses.text)]
    }

    static func localAuthoritiesText(_ study: Study) -> String {
        let contextColumns = study.contextColumns
        var writer = CSVWriter()
        writer.write(StudyTables.localAuthorityColumns + contextColumns)
        for la in study.localAuthorities {
            writer.write([la.newCode, la.oldCode, la.name, la.regionCode, la.regionName, la.alliance]
                + contextColumns.map { la.context[$0].map(NumberText.format) ?? "" })
        }
        return writer.text
    }

    static func inspectionsText(_ inspections: [Inspection]) -> String {
        var writer = CSVWriter()
        writer.write(StudyTables.inspectionColumns)
        for inspection in inspections {
            writer.write([inspection.laCode, inspection.date.description, inspection.framework.rawValue, inspection.kind.rawValue,
                          inspection.overall?.rawValue ?? ""]
                + SubJudgement.allCases.map { inspection.subJudgements[$0]?.rawValue ?? "" })
        }
        return writer.text
    }

    static func supportText(_ support: [SupportEpisode]) -> String {
        var writer = CSVWriter()
        writer.write(StudyTables.supportColumns)
        for episode in support {
            writer.write([episode.laCode, episode.programme.rawValue, episode.model.rawValue, episode.providerLACode ?? "",
                          episode.activities.map(\.rawValue).joined(separator: String(StudyTables.activitySeparator)),
                          episode.start.description, episode.end?.description ?? "",
                          episode.intensity.map(NumberText.format) ?? ""])
        }
        return writer.text
    }

    static func costsText(_ costs: [Cost]) -> String {
        var writer = CSVWriter()
        writer.write(StudyTables.costColumns)
        for cost in costs {
            writer.write([cost.programme.rawValue, cost.model?.rawValue ?? "", cost.laCode ?? "", String(cost.timePeriod),
                          NumberText.format(cost.amountGBP), String(cost.priceBase), cost.kind.rawValue])
        }
        return writer.text
    }
}

/// Writes one file atomically: to a temporary sibling, then renamed into place.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}

/// Writes a set of files as one folder, atomically from the reader's point of view: into a
/// hidden sibling first, then renamed over the destination.
public enum AtomicFolder {
    public static func write(_ files: [(path: String, text: String)], to folder: String) throws {
        let manager = FileManager.default
        let destination = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = destination.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? manager.removeItem(at: staging)
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url)
            }
            if manager.fileExists(atPath: destination.path) {
                let old = parent.appendingPathComponent(".\(destination.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
                try manager.moveItem(at: destination, to: old)
                try manager.moveItem(at: staging, to: destination)
                try manager.removeItem(at: old)
            } else {
                try manager.moveItem(at: staging, to: destination)
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
    }
}
