# Reference fixtures for laeval's regression code (OLS/WLS, HC*/cluster
# variance estimators, fixed effects, logit/probit), computed with R on
# datasets that R packages ship.
#
# Run from the repository root:
#   Rscript Validation/stats/regression/make_fixtures.R
#
# Writes into Tests/LAEvalStatsTests/Fixtures/regression/.
# The fixed-effects cases (fe_grunfeld.json, fe1_petersen.json) are computed
# with pyfixest (Debian has no r-cran-fixest), by make_fixtures_fe.py, which this
# script runs at the end with the Python given in $PYFIXEST_PYTHON (default
# "python3"). Set SKIP_FE=1 to skip that step.

suppressPackageStartupMessages({
  library(sandwich)
  library(lmtest)
  library(plm)
  library(MASS)
  library(jsonlite)
})

out_dir <- "Tests/LAEvalStatsTests/Fixtures/regression"
script_dir <- "Validation/stats/regression"
if (!dir.exists(script_dir)) stop("run from the repository root")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)

versions <- list(
  R = R.version.string,
  sandwich = as.character(packageVersion("sandwich")),
  lmtest = as.character(packageVersion("lmtest")),
  plm = as.character(packageVersion("plm")),
  MASS = as.character(packageVersion("MASS")),
  jsonlite = as.character(packageVersion("jsonlite")),
  stats = as.character(packageVersion("stats"))
)
generated_by <- "Validation/stats/regression/make_fixtures.R"

# ---------------------------------------------------------------- datasets

write_csv17 <- function(df, path) {
  out <- df
  quote_cols <- integer(0)
  for (j in seq_along(out)) {
    v <- out[[j]]
    if (is.factor(v) || is.character(v)) {
      out[[j]] <- as.character(v)
      quote_cols <- c(quote_cols, j)
    } else if (is.numeric(v)) {
      out[[j]] <- ifelse(is.na(v), "NA", sprintf("%.17g", as.double(v)))
    } else {
      stop("unsupported column type: ", names(out)[j])
    }
  }
  write.csv(out, path, row.names = FALSE, quote = if (length(quote_cols)) quote_cols else FALSE)
  # Round-trip check: the CSV must reproduce the numbers bit for bit.
  back <- read.csv(path, stringsAsFactors = FALSE)
  for (j in seq_along(df)) {
    if (is.numeric(df[[j]])) {
      if (!identical(as.double(back[[j]]), as.double(df[[j]])))
        stop("CSV round trip lost precision in ", path, " column ", names(df)[j])
    }
  }
  invisible(path)
}

data(mtcars)
mtcars_csv <- data.frame(row = rownames(mtcars), mtcars, stringsAsFactors = FALSE)
write_csv17(mtcars_csv, file.path(out_dir, "mtcars.csv"))

data(PetersenCL, package = "sandwich")
PetersenCL$w <- 1 + (PetersenCL$firm %% 5)
write_csv17(PetersenCL[, c("firm", "year", "x", "y", "w")], file.path(out_dir, "petersen.csv"))

data(Grunfeld, package = "plm")
Grunfeld <- Grunfeld[, c("firm", "year", "inv", "value", "capital")]
write_csv17(Grunfeld, file.path(out_dir, "grunfeld.csv"))

data(birthwt, package = "MASS")
write_csv17(birthwt, file.path(out_dir, "birthwt.csv"))

# ---------------------------------------------------------------- helpers

run <- function(call_text) eval(parse(text = call_text), envir = globalenv())

mat_entry <- function(V, note = NULL) {
  V <- as.matrix(V)
  e <- list(terms = I(colnames(V)), matrix = unname(V))
  if (!is.null(note)) e$note <- note
  e
}

# coefficient table (lmtest::coeftest) for a given vcov
ctab <- function(m, V, df = NULL) {
  ct <- if (is.null(df)) coeftest(m, vcov. = V) else coeftest(m, vcov. = V, df = df)
  list(terms = I(rownames(ct)), estimate = unname(ct[, 1]), std_error = unname(ct[, 2]),
       statistic = unname(ct[, 3]), p_value = unname(ct[, 4]),
       distribution = if (is.null(df) && inherits(m, "glm")) "normal" else "t",
       df = if (inherits(m, "glm") && is.null(df)) NULL else (if (is.null(df)) m$df.residual else df))
}

