import Foundation

/// A discount-rate schedule: a rate for each year after the base year, constant within bands.
///
/// Convention (HM Treasury, The Green Book 2022, Annex A6, and the supplementary guidance on
/// discounting): year 0 is the base year (the present, normally also the price base year) and is
/// not discounted; a value in year t ≥ 1 is treated as arising once in that year and is
/// discounted by D(t) = ∏ₛ₌₁ᵗ 1/(1 + r(s)), where r(s) is the rate of the band holding year s.
/// With one constant rate this is the familiar D(t) = (1 + r)⁻ᵗ; when the rate steps down, the
/// factor continues from where the earlier band left it, e.g. D(31) = D(30)/1.03 on the
/// standard schedule — the Green Book's own way of applying the declining schedule (each
/// band's rate applies to the years in that band, not back to year 0).
public struct DiscountSchedule: Sendable, Codable, Hashable {
    /// A band: `rate` applies to years from `firstYear` until the next band's first year.
    public struct Band: Sendable, Codable, Hashable {
        public var firstYear: Int
        public var rate: Double
        public init(firstYear: Int, rate: Double) {
            self.firstYear = firstYear
            self.rate = rate
        }
    }

    /// The bands in increasing order of first year; the first starts at year 0.
    public let bands: [Band]

    /// A schedule from bands (sorted here; the earliest band is taken to start at year 0).
    /// Throws if a rate is not finite or is −100% or less, or a band starts before year 0.
    public init(bands: [Band]) throws {
        let sorted = bands.sorted { $0.firstYear < $1.firstYear }
        guard let first = sorted.first else { throw EconomicsError.invalidRate(.nan) }
        if first.firstYear < 0 { throw EconomicsError.negativeYear(first.firstYear) }
        for band in sorted where !(band.rate.isFinite && band.rate > -1) { throw EconomicsError.invalidRate(band.rate) }
        var normalised = sorted
        normalised[0].firstYear = 0
        self.bands = normalised
    }

    /// One rate for every year: D(t) = (1 + r)⁻ᵗ.
    public static func constant(_ rate: Double) throws -> DiscountSchedule {
        try DiscountSchedule(bands: [Band(firstYear: 0, rate: rate)])
    }

    /// The Green Book 2022 (Annex A6, Table 8) standard Social Time Preference Rate: 3.5% for
    /// years 0–30, 3.0% for 31–75, 2.5% for 76–125, 2.0% for 126–200, 1.5% for 201–300 and
    /// 1.0% from year 301 (STPR = ρ + μg with ρ = 1.5%, μ = 1, g = 2%, declining for long-term
    /// uncertainty about growth).
    public static let greenBookStandard = fixedSchedule([0.035, 0.030, 0.025, 0.020, 0.015, 0.010])

    /// The Green Book 2022 (Annex A6, Table 8) rate for health effects valued in QALYs or
    /// similar, which excludes the wealth effect μg: 1.5% for years 0–30, then 1.29%, 1.07%,
    /// 0.86%, 0.64% and 0.43% on the same year bands as the standard rate (figures as tabulated
    /// in the greenbook R package, inst/extdata/stpr_schedule.csv).
    public static let greenBookHealth = fixedSchedule([0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043])

    /// The first years of the Green Book's six bands.
    static let greenBookBandStarts = [0, 31, 76, 126, 201, 301]

    private static func fixedSchedule(_ rates: [Double]) -> DiscountSchedule {
        // Known-good constants: cannot fail validation.
        try! DiscountSchedule(bands: zip(greenBookBandStarts, rates).map { Band(firstYear: $0, rate: $1) })
    }

    /// r(t), the rate applying to year t (year 0 carries the first band's rate, though it is
    /// not discounted).
    public func rate(year: Int) -> Double {
        bands.last { $0.firstYear <= year }?.rate ?? bands[0].rate
    }

    /// D(t) = ∏ₛ₌₁ᵗ 1/(1 + r(s)); D(0) = 1. Each band contributes (1 + r)^−(years of the band
    /// in 1…t), so long horizons need no year-by-year loop.
    public func factor(year: Int) throws -> Double {
        guard year >= 0 else { throw EconomicsError.negativeYear(year) }
        return unsafeFactor(year)
    }

    /// D(0), D(1), …, D(lastYear).
    public func factors(through lastYear: Int) throws -> [Double] {
        guard lastYear >= 0 else { throw EconomicsError.negativeYear(lastYear) }
        return (0...lastYear).map(unsafeFactor)
    }

    func unsafeFactor(_ year: Int) -> Double {
        var logFactor = 0.0
        for (index, band) in bands.enumerated() {
            let first = max(band.firstYear, 1)
            let last = index + 1 < bands.count ? min(bands[index + 1].firstYear - 1, year) : year
            if last >= first { logFactor -= Double(last - first + 1) * log1p(band.rate) }
        }
        return exp(logFactor)
    }

    /// The present value Σₜ D(t)·xₜ of a series whose element t falls in year t (element 0 in
    /// the base year, undiscounted).
    public func presentValue(_ flows: [Double]) -> Double {
        flows.enumerated().reduce(0) { $0 + unsafeFactor($1.offset) * $1.element }
    }

    /// The discounted series D(t)·xₜ, year by year.
    public func discounted(_ flows: [Double]) -> [Double] {
        flows.enumerated().map { unsafeFactor($0.offset) * $0.element }
    }
}
