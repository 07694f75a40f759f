/**
 * How a large messages request is cut into tasks: consecutive runs of tickers, so the results
 * concatenate back in request order whatever finishes first. Runs are of equal size (±1) rather
 * than full runs plus a small remainder, so the last task does not leave a thread idle.
 */

/** Task boundaries [0, b1, …, n] for n series with at most `chunkTickers` series per task. */
export function planChunks(n: number, chunkTickers: number): number[] {
  const chunks = Math.max(1, Math.ceil(n / chunkTickers));
  const bounds = [0];
  for (let k = 1; k <= chunks; k++) bounds.push(Math.round((n * k) / chunks));
  return bounds;
}
