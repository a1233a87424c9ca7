import os from 'node:os';
import { expect } from 'chai';
import {
  QueryTypes,
  isUniqueViolation,
  openDatabase,
  preparedSql,
  storedTimeText,
  withTransaction,
  type Database,
  type PreparedSql,
} from '@agora/db';
import { dropTestDatabases, testDatabaseUrl, usingMysql } from '@agora/test-kit';

describe(`db: prepared SQL, in and out of transactions (${usingMysql ? 'MariaDB' : 'SQLite'})`, () => {
  let db: Database;
  let sql: PreparedSql;
  const stockOf = async (id: string) => Number((await sql.all('SELECT stock FROM items WHERE id = ?', [id]))[0]?.stock);

  before(async () => {
    db = await openDatabase({
      url: await testDatabaseUrl('dbprep'),
      dataDir: os.tmpdir(),
      service: 'dbprep',
      poolMax: 10,
    });
    await db.query(
      'CREATE TABLE items (id VARCHAR(36) PRIMARY KEY, stock INTEGER NOT NULL, changed_at DATETIME(3) NULL)',
    );
    sql = preparedSql(db);
  });
  after(async () => {
    await db.close();
    await dropTestDatabases();
  });
  beforeEach(async () => {
    await db.query('DELETE FROM items');
    await sql.run('INSERT INTO items (id, stock) VALUES (?, ?), (?, ?)', ['a', 10, 'b', 0]);
  });

  it('is one per database, so repositories share its statements', () => {
    expect(preparedSql(db)).to.equal(sql);
  });

  it('counts the rows a write changed, and spreads an array parameter over the placeholders', async () => {
    expect(await sql.run('UPDATE items SET stock = stock - ? WHERE id = ? AND stock >= ?', [3, 'a', 3])).to.equal(1);
    expect(await sql.run('UPDATE items SET stock = stock - ? WHERE id = ? AND stock >= ?', [3, 'b', 3])).to.equal(0);
    const rows = await sql.all('SELECT id, stock FROM items WHERE id IN (?) ORDER BY id', [['a', 'b', 'zz']]);
    expect(rows.map((row) => [row.id, Number(row.stock)])).to.deep.equal([
      ['a', 7],
      ['b', 0],
    ]);
  });

  it('writes in the transaction it is given: kept on commit, gone on rollback, seen by the ORM inside it', async () => {
    await withTransaction(db, async (t) => {
      await sql.run('UPDATE items SET stock = stock + 5 WHERE id = ?', ['a'], t);
      const [seen] = await db.query<{ stock: number }>('SELECT stock FROM items WHERE id = ?', {
        replacements: ['a'],
        transaction: t,
        type: QueryTypes.SELECT,
      });
      expect(Number(seen.stock)).to.equal(15);
    });
    expect(await stockOf('a')).to.equal(15);

    const failure = await withTransaction(db, async (t) => {
      await sql.run('UPDATE items SET stock = 0 WHERE id = ?', ['a'], t);
      expect(Number((await sql.all('SELECT stock FROM items WHERE id = ?', ['a'], t))[0].stock)).to.equal(0);
      throw new Error('declined');
    }).catch((err: Error) => err);
    expect(failure).to.have.property('message', 'declined');
    expect(await stockOf('a')).to.equal(15);
  });

  it('begins, commits and rolls back a transaction on its connection: no statement of it goes through the ORM', async () => {
    const viaOrm: string[] = [];
    const query = db.query.bind(db);
    (db as unknown as { query: unknown }).query = (sqlText: string, ...rest: unknown[]) => {
      viaOrm.push(String(sqlText));
      return (query as (...args: unknown[]) => unknown)(sqlText, ...rest);
    };
    try {
      await withTransaction(
        db,
        async (t) => void (await sql.run('UPDATE items SET stock = stock + 1 WHERE id = ?', ['a'], t)),
      );
      const failure = await withTransaction(db, async (t) => {
        await sql.run('UPDATE items SET stock = 0 WHERE id = ?', ['a'], t);
        throw new Error('declined');
      }).catch((err: Error) => err.message);
      expect(failure).to.equal('declined');
    } finally {
      (db as unknown as { query: unknown }).query = query;
    }
    expect(viaOrm).to.deep.equal([]);
    expect(await stockOf('a')).to.equal(11);
  });

  it('reports a duplicate key as a unique violation, and the transaction goes on after it', async () => {
    await withTransaction(db, async (t) => {
      const duplicate = await sql
        .run('INSERT INTO items (id, stock) VALUES (?, ?)', ['a', 1], t)
        .catch((err: unknown) => err);
      expect(isUniqueViolation(duplicate)).to.equal(true);
      await sql.run('INSERT INTO items (id, stock) VALUES (?, ?)', ['c', 1], t);
    });
    expect(await stockOf('c')).to.equal(1);
    expect(await stockOf('a')).to.equal(10);
  });

  it('stores a time as the ORM does, to the millisecond, so both compare and read back alike', async () => {
    const at = '2026-12-01T10:11:12.345Z';
    await sql.run('UPDATE items SET changed_at = ? WHERE id = ?', [storedTimeText(db.getDialect(), at), 'a']);
    const [row] = await sql.all('SELECT changed_at FROM items WHERE id = ? AND changed_at = ?', [
      'a',
      storedTimeText(db.getDialect(), at),
    ]);
    expect(new Date(row.changed_at).toISOString()).to.equal(at);
  });

  // SQLite only: a database that is busy for another of its connections.
  if (!usingMysql) {
    it('leaves no statement running after a write outside a transaction failed on a busy database (SQLite), so later writes commit', async () => {
      // Sequelize's connection outside transactions, made to give up on a lock at once instead of after 15 s.
      const manager = (
        db as unknown as {
          connectionManager: { getConnection(o: object): Promise<{ configure(o: 'busyTimeout', ms: number): void }> };
        }
      ).connectionManager;
      const outside = await manager.getConnection({ type: 'SELECT' });
      outside.configure('busyTimeout', 50);
      try {
        // Another writer holds the lock: the write outside a transaction is refused.
        const busy = await withTransaction(db, async (t) => {
          await sql.run('UPDATE items SET stock = 1 WHERE id = ?', ['b'], t);
          return sql
            .run('UPDATE items SET stock = stock + 1 WHERE id = ?', ['a'])
            .catch((err: Error & { code?: string }) => err.code);
        });
        expect(busy).to.equal('SQLITE_BUSY');
        // A later write on that connection commits by itself: another connection sees it, and writes after it.
        await sql.run('UPDATE items SET stock = 42 WHERE id = ?', ['a']);
        await withTransaction(db, async (t) => {
          const [row] = await db.query<{ stock: number }>('SELECT stock FROM items WHERE id = ?', {
            replacements: ['a'],
            transaction: t,
            type: QueryTypes.SELECT,
          });
          expect(Number(row.stock)).to.equal(42);
          await sql.run('UPDATE items SET stock = 2 WHERE id = ?', ['b'], t);
        });
        expect(await stockOf('b')).to.equal(2);
      } finally {
        outside.configure('busyTimeout', 15_000);
      }
    });
  }

  it('runs concurrent transactions each on its own connection, and a database whose connections hold statements still closes', async () => {
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withTransaction(
          db,
          async (t) => void (await sql.run('UPDATE items SET stock = stock + 1 WHERE id = ?', ['b'], t)),
        ),
      ),
    );
    expect(await stockOf('b')).to.equal(8);
    const other = await openDatabase({
      url: await testDatabaseUrl('dbprep2'),
      dataDir: os.tmpdir(),
      service: 'dbprep2',
      poolMax: 10,
    });
    await other.query('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    await withTransaction(
      other,
      async (t) => void (await preparedSql(other).run('INSERT INTO t (id) VALUES (?)', [1], t)),
    );
    // Ten first uses of one statement at once share it: none is left behind unfinalised.
    const reads = await Promise.all(Array.from({ length: 10 }, () => preparedSql(other).all('SELECT id FROM t', [])));
    expect(reads.map((rows) => rows.length)).to.deep.equal(Array(10).fill(1));
    await other.close();
  });
});
