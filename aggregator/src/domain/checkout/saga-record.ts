import type { Buyer, CartLine, ShippingAddress } from './ports.js';

/** A public response (status and body) kept for idempotent replays. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export type SagaKind = 'checkout' | 'cancel';
/** running → completed, or running → compensating → compensated. */
export type SagaState = 'running' | 'compensating' | 'completed' | 'compensated';

export interface CheckoutPlan {
  currency: string;
  total: number;
  lines: CartLine[];
  shippingAddress: ShippingAddress;
  paymentMethod: string;
}

export interface SagaRecord {
  id: string;
  kind: SagaKind;
  orderId: string;
  buyer: Buyer;
  idempotencyKey: string | null;
  step: string;
  state: SagaState;
  plan: CheckoutPlan | Record<string, never>;
  paymentId: string | null;
  /** The public answer of a saga that failed, stored for idempotent replays. */
  failure: StoredResponse | null;
  attempts: number;
}
