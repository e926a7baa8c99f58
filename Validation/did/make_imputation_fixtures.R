#!/usr/bin/env Rscript
# Reference fixtures for the Borusyak, Jaravel & Spiess (2024, REStud) imputation
# estimator on mpdta, from R's didimputation (Kyle Butts), with a by-hand
# replication of its standard error, a second SE variant (tau-tilde pooled by
# horizon), and a cross-check of the point estimates against pyfixest's did2s.
#
# Writes Tests/LAEvalEstimatorsTests/Fixtures/did/imputation_mpdta.json.
#
# Run from the repo root (see Validation/did/README.md, section "Imputation
# estimator (BJS 2024)", for how the R library was installed):
#   R_LIBS_USER=/tmp/rlib Rscript Validation/did/make_imputation_fixtures.R
# The Python interpreter used for did2s is $DIDENV_PYTHON (default
# /tmp/didenv/bin/python); it runs Validation/did/imputation_did2s_points.py.
#
# Spec: outcome lemp, unit countyreal, time year, group first_treat (0 = never
# treated), no covariates (first stage: unit + year fixed effects), clusters =
# countyreal, no observation weights.

suppressPackageStartupMessages({
  library(didimputation)
  library(fixest)
  library(data.table)
  library(Matrix)
  library(jsonlite)
})

# ---- paths -----------------------------------------------------------------
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else
  normalizePath("Validation/did")
root <- normalizePath(file.path(here, "..", ".."))
fix_dir <- file.path(root, "Tests", "LAEvalEstimatorsTests", "Fixtures", "did")
csv_path <- file.path(fix_dir, "mpdta.csv")
out_path <- file.path(fix_dir, "imputation_mpdta.json")
py <- Sys.getenv("DIDENV_PYTHON", "/tmp/didenv/bin/python")
py_script <- file.path(here, "imputation_did2s_points.py")

# ---- data ------------------------------------------------------------------
d <- read.csv(csv_path, colClasses = c(year = "integer", countyreal = "integer",
  lpop = "numeric", lemp = "numeric", first_treat = "integer", treat = "integer"))
# The CSV stores doubles as %.17g; check that R parsed them bit for bit.
raw <- read.csv(csv_path, colClasses = "character")
stopifnot(identical(sprintf("%.17g", d$lemp), raw$lemp))
stopifnot(nrow(d) == 2500, length(unique(d$countyreal)) == 500)

Y <- "lemp"; G <- "first_treat"; TT <- "year"; ID <- "countyreal"
HORIZONS <- 0:3
LEADS <- 1:3                      # lead k  <->  event time -k
n_clusters <- length(unique(d[[ID]]))

di <- function(...) {
  as.data.frame(did_imputation(data = d, yname = Y, gname = G, tname = TT,
                               idname = ID, ...))
}

# ---- 1. didimputation runs ---------------------------------------------------
res_static <- di()
res_h <- di(horizon = TRUE)
res_hp <- di(horizon = TRUE, pretrends = -LEADS)   # pretrends = c(-1, -2, -3)
res_hpT <- di(horizon = TRUE, pretrends = TRUE)
res_p13 <- di(pretrends = 1:3)                      # positive values: see notes

stopifnot(nrow(res_static) == 1, res_static$term == "treat")
hrow <- function(res, h) res[res$term == as.character(h), ]
for (h in HORIZONS) {   # adding pretrends must not change the horizon rows
  stopifnot(identical(hrow(res_h, h)$estimate, hrow(res_hp, h)$estimate),
            identical(hrow(res_h, h)$std.error, hrow(res_hp, h)$std.error))
}
stopifnot(identical(sort(as.numeric(res_h$term)), as.numeric(HORIZONS)))

# ---- 2. by-hand replication ---------------------------------------------------
n <- nrow(d)
y <- d[[Y]]
g <- d[[G]]
tt <- d[[TT]]
D <- as.integer(g > 0 & tt >= g)                 # treated observation
ev <- ifelse(g > 0, tt - g, NA_integer_)          # event time (NA: never treated)
ids <- sort(unique(d[[ID]])); yrs <- sort(unique(tt))
# First-stage design: all 500 county dummies + year dummies 2004..2007 (full rank
# on the untreated rows; same columns fixest::sparse_model_matrix produces).
Z <- cbind(sparseMatrix(i = 1:n, j = match(d[[ID]], ids), x = 1,
                        dims = c(n, length(ids))),
           sparseMatrix(i = 1:n, j = match(tt, yrs), x = 1,
                        dims = c(n, length(yrs)))[, -1])
