import { expect } from 'chai';
import { metrics } from '@opentelemetry/api';
import { connectInfrastructure, createLogger, GracefulShutdown, type InfrastructureConfig } from '@checkout/platform';
import { infra, uniqueName } from '../../../../test/support/infra';

describe('connectInfrastructure (real Redis, Kafka and MongoDB wire server)', function () {
  this.timeout(60_000);
  const logger = createLogger({ service: 'test', level: 'silent' });
  const config: InfrastructureConfig = {
    kafkaBrokers: infra.kafkaBrokers,
    kafkaTls: false,
    kafkaCaFile: '',
    kafkaSaslMechanism: 'none',
    kafkaSaslUsername: '',
    kafkaSaslPassword: '',
    mongoUrl: infra.mongoUrl,
    mongoDatabase: uniqueName('bootstrap').replace(/-/g, '_'),
    mongoTimeoutMs: 5000,
    redisCommandTimeoutMs: 1000,
    redisUrl: infra.redisUrl,
  };

  it('should connect what a service needs, check each connection, and close them all in order on shutdown', async () => {
    const all = await connectInfrastructure('bootstrap-test', config, { redis: true, mongo: true }, logger, metrics.getMeter('test'));
    expect(all.checks.map((check) => check.name)).to.deep.equal(['redis', 'mongodb', 'kafka']);
    for (const { check } of all.checks) await check();
    expect(await all.redis.ping()).to.equal('PONG');
    const exits: number[] = [];
    const shutdown = new GracefulShutdown(logger, 10_000, (code) => exits.push(code));
    all.closeOnShutdown(shutdown);
    await shutdown.shutdown('test');
    expect(exits).to.deep.equal([0]);
    if (all.redis.status !== 'end') await new Promise((resolve) => all.redis.once('end', resolve)); // quit answered; the socket closes next
    expect(all.redis.status).to.equal('end');
    await all.mongo.db.command({ ping: 1 }).then(
      () => expect.fail('MongoDB should be closed'),
      (error: Error) => expect(error.message).to.match(/must be connected|closed/i),
    );

    const kafkaOnly = await connectInfrastructure('bootstrap-test', config, { redis: false, mongo: false }, logger, metrics.getMeter('test'));
    expect(kafkaOnly.checks.map((check) => check.name)).to.deep.equal(['kafka']);
    expect(kafkaOnly).not.to.have.property('redis');
    expect(kafkaOnly).not.to.have.property('mongo');
    await kafkaOnly.bus.close();
  });
});
