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
    keep(
      await auth.http.patch('me', {
        headers: as(account.user),
        json: { password: 'another-secret-2', currentPassword: password },
      }),
    );

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
