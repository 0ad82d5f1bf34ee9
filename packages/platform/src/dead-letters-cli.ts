import { deadLetterTopic, Topics } from '@checkout/contracts';
import { infrastructureSettings, kafkaSecurityOf } from './config/infrastructure';
import { loadConfigOrExit } from './config/load-config';
import { createKafka } from './kafka/kafka-client';
import { readDeadLetters, redriveDeadLetters } from './kafka/dead-letters';
import { createLogger } from './logger';

const USAGE = `Usage: npm run dead-letters -- <command> <topic> [offsets]
  list <topic>                 the dead letters of <topic>.dlq, one JSON line each (offset, key, cause, reason, attempts, group, source, time)
  redrive <topic> <offsets|all> publish those dead letters back to <topic>, as first sent: "all", or offsets like 3,5,8-12
<topic> is one of ${Object.values(Topics).join(', ')}. Kafka is found as the services find it (KAFKA_BROKERS, KAFKA_TLS, KAFKA_SASL_*).`;

/** The offsets an argument names: "all", or a list of offsets and ranges. */
function selected(argument: string | undefined): (offset: string) => boolean {
  if (!argument) throw new Error('say which dead letters to redrive: "all", or offsets like 3,5,8-12');
  if (argument === 'all') return () => true;
  const ranges = argument.split(',').map((part) => {
    const [from, to = from] = part.split('-').map(Number);
    if (!Number.isInteger(from) || !Number.isInteger(to)) throw new Error(`not an offset or range: ${part}`);
    return [from!, to!] as const;
  });
  return (offset) => ranges.some(([from, to]) => Number(offset) >= from && Number(offset) <= to);
}

async function main(): Promise<void> {
  const [command, topic, offsets] = process.argv.slice(2);
  if (!command || !topic || !['list', 'redrive'].includes(command) || !(Object.values(Topics) as string[]).includes(topic)) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(64);
  }
  const { kafkaBrokers, kafkaTls, kafkaCaFile, kafkaSaslMechanism, kafkaSaslUsername, kafkaSaslPassword } = infrastructureSettings;
  const config = loadConfigOrExit('dead-letters', { kafkaBrokers, kafkaTls, kafkaCaFile, kafkaSaslMechanism, kafkaSaslUsername, kafkaSaslPassword });
  const kafka = createKafka({ clientId: 'dead-letters', brokers: config.kafkaBrokers, logger: createLogger({ service: 'dead-letters', level: 'warn' }), security: kafkaSecurityOf(config) });
  const letters = await readDeadLetters(kafka, deadLetterTopic(topic));
  if (command === 'list') {
    for (const { message: _message, ...letter } of letters) process.stdout.write(`${JSON.stringify(letter)}\n`);
    return;
  }
  const chosen = letters.filter((letter) => selected(offsets)(letter.offset));
  const redriven = await redriveDeadLetters(kafka, chosen);
  process.stdout.write(`redrove ${redriven} dead letter(s) of ${deadLetterTopic(topic)} to ${topic}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`dead-letters: ${(error as Error).message}\n`);
  process.exit(1);
});
