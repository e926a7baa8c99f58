#!/usr/bin/env python3
"""Constants embedded in Sources/LAEvalStats/Distributions/LogGamma.swift, computed with mpmath
at 40 digits and printed as Swift literals (17 significant digits).

- zeta(k)/k for k = 2...60: Taylor coefficients of log Gamma(1 + z) = -gamma z + sum (-1)^k zeta(k)/k z^k
  (Abramowitz & Stegun 6.1.33).
- The Stirling error delta(z) = log Gamma(z) - (z - 1/2) log z + z - log sqrt(2 pi) at z = n/2,
  n = 1...19, where the direct formula loses digits to cancellation (Loader 2000 tabulates the same
  quantity for the same reason).

Run:  python3 Validation/stats/distributions/make_constants.py
"""
from mpmath import mp, mpf
mp.dps = 40

print("    static let zetaOverK: [Double] = [")
for k in range(2, 61):
    print("        %.17g,  // zeta(%d)/%d" % (mp.zeta(k) / k, k, k))
print("    ]")
print("    static let stirlingErrorHalfIntegers: [Double] = [")
print("        0,")
for n in range(1, 20):
    z = mpf(n) / 2
    d = mp.loggamma(z) - (z - mpf(1) / 2) * mp.log(z) + z - mp.log(2 * mp.pi) / 2
    print("        %.17g,  // z = %s" % (d, z))
print("    ]")
print("    // Euler-Mascheroni constant")
print("    %.17g" % mp.euler)
