/// The longitudinal survey of LAs as the web service exports it into the study folder's
/// `survey/` (README, "The study folder"): the waves, each with the questionnaire it used, the
/// respondents invited in each wave and their progress, and every answer in tidy long form.
/// Answers are matched across waves by question id, so a later questionnaire version may add or
/// drop questions.
public struct SurveyData: Sendable, Equatable, Codable {
    public var waves: [SurveyWave]
    public var respondents: [SurveyRespondent]
    public var responses: [SurveyResponse]

    public init(waves: [SurveyWave], respondents: [SurveyRespondent], responses: [SurveyResponse]) {
        self.waves = waves
        self.respondents = respondents
        self.responses = responses
    }

    public func wave(_ number: Int) -> SurveyWave? { waves.first { $0.wave == number } }

    /// Each respondent's answers (question id: values, in file order), by wave and respondent id.
    public func answers() -> [SurveyRespondent.Key: Answers] {
        var result: [SurveyRespondent.Key: Answers] = [:]
        for response in responses {
            result[SurveyRespondent.Key(wave: response.wave, respondentID: response.respondentID), default: [:]][response.questionID, default: []]
                .append(response.value)
        }
        return result
    }
}

/// One wave of the survey: when it ran and which questionnaire it used (`survey/waves.csv`).
public struct SurveyWave: Sendable, Equatable, Codable {
    /// 1, 2, 3… in the order the waves ran.
    public var wave: Int
    /// The questionnaire's file name in `survey/`, e.g. `questionnaire-v1.yaml`.
    public var questionnaireFile: String
    public var questionnaire: Questionnaire
    public var opened: CalendarDate
    public var closed: CalendarDate

    public init(wave: Int, questionnaireFile: String, questionnaire: Questionnaire, opened: CalendarDate, closed: CalendarDate) {
        self.wave = wave
        self.questionnaireFile = questionnaireFile
        self.questionnaire = questionnaire
        self.opened = opened
        self.closed = closed
    }
}

/// How far a respondent got in a wave.
public enum SurveyStatus: String, Sendable, Codable, CaseIterable {
    case notStarted = "not_started"
    case partial
    case submitted
}

/// One person invited to answer one wave for one LA (`survey/respondents.csv`).
public struct SurveyRespondent: Sendable, Equatable, Codable {
    public struct Key: Sendable, Hashable {
        public var wave: Int
        public var respondentID: String

        public init(wave: Int, respondentID: String) {
            self.wave = wave
            self.respondentID = respondentID
        }
    }

    public var wave: Int
    public var respondentID: String
    public var laCode: String
    /// The respondent's role as the survey administrator recorded it (free text, may be blank).
    public var role: String
    public var status: SurveyStatus
    /// ISO 8601 timestamps as exported (blank when not started or not submitted).
    public var startedAt: String?
    public var submittedAt: String?

    public init(wave: Int, respondentID: String, laCode: String, role: String, status: SurveyStatus, startedAt: String?, submittedAt: String?) {
        self.wave = wave
        self.respondentID = respondentID
        self.laCode = laCode
        self.role = role
        self.status = status
        self.startedAt = startedAt
        self.submittedAt = submittedAt
    }

    public var key: Key { Key(wave: wave, respondentID: respondentID) }
}

/// One answer value (`survey/responses.csv`): a multiple-choice answer has one row per option chosen.
public struct SurveyResponse: Sendable, Equatable, Codable {
    public var wave: Int
    public var respondentID: String
    public var laCode: String
    public var questionID: String
    public var value: String

    public init(wave: Int, respondentID: String, laCode: String, questionID: String, value: String) {
        self.wave = wave
        self.respondentID = respondentID
        self.laCode = laCode
        self.questionID = questionID
        self.value = value
    }
}

/// An ISO 8601 date and time as the survey exports it: `2024-03-05T14:30:00Z`, with optional
/// seconds and fraction, and `Z`, an offset (`+01:00`, `+0100`) or no zone (taken as UTC); a
/// date alone is midnight.
public struct SurveyTimestamp: Sendable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSinceEpoch: Double

    public init?(iso text: String) {
        let characters = Array(text)
        guard characters.count >= 10, let date = CalendarDate(iso: String(characters[0..<10])) else { return nil }
        var seconds = Double(date.daysSinceEpoch) * 86_400
        var rest = characters[10...]
        guard !rest.isEmpty else {
            secondsSinceEpoch = seconds
            return
        }
        guard rest.first == "T" else { return nil }
        rest = rest.dropFirst()
        func digits(_ count: Int) -> Int? {
            guard rest.count >= count, rest.prefix(count).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            let value = Int(String(rest.prefix(count)))
            rest = rest.dropFirst(count)
            return value
        }
        guard let hour = digits(2), hour < 24, rest.first == ":" else { return nil }
        rest = rest.dropFirst()
        guard let minute = digits(2), minute < 60 else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if rest.first == ":" {
            rest = rest.dropFirst()
            guard let second = digits(2), second < 61 else { return nil }
            seconds += Double(second)
            if rest.first == "." {
                rest = rest.dropFirst()
                let fraction = rest.prefix { $0.isASCII && $0.isNumber }
                guard !fraction.isEmpty, let value = Double("0." + String(fraction)) else { return nil }
                seconds += value
                rest = rest.dropFirst(fraction.count)
            }
        }
        if rest.isEmpty || rest == ["Z"] {
            secondsSinceEpoch = seconds
            return
        }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        rest = rest.dropFirst()
        guard let offsetHours = digits(2), offsetHours < 24 else { return nil }
        if rest.first == ":" { rest = rest.dropFirst() }
        guard let offsetMinutes = digits(2), offsetMinutes < 60, rest.isEmpty else { return nil }
        let offset = Double(offsetHours * 3600 + offsetMinutes * 60)
        secondsSinceEpoch = seconds - (sign == "+" ? offset : -offset)
    }

    public static func < (lhs: SurveyTimestamp, rhs: SurveyTimestamp) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }
}
