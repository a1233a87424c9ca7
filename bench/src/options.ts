import { parseArgs } from 'node:util';

export type DatabaseKind = 'sqlite' | 'mysql';

/** What one `npm run bench` does: the database, the catalog sizes it walks through, and how hard and long each run pushes. */
export interface BenchPlan {
  db: DatabaseKind;
  quick: boolean;
  /** Catalog sizes, ascending; the catalog grows from one to the next between rounds. */
  catalogSizes: number[];
  /** Adds a 1M round when the measured seeding rate says it takes under ~2 minutes (full runs without --sizes). */
  tryMillion: boolean;
  /** Orders in the orders database for `GET /orders` and `GET /seller/sales`. */
  orders: number;
  durationSeconds: number;
  connections: number;
  /** Buyers with a filled cart, one checkout each. */
  checkoutBuyers: number;
  /** Concurrent buyers in the checkout scenario. */
  checkoutConnections: number;
  profile: boolean;
  /** Runs the processes from their sources through tsx instead of the compiled dist/ (`--source`). */
  source: boolean;
  /** Skips `npm run build:dist` before a compiled run (`--no-build`, when dist/ is fresh). */
  build: boolean;
  /** Runs only the scenarios whose name contains one of these (`--only checkout,catalog page`); the Koa ceiling always runs. */
  only: string[];
  /** Node flags for every service and the aggregator (`--node-args="--max-semi-space-size=32"`: with `=`, as the value starts with a dash), to try a runtime setting before it ships. */
  nodeArgs: string[];
}

/**
 * `npm run bench -- [--db sqlite|mysql] [--quick] [--sizes 10000,100000] [--orders N]
 *  [--duration S] [--connections C] [--checkout-buyers N] [--checkout-connections C] [--no-profile]
 *  [--source] [--no-build] [--only name,name] [--node-args="--flag …"]`
 */
export function parsePlan(argv: string[]): BenchPlan {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'sqlite' },
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      orders: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      'checkout-buyers': { type: 'string' },
      'checkout-connections': { type: 'string' },
      'no-profile': { type: 'boolean', default: false },
      source: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      only: { type: 'string' },
      'node-args': { type: 'string' },
    },
  });
  if (values.db !== 'sqlite' && values.db !== 'mysql')
    throw new Error(`--db must be sqlite or mysql, not ${values.db}`);
  const quick = values.quick ?? false;
  const number = (text: string | undefined, fallback: number) => (text === undefined ? fallback : positive(text));
  return {
    db: values.db,
    quick,
    catalogSizes: values.sizes
      ? values.sizes
          .split(',')
          .map(positive)
          .sort((a, b) => a - b)
      : quick
        ? [2_000]
        : [10_000, 100_000],
    tryMillion: !quick && !values.sizes,
    orders: number(values.orders, quick ? 2_000 : 100_000),
    durationSeconds: number(values.duration, quick ? 4 : 10),
    connections: number(values.connections, 16),
    checkoutBuyers: number(values['checkout-buyers'], 200),
    checkoutConnections: number(values['checkout-connections'], 32),
    profile: !values['no-profile'],
    source: values.source ?? false,
    build: !values['no-build'],
    only: values.only
      ? values.only
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
      : [],
    nodeArgs: values['node-args']?.split(/\s+/).filter(Boolean) ?? [],
  };
}

function positive(text: string): number {
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`expected a positive integer, got ${text}`);
  return value;
}
