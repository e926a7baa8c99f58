#!/usr/bin/env Rscript
# Reference values for LAEvalStats/Power and NoncentralT, from R's pwr package and pt().
#
#   Rscript Validation/power/make_fixtures.R
#
# writes Tests/LAEvalStatsTests/Fixtures/power/pwr_cases.json and noncentral_t.csv.
#
# THE TOLERANCE TRAP. pwr solves for n, d, h and sig.level with uniroot() at its default
# tol = .Machine$double.eps^0.25 (about 1.2e-4), so its printed n and d are good to only about
# 1e-4. pwr 1.3.0 (the Debian version used here) has no tol argument, so this script solves
# each case itself: uniroot(tol = 1e-12) over pwr's own interval, on the power computed by the
# pwr function itself (called with power = NULL). Each case also records what pwr returns by
# itself ("pwr_default"), to show the size of the trap; the tests use the tight value.
suppressPackageStartupMessages(library(pwr))

out_dir <- file.path("Tests", "LAEvalStatsTests", "Fixtures", "power")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)

num <- function(x) if (is.null(x)) "null" else sprintf("%.17g", x)
str <- function(x) paste0('"', x, '"')
record <- function(fields) {
  keys <- names(fields)
  body <- vapply(seq_along(fields), function(i) {
    v <- fields[[i]]
    paste0(str(keys[i]), ": ", if (is.character(v)) str(v) else num(v))
  }, "")
  paste0("    {", paste(body, collapse = ", "), "}")
}

tight <- function(f, interval) uniroot(f, interval, tol = 1e-12, maxiter = 10000)$root

# pwr's search intervals
n_interval <- c(2 + 1e-10, 1e+09)
effect_interval <- function(alt, two_sided_lower) switch(alt, two.sided = c(two_sided_lower, 10), less = c(-10, 5), greater = c(-5, 10))
alpha_interval <- c(1e-10, 1 - 1e-10)

cases <- list()
add <- function(fields) cases[[length(cases) + 1]] <<- record(fields)

# ---- pwr.t.test -------------------------------------------------------------------------
t_power <- function(n, d, a, type, alt) pwr.t.test(n = n, d = d, sig.level = a, power = NULL, type = type, alternative = alt)$power
t_case <- function(solve, type, alt, n = NULL, d = NULL, power = NULL, a = 0.05) {
  default <- switch(solve,
    power = NULL,
    n = pwr.t.test(d = d, power = power, sig.level = a, type = type, alternative = alt)$n,
    d = pwr.t.test(n = n, power = power, sig.level = a, type = type, alternative = alt)$d,
    sig.level = pwr.t.test(n = n, d = d, power = power, sig.level = NULL, type = type, alternative = alt)$sig.level)
  if (alt == "two.sided" && !is.null(d)) d <- abs(d)
  if (solve == "power") power <- t_power(n, d, a, type, alt)
  if (solve == "n") n <- tight(function(x) t_power(x, d, a, type, alt) - power, n_interval)
  if (solve == "d") d <- tight(function(x) t_power(n, x, a, type, alt) - power, effect_interval(alt, 1e-7))
  if (solve == "sig.level") a <- tight(function(x) t_power(n, d, x, type, alt) - power, alpha_interval)
  add(list(test = "t", type = type, alternative = alt, solve = solve, n = n, effect = d, power = power,
           sig_level = a, pwr_default = default))
}
types <- c("two.sample", "one.sample", "paired")
alts <- c("two.sided", "less", "greater")
for (type in types) for (alt in alts) {
  sgn <- if (alt == "less") -1 else 1
  t_case("power", type, alt, n = 20, d = sgn * 0.5)
  t_case("n", type, alt, d = sgn * 0.4, power = 0.8)
  t_case("d", type, alt, n = 25, power = 0.9, a = 0.01)
}
t_case("power", "two.sample", "two.sided", n = 3.5, d = 1.2, a = 0.1)        # tiny n, fractional
t_case("power", "one.sample", "two.sided", n = 200, d = -0.15)               # negative d two-sided
t_case("power", "two.sample", "greater", n = 12, d = -0.3)                   # effect the wrong way
t_case("n", "two.sample", "two.sided", d = 0.1, power = 0.95)                # large n
t_case("n", "paired", "two.sided", d = 1.5, power = 0.8)                     # n near the lower limit
t_case("n", "one.sample", "greater", d = 0.25, power = 0.8, a = 0.001)
t_case("sig.level", "two.sample", "two.sided", n = 30, d = 0.6, power = 0.7)
t_case("sig.level", "one.sample", "greater", n = 15, d = 0.5, power = 0.6)
t_case("sig.level", "paired", "less", n = 40, d = -0.3, power = 0.5)