Z0 <- as.matrix(Z[D == 0, ]); Z1 <- as.matrix(Z[D == 1, ])
A <- crossprod(Z0)
stopifnot(qr(A)$rank == ncol(A))
beta <- solve(A, crossprod(Z0, y[D == 0]))
y0hat <- as.vector(as.matrix(Z) %*% beta)
adj <- y - y0hat          # treated: tau_hat_it; untreated: first-stage residual

# weight columns: static + horizons 0..3 (uniform within target, sum to one)
W <- cbind(treat = D / sum(D),
           sapply(HORIZONS, function(h) {
             x <- as.numeric(D == 1 & ev == h); x / sum(x)
           }))
colnames(W) <- c("treat", paste0("h", HORIZONS))
V <- W
V[D == 0, ] <- -Z0 %*% solve(A, crossprod(Z1, W[D == 1, , drop = FALSE]))

est_hand <- colSums(W * adj)
est_via_v <- colSums(V * y)   # the estimator is linear in Y with weights v
stopifnot(max(abs(est_hand - est_via_v)) < 1e-12)

# BJS conservative SE with tau-tilde averaged within 'groups' (treated rows only).
se_bjs <- function(v, groups, factor = 1) {
  tau_bar <- numeric(n)
  tr <- which(D == 1)
  num <- tapply(v[tr]^2 * adj[tr], groups[tr], sum)
  den <- tapply(v[tr]^2, groups[tr], sum)
  cell <- num / den
  cell[!is.finite(cell)] <- 0       # cells with zero weight (0/0) -> 0
  tau_bar[tr] <- cell[as.character(groups[tr])]
  eps <- adj - tau_bar              # untreated rows: tau_bar = 0
  s <- rowsum(v * eps, d[[ID]])
  sqrt(factor * sum(s^2))
}
grp_cohort_h <- paste(g, ev, sep = "_")
grp_h <- as.character(ev)
Gfac <- n_clusters / (n_clusters - 1)

se_cell <- sapply(colnames(W), function(k) se_bjs(V[, k], grp_cohort_h))
se_pool <- sapply(colnames(W), function(k) se_bjs(V[, k], grp_h))
se_pool_G <- sapply(colnames(W), function(k) se_bjs(V[, k], grp_h, Gfac))
se_static_all <- se_bjs(V[, "treat"], rep("all", n))   # one pooled tau_bar

pkg_est <- c(treat = res_static$estimate,
             setNames(sapply(HORIZONS, function(h) hrow(res_h, h)$estimate),
                      paste0("h", HORIZONS)))
pkg_se <- c(treat = res_static$std.error,
            setNames(sapply(HORIZONS, function(h) hrow(res_h, h)$std.error),
                     paste0("h", HORIZONS)))
d_est <- max(abs(pkg_est - est_hand))
d_se <- max(abs(pkg_se - se_cell))
# fixest recovers the fixed effects used by predict() iteratively (fixef() with
# fixef.tol = 1e-5, not settable through did_imputation), so the package's points
# differ from the exact least-squares imputation by a few 1e-9; SEs agree to 1e-12.
stopifnot(d_est < 1e-8, d_se < 1e-10)

# cohort x horizon cells (tau_bar of the package's SE step)
cells <- aggregate(data.frame(tau_hat = adj[D == 1], n_obs = 1),
                   by = list(cohort = g[D == 1], event_time = ev[D == 1]),
                   FUN = function(x) x[1])
cells$tau_hat <- as.vector(tapply(adj[D == 1], list(g[D == 1], ev[D == 1]),
                                  mean)[cbind(as.character(cells$cohort),
                                              as.character(cells$event_time))])
cells$n_obs <- as.vector(table(g[D == 1], ev[D == 1])[
  cbind(as.character(cells$cohort), as.character(cells$event_time))])
