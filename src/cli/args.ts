/** Splits "a,b" and repeated flags into one list. */
export function listArg(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
}

export function numberArg(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name}: not a number: ${v}`);
  return n;
}

export class UsageError extends Error {
  override name = 'UsageError';
}
