import { expect } from 'chai';
import { runChaos } from '../chaos/chaos';

describe('chaos, short: every fault once under merchants retrying (a stack of its own; npm run chaos for the full run)', function () {
  this.timeout(600_000);

  it("should give every key exactly one session and one provider checkout, none stuck, only the poison message dead-lettered, every answer in time, and every session's webhook delivered", async () => {
    const report = await runChaos({ merchants: 4, rounds: 1, log: (line) => process.stdout.write(`      [chaos] ${line}\n`) });
    process.stdout.write(`      [chaos] ${JSON.stringify({ keys: report.keys, answers: report.answers, webhooksDelivered: report.webhooksDelivered, longestAnswerMs: report.longestAnswerMs, poisonDeadLetteredInMs: report.poisonDeadLetteredInMs, serverErrors: report.serverErrors, seconds: report.seconds })}\n`);
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
      'FerretDB paused (SIGSTOP) for 20 s',
      'Redis paused (SIGSTOP) for 20 s',
    ]);
    // Every answer within the services' deadlines; the poison message off its partition within its tries.
    expect(report.longestAnswerMs).to.be.below(10_000);
    expect(report.poisonDeadLetteredInMs).to.be.a('number').and.below(30_000);
  });
});
