import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import {
  dropTestDatabases,
  freePort,
  httpClient,
  startProcess,
  startSystem,
  waitFor,
  type ProcessHandle,
  type SystemHandle,
  type TestHttp,
} from '@agora/test-kit';

const REDIS_URL = process.env.AGORA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'correct-horse-battery';
/** Small limits, so a test reaches them in a few requests; each test uses addresses of its own. */
const LIMITS = {
  RATE_LIMIT_AUTH: '40',
  RATE_LIMIT_READS: '5',
  RATE_LIMIT_WRITES: '5',
  LOGIN_IP_FAILURES: '5',
  LOGIN_IP_BLOCK_SECONDS: '1',
};

/** A fresh address per call (TEST-NET-3), sent as the one X-Forwarded-For hop the aggregator trusts. */
let nextAddress = 1;
const fromAddress = () => ({ 'x-forwarded-for': `203.0.113.${nextAddress++}` });

for (const store of ['memory', 'redis'] as const) {
  describe(`rate limits and login throttling (${store} store, real processes)`, function () {
    this.timeout(180_000);
    let system: SystemHandle;
    let api: TestHttp;
    const redis: Record<string, string> =
      store === 'redis' ? { REDIS_URL, RATE_LIMIT_KEY_PREFIX: `agora-test-${randomUUID()}` } : {};

    before(async () => {
      system = await startSystem({
        services: ['auth'],
        env: { LOG_LEVEL: 'warn' },
        envOf: { aggregator: { ...LIMITS, ...redis } },
      });
      api = httpClient(system.url);
    });
    after(async () => {
      await system?.stop();
      await dropTestDatabases();
    });

    async function signUp(): Promise<{ email: string; accessToken: string }> {
      const email = `u-${randomBytes(4).toString('hex')}@example.com`;
      const res = await api.post<any>('api/v1/auth/signup', {
        headers: fromAddress(),
        json: { email, password: PASSWORD, name: 'U' },
      });
      expect(res.statusCode, JSON.stringify(res.body)).to.equal(201);
      return { email, accessToken: res.body.accessToken };
    }
    const login = (email: string, password: string, address: Record<string, string>) =>
      api.post<any>('api/v1/auth/login', { headers: address, json: { email, password } });

    it('throttles a burst of 1,000 logins for one account from one address, while the account still signs in from another', async () => {
      const account = await signUp();
      const attacker = fromAddress();
      const statuses: number[] = [];
      for (let wave = 0; wave < 1000 / 50; wave++) {
        const answers = await Promise.all(
          Array.from({ length: 50 }, () => login(account.email, 'wrong-password', attacker)),
        );
        statuses.push(...answers.map((res) => res.statusCode));
      }
      const refused = statuses.filter((status) => status === 429).length;
      // At most the credential routes' limit per address gets through to a password check at all.
      expect(statuses.filter((status) => status === 401).length).to.be.at.most(40);
      expect(refused).to.be.at.least(1000 - 40);
      expect((await login(account.email, PASSWORD, attacker)).statusCode).to.equal(429);
      expect((await login(account.email, PASSWORD, fromAddress())).statusCode).to.equal(200);
    });

    it('answers 429 too_many_requests as problem+json with Retry-After, RateLimit and RateLimit-Policy', async () => {
      const address = fromAddress();
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await api.get<any>('.well-known/jwks.json', { headers: address }));
      expect(answers.slice(0, 5).map((res) => res.statusCode)).to.deep.equal([200, 200, 200, 200, 200]);
      expect(answers[0]!.headers['ratelimit-policy']).to.equal('"reads-ip";q=5;w=60');
      expect(answers[0]!.headers.ratelimit).to.match(/^"reads-ip";r=4;t=\d+$/);
      const refused = answers[5]!;
      expect(refused.statusCode).to.equal(429);
      expect(refused.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(refused.body).to.include({ status: 429, code: 'too_many_requests' });
      expect(Number(refused.headers['retry-after'])).to.be.within(1, 60);
      expect(refused.headers.ratelimit).to.match(/^"reads-ip";r=0;t=\d+$/);
    });

    it('trusts one proxy hop: addresses the client writes further left in X-Forwarded-For do not escape the limit', async () => {
      const real = fromAddress()['x-forwarded-for'];
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push(
          (await api.get('.well-known/jwks.json', { headers: { 'x-forwarded-for': `198.51.100.${i}, ${real}` } }))
            .statusCode,
        );
      expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 429]);
    });

    it('counts a signed-in account across addresses, and the credential routes per address', async () => {
      const account = await signUp();
      const bearer = { authorization: `Bearer ${account.accessToken}` };
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await api.get('api/v1/me', { headers: { ...bearer, ...fromAddress() } })).statusCode);
      expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 429]);
      const other = await signUp();
      expect(
        (await api.get('api/v1/me', { headers: { authorization: `Bearer ${other.accessToken}`, ...fromAddress() } }))
          .statusCode,
      ).to.equal(200);
    });

    it('blocks an address that fails logins across accounts, with a block that doubles each time, never the accounts elsewhere', async () => {
      const accounts = await Promise.all(Array.from({ length: 6 }, () => signUp()));
      const stuffer = fromAddress();
      for (const account of accounts.slice(0, 5))
        expect((await login(account.email, 'wrong-password', stuffer)).statusCode).to.equal(401);
      const first = await login(accounts[5]!.email, PASSWORD, stuffer);
      expect(first.statusCode).to.equal(429);
      expect(first.headers['retry-after']).to.equal('1');
      expect((await login(accounts[5]!.email, PASSWORD, fromAddress())).statusCode).to.equal(200);
      // Once the block ends, the address may fail again: the next block lasts twice as long.
      await waitFor(async () => (await login(accounts[0]!.email, 'wrong-password', stuffer)).statusCode === 401, {
        timeoutMs: 10_000,
        intervalMs: 300,
        what: 'the first block to end',
      });
      for (const account of accounts.slice(1, 5))
        expect((await login(account.email, 'wrong-password', stuffer)).statusCode).to.equal(401);
      const second = await login(accounts[5]!.email, PASSWORD, stuffer);
      expect(second.statusCode).to.equal(429);
      expect(second.headers['retry-after']).to.equal('2');
    });

    it('enforces the bounds of public.yaml on the way in (an over-long email is a 400, never work for auth)', async () => {
      const res = await login(`${'a'.repeat(300)}@example.com`, PASSWORD, fromAddress());
      expect(res.statusCode).to.equal(400);
      expect(res.body.code).to.equal('validation_failed');
    });

    if (store === 'redis') {
      describe('with a second aggregator sharing the Redis', () => {
        let second: ProcessHandle;
        before(async () => {
          second = await startProcess('aggregator', {
            ...system.aggregator.env,
            INTERNAL_PORT: String(await freePort()),
          });
        });
        after(async () => second?.stop());

        it('holds the limits across both replicas', async () => {
          const address = fromAddress();
          const replicas = [api, httpClient(second.url)];
          const statuses: number[] = [];
          for (let i = 0; i < 6; i++)
            statuses.push((await replicas[i % 2]!.get('.well-known/jwks.json', { headers: address })).statusCode);
          expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 429]);
        });

        it('holds the per-address login block across both replicas', async () => {
          const account = await signUp();
          const stuffer = fromAddress();
          for (let i = 0; i < 5; i++)
            expect(
              (await login(`nobody-${i}-${randomUUID()}@example.com`, 'wrong-password', stuffer)).statusCode,
            ).to.equal(401);
          const res = await httpClient(second.url).post<any>('api/v1/auth/login', {
            headers: stuffer,
            json: { email: account.email, password: PASSWORD },
          });
          expect(res.statusCode).to.equal(429);
        });
      });
    }
  });
}
