import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { EXAMPLE_CREATE_SESSION_REQUEST } from '@checkout/contracts';
import { startEmbedded, stopProcess } from '../support/embedded';
import { eventually } from '../support/eventually';
import { freePort } from '../support/services';
import { pressOnSandboxPage } from '../support/sandbox-page';

const ROOT = path.resolve(__dirname, '../..');

describe("docker compose's stand-in merchant (scripts/compose/merchant-receiver.mjs), against the embedded gateway", function () {
  this.timeout(60_000);

  it('should subscribe itself, then log each webhook it verifies, replacing its earlier endpoint when it restarts', async () => {
    const embedded = await startEmbedded();
    const port = await freePort();
    const env = { ...process.env, APP_DIR: ROOT, GATEWAY_URL: embedded.url, PORT: String(port), JWT_HS256_SECRET: 'checkout-local-development-secret-not-for-production' };
    const run = () => {
      const child = spawn(process.execPath, [path.join(ROOT, 'scripts/compose/merchant-receiver.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const state = { output: '', child };
      child.stdout!.on('data', (chunk: Buffer) => (state.output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (state.output += chunk.toString()));
      return state;
    };
    const endpoints = async () => ((await (await fetch(`${embedded.url}/api/v1/webhook-endpoints`, { headers: { authorization: `Bearer ${embedded.token}` } })).json()) as { data: unknown[] }).data;
    let merchant = run();
    try {
      await eventually(async () => expect(merchant.output).to.contain('"msg":"subscribed"'), 20_000);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).to.equal(200);
      await stopProcess(merchant.child);
      merchant = run();
      await eventually(async () => expect(merchant.output).to.contain('"msg":"subscribed"'), 20_000);
      expect(await endpoints(), 'one endpoint, not one per start').to.have.length(1);

      const created = await fetch(`${embedded.url}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${embedded.token}`, 'idempotency-key': `compose-${Date.now()}` },
        body: JSON.stringify(EXAMPLE_CREATE_SESSION_REQUEST),
      });
      const session = (await created.json()) as { sessionId: string; checkoutUrl: string };
      expect((await pressOnSandboxPage(session.checkoutUrl, 'pay')).status).to.equal(303);
      await eventually(async () => expect(merchant.output).to.match(/"msg":"webhook verified: checkout\.session\.completed".*"status":"COMPLETED","payment":"sbpay_/), 20_000);
      expect(merchant.output).to.contain(session.sessionId);
      const forged = await fetch(`http://127.0.0.1:${port}/webhooks`, { method: 'POST', headers: { 'webhook-id': 'evt_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,Zm9yZ2Vk' }, body: '{}' });
      expect(forged.status).to.equal(400);
    } finally {
      await stopProcess(merchant.child);
      await stopProcess(embedded.process);
    }
  });
});
