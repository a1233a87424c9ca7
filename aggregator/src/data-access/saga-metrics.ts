import { Counter, Gauge } from 'prom-client';
import { readOncePerScrape, type ProcessMetrics } from '@agora/koa-kit';
import type { SagaKind, SagaState } from '../domain/checkout/saga-record.js';

/** Counts sagas as they end (SagaLog.end), by kind and final state: completed or compensated. */
export function sagaOutcomes(metrics: ProcessMetrics): (kind: SagaKind, state: SagaState) => void {
  const ended = new Counter({
    name: 'agora_saga_outcomes_total',
    help: 'Checkout and cancel sagas ended, by kind and outcome (completed or compensated)',
    labelNames: ['kind', 'outcome'],
    registers: [metrics.registry],
  });
  return (kind, state) => ended.inc({ kind, outcome: state });
}

export interface UnfinishedSagas {
  kind: string;
  state: string;
  count: number;
  oldestCreatedAt: Date | null;
}

const KINDS: SagaKind[] = ['checkout', 'cancel'];
const UNFINISHED: SagaState[] = ['running', 'compensating'];

/**
 * `agora_sagas_unfinished{kind,state}` and `agora_saga_oldest_unfinished_age_seconds{kind}`, read
 * from the saga log at scrape time. A saga is driven to its end within seconds, or taken over by
 * recovery once its lease runs out; one that stays unfinished for minutes is stuck. Every replica
 * reads the same table: alerts take max(). A failed or slow read leaves the series out of that scrape.
 */
export function observeUnfinishedSagas(metrics: ProcessMetrics, read: () => Promise<UnfinishedSagas[]>): void {
  const snapshot = readOncePerScrape(async () => ({ rows: await read(), at: Date.now() }));
  new Gauge({
    name: 'agora_sagas_unfinished',
    help: 'Sagas running or compensating, by kind and state',
    labelNames: ['kind', 'state'],
    registers: [metrics.registry],
    async collect() {
      const rows = (await snapshot())?.rows;
      this.reset();
      if (!rows) return;
      for (const kind of KINDS) for (const state of UNFINISHED) this.set({ kind, state }, 0);
      for (const row of rows) this.set({ kind: row.kind, state: row.state }, row.count);
    },
  });
  new Gauge({
    name: 'agora_saga_oldest_unfinished_age_seconds',
    help: 'Age of the oldest unfinished saga, by kind (0 when none)',
    labelNames: ['kind'],
    registers: [metrics.registry],
    async collect() {
      const read = await snapshot();
      this.reset();
      if (!read) return;
      const { rows, at } = read;
      for (const kind of KINDS) {
        const starts = rows
          .filter((r) => r.kind === kind && r.oldestCreatedAt)
          .map((r) => r.oldestCreatedAt!.getTime());
        this.set({ kind }, starts.length ? Math.max(0, (at - Math.min(...starts)) / 1000) : 0);
      }
    },
  });
}
