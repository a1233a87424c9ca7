import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parse as parseYaml } from 'yaml';
import { withCodeSamples } from '../../scripts/portal/code-samples.js';
import { dropTestDatabases, httpClient, startSystem, type SystemHandle } from '@agora/test-kit';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SDK = path.join(ROOT, 'sdk');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

/** The programs of sdk/README.md: each ```ts block after a `<!-- program: name.ts -->` line. */
function readmePrograms(): Map<string, string> {
  const readme = readFileSync(path.join(SDK, 'README.md'), 'utf8');
  return new Map(
    [...readme.matchAll(/<!-- program: ([\w-]+\.ts) -->\n```ts\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!]),
  );
}

/** The SDK request sample the portal shows for each operation of public.yaml, by operationId. */
function portalSdkSamples(): Map<string, string> {
  const document = withCodeSamples(parseYaml(readFileSync(path.join(ROOT, 'api-docs/public.yaml'), 'utf8')));
  const samples = new Map<string, string>();
  for (const item of Object.values<Record<string, any>>(document.paths)) {
    for (const operation of Object.values<any>(item).filter((o) => o?.operationId))
      samples.set(operation.operationId, operation['x-codeSamples'].find((s: any) => s.label === 'SDK').source);
  }
  return samples;
}

/** A consumer's settings, stricter than most: the SDK's declarations must hold under them, with no Node types. */
const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    types: [],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noImplicitReturns: true,
    skipLibCheck: false,
    outDir: 'out',
  },
  include: ['*.ts'],
};

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });

describe('the @agora/sdk tarball, installed outside the monorepo', function () {
  this.timeout(300_000);
  let system: SystemHandle;
  let project: string;
  let packDir: string;
  let tarball: string;

  before(async () => {
    packDir = mkdtempSync(path.join(os.tmpdir(), 'agora-sdk-pack-'));
    project = mkdtempSync(path.join(os.tmpdir(), 'agora-storefront-'));
    // `npm pack` runs the package's prepack: a clean build of dist/ from tsconfig.build.json alone.
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packDir], SDK));
    tarball = path.join(packDir, packed.filename);
    system = await startSystem({ env: { LOG_LEVEL: 'warn' } });
  });

  after(async () => {
    await system?.stop();
    await dropTestDatabases();
    for (const dir of [project, packDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds compiled ESM, declarations and the README, and needs nothing else', () => {
    const listing = run('tar', ['-tzf', tarball], packDir).split('\n');
    expect(listing).to.include.members([
      'package/dist/index.js',
      'package/dist/index.d.ts',
      'package/dist/generated/schema.d.ts',
      'package/README.md',
      'package/package.json',
    ]);
    const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], packDir));
    expect(manifest).to.not.have.property('private');
    expect(manifest).to.not.have.property('dependencies');
    expect(manifest.engines.node).to.equal('>=20');
    expect(manifest.exports['.']).to.include({ types: './dist/index.d.ts', default: './dist/index.js' });
  });

  it("installs offline into a fresh project and type-checks its strict programs: the README's, and the portal's SDK samples", () => {
    const programs = readmePrograms();
    expect([...programs.keys()]).to.have.members(['storefront.ts', 'seller.ts', 'ship.ts', 'declined.ts']);
    expect(programs.get('storefront.ts')!.trimEnd().split('\n')).to.have.length(10);
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'storefront', private: true, type: 'module' }),
    );
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG));
    for (const [name, source] of programs)
      writeFileSync(path.join(project, name), source.replaceAll('http://localhost:8080', system.url));
    for (const [operationId, source] of portalSdkSamples())
      writeFileSync(path.join(project, `sample-${operationId}.ts`), source);
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], project);
    expect(JSON.parse(readFileSync(path.join(project, 'node_modules/@agora/sdk/package.json'), 'utf8')).name).to.equal(
      '@agora/sdk',
    );
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], project);
  });

  it('runs them against the live system: list, sign up, browse page by page, check out, see the history, ship', async () => {
    const node = (program: string) => run(process.execPath, [`out/${program}.js`], project);
    expect(node('seller')).to.contain('listed Brass lamp at 4900 EUR');
    const storefront = node('storefront').trim().split('\n');
    expect(storefront.slice(0, 3)).to.deep.equal(['Paper lamp: 1900', 'Desk lamp: 2900', 'Brass lamp: 4900']);
    expect(storefront[3]).to.match(/^order \S+ is paid: 3800 EUR$/);
    expect(storefront.slice(4)).to.have.length(1);
    expect(storefront[4]).to.match(/ paid 3800$/);
    expect(node('ship').trim()).to.equal('shipped 2 × Paper lamp to Lisbon');
    expect(node('declined').trim()).to.match(/^402 payment_declined \(request \S+, key [0-9a-f-]{36}\)$/);

    const buyer = httpClient(system.url);
    const { body: session } = await buyer.post('api/v1/auth/login', {
      json: { email: 'ada@example.com', password: 'correct horse battery' },
      responseType: 'json',
    });
    const { body: orders } = await buyer.get('api/v1/orders', {
      headers: { authorization: `Bearer ${(session as any).accessToken}` },
      responseType: 'json',
    });
    expect((orders as any).items.map((order: any) => order.status)).to.include('shipped');
  });
});
