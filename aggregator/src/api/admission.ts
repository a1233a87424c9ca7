import type { Middleware } from 'koa';
import { AppError } from '@agora/errors';
import { currentContext } from '@agora/request-context';

/**
 * What the aggregator takes on at once, per class of route: checkouts (a saga of several
 * writes each), logins (argon2 in auth), other writes, and reads. Beyond `concurrency` a
 * request waits in line, at most `queue` of them; one that finds the line full, or is still
 * waiting after `maxWaitMs`, is refused at once with 503 and Retry-After. So a burst beyond
 * capacity completes what it admits within the deadline and refuses the rest quickly,
 * instead of every request timing out while the services work for callers that gave up.
 */
export type AdmissionClass = 'checkout' | 'login' | 'writes' | 'reads';

export interface AdmissionLimit {
  concurrency: number;
  queue: number;
  maxWaitMs: number;
}

export function admissionClassOf(method: string, path: string): AdmissionClass {
  if (method === 'POST' && path === '/api/v1/checkout') return 'checkout';
  if (method === 'POST' && (path === '/api/v1/auth/login' || path === '/api/v1/auth/signup')) return 'login';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return 'reads';
  return 'writes';
}

/** A counting semaphore with a bounded FIFO line whose waiters give up after a time. */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: Array<{ admit: () => void }> = [];

  constructor(private readonly limit: AdmissionLimit) {}

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once admitted; resolves with undefined when refused (line full, or waited `maxWaitMs`, or `giveUpInMs`). */
  async enter(giveUpInMs = Infinity): Promise<(() => void) | undefined> {
    if (this.running < this.limit.concurrency && this.waiting.length === 0) return this.admitted();
    if (this.waiting.length >= this.limit.queue) return undefined;
    const waitMs = Math.min(this.limit.maxWaitMs, giveUpInMs);
    if (waitMs <= 0) return undefined;
    return new Promise((resolve) => {
      const waiter = {
        admit: () => {
          clearTimeout(timer);
          resolve(this.admitted());
        },
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve(undefined);
      }, waitMs);
      this.waiting.push(waiter);
    });
  }

  private admitted(): () => void {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      // The slot goes straight to the first in line, so nobody overtakes it.
      const next = this.waiting.shift();
      if (next) next.admit();
    };
  }
}

/** One gate per class, shared by every request of this process. */
export type AdmissionGates = Record<AdmissionClass, ConcurrencyGate>;

export function admissionGates(limits: Record<AdmissionClass, AdmissionLimit>): AdmissionGates {
  return {
    checkout: new ConcurrencyGate(limits.checkout),
    login: new ConcurrencyGate(limits.login),
    writes: new ConcurrencyGate(limits.writes),
    reads: new ConcurrencyGate(limits.reads),
  };
}

/**
 * Runs each public request through its class's gate. Runs after `requestDeadline`: a
 * request never waits in line past its own deadline, and time in line counts against it.
 */
export function admission(
  gates: AdmissionGates,
  refusals?: { refused(admissionClass: AdmissionClass): void },
): Middleware {
  return async (ctx, next) => {
    const admissionClass = admissionClassOf(ctx.method, ctx.path);
    const deadline = currentContext()?.deadline;
    const release = await gates[admissionClass].enter(deadline === undefined ? Infinity : deadline - Date.now());
    if (!release) {
      refusals?.refused(admissionClass);
      ctx.state.log?.warn(
        { event: 'admission_refused', admissionClass },
        'refused: the aggregator is at capacity for this kind of request',
      );
      throw new AppError('service_unavailable', 'The service is busy; nothing was done. Retry after a moment', {
        headers: { 'Retry-After': '1' },
      });
    }
    try {
      await next();
    } finally {
      release();
    }
  };
}
