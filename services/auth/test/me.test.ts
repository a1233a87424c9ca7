import { expect } from 'chai';
import { dropTestDatabases } from '@agora/test-kit';
import { startAuth, signup, login, as, type AuthUnderTest } from './auth-under-test.js';

describe("auth: the caller's account", () => {
  let auth: AuthUnderTest;
  before(async () => {
    auth = await startAuth();
  });
  after(async () => {
    await auth?.stop();
    await dropTestDatabases();
  });

  it('answers GET /me with the caller as a user', async () => {
    const account = await signup(auth.http);
    const res = await auth.http.get<any>('me', { headers: as(account.user) });
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.deep.equal(account.user);
  });

  it('refuses every /me route without a caller with 401 unauthorized', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await auth.http<any>('me', { method, json: method === 'PATCH' ? { name: 'x' } : undefined });
      expect(res.statusCode, method).to.equal(401);
      expect(res.body.code).to.equal('unauthorized');
    }
  });

  it('renames the caller', async () => {
    const account = await signup(auth.http);
    const res = await auth.http.patch<any>('me', { headers: as(account.user), json: { name: 'New Name' } });
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.include({ id: account.user.id, name: 'New Name' });
  });

  it('refuses role, email and unknown properties with 400', async () => {
    const account = await signup(auth.http);
    for (const json of [{ role: 'admin' }, { email: 'x@example.com' }, { nickname: 'x' }]) {
      const res = await auth.http.patch<any>('me', { headers: as(account.user), json });
      expect(res.statusCode, JSON.stringify(json)).to.equal(400);
      expect(res.body.code).to.equal('validation_failed');
    }
  });

  it('refuses a password change without currentPassword (400) or with a wrong one (403 invalid_credentials)', async () => {
    const account = await signup(auth.http);
    const missing = await auth.http.patch<any>('me', {
      headers: as(account.user),
      json: { password: 'a-new-password' },
    });
    expect(missing.statusCode).to.equal(400);
    expect(missing.body.code).to.equal('validation_failed');
    const wrong = await auth.http.patch<any>('me', {
      headers: as(account.user),
      json: { password: 'a-new-password', currentPassword: 'not-it-at-all' },
    });
    expect(wrong.statusCode).to.equal(403);
    expect(wrong.body.code).to.equal('invalid_credentials');
    await login(auth.http, account.user.email, account.password);
  });

  it('changes the password and ends every session of the account', async () => {
    const account = await signup(auth.http);
    const other = await login(auth.http, account.user.email, account.password);
    const res = await auth.http.patch<any>('me', {
      headers: as(account.user),
      json: { password: 'a-new-password', currentPassword: account.password },
    });
    expect(res.statusCode).to.equal(200);
    expect(
      (await auth.http.post('auth/login', { json: { email: account.user.email, password: account.password } }))
        .statusCode,
    ).to.equal(401);
    await login(auth.http, account.user.email, 'a-new-password');
    for (const refreshToken of [account.refreshToken, other.refreshToken]) {
      expect((await auth.http.post('auth/refresh', { json: { refreshToken } })).statusCode).to.equal(401);
    }
  });

  describe('DELETE /me', () => {
    it('deletes the account: no login, no refresh, no /me, and it is listed as revoked', async () => {
      const since = Date.now() - 1;
      const account = await signup(auth.http);
      expect((await auth.http.delete('me', { headers: as(account.user) })).statusCode).to.equal(204);
      const loginRes = await auth.http.post<any>('auth/login', {
        json: { email: account.user.email, password: account.password },
      });
      expect(loginRes.statusCode).to.equal(401);
      expect(loginRes.body.code).to.equal('invalid_credentials');
      expect(
        (await auth.http.post('auth/refresh', { json: { refreshToken: account.refreshToken } })).statusCode,
      ).to.equal(401);
      expect((await auth.http.get('me', { headers: as(account.user) })).statusCode).to.equal(401);
      expect((await auth.http.delete('me', { headers: as(account.user) })).statusCode).to.equal(401);
      const revocations = await auth.http.get<any>('internal/revocations', { searchParams: { since } });
      expect(revocations.statusCode).to.equal(200);
      expect(revocations.body.now).to.be.at.least(since);
      expect(revocations.body.items.map((r: any) => r.userId)).to.include(account.user.id);
    });

    it('frees the email: it can sign up again as a new account', async () => {
      const account = await signup(auth.http);
      await auth.http.delete('me', { headers: as(account.user) });
      const again = await signup(auth.http, { email: account.user.email });
      expect(again.user.id).to.not.equal(account.user.id);
    });

    it('leaves deleted users out of the name lookup, and lists only recent revocations', async () => {
      const kept = await signup(auth.http, { name: 'Kept' });
      const gone = await signup(auth.http);
      await auth.http.delete('me', { headers: as(gone.user) });
      const res = await auth.http.get<any>('internal/users', {
        searchParams: { ids: `${kept.user.id},${gone.user.id},unknown` },
      });
      expect(res.statusCode).to.equal(200);
      expect(res.body.items).to.deep.equal([{ id: kept.user.id, name: 'Kept', role: 'buyer' }]);
      const later = await auth.http.get<any>('internal/revocations', { searchParams: { since: Date.now() + 60_000 } });
      expect(later.body.items).to.deep.equal([]);
    });
  });

  it('validates the internal lookups', async () => {
    expect((await auth.http.get('internal/users')).statusCode).to.equal(400);
    const tooMany = Array.from({ length: 101 }, (_, i) => `id-${i}`).join(',');
    expect((await auth.http.get('internal/users', { searchParams: { ids: tooMany } })).statusCode).to.equal(400);
    expect((await auth.http.get('internal/revocations', { searchParams: { since: 'yesterday' } })).statusCode).to.equal(
      400,
    );
  });
});
