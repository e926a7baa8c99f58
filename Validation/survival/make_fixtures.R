# Reference fixtures for laeval's survival estimators (Kaplan–Meier, log-rank, Cox, cox.zph),
# made with R's survival package. Run from the repository root:
#   Rscript Validation/survival/make_fixtures.R
# Writes JSON into Tests/LAEvalEstimatorsTests/Fixtures/survival/. Every fixture carries the data
# it was fitted to, so the Swift tests need nothing else.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })

out <- "Tests/LAEvalEstimatorsTests/Fixtures/survival"
dir.create(out, recursive = TRUE, showWarnings = FALSE)
write <- function(x, name) {
  writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, na = "null", null = "null", pretty = FALSE),
             file.path(out, name))
}
# Tight Newton–Raphson so the reference is the exact maximiser, not coxph's default stopping point.
tight <- coxph.control(eps = 1e-12, iter.max = 100, toler.chol = 1e-14)

# ---- data ----------------------------------------------------------------------------------
# lung: status recoded from 1/2 to 0/1. Models and tests using ph.ecog drop the one row with
# ph.ecog missing (row 14), as R's default na.action = na.omit does; they say so in "rows".
lung01 <- data.frame(time = lung$time, status = lung$status - 1, sex = lung$sex,
                     age = lung$age, ph_ecog = lung$ph.ecog)
lungcc <- lung01[!is.na(lung01$ph_ecog), ]
heart01 <- data.frame(id = heart$id, start = heart$start, stop = heart$stop, event = heart$event,
                      age = heart$age, year = heart$year, surgery = heart$surgery,
                      transplant = as.numeric(as.character(heart$transplant)))

# ---- Kaplan–Meier --------------------------------------------------------------------------
curve <- function(fit, label) {
  q <- quantile(fit, probs = 0.5, conf.int = TRUE)
  # I() keeps one-point curves as arrays despite auto_unbox.
  list(stratum = label, time = I(fit$time), n_risk = I(fit$n.risk), n_event = I(fit$n.event),
       n_censor = I(fit$n.censor), surv = I(fit$surv), std_err = I(fit$std.err),
       lower = I(fit$lower), upper = I(fit$upper),
       median = list(estimate = unname(q$quantile[1]), lower = unname(q$lower[1]),
                     upper = unname(q$upper[1])))
}
km_curves <- function(fit) {
  if (is.null(fit$strata)) return(list(curve(fit, "all")))
  labels <- sub("^[^=]*=", "", names(fit$strata))
  lapply(seq_along(labels), function(i) curve(fit[i], labels[i]))
}
km1 <- survfit(Surv(time, status) ~ 1, data = lung01)
km2 <- survfit(Surv(time, status) ~ sex, data = lung01)
km3 <- survfit(Surv(time, status) ~ ph_ecog, data = lungcc)
# conf.type "log" (default): lower, upper = S exp(∓ z se), se = std.err (the se of log S, Greenwood).
write(list(settings = list(conf_type = km1$conf.type, conf_int = km1$conf.int, r = R.version.string,
                           survival = as.character(packageVersion("survival"))),
           data = lung01,
           overall = km_curves(km1), by_sex = km_curves(km2),
           by_ph_ecog = list(rows = "ph_ecog not missing", curves = km_curves(km3))),
      "lung_km.json")

# Small curves that exercise quantile.survfit's rules: S exactly 0.5 over an interval (median
# is the midpoint), S ending at exactly 0.5 (midpoint with the last time), tied deaths, S never
# reaching 0.5 (NA), and a curve ending at 0 (std.err and limits NA).
small <- list(list(time = c(1, 2, 3, 4), status = c(1, 1, 1, 1)),
              list(time = c(1, 2, 3, 4), status = c(1, 1, 0, 0)),
              list(time = c(1, 2, 2, 3, 5, 8), status = c(1, 1, 1, 0, 1, 0)),
              list(time = c(2, 4, 6, 8, 10), status = c(1, 0, 0, 1, 0)),
              list(time = c(5, 5, 7, 9, 9, 9, 12, 15), status = c(0, 1, 1, 1, 0, 1, 1, 0)))
