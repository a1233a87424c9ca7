import { expect } from 'chai';
import { IDENTITY_HEADERS } from '@agora/identity';
import { startTinyApp, type TinyApp } from './fixtures/tiny-app.js';

const as = (id: string, role: string) => ({ [IDENTITY_HEADERS.id]: id, [IDENTITY_HEADERS.role]: role });

describe('koa-kit: caller identity from the aggregator headers', () => {
  let app: TinyApp;
  let gateway: TinyApp;
  before(async () => {
    app = await startTinyApp({ trustIdentityHeaders: true });
    gateway = await startTinyApp({ trustIdentityHeaders: false });
  });
  after(async () => {
    await Promise.all([app.listening.close(), gateway.listening.close()]);
  });

  it('reads the caller from x-agora-user-id and x-agora-user-role', async () => {
    const res = await app.http.get<Record<string, any>>('me', { headers: as('u7', 'seller') });
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.deep.equal({ id: 'u7', role: 'seller' });
  });

  it('answers 401 unauthorized to a route needing a user when no identity is sent', async () => {
    const res = await app.http.get<Record<string, any>>('me');
    expect(res.statusCode).to.equal(401);
    expect(res.body.code).to.equal('unauthorized');
  });

  it('treats an unknown role as no caller at all (401)', async () => {
    const res = await app.http.get<Record<string, any>>('me', { headers: as('u7', 'superuser') });
    expect(res.statusCode).to.equal(401);
  });

  it('treats a role without a user id as no caller (401)', async () => {
    const res = await app.http.get<Record<string, any>>('me', { headers: { [IDENTITY_HEADERS.role]: 'admin' } });
    expect(res.statusCode).to.equal(401);
  });

  it('answers 403 forbidden when the caller lacks the role', async () => {
    const res = await app.http.get<Record<string, any>>('seller/area', { headers: as('u1', 'buyer') });
    expect(res.statusCode).to.equal(403);
    expect(res.body.code).to.equal('forbidden');
  });

  it('lets in any of the listed roles', async () => {
    for (const role of ['seller', 'admin']) {
      const res = await app.http.get('seller/area', { headers: as('u1', role) });
      expect(res.statusCode, role).to.equal(200);
    }
  });

  it('answers 401 (not 403) on a role-guarded route without identity', async () => {
    const res = await app.http.get<Record<string, any>>('seller/area');
    expect(res.statusCode).to.equal(401);
  });

  it('ignores the identity headers when the app does not trust them (the aggregator)', async () => {
    const res = await gateway.http.get<Record<string, any>>('me', { headers: as('u7', 'admin') });
    expect(res.statusCode).to.equal(401);
  });
});
