#!/usr/bin/env Rscript
# Reference fixtures for laeval's continuous-time multi-state Markov model
# (Sources/LAEvalEstimators/MultiState) from R's msm, on msm's `cav` data.
#
# Writes Tests/LAEvalEstimatorsTests/Fixtures/msm/{cav.json, fit_*.json, lrtest.json}.
# Run from the repository root:   Rscript Validation/msm/make_fixtures.R
#
# Every model is fitted TIGHTLY: msm's default optim BFGS (reltol 1e-8) stops
# with log-intensities ~1e-3 from the optimum on cav, so we use
# control = list(fnscale = 4000, reltol = 1e-16, maxit = 2000) and then
# restart BFGS from the optimum (at most twice) while -2 log L still improves, and record the
# analytic gradient of -2 log L at the final estimates (paramdata$deriv).

suppressPackageStartupMessages({ library(msm); library(jsonlite) })

file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else normalizePath("Validation/msm")
root <- normalizePath(file.path(here, "..", ".."))
out <- file.path(root, "Tests", "LAEvalEstimatorsTests", "Fixtures", "msm")
dir.create(out, showWarnings = FALSE, recursive = TRUE)

write_fixture <- function(x, name) {
  writeLines(toJSON(x, digits = NA, auto_unbox = TRUE, matrix = "rowmajor", null = "null", na = "null"),
             file.path(out, name))
}

twoway4.q <- rbind(c(-0.5, 0.25, 0, 0.25), c(0.166, -0.498, 0.166, 0.166),
                   c(0, 0.25, -0.5, 0.25), c(0, 0, 0, 0))
tight <- list(fnscale = 4000, reltol = 1e-16, maxit = 2000)

# Fit, then restart BFGS from the estimates (baseline intensities at the covariate
# means, covariate effects as covinits) until -2 log L no longer improves.
fit_tight <- function(args, restarts = 2) {
  args$formula <- state ~ years
  args$subject <- quote(PTNUM)
  args$qmatrix <- twoway4.q
  args$deathexact <- 4
  args$control <- tight
  m <- do.call(msm, args)
  message("tight fit: -2LL ", format(m$minus2loglik, digits = 15), " counts ", paste(m$opt$counts, collapse = "/"),
          " max|grad| ", max(abs(m$paramdata$deriv)))
  for (k in seq_len(restarts)) {
    args$qmatrix <- unclass(qmatrix.msm(m, ci = "none"))
    if (m$qcmodel$ncovs > 0) {
      args$covinits <- lapply(attr(m$Qmatrices, "covlabels"), function(cv) t(m$Qmatrices[[cv]])[t(twoway4.q) > 0])
      names(args$covinits) <- attr(m$Qmatrices, "covlabels")
    }
    m2 <- do.call(msm, args)
    message("restart ", k, ": -2LL ", format(m2$minus2loglik, digits = 15), " max|grad| ", max(abs(m2$paramdata$deriv)))
    improved <- m2$minus2loglik < m$minus2loglik - 1e-9
    if (m2$minus2loglik < m$minus2loglik) m <- m2
    if (!improved) break
  }
  m
}

# ---- data ------------------------------------------------------------------
cav_cols <- cav[, c("PTNUM", "years", "state", "sex", "firstobs")]
write_fixture(as.list(cav_cols), "cav.json")

# censored variant: every 7th row that is neither a subject's first row nor a death
# has its state replaced by 99 (state known only to be one of 1, 2, 3)
cavc <- cav_cols
cand <- which(cavc$firstobs == 0 & cavc$state != 4)
cens_rows <- cand[seq(1, length(cand), by = 7)]
cavc$state[cens_rows] <- 99

