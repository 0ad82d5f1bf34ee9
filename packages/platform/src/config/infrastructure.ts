import { list, oneOf, text, url } from './settings';

/** The settings every service shares: where its infrastructure is and how much it logs. */
export const infrastructureSettings = {
  nodeEnv: text('NODE_ENV', {
    description: 'production (as the Docker image sets it) refuses to start with the public development secrets',
    default: 'development',
  }),
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
  mongoDatabase: text('MONGO_DATABASE', { description: 'MongoDB database name', default: 'checkout' }),
  logLevel: oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, {
    description: 'pino log level',
    default: 'info',
  }),
};
