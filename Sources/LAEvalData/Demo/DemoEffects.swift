import LAEvalCore

/// The effects the demo simulation plants, per support model: the true values the evaluation
/// should recover, written to `truth.json`.
///
/// An effect at full strength is reached linearly over `rampYears` after support starts, holds
/// while support lasts and decays by `decayPerYearAfterEnd` (a share of full strength) a year
/// after it ends. It is scaled by `1 + deprivationModifier × z`, where z is the LA's
/// standardised deprivation (negative modifier: support achieves less where deprivation is high).
public struct PlantedModelEffect: Sendable, Codable, Hashable {
    public var model: SupportModel
    /// Full-strength effect in standard deviations of the within-LA variation of an indicator
    /// (and of the latent quality that drives Ofsted grades), in the direction of improvement.
    public var standardisedEffect: Double
    public var rampYears: Double
    public var decayPerYearAfterEnd: Double

    /// The share of full strength `yearsSinceStart` after the start, with support ending
    /// `yearsSinceEnd` ago (nil while it lasts).
    public func strength(yearsSinceStart: Double, yearsSinceEnd: Double?) -> Double {
        guard yearsSinceStart >= 0 else { return 0 }
        let ramp = min(1, yearsSinceStart / rampYears)
        guard let yearsSinceEnd, yearsSinceEnd > 0 else { return ramp }
        return max(0, ramp - decayPerYearAfterEnd * yearsSinceEnd)
    }
}

enum DemoEffects {
    static let deprivationModifier = -0.25

    static let models: [PlantedModelEffect] = [
        PlantedModelEffect(model: .commissioner, standardisedEffect: 0.50, rampYears: 2, decayPerYearAfterEnd: 0),
        PlantedModelEffect(model: .improvementAdviser, standardisedEffect: 0.30, rampYears: 2, decayPerYearAfterEnd: 0),
        PlantedModelEffect(model: .alternativeDeliveryModel, standardisedEffect: 0.60, rampYears: 3, decayPerYearAfterEnd: 0),
        PlantedModelEffect(model: .regionalAlliance, standardisedEffect: 0.10, rampYears: 2, decayPerYearAfterEnd: 0.25),
        PlantedModelEffect(model: .dfeImprovementLead, standardisedEffect: 0.15, rampYears: 1.5, decayPerYearAfterEnd: 0.25),
        PlantedModelEffect(model: .lgaLeadMember, standardisedEffect: 0.05, rampYears: 1, decayPerYearAfterEnd: 0.25),
        PlantedModelEffect(model: .pipPartner, standardisedEffect: 0.25, rampYears: 2, decayPerYearAfterEnd: 0.25),
    ]

    static func effect(_ model: SupportModel) -> PlantedModelEffect {
        models.first { $0.model == model }!
    }

    /// The effect multiplier for an LA's standardised deprivation, never below zero.
    static func contextMultiplier(deprivationZ: Double) -> Double {
        max(0, 1 + deprivationModifier * deprivationZ)
    }

    /// Summed strength of an LA's episodes of one model at a date (0 … number of episodes).
    static func strength(of episodes: [SupportEpisode], model: SupportModel, on date: CalendarDate) -> Double {
        let planted = effect(model)
        var total = 0.0
        for episode in episodes where episode.model == model {
            let sinceStart = episode.start.years(until: date)
            let sinceEnd = episode.end.map { $0.years(until: date) }
            total += planted.strength(yearsSinceStart: sinceStart, yearsSinceEnd: sinceEnd)
        }
        return total
    }
}
