import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { dropTestDatabases, startSystem, type SystemHandle } from '@agora/test-kit';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GUIDE = path.join(ROOT, 'api-docs/portal/getting-started.md');

/** The guide's walkthrough: every ```bash block after a `<!-- walkthrough -->` line, in order. */
function walkthrough(): string {
  const guide = readFileSync(GUIDE, 'utf8');
  return [...guide.matchAll(/<!-- walkthrough -->\n```bash\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
}

describe('the getting-started guide, run as a reader would after `npm start`', function () {
  this.timeout(240_000);
  let system: SystemHandle;

  before(async () => {
    system = await startSystem({ env: { LOG_LEVEL: 'warn' } });
    // The demo catalog `npm start` creates on a first start, by the same script.
    const seed = `import('./scripts/seed-demo.mjs').then((demo) => demo.seedDemo({ baseUrl: process.argv[1], dataDir: process.argv[2] }))`;
    execFileSync(process.execPath, ['-e', seed, system.url, system.dataDir], {
      cwd: ROOT,
      stdio: 'pipe',
      timeout: 120_000,
    });
  });

  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  it('browses the demo catalog, signs up, fills the cart and gets a paid order with curl', () => {
    const script = walkthrough();
    expect(script).to.contain('AGORA=http://localhost:8080');
    const output = execFileSync(
      'bash',
      ['-euo', 'pipefail', '-c', script.replace('AGORA=http://localhost:8080', `AGORA=${system.url}`)],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(output).to.contain('"title": "Herb Seed Set"');
    expect(output).to.contain('"subtotal": 2598');
    const statuses = [...output.matchAll(/"status": "(\w+)"/g)].map((m) => m[1]);
    expect(statuses).to.deep.equal(['paid', 'paid']);
  });
});
