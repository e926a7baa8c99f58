#!/usr/bin/env Rscript
# Reference fixtures for laeval's matching and weighting (Sources/LAEvalEstimators/Matching)
# from R's MatchIt (Debian r-cran-matchit 4.5.1) on MatchIt's own `lalonde` data
# (Dehejia & Wahba 1999: 185 NSW treated men, 429 PSID controls).
#
# Writes Tests/LAEvalEstimatorsTests/Fixtures/matchit/matchit.json. Run from the repo root:
#   Rscript Validation/matchit/make_fixtures.R
#
# Settings
# - Propensity score: glm(treat ~ age + educ + race + married + nodegree + re74 + re75,
#   binomial(logit)) fitted tightly (epsilon = 1e-14, maxit = 100) here, then handed to
#   matchit() as the numeric `distance` (matchit's own glm stops at epsilon = 1e-8).
# - The 4.5.1 defect: its C++ nearest-neighbour search compares abs(d_left - d_i) and
#   abs(d_right - d_i) with an unqualified abs, i.e. C's int abs(int), so each difference is
#   truncated towards zero before comparison (std::abs upstream since May 2023). For
#   propensity scores (differences < 1) both truncate to 0 and the lower-score candidate is
#   always taken, even when the other one is nearer. Here the
#   distance is passed multiplied by SCALE = 1e9: differences then keep 9 decimals through the
#   truncation (and stay below 2^31), so MatchIt's choice is the true nearest neighbour unless
#   two candidates are within 1e-9 of equidistant (laeval, which compares doubles,
#   reproduces every match set, so none was). The ordering
#   (m.order), the std caliper (in SDs of the distance) and the matches are invariant to the
#   scale. `truncation_demo` records what unscaled 4.5.1 does differently.
# - Effects, as the "estimating-effects" vignette: lm(re78 ~ treat, weights = weights) on the
#   matched data, SE cluster-robust by subclass (sandwich::vcovCL, type HC1: G/(G-1)(n-1)/(n-k));
#   with replacement and for IPW (no pairs) the vignette's HC3 (sandwich::vcovHC type HC3).
#   CI: estimate -/+ qnorm(0.975) SE (marginaleffects' normal intervals).
# - Balance: MatchIt's summary() (standardize = TRUE): SMD denominators from the treated group
#   for ATT, pooled ("equal" contribution) for ATE, unweighted; binary variables use p(1-p);
#   weighted means/variances after matching. IPW balance uses MatchIt's internal bal1var with
#   the IPW weights (what summary() would do with them as matching weights).
# - IPW weights (WeightIt's definitions, computed here by formula: WeightIt is not packaged in
#   Debian): ATT treated 1, control e/(1-e); ATE treated 1/e, control 1/(1-e).

suppressPackageStartupMessages({
  library(MatchIt)
  library(jsonlite)
  library(sandwich)
})

file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else normalizePath("Validation/matchit")
root <- normalizePath(file.path(here, "..", ".."))
out_dir <- file.path(root, "Tests", "LAEvalEstimatorsTests", "Fixtures", "matchit")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

data(lalonde, package = "MatchIt")
d <- lalonde
n <- nrow(d)
covariates <- c("age", "educ", "race", "married", "nodegree", "re74", "re75")
f <- treat ~ age + educ + race + married + nodegree + re74 + re75

ps_fit <- glm(f, data = d, family = binomial("logit"),
              control = glm.control(epsilon = 1e-14, maxit = 100))
ps <- unname(fitted(ps_fit))
SCALE <- 1e9

treated_rows <- which(d$treat == 1)

# minimum gap between candidate distances, to show that 1e-9 resolution is enough
tie_gap <- function(ps, treat) {
  c0 <- sort(ps[treat == 0])
  min(diff(c0))
}

