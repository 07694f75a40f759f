# Reference values for tensorcast's VaR backtests (src/evaluate/var_tests.ts): Kupiec's
# proportion-of-failures LR and Christoffersen's independence LR with chi-square(1) p-values,
# written from the published formulas in base R (an implementation independent of ours).
#   Rscript bench/reference/var_backtest_reference.R > tests/reference/var_backtest.json
xlogy <- function(k, p) if (k == 0) 0 else k * log(p)
kupiec <- function(hits, p) {
  n <- length(hits); x <- sum(hits); ph <- x / n
  max(0, -2 * (xlogy(n - x, 1 - p) + xlogy(x, p)) + 2 * (xlogy(n - x, 1 - ph) + xlogy(x, ph)))
}
christoffersen <- function(hits) {
  a <- head(hits, -1); b <- tail(hits, -1)
  n00 <- sum(a == 0 & b == 0); n01 <- sum(a == 0 & b == 1)
  n10 <- sum(a == 1 & b == 0); n11 <- sum(a == 1 & b == 1)
  tot <- n00 + n01 + n10 + n11
  pi <- (n01 + n11) / tot
  pi01 <- if (n00 + n01 > 0) n01 / (n00 + n01) else 0
  pi11 <- if (n10 + n11 > 0) n11 / (n10 + n11) else 0
  r <- xlogy(n00 + n10, 1 - pi) + xlogy(n01 + n11, pi)
  u <- xlogy(n00, 1 - pi01) + xlogy(n01, pi01) + xlogy(n10, 1 - pi11) + xlogy(n11, pi11)
  max(0, -2 * (r - u))
}
set.seed(20261202)
cases <- list(
  list(name = "none", level = 0.99, hits = rep(0, 250)),
  list(name = "clustered", level = 0.95, hits = c(rep(0, 40), 1, 1, 1, rep(0, 50), 1, 1, rep(0, 100))),
  list(name = "bernoulli_05", level = 0.95, hits = rbinom(500, 1, 0.05)),
  list(name = "too_many", level = 0.99, hits = rbinom(250, 1, 0.06)),
  list(name = "alternating", level = 0.9, hits = rep(c(0, 1), 30)),
  list(name = "all", level = 0.99, hits = rep(1, 20))
)
out <- lapply(cases, function(c) {
  k <- kupiec(c$hits, 1 - c$level); ch <- christoffersen(c$hits)
  sprintf('{"name":"%s","level":%s,"hits":[%s],"kupiecLr":%.17g,"kupiecP":%.17g,"christoffersenLr":%.17g,"christoffersenP":%.17g}',
          c$name, c$level, paste(c$hits, collapse = ","), k, pchisq(k, 1, lower.tail = FALSE), ch, pchisq(ch, 1, lower.tail = FALSE))
})
cat(sprintf('{"source":"bench/reference/var_backtest_reference.R, %s","cases":[\n%s\n]}\n', R.version.string, paste(out, collapse = ",\n")))
