#!/usr/bin/env Rscript
# Times R's msm on cav and on the simulated 10x panel (make_panel.R), with msm's default
# optimiser settings and with tight ones, for the comparison with laeval.
#   Rscript Benchmarks/msm/time_msm.R [panel.csv] [repeats]
# Models: the msm manual's 4-state cav model (twoway4.q, deathexact = 4), without and with
# `covariates = ~ sex`. Reported: elapsed seconds (median of `repeats`, default 3),
# -2 log L, optimiser counts. Tight = control = list(fnscale = 4000, reltol = 1e-16, maxit = 2000).
# A fit that fails is reported as NA (cav with sex has no finite optimum; see the fixtures README).
suppressPackageStartupMessages(library(msm))
args <- commandArgs(trailingOnly = TRUE)
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else normalizePath("Benchmarks/msm")
panel_path <- if (length(args) >= 1) args[1] else file.path(here, "data", "sim_panel_10x.csv")
repeats <- if (length(args) >= 2) as.integer(args[2]) else 3

twoway4.q <- rbind(c(-0.5, 0.25, 0, 0.25), c(0.166, -0.498, 0.166, 0.166),
                   c(0, 0.25, -0.5, 0.25), c(0, 0, 0, 0))
settings <- list(default = list(), tight = list(fnscale = 4000, reltol = 1e-16, maxit = 2000))
datasets <- list(cav = cav[, c("PTNUM", "years", "state", "sex")], sim10x = read.csv(panel_path))

rows <- list()
for (dname in names(datasets)) for (cov in c("none", "sex")) for (sname in names(settings)) {
  d <- datasets[[dname]]
  times <- numeric(repeats)
  m <- NULL
  for (r in seq_len(repeats)) {
    # msm can fail (e.g. numerical overflow when an effect runs off to infinity): record NA
    times[r] <- system.time(
      m <- tryCatch(if (cov == "none")
        msm(state ~ years, subject = PTNUM, data = d, qmatrix = twoway4.q, deathexact = 4, control = settings[[sname]])
      else
        msm(state ~ years, subject = PTNUM, data = d, qmatrix = twoway4.q, deathexact = 4, covariates = ~ sex,
            control = settings[[sname]]), error = function(e) { message(dname, "/", cov, "/", sname, ": ", conditionMessage(e)); NULL }))["elapsed"]
  }
  rows[[length(rows) + 1]] <- data.frame(data = dname, rows = nrow(d), covariates = cov, settings = sname,
                                         seconds = if (is.null(m)) NA else median(times),
                                         minus2loglik = if (is.null(m)) NA else m$minus2loglik,
                                         fn_calls = if (is.null(m)) NA else m$opt$counts[1], gr_calls = if (is.null(m)) NA else m$opt$counts[2])
}
res <- do.call(rbind, rows)
print(res, row.names = FALSE)
cat("msm", as.character(packageVersion("msm")), "on", R.version.string, "\n")
