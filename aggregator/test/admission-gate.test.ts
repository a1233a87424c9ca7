import { expect } from 'chai';
import { ConcurrencyGate, admissionClassOf } from '../src/api/admission.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('admission: the concurrency gate (unit)', () => {
  it('admits up to its concurrency, lines up to its queue, and refuses beyond at once', async () => {
    const gate = new ConcurrencyGate({ concurrency: 2, queue: 1, maxWaitMs: 60_000 });
    const first = await gate.enter();
    const second = await gate.enter();
    expect(first).to.be.a('function');
    expect(second).to.be.a('function');
    const third = gate.enter();
    await tick();
    expect(gate.queued).to.equal(1);
    expect(await gate.enter(), 'the line is full').to.equal(undefined);
    first!();
    const admitted = await third;
    expect(admitted, 'the released slot goes to the first in line').to.be.a('function');
    expect(gate.inFlight).to.equal(2);
    second!();
    admitted!();
    expect(gate.inFlight).to.equal(0);
  });

  it('serves the line in order and a release counts once however often it is called', async () => {
    const gate = new ConcurrencyGate({ concurrency: 1, queue: 10, maxWaitMs: 60_000 });
    const holder = (await gate.enter())!;
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) => gate.enter().then((release) => (order.push(n), release!)));
    await tick();
    holder();
    holder();
    expect(gate.inFlight, 'a second release of the same slot changes nothing').to.equal(1);
    for (const waiter of waiters) (await waiter)();
    expect(order).to.deep.equal([1, 2, 3]);
    expect(gate.inFlight).to.equal(0);
    expect(gate.queued).to.equal(0);
  });

  it('refuses a waiter after maxWaitMs, or sooner when its own deadline comes first, and drops it from the line', async () => {
    const gate = new ConcurrencyGate({ concurrency: 1, queue: 10, maxWaitMs: 30 });
    const holder = (await gate.enter())!;
    expect(await gate.enter(), 'waited maxWaitMs').to.equal(undefined);
    expect(await gate.enter(5), 'its deadline came first').to.equal(undefined);
    expect(await gate.enter(0), 'no time left at all: refused without waiting').to.equal(undefined);
    expect(gate.queued).to.equal(0);
    holder();
    expect(await gate.enter()).to.be.a('function');
  });

  it('classes requests: checkout, login/signup, other writes, reads', () => {
    expect(admissionClassOf('POST', '/api/v1/checkout')).to.equal('checkout');
    expect(admissionClassOf('POST', '/api/v1/auth/login')).to.equal('login');
    expect(admissionClassOf('POST', '/api/v1/auth/signup')).to.equal('login');
    expect(admissionClassOf('POST', '/api/v1/auth/refresh')).to.equal('writes');
    expect(admissionClassOf('PUT', '/api/v1/cart/items/x')).to.equal('writes');
    expect(admissionClassOf('GET', '/api/v1/products')).to.equal('reads');
  });
});
