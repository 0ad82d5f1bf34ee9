import { EXAMPLE_CREATE_SESSION_REQUEST } from '@checkout/contracts';

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** What `npm start` prints once it is ready: where it runs, a token, and a curl that works as printed. */
export function readyBanner(baseUrl: string, token: string, applicationId: string): string {
  const curl = [
    `curl -s -X POST ${shellQuote(`${baseUrl}/api/v1/sessions`)}`,
    `-H 'Content-Type: application/json'`,
    `-H 'Idempotency-Key: demo-0001'`,
    `-H ${shellQuote(`Authorization: Bearer ${token}`)}`,
    `-d ${shellQuote(JSON.stringify(EXAMPLE_CREATE_SESSION_REQUEST))}`,
  ].join(' ');
  return [
    '',
    `Checkout is running on ${baseUrl}`,
    '  embedded mode: gateway, routing, provider and notifications in one process, in-memory bus and stores, sandbox provider.',
    `  For the production shape (separate processes, real Kafka, Redis and FerretDB): npm run stack`,
    '',
    `Development token (application "${applicationId}", test mode, every scope, valid 24 h; docs/testing.md):`,
    token,
    '',
    'Create the example checkout session:',
    curl,
    '',
    `Read it back: curl -s ${shellQuote(`${baseUrl}/api/v1/sessions/<sessionId>`)} -H ${shellQuote(`Authorization: Bearer ${token}`)}`,
    '',
    `Get its events as signed webhooks: curl -s -X POST ${shellQuote(`${baseUrl}/api/v1/webhook-endpoints`)} -H 'Content-Type: application/json' -H ${shellQuote(`Authorization: Bearer ${token}`)} -d '{"url":"http://localhost:4000/webhooks","enabledEvents":["*"]}'`,
    `  (the answer's secret verifies them; docs/webhooks.md). The API: ${baseUrl}/docs`,
    '',
  ].join('\n');
}
