import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger } from '@checkout/platform';

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

  it('should add the mixin fields to every line', () => {
    const out = capture();
    const logger = createLogger({
      service: 'routing',
      level: 'info',
      destination: out.stream,
      mixin: () => ({ trace_id: 'abc' }),
    });
    logger.info('scored');
    expect(out.lines()[0]).to.include({ trace_id: 'abc' });
  });
});
