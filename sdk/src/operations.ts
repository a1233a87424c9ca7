import type { operations } from './generated/schema.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type OperationId = keyof operations;

/**
 * Every public.yaml operation the resource methods call: its method, path and the SDK method
 * that calls it. test/api-docs/sdk-operations.test.ts holds this table to public.yaml (each
 * /api/v1 operation once, same method and path) and to a client (each `sdk` name is a method);
 * the portal writes its SDK request samples from it.
 */
export const OPERATIONS = {
  signup: { method: 'POST', path: '/api/v1/auth/signup', sdk: 'auth.signup' },
  login: { method: 'POST', path: '/api/v1/auth/login', sdk: 'auth.login' },
  refreshSession: { method: 'POST', path: '/api/v1/auth/refresh', sdk: 'auth.refresh' },
  logout: { method: 'POST', path: '/api/v1/auth/logout', sdk: 'auth.logout' },
  getMe: { method: 'GET', path: '/api/v1/me', sdk: 'me.get' },
  updateMe: { method: 'PATCH', path: '/api/v1/me', sdk: 'me.update' },
  deleteMe: { method: 'DELETE', path: '/api/v1/me', sdk: 'me.delete' },
  listMyAddresses: { method: 'GET', path: '/api/v1/me/addresses', sdk: 'me.addresses.list' },
  createMyAddress: { method: 'POST', path: '/api/v1/me/addresses', sdk: 'me.addresses.create' },
  getMyAddress: { method: 'GET', path: '/api/v1/me/addresses/{id}', sdk: 'me.addresses.get' },
  updateMyAddress: { method: 'PATCH', path: '/api/v1/me/addresses/{id}', sdk: 'me.addresses.update' },
  deleteMyAddress: { method: 'DELETE', path: '/api/v1/me/addresses/{id}', sdk: 'me.addresses.delete' },
  adminListUsers: { method: 'GET', path: '/api/v1/admin/users', sdk: 'admin.users.list' },
  adminGetUser: { method: 'GET', path: '/api/v1/admin/users/{id}', sdk: 'admin.users.get' },
  adminUpdateUser: { method: 'PATCH', path: '/api/v1/admin/users/{id}', sdk: 'admin.users.update' },
  adminDeleteUser: { method: 'DELETE', path: '/api/v1/admin/users/{id}', sdk: 'admin.users.delete' },
  adminGetUserErasure: { method: 'GET', path: '/api/v1/admin/users/{id}/erasure', sdk: 'admin.users.erasure' },
  listProducts: { method: 'GET', path: '/api/v1/products', sdk: 'products.list' },
  getProduct: { method: 'GET', path: '/api/v1/products/{id}', sdk: 'products.get' },
  listCategories: { method: 'GET', path: '/api/v1/categories', sdk: 'categories.list' },
  getCart: { method: 'GET', path: '/api/v1/cart', sdk: 'cart.get' },
  clearCart: { method: 'DELETE', path: '/api/v1/cart', sdk: 'cart.clear' },
  setCartItem: { method: 'PUT', path: '/api/v1/cart/items/{productId}', sdk: 'cart.setItem' },
  removeCartItem: { method: 'DELETE', path: '/api/v1/cart/items/{productId}', sdk: 'cart.removeItem' },
  checkout: { method: 'POST', path: '/api/v1/checkout', sdk: 'checkout.create' },
  listOrders: { method: 'GET', path: '/api/v1/orders', sdk: 'orders.list' },
  getOrder: { method: 'GET', path: '/api/v1/orders/{id}', sdk: 'orders.get' },
  cancelOrder: { method: 'POST', path: '/api/v1/orders/{id}/cancel', sdk: 'orders.cancel' },
  listSellerProducts: { method: 'GET', path: '/api/v1/seller/products', sdk: 'seller.products.list' },
  createSellerProduct: { method: 'POST', path: '/api/v1/seller/products', sdk: 'seller.products.create' },
  updateSellerProduct: { method: 'PATCH', path: '/api/v1/seller/products/{id}', sdk: 'seller.products.update' },
  archiveSellerProduct: { method: 'DELETE', path: '/api/v1/seller/products/{id}', sdk: 'seller.products.archive' },
  listSales: { method: 'GET', path: '/api/v1/seller/sales', sdk: 'seller.sales.list' },
  shipShipment: { method: 'POST', path: '/api/v1/seller/shipments/{id}/ship', sdk: 'seller.shipments.ship' },
  deliverShipment: { method: 'POST', path: '/api/v1/seller/shipments/{id}/deliver', sdk: 'seller.shipments.deliver' },
  getSellerBalance: { method: 'GET', path: '/api/v1/seller/balance', sdk: 'seller.balance.get' },
} as const satisfies Partial<Record<OperationId, { method: HttpMethod; path: string; sdk: string }>>;

export type SdkOperationId = keyof typeof OPERATIONS;

type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type SuccessOf<R> = 200 extends keyof R ? JsonOf<R[200]> : 201 extends keyof R ? JsonOf<R[201]> : void;

/** What an operation answers on success (`void` for a 204). */
export type ResultOf<K extends OperationId> = SuccessOf<operations[K]['responses']>;
/** The JSON body an operation takes. */
export type BodyOf<K extends OperationId> = operations[K] extends { requestBody?: infer B }
  ? JsonOf<NonNullable<B>>
  : never;
/** The query parameters an operation takes. */
export type QueryOf<K extends OperationId> = NonNullable<operations[K]['parameters']['query']>;