# k nearest controls of each treated unit (with replacement no control is ever used up, so
# greedy matching reduces to this), in base R: candidates within the caliper ordered by
# |d_c - d_t|, then lower-distance side first, then nearness in the distance-sorted order
# (MatchIt's tie conventions). Used instead of MatchIt 4.5.1 for ratio > 1 with replacement,
# where 4.5.1 matches the same control repeatedly to one treated unit (MatchIt issue #159,
# fixed in 4.5.3).
k_nearest_with_replacement <- function(ratio, caliper_sd) {
  position <- integer(n); position[order(ps)] <- seq_len(n)
  controls <- which(d$treat == 0)
  caliper <- caliper_sd * sd(ps)
  mm <- matrix(NA_character_, nrow = length(treated_rows), ncol = ratio,
               dimnames = list(rownames(d)[treated_rows], NULL))
  for (i in seq_along(treated_rows)) {
    t <- treated_rows[i]
    gap <- abs(ps[controls] - ps[t])
    side <- as.integer(position[controls] > position[t])
    near <- abs(position[controls] - position[t])
    ok <- gap <= caliper
    chosen <- controls[ok][order(gap[ok], side[ok], near[ok])][seq_len(min(ratio, sum(ok)))]
    mm[i, seq_along(chosen)] <- rownames(d)[chosen]
  }
  mm
}

match_case <- function(name, ..., effect_vcov = "cluster", match_matrix = NULL) {
  args <- list(...)
  m <- do.call(matchit, c(list(formula = f, data = d, distance = ps * SCALE), args))
  if (!is.null(match_matrix)) {
    m$match.matrix <- match_matrix
    m$weights <- MatchIt:::weights.matrix(match_matrix, setNames(d$treat, rownames(d)))
  }
  mm <- m$match.matrix
  rows <- lapply(seq_len(nrow(mm)), function(i) {
    r <- mm[i, ]
    r <- r[!is.na(r)]
    I(as.integer(match(r, rownames(d)) - 1L))
  })
  sub <- m$subclass
  subclass_treated <- rep(-1L, n)
  if (!is.null(sub)) {
    for (s in levels(sub)) {
      members <- which(sub == s)
      subclass_treated[members] <- members[d$treat[members] == 1] - 1L
    }
  }
  s <- summary(m, standardize = TRUE)
  md <- match.data(m, distance = "prop")
  fit <- lm(re78 ~ treat, data = md, weights = weights)
  v <- if (effect_vcov == "cluster") vcovCL(fit, cluster = ~subclass) else vcovHC(fit, type = "HC3")
  est <- unname(coef(fit)["treat"]); se <- sqrt(v["treat", "treat"])
  list(
    name = name,
    options = lapply(args, function(a) if (inherits(a, "formula")) all.vars(a) else a),
    match_matrix = rows,
    weights = unname(m$weights),
    subclass_treated_row = subclass_treated,
    balance = balance_rows(s$sum.all, s$sum.matched),
    n_treated_matched = sum(m$weights[d$treat == 1] > 0),
    n_control_matched = sum(m$weights[d$treat == 0] > 0),
    effect = list(estimate = est, se = se, vcov = effect_vcov,
                  ci_lower = est - qnorm(0.975) * se, ci_upper = est + qnorm(0.975) * se,
                  n = nrow(md), clusters = if (is.null(sub)) NA else length(unique(md$subclass)))
  )
}

balance_rows <- function(before, after) {
  keep <- rownames(before) != "distance"
  lapply(which(keep), function(i) list(
    covariate = rownames(before)[i],
    mean_treated = unname(before[i, "Means Treated"]),
    mean_control_before = unname(before[i, "Means Control"]),
    mean_treated_after = unname(after[i, "Means Treated"]),
    mean_control_after = unname(after[i, "Means Control"]),
    smd_before = unname(before[i, "Std. Mean Diff."]),
    smd_after = unname(after[i, "Std. Mean Diff."]),
    variance_ratio_before = unname(before[i, "Var. Ratio"]),
    variance_ratio_after = unname(after[i, "Var. Ratio"])
  ))
}

# the covariate matrix summary() uses: every level of race
X <- MatchIt:::get.covs.matrix(f, data = d)

