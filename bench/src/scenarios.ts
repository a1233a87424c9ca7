import { randomUUID } from 'node:crypto';
import type { RawRequest, RequestStep } from 'autocannon';
import type { Scenario } from './load/run-load.js';
import { identityOf, type BenchUser } from './seed/accounts.js';

export interface ScenarioContext {
  koaUrl: string;
  authUrl: string;
  inventoryUrl: string;
  ordersUrl: string;
  aggregatorUrl: string;
  /** Whether the aggregator serves the catalog and cart routes yet (/api/v1/products, /api/v1/cart). */
  aggregatorHasCatalog: boolean;
  productIds: string[];
  /** ~2,000 listed products' ids, for the cache-hostile reads by id. */
  manyProductIds: string[];
  hotProductIds: string[];
  categories: string[];
  /** Signed-in buyers with order histories; also the mixed workload's shoppers. */
  shoppers: BenchUser[];
  seller: BenchUser;
  /** Buyers whose carts were filled beforehand: each checks out exactly once. */
  checkoutBuyers: BenchUser[];
  /** Concurrent buyers in the checkout scenario (`--checkout-connections`, default 32). */
  checkoutConnections: number;
}

const SEARCHES = ['oak', 'ceramic teapot', 'handmade', 'linen napkins', 'vintage steel', 'wool scarf'];
const CHECKOUT_BODY = JSON.stringify({
  shippingAddress: {
    fullName: 'Bench Shopper',
    line1: '1 Load Street',
    city: 'Lisbon',
    postalCode: '1100-001',
    country: 'PT',
  },
  paymentMethod: 'pm_card_visa',
});
/** Login runs with 4 connections: argon2 in auth is the bottleneck, and more would only queue. */
const SCARCE_CONNECTIONS = 4;
const JSON_HEADERS = { 'content-type': 'application/json' };

/** A request whose path/headers/body come from the next element of `list` each time. */
function rotating<T>(list: T[], build: (item: T) => RawRequest): RequestStep {
  let next = 0;
  return { setupRequest: (request) => ({ ...request, ...build(list[next++ % list.length]) }) };
}

const any = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];
const bearer = (user: BenchUser) => ({ authorization: `Bearer ${user.token}` });

/** The catalog reads, direct to inventory and the same through the aggregator: one pair per kind of list. */
function catalogScenarios(c: ScenarioContext): Scenario[] {
  const reads: Array<[string, RequestStep]> = [
    ['products list', { method: 'GET', path: '/products?limit=20' }],
    [
      'products search q=',
      rotating(SEARCHES, (q) => ({ method: 'GET', path: `/products?limit=20&q=${encodeURIComponent(q)}` })),
    ],
    [
      'products category=',
      rotating(c.categories, (name) => ({
        method: 'GET',
        path: `/products?limit=20&category=${encodeURIComponent(name)}`,
      })),
    ],
    ['product by id', rotating(c.productIds, (id) => ({ method: 'GET', path: `/products/${id}` }))],
    ['categories', { method: 'GET', path: '/categories' }],
  ];
  return reads.flatMap(([name, step]): Scenario[] => {
    const direct: Scenario = {
      name: `${name} (inventory)`,
      target: 'inventory',
      url: c.inventoryUrl,
      requests: [step],
      byCatalogSize: true,
    };
    if (!c.aggregatorHasCatalog) return [direct];
    const publicStep: RequestStep = {
      setupRequest: (request, context) =>
        prefixed(step.setupRequest ? step.setupRequest(request, context) : { ...request, ...step }),
    };
    return [
      direct,
      {
        name: `${name} (aggregator)`,
        target: 'aggregator',
        directOf: direct.name,
        url: c.aggregatorUrl,
        requests: [publicStep],
        byCatalogSize: true,
      },
    ];
  });
}

const prefixed = (request: RawRequest): RawRequest => ({ ...request, path: `/api/v1${request.path}` });

