import type { HttpMethod } from './operations.js';
import { DEFAULT_RETRY } from './retry.js';
import { memoryTokenStore, Session, type RefreshLock, type TokenStore, type Tokens } from './session.js';
import { Transport, type Fetch, type RequestOptions } from './transport.js';
import { Admin } from './resources/admin.js';
import { Auth } from './resources/auth.js';
import { Cart } from './resources/cart.js';
import { Categories, Products } from './resources/catalog.js';
import { Checkout } from './resources/checkout.js';
import { Me } from './resources/me.js';
import { Orders } from './resources/orders.js';
import { Seller } from './resources/seller.js';
import type { AuthSession } from './types.js';

export interface AgoraOptions {
  /** The API's origin, e.g. `http://localhost:8080` (the SDK adds `/api/v1/…`). */
  baseUrl: string;
  /** Where tokens are kept (default: in memory). See TokenStore. */
  tokenStore?: TokenStore;
  /** Tokens of an earlier session, to resume it with the default store. */
  tokens?: Tokens;
  /** Serialises refreshes across every client of one store, e.g. `(run) => navigator.locks.request('agora-refresh', run)`. */
  refreshLock?: RefreshLock;
  /** The deadline of each attempt, in ms (default 30,000). */
  timeoutMs?: number;
  /** Further attempts after a retryable failure (default 3). */
  maxRetries?: number;
  /** The longest `Retry-After` the SDK waits by itself, in ms (default 20,000). */
  maxRetryDelayMs?: number;
  /** Headers sent with every call. */
  headers?: Record<string, string>;
  /** The fetch to send with (default: the global one). */
  fetch?: Fetch;
}

/**
 * A client of the Agora public API, one per user session.
 *
 * ```ts
 * const agora = new Agora({ baseUrl: 'http://localhost:8080' });
 * await agora.auth.login({ email, password });
 * for await (const product of agora.products.list({ q: 'lamp' })) console.log(product.title);
 * ```
 */
export class Agora {
  readonly auth: Auth;
  readonly me: Me;
  readonly admin: Admin;
  readonly products: Products;
  readonly categories: Categories;
  readonly cart: Cart;
  readonly checkout: Checkout;
  readonly orders: Orders;
  readonly seller: Seller;
  readonly session: Session;
  private readonly transport: Transport;

  constructor(options: AgoraOptions) {
    // Called as a plain function: a browser's `window.fetch` passed as is must not run with `this` = the options.
    const send = options.fetch;
    const fetch: Fetch = send ? (request) => send(request) : (request) => globalThis.fetch(request);
    // The refresh goes through the transport too (deadline, retries), but sends no token and never refreshes itself.
    const refresh = (refreshToken: string) =>
      this.transport.operation('refreshSession', { body: { refreshToken }, authenticated: false }).then(
        (session: AuthSession) => session,
        (error: unknown) => {
          if (isRefused(error)) return null;
          throw error;
        },
      );
    this.session = new Session(
      options.tokenStore ?? memoryTokenStore(options.tokens ?? null),
      refresh,
      options.refreshLock,
    );
    this.transport = new Transport({
      baseUrl: options.baseUrl,
      fetch,
      session: this.session,
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: {
        maxRetries: options.maxRetries ?? DEFAULT_RETRY.maxRetries,
        maxRetryDelayMs: options.maxRetryDelayMs ?? DEFAULT_RETRY.maxRetryDelayMs,
      },
      headers: options.headers ?? {},
    });
    this.auth = new Auth(this.transport, this.session);
    this.me = new Me(this.transport, this.session);
    this.admin = new Admin(this.transport);
    this.products = new Products(this.transport);
    this.categories = new Categories(this.transport);
    this.cart = new Cart(this.transport);
    this.checkout = new Checkout(this.transport);
    this.orders = new Orders(this.transport);
    this.seller = new Seller(this.transport);
  }

  /**
   * Any call by method and path, for what has no resource method (`GET /openapi.json`):
   * `agora.request('GET /api/v1/products/{id}', { params: { id } })`. The session, deadlines,
   * retries and errors work as for every other call; the answer is JSON-parsed, or text.
   */
  request<T = unknown>(route: `${HttpMethod} /${string}`, call: RouteCall = {}, options?: RequestOptions): Promise<T> {
    const [method, path] = route.split(' ') as [HttpMethod, string];
    return this.transport.send<T>({ ...call, method, path }, options);
  }
}

export interface RouteCall {
  params?: Record<string, string>;
  query?: object;
  body?: unknown;
  idempotencyKey?: string;
}

/** A refresh token the server refused (spent, revoked, unknown): the session is over. */
function isRefused(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 401;
}