# ---- pwr.t2n.test -----------------------------------------------------------------------
t2n_power <- function(n1, n2, d, a, alt) pwr.t2n.test(n1 = n1, n2 = n2, d = d, sig.level = a, power = NULL, alternative = alt)$power
t2n_case <- function(solve, alt, n1 = NULL, n2 = NULL, d = NULL, power = NULL, a = 0.05) {
  default <- switch(solve,
    power = NULL,
    n1 = pwr.t2n.test(n2 = n2, d = d, power = power, sig.level = a, alternative = alt)$n1,
    n2 = pwr.t2n.test(n1 = n1, d = d, power = power, sig.level = a, alternative = alt)$n2,
    d = pwr.t2n.test(n1 = n1, n2 = n2, power = power, sig.level = a, alternative = alt)$d,
    sig.level = pwr.t2n.test(n1 = n1, n2 = n2, d = d, power = power, sig.level = NULL, alternative = alt)$sig.level)
  if (alt == "two.sided" && !is.null(d)) d <- abs(d)
  if (solve == "power") power <- t2n_power(n1, n2, d, a, alt)
  if (solve == "n1") n1 <- tight(function(x) t2n_power(x, n2, d, a, alt) - power, n_interval)
  if (solve == "n2") n2 <- tight(function(x) t2n_power(n1, x, d, a, alt) - power, n_interval)
  if (solve == "d") d <- tight(function(x) t2n_power(n1, n2, x, a, alt) - power, effect_interval(alt, 1e-7))
  if (solve == "sig.level") a <- tight(function(x) t2n_power(n1, n2, d, x, alt) - power, alpha_interval)
  add(list(test = "t2n", alternative = alt, solve = solve, n1 = n1, n2 = n2, effect = d, power = power,
           sig_level = a, pwr_default = default))
}
for (alt in alts) {
  sgn <- if (alt == "less") -1 else 1
  t2n_case("power", alt, n1 = 30, n2 = 45, d = sgn * 0.5)
  t2n_case("d", alt, n1 = 60, n2 = 25, power = 0.8)
}
t2n_case("n1", "two.sided", n2 = 80, d = 0.5, power = 0.8)
t2n_case("n2", "two.sided", n1 = 50, d = 0.6, power = 0.85)
t2n_case("n1", "greater", n2 = 40, d = 0.45, power = 0.75, a = 0.025)
t2n_case("n2", "less", n1 = 100, d = -0.35, power = 0.8)
t2n_case("sig.level", "two.sided", n1 = 20, n2 = 35, d = 0.7, power = 0.75)

# ---- pwr.2p.test and pwr.2p2n.test --------------------------------------------------------
p_power <- function(h, n, a, alt) pwr.2p.test(h = h, n = n, sig.level = a, power = NULL, alternative = alt)$power
p_case <- function(solve, alt, h = NULL, n = NULL, power = NULL, a = 0.05) {
  default <- switch(solve,
    power = NULL,
    n = pwr.2p.test(h = h, power = power, sig.level = a, alternative = alt)$n,
    h = pwr.2p.test(n = n, power = power, sig.level = a, alternative = alt)$h,
    sig.level = pwr.2p.test(h = h, n = n, power = power, sig.level = NULL, alternative = alt)$sig.level)
  if (alt == "two.sided" && !is.null(h)) h <- abs(h)
  if (solve == "power") power <- p_power(h, n, a, alt)
  if (solve == "n") n <- tight(function(x) p_power(h, x, a, alt) - power, n_interval)
  if (solve == "h") h <- tight(function(x) p_power(x, n, a, alt) - power, effect_interval(alt, 1e-10))
  if (solve == "sig.level") a <- tight(function(x) p_power(h, n, x, alt) - power, alpha_interval)
  add(list(test = "2p", alternative = alt, solve = solve, n = n, effect = h, power = power,
           sig_level = a, pwr_default = default))
}
h_example <- ES.h(0.65, 0.45)
for (alt in alts) {
  sgn <- if (alt == "less") -1 else 1
  p_case("power", alt, h = sgn * h_example, n = 60)
  p_case("n", alt, h = sgn * h_example, power = 0.8)
  p_case("h", alt, n = 150, power = 0.9)
}
p_case("sig.level", "two.sided", h = 0.3, n = 100, power = 0.7)

