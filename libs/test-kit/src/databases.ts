import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

/** `AGORA_TEST_DB=mysql` runs the suite against MariaDB/MySQL instead of SQLite. */
export const usingMysql = process.env.AGORA_TEST_DB === 'mysql';
const MYSQL_ROOT = process.env.AGORA_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const created: string[] = [];

/** A fresh, empty database for one service in one test file: its own SQLite file, or its own MariaDB schema. */
export async function testDatabaseUrl(service: string): Promise<string> {
  const suffix = randomBytes(4).toString('hex');
  if (!usingMysql) {
    const dir = mkdtempSync(path.join(os.tmpdir(), `agora-${service}-`));
    return `sqlite:${path.join(dir, `${service}.sqlite`)}`;
  }
  const name = `agora_${service.replace(/[^a-z0-9]/g, '_')}_test_${suffix}`;
  const connection = await mysql.createConnection(MYSQL_ROOT);
  try {
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
  created.push(name);
  return `${MYSQL_ROOT}/${name}`;
}

/** Drops the MariaDB schemas this process created. */
export async function dropTestDatabases(): Promise<void> {
  if (!usingMysql || created.length === 0) return;
  const connection = await mysql.createConnection(MYSQL_ROOT);
  try {
    for (const name of created.splice(0)) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}
