import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { chromium, type Browser } from 'playwright-core';
import { dropTestDatabases, startSystem, type SystemHandle } from '@agora/test-kit';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
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

describe('the SDK in a browser: its compiled ESM, with fetch only', function () {
  this.timeout(240_000);
  let system: SystemHandle;
  let browser: Browser;
  let dist: string;

  before(async () => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'agora-sdk-dist-'));
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'sdk/tsconfig.build.json', '--outDir', dist],
      { cwd: ROOT, stdio: 'pipe' },
    );
    system = await startSystem({ services: ['auth', 'inventory'], env: { LOG_LEVEL: 'warn' } });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
    await dropTestDatabases();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('signs up, lists, pages through the catalog, fills a cart and reads a typed error, from a page', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    // The page and the SDK's modules are served as if from the API's own origin; every other request reaches the real aggregator.
    await page.route(`${system.url}/storefront/**`, (route) => {
      const file = new URL(route.request().url()).pathname.replace('/storefront/', '');
      if (file === 'index.html')
        return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>storefront</title>' });
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(path.join(dist, file), 'utf8') });
    });
    await page.goto(`${system.url}/storefront/index.html`);
    const outcome = await page.evaluate(async (baseUrl) => {
      const { Agora, AgoraError } = await import(`${baseUrl}/storefront/index.js`);
      const word = `lamp${Math.random().toString(36).slice(2, 8)}`;
      const seller = new Agora({ baseUrl, fetch: globalThis.fetch }); // passed as is, unbound, as apps do
      await seller.auth.signup({
        email: `sam-${word}@example.com`,
        password: 'correct horse battery',
        name: 'Sam',
        role: 'seller',
      });
      for (const price of [4900, 1900, 2900])
        await seller.seller.products.create({ title: `${word} light`, price, stock: 3 });
      const buyer = new Agora({ baseUrl });
      await buyer.auth.signup({ email: `ada-${word}@example.com`, password: 'correct horse battery', name: 'Ada' });
      const prices: number[] = [];
      let cheapest = '';
      for await (const product of buyer.products.list({ q: word, sort: 'price_asc', limit: 2 })) {
        prices.push(product.price);
        cheapest ||= product.id;
      }
      const cart = await buyer.cart.setItem(cheapest, 2);
      const error: any = await buyer.products.get('no-such-product').catch((e: unknown) => e);
      return {
        prices,
        subtotal: cart.subtotal,
        isAgoraError: error instanceof AgoraError,
        status: error.status,
        code: error.code,
        requestId: error.requestId,
      };
    }, system.url);
    expect(outcome).to.deep.include({
      prices: [1900, 2900, 4900],
      subtotal: 3800,
      isAgoraError: true,
      status: 404,
      code: 'not_found',
    });
    expect(outcome.requestId).to.be.a('string');
    expect(errors.filter((e) => !/404 \(Not Found\)/.test(e))).to.deep.equal([]);
  });
});
