import type { PreprocessPolicy } from '../core/series.js';

/** Request limits that preprocessing enforces (the server fills them from config). */
export interface PreprocessLimits {
  maxPointsPerSeries: number;
}

/** The proto field names, so a message tells the sender which option to change. */
export function describeMissing(policy: PreprocessPolicy): string {
  return `missing_policy=${policy.missing}`;
}
export function describeOrder(policy: PreprocessPolicy): string {
  return `order_policy=${policy.order}`;
}
export function describeDuplicates(policy: PreprocessPolicy): string {
  return `duplicate_policy=${policy.duplicates}`;
}
