import { expect } from 'chai';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { eventually } from '../support/eventually';
import { OtlpReceiver } from '../support/otlp-receiver';
import { freePort } from '../support/services';

const ROOT = path.resolve(__dirname, '../..');
const CONFIG = path.join(ROOT, 'observability/otel-collector.yaml');

describe('observability/otel-collector.yaml, run by a collector with the same components', function () {
  this.timeout(600_000);
  let otelcol: string;
  const workdir = mkdtempSync(path.join(tmpdir(), 'otelcol-'));

  before(() => {
    otelcol = execFileSync('bash', [path.join(ROOT, 'scripts/otelcol.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  });

  const validate = (file: string) => spawnSync(otelcol, ['validate', `--config=${file}`], { encoding: 'utf8' });

  it('should be a configuration the collector accepts', () => {
    const result = validate(CONFIG);
    expect(result.status, result.stderr).to.equal(0);
  });

  it('should refuse a broken copy', () => {
    const broken = path.join(workdir, 'broken.yaml');
    writeFileSync(broken, readFileSync(CONFIG, 'utf8').replace('allow_all_keys', 'allow_every_key'));
    const result = validate(broken);
    expect(result.status).to.not.equal(0);
    expect(result.stderr).to.contain('redaction');
  });

  describe('traces through its pipeline', () => {
    const backend = new OtlpReceiver();
    let collector: ChildProcess;
    let output = '';
    let otlpHttp: string;

    before(async () => {
      await backend.start();
      // The compose pipeline as it is; only the addresses change, and Jaeger becomes our receiver.
      const config = YAML.parse(readFileSync(CONFIG, 'utf8'));
      const [grpcPort, httpPort, healthPort] = [await freePort(), await freePort(), await freePort()];
      config.receivers.otlp.protocols.grpc.endpoint = `127.0.0.1:${grpcPort}`;
      config.receivers.otlp.protocols.http.endpoint = `127.0.0.1:${httpPort}`;
      config.extensions.health_check.endpoint = `127.0.0.1:${healthPort}`;
      config.exporters = { 'otlphttp/backend': { endpoint: backend.endpoint, encoding: 'json' } };
      config.service.pipelines.traces.exporters = ['otlphttp/backend'];
      config.service.telemetry = { metrics: { level: 'none' } };
      const file = path.join(workdir, 'config.yaml');
      writeFileSync(file, YAML.stringify(config));
      otlpHttp = `http://127.0.0.1:${httpPort}`;

      collector = spawn(otelcol, [`--config=${file}`], { stdio: ['ignore', 'pipe', 'pipe'] });
      collector.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      collector.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await eventually(async () => {
        expect(collector.exitCode, output).to.equal(null);
        expect((await fetch(`http://127.0.0.1:${healthPort}/`)).status).to.equal(200);
      }, 30_000, 200);
    });

    after(async () => {
      if (collector && collector.exitCode === null) {
        collector.kill('SIGTERM');
        await once(collector, 'exit');
      }
      await backend.stop();
    });

    it('should pass spans on to the trace backend with anything that looks like personal data or a credential masked', async () => {
      const now = BigInt(Date.now()) * 1_000_000n;
      const attribute = (key: string, value: string) => ({ key, value: { stringValue: value } });
      const span = {
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        name: 'checkout.provider.attempt',
        kind: 1,
        startTimeUnixNano: String(now),
        endTimeUnixNano: String(now + 1_000_000n),
        attributes: [
          attribute('checkout.session.id', '4f0f6700-5db2-4ed7-8ad2-085d4216ffb6'),
          attribute('checkout.provider', 'stripe'),
          attribute('error.detail', 'Invalid email address: jane.smith@example.com'),
          attribute('http.request.header.authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJl'),
          attribute('payment.card', '4242 4242 4242 4242'),
        ],
      };
      const sent = await fetch(`${otlpHttp}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [attribute('service.name', 'checkout-provider')] }, scopeSpans: [{ spans: [span] }] }] }),
      });
      expect(sent.status, output).to.equal(200);

      const received = await eventually(async () => {
        const found = backend.spans.find((s) => s.spanId === span.spanId);
        expect(found, 'the span reached the backend').to.not.equal(undefined);
        return found!;
      }, 20_000, 100);
      expect(received.service).to.equal('checkout-provider');
      expect(received.attributes).to.include({ 'checkout.session.id': '4f0f6700-5db2-4ed7-8ad2-085d4216ffb6', 'checkout.provider': 'stripe' });
      const exported = backend.rawBodies.join('\n');
      for (const secret of ['jane.smith@example.com', 'eyJhbGciOiJIUzI1NiJ9', '4242 4242 4242 4242']) expect(exported).not.to.contain(secret);
    });
  });
});
