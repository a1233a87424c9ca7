import { expect } from 'chai';
import { contractClient, waitFor, type TestHttp } from '@agora/test-kit';
import { SimulatedProcessor } from '../src/domain/simulated-processor.js';
import type { CaptureRequest, CaptureResult, PaymentProcessor, RefundRequest } from '../src/domain/processor.js';
import {
  chargeBody,
  key,
  startPayments,
  unbalancedTransactions,
  type PaymentsUnderTest,
} from './payments-under-test.js';

/** The simulated processor, whose captures wait for the test's go while `holding`. */
class HeldProcessor implements PaymentProcessor {
  holding = false;
  captures = 0;
  readonly refunds: RefundRequest[] = [];
  private readonly held: Array<() => void> = [];
  private readonly inner = new SimulatedProcessor(0);

  accepts(paymentMethod: string): boolean {
    return this.inner.accepts(paymentMethod);
  }

  async authorizeAndCapture(request: CaptureRequest): Promise<CaptureResult> {
    this.captures++;
    if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
    return this.inner.authorizeAndCapture(request);
  }

  async refund(request: RefundRequest): Promise<{ processorRef: string }> {
    this.refunds.push(request);
    return this.inner.refund(request);
  }

  heldCaptures(): number {
    return this.held.length;
  }

  answer(): void {
    this.held.splice(0).forEach((resolve) => resolve());
  }
}

const deadlineIn = (ms: number) => ({ 'x-agora-deadline': String(Date.now() + ms) });

describe('payments: nothing is captured for a caller whose deadline passed', function () {
  this.timeout(30_000);
  let svc: PaymentsUnderTest;
  let processor: HeldProcessor;
  let internal: TestHttp;
  before(async () => {
    processor = new HeldProcessor();
    // No skew: the test decides exactly when a deadline has passed.
    svc = await startPayments({ DEADLINE_SKEW_MS: '0' }, { processor });
    internal = contractClient(svc.url, 'api-docs/payments.yaml');
  });
  after(async () => {
    await svc?.stop();
  });

  const charge = (body: object, idempotencyKey: string, headers: Record<string, string>) =>
    internal.post<any>('internal/charges', { json: body, headers: { 'idempotency-key': idempotencyKey, ...headers } });
  const paymentsOf = async (orderId: string) =>
    (await internal.get<{ items: any[] }>('internal/payments', { searchParams: { orderIds: orderId } })).body.items;

  it('refuses a charge that arrives after its deadline with 503, asks no processor, records nothing, and leaves the key usable', async () => {
    const [body, k, asked] = [chargeBody(), key(), processor.captures];
    const late = await charge(body, k, deadlineIn(-1_000));
    expect([late.statusCode, late.body.code]).to.deep.equal([503, 'service_unavailable']);
    expect(processor.captures).to.equal(asked);
    expect(await paymentsOf(body.orderId)).to.deep.equal([]);
    const inTime = await charge(body, k, deadlineIn(30_000));
    expect([inTime.statusCode, inTime.body.status]).to.deep.equal([201, 'captured']);
  });

  it('voids a capture that came back after the deadline: recorded failed (deadline_passed), money returned, 503 kept for the key', async () => {
    const [body, k] = [chargeBody(), key()];
    processor.holding = true;
    try {
      const headers = deadlineIn(1_500);
      const charging = charge(body, k, headers);
      await waitFor(() => processor.heldCaptures() === 1, { timeoutMs: 5_000, what: 'the processor to be capturing' });
      await waitFor(() => Date.now() > Number(headers['x-agora-deadline']), {
        timeoutMs: 5_000,
        what: 'the deadline to pass',
      });
      processor.answer();
      const res = await charging;
      expect([res.statusCode, res.body.code]).to.deep.equal([503, 'service_unavailable']);
    } finally {
      processor.holding = false;
      processor.answer();
    }
    const payments = await paymentsOf(body.orderId);
    expect(payments.map((p) => [p.status, p.failureCode])).to.deep.equal([['failed', 'deadline_passed']]);
    expect(processor.refunds.filter((r) => r.idempotencyKey.startsWith('void:')).map((r) => r.amount)).to.deep.equal([
      body.amount,
    ]);
    const again = await charge(body, k, deadlineIn(30_000));
    expect([again.statusCode, again.body.code], 'the key keeps its answer').to.deep.equal([503, 'service_unavailable']);
    expect((await paymentsOf(body.orderId)).map((p) => p.status)).to.deep.equal(['failed']);
    expect(await unbalancedTransactions(svc.db)).to.deep.equal([]);
  });
});
