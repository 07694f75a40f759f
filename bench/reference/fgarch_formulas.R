# Independent re-implementation of fGarch's (4022.89) GARCH/APARCH likelihood,
# written from the mathematics in FGARCH_CONVENTIONS.md -- it does NOT call
# any fGarch function.  Sourced by fgarch_check_llh.R, which compares it with
# fGarch fits.  Everything here is plain base R.
#
# Parameter vector `par` is a named numeric vector using fGarch names:
#   mu, ar1..arU, ma1..maV, omega, alpha1..alphaP, gamma1..gammaP,
#   beta1..betaQ, delta, skew, shape
# Missing entries take the defaults gamma = 0, delta = 2, skew = 1, shape = 4.

## ---------------------------------------------------------------------------
## Standardised (mean 0, variance 1) log-densities
## ---------------------------------------------------------------------------

# Standardised Student t with nu > 2 degrees of freedom
fg_logdstd <- function(z, nu) {
  lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(pi * (nu - 2)) -
    (nu + 1) / 2 * log1p(z^2 / (nu - 2))
}

# Standardised GED with shape nu (nu = 2 is the normal)
fg_ged_lambda <- function(nu) sqrt(2^(-2 / nu) * gamma(1 / nu) / gamma(3 / nu))
fg_logdged <- function(z, nu) {
  lam <- fg_ged_lambda(nu)
  log(nu) - log(lam) - (1 + 1 / nu) * log(2) - lgamma(1 / nu) -
    0.5 * abs(z / lam)^nu
}

# Fernandez-Steel skew Student t, re-standardised to mean 0 / variance 1
fg_sstd_consts <- function(nu, xi) {
  # m = E|T| for T standardised Student t(nu)
  m <- 2 * sqrt(nu - 2) * exp(lgamma((nu + 1) / 2) - lgamma(nu / 2)) /
    ((nu - 1) * sqrt(pi))
  mu <- m * (xi - 1 / xi)
  s <- sqrt((1 - m^2) * (xi^2 + 1 / xi^2) + 2 * m^2 - 1)
  c(m = m, mu = mu, s = s)
}
fg_logdsstd <- function(z, nu, xi) {
  k <- fg_sstd_consts(nu, xi)
  y <- z * k[["s"]] + k[["mu"]]
  xs <- ifelse(y > 0, xi, ifelse(y < 0, 1 / xi, 1))  # xi^sign(y)
  log(2 / (xi + 1 / xi)) + log(k[["s"]]) + fg_logdstd(y / xs, nu)
}

fg_logdens <- function(z, dist, skew = 1, shape = 4) {
  switch(dist,
    norm = -0.5 * log(2 * pi) - 0.5 * z^2,
    std  = fg_logdstd(z, shape),
    sstd = fg_logdsstd(z, shape, skew),
    ged  = fg_logdged(z, shape),
    stop("unknown dist ", dist))
}

## ---------------------------------------------------------------------------
## The filter and the log-likelihood (fGarch "internal" Fortran, init.rec="mci")
## ---------------------------------------------------------------------------
# spec: list(u, v, p, q, leverage (TRUE for aparch), dist)
fg_filter <- function(x, par, spec) {
  g <- function(nm, def) if (nm %in% names(par)) par[[nm]] else def
  N <- length(x); u <- spec$u; v <- spec$v; p <- spec$p; q <- spec$q
  mu <- g("mu", 0)
  ar <- if (u > 0) par[paste0("ar", 1:u)] else numeric(0)
  ma <- if (v > 0) par[paste0("ma", 1:v)] else numeric(0)
  omega <- g("omega", NA)
  alpha <- par[paste0("alpha", 1:p)]
  gamma <- if (spec$leverage) par[paste0("gamma", 1:p)] else rep(0, p)
  beta <- if (q > 0) par[paste0("beta", 1:q)] else numeric(0)
  delta <- g("delta", 2); skew <- g("skew", 1); shape <- g("shape", 4)

  # (b) conditional-mean residuals: z_t = 0 for t <= max(u, v)
  m <- max(u, v)
  z <- numeric(N)
  if (m < N) for (t in (m + 1):N) {
    z[t] <- x[t] - mu -
      (if (u > 0) sum(ar * x[t - (1:u)]) else 0) -
      (if (v > 0) sum(ma * z[t - (1:v)]) else 0)
  }
  # (a) "mci" initialisation: s2 = sum_{t=1}^N z_t^2 / N (zeros included),
  # h_t = omega + (sum alpha + sum beta) * s2 for t <= max(p, q)
  s2 <- sum(z^2) / N
  r <- max(p, q)
  h <- numeric(N)
  h[1:r] <- omega + (sum(alpha) + sum(beta)) * s2
  for (t in (r + 1):N) {
    e <- z[t - (1:p)]
    h[t] <- omega + sum(alpha * abs(abs(e) - gamma * e)^delta) +
      (if (q > 0) sum(beta * h[t - (1:q)]) else 0)
  }
  # (e) log-likelihood: all t = 1..N, full density constants included
  sigma <- abs(h)^(1 / delta)
  ll <- fg_logdens(z / sigma, spec$dist, skew, shape) - log(sigma)
  list(z = z, h = h, sigma = sigma, s2 = s2, loglik = sum(ll), ll_t = ll)
}

