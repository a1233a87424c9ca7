import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ProcessorFailed,
  type CaptureRequest,
  type CaptureResult,
  type CardSummary,
  type PaymentProcessor,
  type RefundRequest,
} from './processor.js';

type Behaviour = { card: CardSummary } & (
  | { result: 'capture' }
  | { result: 'decline'; declineCode: 'card_declined' | 'insufficient_funds' }
  | { result: 'fail' }
);

/** The test payment methods of API.md, with the brand and last4 of Stripe's matching test cards. */
const TEST_METHODS: Record<string, Behaviour> = {
  pm_card_visa: { card: { brand: 'visa', last4: '4242' }, result: 'capture' },
  pm_card_declined: { card: { brand: 'visa', last4: '0002' }, result: 'decline', declineCode: 'card_declined' },
  pm_card_insufficient_funds: {
    card: { brand: 'visa', last4: '9995' },
    result: 'decline',
    declineCode: 'insufficient_funds',
  },
  pm_card_error: { card: { brand: 'visa', last4: '0119' }, result: 'fail' },
};

/**
 * A processor in memory. Like a real one it is idempotent on the request's key:
 * a repeated capture or refund returns the first outcome and moves no money twice.
 * Its memory is this process's, which is enough for a simulation.
 */
export class SimulatedProcessor implements PaymentProcessor {
  private readonly captures = new Map<string, CaptureResult>();
  private readonly refunds = new Map<string, { processorRef: string }>();

  constructor(private readonly latencyMs: number) {}

  accepts(paymentMethod: string): boolean {
    return Object.hasOwn(TEST_METHODS, paymentMethod);
  }

  async authorizeAndCapture(request: CaptureRequest): Promise<CaptureResult> {
    await this.delay();
    const previous = this.captures.get(request.idempotencyKey);
    if (previous) return previous;
    const behaviour = TEST_METHODS[request.paymentMethod];
    if (!behaviour) throw new ProcessorFailed('No such payment method');
    if (behaviour.result === 'fail') throw new ProcessorFailed('The processor had an internal error', behaviour.card);
    const result: CaptureResult =
      behaviour.result === 'capture'
        ? { outcome: 'captured', processorRef: `sim_ch_${randomUUID()}`, card: behaviour.card }
        : { outcome: 'declined', declineCode: behaviour.declineCode, card: behaviour.card };
    this.captures.set(request.idempotencyKey, result);
    return result;
  }

  async refund(request: RefundRequest): Promise<{ processorRef: string }> {
    await this.delay();
    const previous = this.refunds.get(request.idempotencyKey);
    if (previous) return previous;
    const result = { processorRef: `sim_re_${randomUUID()}` };
    this.refunds.set(request.idempotencyKey, result);
    return result;
  }

  private async delay(): Promise<void> {
    if (this.latencyMs > 0) await sleep(this.latencyMs);
  }
}
