import type { ModelWork } from './types.js';

/** JSON with object keys sorted at every level, so equal options always give the same text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  // JSON.stringify maps NaN/Infinity to null; options are validated finite, so this is only a guard.
  return JSON.stringify(value) ?? 'null';
}

/**
 * The kernel signature: work with equal signatures can share one kernel call. It is the model name
 * plus everything the call is parameterised by (validated options, horizon, interval levels).
 */
export function kernelSignature(work: Pick<ModelWork, 'model' | 'options' | 'horizonBars' | 'levels'>): string {
  return `${work.model.name}|${canonical(work.options)}|h=${work.horizonBars}|levels=${canonical(work.levels)}`;
}
