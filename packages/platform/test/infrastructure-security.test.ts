import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { infrastructureProblems, infrastructureSettings, kafkaConnectionOptions, kafkaSecurityOf, loadConfig, redactedUrl } from '@checkout/platform';

describe('secure connections to the infrastructure', () => {
  const load = (env: Record<string, string>) => loadConfig(infrastructureSettings, { NODE_ENV: 'development', ...env });

  it('should connect in plaintext without settings, and read TLS, SASL and CA files from the environment', () => {
    const plain = load({});
    expect(kafkaConnectionOptions(kafkaSecurityOf(plain))).to.deep.equal({});
    const ca = path.join(mkdtempSync(path.join(tmpdir(), 'ca-')), 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const secure = load({ KAFKA_TLS: 'true', KAFKA_CA_FILE: ca, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'checkout', KAFKA_SASL_PASSWORD: 's3cret' });
    expect(kafkaConnectionOptions(kafkaSecurityOf(secure))).to.deep.equal({
      ssl: { ca: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'] },
      sasl: { mechanism: 'scram-sha-512', username: 'checkout', password: 's3cret' },
    });
    expect(kafkaConnectionOptions(kafkaSecurityOf(load({ KAFKA_TLS: 'true' })))).to.deep.equal({ ssl: true });
    expect(infrastructureProblems(secure)).to.deep.equal([]);
    expect(() => load({ KAFKA_SASL_MECHANISM: 'gssapi' })).to.throw(/KAFKA_SASL_MECHANISM/);
  });

  it('should refuse settings that do not go together, naming the variables', () => {
    expect(infrastructureProblems(load({ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'u' }))[0]).to.contain('KAFKA_SASL_PASSWORD');
    expect(infrastructureProblems(load({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }))[0]).to.contain('KAFKA_TLS=true');
    expect(infrastructureProblems(load({ KAFKA_CA_FILE: '/ca.pem' }))[0]).to.contain('KAFKA_CA_FILE');
    expect(infrastructureProblems(load({ REDIS_CA_FILE: '/ca.pem' }))[0]).to.contain('rediss://');
    expect(infrastructureProblems(load({ REDIS_CA_FILE: '/ca.pem', REDIS_URL: 'rediss://redis:6380' }))).to.deep.equal([]);
  });

  it('should refuse plaintext connections in production, and take TLS ones', () => {
    const production = load({ NODE_ENV: 'production', REDIS_URL: 'redis://redis:6379', MONGO_URL: 'mongodb://mongo:27017' });
    expect(infrastructureProblems(production).map((problem) => problem.split(' ')[0])).to.deep.equal(['KAFKA_TLS', 'REDIS_URL', 'MONGO_URL']);
    const encrypted = load({ NODE_ENV: 'production', KAFKA_TLS: 'true', REDIS_URL: 'rediss://redis:6380', MONGO_URL: 'mongodb://mongo:27017/?replicaSet=rs0&tls=true' });
    expect(infrastructureProblems(encrypted)).to.deep.equal([]);
    expect(infrastructureProblems({ ...encrypted, mongoUrl: 'mongodb+srv://cluster.example.net/' })).to.deep.equal([]);
    expect(infrastructureProblems({ ...production, nodeEnv: 'development' })).to.deep.equal([]);
  });

  it('should take an unset NODE_ENV as production in a container (Kubernetes)', () => {
    const previous = process.env.KUBERNETES_SERVICE_HOST;
    process.env.KUBERNETES_SERVICE_HOST = '10.0.0.1';
    try {
      expect(loadConfig(infrastructureSettings, {}).nodeEnv).to.equal('production');
      expect(loadConfig(infrastructureSettings, { NODE_ENV: 'development' }).nodeEnv).to.equal('development');
    } finally {
      if (previous === undefined) delete process.env.KUBERNETES_SERVICE_HOST;
      else process.env.KUBERNETES_SERVICE_HOST = previous;
    }
  });

  it('should never show a connection string password', () => {
    expect(redactedUrl('mongodb://checkout:s3cret@mongo-0.mongo:27017/?tls=true')).to.equal('mongodb://***:***@mongo-0.mongo:27017/?tls=true');
    expect(redactedUrl('rediss://:s3cret@redis:6380')).to.equal('rediss://:***@redis:6380');
    expect(redactedUrl('redis://127.0.0.1:6379')).to.equal('redis://127.0.0.1:6379');
  });
});
