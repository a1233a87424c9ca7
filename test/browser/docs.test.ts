import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadSpec } from '@agora/koa-kit';
import { dropTestDatabases, startSystem, type SystemHandle } from '@agora/test-kit';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENSHOT = path.join(ROOT, 'test-artifacts/docs.png');
// Chromium must not reach out on its own either (updates, sync, QUIC probes), so the
// "no request left 127.0.0.1" check below is about the page alone.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Every operation summary of public.yaml, by operationId. */
function operationSummaries(): Map<string, string> {
  const spec = loadSpec(path.join(ROOT, 'api-docs/public.yaml'));
  const summaries = new Map<string, string>();
  for (const item of Object.values<Record<string, any>>(spec.paths)) {
    for (const operation of Object.values<Record<string, any>>(item)) {
      if (operation?.operationId && operation.summary) summaries.set(operation.operationId, operation.summary);
    }
  }
  return summaries;
}

describe('the API reference at /docs, in a browser', function () {
  this.timeout(180_000);
  let system: SystemHandle;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];

  before(async () => {
    system = await startSystem({ services: ['auth'], env: { LOG_LEVEL: 'warn' } });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${system.url}/docs`, { waitUntil: 'networkidle' });
    await page.locator('[role=search] input, input[placeholder="Search..."]').first().waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
    await dropTestDatabases();
  });

  it('serves the page and the Redoc bundle as public.yaml declares them', async () => {
    const html = await system.api.get('docs', { responseType: 'text' });
    expect(html.statusCode).to.equal(200);
    expect(html.body).to.contain('spec-url="/openapi.json"').and.contain('src="/docs/redoc.standalone.js"');
    const bundle = await system.api.get('docs/redoc.standalone.js', { responseType: 'buffer' });
    expect(bundle.statusCode).to.equal(200);
    expect(bundle.body.length).to.be.greaterThan(500_000);
  });

  it('renders every operation of the public spec', async () => {
    const rendered = await page.locator('body').textContent();
    const missing = [...operationSummaries()].filter(([, summary]) => !rendered!.includes(summary));
    expect(missing).to.deep.equal([]);
    const heading = page.getByRole('heading', { name: 'Check out the cart' });
    await heading.scrollIntoViewIfNeeded();
    expect(await heading.isVisible()).to.equal(true);
  });

  it('finds the checkout operation with its search', async () => {
    await page.locator('input[placeholder="Search..."]').fill('checkout');
    const results = page.locator('[data-role="search:results"] [role=menuitem]');
    await results.first().waitFor({ timeout: 10_000 });
    expect(await results.allTextContents()).to.satisfy((texts: string[]) =>
      texts.some((t) => t.includes('Check out the cart')),
    );
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('works offline: no request leaves 127.0.0.1', () => {
    const outside = requested.filter((url) => !/^(data:|blob:)/.test(url) && new URL(url).hostname !== '127.0.0.1');
    expect(requested.length).to.be.greaterThan(0);
    expect(outside).to.deep.equal([]);
  });
});
