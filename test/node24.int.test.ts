import { expect } from 'chai';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { seedBody } from './support/seed';
import { startEmbedded, stopProcess } from './support/embedded';

const ROOT = path.resolve(__dirname, '..');
const run = promisify(execFile);

/**
 * Node 24 LTS, which the container image runs, beside the Node 20 the suites run on: the unit tests
 * and the embedded mode's create, on Node 24 from the npm registry's `node` package (npx fetches it once).
 */
describe('on Node 24 (the image\'s runtime)', function () {
  this.timeout(300_000);
  let node24 = '';

  before(async () => {
    const { stdout } = await run('npx', ['-y', '-p', 'node@24', 'node', '-p', 'process.execPath + " " + process.version'], { cwd: ROOT });
    const [execPath, version] = stdout.trim().split(' ');
    expect(version).to.match(/^v24\./);
    node24 = execPath!;
  });

  it('should pass every unit test', async () => {
    const unitSpecs = ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'test/**/*.test.ts'];
    const { stdout } = await run(node24, [path.join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--ignore', '**/*.int.test.ts', '--ignore', '**/*.e2e.test.ts', ...unitSpecs], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    expect(stdout).to.match(/tests: [1-9]\d* passed, 0 failed/);
  });

  it('should run npm start and answer the seed request 201', async () => {
    const embedded = await startEmbedded({}, node24);
    try {
      const answer = await fetch(`${embedded.url}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${embedded.token}`, 'idempotency-key': 'node-24-smoke' },
        body: JSON.stringify(seedBody()),
      });
      expect(answer.status).to.equal(201);
      expect(Object.keys((await answer.json()) as object)).to.deep.equal(['sessionId', 'checkoutUrl', 'status', 'routing', 'expiresAt', 'createdAt']);
    } finally {
      await stopProcess(embedded.process);
    }
  });
});
