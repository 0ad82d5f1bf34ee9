import { trace, type SpanContext } from '@opentelemetry/api';
import { expect } from 'chai';
import { createLogger, InMemoryEventBus } from '@checkout/platform';
import { eventBusContract } from '../../../test/adapter-contracts/event-bus.contract';
import { uniqueName } from '../../../test/support/infra';
import { recordedSpans, testTracer } from '../../../test/support/tracing';

eventBusContract(
  'InMemoryEventBus',
  async () => ({ bus: new InMemoryEventBus(createLogger({ service: 'test', level: 'silent' }), 3, 5), newTopic: async () => uniqueName('topic') }),
  (fixture) => fixture.bus.close(),
);

describe('InMemoryEventBus', () => {
  describe('trace context', () => {
    it('should run the handler in a consumer span of the publisher\'s trace', async () => {
      const recorder = recordedSpans();
      const bus = new InMemoryEventBus(createLogger({ service: 'test', level: 'silent' }), 3, 5);
      const topic = uniqueName('topic');
      let handledIn: SpanContext | undefined;
      let done!: () => void;
      const handled = new Promise<void>((resolve) => (done = resolve));
      await bus.subscribe({
        groupId: uniqueName('group'),
        topics: [topic],
        handler: async () => {
          handledIn = trace.getActiveSpan()?.spanContext();
          done();
        },
      });
      const published = await testTracer().startActiveSpan('publisher', async (span) => {
        await bus.publish(topic, [{ key: 'k', value: Buffer.from('v'), headers: {} }]);
        span.end();
        return span.spanContext();
      });
      await handled;
      await bus.close();
      expect(handledIn?.traceId).to.equal(published.traceId);
      const consumer = recorder.spans().find((span) => span.spanContext().spanId === handledIn?.spanId);
      expect(consumer?.name).to.equal(`process ${topic}`);
      expect(consumer?.parentSpanContext?.spanId).to.equal(published.spanId);
    });
  });
});
