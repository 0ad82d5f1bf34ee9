import { existsSync } from 'node:fs';
import { flag, integer, list, oneOf, secret, text, url, type Setting } from './settings';

/**
 * Whether this process runs in a container (Kubernetes, or any Docker-like runtime): there, an unset
 * NODE_ENV means production, so that no check fails open for want of a variable.
 */
function runsInContainer(): boolean {
  return Boolean(process.env.KUBERNETES_SERVICE_HOST) || existsSync('/.dockerenv') || existsSync('/run/.containerenv');
}

/** The settings every service shares: where its infrastructure is and how much it logs. */
export const infrastructureSettings = {
  nodeEnv: {
    variable: 'NODE_ENV',
    description: 'production (the image sets it) refuses to start with development secrets, issuer or audience, permissive development flags, or plaintext connections',
    defaultText: 'production in a container, else development',
    parse: (raw: string | undefined): string => (raw?.trim() ? raw.trim() : runsInContainer() ? 'production' : 'development'),
  } satisfies Setting<string>,
  redisUrl: url('REDIS_URL', {
    description: 'Redis for idempotency keys and provider health signals',
    default: 'redis://127.0.0.1:6379',
    protocols: ['redis', 'rediss'],
  }),
  kafkaBrokers: list('KAFKA_BROKERS', {
    description: 'Kafka bootstrap brokers, comma separated host:port',
    default: ['127.0.0.1:9092'],
  }),
  mongoUrl: url('MONGO_URL', {
    description: 'MongoDB (or FerretDB) connection string',
    default: 'mongodb://127.0.0.1:27017',
    protocols: ['mongodb', 'mongodb+srv'],
  }),
  kafkaTls: flag('KAFKA_TLS', { description: 'Connect to the Kafka brokers over TLS', default: false }),
  kafkaCaFile: text('KAFKA_CA_FILE', { description: "PEM file of the CA that signed the brokers' certificates, when not a public one (with KAFKA_TLS)", default: '' }),
  kafkaSaslMechanism: oneOf('KAFKA_SASL_MECHANISM', ['none', 'plain', 'scram-sha-256', 'scram-sha-512'] as const, {
    description: 'SASL authentication to Kafka (with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD); plain only over KAFKA_TLS',
    default: 'none',
  }),
  kafkaSaslUsername: text('KAFKA_SASL_USERNAME', { description: 'Kafka SASL user', default: '' }),
  kafkaSaslPassword: secret('KAFKA_SASL_PASSWORD', { description: 'Kafka SASL password', default: '' }),
  redisCaFile: text('REDIS_CA_FILE', { description: "PEM file of the CA that signed Redis's certificate, for a rediss:// URL with a private CA", default: '' }),
  mongoDatabase: text('MONGO_DATABASE', { description: 'MongoDB database name (TLS and credentials go in MONGO_URL: mongodb://user:pass@host/?tls=true&tlsCAFile=…)', default: 'checkout' }),
  mongoTimeoutMs: integer('MONGO_TIMEOUT_MS', {
    description: 'Deadline of every MongoDB operation: past it the operation fails (a request answers 503, a consumer tries the message again)',
    default: 5000,
    min: 100,
    max: 120_000,
  }),
  redisCommandTimeoutMs: integer('REDIS_COMMAND_TIMEOUT_MS', {
    description: 'Deadline of every Redis command: past it the command fails (idempotency answers 503, rate limits fail open)',
    default: 1000,
    min: 50,
    max: 60_000,
  }),
  logLevel: oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, {
    description: 'pino log level',
    default: 'info',
  }),
};

export type KafkaSaslMechanism = 'none' | 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** How the services reach Kafka securely: TLS (with a private CA or not) and SASL. */
export interface KafkaSecurity {
  tls: boolean;
  caFile: string;
  sasl: { mechanism: Exclude<KafkaSaslMechanism, 'none'>; username: string; password: string } | null;
}

interface KafkaSecuritySettings {
  kafkaTls: boolean;
  kafkaCaFile: string;
  kafkaSaslMechanism: KafkaSaslMechanism;
  kafkaSaslUsername: string;
  kafkaSaslPassword: string;
}

export function kafkaSecurityOf(config: KafkaSecuritySettings): KafkaSecurity {
  return {
    tls: config.kafkaTls,
    caFile: config.kafkaCaFile,
    sasl: config.kafkaSaslMechanism === 'none' ? null : { mechanism: config.kafkaSaslMechanism, username: config.kafkaSaslUsername, password: config.kafkaSaslPassword },
  };
}

/** Settings of the infrastructure that are each valid but do not go together; every service refuses them at start-up. */
export function infrastructureProblems(config: Partial<KafkaSecuritySettings & { nodeEnv: string; redisUrl: string; redisCaFile: string; mongoUrl: string }>): string[] {
  const problems: string[] = [];
  if (config.nodeEnv === 'production') problems.push(...plaintextInProduction(config));
  if (config.kafkaSaslMechanism && config.kafkaSaslMechanism !== 'none' && (!config.kafkaSaslUsername || !config.kafkaSaslPassword)) {
    problems.push(`KAFKA_SASL_MECHANISM=${config.kafkaSaslMechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD.`);
  }
  if (config.kafkaSaslMechanism === 'plain' && config.kafkaTls === false) {
    problems.push('KAFKA_SASL_MECHANISM=plain sends the password in clear: set KAFKA_TLS=true, or use scram-sha-512.');
  }
  if (config.kafkaCaFile && config.kafkaTls === false) problems.push('KAFKA_CA_FILE is set but KAFKA_TLS is not: the CA would not be used.');
  if (config.redisCaFile && config.redisUrl && !config.redisUrl.startsWith('rediss://')) problems.push('REDIS_CA_FILE is set but REDIS_URL is not rediss:// (TLS): the CA would not be used.');
  return problems;
}

const DEVELOPMENT = 'or set NODE_ENV=development for a development deployment';

/** In production every connection is encrypted: Kafka over TLS, rediss://, MongoDB with TLS (as the prod overlay configures them). */
function plaintextInProduction(config: { kafkaTls?: boolean; redisUrl?: string; mongoUrl?: string }): string[] {
  const problems: string[] = [];
  if (config.kafkaTls === false) problems.push(`KAFKA_TLS is off: in production the brokers are reached over TLS (KAFKA_TLS=true), ${DEVELOPMENT}.`);
  if (config.redisUrl?.startsWith('redis://')) problems.push(`REDIS_URL is plaintext redis://: in production use rediss:// (TLS), ${DEVELOPMENT}.`);
  if (config.mongoUrl && !config.mongoUrl.startsWith('mongodb+srv://') && !/[?&](tls|ssl)=true\b/i.test(config.mongoUrl)) {
    problems.push(`MONGO_URL has no TLS: in production add tls=true (or use mongodb+srv://), ${DEVELOPMENT}.`);
  }
  return problems;
}
