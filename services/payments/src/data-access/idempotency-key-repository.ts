import { isUniqueViolation, preparedSql, type Database, type PreparedSql, type Tx } from '@agora/db';
import type { Claim, IdempotencyKeyStore, KeyRecord, StoredResponse } from '../domain/idempotent-request.js';
import { sqlTime, toDate, toNumber } from './rows.js';

/**
 * Idempotency keys in the database: the domain's IdempotencyKeyStore, plus what runs inside a
 * payment's or refund's transaction. Every charge and refund claims and completes a key, so the
 * statements are prepared SQL (`preparedSql`), not Sequelize queries.
 */
export class IdempotencyKeyRepository implements IdempotencyKeyStore {
  private readonly sql: PreparedSql;

  constructor(private readonly db: Database) {
    this.sql = preparedSql(db);
  }

  private async completeWith(claim: Claim, response: StoredResponse, now: Date, transaction?: Tx): Promise<boolean> {
    const changed = await this.sql.run(
      `UPDATE idempotency_keys SET state = 'completed', response_status = ?, response_body = ?, completed_at = ?
       WHERE key_hash = ? AND attempt = ? AND state = 'in_progress'`,
      [response.status, JSON.stringify(response.body), sqlTime(this.db, now), claim.keyHash, claim.attempt],
      transaction,
    );
    return changed === 1;
  }

  async insertClaim(row: {
    keyHash: string;
    scope: string;
    fingerprint: string;
    lockedUntil: Date;
    now: Date;
  }): Promise<boolean> {
    try {
      await this.sql.run(
        "INSERT INTO idempotency_keys (key_hash, scope, fingerprint, state, attempt, locked_until, created_at) VALUES (?, ?, ?, 'in_progress', 1, ?, ?)",
        [row.keyHash, row.scope, row.fingerprint, sqlTime(this.db, row.lockedUntil), sqlTime(this.db, row.now)],
      );
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async find(keyHash: string): Promise<KeyRecord | undefined> {
    const [row] = await this.sql.all(
      'SELECT fingerprint, state, attempt, locked_until, resource_id, response_status, response_body FROM idempotency_keys WHERE key_hash = ?',
      [keyHash],
    );
    if (!row) return undefined;
    const record: KeyRecord = {
      fingerprint: String(row.fingerprint),
      state: row.state === 'completed' ? 'completed' : 'in_progress',
      attempt: toNumber(row.attempt),
      lockedUntil: toDate(row.locked_until),
      resourceId: row.resource_id ? String(row.resource_id) : null,
      response:
        row.response_status === null
          ? null
          : { status: toNumber(row.response_status), body: JSON.parse(String(row.response_body)) },
    };
    return record;
  }

  /** Compare-and-set on `attempt`: only one of several racing retries wins an expired lock. */
  async takeOver(keyHash: string, attempt: number, now: Date, lockedUntil: Date): Promise<boolean> {
    const changed = await this.sql.run(
      `UPDATE idempotency_keys SET attempt = attempt + 1, locked_until = ?
       WHERE key_hash = ? AND attempt = ? AND state = 'in_progress' AND locked_until <= ?`,
      [sqlTime(this.db, lockedUntil), keyHash, attempt, sqlTime(this.db, now)],
    );
    return changed === 1;
  }

  complete(claim: Claim, response: StoredResponse, now: Date): Promise<boolean> {
    return this.completeWith(claim, response, now);
  }

  /** `complete` inside a caller's transaction, so the response is stored with the writes it describes. */
  completeIn(t: Tx, claim: Claim, response: StoredResponse, now: Date): Promise<boolean> {
    return this.completeWith(claim, response, now, t);
  }

  async release(claim: Claim, now: Date): Promise<void> {
    await this.sql.run(
      "UPDATE idempotency_keys SET locked_until = ? WHERE key_hash = ? AND attempt = ? AND state = 'in_progress'",
      [sqlTime(this.db, now), claim.keyHash, claim.attempt],
    );
  }

  /** Records what this attempt created, so a takeover resumes from it. */
  async attachResourceIn(t: Tx, claim: Claim, resourceId: string): Promise<boolean> {
    const changed = await this.sql.run(
      "UPDATE idempotency_keys SET resource_id = ? WHERE key_hash = ? AND attempt = ? AND state = 'in_progress'",
      [resourceId, claim.keyHash, claim.attempt],
      t,
    );
    return changed === 1;
  }

  /** Deletes completed keys created before `cutoff`; returns how many. */
  async purgeCompletedBefore(cutoff: Date): Promise<number> {
    return this.sql.run("DELETE FROM idempotency_keys WHERE state = 'completed' AND created_at < ?", [
      sqlTime(this.db, cutoff),
    ]);
  }
}
