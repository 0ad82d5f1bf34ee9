// docker compose's stand-in merchant: subscribes a webhook endpoint for its application at the
// gateway, then receives Checkout's webhooks, verifies each (Standard Webhooks) and logs it, so that
// `docker compose up` shows a webhook arriving. Runs from the Checkout image (its node_modules).
//   GATEWAY_URL  the gateway (http://gateway:8080)      JWT_HS256_SECRET  the development token secret
//   APPLICATION  whose events (demo-merchant)             PORT              where it listens (4000)
//   PUBLIC_URL   how the notifications service reaches it (http://localhost:4000: it shares that network namespace)
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.APP_DIR ?? '/app', 'package.json'));
const jwt = require('jsonwebtoken');
const { Webhook } = require('standardwebhooks');

const gateway = process.env.GATEWAY_URL ?? 'http://gateway:8080';
const port = Number(process.env.PORT ?? 4000);
const publicUrl = `${process.env.PUBLIC_URL ?? `http://localhost:${port}`}/webhooks`;
const application = process.env.APPLICATION ?? 'demo-merchant';
// Test mode, as the tokens `npm run token` signs: the stack's sandbox serves test sessions, whose events go to test endpoints.
const token = jwt.sign({ scope: 'webhooks:write webhooks:read', mode: 'test' }, process.env.JWT_HS256_SECRET, {
  algorithm: 'HS256',
  subject: application,
  issuer: process.env.JWT_ISSUER ?? 'checkout-dev',
  audience: process.env.JWT_AUDIENCE ?? 'checkout-api',
  expiresIn: '30d',
});
const api = async (method, route, body) => {
  const response = await fetch(`${gateway}${route}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
};
const log = (msg, fields = {}) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), service: 'merchant', msg, ...fields })}\n`);

let webhook;
const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health') return void response.writeHead(webhook ? 200 : 503).end();
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    let event;
    try {
      event = webhook.verify(Buffer.concat(chunks), request.headers);
    } catch (error) {
      log('webhook refused: its signature does not verify', { error: error.message });
      return void response.writeHead(400).end();
    }
    response.writeHead(204).end();
    const session = event.data.object;
    log(`webhook verified: ${event.type}`, { eventId: event.id, sessionId: session.sessionId, orderReference: session.orderReference, status: session.status, payment: session.payment?.reference ?? null });
  });
});
server.listen(port, () => log('listening', { port }));

// Subscribe, once the gateway answers; an endpoint left by an earlier run for the same URL goes first.
for (let attempt = 0; !webhook; attempt += 1) {
  try {
    const { data } = await api('GET', '/api/v1/webhook-endpoints?limit=100');
    for (const old of data.filter((endpoint) => endpoint.url === publicUrl)) await api('DELETE', `/api/v1/webhook-endpoints/${old.id}`);
    const endpoint = await api('POST', '/api/v1/webhook-endpoints', { url: publicUrl, enabledEvents: ['*'], description: 'docker compose merchant' });
    webhook = new Webhook(endpoint.secret);
    log('subscribed', { endpointId: endpoint.id, url: publicUrl, application });
  } catch (error) {
    if (attempt % 10 === 0) log('waiting for the gateway', { error: error.message });
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
process.on('SIGTERM', () => server.close(() => process.exit(0)));