coef_obj <- function(m) {
  b <- coef(m)
  as.list(b[!is.na(b)])
}

lm_base <- function(dataset, call_text, m, outcome, weights = NULL, cluster = character(0)) {
  s <- summary(m)
  b <- coef(m)
  list(
    dataset = dataset,
    r_call = call_text,
    generated_by = generated_by,
    versions = versions,
    estimator = if (is.null(weights)) "OLS (stats::lm)" else "WLS (stats::lm with weights)",
    outcome = outcome,
    covariates = I(names(b)),
    weights = weights,
    fixed_effects = I(character(0)),
    cluster = I(cluster),
    n_obs = nobs(m),
    df_residual = m$df.residual,
    rank = m$rank,
    coefficients = coef_obj(m),
    aliased = I(names(b)[is.na(b)]),
    r2 = s$r.squared,
    adj_r2 = s$adj.r.squared,
    r2_within = NULL,
    sigma = s$sigma,
    rss = sum(weighted.residuals(m)^2)
  )
}

# jsonlite (1.8.4) prints at most 15 significant digits even with digits = NA,
# which does not round-trip doubles. Numbers are therefore formatted here with
# sprintf("%.17g") (exact for IEEE doubles with a correctly rounded parser) and
# handed to toJSON verbatim.
num_lit <- function(x) {
  x <- as.double(x)
  out <- sprintf("%.17g", x)
  out[is.na(x)] <- "null"
  if (any(!is.na(x) & !is.finite(x))) stop("non-finite number in fixture")
  out
}
to_verbatim <- function(x) {
  if (is.matrix(x) && is.numeric(x)) {
    rows <- vapply(seq_len(nrow(x)), function(i) paste0("[", paste(num_lit(x[i, ]), collapse = ","), "]"), "")
    return(structure(paste0("[", paste(rows, collapse = ","), "]"), class = "json"))
  }
  if (is.numeric(x)) {
    s <- num_lit(x)
    if (length(x) == 1 && !inherits(x, "AsIs")) return(structure(s, class = "json"))
    return(structure(paste0("[", paste(s, collapse = ","), "]"), class = "json"))
  }
  if (is.list(x)) {
    for (k in seq_along(x)) if (!is.null(x[[k]])) x[[k]] <- to_verbatim(x[[k]])
    return(x)
  }
  x
}
json_text <- function(x) toJSON(to_verbatim(x), auto_unbox = TRUE, pretty = TRUE, null = "null",
                                na = "null", json_verbatim = TRUE)

write_case <- function(x, name) {
  path <- file.path(out_dir, name)
  txt <- json_text(x)
  writeLines(txt, path)
  # precision check: every vcov matrix and coefficient must round-trip exactly
  back <- fromJSON(path, simplifyVector = TRUE)
  for (k in names(x$vcov)) {
    a <- unname(as.matrix(x$vcov[[k]]$matrix))
    b <- unname(as.matrix(back$vcov[[k]]$matrix))
    if (!identical(dim(a), dim(b)) || any(a != b)) stop("JSON round trip lost precision: ", name, " ", k)
  }
  for (k in names(x$coefficients)) {
    if (x$coefficients[[k]] != back$coefficients[[k]]) stop("JSON round trip lost precision: ", name, " coef ", k)
  }
  cat("wrote", path, "\n")
}

hc_set <- function(m, types = c("HC0", "HC1", "HC2", "HC3")) {
  v <- list(iid = mat_entry(vcov(m, complete = FALSE), "vcov(m) (sigma^2 (X'WX)^-1, sigma^2 = RSS/df_residual)"))
  for (t in types) v[[t]] <- mat_entry(vcovHC(m, type = t), sprintf('sandwich::vcovHC(m, type = "%s")', t))
  v
}

# ---------------------------------------------------------------- a. OLS mtcars

call_a <- "lm(mpg ~ wt + hp + qsec + factor(cyl), data = mtcars)"
m_a <- run(call_a)
fx <- lm_base("mtcars.csv", call_a, m_a, "mpg")
fx$factor_coding <- list(`factor(cyl)` = list(levels = I(c("4", "6", "8")), reference = "4",
  contrasts = "contr.treatment", terms = I(c("factor(cyl)6", "factor(cyl)8"))))
