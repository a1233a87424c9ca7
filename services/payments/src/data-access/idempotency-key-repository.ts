import { QueryTypes, isUniqueViolation, type Database, type Tx } from '@agora/db';
import type { Claim, IdempotencyKeyStore, KeyRecord, StoredResponse } from '../domain/idempotent-request.js';
import { affectedRows, sqlTime, toDate, toNumber } from './rows.js';

/** Idempotency keys in the database: the domain's IdempotencyKeyStore, plus what runs inside a payment's or refund's transaction. */
export class IdempotencyKeyRepository implements IdempotencyKeyStore {
  constructor(private readonly db: Database) {}

  private async completeWith(claim: Claim, response: StoredResponse, now: Date, transaction?: Tx): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE idempotency_keys SET state = 'completed', response_status = :status, response_body = :body, completed_at = :now
       WHERE key_hash = :keyHash AND attempt = :attempt AND state = 'in_progress'`,
      {
        type: QueryTypes.UPDATE,
        transaction,
        replacements: { status: response.status, body: JSON.stringify(response.body), now: sqlTime(this.db, now), keyHash: claim.keyHash, attempt: claim.attempt },
      },
    );
    return affectedRows(result) === 1;
  }

  async insertClaim(row: { keyHash: string; scope: string; fingerprint: string; lockedUntil: Date; now: Date }): Promise<boolean> {
    try {
      await this.db.getQueryInterface().bulkInsert('idempotency_keys', [
        {
          key_hash: row.keyHash,
          scope: row.scope,
          fingerprint: row.fingerprint,
          state: 'in_progress',
          attempt: 1,
          locked_until: sqlTime(this.db, row.lockedUntil),
          created_at: sqlTime(this.db, row.now),
        },
      ]);
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async find(keyHash: string): Promise<KeyRecord | undefined> {
    const [row] = await this.db.query<Record<string, unknown>>('SELECT * FROM idempotency_keys WHERE key_hash = :keyHash', {
      type: QueryTypes.SELECT,
      replacements: { keyHash },
    });
    if (!row) return undefined;
    const record: KeyRecord = {
      fingerprint: String(row.fingerprint),
      state: row.state === 'completed' ? 'completed' : 'in_progress',
      attempt: toNumber(row.attempt),
      lockedUntil: toDate(row.locked_until),
      resourceId: row.resource_id ? String(row.resource_id) : null,
      response: row.response_status === null ? null : { status: toNumber(row.response_status), body: JSON.parse(String(row.response_body)) },
    };
    return record;
  }

  /** Compare-and-set on `attempt`: only one of several racing retries wins an expired lock. */
  async takeOver(keyHash: string, attempt: number, now: Date, lockedUntil: Date): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE idempotency_keys SET attempt = attempt + 1, locked_until = :lockedUntil
       WHERE key_hash = :keyHash AND attempt = :attempt AND state = 'in_progress' AND locked_until <= :now`,
      { type: QueryTypes.UPDATE, replacements: { keyHash, attempt, now: sqlTime(this.db, now), lockedUntil: sqlTime(this.db, lockedUntil) } },
    );
    return affectedRows(result) === 1;
  }

  complete(claim: Claim, response: StoredResponse, now: Date): Promise<boolean> {
    return this.completeWith(claim, response, now);
  }

  /** `complete` inside a caller's transaction, so the response is stored with the writes it describes. */
  completeIn(t: Tx, claim: Claim, response: StoredResponse, now: Date): Promise<boolean> {
    return this.completeWith(claim, response, now, t);
  }

  async release(claim: Claim, now: Date): Promise<void> {
    await this.db.query(`UPDATE idempotency_keys SET locked_until = :now WHERE key_hash = :keyHash AND attempt = :attempt AND state = 'in_progress'`, {
      type: QueryTypes.UPDATE,
      replacements: { now: sqlTime(this.db, now), keyHash: claim.keyHash, attempt: claim.attempt },
    });
  }

  /** Records what this attempt created, so a takeover resumes from it. */
  async attachResourceIn(t: Tx, claim: Claim, resourceId: string): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE idempotency_keys SET resource_id = :resourceId WHERE key_hash = :keyHash AND attempt = :attempt AND state = 'in_progress'`,
      { type: QueryTypes.UPDATE, transaction: t, replacements: { resourceId, keyHash: claim.keyHash, attempt: claim.attempt } },
    );
    return affectedRows(result) === 1;
  }

  /** Deletes completed keys created before `cutoff`; returns how many. */
  async purgeCompletedBefore(cutoff: Date): Promise<number> {
    const deleted = await this.db.query(`DELETE FROM idempotency_keys WHERE state = 'completed' AND created_at < :cutoff`, {
      type: QueryTypes.BULKDELETE,
      replacements: { cutoff: sqlTime(this.db, cutoff) },
    });
    return toNumber(deleted);
  }
}
