#!/usr/bin/env Rscript
# Reference fixtures for laeval's Qualitative Comparative Analysis (Sources/LAEvalEstimators/QCA)
# from R's QCA package (Dusa) on the Lipset data in shared/data/qca and on seeded random
# truth tables.
#
# Writes Tests/LAEvalEstimatorsTests/Fixtures/qca/{lipset,random,calibration}.json. Run from
# the repo root:
#   Rscript Validation/qca/make_fixtures.R [path/to/shared/data/qca]
#
# The reference: QCA 3.19 (CRAN, May 2023) with admisc 0.32 and venn 1.11, installed from their
# CRAN sources into a private library (Debian bookworm has no r-cran-qca and its admisc 0.30 is
# too old for QCA >= 3.19), e.g.
#   mkdir -p /tmp/qca_r/lib && R CMD INSTALL -l /tmp/qca_r/lib admisc venn QCA
#   R_LIBS=/tmp/qca_r/lib Rscript Validation/qca/make_fixtures.R
#
# Settings: truthTable(..., incl.cut, n.cut = 1, show.cases = TRUE) (rows with cases only),
# minimize(tt) for the complex solution, minimize(tt, include = "?") for the parsimonious one,
# minimize(tt, include = "?", dir.exp = ...) for the intermediate ones; the parameters of fit of
# every solution from pof(<solution expression>, outcome, data) (sufficiency); necessity from
# pof(c(COND, ~COND), outcome, relation = "necessity"); calibration by
# calibrate(x, type = "fuzzy", method = "direct", thresholds = "e=, c=, i=") (logistic,
# idm = 0.95).

suppressMessages({
    library(QCA)
    library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
data_dir <- if (length(args) >= 1) args[1] else "/work/shared/data/qca"
out_dir <- "Tests/LAEvalEstimatorsTests/Fixtures/qca"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

read_lipset <- function(file) {
    d <- read.csv(file.path(data_dir, file), stringsAsFactors = FALSE)
    rownames(d) <- d$case
    d$case <- NULL
    d
}

split_cases <- function(x) {
    if (is.na(x) || x == "") character(0) else strsplit(x, ",")[[1]]
}

truth_table_rows <- function(tt, conditions) {
    t <- tt$tt
    t <- t[t$n > 0, , drop = FALSE]
    lapply(seq_len(nrow(t)), function(i) {
        list(
            row = as.integer(rownames(t)[i]),
            values = as.integer(unlist(t[i, conditions])),
            out = as.character(t$OUT[i]),
            n = as.integer(t$n[i]),
            incl = as.numeric(t$incl[i]),
            pri = as.numeric(t$PRI[i]),
            cases = I(split_cases(t$cases[i]))
        )
    })
}

# Parameters of fit of one solution (a vector of terms), from QCA's pof. pof does not negate an
# outcome written "~Y" when given by name, so a negated outcome is negated in the data.
solution_fit <- function(terms, data, outcome) {
    if (startsWith(outcome, "~")) {
        outcome <- substring(outcome, 2)
        data[[outcome]] <- 1 - data[[outcome]]
    }
    p <- pof(paste(terms, collapse = " + "), outcome, data = data, relation = "sufficiency")
    ic <- p$incl.cov
    k <- length(terms)
    term_rows <- lapply(seq_len(k), function(j) {
        list(term = terms[j], incl = ic$inclS[j], pri = ic$PRI[j], cov = ic$covS[j],
             cov_unique = if (k == 1) NULL else ic$covU[j])
    })
    last <- nrow(ic)
    list(terms = term_rows, incl = ic$inclS[last], pri = ic$PRI[last], cov = ic$covS[last])
}

solutions_of <- function(m, data, outcome) {
    lapply(m$solution, function(terms) solution_fit(terms, data, outcome))
}

intermediate_of <- function(m, data, outcome) {
    lapply(names(m$i.sol), function(nm) {
        s <- m$i.sol[[nm]]
        idx <- as.integer(regmatches(nm, gregexpr("[0-9]+", nm))[[1]])
        list(complex_index = idx[1], parsimonious_index = idx[2],
             easy_counterfactuals = I(as.integer(rownames(s$EC))),
             solutions = lapply(s$solution, function(terms) solution_fit(terms, data, outcome)))
    })
}

run_case <- function(name, data, outcome, conditions, incl_cut, n_cut = 1, dir_exp = NULL,
                     neg_out = FALSE) {
    out_expr <- if (neg_out) paste0("~", outcome) else outcome
    tt <- truthTable(data, outcome = out_expr, conditions = conditions, incl.cut = incl_cut,
                     n.cut = n_cut, show.cases = TRUE)
    res <- list(
        name = name, outcome = outcome, negate_outcome = neg_out, conditions = conditions,
        incl_cut = I(incl_cut), n_cut = n_cut,
        case_ids = rownames(data),
        data = lapply(as.list(data[, c(conditions, outcome)]), as.numeric),
        truth_table = truth_table_rows(tt, conditions)
    )
    res$complex <- tryCatch(solutions_of(minimize(tt), data, out_expr),
                            error = function(e) conditionMessage(e))
    res$parsimonious <- tryCatch(solutions_of(minimize(tt, include = "?"), data, out_expr),
                                 error = function(e) conditionMessage(e))
    if (!is.null(dir_exp)) {
        res$dir_exp <- as.list(dir_exp)
        m <- minimize(tt, include = "?", dir.exp = paste(dir_exp, collapse = ","))
        res$intermediate <- intermediate_of(m, data, out_expr)
    }
    res
}

necessity_of <- function(data, outcome, conditions) {
    rows <- list()
    for (cond in conditions) {
        for (expr in c(cond, paste0("~", cond))) {
            ic <- pof(expr, outcome, data = data, relation = "necessity")$incl.cov
            rows[[length(rows) + 1]] <- list(condition = expr, incl = ic$inclN[1],
                                             ron = ic$RoN[1], cov = ic$covN[1])
        }
    }
    rows
}

write_json_file <- function(x, file, pretty = TRUE) {
    writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, null = "null", pretty = pretty),
               file.path(out_dir, file))
}

