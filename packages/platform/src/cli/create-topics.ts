import { allTopics } from '@checkout/contracts';
import { infrastructureSettings, kafkaSecurityOf } from '../config/infrastructure';
import { loadConfigOrExit } from '../config/load-config';
import { createKafka } from '../kafka/kafka-client';
import { ensureTopics } from '../kafka/ensure-topics';
import { createLogger } from '../logger';

/** `checkout topics` (the Kubernetes topic-creation Job): creates every topic and DLQ that is missing. */
async function main(): Promise<void> {
  const { kafkaBrokers, logLevel, kafkaTls, kafkaCaFile, kafkaSaslMechanism, kafkaSaslUsername, kafkaSaslPassword } = infrastructureSettings;
  const config = loadConfigOrExit('topics', { kafkaBrokers, logLevel, kafkaTls, kafkaCaFile, kafkaSaslMechanism, kafkaSaslUsername, kafkaSaslPassword });
  const logger = createLogger({ service: 'topics', level: config.logLevel });
  const created = await ensureTopics(createKafka({ clientId: 'checkout-topics', brokers: config.kafkaBrokers, logger, security: kafkaSecurityOf(config) }), allTopics());
  logger.info({ created, total: allTopics().length }, created.length > 0 ? 'topics created' : 'all topics already exist');
  logger.flush();
}

main().catch((error: unknown) => {
  process.stderr.write(`topics: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
