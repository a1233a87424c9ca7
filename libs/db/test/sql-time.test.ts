import os from 'node:os';
import { expect } from 'chai';
import { DataTypes, QueryTypes, openDatabase, storedTimeIso, storedTimeText, type Database } from '@agora/db';
import { dropTestDatabases, testDatabaseUrl, usingMysql } from '@agora/test-kit';

describe(`db: times in raw queries keep their milliseconds (${usingMysql ? 'MariaDB' : 'SQLite'})`, () => {
  let db: Database;
  before(async () => {
    db = await openDatabase({ url: await testDatabaseUrl('dbtime'), dataDir: os.tmpdir(), service: 'dbtime' });
    await db.getQueryInterface().createTable('leases', {
      id: { type: DataTypes.STRING(8), primaryKey: true },
      until: { type: DataTypes.DATE(3), allowNull: false },
    });
  });
  after(async () => {
    await db?.close();
    await dropTestDatabases();
  });

  it('stores and compares a time to the millisecond', async () => {
    const at = Date.parse('2026-12-01T10:00:00.750Z');
    await db.query('INSERT INTO leases (id, until) VALUES (?, ?)', {
      replacements: ['a', storedTimeText(db.getDialect(), new Date(at).toISOString())],
    });
    const [row] = await db.query<{ until: Date | string }>('SELECT until FROM leases WHERE id = ?', {
      replacements: ['a'],
      type: QueryTypes.SELECT,
    });
    expect(new Date(row.until).getTime()).to.equal(at);
    const expiredBy = async (now: number) =>
      (
        await db.query("SELECT id FROM leases WHERE id = 'a' AND until < ?", {
          replacements: [storedTimeText(db.getDialect(), new Date(now).toISOString())],
          type: QueryTypes.SELECT,
        })
      ).length === 1;
    expect(await expiredBy(at - 1)).to.equal(false);
    expect(await expiredBy(at)).to.equal(false);
    expect(await expiredBy(at + 1)).to.equal(true);
  });

  it('reads a stored time back as the ISO string it was written from, as text (SQLite) or as a Date (MariaDB)', async () => {
    const iso = '2026-12-01T10:00:00.750Z';
    await db.query('INSERT INTO leases (id, until) VALUES (?, ?)', {
      replacements: ['b', storedTimeText(db.getDialect(), iso)],
    });
    const [row] = await db.query<{ until: Date | string }>('SELECT until FROM leases WHERE id = ?', {
      replacements: ['b'],
      type: QueryTypes.SELECT,
    });
    expect(storedTimeIso(row.until)).to.equal(iso);
    expect(storedTimeIso('2026-12-01 10:00:00.750 +00:00')).to.equal(iso);
    expect(storedTimeIso(new Date(iso))).to.equal(iso);
  });
});
