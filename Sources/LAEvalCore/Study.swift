/// The years a study covers, as EES reporting years (years ending 31 March).
public struct StudyPeriod: Sendable, Hashable, Codable {
    public var firstYear: Int
    public var lastYear: Int

    public init(firstYear: Int, lastYear: Int) {
        self.firstYear = firstYear
        self.lastYear = lastYear
    }

    /// 1 April before the first reporting year to 31 March of the last.
    public var firstDay: CalendarDate { CalendarDate(year: firstYear - 1, month: 4, day: 1)! }
    public var lastDay: CalendarDate { CalendarDate.endOfReportingYear(lastYear) }

    public func contains(_ date: CalendarDate) -> Bool { firstDay <= date && date <= lastDay }
    public func contains(reportingYear year: Int) -> Bool { firstYear <= year && year <= lastYear }
}

/// How the study's set of LAs relates to DfE's dated lookup.
public struct LASetDefinition: Sendable, Hashable, Codable {
    /// How indicator rows' LA codes are checked.
    public enum Boundaries: String, Sendable, Codable, CaseIterable {
        /// Every year uses the LAs of the `asAt` date (back-series mapped to today's LAs, as the
        /// demo study does); indicator codes must be in the study's LA list.
        case harmonised
        /// Each year uses the LAs live in it (as DfE publishes): codes must be live in the lookup
        /// during that reporting year.
        case asPublished
    }

    /// The day the study's LA list is taken (codes must be live on it).
    public var asAt: CalendarDate
    public var boundaries: Boundaries
    /// Free text stating how reorganisations are mapped.
    public var mapping: String

    public init(asAt: CalendarDate, boundaries: Boundaries, mapping: String) {
        self.asAt = asAt
        self.boundaries = boundaries
        self.mapping = mapping
    }
}

/// An outcome the plan analyses: an indicator column of an indicator file, with optional
/// filter values selecting its rows.
public struct OutcomeSpec: Sendable, Hashable, Codable {
    public var indicator: String
    public var file: String
    public var polarity: Polarity
    public var filters: [String: String]
    /// Earlier names of the indicator's column (study.yaml `aliases`): a file that joins several
    /// releases where the column was renamed has both; each row takes the first of `indicator`
    /// and the aliases, in that order, that has a number.
    public var aliases: [String]

    public init(indicator: String, file: String, polarity: Polarity, filters: [String: String] = [:], aliases: [String] = []) {
        self.indicator = indicator
        self.file = file
        self.polarity = polarity
        self.filters = filters
        self.aliases = aliases
    }

    /// The indicator's column names, current name first.
    public var columnNames: [String] { [indicator] + aliases }

    enum CodingKeys: String, CodingKey { case indicator, file, polarity, filters, aliases }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        indicator = try container.decode(String.self, forKey: .indicator)
        file = try container.decode(String.self, forKey: .file)
        polarity = try container.decode(Polarity.self, forKey: .polarity)
        filters = try container.decode([String: String].self, forKey: .filters)
        aliases = try container.decodeIfPresent([String].self, forKey: .aliases) ?? []
    }
}

/// Economic parameters (HM Treasury Green Book defaults unless the study says otherwise).
public struct EconomicParameters: Sendable, Hashable, Codable {
    /// Financial year of the price base, e.g. 2024 for 2024-25 prices.
    public var priceBase: Int
    /// Annual discount rate (Green Book STPR 3.5%).
    public var discountRate: Double
    /// Named unit costs in GBP at the price base.
    public var unitCosts: [String: Double]
    /// A price index by year (e.g. HM Treasury's GDP deflator; keys like 2019 or 2019-20), to
    /// rebase costs recorded at other price bases (`economics.deflator`).
    public var deflator: [String: Double]
    /// Optimism bias uplift on costs, in percent (Green Book supplementary guidance; a support
    /// programme states its own and the sensitivity analysis varies it).
    public var optimismBias: Double
    /// Willingness to pay for one within-LA SD of improvement in one LA for one year (GBP), at
    /// which net monetary benefits and the acceptability curve are shown.
    public var thresholds: [Double]
    /// Monetised outcomes for the cost–benefit analysis: GBP per LA-year per unit of improvement
    /// of the indicator (e.g. agency staff costs avoided per percentage point), stated by the study.
    public var benefits: [String: Double]
    /// Years an effect is assumed to last after support ends (0: only while supported).
    public var benefitYears: Int