fg_loglik <- function(x, par, spec) fg_filter(x, par, spec)$loglik

## ---------------------------------------------------------------------------
## Scaling used by garchFit (control xscale = TRUE): x_s = x / sd(x)
## ---------------------------------------------------------------------------
fg_to_scaled <- function(par, s, delta) {
  if ("mu" %in% names(par)) par["mu"] <- par["mu"] / s
  par["omega"] <- par["omega"] / s^delta
  par
}

## ---------------------------------------------------------------------------
## kappa = E[(|e| - gamma e)^delta] for the standardised innovation e
## ---------------------------------------------------------------------------
fg_abs_moment <- function(delta, dist, shape) {  # E|e|^delta, symmetric dists
  switch(dist,
    norm = 2^(delta / 2) * gamma((delta + 1) / 2) / sqrt(pi),
    std  = (shape - 2)^(delta / 2) * exp(lgamma((delta + 1) / 2) +
             lgamma((shape - delta) / 2) - lgamma(shape / 2)) / sqrt(pi),
    ged  = (2^(1 / shape) * fg_ged_lambda(shape))^delta *
             gamma((delta + 1) / shape) / gamma(1 / shape),
    stop("no closed form for ", dist))
}
fg_kappa <- function(dist, gamma, delta, skew = 1, shape = 4) {
  if (dist %in% c("norm", "std", "ged")) {
    0.5 * ((1 - gamma)^delta + (1 + gamma)^delta) *
      fg_abs_moment(delta, dist, shape)
  } else {
    f <- function(e) (abs(e) - gamma * e)^delta *
      exp(fg_logdens(e, dist, skew, shape))
    k <- fg_sstd_consts(shape, skew)
    c0 <- -k[["mu"]] / k[["s"]]   # density kink (y = 0) at e = -mu/s
    integrate(f, -Inf, min(0, c0), rel.tol = 1e-13)$value +
      integrate(f, min(0, c0), max(0, c0), rel.tol = 1e-13)$value +
      integrate(f, max(0, c0), Inf, rel.tol = 1e-13)$value
  }
}

## ---------------------------------------------------------------------------
## (g) n-step-ahead sigma forecasts (fGarch predict, "standardDeviation")
## ---------------------------------------------------------------------------
fg_predict_sigma <- function(x, par, spec, n.ahead = 10, kappa = NULL) {
  f <- fg_filter(x, par, spec)
  N <- length(x); p <- spec$p; q <- spec$q
  g <- function(nm, def) if (nm %in% names(par)) par[[nm]] else def
  omega <- par[["omega"]]; delta <- g("delta", 2)
  alpha <- par[paste0("alpha", 1:p)]
  gamma <- if (spec$leverage) par[paste0("gamma", 1:p)] else rep(0, p)
  beta <- if (q > 0) par[paste0("beta", 1:q)] else numeric(0)
  if (is.null(kappa)) {
    kappa <- if (spec$leverage) {
      sapply(1:p, function(j) fg_kappa(spec$dist, gamma[j], delta,
                                       g("skew", 1), g("shape", 4)))
    } else rep(1, p)  # garch(): E e^2 = 1
  }
  h <- c(f$h, numeric(n.ahead)); z <- f$z
  for (i in 1:n.ahead) {
    hi <- omega + (if (q > 0) sum(beta * h[N + i - (1:q)]) else 0)
    for (j in 1:p) {
      s <- if (i - j > 0) kappa[j] * h[N + i - j] else
        abs(abs(z[N + i - j]) - gamma[j] * z[N + i - j])^delta
      hi <- hi + alpha[j] * s
    }
    h[N + i] <- hi
  }
  h[N + 1:n.ahead]^(1 / delta)
}

## ---------------------------------------------------------------------------
## (d) fGarch's box constraints, on the sd-scaled series xs = x / sd(x)
## ---------------------------------------------------------------------------
fg_bounds <- function(xs, parnames) {
  TINY <- 1e-8
  lo <- c(mu = -10 * abs(mean(xs)), omega = 1e-6 * var(xs), delta = 0,
          skew = 0.1, shape = 1)
  hi <- c(mu = 10 * abs(mean(xs)), omega = 100 * var(xs), delta = 2,
          skew = 10, shape = 10)
  L <- U <- setNames(numeric(length(parnames)), parnames)
  for (k in parnames) {
    if (k %in% names(lo)) { L[k] <- lo[[k]]; U[k] <- hi[[k]] }
    else if (grepl("^(ar|ma|gamma)", k)) { L[k] <- -1 + TINY; U[k] <- 1 - TINY }
    else if (grepl("^(alpha|beta)", k)) { L[k] <- TINY; U[k] <- 1 - TINY }
    else stop("unknown parameter ", k)
  }
  list(lower = L, upper = U)
}
