import { scrubPersonalData } from '@checkout/telemetry';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { readFileSync } from 'node:fs';
import type { KafkaConfig } from 'kafkajs';
import type { KafkaSecurity } from '../config/infrastructure';
import type { Logger } from '../logger';

export interface KafkaClientOptions {
  clientId: string;
  brokers: readonly string[];
  logger: Logger;
  /** TLS and SASL; plaintext without. */
  security?: KafkaSecurity;
}

/** kafkajs's `ssl` and `sasl` options for `security`. */
export function kafkaConnectionOptions(security: KafkaSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  if (!security) return {};
  const ssl = security.tls ? (security.caFile ? { ca: [readFileSync(security.caFile, 'utf8')] } : true) : undefined;
  return { ...(ssl ? { ssl } : {}), ...(security.sasl ? { sasl: { ...security.sasl } as KafkaConfig['sasl'] } : {}) };
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export function createKafka(options: KafkaClientOptions): Kafka {
  const logger = options.logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...kafkaConnectionOptions(options.security),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 100, retries: 10 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        // kafkajs puts a failed handler's error message and stack here as plain strings.
        for (const [key, value] of Object.entries(extra)) if (typeof value === 'string') extra[key] = scrubPersonalData(value);
        logger[LEVELS[level] ?? 'info'](extra, message);
      },
  });
}