p2_power <- function(h, n1, n2, a, alt) pwr.2p2n.test(h = h, n1 = n1, n2 = n2, sig.level = a, power = NULL, alternative = alt)$power
p2_case <- function(solve, alt, h = NULL, n1 = NULL, n2 = NULL, power = NULL, a = 0.05) {
  default <- switch(solve,
    power = NULL,
    n1 = pwr.2p2n.test(h = h, n2 = n2, power = power, sig.level = a, alternative = alt)$n1,
    n2 = pwr.2p2n.test(h = h, n1 = n1, power = power, sig.level = a, alternative = alt)$n2,
    h = pwr.2p2n.test(n1 = n1, n2 = n2, power = power, sig.level = a, alternative = alt)$h,
    sig.level = pwr.2p2n.test(h = h, n1 = n1, n2 = n2, power = power, sig.level = NULL, alternative = alt)$sig.level)
  if (alt == "two.sided" && !is.null(h)) h <- abs(h)
  if (solve == "power") power <- p2_power(h, n1, n2, a, alt)
  if (solve == "n1") n1 <- tight(function(x) p2_power(h, x, n2, a, alt) - power, n_interval)
  if (solve == "n2") n2 <- tight(function(x) p2_power(h, n1, x, a, alt) - power, n_interval)
  if (solve == "h") h <- tight(function(x) p2_power(x, n1, n2, a, alt) - power, effect_interval(alt, 1e-10))
  if (solve == "sig.level") a <- tight(function(x) p2_power(h, n1, n2, x, alt) - power, alpha_interval)
  add(list(test = "2p2n", alternative = alt, solve = solve, n1 = n1, n2 = n2, effect = h, power = power,
           sig_level = a, pwr_default = default))
}
for (alt in alts) {
  sgn <- if (alt == "less") -1 else 1
  p2_case("power", alt, h = sgn * 0.3, n1 = 80, n2 = 120)
  p2_case("h", alt, n1 = 200, n2 = 90, power = 0.8)
}
p2_case("n1", "two.sided", h = 0.35, n2 = 150, power = 0.8)
p2_case("n2", "greater", h = 0.25, n1 = 300, power = 0.8)
p2_case("sig.level", "two.sided", h = 0.4, n1 = 50, n2 = 70, power = 0.6)

# ES.h itself
es_rows <- list()
for (p in list(c(0.65, 0.45), c(0.1, 0.05), c(0.5, 0.5), c(0.01, 0.99))) {
  es_rows[[length(es_rows) + 1]] <- record(list(p1 = p[1], p2 = p[2], h = ES.h(p[1], p[2])))
}

header <- c("{",
  paste0('  "r_version": ', str(R.version.string), ","),
  paste0('  "pwr_version": ', str(as.character(packageVersion("pwr"))), ","),
  '  "root_tolerance": 1e-12,')
writeLines(c(header,
             '  "cases": [', paste(unlist(cases), collapse = ",\n"), "  ],",
             '  "cohen_h": [', paste(unlist(es_rows), collapse = ",\n"), "  ]",
             "}"),
           file.path(out_dir, "pwr_cases.json"))
cat(length(cases), "pwr cases\n")

# ---- pt(q, df, ncp) ----------------------------------------------------------------------
# R's pnt (Lenth's AS 243) stops when its error bound falls below 1e-12 (absolute), forms the
# upper tail as 1 minus the lower, and above ncp = 37.62 or df = 4e5 switches to a normal
# approximation; the grid stays below both. pnt warns "full precision may not have been
# achieved" whenever the lower tail exceeds 1 - 1e-10; such points are kept and flagged in
# the column r_warning (1), since their upper tail has only absolute accuracy.
dfs <- c(0.5, 1, 2, 3, 5.5, 10, 30, 100, 1000, 1e5)
ncps <- c(-5, -1, 0.5, 1, 2.5, 5, 10, 20, 35)
qs <- c(-30, -3, -1, 0, 0.5, 1, 2, 4.5, 10, 30, 100)
lines <- "df,ncp,q,cdf,sf,r_warning"
flagged <- 0
for (df in dfs) for (ncp in ncps) for (q in qs) {
  warned <- 0
  values <- withCallingHandlers(
    c(pt(q, df, ncp), pt(q, df, ncp, lower.tail = FALSE)),
    warning = function(w) { warned <<- 1; invokeRestart("muffleWarning") })
  flagged <- flagged + warned
  lines <- c(lines, paste(num(df), num(ncp), num(q), num(values[1]), num(values[2]), warned, sep = ","))
}
writeLines(lines, file.path(out_dir, "noncentral_t.csv"))
cat(length(lines) - 1, "noncentral t points;", flagged, "with pnt precision warnings\n")