function accountScenarios(c: ScenarioContext): Scenario[] {
  const ordersDirect: Scenario = {
    name: 'GET /orders (orders)',
    target: 'orders',
    group: 'cache-hostile',
    url: c.ordersUrl,
    requests: [
      rotating(c.shoppers, (buyer) => ({ method: 'GET', path: '/orders?limit=20', headers: identityOf(buyer) })),
    ],
  };
  const salesDirect: Scenario = {
    name: 'GET /seller/sales (orders)',
    target: 'orders',
    url: c.ordersUrl,
    requests: [{ method: 'GET', path: '/seller/sales?limit=20', headers: identityOf(c.seller) }],
  };
  // The aggregator's own cost per request, without queueing: one connection, the cheapest read there is.
  const meDirect: Scenario = {
    name: 'GET /me, 1 connection (auth)',
    target: 'auth',
    connections: 1,
    url: c.authUrl,
    requests: [{ method: 'GET', path: '/me', headers: identityOf(c.seller) }],
  };
  return [
    meDirect,
    {
      ...meDirect,
      name: 'GET /me, 1 connection (aggregator)',
      target: 'aggregator',
      directOf: meDirect.name,
      url: c.aggregatorUrl,
      requests: [{ method: 'GET', path: '/api/v1/me', headers: bearer(c.seller) }],
    },
    {
      name: 'login (aggregator)',
      target: 'aggregator',
      connections: SCARCE_CONNECTIONS,
      url: c.aggregatorUrl,
      requests: [
        rotating(c.shoppers, (buyer) => ({
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: JSON_HEADERS,
          body: JSON.stringify({ email: buyer.email, password: buyer.password }),
        })),
      ],
    },
    ordersDirect,
    {
      ...ordersDirect,
      name: 'GET /orders (aggregator)',
      target: 'aggregator',
      directOf: ordersDirect.name,
      url: c.aggregatorUrl,
      requests: [
        rotating(c.shoppers, (buyer) => ({ method: 'GET', path: '/api/v1/orders?limit=20', headers: bearer(buyer) })),
      ],
    },
    salesDirect,
    {
      ...salesDirect,
      name: 'GET /seller/sales (aggregator)',
      target: 'aggregator',
      directOf: salesDirect.name,
      url: c.aggregatorUrl,
      requests: [{ method: 'GET', path: '/api/v1/seller/sales?limit=20', headers: bearer(c.seller) }],
    },
  ];
}

function checkoutScenario(c: ScenarioContext): Scenario {
  return {
    name: 'checkout (aggregator)',
    target: 'aggregator',
    connections: c.checkoutConnections,
    url: c.aggregatorUrl,
    amount: c.checkoutBuyers.length,
    requests: [
      rotating(c.checkoutBuyers, (buyer) => ({
        method: 'POST',
        path: '/api/v1/checkout',
        headers: { ...JSON_HEADERS, ...bearer(buyer), 'idempotency-key': randomUUID() },
        body: CHECKOUT_BODY,
      })),
    ],
  };
}

/**
 * A stampede for the last units: every prepared buyer at once (one connection each), each with
 * one unit of a product that has `BURST_STOCK` in its cart. Exactly that many should be sold and
 * every other buyer refused with 409 insufficient_stock, with no 503 (admission control lines
 * them up; a sold-out product is refused before any saga).
 */
export const BURST_STOCK = 10;

export function burstScenario(c: ScenarioContext): Scenario {
  return {
    ...checkoutScenario(c),
    name: `checkout burst: ${c.checkoutBuyers.length} at once for ${BURST_STOCK} units`,
    connections: c.checkoutBuyers.length,
  };
}

/**
 * A shopper's visit through the public API, repeated by every connection:
 * browse 10 : view 3 : cart 2 : checkout 1. Each visit is one buyer (round robin over
 * the shoppers) who fills the cart and then pays, so checkouts never find an empty cart.
 */
