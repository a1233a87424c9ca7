import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { QueryTypes, openDatabase, type Database } from '@agora/db';
import {
  contractClient,
  dropTestDatabases,
  startProcess,
  testDatabaseUrl,
  waitFor,
  type ProcessHandle,
  type TestHttp,
} from '@agora/test-kit';
import { chargeBody, key } from './payments-under-test.js';

/** The default DEADLINE_SKEW_MS: the process is left at its defaults. */
const SKEW_MS = 250;

describe('payments frozen (SIGSTOP) with a charge queued or in flight: once thawed, it captures nothing for the caller that gave up', function () {
  this.timeout(60_000);
  let payments: ProcessHandle;
  let db: Database;
  let internal: TestHttp;
  before(async () => {
    const url = await testDatabaseUrl('payments');
    payments = await startProcess('payments', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: url,
      PROCESSOR_LATENCY_MS: '1000',
    });
    db = await openDatabase({ url, dataDir: '', service: 'payments' });
    internal = contractClient(payments.url, 'api-docs/payments.yaml');
  });
  after(async () => {
    if (payments?.running()) payments.signal('SIGCONT');
    await payments?.stop();
    await db?.close();
    await dropTestDatabases();
  });

  const charge = (body: object, idempotencyKey: string, deadline: number) =>
    internal.post<any>('internal/charges', {
      json: body,
      headers: { 'idempotency-key': idempotencyKey, 'x-agora-deadline': String(deadline) },
    });
  const capturedFor = async (orderId: string) =>
    (
      await internal.get<{ items: any[] }>('internal/payments', { searchParams: { orderIds: orderId } })
    ).body.items.filter((p) => p.status !== 'failed');
  /** Payments claimed the key: the charge got past the deadline check and is at the processor (1 s). */
  const claimed = async (idempotencyKey: string) => {
    const keyHash = createHash('sha256').update(`charge\n${idempotencyKey}`).digest('hex');
    return (
      (
        await db.query('SELECT state FROM idempotency_keys WHERE key_hash = ?', {
          type: QueryTypes.SELECT,
          replacements: [keyHash],
        })
      ).length === 1
    );
  };
  /** Keeps payments frozen until the caller's deadline, and the skew allowed for clocks, are over. */
  const frozenPast = async (deadline: number) => {
    try {
      await waitFor(() => Date.now() > deadline + SKEW_MS, {
        timeoutMs: 10_000,
        what: "the caller's deadline to pass",
      });
    } finally {
      payments.signal('SIGCONT');
    }
  };

  it('frozen before the charge arrives: refused with 503 on thawing, no payment', async () => {
    const body = chargeBody();
    payments.signal('SIGSTOP');
    const deadline = Date.now() + 300;
    const charging = charge(body, key(), deadline);
    await frozenPast(deadline);
    const res = await charging;
    expect([res.statusCode, res.body.code]).to.deep.equal([503, 'service_unavailable']);
    expect(await capturedFor(body.orderId)).to.deep.equal([]);
  });

  it('frozen while the processor works: the late capture is voided, not recorded as captured', async () => {
    const [body, k] = [chargeBody(), key()];
    // Left alone, the charge would be captured a second after it arrives, well before this deadline.
    const deadline = Date.now() + 3_000;
    const charging = charge(body, k, deadline);
    await waitFor(() => claimed(k), { timeoutMs: 5_000, intervalMs: 10, what: 'payments to claim the charge' });
    payments.signal('SIGSTOP');
    await frozenPast(deadline);
    const res = await charging;
    expect([res.statusCode, res.body.code]).to.deep.equal([503, 'service_unavailable']);
    expect(await capturedFor(body.orderId)).to.deep.equal([]);
  });
});
