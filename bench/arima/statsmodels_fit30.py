"""Times statsmodels' ARIMA(1,0,1) with a constant (exact ML by its Kalman filter, standard errors
included) on the 30 Dow tickers (100 x log returns), sequentially in one process. statsmodels has
no auto.arima, so this is the fixed-order fit the issue quotes. Run with Debian's python3
(python3-statsmodels). Prints one JSON line: seconds for the loop only, and the loglik sum."""
import csv
import json
import math
import sys
import time
import warnings

from statsmodels.tsa.arima.model import ARIMA

path = sys.argv[1] if len(sys.argv) > 1 else "examples/data/dow30_daily_close.csv"
rows = {}
with open(path) as f:
    for r in csv.DictReader(f):
        rows.setdefault(r["ticker"], []).append((r["date"], float(r["close"])))
rets = {}
for t in sorted(rows):
    closes = [c for _, c in sorted(rows[t])]
    rets[t] = [100 * (math.log(b) - math.log(a)) for a, b in zip(closes, closes[1:])]

warnings.simplefilter("ignore")
t0 = time.perf_counter()
loglik = 0.0
for x in rets.values():
    res = ARIMA(x, order=(1, 0, 1), trend="c").fit()
    loglik += res.llf
    _ = res.bse
elapsed = time.perf_counter() - t0
import statsmodels
print(json.dumps({"series": len(rets), "fit_seconds": round(elapsed, 4), "loglik_sum": loglik, "version": statsmodels.__version__}))
