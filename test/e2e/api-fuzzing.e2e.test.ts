import { expect } from 'chai';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildOpenApiDocument } from '@checkout/contracts';
import { freePort } from '../support/services';
import { startProviderStandIns, type ProviderStandIns } from '../support/provider-stand-ins';

const ROOT = path.resolve(__dirname, '../..');

describe('API fuzzing: schemathesis against the embedded gateway, all 26 operations, every check', function () {
  this.timeout(600_000);
  let gateway: ChildProcess;
  let port: number;
  let token = '';
  let st: string;
  let standIns: ProviderStandIns | undefined;

  before(async () => {
    st = execFileSync('bash', [path.join(ROOT, 'scripts/schemathesis.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    port = await freePort();
    // Provider accounts' credentials are checked at the providers: here, their stand-ins (Stripe takes any key, Adyen refuses made-up ones).
    standIns = await startProviderStandIns();
    const { STRIPE_API_URL, ADYEN_TEST_CHECKOUT_URL, ADYEN_LIVE_CHECKOUT_URL, ADYEN_CA_FILE } = standIns.env;
    gateway = spawn(process.execPath, [path.join(ROOT, 'services/embedded/dist/main.js')], {
      // Budgets far above what schemathesis sends, so that every operation's logic is reached, not its rate limit (which rate-limits.e2e tests).
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'error', STRIPE_API_URL, ADYEN_TEST_CHECKOUT_URL, ADYEN_LIVE_CHECKOUT_URL, ADYEN_CA_FILE, RATE_LIMIT_WRITES_PER_SECOND: '100000', RATE_LIMIT_READS_PER_SECOND: '100000', RATE_LIMIT_TEST_WRITES_PER_SECOND: '100000', RATE_LIMIT_TEST_READS_PER_SECOND: '100000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    gateway.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!/^curl -s -X POST/m.test(output)) {
      if (gateway.exitCode !== null || Date.now() > deadline) throw new Error(`the embedded gateway did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const lines = output.split('\n');
    token = lines[lines.findIndex((line) => line.startsWith('Development token')) + 1]!.trim();
  });

  after(async () => {
    if (gateway && gateway.exitCode === null) {
      gateway.kill('SIGTERM');
      await once(gateway, 'exit');
    }
    await standIns?.stop();
  });

  it('should pass at least 1,000 generated cases with no server error and no answer outside the documented schemas', async () => {
    const base = `http://127.0.0.1:${port}`;
    const args = ['--config-file', path.join(ROOT, 'test/fuzz/schemathesis.toml'), 'run', `${base}/openapi.json`, '--url', base, '-H', `Authorization: Bearer ${token}`, '--checks', 'all', '--max-examples', '200', '--no-color'];
    let stdout = '';
    let failed: unknown;
    try {
      ({ stdout } = await promisify(execFile)(st, args, { maxBuffer: 32 * 1024 * 1024, env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' } }));
    } catch (error) {
      failed = error;
      stdout = (error as { stdout?: string }).stdout ?? '';
    }
    expect(failed, stdout.slice(stdout.indexOf('FAILURES'))).to.equal(undefined);
    const cases = /(\d+) generated, (\d+) passed/.exec(stdout);
    expect(cases, stdout.slice(-2000)).to.not.equal(null);
    expect(Number(cases![1])).to.be.at.least(1000);
    const operations = Object.values(buildOpenApiDocument().paths).flatMap((path) => Object.keys(path)).length;
    expect(operations).to.equal(26);
    expect(stdout).to.contain(`Selected: ${operations}/${operations}`).and.to.contain(`Tested: ${operations}`);
    for (const phase of ['Examples', 'Coverage', 'Fuzzing', 'Stateful']) expect(stdout).to.match(new RegExp(`✅ ${phase}`));
  });
});
