import { QueryTypes, isUniqueViolation, withTransaction, type Database, type Tx } from '@agora/db';
import { LostClaim, type Claim, type StoredResponse } from '../domain/idempotent-request.js';
import type { LedgerEntry, ShipmentSplit } from '../domain/ledger.js';
import type { PaymentRecord, PaymentShipment, PaymentStatus } from '../domain/payment.js';
import type { IdempotencyKeyRepository } from './idempotency-key-repository.js';
import { insertLedgerTransaction } from './ledger-repository.js';
import { sqlTime, toDate, toIso, toNumber } from './rows.js';

export function toPayment(row: Record<string, unknown>): PaymentRecord {
  return {
    id: String(row.id),
    orderId: String(row.order_id),
    buyerId: String(row.buyer_id),
    status: row.status as PaymentStatus,
    amount: toNumber(row.amount),
    refundedAmount: toNumber(row.refunded_amount),
    currency: String(row.currency),
    brand: (row.brand as string | null) ?? null,
    last4: (row.last4 as string | null) ?? null,
    failureCode: (row.failure_code as string | null) ?? null,
    createdAt: toIso(row.created_at)!,
    processorRef: (row.processor_ref as string | null) ?? null,
  };
}

export function toPaymentShipment(row: Record<string, unknown>): PaymentShipment {
  return {
    shipmentId: String(row.shipment_id),
    sellerId: String(row.seller_id),
    subtotal: toNumber(row.subtotal),
    fee: toNumber(row.fee),
    refundedNet: toNumber(row.refunded_net),
    refundedFee: toNumber(row.refunded_fee),
    delivered: row.delivered_at !== null && row.delivered_at !== undefined,
  };
}

export interface NewCharge {
  claim: Claim;
  payment: PaymentRecord;
  /** The split of a captured payment; empty for a failed one. */
  shipments: ShipmentSplit[];
  entries: LedgerEntry[];
  response: StoredResponse;
  /** Last thing inside the transaction: throwing rolls the whole charge back (e.g. the caller's deadline passed). */
  beforeCommit?: () => void;
}

export class PaymentRepository {
  constructor(
    private readonly db: Database,
    private readonly keys: IdempotencyKeyRepository,
  ) {}

  private async select(where: string, replacements: Record<string, unknown>, t?: Tx): Promise<PaymentRecord[]> {
    const rows = await this.db.query<Record<string, unknown>>(`SELECT * FROM payments WHERE ${where} ORDER BY created_at, id`, { type: QueryTypes.SELECT, replacements, transaction: t });
    return rows.map(toPayment);
  }

  async find(id: string): Promise<PaymentRecord | undefined> {
    return (await this.select('id = :id', { id }))[0];
  }

  async findCapturedForOrder(orderId: string): Promise<PaymentRecord | undefined> {
    return (await this.select('captured_order_id = :orderId', { orderId }))[0];
  }

  async listForOrders(orderIds: string[]): Promise<PaymentRecord[]> {
    return orderIds.length === 0 ? [] : this.select('order_id IN (:orderIds)', { orderIds });
  }

  /**
   * The payment, its split, its ledger entries and the stored response, in one
   * transaction. 'order_already_captured' when another charge of the order won.
   */
  async recordCharge(charge: NewCharge): Promise<'recorded' | 'order_already_captured'> {
    const { payment } = charge;
    const captured = payment.status === 'captured';
    try {
      await withTransaction(this.db, async (t) => {
        const q = this.db.getQueryInterface();
        await q.bulkInsert(
          'payments',
          [
            {
              id: payment.id,
              order_id: payment.orderId,
              captured_order_id: captured ? payment.orderId : null,
              buyer_id: payment.buyerId,
              status: payment.status,
              amount: payment.amount,
              refunded_amount: 0,
              currency: payment.currency,
              brand: payment.brand,
              last4: payment.last4,
              failure_code: payment.failureCode,
              processor_ref: payment.processorRef,
              created_at: sqlTime(this.db, toDate(payment.createdAt)),
            },
          ],
          { transaction: t },
        );
        if (charge.shipments.length > 0) {
          await q.bulkInsert(
            'payment_shipments',
            charge.shipments.map((s, position) => ({ ...shipmentColumns(s), payment_id: payment.id, position })),
            { transaction: t },
          );
        }
        const now = toDate(payment.createdAt);
        await insertLedgerTransaction(this.db, t, { kind: 'capture', paymentId: payment.id, currency: payment.currency, entries: charge.entries, now });
        if (!(await this.keys.completeIn(t, charge.claim, charge.response, now))) throw new LostClaim();
        charge.beforeCommit?.();
      });
      return 'recorded';
    } catch (err) {
      if (isUniqueViolation(err)) return 'order_already_captured';
      throw err;
    }
  }

  async shipmentsOf(paymentId: string, t?: Tx): Promise<PaymentShipment[]> {
    const rows = await this.db.query<Record<string, unknown>>('SELECT * FROM payment_shipments WHERE payment_id = :paymentId ORDER BY position', {
      type: QueryTypes.SELECT,
      replacements: { paymentId },
      transaction: t,
    });
    return rows.map(toPaymentShipment);
  }
}

function shipmentColumns(s: ShipmentSplit) {
  return { shipment_id: s.shipmentId, seller_id: s.sellerId, subtotal: s.subtotal, fee: s.fee, refunded_net: 0, refunded_fee: 0, delivered_at: null };
}
