import { expect } from 'chai';
import { QueryTypes } from '@agora/db';
import { useCheckoutLog } from './support/checkout-log.js';
import { LeaseLost, type SagaRecord } from '../src/domain/checkout/saga-record.js';

const saga = (id: string, state: SagaRecord['state']): SagaRecord => ({
  id,
  kind: 'checkout',
  orderId: id,
  buyer: { id: 'buyer-1', role: 'buyer' },
  idempotencyKey: `key-${id}`,
  step: state === 'running' ? 'stock_reserved' : 'done',
  state,
  plan: {},
  paymentId: null,
  failure: null,
  attempts: 0,
});

describe('the saga log in the aggregator database', () => {
  const log = useCheckoutLog();

  it('hands an abandoned saga to one claimer only, and none whose lease is still running', async () => {
    await log.sagas.start(saga('abandoned', 'running'), -1_000);
    await log.sagas.start(saga('leased', 'running'), 60_000);
    const [first, second] = await Promise.all([
      log.sagas.claimAbandoned(10, 5_000),
      log.sagas.claimAbandoned(10, 5_000),
    ]);
    const claimed = [...first, ...second].map((s) => s.id);
    expect(claimed).to.deep.equal(['abandoned']);
    expect(await log.sagas.claimAbandoned(10, 5_000)).to.deep.equal([]);
  });

  it("reports unfinished sagas by kind and state with the oldest one's start, and no finished one (the stuck-saga metrics)", async () => {
    const count = (rows: Awaited<ReturnType<typeof log.sagas.unfinished>>, kind: string, state: string) =>
      rows.find((r) => r.kind === kind && r.state === state)?.count ?? 0;
    const before = await log.sagas.unfinished();
    await log.sagas.start({ ...saga('undoing-cancel', 'compensating'), kind: 'cancel' }, 60_000);
    await log.sagas.start(saga('finished', 'completed'), 0);
    const after = await log.sagas.unfinished();
    expect(count(after, 'cancel', 'compensating')).to.equal(count(before, 'cancel', 'compensating') + 1);
    expect(after.filter((r) => r.state === 'completed' || r.state === 'compensated')).to.deep.equal([]);
    const cancel = after.find((r) => r.kind === 'cancel' && r.state === 'compensating')!;
    expect(cancel.oldestCreatedAt).to.be.instanceOf(Date);
    expect(Math.abs(Date.now() - cancel.oldestCreatedAt!.getTime())).to.be.below(60_000);
  });

  it('refuses a second saga with the same id', async () => {
    expect(await log.sagas.start(saga('twice', 'running'), 1_000)).to.equal(true);
    expect(await log.sagas.start(saga('twice', 'running'), 1_000)).to.equal(false);
  });

  it('purges finished sagas (they hold the shipping address) after the retention, never unfinished ones', async () => {
    await log.sagas.start(saga('old-done', 'completed'), 0);
    await log.sagas.start(saga('old-running', 'running'), 60_000);
    await log.db.query("UPDATE sagas SET updated_at = ? WHERE id IN ('old-done', 'old-running')", {
      replacements: [new Date(Date.now() - 3_600_000)],
    });
    await log.sagas.start(saga('fresh-done', 'completed'), 0);
    await log.sagas.purgeFinishedOlderThan(60_000);
    expect(await log.sagas.get('old-done')).to.equal(undefined);
    expect(await log.sagas.get('old-running')).to.not.equal(undefined);
    expect(await log.sagas.get('fresh-done')).to.not.equal(undefined);
  });

  it('fences a driver that lost its lease: once another took the saga over, its writes are refused', async () => {
    const mine = saga('fenced', 'running');
    await log.sagas.start(mine, -1_000);
    const [theirs] = await log.sagas.claimAbandoned(10, 5_000);
    expect(theirs.id).to.equal('fenced');
    mine.step = 'charged';
    let refused: unknown;
    await log.sagas.save(mine, 5_000).catch((err) => (refused = err));
    expect(refused).to.be.instanceOf(LeaseLost);
    theirs.step = 'reservation_confirmed';
    await log.sagas.save(theirs, 5_000);
    await log.sagas.save(theirs, 5_000); // the same values twice still count as written
    expect((await log.sagas.get('fenced'))!.step).to.equal('reservation_confirmed');
  });

  it('takes over one abandoned saga by id for a retry of its checkout, never one that is leased or finished', async () => {
    await log.sagas.start(saga('retry-abandoned', 'running'), -1_000);
    await log.sagas.start(saga('retry-leased', 'running'), 60_000);
    await log.sagas.start(saga('retry-done', 'completed'), -1_000);
    const [first, second] = await Promise.all([
      log.sagas.claimIfAbandoned('retry-abandoned', 5_000),
      log.sagas.claimIfAbandoned('retry-abandoned', 5_000),
    ]);
    expect([first, second].filter(Boolean).map((s) => s!.attempts)).to.deep.equal([1]);
    expect(await log.sagas.claimIfAbandoned('retry-leased', 5_000)).to.equal(undefined);
    expect(await log.sagas.claimIfAbandoned('retry-done', 5_000)).to.equal(undefined);
  });

  async function keyRow(userId: string, key: string) {
    const [row] = await log.db.query<{
      state: string;
      response_status: number | null;
      response_body: string | null;
      attempt: number;
      order_id: string;
    }>(
      'SELECT state, response_status, response_body, attempt, order_id FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ?',
      { replacements: [userId, key], type: QueryTypes.SELECT },
    );
    return row;
  }

  it("writes the saga's end and its key's answer together: a final answer is stored, a 503 leaves the key retryable", async () => {
    const orderOf = (attempt: number) => `end-order-${attempt}`;
    expect(await log.keys.claim('buyer-1', 'end-key', 'hash', orderOf, 5_000)).to.deep.equal({
      outcome: 'claimed',
      orderId: 'end-order-0',
      attempt: 0,
    });
    const first = { ...saga('end-order-0', 'running'), idempotencyKey: 'end-key' };
    await log.sagas.start(first, 5_000);
    first.state = 'compensated';
    await log.sagas.end(first, { status: 503, body: { code: 'service_unavailable' } }, 5_000);
    expect(await keyRow('buyer-1', 'end-key')).to.include({ state: 'retryable', response_status: null, attempt: 0 });

    expect(await log.keys.claim('buyer-1', 'end-key', 'hash', orderOf, 5_000)).to.deep.equal({
      outcome: 'claimed',
      orderId: 'end-order-1',
      attempt: 1,
    });
    const second = { ...saga('end-order-1', 'running'), idempotencyKey: 'end-key' };
    await log.sagas.start(second, 5_000);
    second.state = 'completed';
    await log.sagas.end(second, { status: 201, body: { id: 'end-order-1' } }, 5_000);
    expect(await keyRow('buyer-1', 'end-key')).to.include({
      state: 'completed',
      response_status: 201,
      order_id: 'end-order-1',
    });
    expect(await log.keys.claim('buyer-1', 'end-key', 'hash', orderOf, 5_000)).to.deep.equal({
      outcome: 'replay',
      response: { status: 201, body: { id: 'end-order-1' } },
    });
  });

  it('leaves neither written when the end is refused (lost lease): the key stays in progress with the saga', async () => {
    await log.keys.claim('buyer-1', 'lost-key', 'hash', () => 'lost-order', 5_000);
    const mine = { ...saga('lost-order', 'running'), idempotencyKey: 'lost-key' };
    await log.sagas.start(mine, -1_000);
    await log.sagas.claimAbandoned(10, 5_000);
    mine.state = 'completed';
    let refused: unknown;
    await log.sagas.end(mine, { status: 201, body: {} }, 5_000).catch((err) => (refused = err));
    expect(refused).to.be.instanceOf(LeaseLost);
    expect(await keyRow('buyer-1', 'lost-key')).to.include({ state: 'in_progress' });
    expect((await log.sagas.get('lost-order'))!.state).to.equal('running');
  });
});
