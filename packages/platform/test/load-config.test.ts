import { expect } from 'chai';
import {
  ConfigError,
  describeConfig,
  flag,
  infrastructureSettings,
  integer,
  list,
  loadConfig,
  oneOf,
  port,
  secret,
  url,
} from '@checkout/platform';

describe('loadConfig', () => {
  const spec = {
    port: port('PORT', { description: 'HTTP port', default: 8080 }),
    budgetMs: integer('BUDGET_MS', { description: 'wait budget', default: 3000, min: 0, max: 60000 }),
    dev: flag('DEV', { description: 'development mode', default: false }),
    redisUrl: url('REDIS_URL', { description: 'Redis', protocols: ['redis'] }),
    brokers: list('BROKERS', { description: 'brokers', default: ['a:1'] }),
    mode: oneOf('MODE', ['fast', 'safe'] as const, { description: 'mode', default: 'safe' }),
    key: secret('KEY', { description: 'signing key', minLength: 8 }),
  };

  it('should apply defaults and parse every kind of value', () => {
    const config = loadConfig(spec, {
      REDIS_URL: 'redis://localhost:1',
      DEV: 'yes',
      BROKERS: 'x:1, y:2,',
      KEY: 'longenough',
      BUDGET_MS: '250',
    });
    expect(config).to.deep.equal({
      port: 8080,
      budgetMs: 250,
      dev: true,
      redisUrl: 'redis://localhost:1',
      brokers: ['x:1', 'y:2'],
      mode: 'safe',
      key: 'longenough',
    });
  });

  it('should report every bad variable by name at once', () => {
    let caught: unknown;
    try {
      loadConfig(spec, { PORT: '99999', BUDGET_MS: 'soon', DEV: 'maybe', REDIS_URL: 'http://x', MODE: 'turbo', KEY: 'short' });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).to.have.length(6);
    expect(problems[0]).to.match(/^PORT must be between 0 and 65535, got 99999/);
    expect(problems[1]).to.match(/^BUDGET_MS must be a whole number, got "soon"/);
    expect(problems[2]).to.match(/^DEV must be true or false/);
    expect(problems[3]).to.match(/^REDIS_URL must be a redis URL, got "http:"/);
    expect(problems[4]).to.match(/^MODE must be one of fast, safe, got "turbo"/);
    expect(problems[5]).to.match(/^KEY must be at least 8 characters/);
    expect((caught as Error).message).to.contain('PORT must be between');
  });

  it('should treat a missing required variable as an error naming it', () => {
    expect(() => loadConfig(spec, { KEY: 'longenough' })).to.throw(ConfigError, /REDIS_URL is required \(Redis\)/);
  });

  it('should never show a secret in the configuration table', () => {
    const rows = describeConfig({ ...infrastructureSettings, key: spec.key });
    expect(rows.find((row) => row.variable === 'KEY')?.default).to.equal('(required)');
    expect(rows.find((row) => row.variable === 'KAFKA_BROKERS')?.default).to.equal('127.0.0.1:9092');
    const withDefault = describeConfig({ key: secret('KEY', { description: 'k', default: 'hunter22' }) });
    expect(withDefault[0]?.default).to.equal('(secret)');
  });
});