write(lapply(small, function(d) list(data = d, curve = curve(survfit(Surv(time, status) ~ 1, data = as.data.frame(d)), "all"))),
      "small_km.json")

# ---- log-rank --------------------------------------------------------------------------------
logrank <- function(sd, rows) {
  o <- sd$obs; e <- sd$exp
  if (is.matrix(o)) { o <- rowSums(o); e <- rowSums(e) }
  list(rows = rows, groups = sub("^[^=]*=", "", names(sd$n)), observed = I(unname(o)),
       expected = I(unname(e)), chisq = sd$chisq, df = length(sd$n) - 1,
       p = pchisq(sd$chisq, length(sd$n) - 1, lower.tail = FALSE))
}
write(list(data = lung01,
           sex = logrank(survdiff(Surv(time, status) ~ sex, data = lung01), "all"),
           ph_ecog = logrank(survdiff(Surv(time, status) ~ ph_ecog, data = lungcc), "ph_ecog not missing"),
           sex_strata_ph_ecog = logrank(survdiff(Surv(time, status) ~ sex + strata(ph_ecog), data = lungcc),
                                        "ph_ecog not missing")),
      "lung_logrank.json")

# ---- Cox -------------------------------------------------------------------------------------
test3 <- function(stat, df) list(statistic = unname(stat), df = df, p = pchisq(unname(stat), df, lower.tail = FALSE))
coxfix <- function(fit, zph = TRUE) {
  s <- summary(fit)
  p <- length(coef(fit))
  r <- list(names = names(coef(fit)), coef = unname(coef(fit)),
            se = unname(sqrt(diag(if (is.null(fit$naive.var)) fit$var else fit$naive.var))),
            robust_se = if (is.null(fit$naive.var)) NULL else unname(sqrt(diag(fit$var))),
            var = unname(fit$var), loglik = unname(fit$loglik), iter = fit$iter,
            wald = test3(fit$wald.test, p), lr = test3(2 * diff(fit$loglik), p),
            score = test3(fit$score, p),
            robust_score = if (is.null(fit$rscore)) NULL else test3(fit$rscore, p),
            hr = unname(s$conf.int[, 1]), hr_lower = unname(s$conf.int[, 3]), hr_upper = unname(s$conf.int[, 4]),
            concordance = unname(fit$concordance["concordance"]), concordance_se = unname(fit$concordance["std"]),
            concordance_counts = as.list(fit$concordance[1:5]))
  if (zph) {
    z <- cox.zph(fit)  # transform = "km", terms = TRUE, global = TRUE
    r$zph <- list(terms = rownames(z$table), chisq = unname(z$table[, 1]), df = unname(z$table[, 2]),
                  p = unname(z$table[, 3]))
  }
  r
}
f <- Surv(time, status) ~ age + sex + ph_ecog
write(list(rows = "ph_ecog not missing (227 of 228)", data = lungcc,
           efron = coxfix(coxph(f, data = lungcc, ties = "efron", control = tight)),
           breslow = coxfix(coxph(f, data = lungcc, ties = "breslow", control = tight)),
           efron_robust = coxfix(coxph(f, data = lungcc, ties = "efron", robust = TRUE, control = tight)),
           breslow_robust = coxfix(coxph(f, data = lungcc, ties = "breslow", robust = TRUE, control = tight)),
           efron_strata_sex = coxfix(coxph(Surv(time, status) ~ age + ph_ecog + strata(sex), data = lungcc,
                                           ties = "efron", control = tight))),
      "lung_cox.json")

h <- Surv(start, stop, event) ~ age + year + surgery + transplant
write(list(data = heart01,
           efron = coxfix(coxph(h, data = heart01, ties = "efron", control = tight)),
           breslow = coxfix(coxph(h, data = heart01, ties = "breslow", control = tight)),
           efron_cluster = coxfix(coxph(update(h, . ~ . + cluster(id)), data = heart01, ties = "efron", control = tight)),
           breslow_cluster = coxfix(coxph(update(h, . ~ . + cluster(id)), data = heart01, ties = "breslow", control = tight))),
      "heart_cox.json")
