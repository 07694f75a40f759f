/**
 * Duplicate tickers are a whole-request property, so they are found once over the request before
 * it is split across workers; each chunk then only reads its slice of the answer.
 */

/** duplicateOf[i] = index of the first series with the same ticker, or −1 when series i is the first. */
export function findDuplicateTickers(tickers: readonly string[]): Int32Array {
  const firstAt = new Map<string, number>();
  const duplicateOf = new Int32Array(tickers.length).fill(-1);
  tickers.forEach((ticker, i) => {
    const first = firstAt.get(ticker);
    if (first === undefined) firstAt.set(ticker, i);
    // Empty names have their own message; calling them duplicates of each other adds only noise.
    else if (ticker !== '') duplicateOf[i] = first;
  });
  return duplicateOf;
}
