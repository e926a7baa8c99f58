#!/usr/bin/env Rscript
# Simulated panel 10x the size of msm's cav data, for timing msm against laeval.
#   Rscript Benchmarks/msm/make_panel.R [out.csv]   (default Benchmarks/msm/data/sim_panel_10x.csv)
# 6220 subjects (10 x cav's 622). Each is seen at time 0 and then about yearly
# (gaps 1 + U(-0.2, 0.2)) for up to 10 visits (uniform 2..10 planned visits), with a
# sex-like binary covariate (P = 0.2, as cav's sex). The process is the 4-state
# cav model (1 <-> 2 <-> 3, each -> 4 = death) with intensities near msm's cav estimates
# and log hazard ratios for sex; simulated exactly by simmulti.msm with death = 4
# (death times exact, as deathexact = 4 in the fit). Seed 20240601.
suppressPackageStartupMessages(library(msm))
args <- commandArgs(trailingOnly = TRUE)
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else normalizePath("Benchmarks/msm")
out <- if (length(args) >= 1) args[1] else file.path(here, "data", "sim_panel_10x.csv")
dir.create(dirname(out), showWarnings = FALSE, recursive = TRUE)

set.seed(20240601)
n <- 6220
visits <- sample(2:10, n, replace = TRUE)
subject <- rep(seq_len(n), visits)
time <- unlist(lapply(visits, function(v) c(0, cumsum(1 + runif(v - 1, -0.2, 0.2)))))
sex <- rep(rbinom(n, 1, 0.2), visits)
schedule <- data.frame(subject = subject, time = time, sex = sex)

q <- rbind(c(0, 0.128, 0, 0.043),
           c(0.225, 0, 0.342, 0.040),
           c(0, 0.131, 0, 0.306),
           c(0, 0, 0, 0))
sim <- simmulti.msm(schedule, qmatrix = q, covariates = list(sex = c(0.3, -0.2, 0.5, 0.1, 0.2, -0.3, 0.4)), death = 4)
panel <- data.frame(PTNUM = sim$subject, years = sim$time, state = sim$state, sex = sim$sex)
write.csv(panel, out, row.names = FALSE)
cat("wrote", nrow(panel), "rows for", length(unique(panel$PTNUM)), "subjects to", out, "\n")
