import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger } from '@checkout/platform';
import { testTracer } from '../../../test/support/tracing';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line)) };
}

describe('createLogger', () => {
  it('should write JSON lines with the service, level label and message', () => {
    const out = capture();
    const logger = createLogger({ service: 'gateway', level: 'info', destination: out.stream });
    logger.info({ sessionId: 's-1' }, 'checkout created');
    logger.debug('not at this level');
    const [line, ...rest] = out.lines();
    expect(rest).to.be.empty;
    expect(line).to.include({ service: 'gateway', level: 'info', sessionId: 's-1', msg: 'checkout created' });
  });

  it('should redact customer PII and credentials wherever a caller puts them', () => {
    const out = capture();
    const logger = createLogger({ service: 'gateway', level: 'info', destination: out.stream });
    const customer = { firstName: 'Jane', lastName: 'Smith', email: 'jane.smith@example.com', phone: '+61412345678' };
    logger.info({ customer, request: { customer, token: 'eyJhbGciOi.secret' } }, 'one');
    logger.info({ req: { headers: { authorization: 'Bearer eyJhbGciOi.secret' } }, email: 'jane.smith@example.com' }, 'two');
    const text = out.lines().map((line) => JSON.stringify(line)).join('\n');
    for (const secret of ['Jane', 'Smith', 'jane.smith@example.com', '+61412345678', 'eyJhbGciOi']) {
      expect(text).not.to.contain(secret);
    }
    expect(text).to.contain('[redacted]');
  });

  it('should scrub personal data an error message or stack echoes', () => {
    const out = capture();
    const logger = createLogger({ service: 'provider', level: 'info', destination: out.stream });
    logger.error({ err: new Error('Invalid email address: jane.smith@example.com') }, 'provider attempt failed');
    const text = JSON.stringify(out.lines());
    expect(text).not.to.contain('jane.smith@example.com');
    expect(out.lines()[0]).to.have.nested.property('err.message', 'Invalid email address: [redacted]');
  });

  it('should carry the active span\'s trace_id and span_id, and none outside a span', () => {
    const out = capture();
    const logger = createLogger({ service: 'routing', level: 'info', destination: out.stream });
    const ids = testTracer().startActiveSpan('checkout.test', (span) => {
      logger.info('scored');
      span.end();
      return span.spanContext();
    });
    logger.info('idle');
    const [inside, outside] = out.lines();
    expect(inside).to.include({ trace_id: ids.traceId, span_id: ids.spanId });
    expect(ids.traceId).to.match(/^[0-9a-f]{32}$/);
    expect(outside).not.to.have.property('trace_id');
  });
});
