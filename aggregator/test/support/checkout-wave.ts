import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestHttp } from '@agora/test-kit';
import { checkout, type Account } from './marketplace.js';

/** What one buyer of a wave asked for and, in the end, got. */
export interface WaveBuyer {
  account: Account;
  key: string;
  lines: Array<{ productId: string; quantity: number }>;
  paymentMethod: string;
  /** Every status seen on the way (0: no HTTP answer, e.g. the aggregator was down). */
  statuses: number[];
  final?: { status: number; body: any };
  /** When the final answer came (epoch ms). */
  finalAt?: number;
}

const FINAL = (status: number, body: any) =>
  status !== 503 && !(status === 409 && body?.code === 'idempotency_key_in_use');

/**
 * One buyer as a careful client: POST /checkout with one Idempotency-Key, and on a 503,
 * a 409 `idempotency_key_in_use` or no answer at all, the same request again after
 * Retry-After (capped, so a test stays short), until a final answer or `until`.
 */
export async function checkoutUntilFinal(api: TestHttp, buyer: WaveBuyer, until: number): Promise<void> {
  const body = {
    shippingAddress: {
      fullName: 'Crash Test',
      line1: '1 Fault Lane',
      city: 'Porto',
      postalCode: '4000-001',
      country: 'PT',
    },
    paymentMethod: buyer.paymentMethod,
  };
  while (Date.now() < until) {
    let status = 0;
    let answer: any;
    let retryAfterMs = 200;
    try {
      const res = await checkout(api, buyer.account, buyer.key, body);
      status = res.statusCode;
      answer = res.body;
      if (res.headers['retry-after']) retryAfterMs = Math.min(1_000, Number(res.headers['retry-after']) * 1000);
    } catch {
      // No answer: the aggregator is down or restarting.
    }
    buyer.statuses.push(status);
    if (status && FINAL(status, answer)) {
      buyer.final = { status, body: answer };
      buyer.finalAt = Date.now();
      return;
    }
    await sleep(retryAfterMs);
  }
}

/** A fault injected into the wave `delayMs` after it started, once `after` of its buyers have a final answer. */
export interface Fault {
  name: string;
  delayMs: number;
  after: number;
  inject(): Promise<void>;
}

/**
 * Runs every buyer's retry loop at once and injects the fault on the way; resolves when all
 * are final or time is up, with how long the last final answer took after the faulty
 * process was back (restarted and ready, or thawed).
 */
export async function runWave(
  api: TestHttp,
  buyers: WaveBuyer[],
  fault: Fault,
  timeoutMs: number,
): Promise<{ settledAfterBackMs: number }> {
  const until = Date.now() + timeoutMs;
  const loops = buyers.map((b) => checkoutUntilFinal(api, b, until));
  const finals = () => buyers.filter((b) => b.final).length;
  await sleep(fault.delayMs);
  while (finals() < fault.after && Date.now() < until) await sleep(10);
  await fault.inject();
  const back = Date.now();
  await Promise.all(loops);
  return { settledAfterBackMs: Math.max(0, Math.max(...buyers.map((b) => b.finalAt ?? 0)) - back) };
}

export const newKey = () => `crash-${randomUUID()}`;
