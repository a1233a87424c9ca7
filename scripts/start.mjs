#!/usr/bin/env node
// `npm start`: runs every service and the aggregator as separate processes from their
// sources, with prefixed readable logs, SQLite files and keys under ./data, demo data on
// first start, and one line with the URLs once every process answers /readyz.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prettyLine } from './pretty-log.mjs';
import { seedDemo } from './seed-demo.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(root, process.env.AGORA_DATA_DIR ?? 'data');
mkdirSync(dataDir, { recursive: true });

const ports = {
  aggregator: Number(process.env.AGGREGATOR_PORT ?? 8080),
  auth: Number(process.env.AUTH_PORT ?? 8081),
  inventory: Number(process.env.INVENTORY_PORT ?? 8082),
  orders: Number(process.env.ORDERS_PORT ?? 8083),
  payments: Number(process.env.PAYMENTS_PORT ?? 8084),
};
/** The aggregator's second listener: the routes auth's erasure job calls, never on the public port. */
const aggregatorInternalPort = Number(process.env.AGGREGATOR_INTERNAL_PORT ?? 8090);
const url = (name) => `http://127.0.0.1:${ports[name]}`;
const sharedEnv = {
  AGORA_DATA_DIR: dataDir,
  AGGREGATOR_URL: process.env.AGGREGATOR_URL ?? `http://127.0.0.1:${aggregatorInternalPort}`,
  AUTH_URL: process.env.AUTH_URL ?? url('auth'),
  INVENTORY_URL: process.env.INVENTORY_URL ?? url('inventory'),
  ORDERS_URL: process.env.ORDERS_URL ?? url('orders'),
  PAYMENTS_URL: process.env.PAYMENTS_URL ?? url('payments'),
};
const entries = {
  auth: 'services/auth/src/index.ts',
  inventory: 'services/inventory/src/index.ts',
  orders: 'services/orders/src/index.ts',
  payments: 'services/payments/src/index.ts',
  aggregator: 'aggregator/src/index.ts',
};
const colors = { auth: 33, inventory: 32, orders: 36, payments: 35, aggregator: 34 };
const children = new Map();
let stopping = false;

/** `AUTH_DATABASE_URL=mysql://…` (and so on) puts one service on MySQL; SQLite files otherwise. */
function databaseOf(name) {
  const url = process.env[`${name.toUpperCase()}_DATABASE_URL`];
  return url ? { DATABASE_URL: url } : {};
}

function run(name) {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', entries[name]], {
    cwd: root,
    env: {
      ...process.env,
      ...sharedEnv,
      PORT: String(ports[name]),
      ...(name === 'aggregator' ? { INTERNAL_PORT: String(aggregatorInternalPort) } : {}),
      ...databaseOf(name),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `\x1b[${colors[name]}m${name.padEnd(10)}\x1b[0m|`;
  let pending = '';
  const print = (chunk) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line) console.log(`${prefix} ${prettyLine(line)}`);
  };
  child.stdout.on('data', print);
  child.stderr.on('data', print);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`${prefix} exited (${signal ?? code}); stopping everything`);
      stop(1);
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  children.set(name, child);
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  if (children.size === 0) process.exit(code);
  for (const child of children.values()) child.kill('SIGTERM');
}

async function waitReady(name, deadline) {
  for (;;) {
    try {
      const res = await fetch(`${url(name)}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not become ready on ${url(name)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const names = ['auth', 'inventory', 'orders', 'payments', 'aggregator'].filter((name) =>
  existsSync(path.join(root, entries[name])),
);
for (const name of names) run(name);
try {
  const deadline = Date.now() + 60_000;
  await Promise.all(names.map((name) => waitReady(name, deadline)));
  const seeded = await seedDemo({ baseUrl: url('aggregator'), dataDir });
  console.log(
    `\nAgora is up: API ${url('aggregator')}/api/v1  docs ${url('aggregator')}/docs  ` +
      names
        .filter((n) => n !== 'aggregator')
        .map((n) => `${n} ${url(n)}`)
        .join('  ') +
      (seeded ? `\nDemo accounts: ${seeded}` : '') +
      '\nCtrl-C stops everything.\n',
  );
} catch (err) {
  console.error(String(err));
  stop(1);
}
