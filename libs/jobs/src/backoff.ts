/** Exponential backoff: `baseMs` after the first failed attempt, doubling, capped at `maxMs`. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), maxMs);
}