fx$vcov <- hc_set(m_a)
fx$coeftest <- list(
  iid = ctab(m_a, vcov(m_a)), HC0 = ctab(m_a, vcovHC(m_a, type = "HC0")),
  HC1 = ctab(m_a, vcovHC(m_a, type = "HC1")), HC2 = ctab(m_a, vcovHC(m_a, type = "HC2")),
  HC3 = ctab(m_a, vcovHC(m_a, type = "HC3")))
fx$hc_definitions <- list(
  HC0 = "(X'X)^-1 X' diag(e_i^2) X (X'X)^-1",
  HC1 = "HC0 * n/(n-k)",
  HC2 = "e_i^2 / (1 - h_ii)",
  HC3 = "e_i^2 / (1 - h_ii)^2")
write_case(fx, "ols_mtcars.json")

# ---------------------------------------------------------------- b. WLS mtcars

call_b <- "lm(mpg ~ wt + hp + qsec + factor(cyl), data = mtcars, weights = 1/disp)"
m_b <- run(call_b)
fx <- lm_base("mtcars.csv", call_b, m_b, "mpg", weights = "1/disp")
fx$weights_definition <- "w_i = 1/disp_i (analytic/precision weights; R minimises sum w_i e_i^2)"
fx$factor_coding <- list(`factor(cyl)` = list(levels = I(c("4", "6", "8")), reference = "4",
  contrasts = "contr.treatment", terms = I(c("factor(cyl)6", "factor(cyl)8"))))
fx$vcov <- hc_set(m_b)
fx$coeftest <- list(
  iid = ctab(m_b, vcov(m_b)), HC0 = ctab(m_b, vcovHC(m_b, type = "HC0")),
  HC1 = ctab(m_b, vcovHC(m_b, type = "HC1")), HC2 = ctab(m_b, vcovHC(m_b, type = "HC2")),
  HC3 = ctab(m_b, vcovHC(m_b, type = "HC3")))
fx$notes <- I(c(
  "r2/adj_r2 are summary.lm's weighted R^2: 1 - sum(w e^2)/sum(w (y - weighted.mean(y, w))^2).",
  "sigma = sqrt(sum(w e^2)/df_residual).",
  "sandwich uses working residuals sqrt(w) e and rows sqrt(w) x; hat values h_ii from the weighted fit (HC2/HC3)."))
write_case(fx, "wls_mtcars.json")

# ---------------------------------------------------------------- c. collinear

call_c <- "lm(mpg ~ wt + disp + wt2 + hp, data = transform(mtcars, wt2 = 2*wt + disp/100))"
m_c <- run(call_c)
fx <- lm_base("mtcars.csv", call_c, m_c, "mpg")
fx$derived_columns <- list(wt2 = "2*wt + disp/100 (computed in double precision from the CSV columns)")
fx$all_terms_including_aliased <- I(names(coef(m_c)))
fx$vcov <- list(
  iid = mat_entry(vcov(m_c, complete = FALSE), "vcov(m, complete = FALSE): aliased terms removed"),
  HC1 = mat_entry(vcovHC(m_c, type = "HC1"), 'sandwich::vcovHC(m, type = "HC1"); k = rank (aliased columns not counted)'))
fx$coeftest <- list(iid = ctab(m_c, vcov(m_c, complete = FALSE)), HC1 = ctab(m_c, vcovHC(m_c, type = "HC1")))
fx$notes <- I(c(
  "lm's pivoted QR (LINPACK dqrdc2, tol = 1e-7) keeps columns in formula order and moves a column that is (numerically) a combination of earlier ones to the end; its coefficient is NA.",
  "coefficients lists only estimable terms; aliased lists the NA ones; covariates lists all terms in R's order.",
  "vcov(m) with the default complete = TRUE would contain NA rows/columns for aliased terms."))
write_case(fx, "collinear_mtcars.json")

# ---------------------------------------------------------------- d. cluster Petersen

