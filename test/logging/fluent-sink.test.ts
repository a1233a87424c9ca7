import net from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { expect } from 'chai';
import { createLogger, FluentSink, REDACTED } from '@agora/logger';
import { freePort, LogCollector, waitFor } from '@agora/test-kit';
import { ForwardReceiver } from './forward-receiver.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl';

function accounted(sink: FluentSink, written: number): void {
  const { queued, inFlight, sent, dropped } = sink.stats();
  expect(queued + inFlight + sent + dropped, 'every record is queued, in flight, sent or dropped').to.equal(written);
}

describe('logging: the Fluentd sink', () => {
  const sinks: FluentSink[] = [];
  const receivers: ForwardReceiver[] = [];
  const open = (options: ConstructorParameters<typeof FluentSink>[0]) => {
    const sink = new FluentSink(options);
    sinks.push(sink);
    return sink;
  };

  after(async () => {
    await Promise.all(sinks.map((sink) => sink.close(100)));
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });

  it('forwards each record over the Forward protocol under its service tag', async () => {
    const receiver = await ForwardReceiver.start();
    receivers.push(receiver);
    const sink = open({ host: '127.0.0.1', port: receiver.port, tag: 'agora.orders' });
    for (let n = 0; n < 3; n += 1) sink.write({ n, msg: 'order placed', time: new Date(0) });
    await waitFor(() => receiver.records.length === 3, { what: 'three forwarded records' });
    expect(receiver.records.map((entry) => entry.tag)).to.deep.equal(['agora.orders', 'agora.orders', 'agora.orders']);
    expect(receiver.records.map((entry) => entry.record)).to.deep.equal(
      [0, 1, 2].map((n) => ({ n, msg: 'order placed', time: '1970-01-01T00:00:00.000Z' })),
    );
    expect(sink.stats()).to.include({ connected: true, sent: 3, dropped: 0, queued: 0, inFlight: 0 });
  });

  it('while Fluentd refuses connections, keeps only the newest records up to its bound and counts the drops', async () => {
    const port = await freePort();
    const sink = open({ host: '127.0.0.1', port, tag: 'agora.auth', maxQueued: 100, reconnectIntervalMs: 100 });
    for (let n = 0; n < 20_000; n += 1) sink.write({ n, msg: 'request' });
    await waitFor(() => sink.stats().connectFailures >= 2, { what: 'repeated refused connection attempts' });
    const stats = sink.stats();
    expect(stats.connected).to.equal(false);
    expect(stats.queued + stats.inFlight).to.be.at.most(100);
    expect(stats.dropped).to.equal(20_000 - stats.queued - stats.inFlight);
    accounted(sink, 20_000);

    const receiver = await ForwardReceiver.start(port);
    receivers.push(receiver);
    await waitFor(() => receiver.records.length === 100, { what: 'the kept records after Fluentd came back' });
    expect(receiver.records.map((entry) => entry.record.n)).to.deep.equal(
      Array.from({ length: 100 }, (_, i) => 19_900 + i),
    );
    accounted(sink, 20_000);
  });

  it('bounds the queue by bytes as well as by count', async () => {
    const sink = open({ host: '127.0.0.1', port: await freePort(), tag: 'agora.auth', maxQueuedBytes: 100_000 });
    const payload = 'x'.repeat(10_000);
    for (let n = 0; n < 1_000; n += 1) sink.write({ n, payload });
    const stats = sink.stats();
    expect(stats.queuedBytes).to.be.at.most(100_000);
    expect(stats.queued).to.be.at.most(10);
    accounted(sink, 1_000);
  });

  it('holds at most maxInFlight records in fluent-logger when Fluentd stops reading', async () => {
    const peers: net.Socket[] = [];
    const stalled = net.createServer((socket) => {
      peers.push(socket);
      socket.pause();
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const sink = open({
      host: '127.0.0.1',
      port: (stalled.address() as net.AddressInfo).port,
      tag: 'agora.payments',
      maxInFlight: 50,
      maxQueued: 500,
    });
    const payload = 'y'.repeat(4_000);
    let written = 0;
    let highestInFlight = 0;
    try {
      // Written over many event-loop turns, as a busy service would, so the socket gets to fill.
      for (let batch = 0; batch < 200 && sink.stats().dropped === 0; batch += 1) {
        for (let n = 0; n < 100; n += 1) sink.write({ n: written++, payload });
        highestInFlight = Math.max(highestInFlight, sink.stats().inFlight);
        await nextTurn();
      }
      const stats = sink.stats();
      expect(stats.dropped, 'records dropped once the stalled socket filled up').to.be.above(0);
      expect(highestInFlight).to.be.at.most(50);
      expect(stats.queued).to.be.at.most(500);
      accounted(sink, written);
    } finally {
      await sink.close(0);
      for (const peer of peers) peer.destroy();
      await new Promise<void>((resolve) => stalled.close(() => resolve()));
    }
  });

  it('warns periodically with the number of records dropped since the last warning', async () => {
    const stdout = new LogCollector();
    const sink = open({ host: '127.0.0.1', port: await freePort(), tag: 'agora.inventory', maxQueued: 10 });
    const log = createLogger({ service: 'inventory', stdout, sinks: [sink] });
    sink.reportDropsTo(log, 50);
    for (let n = 0; n < 25; n += 1) log.info({ n }, 'stock reserved');
    const warning = await waitFor(() => stdout.records().find((r) => r.event === 'log_forwarding_dropped'), {
      what: 'a dropped-records warning',
    });
    expect(warning).to.include({ level: 40, service: 'inventory', connected: false });
    // 25 records, 10 kept, and one may be out on the refused connection attempt when the timer fires.
    expect(warning.dropped)
      .to.equal(warning.dropped_total)
      .and.to.be.at.least(25 - 10 - 1);
  });

  it('forwards records already redacted: no password, token, card number or street address leaves the process', async () => {
    const receiver = await ForwardReceiver.start();
    receivers.push(receiver);
    const sink = open({ host: '127.0.0.1', port: receiver.port, tag: 'agora.auth' });
    const log = createLogger({ service: 'auth', stdout: new LogCollector(), sinks: [sink] });
    log.info(
      {
        body: { email: 'ada@example.com', password: 'hunter2hunter2', refreshToken: 'rt-opaque-123' },
        headers: { authorization: `Bearer ${JWT}` },
        card: { number: '4242424242424242', cvc: '123' },
        shippingAddress: { fullName: 'Ada Lovelace', line1: '12 Analytical St', city: 'London' },
      },
      `signed in with ${JWT}`,
    );
    const [entry] = await waitFor(
      () => (receiver.tagged('agora.auth').length > 0 ? receiver.tagged('agora.auth') : undefined),
      { what: 'the redacted record' },
    );
    const text = JSON.stringify(entry.record);
    for (const secret of [
      'hunter2hunter2',
      'rt-opaque-123',
      JWT,
      '4242424242424242',
      '12 Analytical St',
      'Ada Lovelace',
    ])
      expect(text).not.to.include(secret);
    expect(entry.record.body).to.deep.equal({ email: 'ada@example.com', password: REDACTED, refreshToken: REDACTED });
    expect(entry.record.msg).to.equal(`signed in with ${REDACTED}`);
    expect(entry.record.service).to.equal('auth');
  });
});
