// A merchant's backend with @checkout/client: receives Checkout's webhooks (verified), subscribes to
// them, creates a checkout session and waits for the shopper to pay.
//   CHECKOUT_URL=http://localhost:8080 CHECKOUT_TOKEN=$(npm run -s token -- --app demo-merchant) node docs/examples/merchant.mjs
import { createServer } from 'node:http';
import { Checkout, CheckoutError, WebhookVerificationError } from '@checkout/client';

const checkout = new Checkout({ baseUrl: process.env.CHECKOUT_URL ?? 'http://localhost:8080', token: process.env.CHECKOUT_TOKEN });
const port = Number(process.env.PORT ?? 4000);
let secret;

// 1. The webhook receiver: verify the raw body, answer at once, then act.
const receiver = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    let event;
    try {
      event = checkout.webhooks.verify(Buffer.concat(chunks), request.headers, secret);
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      response.writeHead(400).end();
      return;
    }
    response.writeHead(204).end();
    const session = event.data.object;
    console.log(`${event.type}: order ${session.orderReference} is ${session.status}${session.payment ? ` (payment ${session.payment.reference})` : ''}`);
    if (event.type === 'checkout.session.completed') receiver.close();
  });
});
await new Promise((resolve) => receiver.listen(port, resolve));

// 2. Subscribe it (once, in real life: keep the secret in your secret store).
const endpoint = await checkout.webhookEndpoints.create({ url: `http://localhost:${port}/webhooks/checkout`, enabledEvents: ['*'] });
secret = endpoint.secret;

// 3. Create the session: retries and the 202 are handled, with one Idempotency-Key.
try {
  const session = await checkout.sessions.create({
    orderReference: `ORD-${Date.now()}`,
    paymentMethod: 'card',
    currency: 'AUD',
    amount: { total: 140.86, shipping: 9.95, tax: 10.91 },
    orderItems: [{ name: 'Wireless Headphones', sku: 'WH-100', quantity: 1, unitPrice: 120 }],
    customer: { firstName: 'Jane', lastName: 'Smith', email: 'jane.smith@example.com' },
    redirectUrls: { success: 'http://localhost:3000/thanks', failure: 'http://localhost:3000/cart' },
  });
  console.log(`send the shopper to ${session.checkoutUrl}`);
} catch (error) {
  if (error instanceof CheckoutError) console.error(`${error.status} ${error.code}: ${error.detail}`, error.errors);
  receiver.close();
  process.exitCode = 1;
}
