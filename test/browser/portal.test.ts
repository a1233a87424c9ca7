import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { OPERATIONS } from '@agora/sdk';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.join(ROOT, 'api-docs/dist');
const SCREENSHOTS = path.join(ROOT, 'test-artifacts/portal');
// Chromium must not reach out on its own either (updates, sync, QUIC probes), so the
// "no request leaves the disk" check below is about the pages alone.
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
const INTERNAL = ['auth', 'inventory', 'orders', 'payments', 'aggregator-internal'];
const CHECKOUT = 'tag/Checkout/operation/checkout';

const fileUrl = (file: string) => pathToFileURL(path.join(DIST, file)).href;

describe('the developer portal `npm run docs` builds, in a browser', function () {
  this.timeout(240_000);
  let browser: Browser;
  let page: Page;
  const outside: string[] = [];
  const consoleErrors: string[] = [];
  let pages: string[];

  /** Opens a portal page and waits until it has rendered (Redoc pages render after load). */
  async function open(file: string, hash = ''): Promise<void> {
    await page.goto(fileUrl(file) + hash);
    await page.locator('main.page h1, #redoc .api-content h1').first().waitFor({ timeout: 30_000 });
  }

  before(async () => {
    const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-docs.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).to.equal(0);
    pages = readdirSync(DIST).filter((file) => file.endsWith('.html'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('request', (request) => {
      if (!/^(file|data|blob|about):/.test(request.url())) outside.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  });

  after(async () => {
    await browser?.close();
  });

  it('links every page from home, with the internal specs in a "Service developers" section of their own', async () => {
    await open('index.html');
    const hrefs = async (heading: string) =>
      page
        .locator('section', { has: page.getByRole('heading', { name: heading }) })
        .locator('li > a:first-child')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(await hrefs('Start here')).to.deep.equal(['getting-started.html', 'sdk.html', 'changelog.html']);
    expect(await hrefs('API reference')).to.deep.equal(['public.html']);
    expect(await hrefs('Operators')).to.deep.equal(['operators.html']);
    expect(await hrefs('Service developers')).to.deep.equal(INTERNAL.map((name) => `${name}.html`));
    expect(pages.filter((file) => file !== 'index.html').sort()).to.deep.equal(
      [
        'getting-started.html',
        'sdk.html',
        'changelog.html',
        'public.html',
        'operators.html',
        ...INTERNAL.map((name) => `${name}.html`),
      ].sort(),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'home.png') });
  });

  it('has a way home on every page', async () => {
    for (const file of pages) {
      await open(file);
      const home = page.locator('header.portal a.home');
      expect(await home.getAttribute('href'), file).to.equal('index.html');
      expect(await home.isVisible(), file).to.equal(true);
    }
  });

  it('keeps the public reference public: no health routes, no internal documents, local and production servers', async () => {
    await open('public.html');
    const text = (await page.locator('#redoc').textContent())!;
    expect(text).to.contain('Check out the cart');
    for (const internal of ['/healthz', '/readyz', 'API.md', 'x-agora-user'])
      expect(text, internal).to.not.contain(internal);
    const document = JSON.parse((await page.locator('#openapi-document').textContent())!);
    expect(document.servers.map((server: any) => server.url)).to.deep.equal([
      'http://localhost:8080',
      'https://{host}',
    ]);
    expect(document.servers[1].variables.host.default).to.equal('api.agora.example');
    expect(await page.content()).to.contain('api.agora.example');
  });

  it('shows request samples in curl and SDK form on every public operation, the SDK one calling its resource method', async () => {
    await open('public.html');
    const document = JSON.parse((await page.locator('#openapi-document').textContent())!);
    const problems: string[] = [];
    for (const item of Object.values<Record<string, any>>(document.paths)) {
      for (const operation of Object.values<any>(item).filter((o) => o?.operationId)) {
        const samples = new Map<string, string>(
          (operation['x-codeSamples'] ?? []).map((s: any) => [s.label, s.source]),
        );
        const sdk = OPERATIONS[operation.operationId as keyof typeof OPERATIONS]?.sdk;
        if (!samples.get('curl')?.startsWith('curl ')) problems.push(`${operation.operationId}: no curl sample`);
        if (!samples.get('SDK')?.includes(sdk ? `agora.${sdk}(` : 'agora.request('))
          problems.push(`${operation.operationId}: no SDK sample calling ${sdk ?? 'agora.request'}`);
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it('shows the checkout operation with its titled body variants and its SDK sample (screenshot)', async () => {
    await open('public.html', `#${CHECKOUT}`);
    const operation = page.locator(`[data-section-id="${CHECKOUT}"]`);
    await operation.getByRole('heading', { name: 'Check out the cart' }).waitFor();
    for (const title of ['With a saved address', 'With an address given inline'])
      expect(await operation.getByRole('button', { name: title }).count(), title).to.be.greaterThan(0);
    await operation.getByRole('tab', { name: 'SDK' }).first().click();
    const sample = operation.getByRole('tabpanel').filter({ hasText: 'agora.checkout.create(' });
    await sample.first().waitFor({ timeout: 10_000 });
    await operation.getByRole('heading', { name: 'Check out the cart' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'checkout-operation.png') });
  });

  it('renders the guides as pages: getting started from a fresh clone, the SDK, the changelog', async () => {
    await open('getting-started.html');
    for (const heading of [
      'Run it',
      'Your first order, with curl',
      'The same with the TypeScript SDK',
      'Test payment methods',
    ])
      expect(await page.getByRole('heading', { name: heading }).count(), heading).to.equal(1);
    expect(await page.locator('#redoc').count()).to.equal(0);
    expect(await page.locator('main a[href="sdk.html"]').count()).to.be.greaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'getting-started.png'), fullPage: true });
    await open('sdk.html');
    expect(await page.getByRole('heading', { name: 'A storefront in ten lines' }).count()).to.equal(1);
    await open('changelog.html');
    expect(await page.getByRole('heading', { name: 'Changelog' }).count()).to.equal(1);
    expect(await page.locator('main').textContent()).to.contain('@agora/sdk');
  });

  it('renders the operators page and each internal spec', async () => {
    await open('operators.html');
    expect(await page.locator('#redoc').textContent()).to.contain('/readyz');
    for (const name of INTERNAL) {
      await open(`${name}.html`);
      expect(await page.locator('#redoc .api-content h1').first().textContent(), name).to.contain('Agora');
    }
  });

  it('logged no console error and requested nothing beyond the disk on any page', () => {
    expect(consoleErrors).to.deep.equal([]);
    expect(outside).to.deep.equal([]);
  });
});