    public static let defaultThresholds: [Double] = [0, 25_000, 50_000, 100_000, 200_000, 400_000]

    public init(priceBase: Int, discountRate: Double = 0.035, unitCosts: [String: Double] = [:], deflator: [String: Double] = [:],
                optimismBias: Double = 0, thresholds: [Double] = defaultThresholds, benefits: [String: Double] = [:], benefitYears: Int = 0) {
        self.priceBase = priceBase
        self.discountRate = discountRate
        self.unitCosts = unitCosts
        self.deflator = deflator
        self.optimismBias = optimismBias
        self.thresholds = thresholds
        self.benefits = benefits
        self.benefitYears = benefitYears
    }
}

/// How the plan asks the impact stage to estimate (study.yaml `plan.impact`). Each setting is
/// the raw value of the impact stage's option of that name; nil takes laeval's default.
public struct ImpactPlan: Sendable, Hashable, Codable {
    public var design: String?
    public var control: String?
    public var estimator: String?
    public var anchor: String?
    public var overlap: String?
    public var population: String?
    /// Context columns of `local_authorities.csv` to condition on (Callaway–Sant'Anna's
    /// covariates, taken as time-constant LA characteristics).
    public var covariates: [String]

    /// The values each setting accepts (the impact stage's option values, checked against them by a test).
    public static let allowed: [(key: String, values: [String])] = [
        ("design", ["callawaySantAnna", "jointEventStudy", "jointImputation"]),
        ("control", ["notyet", "never"]),
        ("estimator", ["dr", "ipw", "reg"]),
        ("anchor", ["supportStart", "triggeringJudgement"]),
        ("overlap", ["keep", "excludeOtherProgrammes"]),
        ("population", ["all", "everInadequate"]),
    ]

    public init(design: String? = nil, control: String? = nil, estimator: String? = nil, anchor: String? = nil,
                overlap: String? = nil, population: String? = nil, covariates: [String] = []) {
        self.design = design
        self.control = control
        self.estimator = estimator
        self.anchor = anchor
        self.overlap = overlap
        self.population = population
        self.covariates = covariates
    }

    /// The settings given, in `allowed` order.
    public var settings: [(key: String, value: String)] {
        [("design", design), ("control", control), ("estimator", estimator), ("anchor", anchor), ("overlap", overlap),
         ("population", population)].compactMap { pair in pair.1.map { (pair.0, $0) } }
    }
}

/// Statistical neighbours (study.yaml `plan.neighbours`): each LA's k nearest LAs by a weighted
/// distance on standardised context columns of local_authorities.csv, or DfE's published
/// groupings when `published` names such a file in the study folder.
public struct NeighbourPlan: Sendable, Hashable, Codable {
    /// Context columns and their weights; empty means the plan's moderators, each with weight 1.
    public var variables: [String]
    public var weights: [Double]
    public var k: Int
    /// A DfE groupings file (2021 or 2025 layout) in the study folder, e.g. `neighbours.csv`.
    public var published: String?

    public init(variables: [String] = [], weights: [Double] = [], k: Int = 10, published: String? = nil) {
        self.variables = variables
        self.weights = weights
        self.k = k
        self.published = published
    }

    public var isDefault: Bool { self == NeighbourPlan() }
}

/// The analysis plan stated in `study.yaml`.
public struct AnalysisPlan: Sendable, Hashable, Codable {
    public var outcomes: [OutcomeSpec]
    /// Which support to compare, by programme or model raw value (e.g. `intervention`, `pipPartner`).
    public var comparisons: [String]
    /// Context variables that may change success (column names of `local_authorities.csv`).
    public var moderators: [String]
    public var economics: EconomicParameters
    public var impact: ImpactPlan
    /// States of the multi-state model of Ofsted grades (study.yaml `plan.judgements.states`):
    /// 4, one per grade (the default), or 3, with Outstanding merged into Good.
    public var judgementStates: Int
    /// How statistical neighbours are found (study.yaml `plan.neighbours`).
    public var neighbours: NeighbourPlan

