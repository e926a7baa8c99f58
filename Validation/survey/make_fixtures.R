# Reference values for laeval's survey statistics (Tests/LAEvalStatsTests/Fixtures/survey/reliability.json):
#   - Cronbach's alpha with Feldt's interval: psych::alpha (raw_alpha, and its "Feldt" boundaries,
#     psych::alpha.ci) on scales of psych's bfi data (first 300 rows, missing answers kept as null:
#     psych is given the complete cases, as laeval drops rows with a missing item);
#   - the paired t test: R's t.test(after, before, paired = TRUE) on R's sleep data and on two bfi items;
#   - Pearson's chi-square test of independence: chisq.test(table, correct = FALSE) on bfi's
#     education by gender and a 2 x 3 table.
# psych from Debian (apt-get install r-cran-psych; psych 2.2.9 here). Run from this folder:
#   Rscript make_fixtures.R
suppressPackageStartupMessages({ library(psych); library(jsonlite) })
data(bfi)
rows <- bfi[1:300, ]
rows$A1r <- 7 - rows$A1          # A1 is keyed negatively in the agreeableness scale
rows$C4r <- 7 - rows$C4
rows$C5r <- 7 - rows$C5

alpha_case <- function(name, items, level = 0.95) {
  data <- rows[, items]
  complete <- na.omit(data)
  a <- psych::alpha(complete, warnings = FALSE)
  ci <- psych::alpha.ci(a$total$raw_alpha, n.obs = nrow(complete), n.var = length(items), p.val = 1 - level)
  # psych's own Feldt boundaries at 95% (the same formula as alpha.ci, unrounded)
  if (level == 0.95) stopifnot(abs(a$feldt$lower.ci - ci$lower.ci) < 1e-15)
  list(name = name, items = items, level = level,
       data = unname(lapply(seq_len(nrow(data)), function(i) as.numeric(data[i, ]))),
       n = nrow(complete), alpha = a$total$raw_alpha, ci_lower = unname(ci$lower.ci), ci_upper = unname(ci$upper.ci))
}
alpha_cases <- list(
  alpha_case("agreeableness", c("A1r", "A2", "A3", "A4", "A5")),
  alpha_case("conscientiousness", c("C1", "C2", "C3", "C4r", "C5r")),
  alpha_case("neuroticism_90", c("N1", "N2", "N3", "N4", "N5"), level = 0.90),
  alpha_case("openness_pair", c("O1", "O3"))
)

paired_case <- function(name, after, before, level = 0.95) {
  t <- t.test(after, before, paired = TRUE, conf.level = level)
  list(name = name, after = after, before = before, level = level,
       mean_difference = unname(t$estimate), t = unname(t$statistic), df = unname(t$parameter),
       p = t$p.value, ci_lower = t$conf.int[1], ci_upper = t$conf.int[2], se = unname(t$stderr))
}
sleep_after <- sleep$extra[sleep$group == 2]
sleep_before <- sleep$extra[sleep$group == 1]
pairs <- na.omit(rows[1:60, c("A2", "A3")])
paired_cases <- list(
  paired_case("sleep", sleep_after, sleep_before),
  paired_case("bfi_a3_a2_90", as.numeric(pairs$A3), as.numeric(pairs$A2), level = 0.90)
)

chisq_case <- function(name, table) {
  x <- chisq.test(table, correct = FALSE)
  list(name = name, table = unname(lapply(seq_len(nrow(table)), function(i) as.integer(table[i, ]))),
       statistic = unname(x$statistic), df = unname(x$parameter), p = x$p.value, minimum_expected = min(x$expected))
}
education_gender <- table(bfi$education, bfi$gender)
chisq_cases <- list(
  chisq_case("bfi_education_gender", education_gender),
  chisq_case("two_by_three", matrix(c(12, 5, 9, 20, 3, 14), nrow = 2, byrow = TRUE))
)

out <- list(
  source = "R psych::alpha / psych::alpha.ci (Feldt), t.test(paired = TRUE), chisq.test(correct = FALSE); Validation/survey/make_fixtures.R",
  r_version = R.version.string, psych_version = as.character(packageVersion("psych")),
  alpha = alpha_cases, paired = paired_cases, chisq = chisq_cases
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null", pretty = FALSE),
           "../../Tests/LAEvalStatsTests/Fixtures/survey/reliability.json")
