import http from 'node:http';
import net from 'node:net';
import { expect } from 'chai';
import { waitFor } from '@agora/test-kit';
import { startTinyApp, type TinyApp } from './fixtures/tiny-app.js';

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

describe('koa-kit: graceful shutdown', () => {
  let app: TinyApp;
  let agent: http.Agent | undefined;
  before(async () => {
    app = await startTinyApp();
  });
  after(async () => {
    agent?.destroy();
    app.releaseSlow();
    if (app.listening.server.listening) await app.listening.close();
  });

  it('lets an in-flight request finish while refusing new connections, then resolves close() at once', async () => {
    // A client that keeps sockets alive for a minute, like the services' own http-client.
    agent = new http.Agent({ keepAlive: true, timeout: 60_000 });
    expect((await app.http.get('healthz', { agent: { http: agent } })).statusCode).to.equal(200);
    const inFlight = app.http.get<Record<string, any>>('slow', { agent: { http: agent } });
    await waitFor(() => app.slowWaiting() === 1, { what: 'the slow request to arrive' });

    let closed = false;
    void app.listening.close().then(() => {
      closed = true;
    });
    await waitFor(() => refusesConnections(app.listening.port), { what: 'new connections to be refused' });
    expect(closed).to.equal(false);

    app.releaseSlow();
    const res = await inFlight;
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.deep.equal({ finished: true });
    expect(res.headers.connection).to.equal('close');
    await waitFor(() => closed, { timeoutMs: 1000, what: 'close() to resolve once the slow request is answered' });
  });
});