cells <- cells[order(cells$cohort, cells$event_time), ]

# ---- 3. pre-trend regression: check and small-sample factor -------------------
u <- d[D == 0, ]
u$et <- ifelse(u[[G]] > 0, u[[TT]] - u[[G]], -Inf)
pre_fix <- feols(lemp ~ i(et, keep = c(-3, -2, -1)) | countyreal + year, u,
                 cluster = ~countyreal, warn = FALSE, notes = FALSE)
se_fix_raw <- sqrt(diag(vcov(pre_fix, cluster = ~countyreal,
                             ssc = ssc(adj = FALSE, cluster.adj = FALSE))))[
  paste0("et::", -LEADS)]
# by hand: dense OLS on untreated rows, raw cluster sandwich
Lmat <- sapply(-LEADS, function(k) as.numeric(is.finite(u$et) & u$et == k))
X <- cbind(Lmat, Z0)
XtXi <- solve(crossprod(X))
bpre <- XtXi %*% crossprod(X, u$lemp)
r <- as.vector(u$lemp - X %*% bpre)
meat_s <- rowsum(X * r, u$countyreal)
Vraw <- XtXi %*% crossprod(meat_s) %*% XtXi
pre_hand <- bpre[1:3]
pre_hand_se_raw <- sqrt(diag(Vraw)[1:3])
pre_pkg <- res_hp[res_hp$term %in% as.character(-LEADS), ]
pre_pkg <- pre_pkg[match(as.character(-LEADS), pre_pkg$term), ]
# fixest demeans iteratively, so its raw SEs match the dense solve to ~1e-10
stopifnot(max(abs(pre_pkg$estimate - pre_hand)) < 1e-10,
          max(abs(se_fix_raw - pre_hand_se_raw)) < 1e-9)
ssc_factor <- unname((pre_pkg$std.error / se_fix_raw)^2)
stopifnot(diff(range(ssc_factor)) < 1e-12)
ssc_factor <- ssc_factor[1]
n_pre <- nrow(u)
# fixest default: G/(G-1) * (n-1)/(n-K); solve for the K it used
K_implied <- n_pre - (n_pre - 1) / (ssc_factor / Gfac)

pT <- res_hpT[!res_hpT$term %in% as.character(HORIZONS), ]

# ---- 4. did2s cross-check -------------------------------------------------------
py_out <- system2(py, c(shQuote(py_script), shQuote(csv_path)), stdout = TRUE)
dd <- fromJSON(paste(py_out, collapse = "\n"), simplifyVector = FALSE)
d2_est <- c(treat = dd$static$estimate,
            setNames(sapply(dd$horizons, `[[`, "estimate"), paste0("h", HORIZONS)))
stopifnot(identical(sapply(dd$horizons, `[[`, "horizon"), as.list(HORIZONS)) ||
          all(unlist(sapply(dd$horizons, `[[`, "horizon")) == HORIZONS))
d2_diff <- max(abs(d2_est - pkg_est))
d2_diff_exact <- max(abs(d2_est - est_hand))
stopifnot(d2_diff < 1e-8, d2_diff_exact < 1e-9)

# ---- 5. JSON -----------------------------------------------------------------------
num <- function(x) structure(x, class = "num17")
to_json <- function(x, ind = "") {
  ind2 <- paste0(ind, "  ")
  if (is.null(x)) return("null")
  if (inherits(x, "num17") || (is.numeric(x) && length(x) == 1 && !is.list(x))) {
    x <- unclass(x)
    if (length(x) != 1) stop("scalar expected")
    if (is.na(x) || !is.finite(x)) return("null")
    if (is.integer(x)) return(as.character(x))
    if (x == round(x) && abs(x) < 1e15) return(format(x, scientific = FALSE))
    return(sprintf("%.17g", x))
  }
  if (is.character(x) && length(x) == 1) return(as.character(toJSON(x, auto_unbox = TRUE)))
  if (is.logical(x) && length(x) == 1) return(if (is.na(x)) "null" else tolower(as.character(x)))
  if (is.atomic(x)) x <- as.list(x)
  if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
  if (!is.null(names(x))) {
    items <- mapply(function(k, v) paste0(ind2, toJSON(k, auto_unbox = TRUE), ": ",
                                          to_json(v, ind2)), names(x), x)
    return(paste0("{\n", paste(items, collapse = ",\n"), "\n", ind, "}"))
  }
  items <- vapply(x, function(v) paste0(ind2, to_json(v, ind2)), "")
  paste0("[\n", paste(items, collapse = ",\n"), "\n", ind, "]")
}

