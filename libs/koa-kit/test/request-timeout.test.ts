import net from 'node:net';
import { once } from 'node:events';
import { expect } from 'chai';
import Koa from 'koa';
import { listen, type Listening } from '@agora/koa-kit';

describe('listen: request timeouts on the server itself (API4)', () => {
  let listening: Listening;
  before(async () => {
    const app = new Koa();
    app.use((ctx) => {
      ctx.body = 'ok';
    });
    listening = await listen(app, { port: 0, host: '127.0.0.1', requestTimeoutMs: 1_000 });
  });
  after(async () => listening?.close());

  it('answers 408 and closes the socket of a client that never finishes its request (slowloris)', async () => {
    const socket = net.connect(listening.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    await once(socket, 'close');
    expect(answer).to.match(/^HTTP\/1\.1 408/);
  });

  it('still serves a client that sends its request in time', async () => {
    const res = await fetch(`${listening.url}/`);
    expect(await res.text()).to.equal('ok');
  });
});
