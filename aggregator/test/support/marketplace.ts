import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import type { TestHttp } from '@agora/test-kit';

export interface Account {
  id: string;
  token: string;
  email: string;
  auth: { authorization: string };
  refreshToken: string;
}

/** A signed-up user of the running system (through the aggregator). */
export async function signUp(
  api: TestHttp,
  role: 'buyer' | 'seller' = 'buyer',
  name = `Test ${role}`,
): Promise<Account> {
  const email = `${role}-${randomUUID()}@test.agora`;
  const res = await api.post('api/v1/auth/signup', { json: { email, password: 'correct horse battery', name, role } });
  expect(res.statusCode, JSON.stringify(res.body)).to.equal(201);
  const body = res.body as unknown as { user: { id: string }; accessToken: string; refreshToken: string };
  return {
    id: body.user.id,
    token: body.accessToken,
    email,
    auth: { authorization: `Bearer ${body.accessToken}` },
    refreshToken: body.refreshToken,
  };
}

export interface ProductInput {
  title?: string;
  price?: number;
  stock?: number;
  currency?: string;
  category?: string;
}

export async function createProduct(
  api: TestHttp,
  seller: Account,
  input: ProductInput = {},
): Promise<{ id: string; stock: number; price: number }> {
  const res = await api.post('api/v1/seller/products', {
    headers: seller.auth,
    json: {
      title: input.title ?? `Product ${randomUUID().slice(0, 8)}`,
      price: input.price ?? 1000,
      stock: input.stock ?? 10,
      currency: input.currency ?? 'EUR',
      category: input.category ?? 'Test',
    },
  });
  expect(res.statusCode, JSON.stringify(res.body)).to.equal(201);
  return res.body as unknown as { id: string; stock: number; price: number };
}

export async function putInCart(api: TestHttp, buyer: Account, productId: string, quantity: number): Promise<void> {
  const res = await api.put(`api/v1/cart/items/${productId}`, { headers: buyer.auth, json: { quantity } });
  expect(res.statusCode, JSON.stringify(res.body)).to.equal(200);
}

export async function stockOf(api: TestHttp, productId: string): Promise<number> {
  const res = await api.get(`api/v1/products/${productId}`);
  expect(res.statusCode).to.equal(200);
  return (res.body as unknown as { stock: number }).stock;
}

export async function cartOf(
  api: TestHttp,
  buyer: Account,
): Promise<{ items: Array<{ productId: string; quantity: number }>; subtotal: number }> {
  const res = await api.get('api/v1/cart', { headers: buyer.auth });
  expect(res.statusCode).to.equal(200);
  return res.body as unknown as { items: Array<{ productId: string; quantity: number }>; subtotal: number };
}

export async function ordersOf(
  api: TestHttp,
  buyer: Account,
): Promise<
  Array<{
    id: string;
    status: string;
    total: number;
    payment: { status: string; amount: number; refundedAmount: number } | null;
  }>
> {
  const res = await api.get('api/v1/orders', { headers: buyer.auth, searchParams: { limit: 100 } });
  expect(res.statusCode).to.equal(200);
  return (res.body as unknown as { items: any[] }).items;
}

export const ADDRESS = {
  fullName: 'Grace Hopper',
  line1: '1 Harbour Street',
  city: 'Lisbon',
  postalCode: '1100-001',
  country: 'PT',
};

export function checkout(
  api: TestHttp,
  buyer: Account,
  key: string,
  body: Record<string, unknown> = { shippingAddress: ADDRESS, paymentMethod: 'pm_card_visa' },
) {
  return api.post('api/v1/checkout', { headers: { ...buyer.auth, 'idempotency-key': key }, json: body });
}

/** Set-up is not under test: on a busy machine a call may meet its 2 s deadline, so it is tried again. */
export async function settingUp<T>(step: () => Promise<T>, tries = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (attempt >= tries) throw err;
      await sleep(250 * attempt);
    }
  }
}