call_d <- "lm(y ~ x, data = PetersenCL)"
m_d <- run(call_d)
fx <- lm_base("petersen.csv", call_d, m_d, "y", cluster = c("firm", "year"))
N <- nobs(m_d); K <- m_d$rank
G_firm <- length(unique(PetersenCL$firm)); G_year <- length(unique(PetersenCL$year))
G_fy <- nrow(unique(PetersenCL[, c("firm", "year")]))
V_cr1_firm <- vcovCL(m_d, cluster = ~firm, type = "HC1")
V_cr1_year <- vcovCL(m_d, cluster = ~year, type = "HC1")
V_cr1_fy <- vcovCL(m_d, cluster = ~firm + year, type = "HC1", multi0 = FALSE)
V_cr0_firm <- vcovCL(m_d, cluster = ~firm, type = "HC0", cadjust = FALSE)
V_cr0_year <- vcovCL(m_d, cluster = ~year, type = "HC0", cadjust = FALSE)
V_cr0_fy_int <- vcovCL(m_d, cluster = interaction(PetersenCL$firm, PetersenCL$year), type = "HC0", cadjust = FALSE)
V_cr0_fy <- vcovCL(m_d, cluster = ~firm + year, type = "HC0", cadjust = FALSE, multi0 = FALSE)
# consistency checks of the documented adjustment factors
hc1 <- (N - 1) / (N - K)
stopifnot(isTRUE(all.equal(V_cr1_firm, V_cr0_firm * G_firm / (G_firm - 1) * hc1, tolerance = 1e-13)))
stopifnot(isTRUE(all.equal(V_cr1_year, V_cr0_year * G_year / (G_year - 1) * hc1, tolerance = 1e-13)))
recon <- (V_cr0_firm * G_firm / (G_firm - 1) + V_cr0_year * G_year / (G_year - 1) -
          V_cr0_fy_int * G_fy / (G_fy - 1)) * hc1
stopifnot(isTRUE(all.equal(V_cr1_fy, recon, tolerance = 1e-12)))
stopifnot(isTRUE(all.equal(V_cr0_fy, V_cr0_firm + V_cr0_year - V_cr0_fy_int, tolerance = 1e-12)))
fx$vcov <- list(
  iid = mat_entry(vcov(m_d)),
  HC1 = mat_entry(vcovHC(m_d, type = "HC1")),
  CR1_firm = mat_entry(V_cr1_firm, 'vcovCL(m, cluster = ~firm, type = "HC1") = CR0_firm * G/(G-1) * (N-1)/(N-K); identical to Stata regress, vce(cluster firm)'),
  CR1_year = mat_entry(V_cr1_year, 'vcovCL(m, cluster = ~year, type = "HC1") = CR0_year * G/(G-1) * (N-1)/(N-K)'),
  CR1_firm_year = mat_entry(V_cr1_fy, 'vcovCL(m, cluster = ~firm + year, type = "HC1", multi0 = FALSE) = [CR0_firm*Gf/(Gf-1) + CR0_year*Gy/(Gy-1) - CR0_firm_x_year*Gfy/(Gfy-1)] * (N-1)/(N-K)'),
  CR0_firm = mat_entry(V_cr0_firm, 'vcovCL(m, cluster = ~firm, type = "HC0", cadjust = FALSE): no adjustment at all'),
  CR0_year = mat_entry(V_cr0_year, 'vcovCL(m, cluster = ~year, type = "HC0", cadjust = FALSE)'),
  CR0_firm_x_year = mat_entry(V_cr0_fy_int, 'vcovCL(m, cluster = ~interaction(firm, year), type = "HC0", cadjust = FALSE); every firm-year cell has one observation, so this equals HC0'),
  CR0_firm_year = mat_entry(V_cr0_fy, 'vcovCL(m, cluster = ~firm + year, type = "HC0", cadjust = FALSE, multi0 = FALSE) = CR0_firm + CR0_year - CR0_firm_x_year'))
fx$coeftest <- list(CR1_firm = ctab(m_d, V_cr1_firm), CR1_year = ctab(m_d, V_cr1_year),
                    CR1_firm_year = ctab(m_d, V_cr1_fy))
fx$small_sample <- list(
  N = N, K = K, G_firm = G_firm, G_year = G_year, G_firm_x_year = G_fy,
  hc1_factor = hc1,
  cadjust_factor_firm = G_firm / (G_firm - 1),
  cadjust_factor_year = G_year / (G_year - 1),
  cadjust_factor_firm_x_year = G_fy / (G_fy - 1),
  CR1_firm_total_factor = G_firm / (G_firm - 1) * hc1,
  description = "sandwich::vcovCL(type = \"HC1\", cadjust = TRUE) multiplies the CR0 sandwich by G/(G-1) (cadjust) and by (N-1)/(N-K) (type HC1). In two-way clustering each component gets its own G_i/(G_i-1); the HC1 factor is applied once to the sum. fix = FALSE (no eigenvalue fix).",
  stata = "Stata's regress ..., vce(cluster firm) uses G/(G-1) * (N-1)/(N-K): identical to CR1_firm.")
