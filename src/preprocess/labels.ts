/** How validation messages name a series: `series[3] (MSFT)`, or `series[3]` when the ticker is empty. */
export function seriesLabel(index: number, ticker: string): string {
  return ticker === '' ? `series[${index}]` : `series[${index}] (${ticker})`;
}

/** " and 4 more" when a problem repeats, so one bad column does not produce thousands of messages. */
export function andMore(count: number): string {
  return count > 1 ? ` and ${count - 1} more` : '';
}
