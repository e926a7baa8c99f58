import Foundation

/// Calibration of raw values into set memberships for QCA.
public enum QCACalibration {
    /// Crisp calibration by one threshold: membership 1 when the value is at or above it, else 0
    /// (as R's `QCA::calibrate(type = "crisp")` with a single threshold).
    public static func crisp(_ values: [Double], threshold: Double) -> [Double] {
        values.map { $0 >= threshold ? 1 : 0 }
    }

    /// Fuzzy calibration by Ragin's direct method (Ragin 2008, *Redesigning Social Inquiry*,
    /// ch. 5): the deviation from the crossover is scaled into log-odds so that the exclusion,
    /// crossover and inclusion thresholds map to memberships 1 - d, 0.5 and d (d, the inclusion
    /// degree, 0.95 by default), and membership = 1 / (1 + exp(-log-odds)). Above the crossover
    /// the scale is ln(d/(1-d)) / (inclusion - crossover), below it ln(d/(1-d)) / (crossover -
    /// exclusion). An exclusion threshold above the inclusion one gives a decreasing set (as
    /// `QCA::calibrate(type = "fuzzy", method = "direct")`, logistic).
    public static func fuzzyDirect(_ values: [Double], exclusion: Double, crossover: Double, inclusion: Double,
                                   inclusionDegree: Double = 0.95) throws -> [Double] {
        guard inclusionDegree > 0.5, inclusionDegree < 1 else {
            throw QCAError.invalidCalibration("the inclusion degree must be above 0.5 and below 1")
        }
        let decreasing = exclusion > inclusion
        let low = min(exclusion, inclusion), high = max(exclusion, inclusion)
        guard low < crossover, crossover < high else {
            throw QCAError.invalidCalibration("the crossover must lie strictly between the exclusion and inclusion thresholds")
        }
        let logOdds = log(inclusionDegree / (1 - inclusionDegree))
        return values.map { x in
            let scaled = x >= crossover ? (x - crossover) / (high - crossover) : (x - crossover) / (crossover - low)
            let membership = 1 / (1 + exp(-scaled * logOdds))
            return decreasing ? 1 - membership : membership
        }
    }
}
