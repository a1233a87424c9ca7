import { existsSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import {
  DataTypes,
  QueryTypes,
  databaseReady,
  isUniqueViolation,
  openDatabase,
  runMigrations,
  truncateWriteAheadLog,
  withTransaction,
  type Database,
  type Migration,
  type Transaction,
} from '@agora/db';
import { dropTestDatabases, testDatabaseUrl, usingMysql } from '@agora/test-kit';

const createSellers: Migration = {
  name: '0001-create-sellers',
  up: async ({ queryInterface }) => {
    await queryInterface.createTable('sellers', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      email: { type: DataTypes.STRING(191), allowNull: false, unique: true },
    });
  },
};
const addShopName: Migration = {
  name: '0002-add-shop-name',
  up: async ({ queryInterface }) => {
    await queryInterface.addColumn('sellers', 'shop_name', { type: DataTypes.STRING(100), allowNull: true });
  },
};

describe(`db: opening and migrating (${usingMysql ? 'MariaDB' : 'SQLite'})`, () => {
  let db: Database;
  let databaseUrl: string;
  before(async () => {
    databaseUrl = await testDatabaseUrl('dbkit');
    db = await openDatabase({ url: databaseUrl, dataDir: os.tmpdir(), service: 'dbkit' });
  });
  after(async () => {
    await db.close();
    await dropTestDatabases();
  });

  it(`opens the ${usingMysql ? 'MariaDB schema' : 'SQLite file'} the URL names`, async () => {
    expect(db.getDialect()).to.equal(usingMysql ? 'mysql' : 'sqlite');
    const [row] = await db.query<{ one: number }>('SELECT 1 AS one', { type: QueryTypes.SELECT });
    expect(Number(row.one)).to.equal(1);
  });

  if (usingMysql) {
    it('lets replicas starting together on an empty database run each migration exactly once', async () => {
      const url = await testDatabaseUrl('dbkit');
      const replicas = await Promise.all(
        [1, 2, 3].map(() => openDatabase({ url, dataDir: os.tmpdir(), service: 'dbkit' })),
      );
      try {
        const applied = await Promise.all(
          replicas.map((replica) => runMigrations(replica, [createSellers, addShopName])),
        );
        expect(applied.flat().sort()).to.deep.equal(['0001-create-sellers', '0002-add-shop-name']);
        const recorded = await replicas[0].query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name', {
          type: QueryTypes.SELECT,
        });
        expect(recorded.map((r) => r.name)).to.deep.equal(['0001-create-sellers', '0002-add-shop-name']);
      } finally {
        await Promise.all(replicas.map((replica) => replica.close()));
      }
    });

    it('accepts a mariadb:// URL as MySQL', async () => {
      const url = (await testDatabaseUrl('dbkit')).replace(/^mysql:/, 'mariadb:');
      const other = await openDatabase({ url, dataDir: os.tmpdir(), service: 'dbkit' });
      try {
        expect(other.getDialect()).to.equal('mysql');
        const [row] = await other.query<{ name: string }>('SELECT DATABASE() AS name', { type: QueryTypes.SELECT });
        expect(url.endsWith(`/${row.name}`)).to.equal(true);
      } finally {
        await other.close();
      }
    });
  } else {
    it('puts SQLite in WAL mode', async () => {
      const [row] = await db.query<{ journal_mode: string }>('PRAGMA journal_mode', { type: QueryTypes.SELECT });
      expect(row.journal_mode).to.equal('wal');
    });

    it("zeroes deleted content on every SQLite connection, a transaction's own included (secure_delete)", async () => {
      const secureDelete = async (transaction?: Transaction) =>
        (
          await db.query<{ secure_delete: number }>('PRAGMA secure_delete', { type: QueryTypes.SELECT, transaction })
        )[0]!.secure_delete;
      expect(await secureDelete()).to.equal(1);
      expect(await withTransaction(db, (t) => secureDelete(t))).to.equal(1);
    });

    it('truncates the write-ahead log to zero bytes after an erasure', async () => {
      await db.query('CREATE TABLE IF NOT EXISTS wal_probe (v TEXT)');
      await db.query("INSERT INTO wal_probe (v) VALUES ('something personal')");
      const wal = `${databaseUrl.replace(/^sqlite:/, '')}-wal`;
      expect(statSync(wal).size).to.be.greaterThan(0);
      await truncateWriteAheadLog(db);
      expect(statSync(wal).size).to.equal(0);
    });
  }

  it('opens <dataDir>/<service>.sqlite in WAL mode when no URL is given', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agora-dbkit-'));
    const local = await openDatabase({ dataDir, service: 'catalogue' });
    try {
      expect(local.getDialect()).to.equal('sqlite');
      expect(existsSync(path.join(dataDir, 'catalogue.sqlite'))).to.equal(true);
      const [row] = await local.query<{ journal_mode: string }>('PRAGMA journal_mode', { type: QueryTypes.SELECT });
      expect(row.journal_mode).to.equal('wal');
    } finally {
      await local.close();
    }
  });

  it('reports ready while its database answers, and not once it is closed', async () => {
    const other = await openDatabase({ url: await testDatabaseUrl('dbkit'), dataDir: os.tmpdir(), service: 'dbkit' });
    const ready = databaseReady(other);
    expect(await ready()).to.equal(true);
    await other.close();
    let failure: unknown;
    await ready().catch((err) => {
      failure = err;
    });
    expect(failure).to.be.instanceOf(Error);
  });

  it('applies pending migrations once, in order, and is a no-op the second time', async () => {
    expect(await runMigrations(db, [createSellers])).to.deep.equal(['0001-create-sellers']);
    expect(await runMigrations(db, [createSellers])).to.deep.equal([]);
    expect(await runMigrations(db, [createSellers, addShopName])).to.deep.equal(['0002-add-shop-name']);
    expect(await runMigrations(db, [createSellers, addShopName])).to.deep.equal([]);
    const recorded = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name', {
      type: QueryTypes.SELECT,
    });
    expect(recorded.map((r) => r.name)).to.deep.equal(['0001-create-sellers', '0002-add-shop-name']);
    const columns = await db.getQueryInterface().describeTable('sellers');
    expect(Object.keys(columns).sort()).to.deep.equal(['email', 'id', 'shop_name']);
  });

  it('recognises a real duplicate insert as a unique violation, and nothing else as one', async () => {
    await runMigrations(db, [createSellers]);
    await db.query('INSERT INTO sellers (id, email) VALUES (?, ?)', { replacements: ['s1', 'shop@agora.dev'] });
    let duplicate: unknown;
    await db
      .query('INSERT INTO sellers (id, email) VALUES (?, ?)', { replacements: ['s2', 'shop@agora.dev'] })
      .catch((err) => {
        duplicate = err;
      });
    expect(isUniqueViolation(duplicate)).to.equal(true);
    let missingTable: unknown;
    await db.query('INSERT INTO no_such_table (id) VALUES (1)').catch((err) => {
      missingTable = err;
    });
    expect(missingTable).to.be.instanceOf(Error);
    expect(isUniqueViolation(missingTable)).to.equal(false);
    expect(isUniqueViolation(new Error('Duplicate entry'))).to.equal(false);
  });
});