ipw_case <- function(estimand) {
  w <- if (estimand == "ATT") ifelse(d$treat == 1, 1, ps / (1 - ps)) else ifelse(d$treat == 1, 1 / ps, 1 / (1 - ps))
  denom <- if (estimand == "ATT") "treated" else "pooled"
  bal <- function(ww) do.call(rbind, lapply(seq_len(ncol(X)), function(j)
    MatchIt:::bal1var(X[, j], tt = d$treat, ww = ww, s.weights = rep(1, n), standardize = TRUE,
                      s.d.denom = denom, compute.pair.dist = FALSE)))
  before <- bal(NULL); after <- bal(w)
  rownames(before) <- rownames(after) <- colnames(X)
  fit <- lm(re78 ~ treat, data = d, weights = w)
  v <- vcovHC(fit, type = "HC3")
  est <- unname(coef(fit)["treat"]); se <- sqrt(v["treat", "treat"])
  list(name = paste0("ipw_", tolower(estimand)), options = list(method = "ipw", estimand = estimand),
       weights = w, balance = balance_rows(before, after),
       effect = list(estimate = est, se = se, vcov = "HC3",
                     ci_lower = est - qnorm(0.975) * se, ci_upper = est + qnorm(0.975) * se, n = n))
}

cases <- list(
  match_case("nearest_default"),
  match_case("ratio2_caliper", ratio = 2, caliper = 0.2),
  match_case("replace", replace = TRUE, effect_vcov = "HC3"),
  match_case("exact_married", exact = ~married),
  match_case("order_smallest", m.order = "smallest"),
  match_case("order_data", m.order = "data"),
  match_case("ratio3_replace_caliper", ratio = 3, replace = TRUE, caliper = 0.1, effect_vcov = "HC3",
             match_matrix = k_nearest_with_replacement(3, 0.1))
)
ipw <- list(ipw_case("ATT"), ipw_case("ATE"))

# the 4.5.1 truncation defect: default matching on the unscaled score vs the scaled one
m_raw <- matchit(f, data = d, distance = ps)
m_scaled <- matchit(f, data = d, distance = ps * SCALE)
raw_mm <- m_raw$match.matrix[, 1]; scaled_mm <- m_scaled$match.matrix[, 1]
differ <- which(raw_mm != scaled_mm)
demo <- NULL
if (length(differ) > 0) {
  # the first treated unit (in m.order "largest") whose match differs
  ord <- order(ps[treated_rows], decreasing = TRUE)
  first <- ord[ord %in% differ][1]
  t_row <- treated_rows[first]
  raw_c <- match(raw_mm[first], rownames(d)); sc_c <- match(scaled_mm[first], rownames(d))
  demo <- list(differing_treated = length(differ), first_treated_row = t_row - 1L,
               ps_treated = ps[t_row], unscaled_match_row = raw_c - 1L, ps_unscaled_match = ps[raw_c],
               scaled_match_row = sc_c - 1L, ps_scaled_match = ps[sc_c],
               distance_unscaled_match = abs(ps[raw_c] - ps[t_row]),
               distance_scaled_match = abs(ps[sc_c] - ps[t_row]))
}

# issue #159 in 4.5.1: with replacement and ratio 3, how many treated units get a control twice
m159 <- matchit(f, data = d, distance = ps * SCALE, ratio = 3, replace = TRUE, caliper = 0.1)
repeated <- sum(apply(m159$match.matrix, 1, function(r) anyDuplicated(r[!is.na(r)]) > 0))

out <- list(
  matchit_version = as.character(packageVersion("MatchIt")),
  r_version = R.version.string,
  distance_scale = SCALE,
  data = list(treat = d$treat, age = d$age, educ = d$educ, race = as.character(d$race),
              married = d$married, nodegree = d$nodegree, re74 = d$re74, re75 = d$re75, re78 = d$re78),
  ps_terms = names(coef(ps_fit)),
  ps_coefficients = unname(coef(ps_fit)),
  propensity = ps,
  balance_columns = colnames(X),
  min_control_gap = tie_gap(ps, d$treat),
  cases = cases,
  ipw = ipw,
  truncation_demo = demo,
  replace_ratio_defect = list(treated_with_repeated_control_in_451 = repeated,
                              example_451 = unname(m159$match.matrix[1, ]),
                              example_reference = unname(k_nearest_with_replacement(3, 0.1)[1, ]))
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE),
           file.path(out_dir, "matchit.json"))
cat("wrote", file.path(out_dir, "matchit.json"), "\n")
if (!is.null(demo)) str(demo)
cat("4.5.1 ratio 3 with replacement: treated units with a repeated control:", repeated, "\n")
