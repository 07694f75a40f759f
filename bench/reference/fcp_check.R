# FCP / McCullough-Renfro GARCH(1,1) benchmark on the Bollerslev-Ghysels
# DEM/GBP returns (n = 1974), "sample" initialisation:
#   e_t = r_t - mu,  s2 = (1/n) sum_{t=1}^n e_t^2,
#   pre-sample e_0^2 = sigma_0^2 = s2, so sigma_1^2 = omega + (alpha + beta) s2,
#   sigma_t^2 = omega + alpha e_{t-1}^2 + beta sigma_{t-1}^2,  t = 2..n
#   logL = -1/2 sum_{t=1}^n [ log(2 pi) + log sigma_t^2 + e_t^2 / sigma_t^2 ]
# Checks the published optimum reproduces logL = -1106.607881041, then
# maximises the same function and compares with the benchmark and fGarch.
#
# Run from the repo root:  Rscript bench/reference/fcp_check.R
# Output is also saved to bench/reference/fcp_check.out

a <- grep("^--file=", commandArgs(FALSE), value = TRUE)
here <- if (length(a)) dirname(normalizePath(sub("^--file=", "", a[1]))) else "bench/reference"
source(file.path(here, "common.R"))

out_file <- file.path(REF_DIR, "fcp_check.out")
zz <- file(out_file, open = "wt")
sink(zz, split = TRUE)

fcp_loglik <- function(r, mu, omega, alpha, beta, constant = TRUE) {
  n <- length(r)
  e <- r - mu
  s2 <- sum(e^2) / n
  h <- numeric(n)
  h[1] <- omega + alpha * s2 + beta * s2
  for (t in 2:n) h[t] <- omega + alpha * e[t - 1]^2 + beta * h[t - 1]
  -0.5 * sum((if (constant) log(2 * pi) else 0) + log(h) + e^2 / h)
}

r <- load_dem2gbp()
n <- length(r)
bench <- c(mu = -0.006190408380, omega = 0.010761397852,
           alpha = 0.153134061820, beta = 0.805973670305)
bench_ll <- -1106.607881041

ll_c <- fcp_loglik(r, bench[["mu"]], bench[["omega"]], bench[["alpha"]], bench[["beta"]], TRUE)
ll_nc <- fcp_loglik(r, bench[["mu"]], bench[["omega"]], bench[["alpha"]], bench[["beta"]], FALSE)
cat(sprintf("n = %d\n", n))
cat(sprintf("logL at benchmark params, with -(n/2)log(2 pi)   : %.10f\n", ll_c))
cat(sprintf("logL at benchmark params, without the constant     : %.10f\n", ll_nc))
cat(sprintf("benchmark logL                                     : %.10f\n", bench_ll))
cat(sprintf("difference (with constant) - benchmark             : %.3e\n", ll_c - bench_ll))
cat(sprintf("-(n/2) log(2 pi)                                   : %.10f\n", -n / 2 * log(2 * pi)))
stopifnot(abs(ll_c - bench_ll) < 1e-8)
cat("=> the benchmark logL INCLUDES the -(n/2) log(2 pi) constant; match < 1e-8: OK\n\n")

# Maximise the same function (no scaling, plain nlminb with tight tolerances)
negll <- function(th) -fcp_loglik(r, th[1], th[2], th[3], th[4])
opt <- nlminb(unname(bench) * c(1.05, 0.9, 1.1, 0.98), negll,
              lower = c(-1, 1e-8, 1e-8, 1e-8), upper = c(1, 10, 1, 1),
              scale = 1 / c(0.01, 0.01, 0.1, 1),
              control = list(rel.tol = 1e-15, x.tol = 1e-13, eval.max = 5000, iter.max = 5000))
est <- setNames(opt$par, names(bench))
cat("Own maximisation of the FCP likelihood:\n")
print(data.frame(benchmark = sprintf("%.12f", bench), own_mle = sprintf("%.12f", est),
                 rel_diff = sprintf("%.2e", est / bench - 1), row.names = names(bench)))
cat(sprintf("own max logL = %.10f (benchmark %.10f, diff %.2e)\n\n",
            -opt$objective, bench_ll, -opt$objective - bench_ll))

# Same data through fGarch: its "mci" start is exactly this rule
if (requireNamespace("fGarch", quietly = TRUE)) {
  suppressMessages(library(fGarch))
  f <- garchFit(~garch(1, 1), data = r, trace = FALSE)
  cf <- coef(f)
  cat("fGarch garchFit(~garch(1,1), cond.dist = 'norm') on the same data:\n")
  print(data.frame(benchmark = sprintf("%.12f", bench), fGarch = sprintf("%.12f", cf),
                   rel_diff = sprintf("%.2e", cf / bench - 1), row.names = names(bench)))
  ll_f_mine <- fcp_loglik(r, cf[["mu"]], cf[["omega"]], cf[["alpha1"]], cf[["beta1"]])
  cat(sprintf("fGarch -fit@fit$llh = %.10f ; FCP logL at fGarch coef = %.10f ; diff %.2e\n",
              -f@fit$llh, ll_f_mine, -f@fit$llh - ll_f_mine))
  cat(sprintf("fGarch loglik - benchmark logL = %.2e\n", -f@fit$llh - bench_ll))
}
sink()
close(zz)
cat("wrote", out_file, "\n")
