import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { ProcessName, SystemHandle, TestHttp } from '@agora/test-kit';
import { checkout, createProduct, putInCart, signUp, type Account } from './marketplace.js';
import { findPersonalData, openProcessDatabase, snapshot, type Snapshot } from './database-scan.js';

export const ADMIN = { email: 'root@agora.test', password: 'admin-password-1' };

export interface BuyerWithHistory {
  buyer: Account;
  orderId: string;
  /** Every personal value the buyer left somewhere: what an erasure must remove. */
  personal: string[];
}

/**
 * A buyer who left personal data in every service: a saved address, a paid order
 * shipped there, a card payment, a cart with a line still in it, and a failed login.
 */
export async function buyerWithHistory(api: TestHttp, seller: Account): Promise<BuyerWithHistory> {
  const tag = randomBytes(4).toString('hex');
  const name = `Ingrid Erasmus ${tag}`;
  const buyer = await signUp(api, 'buyer', name);
  const address = {
    fullName: name,
    line1: `${tag} Forget-Me Lane`,
    line2: `Flat ${tag}`,
    city: `Erasmusburg ${tag}`,
    postalCode: `EZ-${tag}`,
    country: 'PT',
    phone: `+351 91${parseInt(tag, 16) % 10_000_000}`,
  };
  expect((await api.post('api/v1/me/addresses', { headers: buyer.auth, json: address })).statusCode).to.equal(201);
  const [bought, kept] = [
    await createProduct(api, seller, { price: 2500 }),
    await createProduct(api, seller, { price: 700 }),
  ];
  await putInCart(api, buyer, bought.id, 2);
  const placed = await checkout(api, buyer, randomUUID(), { shippingAddress: address, paymentMethod: 'pm_card_visa' });
  expect(placed.statusCode, JSON.stringify(placed.body)).to.equal(201);
  await putInCart(api, buyer, kept.id, 1);
  expect(
    (await api.post('api/v1/auth/login', { json: { email: buyer.email, password: 'not the password' } })).statusCode,
  ).to.equal(401);
  const personal = [buyer.email, name, address.line1, address.line2, address.city, address.postalCode, address.phone];
  return { buyer, orderId: (placed.body as unknown as { id: string }).id, personal };
}

/** Every process with a database of its own: the four services and the aggregator (its checkout log). */
export const PROCESSES = [
  'aggregator',
  'auth',
  'inventory',
  'orders',
  'payments',
] as const satisfies readonly ProcessName[];

/** Every row of a process's database, read directly from the database it was started with. */
export async function databaseOf(system: SystemHandle, name: ProcessName): Promise<Snapshot> {
  const db = await openProcessDatabase(system.processes[name]!.env.DATABASE_URL);
  try {
    return await snapshot(db);
  } finally {
    await db.close();
  }
}

/** `process.table.column: value` for each personal value still stored in one of the processes' databases. */
export async function personalDataLeft(system: SystemHandle, personal: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of PROCESSES)
    found.push(...findPersonalData(await databaseOf(system, name), personal).map((hit) => `${name}.${hit}`));
  return found;
}

/**
 * `process.file: value` for each personal value whose bytes are still anywhere in a
 * process's SQLite files (the database and its write-ahead log), referred to or not.
 */
export function personalBytesLeft(system: SystemHandle, personal: string[]): string[] {
  const found: string[] = [];
  for (const name of PROCESSES) {
    const file = system.processes[name]!.env.DATABASE_URL!.replace(/^sqlite:(\/\/)?/, '');
    for (const path of [file, `${file}-wal`].filter((p) => existsSync(p))) {
      const bytes = readFileSync(path).toString('latin1').toLowerCase();
      for (const value of personal)
        if (bytes.includes(value.toLowerCase())) found.push(`${name}.${path.split('/').pop()}: ${value}`);
    }
  }
  return found;
}
