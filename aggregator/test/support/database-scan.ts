import os from 'node:os';
import { QueryTypes, openDatabase, type Database } from '@agora/db';

export type Snapshot = Record<string, Array<Record<string, unknown>>>;

/** Opens a process's own database directly, from the DATABASE_URL it was started with. */
export function openProcessDatabase(databaseUrl: string): Promise<Database> {
  return openDatabase({ url: databaseUrl, dataDir: os.tmpdir(), service: 'scan' });
}

/** Every row of every table (migration bookkeeping aside), each table's rows in a stable order. */
export async function snapshot(db: Database): Promise<Snapshot> {
  const tables = (await db.getQueryInterface().showAllTables()).map((t) =>
    typeof t === 'string' ? t : (t as { tableName: string }).tableName,
  );
  const result: Snapshot = {};
  for (const table of tables.filter((t) => t !== 'schema_migrations').sort()) {
    const rows = await db.query<Record<string, unknown>>(`SELECT * FROM ${table}`, { type: QueryTypes.SELECT });
    const plain = rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
    );
    result[table] = plain.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return result;
}

/** Where any of `needles` appears (case-insensitively) in a text value of the snapshot: `table.column: value`. */
export function findPersonalData(data: Snapshot, needles: string[]): string[] {
  const lowered = needles.map((n) => n.toLowerCase());
  const found: string[] = [];
  for (const [table, rows] of Object.entries(data)) {
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === 'string' && lowered.some((n) => value.toLowerCase().includes(n)))
          found.push(`${table}.${column}: ${value}`);
      }
    }
  }
  return found;
}
