import { EXAMPLE_CREATE_SESSION_REQUEST } from '@checkout/contracts';

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The console's address with the tokens in its fragment: the browser keeps the fragment to itself
 * (it is in no request line, no server log), and the console moves the tokens into the tab's
 * sessionStorage and clears it from the address bar.
 */
export function consoleUrl(baseUrl: string, tokens: string[]): string {
  return `${baseUrl}/console/#${tokens.map((token) => `token=${token}`).join('&')}`;
}

/** What `npm start` prints once it is ready: where it runs, a token, a curl that works as printed, and the console signed in. */
export function readyBanner(baseUrl: string, token: string, applicationId: string, liveToken?: string): string {
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
    `Console (signed in, test and live mode; docs/console.md): ${consoleUrl(baseUrl, liveToken ? [token, liveToken] : [token])}`,
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
