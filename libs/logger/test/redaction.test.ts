import { expect } from 'chai';
import { createLogger, redact, REDACTED } from '@agora/logger';
import { LogCollector } from '@agora/test-kit';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlLXBhcnQ';

describe('logger: redaction', () => {
  it('redacts passwords and tokens whatever the key case', () => {
    const out = redact({
      password: 'hunter22',
      currentPassword: 'a',
      PasswordHash: 'b',
      accessToken: 'c',
      refresh_token_ok: 'kept',
      RefreshToken: 'd',
      secret: 'e',
      apiKey: 'f',
    });
    expect(out).to.deep.equal({
      password: REDACTED,
      currentPassword: REDACTED,
      PasswordHash: REDACTED,
      accessToken: REDACTED,
      refresh_token_ok: 'kept',
      RefreshToken: REDACTED,
      secret: REDACTED,
      apiKey: REDACTED,
    });
  });

  it('redacts authorization and cookie headers', () => {
    const out = redact({
      headers: {
        authorization: `Bearer ${JWT}`,
        Cookie: 'sid=1',
        'set-cookie': ['a=1'],
        'x-api-key': 'k',
        accept: 'application/json',
      },
    });
    expect(out).to.deep.equal({
      headers: {
        authorization: REDACTED,
        Cookie: REDACTED,
        'set-cookie': REDACTED,
        'x-api-key': REDACTED,
        accept: 'application/json',
      },
    });
  });

  it('masks Bearer credentials and JWT-looking strings inside free text', () => {
    const out = redact({ msg: 'called with Bearer abc.def-123 ok', note: `token was ${JWT} today` }) as Record<
      string,
      string
    >;
    expect(out.msg).to.equal(`called with Bearer ${REDACTED} ok`);
    expect(out.note).to.equal(`token was ${REDACTED} today`);
    expect(redact(JWT)).to.equal(REDACTED);
  });

  it('redacts card fields', () => {
    const out = redact({
      card: { number: '4242424242424242' },
      cardNumber: '4242',
      card_number: '4242',
      cvc: '123',
      CVV: '123',
      pan: '4242',
      brand: 'visa',
      last4: '4242',
    });
    expect(out).to.deep.equal({
      card: REDACTED,
      cardNumber: REDACTED,
      card_number: REDACTED,
      cvc: REDACTED,
      CVV: REDACTED,
      pan: REDACTED,
      brand: 'visa',
      last4: '4242',
    });
  });

  it('redacts the address fields that identify a person, keeping city and country', () => {
    const address = {
      fullName: 'Ada Lovelace',
      line1: '12 St James Sq',
      line2: 'Flat 2',
      city: 'London',
      postalCode: 'SW1Y',
      country: 'GB',
      phone: '+44 20',
    };
    expect(redact(address)).to.deep.equal({
      fullName: REDACTED,
      line1: REDACTED,
      line2: REDACTED,
      city: 'London',
      postalCode: 'SW1Y',
      country: 'GB',
      phone: REDACTED,
    });
    expect(redact({ shippingAddress: address, shipping_address: address })).to.deep.equal({
      shippingAddress: REDACTED,
      shipping_address: REDACTED,
    });
  });

  it('redacts deep inside nested objects and arrays', () => {
    const out = redact({ a: { b: [{ c: { password: 'p' } }, [{ token: 't' }], `Bearer ${JWT}`] } });
    expect(out).to.deep.equal({
      a: { b: [{ c: { password: REDACTED } }, [{ token: REDACTED }], `Bearer ${REDACTED}`] },
    });
  });

  it('survives cycles and leaves the input untouched', () => {
    const order: Record<string, unknown> = { id: 'o1', password: 'p' };
    order.self = order;
    order.items = [order];
    const out = redact(order) as Record<string, unknown>;
    expect(out).to.deep.equal({ id: 'o1', password: REDACTED, self: '[circular]', items: ['[circular]'] });
    expect(order.password).to.equal('p');
  });

  it('passes numbers, booleans, null and dates through', () => {
    const when = new Date('2025-01-01T00:00:00Z');
    expect(redact({ n: 1, b: false, z: null, u: undefined, when })).to.deep.equal({
      n: 1,
      b: false,
      z: null,
      u: undefined,
      when,
    });
  });
});

describe('logger: createLogger', () => {
  it('writes JSON lines to the stdout stand-in with service, level and message', () => {
    const stdout = new LogCollector();
    const log = createLogger({ service: 'orders', stdout });
    log.info({ event: 'order_created', orderId: 'o1' }, 'order created');
    const [record] = stdout.records();
    expect(record).to.include({
      service: 'orders',
      name: 'orders',
      event: 'order_created',
      orderId: 'o1',
      msg: 'order created',
      level: 30,
    });
  });

  it('redacts every record on stdout and in every sink', () => {
    const stdout = new LogCollector();
    const sunk: object[] = [];
    const log = createLogger({ service: 'auth', stdout, sinks: [{ write: (r) => sunk.push(r) }] });
    log.child({ req_id: 'r1' }).warn(
      {
        user: { email: 'a@b.c', password: 'hunter22' },
        headers: { authorization: `Bearer ${JWT}` },
        items: [{ cvc: '123' }],
        shippingAddress: { line1: 'x' },
      },
      `login with Bearer ${JWT}`,
    );
    expect(stdout.text()).not.to.match(/hunter22|eyJhbGci|"123"|"x"/);
    const [record] = stdout.records();
    expect(record.user).to.deep.equal({ email: 'a@b.c', password: REDACTED });
    expect(record.msg).to.equal(`login with Bearer ${REDACTED}`);
    expect(record.req_id).to.equal('r1');
    expect(sunk).to.have.length(1);
    expect(JSON.stringify(sunk[0])).to.equal(JSON.stringify(record));
  });

  it('keeps an error stack but masks a token in its message', () => {
    const stdout = new LogCollector();
    const log = createLogger({ service: 'aggregator', stdout });
    log.error({ err: new Error(`rejected ${JWT}`) }, 'verify failed');
    const [record] = stdout.records();
    expect(record.err.message).to.equal(`rejected ${REDACTED}`);
    expect(record.err.stack).to.be.a('string').and.not.include('eyJhbGci');
  });

  it('drops records below the configured level', () => {
    const stdout = new LogCollector();
    const log = createLogger({ service: 'payments', stdout, level: 'warn' });
    log.info('not kept');
    log.warn('kept');
    expect(stdout.records().map((r) => r.msg)).to.deep.equal(['kept']);
  });

  it('logs a record that holds a cycle without throwing', () => {
    const stdout = new LogCollector();
    const log = createLogger({ service: 'inventory', stdout });
    const cart: Record<string, unknown> = { id: 'c1' };
    cart.owner = { cart };
    log.info({ cart }, 'cart');
    expect(stdout.records()[0].cart).to.deep.equal({ id: 'c1', owner: { cart: '[circular]' } });
  });
});
