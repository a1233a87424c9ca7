import { startPeriodicJob, type PeriodicJob } from '@agora/jobs';
import type { Logger } from '@agora/logger';
import type { CartPurchases } from '../domain/cart-purchase.js';

/** Every interval, forgets the orders taken out of carts longer ago than the retention. */
export function startCartPurchasePurge(purchases: CartPurchases, intervalMs: number, log: Logger): PeriodicJob {
  return startPeriodicJob(
    'cart_purchase_purge',
    async ({ log }) => {
      const purged = await purchases.purgeApplied();
      if (purged > 0) log.info({ event: 'cart_purchases_purged', purged }, 'forgot old cart purchases');
    },
    { intervalMs, log },
  );
}