# ---- outputs of one fit ------------------------------------------------------
summarise_fit <- function(m, name, prevalence = TRUE, covariates_zero = FALSE) {
  set.seed(20240601)
  q <- qmatrix.msm(m)
  soj <- sojourn.msm(m)
  pm <- lapply(c(1, 5), function(t) {
    set.seed(1)
    p <- pmatrix.msm(m, t = t, ci = "normal", B = 5000)
    list(t = t, estimate = unclass(p$estimates), lower = unclass(p$L), upper = unclass(p$U))
  })
  res <- list(
    name = name,
    msm_version = as.character(packageVersion("msm")),
    r_version = R.version.string,
    minus2loglik = m$minus2loglik,
    estimates = unname(m$estimates),
    covmat = unname(m$covmat),
    gradient = unname(m$paramdata$deriv),
    opt_counts = unname(m$opt$counts),
    covmeans = as.list(attr(m$data$mf, "covmeans")[-1]),
    qmatrix = list(estimate = unclass(q$estimates), se = unclass(q$SE), lower = unclass(q$L), upper = unclass(q$U)),
    sojourn = list(estimate = unname(soj$estimates), se = unname(soj$SE), lower = unname(soj$L), upper = unname(soj$U)),
    pmatrix = pm
  )
  if (m$qcmodel$ncovs > 0) {
    h <- hazard.msm(m)
    res$hazard <- lapply(names(h), function(cv) list(covariate = cv, hr = unname(h[[cv]][, 1]),
                                                     lower = unname(h[[cv]][, 2]), upper = unname(h[[cv]][, 3])))
    q0 <- qmatrix.msm(m, covariates = 0)
    res$qmatrix_zero <- list(estimate = unclass(q0$estimates), lower = unclass(q0$L), upper = unclass(q0$U))
    if (name == "sex") {
      res$pmatrix_male <- unclass(pmatrix.msm(m, t = 2, covariates = list(sex = 0)))
      res$pmatrix_female <- unclass(pmatrix.msm(m, t = 2, covariates = list(sex = 1)))
    }
  }
  if (prevalence) {
    pr <- prevalence.msm(m, times = c(0, 2, 4, 6, 8, 10))
    res$prevalence <- list(times = c(0, 2, 4, 6, 8, 10), observed = unname(unclass(pr$Observed)),
                           expected = unname(unclass(pr$Expected)))
  }
  res
}

# ---- (a) the manual's model --------------------------------------------------
ma <- fit_tight(list(data = cav))
write_fixture(summarise_fit(ma, "base"), "fit_base.json")

# ---- (b) with sex on every intensity -----------------------------------------
# no finite optimum (no woman dies from state 2, so that effect runs to -Inf): no restarts
mb <- fit_tight(list(data = cav, covariates = ~ sex), restarts = 0)
write_fixture(summarise_fit(mb, "sex"), "fit_sex.json")

# ---- (c) sex constrained: progression (1-2, 2-3), recovery (2-1, 3-2), death (1-4, 2-4, 3-4) ----
# transitions in msm's (row-major) order: 1-2, 1-4, 2-1, 2-3, 2-4, 3-2, 3-4
mc <- fit_tight(list(data = cav, covariates = ~ sex, constraint = list(sex = c(1, 3, 2, 1, 3, 2, 3))))
fc <- summarise_fit(mc, "sex_constrained")
fc$constraint <- c(1, 3, 2, 1, 3, 2, 3)
write_fixture(fc, "fit_sex_constrained.json")

# ---- (d) censored states -------------------------------------------------------
md <- fit_tight(list(data = cavc, censor = 99, censor.states = list(c(1, 2, 3))))
fd <- summarise_fit(md, "censored", prevalence = FALSE)
fd$censored_rows <- cens_rows  # 1-based rows of cav whose state is 99
write_fixture(fd, "fit_censored.json")

# ---- LR test (a) vs (b), and (c) vs (b) ------------------------------------------
lr <- lrtest.msm(ma, mb)
lr2 <- lrtest.msm(mc, mb)
lr3 <- lrtest.msm(ma, mc)  # both with finite optima: the exact comparison
write_fixture(list(base_vs_sex = list(statistic = lr[1, 1], df = lr[1, 2], p = lr[1, 3]),
                   constrained_vs_sex = list(statistic = lr2[1, 1], df = lr2[1, 2], p = lr2[1, 3]),
                   base_vs_constrained = list(statistic = lr3[1, 1], df = lr3[1, 2], p = lr3[1, 3])), "lrtest.json")

# ---- default-settings fits, to document how far msm's default optimiser stops short ----
md_default <- msm(state ~ years, subject = PTNUM, data = cav, qmatrix = twoway4.q, deathexact = 4)
cat("default vs tight: -2LL", md_default$minus2loglik - ma$minus2loglik,
    " max |log q difference|", max(abs(md_default$estimates - ma$estimates)), "\n")
for (m in list(ma, mb, mc, md)) cat("-2LL", format(m$minus2loglik, digits = 12), " max|grad|", max(abs(m$paramdata$deriv)), "\n")
