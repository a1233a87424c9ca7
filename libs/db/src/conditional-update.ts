import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/**
 * Runs an UPDATE or DELETE and returns how many rows it matched, the same way on
 * SQLite and MySQL: the building block of compare-and-set state changes
 * (`… WHERE status = 'pending'` → 0 rows means someone else moved first).
 */
export async function conditionalUpdate(
  db: Sequelize,
  sql: string,
  replacements: unknown[],
  transaction?: Transaction,
): Promise<number> {
  const affected = await db.query(sql, { replacements, type: QueryTypes.BULKUPDATE, transaction });
  return Number(affected);
}
