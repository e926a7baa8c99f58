# Reference statistical neighbours with base R: scale() (z-scores, sample SD) and dist()
# (Euclidean) on the z-scores multiplied by sqrt(weight), then the k nearest by order().
# Data: R's USArrests (50 US states, 4 variables; McNeil 1977), shipped with base R.
# Run from the repository root: Rscript Validation/neighbours/make_fixtures.R
library(jsonlite)
out <- "Tests/LAEvalEstimatorsTests/Fixtures/neighbours"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

data <- USArrests
weights <- c(Murder = 2, Assault = 1, UrbanPop = 0.5, Rape = 1)
k <- 10
z <- scale(as.matrix(data[, names(weights)]))
d <- as.matrix(dist(sweep(z, 2, sqrt(weights), `*`)))
units <- rownames(data)
neighbours <- lapply(seq_along(units), function(i) {
  others <- setdiff(seq_along(units), i)
  # ties broken by input order, as laeval does (order() is stable)
  nearest <- others[order(d[i, others])][1:k]
  list(unit = units[i], neighbours = units[nearest], distances = unname(d[i, nearest]),
       relative = unname(d[i, nearest] / max(d[i, others])))
})
fixture <- list(
  source = "R USArrests; scale() then dist() on sqrt(weight) * z",
  r_version = R.version.string,
  units = units,
  variables = names(weights),
  weights = unname(weights),
  values = unname(lapply(seq_along(units), function(i) unname(as.numeric(data[i, names(weights)])))),
  z = unname(lapply(seq_along(units), function(i) unname(z[i, ]))),
  k = k,
  sets = neighbours
)
write_json(fixture, file.path(out, "usarrests.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
cat("wrote", file.path(out, "usarrests.json"), "\n")