# --- Lipset -----------------------------------------------------------------------------------
LC <- read_lipset("lipset_crisp.csv")
LF <- read_lipset("lipset_fuzzy.csv")
LR <- read_lipset("lipset_raw.csv")
four <- c("DEV", "URB", "LIT", "IND")
five <- c(four, "STB")
all_ones <- setNames(rep(1, 5), five)

lipset <- list(
    qca_version = as.character(packageVersion("QCA")),
    cases = list(
        run_case("crisp_incl1", LC, "SURV", four, 1),
        run_case("crisp_incl075", LC, "SURV", four, 0.75),
        run_case("crisp5_incl1_direxp", LC, "SURV", five, 1, dir_exp = all_ones),
        run_case("fuzzy_incl08_direxp", LF, "SURV", five, 0.8, dir_exp = all_ones),
        run_case("fuzzy_negated_incl08", LF, "SURV", five, 0.8, neg_out = TRUE),
        run_case("fuzzy_incl_pair", LF, "SURV", five, c(0.8, 0.6)),
        run_case("fuzzy4_incl075_direxp", LF, "SURV", four,
                 0.75, dir_exp = setNames(c(1, 1, 1, 0), four))
    ),
    necessity = list(outcome = "SURV", conditions = five,
                     rows = necessity_of(LF, "SURV", five))
)
write_json_file(lipset, "lipset.json")

# --- Calibration of the raw Lipset data ---------------------------------------------------------
thresholds <- list(
    DEV = c(e = 350, c = 550, i = 900),
    URB = c(e = 25, c = 50, i = 65),
    LIT = c(e = 50, c = 75, i = 90),
    IND = c(e = 20, c = 30, i = 40),
    STB = c(e = 14, c = 10, i = 5)   # decreasing: fewer cabinets = more stable
)
calibration <- list(
    case_ids = rownames(LR),
    variables = lapply(names(thresholds), function(v) {
        th <- thresholds[[v]]
        list(variable = v, exclusion = unname(th["e"]), crossover = unname(th["c"]),
             inclusion = unname(th["i"]), raw = LR[[v]],
             fuzzy = calibrate(LR[[v]], type = "fuzzy", method = "direct",
                               thresholds = sprintf("e=%s, c=%s, i=%s", th["e"], th["c"], th["i"])),
             crisp = calibrate(LR[[v]], type = "crisp", thresholds = unname(th["c"])))
    })
)
write_json_file(calibration, "calibration.json")

# --- Seeded random truth tables (orderings, several minimal solutions) ------------------------
set.seed(20240611)
random_cases <- list()
for (i in 1:40) {
    k <- sample(3:5, 1)
    n <- sample(8:24, 1)
    conds <- LETTERS[1:k]
    fuzzy <- i %% 2 == 0
    d <- as.data.frame(matrix(if (fuzzy) round(runif(n * k), 2) else rbinom(n * k, 1, 0.5),
                              ncol = k, dimnames = list(NULL, conds)))
    d$Y <- if (fuzzy) round(runif(n), 2) else rbinom(n, 1, 0.5)
    d[d == 0.5] <- 0.51
    rownames(d) <- sprintf("c%02d", seq_len(n))
    cut <- if (fuzzy) 0.75 else 1
    dir_exp <- setNames(sample(c(0, 1, "-"), k, replace = TRUE), conds)
    case <- tryCatch(run_case(sprintf("random_%02d", i), d, "Y", conds, cut, dir_exp = dir_exp),
                     error = function(e) NULL)
    if (is.null(case)) {
        case <- tryCatch(run_case(sprintf("random_%02d", i), d, "Y", conds, cut),
                         error = function(e) NULL)
    }
    if (!is.null(case)) random_cases[[length(random_cases) + 1]] <- case
}
write_json_file(list(qca_version = as.character(packageVersion("QCA")), cases = random_cases),
                "random.json", pretty = FALSE)
cat("wrote", length(random_cases), "random cases\n")