write_case(fx, "cluster_petersen.json")

# ---------------------------------------------------------------- g. WLS + cluster

call_g <- "lm(y ~ x, data = PetersenCL, weights = w)"
m_g <- run(call_g)
fx <- lm_base("petersen.csv", call_g, m_g, "y", weights = "w", cluster = "firm")
fx$weights_definition <- "w = 1 + (firm %% 5), column w of petersen.csv"
V_g_hc1 <- vcovHC(m_g, type = "HC1")
V_g_cr1 <- vcovCL(m_g, cluster = ~firm, type = "HC1")
V_g_cr0 <- vcovCL(m_g, cluster = ~firm, type = "HC0", cadjust = FALSE)
fx$vcov <- list(
  iid = mat_entry(vcov(m_g)),
  HC1 = mat_entry(V_g_hc1, 'sandwich::vcovHC(m, type = "HC1")'),
  CR1_firm = mat_entry(V_g_cr1, 'vcovCL(m, cluster = ~firm, type = "HC1") = CR0_firm * G/(G-1) * (N-1)/(N-K)'),
  CR0_firm = mat_entry(V_g_cr0, 'vcovCL(m, cluster = ~firm, type = "HC0", cadjust = FALSE)'))
fx$coeftest <- list(HC1 = ctab(m_g, V_g_hc1), CR1_firm = ctab(m_g, V_g_cr1))
fx$notes <- I(c("Scores are w_i * e_i * x_i; bread (X'WX)^-1.",
                "CR1_firm factor: G/(G-1) * (N-1)/(N-K) with N = 5000, K = 2, G = 500."))
write_case(fx, "wls_petersen_cluster.json")

# ---------------------------------------------------------------- f. logit / probit

glm_case <- function(link, name) {
  call_tight <- sprintf('glm(low ~ age + lwt + factor(race) + smoke, family = binomial(link = "%s"), data = birthwt, control = glm.control(epsilon = 1e-14, maxit = 100))', link)
  call_default <- sprintf('glm(low ~ age + lwt + factor(race) + smoke, family = binomial(link = "%s"), data = birthwt)', link)
  m <- run(call_tight)
  m0 <- run(call_default)
  stopifnot(m$converged)
  # Even epsilon = 1e-14 stops while the coefficients are still ~2e-8 (probit) from the
  # optimum: the deviance is flat there. Restart IRLS from the last solution until the
  # coefficients stop moving, so the fixture is the optimum itself.
  restarts <- 0
  repeat {
    m_next <- glm(low ~ age + lwt + factor(race) + smoke, family = binomial(link = link), data = birthwt,
                  start = coef(m), control = glm.control(epsilon = 1e-14, maxit = 100))
    step <- max(abs(coef(m_next) / coef(m) - 1))
    m <- m_next
    restarts <- restarts + 1
    if (step < 1e-14 || restarts >= 50) break
  }
  b <- coef(m); b0 <- coef(m0)
  fx <- list(
    dataset = "birthwt.csv",
    r_call = call_tight,
    generated_by = generated_by,
    versions = versions,
    estimator = sprintf("binomial GLM, %s link, IRLS (stats::glm)", link),
    outcome = "low",
    covariates = I(names(b)),
    weights = NULL,
    fixed_effects = I(character(0)),
    cluster = I(character(0)),
    n_obs = nobs(m),
    df_residual = m$df.residual,
    df_null = m$df.null,
    coefficients = as.list(b),
    aliased = I(names(b)[is.na(b)]),
    r2 = NULL, adj_r2 = NULL, r2_within = NULL, sigma = NULL,
    factor_coding = list(`factor(race)` = list(levels = I(c("1", "2", "3")), reference = "1",
      contrasts = "contr.treatment", terms = I(c("factor(race)2", "factor(race)3")))),
    deviance = m$deviance,
    null_deviance = m$null.deviance,
    logLik = as.numeric(logLik(m)),
    logLik_df = attr(logLik(m), "df"),
    aic = AIC(m),
    bic = BIC(m),
    iterations = m$iter,
    converged = m$converged,
    control = list(epsilon = 1e-14, maxit = 100),
    restarts = restarts,
    restart_note = "after the tight fit, glm was restarted from its own solution (start = coef(m)) until no coefficient moved by 1e-14 relative; the fixture is that final fit",
    vcov = list(iid = mat_entry(vcov(m), "vcov(glm): inverse Fisher information (X' W X)^-1 at the optimum, dispersion 1")),
    coeftest = list(iid = ctab(m, vcov(m))),
    default_control = list(
      r_call = call_default,
      control = list(epsilon = 1e-8, maxit = 25),
      coefficients = as.list(b0),
      deviance = m0$deviance,
      iterations = m0$iter,
      max_abs_rel_diff_vs_tight = max(abs(b0 - b) / abs(b)),
      note = "glm's default epsilon (1e-8) stops on |dev - dev_old|/(|dev| + 0.1) < 1e-8, before the coefficients have converged to 1e-8 relative; the fixture values are the tight ones."
    )
  )
  write_case(fx, name)
}
glm_case("logit", "logit_birthwt.json")
glm_case("probit", "probit_birthwt.json")

