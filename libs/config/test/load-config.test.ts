import { expect } from 'chai';
import { ConfigError, commonShape, env, loadConfig, z } from '@agora/config';

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('config: loadConfig', () => {
  const shape = {
    ...commonShape,
    PORT: env.port(8081),
    INVENTORY_URL: env.url(),
    RESERVATION_TTL_SECONDS: env.int(900, 1, 86_400),
    ENABLE_SWEEPER: env.bool(true),
    REGION: env.string('eu'),
  };
  const required = { INVENTORY_URL: 'http://127.0.0.1:8082' };

  it('fails fast on a missing required variable, naming it', () => {
    const error = configErrorOf(() => loadConfig(shape, {}));
    expect(error.message).to.include('INVENTORY_URL');
    expect(error.problems).to.have.length(1);
  });

  it('names every bad variable in one error', () => {
    const error = configErrorOf(() =>
      loadConfig(shape, {
        ...required,
        PORT: 'eighty',
        ENABLE_SWEEPER: 'yes',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'postgres://x',
      }),
    );
    for (const name of ['PORT', 'ENABLE_SWEEPER', 'LOG_LEVEL', 'DATABASE_URL']) expect(error.message).to.include(name);
    expect(error.problems).to.have.length(4);
  });

  it('refuses a malformed URL and an out-of-range integer', () => {
    const error = configErrorOf(() =>
      loadConfig(shape, { INVENTORY_URL: 'not a url', RESERVATION_TTL_SECONDS: '0', PORT: '70000' }),
    );
    expect(error.problems.map((p) => p.split(':')[0]).sort()).to.deep.equal([
      'INVENTORY_URL',
      'PORT',
      'RESERVATION_TTL_SECONDS',
    ]);
  });

  it('refuses a non-integer where an integer is expected', () => {
    const error = configErrorOf(() => loadConfig(shape, { ...required, RESERVATION_TTL_SECONDS: '1.5' }));
    expect(error.message).to.include('RESERVATION_TTL_SECONDS');
  });

  it('applies defaults for variables that are not set', () => {
    const config = loadConfig(shape, { ...required });
    expect(config).to.include({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      AGORA_DATA_DIR: 'data',
      FLUENT_PORT: 24224,
      PORT: 8081,
      RESERVATION_TTL_SECONDS: 900,
      ENABLE_SWEEPER: true,
      REGION: 'eu',
    });
    expect(config.DATABASE_URL).to.equal(undefined);
    expect(config.FLUENT_HOST).to.equal(undefined);
  });

  it('coerces integers from their string form', () => {
    const config = loadConfig(shape, { ...required, PORT: '0', RESERVATION_TTL_SECONDS: '60' });
    expect(config.PORT).to.equal(0);
    expect(config.RESERVATION_TTL_SECONDS).to.equal(60);
  });

  for (const [raw, value] of [
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ] as const) {
    it(`reads the boolean "${raw}" as ${value}`, () => {
      expect(loadConfig(shape, { ...required, ENABLE_SWEEPER: raw }).ENABLE_SWEEPER).to.equal(value);
    });
  }

  it('accepts mysql, mariadb and sqlite database URLs', () => {
    for (const url of ['mysql://root@127.0.0.1:3306/agora', 'mariadb://root@db/agora', 'sqlite:/tmp/x.sqlite']) {
      expect(loadConfig(shape, { ...required, DATABASE_URL: url }).DATABASE_URL).to.equal(url);
    }
  });

  it('ignores variables the schema does not name', () => {
    const config = loadConfig({ NAME: z.string() }, { NAME: 'agora', PATH: '/usr/bin' });
    expect(config).to.deep.equal({ NAME: 'agora' });
  });
});
