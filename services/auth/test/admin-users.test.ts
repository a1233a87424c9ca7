import { expect } from 'chai';
import { dropTestDatabases } from '@agora/test-kit';
import {
  ADMIN,
  startAuth,
  signup,
  login,
  as,
  uniqueEmail,
  type AuthUnderTest,
  type SessionBody,
} from './auth-under-test.js';

describe('auth: admin user management', () => {
  let auth: AuthUnderTest;
  let admin: SessionBody['user'];
  before(async () => {
    auth = await startAuth();
    admin = (await login(auth.http, ADMIN.email, ADMIN.password)).user;
  });
  after(async () => {
    await auth?.stop();
    await dropTestDatabases();
  });

  it('creates the admin from AGORA_ADMIN_EMAIL/PASSWORD once, however often the service starts', async () => {
    expect(admin.role).to.equal('admin');
    const again = await startAuth({ DATABASE_URL: auth.databaseUrl, AGORA_DATA_DIR: auth.dataDir });
    await again.stop();
    const res = await auth.http.get<any>('admin/users', { headers: as(admin), searchParams: { email: ADMIN.email } });
    expect(res.body.items).to.have.length(1);
  });

  it('never promotes an existing account that holds the admin email', async () => {
    const buyer = await signup(auth.http);
    const other = await startAuth({
      DATABASE_URL: auth.databaseUrl,
      AGORA_DATA_DIR: auth.dataDir,
      AGORA_ADMIN_EMAIL: buyer.user.email,
    });
    await other.stop();
    const res = await auth.http.get<any>(`admin/users/${buyer.user.id}`, { headers: as(admin) });
    expect(res.body.role).to.equal('buyer');
  });

  it('refuses non-admins with 403 forbidden and anonymous callers with 401', async () => {
    const seller = await signup(auth.http, { role: 'seller' });
    const forbidden = await auth.http.get<any>('admin/users', { headers: as(seller.user) });
    expect(forbidden.statusCode).to.equal(403);
    expect(forbidden.body.code).to.equal('forbidden');
    expect((await auth.http.delete(`admin/users/${seller.user.id}`, { headers: as(seller.user) })).statusCode).to.equal(
      403,
    );
    const anonymous = await auth.http.get<any>('admin/users');
    expect(anonymous.statusCode).to.equal(401);
  });

  it('finds a user by exact email, whatever its case', async () => {
    const account = await signup(auth.http);
    const res = await auth.http.get<any>('admin/users', {
      headers: as(admin),
      searchParams: { email: account.user.email.toUpperCase() },
    });
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.deep.equal({ items: [account.user], nextCursor: null });
    const partial = await auth.http.get<any>('admin/users', {
      headers: as(admin),
      searchParams: { email: account.user.email.slice(0, 8) },
    });
    expect(partial.body.items).to.deep.equal([]);
  });

  it('pages through every user with a keyset cursor, without repeats', async () => {
    for (let i = 0; i < 3; i++) await signup(auth.http);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await auth.http.get<any>('admin/users', {
        headers: as(admin),
        searchParams: { limit: 2, ...(cursor ? { cursor } : {}) },
      });
      expect(res.statusCode).to.equal(200);
      expect(res.body.items.length).to.be.at.most(2);
      seen.push(...res.body.items.map((u: any) => u.id));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).to.equal(seen.length);
    expect(seen.length).to.be.at.least(4);
    expect(
      (await auth.http.get('admin/users', { headers: as(admin), searchParams: { cursor: 'garbage' } })).statusCode,
    ).to.equal(400);
    expect(
      (await auth.http.get('admin/users', { headers: as(admin), searchParams: { limit: 101 } })).statusCode,
    ).to.equal(400);
  });

  it('reads, renames and re-roles a user; the new role shows in the next token', async () => {
    const account = await signup(auth.http);
    expect((await auth.http.get<any>(`admin/users/${account.user.id}`, { headers: as(admin) })).body).to.deep.equal(
      account.user,
    );
    const res = await auth.http.patch<any>(`admin/users/${account.user.id}`, {
      headers: as(admin),
      json: { name: 'Renamed', role: 'seller' },
    });
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.include({ name: 'Renamed', role: 'seller' });
    const next = await login(auth.http, account.user.email, account.password);
    expect(next.user.role).to.equal('seller');
    const bad = await auth.http.patch<any>(`admin/users/${account.user.id}`, {
      headers: as(admin),
      json: { email: 'x@example.com' },
    });
    expect(bad.statusCode).to.equal(400);
  });

  it('answers 404 for unknown and deleted users', async () => {
    expect((await auth.http.get<any>('admin/users/no-such-user', { headers: as(admin) })).body.code).to.equal(
      'not_found',
    );
    expect(
      (await auth.http.patch('admin/users/no-such-user', { headers: as(admin), json: { name: 'x' } })).statusCode,
    ).to.equal(404);
    expect((await auth.http.delete('admin/users/no-such-user', { headers: as(admin) })).statusCode).to.equal(404);
  });

  it('deletes a user: gone from reads, cannot log in, listed as revoked', async () => {
    const account = await signup(auth.http);
    expect((await auth.http.delete(`admin/users/${account.user.id}`, { headers: as(admin) })).statusCode).to.equal(204);
    expect((await auth.http.get(`admin/users/${account.user.id}`, { headers: as(admin) })).statusCode).to.equal(404);
    expect(
      (await auth.http.post('auth/login', { json: { email: account.user.email, password: account.password } }))
        .statusCode,
    ).to.equal(401);
    expect(
      (await auth.http.post('auth/refresh', { json: { refreshToken: account.refreshToken } })).statusCode,
    ).to.equal(401);
    const revocations = await auth.http.get<any>('internal/revocations');
    expect(revocations.body.items.map((r: any) => r.userId)).to.include(account.user.id);
  });

  it('refuses an admin demoting or deleting itself with 409 invalid_state, and allows a no-op role', async () => {
    const demote = await auth.http.patch<any>(`admin/users/${admin.id}`, {
      headers: as(admin),
      json: { role: 'buyer' },
    });
    expect(demote.statusCode).to.equal(409);
    expect(demote.body.code).to.equal('invalid_state');
    const remove = await auth.http.delete<any>(`admin/users/${admin.id}`, { headers: as(admin) });
    expect(remove.statusCode).to.equal(409);
    expect(remove.body.code).to.equal('invalid_state');
    expect(
      (await auth.http.patch(`admin/users/${admin.id}`, { headers: as(admin), json: { role: 'admin' } })).statusCode,
    ).to.equal(200);
  });

  it('lets an admin make another admin, who may then manage users', async () => {
    const account = await signup(auth.http, { email: uniqueEmail('second-admin') });
    await auth.http.patch(`admin/users/${account.user.id}`, { headers: as(admin), json: { role: 'admin' } });
    const res = await auth.http.get('admin/users', { headers: as({ id: account.user.id, role: 'admin' }) });
    expect(res.statusCode).to.equal(200);
  });
});