function mixedScenario(c: ScenarioContext): Scenario {
  let nextShopper = 0;
  const step = (build: (buyer: BenchUser, n: number) => RawRequest): RequestStep => ({
    setupRequest: (request, context) => {
      context.buyer ??= c.shoppers[nextShopper++ % c.shoppers.length];
      context.n = ((context.n as number | undefined) ?? 0) + 1;
      const buyer = context.buyer as BenchUser;
      const built = build(buyer, context.n as number);
      return { ...request, ...built, headers: { ...bearer(buyer), ...built.headers } };
    },
  });
  const browse = step((_buyer, n) => ({
    method: 'GET',
    path:
      n % 3 === 0
        ? `/api/v1/products?limit=20&q=${encodeURIComponent(any(SEARCHES))}`
        : `/api/v1/products?limit=20&category=${encodeURIComponent(any(c.categories))}`,
  }));
  const view = step(() => ({ method: 'GET', path: `/api/v1/products/${any(c.productIds)}` }));
  const cart = (productId: string) =>
    step(() => ({
      method: 'PUT',
      path: `/api/v1/cart/items/${productId}`,
      headers: JSON_HEADERS,
      body: JSON.stringify({ quantity: 1 }),
    }));
  const pay = step(() => ({
    method: 'POST',
    path: '/api/v1/checkout',
    headers: { ...JSON_HEADERS, 'idempotency-key': randomUUID() },
    body: CHECKOUT_BODY,
  }));
  const [first, second] = [c.hotProductIds[0], c.hotProductIds[1 % c.hotProductIds.length]];
  const visit = [
    browse,
    browse,
    browse,
    view,
    cart(first),
    browse,
    browse,
    browse,
    view,
    browse,
    browse,
    view,
    cart(second),
    browse,
    browse,
    pay,
  ];
  return { name: 'mixed shopper (aggregator)', target: 'aggregator', url: c.aggregatorUrl, requests: visit };
}

const SORTS = ['newest', 'price_asc', 'price_desc'];

/**
 * What a crowd of real shoppers sends: no two catalog pages alike (category × sort × a price
 * ceiling that moves on every request), product pages spread over ~2,000 ids, each request's
 * `GET /orders` from the next buyer. The aggregator's 1 s micro-cache never sees a URL twice
 * (or, for 2,000 ids at a few thousand requests a second, rarely), so these rows measure the
 * full path; the hot-URL rows above measure the cache.
 */
function cacheHostileScenarios(c: ScenarioContext): Scenario[] {
  let page = 0;
  const pageStep = (prefix: string): RequestStep => ({
    setupRequest: (request) => {
      const n = page++;
      const category = c.categories[n % c.categories.length];
      const sort = SORTS[Math.floor(n / c.categories.length) % SORTS.length];
      return {
        ...request,
        method: 'GET',
        path: `${prefix}/products?limit=20&category=${encodeURIComponent(category)}&sort=${sort}&maxPrice=${20_000 + (n % 100_000)}`,
      };
    },
  });
  const byId = (prefix: string) =>
    rotating(c.manyProductIds, (id) => ({ method: 'GET', path: `${prefix}/products/${id}` }));
  const pageDirect: Scenario = {
    name: 'catalog page, uncached (inventory)',
    target: 'inventory',
    url: c.inventoryUrl,
    requests: [pageStep('')],
    group: 'cache-hostile',
  };
  const idDirect: Scenario = {
    name: 'product by id, 2,000 ids (inventory)',
    target: 'inventory',
    url: c.inventoryUrl,
    requests: [byId('')],
    group: 'cache-hostile',
  };
  return [
    pageDirect,
    {
      ...pageDirect,
      name: 'catalog page, uncached (aggregator)',
      target: 'aggregator',
      directOf: pageDirect.name,
      url: c.aggregatorUrl,
      requests: [pageStep('/api/v1')],
    },
    idDirect,
    {
      ...idDirect,
      name: 'product by id, 2,000 ids (aggregator)',
      target: 'aggregator',
      directOf: idDirect.name,
      url: c.aggregatorUrl,
      requests: [byId('/api/v1')],
    },
  ];
}

/** The mixed workload needs the aggregator's catalog and cart routes; without them it is left out (and the report says so). */
export function allScenarios(c: ScenarioContext): {
  ceiling: Scenario;
  catalog: Scenario[];
  cacheHostile: Scenario[];
  accounts: Scenario[];
  checkout: Scenario;
  mixed?: Scenario;
} {
  return {
    ceiling: { name: 'bare Koa hello', target: 'koa', url: c.koaUrl, requests: [{ method: 'GET', path: '/' }] },
    catalog: catalogScenarios(c),
    cacheHostile: c.aggregatorHasCatalog ? cacheHostileScenarios(c) : [],
    accounts: accountScenarios(c),
    checkout: checkoutScenario(c),
    mixed: c.aggregatorHasCatalog ? mixedScenario(c) : undefined,
  };
}
