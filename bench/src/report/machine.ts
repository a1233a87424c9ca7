import os from 'node:os';
import { execFileSync } from 'node:child_process';
import mysql from 'mysql2/promise';
import { openDatabase } from '@agora/db';
import type { DatabaseKind } from '../options.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  database: string;
  gitCommit: string;
  loadAverageAtStart: number[];
}

async function databaseVersion(kind: DatabaseKind): Promise<string> {
  if (kind === 'mysql') {
    const connection = await mysql.createConnection('mysql://root@127.0.0.1:3306');
    try {
      const [rows] = await connection.query(
        'SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool, @@innodb_flush_log_at_trx_commit AS flush',
      );
      const [row] = rows as Array<{ v: string; pool: number; flush: number }>;
      // The buffer pool decides whether a large catalog's indexes stay in memory (the server's setting, not the bench's).
      return `MariaDB/MySQL ${row.v} (innodb_buffer_pool_size ${Math.round(Number(row.pool) / 2 ** 20)} MiB, innodb_flush_log_at_trx_commit ${row.flush})`;
    } finally {
      await connection.end();
    }
  }
  const db = await openDatabase({ url: 'sqlite::memory:', dataDir: os.tmpdir(), service: 'bench' });
  try {
    const [rows] = await db.query('SELECT sqlite_version() AS v');
    return `SQLite ${(rows as Array<{ v: string }>)[0].v} (WAL, synchronous=NORMAL)`;
  } finally {
    await db.close();
  }
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export async function describeMachine(kind: DatabaseKind): Promise<Machine> {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    database: await databaseVersion(kind),
    gitCommit: gitCommit(),
    loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}
