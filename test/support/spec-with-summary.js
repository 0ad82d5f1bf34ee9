// mocha's spec reporter, plus one closing line in the plain form CI reads:
// "tests: N passed, N failed" (", N skipped" when any were).
'use strict';
const Mocha = require('mocha');

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SpecWithSummary extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      const skipped = pending > 0 ? `, ${pending} skipped` : '';
      process.stdout.write(`tests: ${passes} passed, ${failures} failed${skipped}\n`);
    });
  }
}

module.exports = SpecWithSummary;
