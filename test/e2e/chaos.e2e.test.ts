import { expect } from 'chai';
import { runChaos } from '../chaos/chaos';

describe('chaos, short: every fault once under merchants retrying (a stack of its own; npm run chaos for the full run)', function () {
  this.timeout(600_000);

  it("should give every key exactly one session and one provider checkout, none stuck, no dead letter, and every session's webhook delivered", async () => {
    const report = await runChaos({ merchants: 4, rounds: 1, log: (line) => process.stdout.write(`      [chaos] ${line}\n`) });
    process.stdout.write(`      [chaos] ${JSON.stringify({ keys: report.keys, answers: report.answers, webhooksDelivered: report.webhooksDelivered, seconds: report.seconds })}\n`);
    expect(report.problems).to.deep.equal([]);
    expect(report.keys).to.be.greaterThan(0);
    expect(report.sessions).to.equal(report.keys);
    expect(report.providerCheckouts).to.equal(report.sessions);
    expect(report.webhooksDelivered).to.equal(report.sessions);
    expect(report.faults.map((f) => f.fault)).to.deep.equal([
      'SIGKILL provider',
      'SIGKILL routing',
      'SIGKILL gatewayA',
      'SIGKILL notifications',
      'Kafka broker stopped and restarted',
      'Redis stopped and restarted',
      'database server restarted',
    ]);
  });
});
