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
  /** How often the saga was taken over: the fence of its current driver's writes (SagaLog). */
  attempts: number;
}

/** Another driver took the saga over (this one froze, or outlived its lease): it must stop, and write nothing. */
export class LeaseLost extends Error {
  constructor(sagaId: string) {
    super(`saga ${sagaId} is driven by another process now`);
    this.name = 'LeaseLost';
  }
}
