import { expect } from 'chai';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { promisify } from 'node:util';
import { parsePrometheus, samplesOf } from '../support/prometheus';
import { freePort } from '../support/services';
import { seedBody } from '../support/seed';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

describe('npm start (the embedded default), used as the README says', function () {
  this.timeout(120_000);
  let child: ChildProcess;
  let output = '';
  let port: number;

  before(async () => {
    port = await freePort();
    // Its own process group, so that Ctrl-C can reach npm and everything under it, as in a terminal.
    child = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 90_000;
    while (!/^curl -s -X POST/m.test(output)) {
      if (child.exitCode !== null) throw new Error(`npm start exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start printed no curl within 90 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  const pressCtrlC = () => process.kill(-child.pid!, 'SIGINT');

  after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      pressCtrlC();
      await once(child, 'exit');
    }
  });

  it('should print a curl that sends exactly the seed request', () => {
    const curl = output.split('\n').find((line) => line.startsWith('curl -s -X POST'))!;
    const body = curl.slice(curl.indexOf(" -d '") + 5, curl.lastIndexOf("'"));
    expect(JSON.parse(body)).to.deep.equal(seedBody());
  });

  it('should print its URL, a token and a curl that gives the seed 201 as printed; GET then returns the session', async () => {
    expect(output).to.contain(`Checkout is running on http://127.0.0.1:${port}`);
    const lines = output.split('\n');
    const token = lines[lines.findIndex((line) => line.startsWith('Development token')) + 1]!;
    expect(token).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const curl = lines.find((line) => line.startsWith('curl -s -X POST'))!;

    const { stdout } = await run('bash', ['-c', curl]);
    const created = JSON.parse(stdout);
    expect(Object.keys(created)).to.deep.equal(['sessionId', 'checkoutUrl', 'status', 'routing', 'expiresAt', 'createdAt']);
    expect(created.status).to.equal('PENDING');
    expect(created.routing.selectedProvider).to.equal('sandbox');
    expect(created.checkoutUrl).to.match(new RegExp(`^http://127\\.0\\.0\\.1:${port}/sandbox/checkout/sbx_`));

    const read = await fetch(`http://127.0.0.1:${port}/api/v1/sessions/${created.sessionId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).to.equal(200);
    expect(await read.json()).to.include({ sessionId: created.sessionId, status: 'PENDING', orderReference: 'ORD-2024-001' });

    const again = JSON.parse((await run('bash', ['-c', curl])).stdout);
    expect(again).to.deep.equal(created);
  });

  it('should serve its metrics at /metrics, with the sessions just created', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).to.equal(200);
    const samples = parsePrometheus(await response.text());
    const total = (name: string, labels: Record<string, string>) => samplesOf(samples, name, labels).reduce((sum, sample) => sum + sample.value, 0);
    expect(total('checkout_sessions_total', { checkout_provider: 'sandbox', checkout_outcome: 'ready' })).to.be.at.least(1);
    expect(total('checkout_idempotency_decisions_total', { checkout_idempotency_decision: 'replay' })).to.be.at.least(1);
    expect(total('checkout_routing_decisions_total', { checkout_provider: 'sandbox', checkout_routing_result: 'routed' })).to.be.at.least(1);
    expect(total('http_server_request_duration_count', { http_route: '/api/v1/sessions', http_response_status_code: '201' })).to.be.at.least(2);
    expect(samplesOf(samples, 'checkout_kafka_consumer_lag', { messaging_consumer_group_name: 'routing', messaging_destination_name: 'checkout.session.requested' })).to.have.length(1);
  });

  it('should stop gracefully on Ctrl-C', async () => {
    const exited = once(child, 'exit');
    pressCtrlC();
    await exited;
    const deadline = Date.now() + 10_000;
    while (!output.includes('"msg":"shutdown complete"') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output).to.match(/"failed":false,"msg":"shutdown complete"/);
    let refused = false;
    try {
      await fetch(`http://127.0.0.1:${port}/livez`);
    } catch {
      refused = true;
    }
    expect(refused, 'the server still answers after Ctrl-C').to.equal(true);
  });
});
