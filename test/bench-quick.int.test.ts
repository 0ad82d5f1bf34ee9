import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..');

describe('npm run bench -- --quick (so that the benchmark cannot rot)', function () {
  this.timeout(300_000);

  it('should load the real stack, check every answer, and write its results', async () => {
    const started = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'bench', 'run.ts'), '--quick'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    expect(stdout).to.match(/\[bench\] results: bench\/results\/tmp\/.*-quick\.json/);
    const directory = path.join(ROOT, 'bench', 'results', 'tmp');
    const file = readdirSync(directory)
      .filter((name) => name.endsWith('-quick.json'))
      .map((name) => path.join(directory, name))
      .find((name) => statSync(name).mtimeMs >= started);
    expect(file, 'a fresh quick results file').to.be.a('string');
    const results = JSON.parse(readFileSync(file!, 'utf8'));
    expect(results.sweep[0].okPerSecond).to.be.above(0);
    expect(results.sweep[0].errors).to.equal(0);
    expect(results.replay.ok).to.be.above(0);
    expect(results.replaySampled.ok).to.be.above(0);
    expect(results.replayWithoutTelemetry.ok).to.be.above(0);
    expect(results.traceExport.requests, 'the services exported their spans').to.be.above(0);
    expect(results.get.ok).to.be.above(0);
    expect(results.limits.bareExpress.okPerSecond).to.be.above(0);
    expect(results.limits.redisSetNx.opsPerSecond).to.be.above(0);
    expect(results.limits.kafkaRoundTrip.messagesPerSecond).to.be.above(0);
    expect(results.limits.bareNode.okPerSecond).to.be.above(0);
    expect(results.limits.rateLimiter.opsPerSecond).to.be.above(0);
    expect(results.limits.database.sessionsPerSecond).to.be.above(0);
    expect(results.sweep[0].resources.map((r: { name: string }) => r.name)).to.include.members(['gateway', 'routing', 'provider', 'postgres', 'ferretdb', 'kafka', 'redis', 'load generator']);
    expect(results.sweep[0].resources.find((r: { name: string }) => r.name === 'postgres').cpuMs, 'PostgreSQL sampled with its backends').to.be.above(0);
    // The create path touches MongoDB three times: the gateway's insert, the provider's read and its move.
    expect(results.sweep[0].databaseCommandsPerSession).to.equal(3);
    expect(results.telemetry.map((t: { configuration: string }) => t.configuration)).to.deep.equal(['every trace sampled', '10 % of traces sampled', 'telemetry off']);
    for (const run of results.telemetry) expect(run.result.ok, run.configuration).to.be.above(0);
  });
});

describe('npm run bench:warm -- --quick (so that the warm benchmark cannot rot)', function () {
  this.timeout(300_000);

  it('should measure the services and the embedded mode, and count the round trips as Kafka, Redis and MongoDB count them', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'bench', 'warm-cpu.ts'), '--quick'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const written = /written: (bench\/results\/tmp\/.*-warm-cpu-.*-quick\.json)/.exec(stdout)?.[1];
    expect(written, stdout).to.be.a('string');
    const [result] = JSON.parse(readFileSync(path.join(ROOT, written!), 'utf8')).results;
    for (const service of ['routing', 'provider', 'gateway']) expect(result.cpuMsPerSession[service], service).to.be.above(0);
    expect(result.embedded.cpuMsPerSession).to.be.above(0);
    expect(result.storageLimitSessionsPerSecond).to.be.above(0);
    expect(result.serversCpuMsPerSession.database, 'FerretDB and PostgreSQL sampled').to.be.above(0);
    expect(result.kafkaRequestsPerSession.Produce, 'the broker counted our produce requests').to.be.above(0);
    expect(result.redisCommandsPerSession.total).to.be.above(0);
    // One insert per session, the gateway's: the sandbox writes nothing to open a checkout.
    expect(result.mongoCommandsPerSession.insert).to.be.within(0.9, 1.1);
  });
});

