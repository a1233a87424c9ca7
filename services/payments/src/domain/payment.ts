import type { ShipmentSplit } from './ledger.js';

export type PaymentStatus = 'captured' | 'partially_refunded' | 'refunded' | 'failed';

/** A payment as the internal API shows it (no card data beyond the test token's brand and last4). */
export interface Payment {
  id: string;
  orderId: string;
  buyerId: string;
  status: PaymentStatus;
  amount: number;
  refundedAmount: number;
  currency: string;
  brand: string | null;
  last4: string | null;
  failureCode: string | null;
  createdAt: string;
}

/** What the processor knows the payment by; kept out of the API view. */
export interface PaymentRecord extends Payment {
  processorRef: string | null;
}

export interface ChargeRequest {
  orderId: string;
  buyerId: string;
  amount: number;
  currency: string;
  paymentMethod: string;
  shipments: Array<{ shipmentId: string; sellerId: string; subtotal: number }>;
}

export interface Refund {
  id: string;
  paymentId: string;
  amount: number;
  createdAt: string;
}

export interface Delivery {
  shipmentId: string;
  orderId: string;
  sellerId: string;
  currency: string;
  /** The net moved from pending to available by this delivery. */
  released: number;
  deliveredAt: string;
}

export interface PaymentShipment extends ShipmentSplit {
  refundedNet: number;
  refundedFee: number;
  delivered: boolean;
}

export function paymentView(record: PaymentRecord): Payment {
  const { id, orderId, buyerId, status, amount, refundedAmount, currency, brand, last4, failureCode, createdAt } =
    record;
  return { id, orderId, buyerId, status, amount, refundedAmount, currency, brand, last4, failureCode, createdAt };
}