    public init(outcomes: [OutcomeSpec], comparisons: [String], moderators: [String], economics: EconomicParameters,
                impact: ImpactPlan = ImpactPlan(), judgementStates: Int = 4, neighbours: NeighbourPlan = NeighbourPlan()) {
        self.outcomes = outcomes
        self.comparisons = comparisons
        self.moderators = moderators
        self.economics = economics
        self.impact = impact
        self.judgementStates = judgementStates
        self.neighbours = neighbours
    }
}

/// Everything `study.yaml` says about a study.
public struct StudyDescription: Sendable, Hashable, Codable {
    public var name: String
    public var period: StudyPeriod
    public var laSet: LASetDefinition
    public var plan: AnalysisPlan
    public var seed: UInt64
    /// True for simulated data (the demo): every output says so.
    public var simulated: Bool
    /// Counts from 1 to `disclosureThreshold − 1` are suppressed in published tables and charts
    /// (study.yaml `disclosure: threshold:`; 5 by default, as DfE's statistics do).
    public var disclosureThreshold: Int
    /// What the support register covers, by programme raw value (study.yaml `register_coverage`):
    /// a real register is rarely complete, and the reports say so in the study's own words.
    public var registerCoverage: [String: String]
    /// Context columns `laeval import` derives from the study's EES files (study.yaml
    /// `context_from`), in order: a later source may be a rate per 10,000 of an earlier one.
    public var contextFrom: [ContextSource]

    public init(name: String, period: StudyPeriod, laSet: LASetDefinition, plan: AnalysisPlan, seed: UInt64, simulated: Bool,
                disclosureThreshold: Int = 5, registerCoverage: [String: String] = [:], contextFrom: [ContextSource] = []) {
        self.name = name
        self.period = period
        self.laSet = laSet
        self.plan = plan
        self.seed = seed
        self.simulated = simulated
        self.disclosureThreshold = disclosureThreshold
        self.registerCoverage = registerCoverage
        self.contextFrom = contextFrom
    }
}

/// One context column of local_authorities.csv taken from an EES indicator file of the study
/// (study.yaml `context_from`): the LA value of `indicator` in reporting year `year` on the rows
/// matching `filters`, optionally per 10,000 of an earlier context column (e.g. children in need
/// per 10,000 children from the ONS child population) and optionally its natural logarithm.
public struct ContextSource: Sendable, Hashable, Codable {
    public var column: String
    /// The study's name of the indicator file (as given to `laeval import --indicator NAME=FILE`).
    public var file: String
    public var indicator: String
    /// The reporting year: the first year of the EES `time_period` (2019 for 201920).
    public var year: Int
    public var filters: [String: String]
    /// An earlier context column: the value becomes 10,000 × value / that column.
    public var per10000Of: String?
    /// Take the natural logarithm (for sizes such as populations).
    public var logarithm: Bool

    public init(column: String, file: String, indicator: String, year: Int, filters: [String: String] = [:],
                per10000Of: String? = nil, logarithm: Bool = false) {
        self.column = column
        self.file = file
        self.indicator = indicator
        self.year = year
        self.filters = filters
        self.per10000Of = per10000Of
        self.logarithm = logarithm
    }
}

/// A whole study: the description and every table of the study folder.
public struct Study: Sendable, Equatable {
    public var description: StudyDescription
    public var localAuthorities: [LocalAuthority]
    public var inspections: [Inspection]
    public var support: [SupportEpisode]
    public var costs: [Cost]
    public var indicatorFiles: [IndicatorFile]
    /// The longitudinal survey (`survey/`), when the study has one.
    public var survey: SurveyData?

    public init(description: StudyDescription, localAuthorities: [LocalAuthority], inspections: [Inspection],
                support: [SupportEpisode], costs: [Cost], indicatorFiles: [IndicatorFile], survey: SurveyData? = nil) {
        self.description = description
        self.localAuthorities = localAuthorities
        self.inspections = inspections
        self.support = support
        self.costs = costs
        self.indicatorFiles = indicatorFiles
        self.survey = survey
    }

    /// Context column names used by any LA, sorted.
    public var contextColumns: [String] {
        Array(Set(localAuthorities.flatMap { $0.context.keys })).sorted()
    }
}
