import type { BenchPlan } from '../options.js';
import type { LoadResult } from '../load/run-load.js';
import type { CatalogGrowth } from '../seed/catalog.js';
import type { OrderSeeding } from '../seed/orders.js';
import type { Machine } from './machine.js';
import type { ProfileSummary } from './cpu-profile.js';

/** Everything one bench run measured; written as JSON and rendered as Markdown. */
export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  plan: BenchPlan;
  machine: Machine;
  seeding: {
    signups: { users: number; durationMs: number; perSecond: number };
    catalog: Array<CatalogGrowth & { totalAfter: number }>;
    orders: OrderSeeding;
  };
  results: LoadResult[];
  /** The headline paths again with the processes they reach under --cpu-prof. */
  profiles: Array<{ scenario: string; process: string; summary: ProfileSummary }>;
  notes: string[];
}
