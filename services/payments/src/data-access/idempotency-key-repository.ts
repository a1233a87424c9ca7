import { QueryTypes, isUniqueViolation, type Database, type Transaction } from '@agora/db';
import type { Claim, IdempotencyKeyStore, KeyRecord, StoredResponse } from '../domain/idempotent-request.js';
import { affectedRows, sqlTime, toDate, toNumber } from './rows.js';

export interface IdempotencyKeyRepository extends IdempotencyKeyStore {
  /** `complete` inside a caller's transaction, so the response is stored with the writes it describes. */
  completeIn(t: Transaction, claim: Claim, response: StoredResponse, now: Date): Promise<boolean>;
  /** Records what this attempt created, so a takeover resumes from it. */
  attachResourceIn(t: Transaction, claim: Claim, resourceId: string): Promise<boolean>;
  /** Deletes completed keys created before `cutoff`; returns how many. */
  purgeCompletedBefore(cutoff: Date): Promise<number>;
}

export function idempotencyKeyRepository(db: Database): IdempotencyKeyRepository {
  const complete = async (claim: Claim, response: StoredResponse, now: Date, transaction?: Transaction) => {
    const result = await db.query(
      `UPDATE idempotency_keys SET state = 'completed', response_status = :status, response_body = :body, completed_at = :now
       WHERE key_hash = :keyHash AND attempt = :attempt AND state = 'in_progress'`,
      {
        type: QueryTypes.UPDATE,
        transaction,
        replacements: { status: response.status, body: JSON.stringify(response.body), now: sqlTime(db, now), keyHash: claim.keyHash, attempt: claim.attempt },
      },
    );
    return affectedRows(result) === 1;
  };

  return {
    async insertClaim(row) {
      try {
        await db.getQueryInterface().bulkInsert('idempotency_keys', [
          {
            key_hash: row.keyHash,
            scope: row.scope,
            fingerprint: row.fingerprint,
            state: 'in_progress',
            attempt: 1,
            locked_until: sqlTime(db, row.lockedUntil),
            created_at: sqlTime(db, row.now),
          },
        ]);
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },

    async find(keyHash) {
      const [row] = await db.query<Record<string, unknown>>('SELECT * FROM idempotency_keys WHERE key_hash = :keyHash', {
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
    },

    async takeOver(keyHash, attempt, now, lockedUntil) {
      const result = await db.query(
        `UPDATE idempotency_keys SET attempt = attempt + 1, locked_until = :lockedUntil
         WHERE key_hash = :keyHash AND attempt = :attempt AND state = 'in_progress' AND locked_until <= :now`,
        { type: QueryTypes.UPDATE, replacements: { keyHash, attempt, now: sqlTime(db, now), lockedUntil: sqlTime(db, lockedUntil) } },
      );
      return affectedRows(result) === 1;
    },

    complete: (claim, response, now) => complete(claim, response, now),
    completeIn: (t, claim, response, now) => complete(claim, response, now, t),

    async release(claim, now) {
      await db.query(`UPDATE idempotency_keys SET locked_until = :now WHERE key_hash = :keyHash AND attempt = :attempt AND state = 'in_progress'`, {
        type: QueryTypes.UPDATE,
        replacements: { now: sqlTime(db, now), keyHash: claim.keyHash, attempt: claim.attempt },
      });
    },

    async attachResourceIn(t, claim, resourceId) {
      const result = await db.query(
        `UPDATE idempotency_keys SET resource_id = :resourceId WHERE key_hash = :keyHash AND attempt = :attempt AND state = 'in_progress'`,
        { type: QueryTypes.UPDATE, transaction: t, replacements: { resourceId, keyHash: claim.keyHash, attempt: claim.attempt } },
      );
      return affectedRows(result) === 1;
    },

    async purgeCompletedBefore(cutoff) {
      const deleted = await db.query(`DELETE FROM idempotency_keys WHERE state = 'completed' AND created_at < :cutoff`, {
        type: QueryTypes.BULKDELETE,
        replacements: { cutoff: sqlTime(db, cutoff) },
      });
      return toNumber(deleted);
    },
  };
}
