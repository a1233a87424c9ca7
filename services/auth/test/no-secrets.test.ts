import { expect } from 'chai';
import { dropTestDatabases } from '@agora/test-kit';
import { ADMIN, startAuth, signup, login, as, type AuthUnderTest } from './auth-under-test.js';

describe('auth: secrets stay out of responses and logs', () => {
  let auth: AuthUnderTest;
  before(async () => {
    auth = await startAuth({ LOG_LEVEL: 'trace' });
  });
  after(async () => {
    await auth?.stop();
    await dropTestDatabases();
  });

  it('never shows a password, its hash or a token in any response or log line', async () => {
    const bodies: string[] = [];
    const keep = (res: { rawBody: Buffer }) => bodies.push(res.rawBody.toString('utf8'));
    const password = 'very-secret-password-1';
    const account = await signup(auth.http, { password });
    const admin = (await login(auth.http, ADMIN.email, ADMIN.password)).user;
    keep(await auth.http.post('auth/login', { json: { email: account.user.email, password } }));
    keep(await auth.http.post('auth/login', { json: { email: account.user.email, password: 'wrong-password' } }));
    keep(await auth.http.get('me', { headers: as(account.user) }));
    keep(await auth.http.patch('me', { headers: as(account.user), json: { name: 'Renamed' } }));
    keep(await auth.http.get('admin/users', { headers: as(admin) }));
    keep(await auth.http.get(`admin/users/${account.user.id}`, { headers: as(admin) }));
    keep(await auth.http.patch(`admin/users/${account.user.id}`, { headers: as(admin), json: { role: 'seller' } }));
    keep(await auth.http.get('internal/users', { searchParams: { ids: account.user.id } }));
    keep(await auth.http.patch('me', { headers: as(account.user), json: { password: 'another-secret-2', currentPassword: password } }));

    const everything = `${bodies.join('\n')}\n${auth.logs.text()}`;
    expect(auth.logs.lines.length).to.be.greaterThan(5);
    expect(everything).to.not.match(/\$argon2/);
    expect(everything).to.not.match(/password_?hash/i);
    expect(auth.logs.text()).to.not.include(password);
    expect(auth.logs.text()).to.not.include('another-secret-2');
    expect(auth.logs.text()).to.not.include(account.refreshToken);
    expect(auth.logs.text()).to.not.include(account.accessToken);
  });
});

describe("auth: the revocation feed's polls stay out of the info log", () => {
  let auth: AuthUnderTest;
  before(async () => {
    auth = await startAuth({ LOG_LEVEL: 'debug' });
  });
  after(async () => {
    await auth?.stop();
    await dropTestDatabases();
  });

  it('logs a successful poll at debug level and a refused one at info, like any request', async () => {
    const polled = await auth.http.get('internal/revocations', { searchParams: { since: 0 }, headers: { 'x-request-id': 'poll-ok' } });
    const refused = await auth.http.get('internal/revocations', { searchParams: { since: 'yesterday' }, headers: { 'x-request-id': 'poll-bad' }, context: { contract: false } });
    expect([polled.statusCode, refused.statusCode]).to.deep.equal([200, 400]);
    const lineOf = (id: string) => auth.logs.records().find((r) => r.req_id === id && r.event === 'request');
    expect(lineOf('poll-ok')).to.include({ level: 20, status: 200, path: '/internal/revocations' });
    expect(lineOf('poll-bad')).to.include({ level: 30, status: 400 });
    await auth.http.get('me', { headers: { ...as({ id: 'nobody', role: 'buyer' }), 'x-request-id': 'other' } });
    expect(lineOf('other'), 'other routes stay at info').to.include({ level: 30 });
  });
});
