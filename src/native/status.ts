/**
 * Per-series status codes written by the native kernels (native/src/kernels/status.hpp).
 * The numbers are wire values in the `status` Int32Array: append, never renumber.
 */
export const NativeStatus = {
  OK: 0,
  TOO_SHORT: 1,
  NON_FINITE: 2,
  BAD_PARAMETER: 3,
  // ARIMA (native/src/arima/spec.hpp)
  CONSTANT_SERIES: 16,
  FIT_FAILED: 17,
  SMALL_WORKSPACE: 18,
} as const;

export type NativeStatusName = keyof typeof NativeStatus;
export type NativeStatusCode = (typeof NativeStatus)[NativeStatusName];

const NAMES = Object.fromEntries(Object.entries(NativeStatus).map(([name, code]) => [code, name])) as Record<
  number,
  NativeStatusName
>;

/** A message a user can act on; callers add specifics (e.g. "needs at least 3 points, got 2"). */
export const STATUS_MESSAGES: Record<NativeStatusName, string> = {
  OK: 'ok',
  TOO_SHORT: 'series too short for this model',
  NON_FINITE: 'non-finite value in the series or in the result',
  BAD_PARAMETER: 'model parameter outside its allowed range',
  CONSTANT_SERIES: 'the series (after differencing) is constant: no ARMA likelihood exists',
  FIT_FAILED: 'the likelihood could not be evaluated, even at the starting values',
  SMALL_WORKSPACE: 'internal: native workspace too small',
};

/** The name of a status code; 'UNKNOWN' guards against an addon newer than this file. */
export function statusName(code: number): NativeStatusName | 'UNKNOWN' {
  return NAMES[code] ?? 'UNKNOWN';
}

export function statusMessage(code: number): string {
  const name = statusName(code);
  return name === 'UNKNOWN' ? `unknown native status ${code}` : STATUS_MESSAGES[name];
}
