import Foundation
import LAEvalCore
import LAEvalStats

/// The continuous-time Markov process behind the demo's Ofsted grades: the truth that the
/// multi-state model of the study (`laeval run`'s judgement analysis) should recover.
///
/// Each LA's services are in one of the four grades at every moment and move only between
/// adjacent grades. The intensity of a move (per year) is the baseline below, times
/// `exp(deprivationLogHazard × z)` for the LA's standardised deprivation z, times the hazard
/// ratio of every support model active that day (improving moves and declining moves have
/// their own ratios). Ofsted's graded inspections observe the grade at their date without
/// error, so the grades are panel observations of this process (Kalbfleisch & Lawless 1985).
public struct PlantedGradeProcess: Sendable, Codable, Equatable {
    public struct Intensity: Sendable, Codable, Equatable {
        public var from: Grade
        public var to: Grade
        /// Moves per year at deprivation z = 0 without support.
        public var perYear: Double
    }

    public struct SupportEffect: Sendable, Codable, Equatable {
        public var model: SupportModel
        /// Multiplies the intensities of moves to a better grade while the support is active.
        public var improvingHazardRatio: Double
        /// Multiplies the intensities of moves to a worse grade while the support is active.
        public var decliningHazardRatio: Double
    }

    public var baseline: [Intensity]
    /// Log hazard ratio per SD of deprivation for improving moves (declining moves get the negative).
    public var deprivationLogHazardImproving: Double
    public var deprivationLogHazardDeclining: Double
    public var supportEffects: [SupportEffect]
    public var note: String

    /// The demo's process: a stationary grade mix near ILACS's (about 12/27/41/20%) without
    /// support, and support models whose hazard ratios follow their planted strength
    /// (improving exp(1.2 × effect), declining exp(−0.6 × effect)), active from the first to
    /// the last day of each episode, with no ramp and no lasting effect after it ends.
    /// Intervention acts on improving moves only: it is given to Inadequate LAs, which cannot
    /// decline, so no data could tell an effect on declining moves apart from none.
    static let demo = PlantedGradeProcess(
        baseline: [
            Intensity(from: .inadequate, to: .requiresImprovement, perYear: 0.35),
            Intensity(from: .requiresImprovement, to: .inadequate, perYear: 0.15),
            Intensity(from: .requiresImprovement, to: .good, perYear: 0.15),
            Intensity(from: .good, to: .requiresImprovement, perYear: 0.10),
            Intensity(from: .good, to: .outstanding, perYear: 0.06),
            Intensity(from: .outstanding, to: .good, perYear: 0.12),
        ],
        deprivationLogHazardImproving: -0.15, deprivationLogHazardDeclining: 0.15,
        supportEffects: DemoEffects.models.map { planted in
            SupportEffect(model: planted.model, improvingHazardRatio: exp(1.2 * planted.standardisedEffect),
                          decliningHazardRatio: planted.model.programme == .intervention ? 1 : exp(-0.6 * planted.standardisedEffect))
        },
        note: "SIMULATED. Grades move between adjacent grades as a continuous-time Markov process; "
            + "support multiplies the intensities while it is active.")

    /// Intensity per year of moving from `from` to `to` (0 when the move is not allowed).
    func intensity(from: Grade, to: Grade, deprivationZ: Double, active: Set<SupportModel>) -> Double {
        guard let base = baseline.first(where: { $0.from == from && $0.to == to }) else { return 0 }
        let improving = to < from
        var logRate = log(base.perYear) + deprivationZ * (improving ? deprivationLogHazardImproving : deprivationLogHazardDeclining)
        for effect in supportEffects where active.contains(effect.model) {
            logRate += log(improving ? effect.improvingHazardRatio : effect.decliningHazardRatio)
        }
        return exp(logRate)
    }

    /// Moves the grade on from `start` to `end` (exclusive), with support episodes changing the
    /// intensities on the days they start and the day after they end: competing exponential
    /// waiting times within each stretch of constant intensities, jumps rounded to the day.
    func advance(_ grade: Grade, from start: CalendarDate, to end: CalendarDate, deprivationZ: Double,
                 episodes: [SupportEpisode], rng: inout SeededGenerator) -> Grade {
        var grade = grade, day = start
        while day < end {
            let stretchEnd = Self.nextChange(after: day, before: end, episodes: episodes)
            let active = Set(episodes.filter { $0.isActive(on: day) }.map(\.model))
            let moves = Grade.allCases.map { ($0, intensity(from: grade, to: $0, deprivationZ: deprivationZ, active: active)) }
                .filter { $0.1 > 0 }
            let total = moves.reduce(0) { $0 + $1.1 }
            let waitDays = Int((-log(1 - rng.uniform()) / total * 365.25).rounded(.down))
            guard waitDays < day.days(until: stretchEnd) else { day = stretchEnd; continue }
            day = day.adding(days: waitDays)
            var pick = rng.uniform() * total
            for (target, rate) in moves {
                pick -= rate
                if pick < 0 || target == moves.last!.0 { grade = target; break }
            }
        }
        return grade
    }

    private static func nextChange(after day: CalendarDate, before end: CalendarDate, episodes: [SupportEpisode]) -> CalendarDate {
        var next = end
        for episode in episodes {
            for change in [episode.start, episode.end?.adding(days: 1)].compactMap({ $0 }) where day < change && change < next {
                next = change
            }
        }
        return next
    }
}
