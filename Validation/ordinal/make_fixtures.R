#!/usr/bin/env Rscript
# Reference fixtures for the cumulative link model (laeval's CumulativeLinkModel) from
# R's ordinal::clm (Christensen), on ordinal's own `wine` data (Randall 1989: 72 bitterness
# ratings, 1..5, of wines made at two temperatures with and without skin contact).
#
# Writes Tests/LAEvalEstimatorsTests/Fixtures/ordinal/wine.json (the data) and one JSON per fit.
# Run from the repo root:  Rscript Validation/ordinal/make_fixtures.R
#
# clm's parameterisation (sign.location = "negative", the default):
#   P(Y <= j | x) = F(theta_j - x' beta),  j = 1..J-1,
# fitted by Newton-Raphson on the analytic gradient and Hessian. clm's default stopping rule
# (gradTol = 1e-6, relTol = 1e-6) is loosened by design; here both are 1e-12 so that the
# fixture is the optimum to about 1e-12, not a point 1e-6 short of it.

suppressPackageStartupMessages({
  library(ordinal)
  library(jsonlite)
})

file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else normalizePath("Validation/ordinal")
root <- normalizePath(file.path(here, "..", ".."))
out_dir <- file.path(root, "Tests", "LAEvalEstimatorsTests", "Fixtures", "ordinal")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

data(wine, package = "ordinal")
d <- wine
d$tempwarm <- as.numeric(d$temp == "warm")
d$contactyes <- as.numeric(d$contact == "yes")
d$bottlenum <- as.numeric(d$bottle)
# Non-integer case weights 0.5, 1, 1.5 cycling over judges, to exercise the weighted likelihood.
d$w <- 0.5 + (as.numeric(d$judge) %% 3) / 2

tight <- clm.control(gradTol = 1e-12, relTol = 1e-12, maxIter = 1000L, maxLineIter = 50L,
                     convergence = "stop")

write_json_file <- function(x, name) {
  writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(out_dir, name))
}

write_json_file(list(
  source = "ordinal::wine (Randall 1989), 72 rows",
  rating = as.integer(d$rating),           # 1..5
  tempwarm = d$tempwarm,                    # temp == "warm"
  contactyes = d$contactyes,                # contact == "yes"
  bottle = d$bottlenum,                     # bottle 1..8 as a number
  judge = as.integer(d$judge),              # judge 1..9
  weight = d$w                              # 0.5 + (judge mod 3) / 2
), "wine.json")

# Covariate rows at which the predicted category probabilities are recorded.
newdata <- data.frame(tempwarm = c(0, 1, 0, 1, 1), contactyes = c(0, 0, 1, 1, 0),
                      bottlenum = c(1, 5, 3, 8, 6))

fit_one <- function(name, formula, link, terms, weighted = FALSE) {
  fit <- if (weighted) clm(formula, data = d, link = link, weights = w, control = tight)
         else clm(formula, data = d, link = link, control = tight)
  stopifnot(fit$convergence$code == 0)
  s <- coef(summary(fit))
  J1 <- length(fit$alpha)
  V <- vcov(fit)
  x_new <- as.matrix(newdata[, terms, drop = FALSE])
  prob <- predict(fit, newdata = newdata[, terms, drop = FALSE], type = "prob")$fit
  cum <- t(apply(prob, 1, cumsum))[, 1:J1, drop = FALSE]
  write_json_file(list(
    name = name,
    call = paste(deparse(formula), collapse = ""),
    link = link,
    weighted = weighted,
    terms = terms,
    versions = list(R = R.version.string, ordinal = as.character(packageVersion("ordinal"))),
    control = list(gradTol = 1e-12, relTol = 1e-12, maxIter = 1000, maxLineIter = 50),
    thresholds = list(names = names(fit$alpha), estimate = unname(s[1:J1, 1]), se = unname(s[1:J1, 2]),
                      z = unname(s[1:J1, 3]), p = unname(s[1:J1, 4])),
    coefficients = list(names = names(fit$beta), estimate = unname(s[-(1:J1), 1]), se = unname(s[-(1:J1), 2]),
                        z = unname(s[-(1:J1), 3]), p = unname(s[-(1:J1), 4])),
    vcov = unname(lapply(seq_len(nrow(V)), function(i) unname(V[i, ]))),
    logLik = as.numeric(logLik(fit)),
    nobs = fit$nobs,
    niter = fit$niter[[1]],
    maxGradient = fit$maxGradient,
    newdata = unname(lapply(seq_len(nrow(x_new)), function(i) unname(x_new[i, ]))),
    probabilities = unname(lapply(seq_len(nrow(prob)), function(i) unname(prob[i, ]))),
    cumulative = unname(lapply(seq_len(nrow(cum)), function(i) unname(cum[i, ])))
  ), paste0(name, ".json"))
  cat(name, ": logLik", format(as.numeric(logLik(fit)), digits = 15), "niter", fit$niter[[1]],
      "max|grad|", format(fit$maxGradient, digits = 3), "\n")
}

fit_one("clm_logit", rating ~ tempwarm + contactyes, "logit", c("tempwarm", "contactyes"))
fit_one("clm_probit", rating ~ tempwarm + contactyes, "probit", c("tempwarm", "contactyes"))
fit_one("clm_logit_bottle", rating ~ tempwarm + contactyes + bottlenum, "logit",
        c("tempwarm", "contactyes", "bottlenum"))
fit_one("clm_probit_weighted", rating ~ tempwarm + contactyes + bottlenum, "probit",
        c("tempwarm", "contactyes", "bottlenum"), weighted = TRUE)

# Check that the dummy coding reproduces the factor fit of the ordinal package's documentation.
f_factor <- clm(rating ~ temp + contact, data = wine, control = tight)
f_dummy <- clm(rating ~ tempwarm + contactyes, data = d, control = tight)
stopifnot(isTRUE(all.equal(unname(coef(f_factor)), unname(coef(f_dummy)), tolerance = 1e-12)))
