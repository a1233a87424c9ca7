import type { BenchPlan } from './options.js';
import type { BenchSystem } from './system.js';
import type { BenchReport } from './report/bench-report.js';
import { signUpMany, type BenchUser } from './seed/accounts.js';
import { createHotProducts, fillCarts } from './seed/shop.js';
import { bulkInsertOrders, placeOrdersThroughApi } from './seed/orders.js';

export interface Marketplace {
  sellers: BenchUser[];
  shoppers: BenchUser[];
  checkoutBuyers: BenchUser[];
  hotProductIds: string[];
  aggregatorHasCatalog: boolean;
  seeding: Omit<BenchReport['seeding'], 'catalog'>;
}

const SELLERS = 4;
const SHOPPERS = 64;

const log = (message: string) => console.log(`[bench] ${message}`);

/**
 * Everything but the catalog: sellers and buyers signed up on auth's API,
 * two bestsellers with stock enough for any run, a filled cart per checkout buyer, and
 * the order history that `GET /orders` and `GET /seller/sales` page through.
 */
export async function prepareMarketplace(plan: BenchPlan, system: BenchSystem, dataDir: string): Promise<Marketplace> {
  const authUrl = system.url('auth');
  const signupStarted = Date.now();
  log(`signing up ${SELLERS} sellers and ${SHOPPERS + plan.checkoutBuyers} buyers`);
  const sellers = await signUpMany(authUrl, 'seller', SELLERS);
  const shoppers = await signUpMany(authUrl, 'buyer', SHOPPERS);
  const checkoutBuyers = await signUpMany(authUrl, 'buyer', plan.checkoutBuyers);
  const signupMs = Date.now() - signupStarted;
  const users = SELLERS + SHOPPERS + plan.checkoutBuyers;

  const hotProductIds = await createHotProducts(system.url('inventory'), sellers.slice(0, 2));
  log(`filling ${checkoutBuyers.length} carts`);
  await fillCarts(system.url('inventory'), checkoutBuyers, hotProductIds);

  const parties = { buyerIds: [...shoppers, ...checkoutBuyers].map((b) => b.id), sellerIds: sellers.map((s) => s.id) };
  const sample = Math.min(500, Math.ceil(plan.orders / 10));
  log(`placing ${sample} orders through the orders API, then bulk-inserting ${plan.orders - sample}`);
  const throughApi = await placeOrdersThroughApi(system.url('orders'), sample, parties);
  const bulk = await bulkInsertOrders(system.databaseUrls.orders, dataDir, plan.orders - sample, parties);

  const probe = await fetch(`${system.url('aggregator')}/api/v1/products?limit=1`);
  await probe.arrayBuffer();
  return {
    sellers,
    shoppers,
    checkoutBuyers,
    hotProductIds,
    aggregatorHasCatalog: probe.status === 200,
    seeding: {
      signups: { users, durationMs: signupMs, perSecond: Math.round((users / signupMs) * 10_000) / 10 },
      orders: { throughApi, bulk },
    },
  };
}
