import { QueryTypes, withTransaction, type Database } from '@agora/db';
import { LostClaim, type Claim } from '../domain/idempotent-request.js';
import type { LedgerEntry } from '../domain/ledger.js';
import type { PaymentRecord, PaymentShipment, Refund } from '../domain/payment.js';
import type { IdempotencyKeyRepository } from './idempotency-key-repository.js';
import { insertLedgerTransaction } from './ledger-repository.js';
import { affectedRows, forUpdate, sqlTime, toIso, toNumber } from './rows.js';
import { toPayment, toPaymentShipment } from './payment-repository.js';

/** How a refund spreads over the payment's shipments, decided by the domain from locked rows. */
export type RefundPlan = (input: {
  payment: PaymentRecord;
  refundedBefore: number;
  amount: number;
  shipments: PaymentShipment[];
}) => {
  shipments: Array<{ shipmentId: string; net: number; fee: number }>;
  entries: LedgerEntry[];
};

export type RefundReservation =
  { outcome: 'reserved'; refund: Refund } | { outcome: 'exceeds_captured' | 'not_refundable' };

export class RefundRepository {
  constructor(
    private readonly db: Database,
    private readonly keys: IdempotencyKeyRepository,
  ) {}

  async find(id: string): Promise<Refund | undefined> {
    const [row] = await this.db.query<Record<string, unknown>>('SELECT * FROM refunds WHERE id = :id', {
      type: QueryTypes.SELECT,
      replacements: { id },
    });
    return (
      row && {
        id: String(row.id),
        paymentId: String(row.payment_id),
        amount: toNumber(row.amount),
        createdAt: toIso(row.created_at)!,
      }
    );
  }

  /**
   * Books a refund: raises the payment's refunded amount only if the total stays
   * within what was captured (a conditional UPDATE, so concurrent refunds cannot
   * pass it together), then writes the split, the refund and its ledger entries,
   * and ties the refund to the idempotency key so a retry resumes it.
   */
  async reserve(input: {
    claim: Claim;
    paymentId: string;
    amount: number | undefined;
    refundId: string;
    now: Date;
    plan: RefundPlan;
  }): Promise<RefundReservation> {
    return withTransaction(this.db, async (t) => {
      const [current] = await this.db.query<Record<string, unknown>>('SELECT * FROM payments WHERE id = :id', {
        type: QueryTypes.SELECT,
        replacements: { id: input.paymentId },
        transaction: t,
      });
      const payment = toPayment(current);
      if (payment.status !== 'captured' && payment.status !== 'partially_refunded')
        return { outcome: 'not_refundable' as const };
      const amount = input.amount ?? payment.amount - payment.refundedAmount;
      if (amount <= 0) return { outcome: 'exceeds_captured' as const };
      // `status` is assigned first: MySQL evaluates SET left to right, SQLite from the old row.
      const updated = await this.db.query(
        `UPDATE payments
         SET status = CASE WHEN refunded_amount + :amount >= amount THEN 'refunded' ELSE 'partially_refunded' END,
             refunded_amount = refunded_amount + :amount
         WHERE id = :id AND status IN ('captured', 'partially_refunded') AND refunded_amount + :amount <= amount`,
        { type: QueryTypes.UPDATE, replacements: { id: input.paymentId, amount }, transaction: t },
      );
      if (affectedRows(updated) !== 1) return { outcome: 'exceeds_captured' as const };
      // The UPDATE holds the payment's row lock, so these reads are this refund's alone.
      const [locked] = await this.db.query<Record<string, unknown>>('SELECT * FROM payments WHERE id = :id', {
        type: QueryTypes.SELECT,
        replacements: { id: input.paymentId },
        transaction: t,
      });
      const after = toPayment(locked);
      const shipmentRows = await this.db.query<Record<string, unknown>>(
        `SELECT * FROM payment_shipments WHERE payment_id = :id ORDER BY position${forUpdate(this.db)}`,
        {
          type: QueryTypes.SELECT,
          replacements: { id: input.paymentId },
          transaction: t,
        },
      );
      const plan = input.plan({
        payment: after,
        refundedBefore: after.refundedAmount - amount,
        amount,
        shipments: shipmentRows.map(toPaymentShipment),
      });
      for (const s of plan.shipments) {
        await this.db.query(
          'UPDATE payment_shipments SET refunded_net = refunded_net + :net, refunded_fee = refunded_fee + :fee WHERE shipment_id = :shipmentId',
          {
            type: QueryTypes.UPDATE,
            replacements: s,
            transaction: t,
          },
        );
      }
      const refund: Refund = {
        id: input.refundId,
        paymentId: input.paymentId,
        amount,
        createdAt: input.now.toISOString(),
      };
      await this.db
        .getQueryInterface()
        .bulkInsert(
          'refunds',
          [{ id: refund.id, payment_id: refund.paymentId, amount, created_at: sqlTime(this.db, input.now) }],
          { transaction: t },
        );
      await insertLedgerTransaction(this.db, t, {
        kind: 'refund',
        paymentId: input.paymentId,
        currency: after.currency,
        entries: plan.entries,
        now: input.now,
      });
      if (!(await this.keys.attachResourceIn(t, input.claim, refund.id))) throw new LostClaim();
      return { outcome: 'reserved' as const, refund };
    });
  }
}
