import { createHash, createPublicKey } from 'node:crypto';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { dropTestDatabases } from '@agora/test-kit';
import { startAuth, signup, login, uniqueEmail, type AuthUnderTest, type SessionBody } from './auth-under-test.js';

describe('auth: signup, login, refresh, logout', () => {
  let auth: AuthUnderTest;
  before(async () => {
    auth = await startAuth();
  });
  after(async () => {
    await auth?.stop();
    await dropTestDatabases();
  });

  describe('signup', () => {
    it('creates a buyer by default, lowercases the email, and returns a session', async () => {
      const email = uniqueEmail('Mixed').toUpperCase();
      const res = await auth.http.post<SessionBody>('auth/signup', {
        json: { email, password: 'long-enough', name: 'Ada' },
      });
      expect(res.statusCode).to.equal(201);
      expect(res.body.user).to.have.keys('id', 'email', 'name', 'role', 'createdAt');
      expect(res.body.user).to.include({ email: email.toLowerCase(), name: 'Ada', role: 'buyer' });
      expect(res.body).to.include({ tokenType: 'Bearer', expiresIn: 900 });
      expect(res.body.refreshToken).to.have.length.greaterThanOrEqual(43);
    });

    it('creates a seller when asked', async () => {
      const session = await signup(auth.http, { role: 'seller' });
      expect(session.user.role).to.equal('seller');
    });

    it('refuses a taken email whatever its case with 409 email_taken', async () => {
      const first = await signup(auth.http);
      const res = await auth.http.post('auth/signup', {
        json: { email: first.user.email.toUpperCase(), password: 'long-enough', name: 'X' },
      });
      expect(res.statusCode).to.equal(409);
      expect(res.body).to.include({ code: 'email_taken' });
    });

    it('refuses role admin (mass assignment) with 400', async () => {
      const res = await auth.http.post('auth/signup', {
        json: { email: uniqueEmail(), password: 'long-enough', name: 'X', role: 'admin' },
      });
      expect(res.statusCode).to.equal(400);
      expect(res.body).to.include({ code: 'validation_failed' });
    });

    it('refuses unknown properties, short and long passwords, and bad emails', async () => {
      const base = { email: uniqueEmail(), password: 'long-enough', name: 'X' };
      for (const json of [
        { ...base, isAdmin: true },
        { ...base, password: 'short' },
        { ...base, password: 'x'.repeat(129) },
        { ...base, email: 'not-an-email' },
      ]) {
        const res = await auth.http.post<any>('auth/signup', { json });
        expect(res.statusCode, JSON.stringify(json).slice(0, 60)).to.equal(400);
        expect(res.body.code).to.equal('validation_failed');
        expect(res.body.errors).to.be.an('array').that.is.not.empty;
      }
    });

    it('answers malformed JSON with 400 and a non-JSON body with 415', async () => {
      const malformed = await auth.http.post<any>('auth/signup', {
        body: '{"email":',
        headers: { 'content-type': 'application/json' },
      });
      expect(malformed.statusCode).to.equal(400);
      expect(malformed.body.code).to.equal('validation_failed');
      const text = await auth.http.post<any>('auth/signup', {
        body: 'email=a',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.statusCode).to.equal(415);
      expect(text.body.code).to.equal('unsupported_media_type');
    });
  });

  describe('login', () => {
    it('signs in with the right password, whatever the email case', async () => {
      const account = await signup(auth.http);
      const session = await login(auth.http, account.user.email.toUpperCase(), account.password);
      expect(session.user.id).to.equal(account.user.id);
    });

    it('answers a wrong password and an unknown email with the same 401 invalid_credentials', async () => {
      const account = await signup(auth.http);
      const wrong = await auth.http.post<any>('auth/login', {
        json: { email: account.user.email, password: 'wrong-password' },
      });
      const unknown = await auth.http.post<any>('auth/login', {
        json: { email: uniqueEmail(), password: 'wrong-password' },
      });
      expect(wrong.statusCode).to.equal(401);
      expect(unknown.statusCode).to.equal(401);
      const { instance: _a, ...wrongBody } = wrong.body;
      const { instance: _b, ...unknownBody } = unknown.body;
      expect(wrongBody).to.deep.equal(unknownBody);
      expect(wrongBody.code).to.equal('invalid_credentials');
    });

    it('takes about as long for an unknown email as for a wrong password (a dummy hash is verified)', async () => {
      const account = await signup(auth.http);
      const time = async (email: string) => {
        const started = process.hrtime.bigint();
        await auth.http.post('auth/login', { json: { email, password: 'wrong-password' } });
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
      const wrong = median([
        await time(account.user.email),
        await time(account.user.email),
        await time(account.user.email),
      ]);
      const unknown = median([await time(uniqueEmail()), await time(uniqueEmail()), await time(uniqueEmail())]);
      expect(unknown).to.be.greaterThan(wrong * 0.4);
    });
  });

  describe('tokens', () => {
    it('signs RS256 access tokens with the claims of the contract and a kid that is the RFC 7638 thumbprint', async () => {
      const session = await signup(auth.http, { role: 'seller' });
      const jwks = await auth.http.get<any>('.well-known/jwks.json');
      expect(jwks.statusCode).to.equal(200);
      const [jwk] = jwks.body.keys;
      expect(jwk).to.include({ kty: 'RSA', use: 'sig', alg: 'RS256' });
      const thumbprint = createHash('sha256')
        .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
        .digest('base64url');
      expect(jwk.kid).to.equal(thumbprint);
      const decoded = jwt.decode(session.accessToken, { complete: true })!;
      expect(decoded.header).to.include({ alg: 'RS256', kid: jwk.kid });
      const claims = jwt.verify(session.accessToken, createPublicKey({ key: jwk, format: 'jwk' }), {
        algorithms: ['RS256'],
        issuer: 'agora-auth',
        audience: 'agora',
      }) as jwt.JwtPayload;
      expect(claims).to.include({ sub: session.user.id, role: 'seller' });
      expect(claims.exp! - claims.iat!).to.equal(900);
      expect(claims.jti).to.be.a('string');
    });

    it('rotates the refresh token: the new pair works, the old token stops working', async () => {
      const account = await signup(auth.http);
      const first = await auth.http.post<SessionBody>('auth/refresh', { json: { refreshToken: account.refreshToken } });
      expect(first.statusCode).to.equal(200);
      expect(first.body.refreshToken).to.not.equal(account.refreshToken);
      expect(first.body.user.id).to.equal(account.user.id);
      const second = await auth.http.post<SessionBody>('auth/refresh', {
        json: { refreshToken: first.body.refreshToken },
      });
      expect(second.statusCode).to.equal(200);
    });

    it('revokes the whole family when a rotated token is used again', async () => {
      const account = await signup(auth.http);
      const rotated = await auth.http.post<SessionBody>('auth/refresh', {
        json: { refreshToken: account.refreshToken },
      });
      const reuse = await auth.http.post<any>('auth/refresh', { json: { refreshToken: account.refreshToken } });
      expect(reuse.statusCode).to.equal(401);
      expect(reuse.body.code).to.equal('unauthorized');
      const heir = await auth.http.post<any>('auth/refresh', { json: { refreshToken: rotated.body.refreshToken } });
      expect(heir.statusCode).to.equal(401);
    });

    it('keeps other families alive when one is revoked', async () => {
      const account = await signup(auth.http);
      const other = await login(auth.http, account.user.email, account.password);
      await auth.http.post('auth/refresh', { json: { refreshToken: account.refreshToken } });
      await auth.http.post('auth/refresh', { json: { refreshToken: account.refreshToken } });
      const res = await auth.http.post('auth/refresh', { json: { refreshToken: other.refreshToken } });
      expect(res.statusCode).to.equal(200);
    });

    it('lets exactly one of two concurrent refreshes with the same token win', async () => {
      const account = await signup(auth.http);
      const results = await Promise.all(
        [1, 2].map(() => auth.http.post('auth/refresh', { json: { refreshToken: account.refreshToken } })),
      );
      expect(results.map((r) => r.statusCode).sort()).to.deep.equal([200, 401]);
    });

    it('refuses an unknown refresh token with 401 unauthorized', async () => {
      const res = await auth.http.post<any>('auth/refresh', { json: { refreshToken: 'not-a-token-we-issued' } });
      expect(res.statusCode).to.equal(401);
      expect(res.body.code).to.equal('unauthorized');
    });

    it('logs out with 204, revoking the family; unknown tokens are answered 204 too', async () => {
      const account = await signup(auth.http);
      const rotated = await auth.http.post<SessionBody>('auth/refresh', {
        json: { refreshToken: account.refreshToken },
      });
      const out = await auth.http.post('auth/logout', { json: { refreshToken: rotated.body.refreshToken } });
      expect(out.statusCode).to.equal(204);
      expect(
        (await auth.http.post('auth/refresh', { json: { refreshToken: rotated.body.refreshToken } })).statusCode,
      ).to.equal(401);
      expect((await auth.http.post('auth/logout', { json: { refreshToken: 'unknown' } })).statusCode).to.equal(204);
      expect((await auth.http.post('auth/logout', { json: {} })).statusCode).to.equal(400);
    });
  });
});
