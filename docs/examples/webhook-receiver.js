// A merchant's webhook receiver: verifies each Checkout webhook with the standardwebhooks package.
// CHECKOUT_WEBHOOK_SECRET=whsec_… PORT=4000 node webhook-receiver.js
const express = require('express');
const { Webhook } = require('standardwebhooks');

const webhook = new Webhook(process.env.CHECKOUT_WEBHOOK_SECRET); // "whsec_…"
const seen = new Set();
const app = express();

app.post('/webhooks/checkout', express.raw({ type: 'application/json' }), (req, res) => {
  let event;
  try {
    event = webhook.verify(req.body, req.headers); // throws unless the signature and timestamp hold
  } catch {
    return res.status(400).send('bad signature');
  }
  res.sendStatus(204); // answer fast, then do the work
  if (seen.has(event.id)) return; // at least once: the same webhook-id may come again
  seen.add(event.id);
  if (event.type === 'checkout.session.completed') {
    const session = event.data.object;
    console.log(`order ${session.orderReference} paid: ${session.payment.reference}`);
  }
});

app.listen(Number(process.env.PORT ?? 4000), () => console.log('listening'));
