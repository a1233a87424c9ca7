import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, waitFor, type SystemHandle, type TestHttp } from '@agora/test-kit';
import { ForwardReceiver, type ForwardedRecord } from './forward-receiver.js';

const PASSWORD = 'correct-horse-battery-staple';
const SERVICES = ['agora.aggregator', 'agora.auth'];

/** The `request` lines of one request id, by the tag they arrived under. */
function requestLines(receiver: ForwardReceiver, reqId: string): Map<string, ForwardedRecord['record']> {
  const lines = receiver.records.filter((entry) => entry.record.event === 'request' && entry.record.req_id === reqId);
  return new Map(lines.map((entry) => [entry.tag, entry.record]));
}

async function linesFromEveryService(receiver: ForwardReceiver, reqId: string) {
  return waitFor(
    () => {
      const lines = requestLines(receiver, reqId);
      return SERVICES.every((tag) => lines.has(tag)) ? lines : undefined;
    },
    { what: `request lines of ${reqId} from ${SERVICES.join(' and ')}`, timeoutMs: 20_000 },
  );
}

describe('logging: request lines reach Fluentd from every service a request touched', function () {
  this.timeout(120_000);
  let receiver: ForwardReceiver;
  let system: SystemHandle;
  let api: TestHttp;

  before(async () => {
    receiver = await ForwardReceiver.start();
    system = await startSystem({
      services: ['auth'],
      env: { FLUENT_HOST: '127.0.0.1', FLUENT_PORT: String(receiver.port), LOG_LEVEL: 'info' },
    });
    api = httpClient(`${system.url}/api/v1`);
  });

  after(async () => {
    await system?.stop();
    await receiver?.close();
    await dropTestDatabases();
  });

  type Session = { accessToken: string; refreshToken: string; user: { id: string } };
  const signUp = () =>
    api.post<Session>('auth/signup', {
      json: { email: `${randomUUID()}@example.com`, password: PASSWORD, name: 'Ada Lovelace' },
    });

  it('a signup through the aggregator arrives as one request line per service, sharing the req_id, each under its own tag', async () => {
    const response = await signUp();
    expect(response.statusCode).to.equal(201);
    const reqId = response.headers['x-request-id'] as string;
    const lines = await linesFromEveryService(receiver, reqId);
    for (const [tag, line] of lines) {
      expect(line.service, tag).to.equal(tag.replace('agora.', ''));
      expect(line).to.include({ method: 'POST', status: 201, req_id: reqId });
      expect(line.route, tag)
        .to.be.a('string')
        .and.match(/signup$/);
      expect(line.duration_ms, tag).to.be.a('number').and.be.above(0);
      expect(line.time, tag).to.match(/^\d{4}-\d\d-\d\dT/);
    }
  });

  it('never forwards the password or the tokens of a signup', async () => {
    const response = await signUp();
    const body = response.body;
    await linesFromEveryService(receiver, response.headers['x-request-id'] as string);
    const forwarded = JSON.stringify(receiver.records);
    for (const secret of [PASSWORD, body.accessToken, body.refreshToken]) expect(forwarded).not.to.include(secret);
  });

  it('carries the signed-in user id and the trace id on every service line of the request', async () => {
    const signup = await signUp();
    const { accessToken, user } = signup.body;
    const traceId = randomUUID().replaceAll('-', '');
    const me = await api.get('me', {
      headers: { authorization: `Bearer ${accessToken}`, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(me.statusCode).to.equal(200);
    const lines = await linesFromEveryService(receiver, me.headers['x-request-id'] as string);
    for (const [tag, line] of lines) expect(line, tag).to.include({ user_id: user.id, trace_id: traceId, status: 200 });
  });

  it('with Fluentd down, requests still succeed at once, and their lines arrive once Fluentd is back', async () => {
    const port = receiver.port;
    await receiver.close();
    const started = Date.now();
    const response = await signUp();
    expect(response.statusCode).to.equal(201);
    expect(Date.now() - started, 'a signup with Fluentd refusing connections').to.be.below(2_000);

    receiver = await ForwardReceiver.start(port);
    const lines = await linesFromEveryService(receiver, response.headers['x-request-id'] as string);
    expect(lines.get('agora.aggregator')).to.include({ status: 201 });
  });
});
