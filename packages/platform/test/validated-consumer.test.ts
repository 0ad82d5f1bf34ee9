import { expect } from 'chai';
import { ContractValidator, encodeEvent, EventTypes, type CloudEvent } from '@checkout/contracts';
import { createLogger, MongoUnavailable, validatedConsumer, type IncomingMessage } from '@checkout/platform';
import { IllegalMoveError } from '@checkout/sessions';
import { rejection } from '../../../test/support/rejection';
import { testMeter } from '../../../test/support/test-meter';
import { RecordingPublisher } from '../../../test/support/recording-publisher';

const failed = {
  sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9',
  applicationId: 'app',
  currency: 'AUD',
  code: 'no_eligible_provider' as const,
  detail: 'none',
  attempts: [],
};

function incoming(message: ReturnType<typeof encodeEvent>): IncomingMessage {
  return { ...message, topic: 'checkout.session.outcome', partition: 2, offset: '41' };
}

describe('validatedConsumer', () => {
  const setup = () => {
    const publisher = new RecordingPublisher();
    const handled: CloudEvent[] = [];
    const handler = validatedConsumer({
      groupId: 'gateway',
      publisher,
      validator: new ContractValidator(),
      logger: createLogger({ service: 'test', level: 'silent' }),
      handlers: { [EventTypes.sessionFailed]: async (event) => void handled.push(event) },
    });
    return { publisher, handled, handler };
  };

  it('should hand a valid event to the handler of its type', async () => {
    const { publisher, handled, handler } = setup();
    await handler(incoming(encodeEvent(EventTypes.sessionFailed, 'urn:test', failed.sessionId, failed)));
    expect(handled).to.have.length(1);
    expect(handled[0]?.data).to.deep.equal(failed);
    expect(publisher.published).to.be.empty;
  });

  it('should dead-letter an invalid payload, an unexpected type and a broken envelope, with the reason', async () => {
    const { publisher, handled, handler } = setup();
    await handler(incoming(encodeEvent(EventTypes.sessionFailed, 'urn:test', 's', { ...failed, code: 'oops' as never })));
    await handler(incoming(encodeEvent(EventTypes.sessionRequested, 'urn:test', 's', {} as never)));
    await handler({ ...incoming(encodeEvent(EventTypes.sessionFailed, 'urn:test', 's', failed)), headers: {} });
    expect(handled).to.be.empty;
    expect(publisher.published.map((p) => p.topic)).to.deep.equal(Array(3).fill('checkout.session.outcome.dlq'));
    const reasons = publisher.published.map((p) => p.message.headers.dlq_reason);
    expect(reasons[0]).to.match(/^invalid dev.checkout.session.failed.v1 payload: \/code must be one of/);
    expect(reasons[1]).to.equal('event type dev.checkout.session.requested.v1 is not expected on checkout.session.outcome');
    expect(reasons[2]).to.match(/ce_specversion/);
    expect(publisher.published[0]?.message.headers).to.include({ dlq_source_topic: 'checkout.session.outcome', dlq_source_partition: '2', dlq_source_offset: '41', dlq_cause: 'invalid', dlq_attempts: '0', dlq_group: 'gateway' });
  });

  const failing = (failure: () => Error, retries = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 }) => {
    const publisher = new RecordingPublisher();
    const metered = testMeter();
    let calls = 0;
    const handler = validatedConsumer({
      groupId: 'provider',
      publisher,
      validator: new ContractValidator(),
      logger: createLogger({ service: 'test', level: 'silent' }),
      handlers: {
        [EventTypes.sessionFailed]: async () => {
          calls += 1;
          throw failure();
        },
      },
      retries,
      meter: metered.meter,
    });
    const deadLetters = async () => (await metered.points('checkout.messages.dead_lettered')).map((point) => point.attributes['checkout.dead_letter.cause']);
    return { publisher, handler, deadLetters, calls: () => calls };
  };
  const message = () => incoming(encodeEvent(EventTypes.sessionFailed, 'urn:test', 's', failed));

  it('should let a dependency outage propagate, so the message is delivered again and nothing is dead-lettered', async () => {
    const { publisher, handler, calls } = failing(() => new MongoUnavailable('MongoDB: connection refused'));
    expect((await rejection(handler(message()), MongoUnavailable)).message).to.equal('MongoDB: connection refused');
    expect(calls()).to.equal(1);
    expect(publisher.published).to.be.empty;
  });

  it('should dead-letter a permanent failure at once, with the error, the attempts and where it came from', async () => {
    const { publisher, handler, deadLetters, calls } = failing(() => new IllegalMoveError('a session cannot move from PENDING to PROCESSING'));
    await handler(message());
    expect(calls()).to.equal(1);
    expect(await deadLetters()).to.deep.equal(['permanent']);
    expect(publisher.published.map((p) => p.topic)).to.deep.equal(['checkout.session.outcome.dlq']);
    expect(publisher.published[0]?.message.headers).to.include({
      dlq_reason: 'a session cannot move from PENDING to PROCESSING',
      dlq_cause: 'permanent',
      dlq_error: 'IllegalMoveError',
      dlq_attempts: '1',
      dlq_group: 'provider',
      dlq_source_topic: 'checkout.session.outcome',
      dlq_source_partition: '2',
      dlq_source_offset: '41',
    });
    expect(publisher.published[0]?.message.value).to.deep.equal(message().value);
  });

  it('should try a message failing for an unknown reason maxAttempts times, then dead-letter it and move on', async () => {
    const { publisher, handler, deadLetters, calls } = failing(() => new TypeError("Cannot read properties of undefined (reading 'x')"));
    await handler(message());
    expect(calls()).to.equal(3);
    expect(await deadLetters()).to.deep.equal(['exhausted']);
    expect(publisher.published[0]?.message.headers).to.include({ dlq_cause: 'exhausted', dlq_error: 'TypeError', dlq_attempts: '3' });
  });

  it('should not dead-letter a message that succeeds on a later attempt', async () => {
    const publisher = new RecordingPublisher();
    let calls = 0;
    const handler = validatedConsumer({
      groupId: 'provider',
      publisher,
      validator: new ContractValidator(),
      logger: createLogger({ service: 'test', level: 'silent' }),
      handlers: {
        [EventTypes.sessionFailed]: async () => {
          calls += 1;
          if (calls < 3) throw new Error('flaky');
        },
      },
      retries: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 2 },
    });
    await handler(message());
    expect(calls).to.equal(3);
    expect(publisher.published).to.be.empty;
  });
});