# ---------------------------------------------------------------- e. FE via lm dummies (input for the FE step)

call_e_lm <- "lm(inv ~ value + capital + factor(firm) + factor(year), data = Grunfeld)"
m_e <- run(call_e_lm)
slopes <- c("value", "capital")
sub <- function(V) V[slopes, slopes, drop = FALSE]
Ng <- nobs(m_e); Kfull <- m_e$rank
lm_dummy_grunfeld <- list(
  r_call = call_e_lm,
  n_obs = Ng, rank = Kfull, df_residual = m_e$df.residual,
  coefficients = as.list(coef(m_e)[slopes]),
  r2 = summary(m_e)$r.squared, adj_r2 = summary(m_e)$adj.r.squared, sigma = summary(m_e)$sigma,
  vcov_iid = mat_entry(sub(vcov(m_e)), "vcov(lm) restricted to the slope terms; df_residual = N - (2 + 10 + 20 - 1)"),
  # raw (unadjusted) sandwich pieces for an independent check of fixest's ssc arithmetic
  HC0_slopes = mat_entry(sub(vcovHC(m_e, type = "HC0"))),
  CR0_firm_slopes = mat_entry(sub(vcovCL(m_e, cluster = ~firm, type = "HC0", cadjust = FALSE))),
  CR0_year_slopes = mat_entry(sub(vcovCL(m_e, cluster = ~year, type = "HC0", cadjust = FALSE))),
  CR0_firm_x_year_slopes = mat_entry(sub(vcovCL(m_e, cluster = interaction(Grunfeld$firm, Grunfeld$year), type = "HC0", cadjust = FALSE)))
)
call_e1_lm <- "lm(y ~ x + factor(firm), data = PetersenCL)"
m_e1 <- run(call_e1_lm)
lm_dummy_petersen <- list(
  r_call = call_e1_lm,
  n_obs = nobs(m_e1), rank = m_e1$rank, df_residual = m_e1$df.residual,
  coefficients = as.list(coef(m_e1)["x"]),
  r2 = summary(m_e1)$r.squared, adj_r2 = summary(m_e1)$adj.r.squared, sigma = summary(m_e1)$sigma,
  vcov_iid = mat_entry(vcov(m_e1)["x", "x", drop = FALSE], "vcov(lm) for x; df_residual = N - (1 + 500)"),
  CR0_firm_slopes = mat_entry(vcovCL(m_e1, cluster = ~firm, type = "HC0", cadjust = FALSE)["x", "x", drop = FALSE])
)
fe_input <- file.path(tempdir(), "fe_lm_reference.json")
writeLines(json_text(list(versions = versions, grunfeld = lm_dummy_grunfeld, petersen = lm_dummy_petersen)), fe_input)

if (Sys.getenv("SKIP_FE") != "1") {
  py <- Sys.getenv("PYFIXEST_PYTHON", "python3")
  st <- system2(py, c(file.path(script_dir, "make_fixtures_fe.py"), fe_input, out_dir))
  if (st != 0) stop("make_fixtures_fe.py failed (status ", st, ")")
}
cat("done\n")
