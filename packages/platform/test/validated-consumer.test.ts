import { expect } from 'chai';
import { ContractValidator, encodeEvent, EventTypes, type CloudEvent } from '@checkout/contracts';
import { createLogger, validatedConsumer, type IncomingMessage } from '@checkout/platform';
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
    expect(publisher.published[0]?.message.headers).to.include({ dlq_source_topic: 'checkout.session.outcome', dlq_source_partition: '2', dlq_source_offset: '41' });
  });

  it('should let a handler failure propagate so the message is delivered again', async () => {
    const publisher = new RecordingPublisher();
    const handler = validatedConsumer({
      publisher,
      validator: new ContractValidator(),
      logger: createLogger({ service: 'test', level: 'silent' }),
      handlers: { [EventTypes.sessionFailed]: async () => { throw new Error('mongo down'); } },
    });
    let caught: unknown;
    await handler(incoming(encodeEvent(EventTypes.sessionFailed, 'urn:test', 's', failed))).catch((e: unknown) => (caught = e));
    expect((caught as Error).message).to.equal('mongo down');
    expect(publisher.published).to.be.empty;
  });
});
