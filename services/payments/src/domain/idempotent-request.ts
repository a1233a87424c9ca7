import { createHash } from 'node:crypto';
import { AppError, Conflict, isErrorCode } from '@agora/errors';
import { callerGivesUpAt } from '@agora/request-context';

/** A response as first given, replayed for a repeat of the same request under the same key. */
export interface StoredResponse {
  status: number;
  /** The resource for a 2xx; `{code, detail}` of the problem otherwise. */
  body: unknown;
}

/** The right to perform one request: held by whoever inserted the key or took over its expired lock. */
export interface Claim {
  keyHash: string;
  attempt: number;
  /** What an earlier, crashed attempt already recorded (e.g. the refund id), to resume instead of redo. */
  resourceId: string | null;
}

export interface KeyRecord {
  fingerprint: string;
  state: 'in_progress' | 'completed';
  attempt: number;
  lockedUntil: Date;
  resourceId: string | null;
  response: StoredResponse | null;
}

export interface IdempotencyKeyStore {
  /** Inserts the key as in progress; false when it exists (the database's UNIQUE key decides, across replicas). */
  insertClaim(row: {
    keyHash: string;
    scope: string;
    fingerprint: string;
    lockedUntil: Date;
    now: Date;
  }): Promise<boolean>;
  find(keyHash: string): Promise<KeyRecord | undefined>;
  /** Compare-and-set on `attempt`: only one of several racing retries wins an expired lock. */
  takeOver(keyHash: string, attempt: number, now: Date, lockedUntil: Date): Promise<boolean>;
  /** Stores the response; false when this claim was lost to a takeover. */
  complete(claim: Claim, response: StoredResponse, now: Date): Promise<boolean>;
  /** Ends the lock at once so that a retry may take over right away. */
  release(claim: Claim, now: Date): Promise<void>;
}

/** Whether `claim` still holds its key: no later attempt took it over. */
export async function stillHeld(keys: Pick<IdempotencyKeyStore, 'find'>, claim: Claim): Promise<boolean> {
  const record = await keys.find(claim.keyHash);
  return record?.state === 'in_progress' && record.attempt === claim.attempt;
}

/** This claim's lock expired and another attempt took over; its outcome wins. */
export class LostClaim extends Error {
  constructor() {
    super('The idempotency key was taken over by another attempt');
    this.name = 'LostClaim';
  }
}

/** JSON with object keys sorted, so equal bodies have one fingerprint whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function replay(response: StoredResponse): StoredResponse {
  if (response.status < 400) return response;
  const problem = response.body as { code?: unknown; detail?: unknown };
  const code = isErrorCode(problem.code) ? problem.code : 'internal';
  throw new AppError(code, String(problem.detail ?? 'Request failed'), { status: response.status });
}

const inUse = () =>
  new Conflict('A request with this Idempotency-Key is still in progress; retry later', 'idempotency_key_in_use');

/**
 * Exactly-once requests over a key table: insert first, then work, then store the
 * response. Every decision is a row operation on the shared database, so it holds
 * across replicas. Outcomes the caller may not retry (2xx and deliberate errors)
 * are stored; unknown outcomes (timeouts, crashes) release the key for a retry.
 */
export class IdempotentRequests {
  constructor(
    private readonly keys: IdempotencyKeyStore,
    private readonly lockMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async run(
    scope: string,
    key: string,
    request: unknown,
    work: (claim: Claim) => Promise<StoredResponse>,
  ): Promise<StoredResponse> {
    const claim = await this.claim(scope, key, sha256(canonicalJson(request)));
    if ('status' in claim) return replay(claim);
    try {
      return replay(await work(claim));
    } catch (err) {
      if (err instanceof LostClaim) return this.replayFinished(claim.keyHash);
      if (err instanceof AppError && err.code !== 'service_unavailable' && err.code !== 'internal') {
        const stored = { status: err.status, body: { code: err.code, detail: err.message } };
        if (!(await this.keys.complete(claim, stored, this.now()))) return this.replayFinished(claim.keyHash);
        throw err;
      }
      await this.keys.release(claim, this.now()).catch(() => undefined);
      throw err;
    }
  }

  private async claim(scope: string, key: string, fingerprint: string): Promise<Claim | StoredResponse> {
    const keyHash = sha256(`${scope}\n${key}`);
    const now = this.now();
    // Once the caller has given up, this attempt can commit nothing (the deadline is checked
    // inside its transaction), so a retry may take the key over from then on.
    const lockedUntil = new Date(Math.min(now.getTime() + this.lockMs, callerGivesUpAt() ?? Infinity));
    if (await this.keys.insertClaim({ keyHash, scope, fingerprint, lockedUntil, now }))
      return { keyHash, attempt: 1, resourceId: null };
    const existing = await this.keys.find(keyHash);
    if (!existing) throw inUse();
    if (existing.fingerprint !== fingerprint) {
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used with a different request body');
    }
    if (existing.state === 'completed' && existing.response) return existing.response;
    if (existing.lockedUntil.getTime() > now.getTime()) throw inUse();
    if (await this.keys.takeOver(keyHash, existing.attempt, now, lockedUntil)) {
      return { keyHash, attempt: existing.attempt + 1, resourceId: existing.resourceId };
    }
    throw inUse();
  }

  private async replayFinished(keyHash: string): Promise<StoredResponse> {
    const record = await this.keys.find(keyHash);
    if (record?.state === 'completed' && record.response) return replay(record.response);
    throw inUse();
  }
}
