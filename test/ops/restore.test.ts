import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import mysql from 'mysql2/promise';
import { httpClient, startProcess, type ProcessHandle, type TestHttp } from '@agora/test-kit';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPTS = path.join(ROOT, 'manifests/base/backups');
const MYSQL_ROOT = 'mysql://root@127.0.0.1:3306';

/** The runbook's shell blocks marked `<!-- restore-test: NAME -->`: what an operator types in the restore pod. */
function runbookBlocks(): Record<string, string> {
  const runbook = readFileSync(path.join(ROOT, 'docs/runbooks/restore.md'), 'utf8');
  const blocks: Record<string, string> = {};
  for (const match of runbook.matchAll(/<!-- restore-test: (\w+) -->\n```sh\n([\s\S]*?)```/g))
    blocks[match[1]] = match[2];
  return blocks;
}

describe('ops: a payments database survives backup, drop and restore by the runbook', function () {
  // Dumps, restores and two process starts against MariaDB.
  this.timeout(120_000);
  const database = `agora_ops_payments_${randomBytes(4).toString('hex')}`;
  const backupDir = mkdtempSync(path.join(os.tmpdir(), 'agora-ops-backups-'));
  // What the CronJob's pod template sets, pointed at the local MariaDB (root, no password).
  const podEnv = {
    ...process.env,
    DB_HOST: '127.0.0.1',
    DB_PORT: '3306',
    DB_NAME: database,
    DB_USER: 'root',
    BACKUP_DIR: backupDir,
    BACKUP_KEEP: '2',
    AGORA_SCRIPTS: SCRIPTS,
  };
  let root: mysql.Connection;
  let payments: ProcessHandle | undefined;

  const startPayments = async () => {
    payments = await startProcess('payments', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: `${MYSQL_ROOT}/${database}`,
      AGORA_DATA_DIR: backupDir,
    });
    return httpClient(payments.url, {}, { contract: 'api-docs/payments.yaml' });
  };
  const bash = (script: string, env: Record<string, string | undefined> = {}) =>
    run('bash', ['-eu', '-o', 'pipefail', '-c', script], { env: { ...podEnv, ...env } });
  const tableCounts = async () => {
    const [tables] = await root.query<any[]>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name',
      [database],
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables)
      counts[name] = Number((await root.query<any[]>(`SELECT COUNT(*) AS n FROM \`${database}\`.\`${name}\``))[0][0].n);
    return counts;
  };
  const unbalanced = async () =>
    (
      await root.query<any[]>(
        `SELECT transaction_id, SUM(amount) AS total FROM \`${database}\`.ledger_entries GROUP BY transaction_id HAVING SUM(amount) <> 0`,
      )
    )[0];

  // Backups are MariaDB's (mariadb-dump): this test makes its own database there in both
  // passes of the suite, whichever database the other tests run on.
  before(async () => {
    root = await mysql.createConnection(MYSQL_ROOT);
    await root.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  });
  after(async () => {
    await payments?.stop();
    if (root) {
      await root.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await root.end();
    }
  });

  it('restores every row, and the ledger still balances and serves the same balances', async () => {
    // Business through the real process: charges (one declined), deliveries and partial refunds.
    let http: TestHttp = await startPayments();
    const sellers = [`seller-${randomUUID()}`, `seller-${randomUUID()}`];
    const charged: Array<{ id: string; body: any }> = [];
    for (let i = 0; i < 8; i += 1) {
      const shipments = sellers.map((sellerId, n) => ({
        shipmentId: randomUUID(),
        sellerId,
        subtotal: 1000 + 137 * i + n * 55,
      }));
      const body = {
        orderId: randomUUID(),
        buyerId: `buyer-${i % 3}`,
        amount: shipments.reduce((sum, s) => sum + s.subtotal, 0),
        currency: i % 2 ? 'USD' : 'EUR',
        paymentMethod: i === 5 ? 'pm_card_declined' : 'pm_card_visa',
        shipments,
      };
      const res = await http.post<any>('internal/charges', {
        json: body,
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(res.statusCode, JSON.stringify(res.body)).to.be.oneOf([201, 402]);
      if (res.statusCode === 201) charged.push({ id: res.body.id, body });
    }
    for (const { body } of charged.slice(0, 4)) {
      const res = await http.post('internal/deliveries', {
        json: {
          shipmentId: body.shipments[0].shipmentId,
          orderId: body.orderId,
          sellerId: body.shipments[0].sellerId,
          deliveredAt: new Date().toISOString(),
        },
      });
      expect(res.statusCode).to.equal(200);
    }
    for (const { id, body } of charged.slice(2, 6)) {
      const res = await http.post(`internal/payments/${id}/refunds`, {
        json: { amount: Math.floor(body.amount / 3) },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(res.statusCode).to.equal(201);
    }
    const balances = async (client: TestHttp) =>
      Promise.all(
        sellers.map(
          async (s) =>
            (
              await client.get<any>('seller/balance', {
                headers: { 'x-agora-user-id': s, 'x-agora-user-role': 'seller' },
              })
            ).body,
        ),
      );
    const balancesBefore = await balances(http);
    await payments!.stop();

    const countsBefore = await tableCounts();
    expect(countsBefore.ledger_entries).to.be.greaterThan(20);
    expect(countsBefore.refunds).to.equal(4);
    expect(await unbalanced()).to.deep.equal([]);

    // Two dumps older than the retention keeps, to be pruned by the next run.
    for (const stamp of ['20200101T000000Z', '20200102T000000Z']) {
      writeFileSync(path.join(backupDir, `${database}-${stamp}.sql.gz`), '');
      writeFileSync(path.join(backupDir, `${database}-${stamp}.sql.gz.sha256`), '');
    }
    const backup = await bash(`bash "$AGORA_SCRIPTS/backup-database.sh"`);
    const written = JSON.parse(backup.stdout.trim().split('\n').pop()!);
    expect(written).to.include({ event: 'backup_completed', database });
    const dumps = readdirSync(backupDir)
      .filter((f) => f.endsWith('.sql.gz'))
      .sort();
    expect(dumps, 'BACKUP_KEEP=2 kept the newest two').to.deep.equal([
      `${database}-20200102T000000Z.sql.gz`,
      written.file,
    ]);
    expect(existsSync(path.join(backupDir, `${written.file}.sha256`))).to.equal(true);

    const blocks = runbookBlocks();
    expect(Object.keys(blocks).sort()).to.deep.equal(['drop', 'restore', 'verify']);
    await bash(blocks.drop);
    const [gone] = await root.query<any[]>(
      'SELECT schema_name FROM information_schema.schemata WHERE schema_name = ?',
      [database],
    );
    expect(gone).to.deep.equal([]);

    const restored = await bash(blocks.restore);
    expect(restored.stdout).to.include('"event":"restore_completed"');
    const verified = await bash(blocks.verify);
    expect(verified.stdout).to.include('ledger balanced');

    expect(await tableCounts()).to.deep.equal(countsBefore);
    expect(await unbalanced()).to.deep.equal([]);
    // The process starts on the restored database (its migrations recorded) and answers as before.
    http = await startPayments();
    expect(await balances(http)).to.deep.equal(balancesBefore);
    await payments!.stop();
    payments = undefined;

    // The script refuses to load over a database that has tables: dropping is the operator's step.
    const again = await bash(blocks.restore).catch((err) => err);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.match(/refusing to restore into agora_ops_payments_\w+: it has \d+ tables/);
  });

  it('refuses a dump whose checksum no longer matches', async () => {
    const dump = readdirSync(backupDir)
      .filter((f) => f.endsWith('.sql.gz'))
      .sort()
      .pop()!;
    const damaged = path.join(backupDir, dump);
    writeFileSync(damaged, Buffer.concat([readFileSync(damaged), Buffer.from('x')]));
    const failure = await bash(
      `DUMP=${dump} RESTORE_INTO=${database}_side bash "$AGORA_SCRIPTS/restore-database.sh"`,
    ).catch((err) => err);
    expect(failure.code).to.not.equal(0);
    expect(failure.stderr + failure.stdout).to.match(/FAILED|did NOT match/);
    const [side] = await root.query<any[]>(
      'SELECT schema_name FROM information_schema.schemata WHERE schema_name = ?',
      [`${database}_side`],
    );
    expect(side).to.deep.equal([]);
  });
});
