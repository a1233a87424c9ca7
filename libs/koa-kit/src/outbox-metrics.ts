import { Gauge } from 'prom-client';
import { readOncePerScrape, type ProcessMetrics } from './process-metrics.js';

/** An outbox's undelivered rows whose first attempt is due, and when the oldest of them became due. */
export interface OutboxBacklog {
  pending: number;
  oldestDueAt: Date | null;
}

/**
 * `agora_outbox_pending{outbox}` and `agora_outbox_oldest_pending_age_seconds{outbox}`, read from
 * the database at scrape time (one query per outbox, nothing per request). Every replica reports
 * the same table: alerts take max(), not sum(). A failed or slow read (over 2 s) leaves the
 * series out of that scrape rather than failing it (readOncePerScrape).
 */
export function observeOutboxes(metrics: ProcessMetrics, outboxes: Record<string, () => Promise<OutboxBacklog>>): void {
  const reads = Object.entries(outboxes).map(([outbox, read]) => ({ outbox, read: readOncePerScrape(read) }));
  const backlogs = () =>
    Promise.all(reads.map(async ({ outbox, read }) => ({ outbox, backlog: await read(), at: Date.now() })));
  const gauge = (name: string, help: string, value: (backlog: OutboxBacklog, at: number) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['outbox'],
      registers: [metrics.registry],
      async collect() {
        const read = await backlogs();
        this.reset();
        for (const { outbox, backlog, at } of read) if (backlog) this.set({ outbox }, value(backlog, at));
      },
    });
  gauge('agora_outbox_pending', 'Outbox rows due and not yet delivered', (b) => b.pending);
  gauge(
    'agora_outbox_oldest_pending_age_seconds',
    'How long the oldest undelivered outbox row has been due (0 when none)',
    (b, at) => (b.oldestDueAt ? Math.max(0, (at - b.oldestDueAt.getTime()) / 1000) : 0),
  );
}