pv <- function(p) as.character(packageVersion(p))

se_method <- list(
  summary = paste(
    "didimputation's SE is the BJS conservative cluster-robust variance:",
    "Var = sum over clusters c of (sum_{it in c} v_it * eps_it)^2, SE = sqrt(Var),",
    "no small-sample factor, clusters = countyreal (cluster_var defaults to idname).",
    "v_it are the implied estimator weights; eps_it is the first-stage residual for",
    "untreated rows and tau_hat_it - tau_bar_{g,e} for treated rows, where tau_bar",
    "averages tau_hat within cohort x event-time cells without leave-out."),
  a_weights = paste(
    sprintf("Target weights w: static (horizon = NULL): w_it = 1/N1 for each of the N1 = %d", sum(D)),
    "treated rows (D_it = 1 when first_treat > 0 and year >= first_treat);",
    "horizon h: w_it = 1/N_h for treated rows with year - first_treat = h, 0 otherwise",
    "(no wname, so all observation weights are 1; the weights are normalised to",
    "sum to 1). Treated rows: v_it = w_it. Untreated rows (never-treated rows and",
    "not-yet-treated rows, D_it = 0): v_0 = -Z0 (Z0'Z0)^{-1} Z1' w1, where Z is the",
    "first-stage design matrix from fixest::sparse_model_matrix(type = c('rhs','fixef')):",
    "all 500 county dummies plus year dummies 2004-2007 (one year level dropped,",
    "full rank), Z0/Z1 its untreated/treated rows, w1 the treated-row weights.",
    "So estimate = sum_all v_it * Y_it (BJS eq. for the implied weights; source",
    "comment cites 'Equation (6)')."),
  b_tau_tilde = paste(
    "For each target separately, tau_bar is computed within cells defined by",
    "(gname, event time) = cohort x horizon (data.table by = c(gname,",
    "'zz000event_time')), NOT pooled over cohorts and NOT split by anything else:",
    "tau_bar_{g,e} = sum(v^2 * adj) / sum(v^2) over the cell's rows, where",
    "adj = Y - Yhat(0) (the imputed effect tau_hat_it on treated rows), then",
    "multiplied by the treatment indicator so it is 0 on untreated rows. Because",
    "v is constant within a cell (uniform target weights), tau_bar_{g,e} is the plain",
    "mean of tau_hat_it in the cell, i.e. the cohort-horizon ATT. No leave-out",
    "correction: each row's own tau_hat enters its cell mean. Cells with all v = 0",
    "(other horizons, for a horizon target) give 0/0, set to 0; they carry v = 0 so",
    "they do not contribute. Residual used: treated eps_it = tau_hat_it -",
    "tau_bar_{g(i),e(it)}; untreated eps_it = Y_it - Yhat_it(0), the first-stage OLS",
    "residual (first stage fitted on untreated rows only, unit + year FE).",
    "Source comment cites 'Equation (10)' (tau_it - tau_bar_et) and 'Equation (8)'",
    "for the variance."),
  c_small_sample_and_clustering = paste(
    "No small-sample factor at all: no G/(G-1), no (n-1)/(n-K). The variance is the",
    "sum over clusters of the squared within-cluster sums of v_it * eps_it.",
    "cluster_var defaults to idname (here countyreal, G = 500 clusters).",
    "The normal critical value 1.96 is used for conf.low/conf.high."),
  pretrends = paste(
    "Pre-trend coefficients are NOT from the imputation machinery: a separate",
    "fixest::feols OLS on the untreated rows only (D_it = 0: all never-treated rows",
    "plus the pre-treatment rows of eventually treated counties), outcome on unit +",
    "year FE plus i(event_time, keep = pretrends) lead dummies, clustered by",
    "cluster_var with fixest's default small-sample correction (see pretrends.ssc).")
)

