import { ValidationFailed } from '@agora/errors';
import type { PaymentRepository } from '../data-access/payment-repository.js';
import { paymentView, type Payment } from './payment.js';

export const MAX_ORDER_IDS = 100;

/** Payments by order, for joining into order views. */
export class PaymentLookup {
  constructor(private readonly payments: PaymentRepository) {}

  /** The payments of the orders in `orderIdList` (comma-separated); orders without one are left out. */
  async forOrders(orderIdList: string): Promise<Payment[]> {
    const orderIds = [...new Set(orderIdList.split(',').filter(Boolean))];
    if (orderIds.length > MAX_ORDER_IDS)
      throw new ValidationFailed('Too many order ids', [
        { path: '/query/orderIds', message: `at most ${MAX_ORDER_IDS}` },
      ]);
    return (await this.payments.listForOrders(orderIds)).map(paymentView);
  }
}
