import { expect } from 'chai';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { withSpan } from '@checkout/telemetry';
import { recordedSpans, testTracer } from '../../../test/support/tracing';

describe('withSpan', () => {
  const recorder = recordedSpans();
  beforeEach(() => recorder.reset());

  it('should make the span active for the work, keep its attributes and end it', async () => {
    const result = await withSpan(testTracer(), 'checkout.test.step', { 'checkout.session.id': 's-1' }, async (span) => {
      span.setAttribute('checkout.outcome', 'done');
      return trace.getActiveSpan()?.spanContext().spanId;
    });
    const [span] = recorder.spans();
    expect(span?.name).to.equal('checkout.test.step');
    expect(result).to.equal(span?.spanContext().spanId);
    expect(span?.attributes).to.deep.equal({ 'checkout.session.id': 's-1', 'checkout.outcome': 'done' });
    expect(span?.status.code).to.not.equal(SpanStatusCode.ERROR);
  });

  it('should record a failure as an exception event with error status, end the span and rethrow', async () => {
    const failure = await withSpan(testTracer(), 'checkout.test.failing', {}, async () => {
      throw new Error('provider down');
    }).catch((error: Error) => error);
    expect(failure).to.be.an('error').with.property('message', 'provider down');
    const [span] = recorder.spans();
    expect(span?.status).to.deep.equal({ code: SpanStatusCode.ERROR, message: 'provider down' });
    expect(span?.events.map((event) => [event.name, event.attributes?.['exception.message']])).to.deep.equal([['exception', 'provider down']]);
    expect(span?.ended).to.equal(true);
  });

  it('should keep personal data a failure message echoes out of the span', async () => {
    await withSpan(testTracer(), 'checkout.provider.attempt', {}, async () => {
      throw new Error('Invalid email address: jane.smith@example.com');
    }).catch(() => undefined);
    const [span] = recorder.spans();
    expect(JSON.stringify({ status: span?.status, events: span?.events })).not.to.contain('jane.smith@example.com');
    expect(span?.status.message).to.equal('Invalid email address: [redacted]');
  });
});