horizon_rows <- lapply(seq_along(HORIZONS), function(j) {
  h <- HORIZONS[j]; k <- paste0("h", h)
  list(horizon = h, term = as.character(h), estimate = num(pkg_est[[k]]),
       se = num(pkg_se[[k]]), estimate_exact = num(est_hand[[k]]),
       n_obs = sum(D == 1 & ev == h, na.rm = TRUE))
})

out <- list(
  meta = list(
    description = paste(
      "Borusyak, Jaravel & Spiess (2024, REStud) imputation estimator on mpdta,",
      "computed with R didimputation::did_imputation; SEs replicated by hand",
      "(hand_replication); SE variant with tau-tilde pooled by horizon",
      "(horizons_se_pooled_by_horizon); points cross-checked with pyfixest did2s."),
    data = "mpdta.csv (this folder): 2,500 rows, 500 counties, 2003-2007",
    spec = list(yname = Y, idname = ID, tname = TT, gname = G,
                never_treated_code = 0L, first_stage = "~ 0 | countyreal + year",
                covariates = NULL, weights = NULL, cluster_var = ID,
                n_obs = n, n_treated_obs = sum(D), n_untreated_obs = sum(D == 0),
                n_clusters = n_clusters),
    calls = list(
      static = "did_imputation(d, yname='lemp', gname='first_treat', tname='year', idname='countyreal')",
      horizons = "did_imputation(..., horizon = TRUE)",
      pretrends = "did_imputation(..., horizon = TRUE, pretrends = c(-1, -2, -3))",
      pretrends_TRUE = "did_imputation(..., horizon = TRUE, pretrends = TRUE)"),
    versions = list(
      R = R.version.string, didimputation = pv("didimputation"),
      fixest = pv("fixest"), data.table = pv("data.table"), Matrix = pv("Matrix"),
      jsonlite = pv("jsonlite"), dreamerr = pv("dreamerr"),
      stringmagic = pv("stringmagic"), pyfixest = dd$pyfixest),
    install_notes = paste(
      "CRAN was unreachable and Debian bookworm has no r-cran-fixest. didimputation",
      "0.5.0 (GitHub kylebutts/didimputation @ 906648e192e0efec9939082cbfcb099dc2d94138)",
      "and fixest 0.12.2 (lrberge/fixest @ dbe56c5d953deb797a61dfc37f6e25fd143c68d4),",
      "dreamerr 1.5.0 (@ ee0086ecfeafd932a2d8600511e67862e9c02c08) and stringmagic",
      "1.2.0 (@ 87b187d40c745ea1d8496f071aee7229985da23c) were built from source",
      "snapshots with R CMD INSTALL into /tmp/rlib. didimputation 0.5.0 declares",
      "fixest >= 0.13.2; the only code change versus 0.4.0 that concerns fixest is the",
      "switch to fixest::sparse_model_matrix, which exists in 0.12.2; the Depends line",
      "of the DESCRIPTION in the build copy was relaxed to fixest >= 0.12.2, no R code",
      "was changed. The by-hand replication below (independent of fixest) matches the",
      "package to < 1e-10."),
    float_format = "%.17g (round-trips to the same double)",
    estimate_vs_estimate_exact = paste(
      "'estimate' is what didimputation returns. fixest::predict recovers the fixed",
      "effects with fixest::fixef(), which iterates to fixef.tol = 1e-5 (not",
      "settable through did_imputation), so the package's points are off the exact",
      "least-squares imputation by up to ~5e-9. 'estimate_exact' is the exact value",
      "(dense solve of the untreated rows' normal equations, see hand_replication);",
      "pyfixest did2s agrees with it to ~5e-11. SEs are unaffected at the 1e-12 level.",
      "Compare laeval with estimate_exact at ~1e-10, or with estimate at ~1e-8."),
    generated_by = "Validation/did/make_imputation_fixtures.R (+ imputation_did2s_points.py)"),
  se_method = se_method,
  static = list(term = "treat", estimate = num(pkg_est[["treat"]]),
                se = num(pkg_se[["treat"]]),
                estimate_exact = num(est_hand[["treat"]]), n_obs = sum(D),
                weights = "every treated observation weight 1/N1"),
  horizons = horizon_rows,
  pretrends = list(
    argument = "pretrends = c(-1, -2, -3)  (leads 1..3 = event times -1, -2, -3)",
    method = paste(
      "OLS (fixest::feols) on untreated rows only (D_it = 0), n = ", n_pre,
      ": lemp ~ i(event_time, keep = c(-3, -2, -1)) | countyreal + year. Lead k",
      "dummy = 1 on rows of eventually treated counties with year - first_treat = -k.",
      "Reference rows: never-treated rows (event time -Inf) and cohort 2007 in 2003",
      "(event time -4). Clustered by countyreal with fixest's default small-sample",
      "correction. This is BJS's pre-trend test regression (untreated observations,",
      "FE model plus lead indicators); it does not use the imputation weights."),
    n_obs = n_pre,
    coefficients = lapply(seq_along(LEADS), function(j) list(
      lead = LEADS[j], event_time = -LEADS[j], term = pre_pkg$term[j],
      estimate = num(pre_pkg$estimate[j]), se = num(pre_pkg$std.error[j]),
      se_no_small_sample_adj = num(pre_hand_se_raw[j]))),
    ssc = list(
      fixest_default = "ssc(adj = TRUE, fixef.K = 'nested', cluster.adj = TRUE)",
      factor_on_variance = num(ssc_factor),
      G_over_G_minus_1 = num(Gfac),
      K_implied_by_n_minus_1_over_n_minus_K = num(K_implied),
      note = paste("se = se_no_small_sample_adj * sqrt(factor_on_variance);",
                   "factor = G/(G-1) * (n-1)/(n-K) with n = 2209, G = 500, K = 8",
                   "(3 lead coefficients + 4 year effects + 1; the 500 county FE are",
                   "nested in the clusters and not counted).")),
    pretrends_TRUE = list(
      note = paste(
        "pretrends = TRUE puts dummies for all leads (-4..-1) in the regression; on",
        "the untreated sample they sum to the eventually-treated indicator, which",
        "is collinear with the county FE, so the lead coefficients are identified",
        "only up to a common shift and fixest drops event time -1 (beta_-1 = 0):",
        "the estimates are differences from event time -1 (e.g. the -4 coefficient",
        "is minus the lead-1 coefficient of the c(-1,-2,-3) spec). Not the BJS",
        "test; recorded only to document the package's behaviour."),
      coefficients = lapply(seq_len(nrow(pT)), function(j) list(
        event_time = as.numeric(pT$term[j]), estimate = num(pT$estimate[j]),
        se = num(pT$std.error[j])))),
    positive_values_note = paste(
      "pretrends = 1:3 (positive) passes the package's check (1..3 are event times",
      "of treated rows) but selects dummies that are all zero on the untreated",
      "sample, so the package returns one row with NA estimate/SE:",
      sprintf("term '%s', estimate %s.", res_p13$term[is.na(res_p13$estimate)][1],
              "NA"), "Leads must be passed as negative event times.")),
  horizons_se_pooled_by_horizon = list(
    description = paste(
      "Same v_it, same untreated residuals, same clustering as the package, but",
      "tau_bar for a treated row is the estimate of its horizon pooled over all",
      "cohorts: tau_bar_e = mean of tau_hat_it over all treated rows with event time",
      "e (= v^2-weighted mean, v uniform), i.e. the cohort estimates at that event",
      "time weighted by their observation counts. No leave-out. 'se' has NO",
      "small-sample factor (like the package); 'se_G_over_G_minus_1' multiplies the",
      "variance by G/(G-1) with G = 500. For a horizon target this tau_bar_e is",
      "exactly the horizon's point estimate. Observed: for the horizon targets 'se'",
      "equals pyfixest did2s's Gardner GMM SE (did2s_points) to ~1e-13."),
    G = n_clusters,
    horizons = lapply(seq_along(HORIZONS), function(j) {
      k <- paste0("h", HORIZONS[j])
      list(horizon = HORIZONS[j], se = num(se_pool[[k]]),
           se_G_over_G_minus_1 = num(se_pool_G[[k]]))
    }),
    static = list(se = num(se_pool[["treat"]]),
                  se_G_over_G_minus_1 = num(se_pool_G[["treat"]]),
                  note = "static target with tau_bar pooled by horizon (event time)"),
    static_pooled_over_all_treated = list(
      se = num(se_static_all),
      note = paste("static target, one tau_bar for all treated rows (= the overall",
                   "ATT); no small-sample factor. Equals did2s's static Gardner GMM SE",
                   "to ~1e-13."))),
  hand_replication = list(
    description = paste(
      "Independent re-computation with Matrix/base R (dense solve of the 504 x 504",
      "normal equations of the untreated rows): point estimates sum_treated w *",
      "(Y - Yhat0) and the package's SE formula (tau_bar by cohort x event time)."),
    static = list(estimate = num(est_hand[["treat"]]), se = num(se_cell[["treat"]])),
    horizons = lapply(seq_along(HORIZONS), function(j) {
      k <- paste0("h", HORIZONS[j])
      list(horizon = HORIZONS[j], estimate = num(est_hand[[k]]), se = num(se_cell[[k]]))
    }),
    max_abs_diff_estimate_vs_package = num(d_est),
    max_abs_diff_se_vs_package = num(d_se),
    cohort_horizon_cells = lapply(seq_len(nrow(cells)), function(j) list(
      cohort = cells$cohort[j], event_time = cells$event_time[j],
      n_obs = cells$n_obs[j], tau_bar = num(cells$tau_hat[j])))),
  did2s_points = list(
    package = paste0("pyfixest ", dd$pyfixest, " pf.did2s"),
    first_stage = "~ 0 | countyreal + year", cluster = "countyreal",
    second_stage_static = "~ is_treated",
    second_stage_horizons = "~ h0 + h1 + h2 + h3 (explicit event-time dummies on treated rows; no intercept)",
    patch = dd$patch,
    unpatched_error = dd$unpatched_error,
    trap = paste(
      "pyfixest feols drops singleton fixed effects by default; cohort 2004 has one",
      "untreated row per county (2003), so unpatched did2s loses those 20 counties",
      "(NaN imputations) and fails. The script wraps did2s's feols with",
      "fixef_rm = 'none'."),
    static = list(estimate = num(dd$static$estimate),
                  gardner_gmm_se = num(dd$static$gardner_gmm_se)),
    horizons = lapply(dd$horizons, function(r) list(
      horizon = as.integer(r$horizon), estimate = num(r$estimate),
      gardner_gmm_se = num(r$gardner_gmm_se))),
    max_abs_diff_vs_didimputation = num(d2_diff),
    se_note = paste("gardner_gmm_se is Gardner's GMM (two-stage) SE, a different",
                    "variance estimator from BJS's; informational only."))
)

