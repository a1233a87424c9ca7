import { isUniqueViolation, preparedSql, withTransaction, type Database, type PreparedSql, type Tx } from '@agora/db';
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

/** The columns `toPayment` reads. */
const PAYMENT_COLUMNS =
  'id, order_id, buyer_id, status, amount, refunded_amount, currency, brand, last4, failure_code, created_at, processor_ref';

/**
 * Payments and their split. A charge (its lookups, the payment, the split and the ledger
 * entries) and the payments of a page of orders run on every checkout and every order page,
 * so they are prepared SQL (`preparedSql`).
 */
export class PaymentRepository {
  private readonly sql: PreparedSql;

  constructor(
    private readonly db: Database,
    private readonly keys: IdempotencyKeyRepository,
  ) {
    this.sql = preparedSql(db);
  }

  private async select(where: string, params: unknown[], t?: Tx): Promise<PaymentRecord[]> {
    const rows = await this.sql.all(
      `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE ${where} ORDER BY created_at, id`,
      params,
      t,
    );
    return rows.map(toPayment);
  }

  async find(id: string): Promise<PaymentRecord | undefined> {
    return (await this.select('id = ?', [id]))[0];
  }

  async findCapturedForOrder(orderId: string): Promise<PaymentRecord | undefined> {
    return (await this.select('captured_order_id = ?', [orderId]))[0];
  }

  async listForOrders(orderIds: string[]): Promise<PaymentRecord[]> {
    return orderIds.length === 0 ? [] : this.select('order_id IN (?)', [orderIds]);
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
        await this.sql.run(
          `INSERT INTO payments (id, order_id, captured_order_id, buyer_id, status, amount, refunded_amount, currency, brand, last4, failure_code, processor_ref, created_at)
           VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`,
          [
            payment.id,
            payment.orderId,
            captured ? payment.orderId : null,
            payment.buyerId,
            payment.status,
            payment.amount,
            payment.currency,
            payment.brand,
            payment.last4,
            payment.failureCode,
            payment.processorRef,
            sqlTime(this.db, toDate(payment.createdAt)),
          ],
          t,
        );
        if (charge.shipments.length > 0) {
          const values = charge.shipments.map(() => '(?, ?, ?, ?, ?, ?, 0, 0, NULL)').join(', ');
          await this.sql.run(
            `INSERT INTO payment_shipments (shipment_id, payment_id, seller_id, position, subtotal, fee, refunded_net, refunded_fee, delivered_at) VALUES ${values}`,
            charge.shipments.flatMap((s, position) => [
              s.shipmentId,
              payment.id,
              s.sellerId,
              position,
              s.subtotal,
              s.fee,
            ]),
            t,
          );
        }
        const now = toDate(payment.createdAt);
        await insertLedgerTransaction(this.db, t, {
          kind: 'capture',
          paymentId: payment.id,
          currency: payment.currency,
          entries: charge.entries,
          now,
        });
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
    const rows = await this.sql.all(
      'SELECT * FROM payment_shipments WHERE payment_id = ? ORDER BY position',
      [paymentId],
      t,
    );
    return rows.map(toPaymentShipment);
  }
}
