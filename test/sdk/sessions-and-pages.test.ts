import { expect } from 'chai';
import { Agora, memoryTokenStore, type RefreshLock, type Tokens } from '@agora/sdk';
import { FakeApi, problem, type Received } from './fake-api.js';

const USER = { id: 'u1', email: 'ada@example.com', name: 'Ada', role: 'buyer', createdAt: '2026-01-01T00:00:00Z' };
const session = (n: number) => ({
  user: USER,
  accessToken: `at-${n}`,
  refreshToken: `rt-${n}`,
  tokenType: 'Bearer',
  expiresIn: 900,
});
const bearer = (r: Received) => r.headers.authorization;

/** A refresh endpoint that rotates like auth's: each refresh token works once, and a spent one is refused. */
function rotatingRefresh() {
  let issued = 1;
  const spent = new Set<string>();
  return (request: Received) => {
    const { refreshToken } = JSON.parse(request.body);
    if (spent.has(refreshToken)) return { status: 401, body: problem(401, 'unauthorized') };
    spent.add(refreshToken);
    return { status: 200, body: session(++issued) };
  };
}

/** /me answers only the newest access token. */
const meFor = (current: () => string) => (request: Received) =>
  bearer(request) === `Bearer ${current()}`
    ? { status: 200, body: USER }
    : { status: 401, body: problem(401, 'unauthorized') };

describe('the SDK: sessions kept in a token store, refreshed once at a time; lists paged', function () {
  this.timeout(20_000);
  let api: FakeApi;

  beforeEach(async () => {
    api = await new FakeApi().start();
  });

  afterEach(async () => {
    await api.stop();
  });

  it('hands the tokens of a login to the store, and sends its access token', async () => {
    const saved: Array<Tokens | null> = [];
    const store = memoryTokenStore();
    api.on('POST /api/v1/auth/login', { status: 200, body: session(1) });
    api.on('GET /api/v1/me', { status: 200, body: USER });
    const agora = new Agora({
      baseUrl: api.url,
      tokenStore: { get: store.get, set: (t) => (saved.push(t), store.set(t)) },
    });
    await agora.auth.login({ email: 'ada@example.com', password: 'correct horse battery' });
    await agora.me.get();
    expect(saved).to.deep.equal([{ accessToken: 'at-1', refreshToken: 'rt-1' }]);
    expect(bearer(api.to('GET /api/v1/me')[0]!)).to.equal('Bearer at-1');
    expect(api.to('POST /api/v1/auth/login')[0]!.headers.authorization).to.equal(undefined);
  });

  it('refreshes once for calls refused together, stores the new pair and repeats each call', async () => {
    const store = memoryTokenStore({ accessToken: 'at-1', refreshToken: 'rt-1' });
    api.on('POST /api/v1/auth/refresh', rotatingRefresh());
    api.on(
      'GET /api/v1/me',
      meFor(() => 'at-2'),
    );
    const agora = new Agora({ baseUrl: api.url, tokenStore: store });
    const answers = await Promise.all([agora.me.get(), agora.me.get(), agora.me.get()]);
    expect(answers).to.deep.equal([USER, USER, USER]);
    expect(api.to('POST /api/v1/auth/refresh')).to.have.length(1);
    expect(store.get()).to.deep.equal({ accessToken: 'at-2', refreshToken: 'rt-2' });
  });

  it('lets two clients of one store (two tabs) share a refresh through refreshLock, never spending a refresh token twice', async () => {
    const store = memoryTokenStore({ accessToken: 'at-1', refreshToken: 'rt-1' });
    let held: Promise<unknown> = Promise.resolve();
    // The simplest lock: one refresh after the other (in a browser: navigator.locks.request).
    const refreshLock: RefreshLock = (run) => {
      const next = held.then(run);
      held = next.catch(() => undefined);
      return next;
    };
    api.on('POST /api/v1/auth/refresh', rotatingRefresh());
    api.on(
      'GET /api/v1/me',
      meFor(() => 'at-2'),
    );
    const tabs = [
      new Agora({ baseUrl: api.url, tokenStore: store, refreshLock }),
      new Agora({ baseUrl: api.url, tokenStore: store, refreshLock }),
    ];
    expect(await Promise.all(tabs.map((tab) => tab.me.get()))).to.deep.equal([USER, USER]);
    expect(api.to('POST /api/v1/auth/refresh').map((r) => JSON.parse(r.body).refreshToken)).to.deep.equal(['rt-1']);
  });

  it('forgets the session when the refresh token is refused, and throws the 401', async () => {
    const store = memoryTokenStore({ accessToken: 'at-1', refreshToken: 'spent' });
    api.on('POST /api/v1/auth/refresh', { status: 401, body: problem(401, 'unauthorized') });
    api.on('GET /api/v1/me', { status: 401, body: problem(401, 'unauthorized') });
    const error = await new Agora({ baseUrl: api.url, tokenStore: store }).me.get().catch((e: unknown) => e);
    expect(error).to.include({ status: 401, code: 'unauthorized' });
    expect(store.get()).to.equal(null);
    expect(api.to('GET /api/v1/me')).to.have.length(1);
  });

  it('pages a list: awaited it is the first page, iterated it is every item, the query kept on each page', async () => {
    const pages: Record<string, unknown> = {
      '': { items: [{ id: 'p1' }, { id: 'p2' }], nextCursor: 'c2' },
      c2: { items: [{ id: 'p3' }, { id: 'p4' }], nextCursor: 'c3' },
      c3: { items: [{ id: 'p5' }], nextCursor: null },
    };
    api.on('GET /api/v1/products', (request) => ({
      status: 200,
      body: pages[new URL(request.path, api.url).searchParams.get('cursor') ?? ''],
    }));
    const agora = new Agora({ baseUrl: api.url });
    const first = await agora.products.list({ q: 'lamp', limit: 2 });
    expect(first.items.map((p) => p.id)).to.deep.equal(['p1', 'p2']);
    const ids: string[] = [];
    for await (const product of agora.products.list({ q: 'lamp', limit: 2 })) ids.push(product.id);
    expect(ids).to.deep.equal(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(api.to('GET /api/v1/products').map((r) => r.path)).to.deep.equal([
      '/api/v1/products?q=lamp&limit=2',
      '/api/v1/products?q=lamp&limit=2',
      '/api/v1/products?q=lamp&limit=2&cursor=c2',
      '/api/v1/products?q=lamp&limit=2&cursor=c3',
    ]);
  });
});
