/**
 * The seam to a card processor. The service ships with a simulated one
 * (simulated-processor.ts); a Stripe adapter would implement the same interface
 * (PaymentIntent create+confirm with capture, Refund create), passing
 * `idempotencyKey` as Stripe's Idempotency-Key so a retried call never captures twice.
 */

export interface CardSummary {
  brand: string;
  last4: string;
}

export interface CaptureRequest {
  /** Stable across retries of one charge: the processor must answer a repeat with the first outcome. */
  idempotencyKey: string;
  amount: number;
  currency: string;
  paymentMethod: string;
}

export type CaptureResult =
  | { outcome: 'captured'; processorRef: string; card: CardSummary }
  | { outcome: 'declined'; declineCode: 'card_declined' | 'insufficient_funds'; card: CardSummary };

export interface RefundRequest {
  idempotencyKey: string;
  processorRef: string;
  amount: number;
  currency: string;
}

export interface PaymentProcessor {
  /** Whether a payment method token is one this processor could charge (else the request is a 400). */
  accepts(paymentMethod: string): boolean;
  /** Declines resolve; a processor-side failure throws ProcessorFailed. */
  authorizeAndCapture(request: CaptureRequest): Promise<CaptureResult>;
  refund(request: RefundRequest): Promise<{ processorRef: string }>;
}

/** The processor answered, and the answer is a failure (an outage on its side): the charge did not happen. */
export class ProcessorFailed extends Error {
  constructor(
    message: string,
    readonly card?: CardSummary,
  ) {
    super(message);
    this.name = 'ProcessorFailed';
  }
}

/** No answer within the deadline: the outcome is unknown, so the idempotency key stays retryable. */
export class ProcessorTimedOut extends Error {
  constructor() {
    super('The payment processor did not answer in time');
    this.name = 'ProcessorTimedOut';
  }
}

/** Bounds every processor call by a deadline. */
export function withDeadline(processor: PaymentProcessor, timeoutMs: number): PaymentProcessor {
  const bounded = <T>(work: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProcessorTimedOut()), timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  };
  return {
    accepts: (method) => processor.accepts(method),
    authorizeAndCapture: (request) => bounded(processor.authorizeAndCapture(request)),
    refund: (request) => bounded(processor.refund(request)),
  };
}
