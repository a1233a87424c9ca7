import { expect } from 'chai';
import { dropTestDatabases } from '@agora/test-kit';
import { as, startAuth, type AuthUnderTest } from './auth-under-test.js';

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
    const polled = await auth.http.get('internal/revocations', {
      searchParams: { since: 0 },
      headers: { 'x-request-id': 'poll-ok' },
    });
    const refused = await auth.http.get('internal/revocations', {
      searchParams: { since: 'yesterday' },
      headers: { 'x-request-id': 'poll-bad' },
      context: { contract: false },
    });
    expect([polled.statusCode, refused.statusCode]).to.deep.equal([200, 400]);
    const lineOf = (id: string) => auth.logs.records().find((r) => r.req_id === id && r.event === 'request');
    expect(lineOf('poll-ok')).to.include({ level: 20, status: 200, path: '/internal/revocations' });
    expect(lineOf('poll-bad')).to.include({ level: 30, status: 400 });
    await auth.http.get('me', { headers: { ...as({ id: 'nobody', role: 'buyer' }), 'x-request-id': 'other' } });
    expect(lineOf('other'), 'other routes stay at info').to.include({ level: 30 });
  });
});