txt <- paste0(to_json(out), "\n")
writeLines(txt, out_path, sep = "")

# ---- round-trip check -------------------------------------------------------------
back <- fromJSON(out_path, simplifyVector = FALSE)
stopifnot(identical(back$static$estimate, pkg_est[["treat"]]),
          identical(back$static$se, pkg_se[["treat"]]),
          identical(sapply(back$horizons, `[[`, "se"), unname(pkg_se[-1])),
          identical(sapply(back$horizons, `[[`, "estimate"), unname(pkg_est[-1])),
          identical(sapply(back$pretrends$coefficients, `[[`, "se"),
                    pre_pkg$std.error))

cat(sprintf("wrote %s\n", out_path))
cat(sprintf("static: %.17g (se %.17g)\n", pkg_est[["treat"]], pkg_se[["treat"]]))
for (h in HORIZONS) {
  k <- paste0("h", h)
  cat(sprintf("h%d: %.17g (se %.17g | pooled %.17g | pooled*G/(G-1) %.17g)\n", h,
              pkg_est[[k]], pkg_se[[k]], se_pool[[k]], se_pool_G[[k]]))
}
cat(sprintf("pretrends: %s\n", paste(sprintf("%.6g (%.6g)", pre_pkg$estimate,
                                               pre_pkg$std.error), collapse = ", ")))
cat(sprintf("hand vs package: est %.3g, se %.3g; did2s vs package: %.3g; did2s vs exact: %.3g\n",
            d_est, d_se, d2_diff, d2_diff_exact))
