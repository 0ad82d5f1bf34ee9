import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { SpanStatusCode } from '@opentelemetry/api';
import { createLogger, DependencyUnavailable, notFoundProblem, problemHandler } from '@checkout/platform';
import { recordedSpans, testTracer } from '../../../test/support/tracing';

describe('problemHandler and notFoundProblem', () => {
  let server: Server;
  let base: string;
  const logged: string[] = [];

  before(async () => {
    const logger = createLogger({
      service: 'test',
      level: 'error',
      destination: new Writable({ write: (chunk: Buffer, _e, done) => void (logged.push(chunk.toString()), done()) }),
    });
    const app = express();
    app.post('/raw', express.raw({ type: () => true, limit: 10 }), (_request, response) => void response.send('ok'));
    app.post('/json', express.json(), (_request, response) => void response.send('ok'));
    app.get('/boom', () => {
      throw new Error('database down');
    });
    app.get('/unreachable', () => {
      throw new DependencyUnavailable('MongoDB', 'MongoDB: connect ECONNREFUSED 127.0.0.1:27017');
    });
    app.use(notFoundProblem);
    app.use(problemHandler(logger));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  async function answer(path: string, init?: RequestInit) {
    const response = await fetch(`${base}${path}`, init);
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  }

  it('should answer an unknown route with a 404 problem', async () => {
    const { status, type, body } = await answer('/nowhere?x=1');
    expect([status, type]).to.deep.equal([404, 'application/problem+json']);
    expect(body).to.include({ code: 'not_found', detail: 'Nothing is served at GET /nowhere.' });
  });

  it('should answer request-body errors with their 4xx problem', async () => {
    expect((await answer('/raw', { method: 'POST', body: 'x'.repeat(100) })).body).to.include({ status: 413, code: 'payload_too_large' });
    const malformed = await answer('/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(malformed.body).to.include({ status: 400, code: 'malformed_json' });
  });

  it('should answer a dependency that cannot be reached with 503 and Retry-After, naming it but not its address', async () => {
    const response = await fetch(`${base}/unreachable`);
    expect([response.status, response.headers.get('content-type'), response.headers.get('retry-after')]).to.deep.equal([503, 'application/problem+json', '1']);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).to.include({ code: 'service_unavailable', detail: 'MongoDB cannot be reached just now; retry.' });
  });

  it('should answer our own failure with a logged 500 problem, never an HTML page', async () => {
    const { status, type, body } = await answer('/boom');
    expect([status, type]).to.deep.equal([500, 'application/problem+json']);
    expect(body).to.include({ code: 'internal_error' });
    expect(body.detail).not.to.contain('database down');
    expect(logged.join('')).to.contain('database down');
  });

  it('should record our own failure on the request\'s span, as an exception with error status', () => {
    const recorder = recordedSpans();
    recorder.reset();
    const logger = createLogger({ service: 'test', level: 'silent' });
    const response = { headersSent: false, writeHead: () => response, end: () => response } as unknown as ServerResponse;
    testTracer().startActiveSpan('POST /api/v1/sessions', (span) => {
      problemHandler(logger)(new Error('database down'), { method: 'POST', url: '/api/v1/sessions' } as IncomingMessage, response, () => undefined);
      span.end();
    });
    const [span] = recorder.spans();
    expect(span?.status).to.deep.equal({ code: SpanStatusCode.ERROR, message: 'database down' });
    expect(span?.events.map((event) => event.name)).to.deep.equal(['exception']);
  });
});
