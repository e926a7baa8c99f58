import Foundation
import LAEvalCore
import LAEvalStats

/// The survey stage's output (`EvaluationResults.survey`; docs/methods/survey.md): response rates
/// and the pattern of non-response, Likert distributions of the latest wave, scale scores with
/// Cronbach's alpha, the paired change of LA-level scale scores between waves, and the free text
/// for coding. results.json keeps exact counts for the analyst; the published tables and reports
/// suppress small ones. The free text is not disclosure-controlled: it is for the evaluators.
public struct SurveyResults: Sendable, Codable, Equatable {
    public struct Wave: Sendable, Codable, Equatable {
        public var wave: Int
        public var opened: CalendarDate
        public var closed: CalendarDate
        public var questionnaire: String
        public var questionnaireVersion: Int
        public var questions: Int
        /// LAs with at least one respondent invited, and the respondents invited.
        public var las: Int
        public var respondents: Int
    }

    /// Who responded in one wave and group of LAs. Respondent-level: each person invited;
    /// LA-level: an LA responds if any of its respondents submitted.
    public struct ResponseRate: Sendable, Codable, Equatable {
        public var wave: Int
        /// `overall`, `region`, `grade` (the latest grade before the wave opened) or `programme`
        /// (LAs whose support of that programme began before the wave opened; `no_support`: none).
        public var breakdown: String
        public var group: String
        public var label: String
        public var respondents: Int
        public var submitted: Int
        public var partial: Int
        public var notStarted: Int
        public var las: Int
        public var lasResponding: Int

        public var respondentRate: Double? { respondents > 0 ? Double(submitted) / Double(respondents) : nil }
        public var laRate: Double? { las > 0 ? Double(lasResponding) / Double(las) : nil }
    }

    /// Whether an LA's responding is associated with a characteristic: Pearson's chi-square test
    /// of independence of responded (any submitted) × group, over the LAs invited in a wave.
    public struct NonResponseTest: Sendable, Codable, Equatable {
        public struct Group: Sendable, Codable, Equatable {
            public var group: String
            public var label: String
            public var las: Int
            public var responding: Int
        }

        public var wave: Int
        /// `grade`, `region`, or `programme:<programme>` (supported by it before the wave or not).
        public var factor: String
        public var groups: [Group]
        public var test: PearsonChiSquare?
    }

    /// Answers to one Likert item of the latest wave in one group, respondent-level.
    public struct LikertDistribution: Sendable, Codable, Equatable {
        public struct Point: Sendable, Codable, Equatable {
            public var value: String
            public var label: String
            public var count: Int

            public init(value: String, label: String, count: Int) {
                self.value = value
                self.label = label
                self.count = count
            }
        }

        public var wave: Int
        public var questionID: String
        public var text: String
        public var breakdown: String
        public var group: String
        public var label: String
        /// Respondents who answered the item (the total of `points`).
        public var respondents: Int
        public var points: [Point]

        /// Snake-case-safe keys for the acronyms (results.json is written in snake_case).
        enum CodingKeys: String, CodingKey {
            case wave, text, breakdown, group, label, respondents, points
            case questionID = "questionId"
        }

        public init(wave: Int, questionID: String, text: String, breakdown: String, group: String, label: String, respondents: Int, points: [Point]) {
            self.wave = wave
            self.questionID = questionID
            self.text = text
            self.breakdown = breakdown
            self.group = group
            self.label = label
            self.respondents = respondents
            self.points = points
        }
    }

    /// One scale in one wave: respondents' scale scores (mean of the items) and their consistency.
    public struct ScaleReliability: Sendable, Codable, Equatable {
        public var wave: Int
        public var scale: String
        public var items: [String]
        /// Submitted respondents who answered every item.
        public var respondents: Int
        /// LAs with a scale score (the mean over their respondents).
        public var las: Int
        public var meanScore: Double?
        public var sdScore: Double?
        /// Nil with fewer than three complete respondents or no variance.
        public var alpha: CronbachAlpha?
    }

    /// The paired change of LA-level scale scores from one wave to the next, for LAs with a score
    /// in both, in one group: all LAs, LAs with (any, or a programme's) support active at some
    /// time between the two waves opened, or LAs with none.
    public struct ScaleChange: Sendable, Codable, Equatable {
        public var scale: String
        public var fromWave: Int
        public var toWave: Int
        public var group: String
        public var label: String
        public var las: Int
        public var meanBefore: Double?
        public var meanAfter: Double?
        /// Nil with fewer than two LAs or changes that do not vary.
        public var test: PairedTTest?
    }

    /// One free-text answer, for coding by the evaluators (not for publication).
    public struct FreeText: Sendable, Codable, Equatable {
        public var wave: Int
        public var laCode: String
        public var respondentID: String
        public var questionID: String
        public var text: String

        /// Snake-case-safe keys for the acronyms (results.json is written in snake_case).
        enum CodingKeys: String, CodingKey {
            case wave, laCode, text
            case respondentID = "respondentId", questionID = "questionId"
        }
    }

    public var waves: [Wave]
    public var responseRates: [ResponseRate]
    public var nonResponse: [NonResponseTest]
    /// The wave the Likert distributions describe (the latest).
    public var likertWave: Int
    public var likert: [LikertDistribution]
    public var scales: [ScaleReliability]
    public var changes: [ScaleChange]
    public var freeText: [FreeText]
}
