import type { LoadResult } from '../load/run-load.js';
import { BURST_STOCK } from '../scenarios.js';

/** The throughput floors the project holds itself to (issue #17), each measured against the bare Koa hello of the same run. */
export interface Floor {
  scenario: string;
  /** rps ÷ bare Koa rps; absolute requests per second for checkout; for the burst, the units on sale (exactly that many 201, the rest 409, no 503). */
  kind: 'ratio of bare Koa' | 'per second, every one 201' | 'stampede';
  floor: number;
}

export const FLOORS: Floor[] = [
  { scenario: 'catalog page, uncached (aggregator)', kind: 'ratio of bare Koa', floor: 0.07 },
  { scenario: 'product by id, 2,000 ids (aggregator)', kind: 'ratio of bare Koa', floor: 0.1 },
  { scenario: 'GET /orders (aggregator)', kind: 'ratio of bare Koa', floor: 0.06 },
  { scenario: 'checkout (aggregator)', kind: 'per second, every one 201', floor: 120 },
  { scenario: 'checkout burst', kind: 'stampede', floor: BURST_STOCK },
];

export interface FloorCheck extends Floor {
  measured?: number;
  rps?: number;
  holds: boolean;
  detail: string;
}

/** Each floor against the first (smallest-catalog) row of its scenario in this run. */
export function checkFloors(results: LoadResult[]): FloorCheck[] {
  const koa = results.find((r) => r.target === 'koa');
  return FLOORS.map((floor) => {
    const row = results.find(
      (r) => r.scenario === floor.scenario || (floor.kind === 'stampede' && r.scenario.startsWith(floor.scenario)),
    );
    if (!row || !koa) return { ...floor, holds: false, detail: 'not measured in this run' };
    if (floor.kind === 'ratio of bare Koa') {
      const measured = Math.round((row.rps / koa.rps) * 1000) / 1000;
      return {
        ...floor,
        measured,
        rps: row.rps,
        holds: measured >= floor.floor,
        detail: `${row.rps} rps ÷ ${koa.rps} rps bare Koa`,
      };
    }
    if (floor.kind === 'stampede') {
      const sold = row.statusCodes['201'] ?? 0;
      const refused = row.statusCodes['409'] ?? 0;
      const exact = sold === floor.floor && refused === row.requests - sold && row.errors === 0 && row.timeouts === 0;
      return {
        ...floor,
        measured: sold,
        rps: row.rps,
        holds: exact,
        detail: `${row.requests} at once: ${JSON.stringify(row.statusCodes)}`,
      };
    }
    const all201 =
      row.non2xx === 0 && row.errors === 0 && row.timeouts === 0 && (row.statusCodes['201'] ?? 0) === row.requests;
    return {
      ...floor,
      measured: row.rps,
      rps: row.rps,
      holds: row.rps >= floor.floor && all201,
      detail: `${row.requests} checkouts, ${row.statusCodes['201'] ?? 0} × 201${all201 ? '' : `, other answers ${JSON.stringify(row.statusCodes)}`}`,
    };
  });
}
