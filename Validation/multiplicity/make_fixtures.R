# Reference values for laeval's multiple-testing adjustments (Tests/LAEvalStatsTests/Fixtures/multiplicity/).
# Holm: R's own p.adjust(method = "holm").
# Romano-Wolf: no Romano-Wolf package is installable from Debian here (wildrwolf and rwolf are on
# CRAN / SSC only), so this script implements Romano & Wolf (2016, algorithm 2) directly in R,
# independently of laeval, from the same bootstrap draws (written into the fixture so both sides
# use them). Run: Rscript make_fixtures.R
library(jsonlite)
set.seed(20261203)
p <- c(0.01, 0.04, 0.03, 0.005, 0.2, NA, 0.04, 0.9)
holm <- p.adjust(p, method = "holm")

# correlated test statistics: 6 hypotheses, 500 bootstrap draws of centred |t*|
k <- 6; B <- 500
sigma <- 0.6 ^ abs(outer(1:k, 1:k, "-"))
L <- chol(sigma)
t_obs <- abs(c(3.1, 2.2, 0.4, 2.6, 1.1, 1.9))
z <- matrix(rnorm(B * k), B, k) %*% L
null_draws <- abs(z)

romano_wolf <- function(t, draws) {
  ord <- order(-t)
  adj <- numeric(length(t))
  prev <- 0
  for (s in seq_along(ord)) {
    remaining <- ord[s:length(ord)]
    maxima <- apply(draws[, remaining, drop = FALSE], 1, max)
    pk <- mean(maxima >= t[ord[s]])
    prev <- max(prev, pk)
    adj[ord[s]] <- prev
  }
  adj
}
rw <- romano_wolf(t_obs, null_draws)
out <- list(
  holm = list(p = p, adjusted = holm),
  romano_wolf = list(statistics = t_obs, null_draws = null_draws, adjusted = rw),
  r_version = R.version.string
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null", pretty = FALSE),
           "../../Tests/LAEvalStatsTests/Fixtures/multiplicity/adjustments.json")
