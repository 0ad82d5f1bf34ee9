import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hottestFunctions } from '../bench/profile-summary';

describe("the benchmark's hottest functions (bench/profile-summary.ts)", () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'profile-summary-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  // Start-up: 3 samples of module loading in the first 30 ms; then the load: 2 of a handler, 1 of GC, and idle.
  const frame = (id: number, functionName: string, url: string) => ({ id, callFrame: { functionName, url, lineNumber: 0 } });
  const file = path.join(directory, 'gateway.cpuprofile');
  writeFileSync(
    file,
    JSON.stringify({
      nodes: [
        { ...frame(1, 'wrapSafe', 'node:internal/modules/cjs/loader'), hitCount: 3 },
        { ...frame(2, 'handle', 'file:///srv/checkout/services/gateway/dist/http/create.js'), hitCount: 2 },
        { ...frame(3, '(garbage collector)', ''), hitCount: 1 },
        { ...frame(4, '(idle)', ''), hitCount: 5 },
      ],
      samples: [1, 1, 1, 2, 4, 3, 4, 2],
      timeDeltas: [10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000],
    }),
  );

  it('should count every busy sample without a start, idle left out', () => {
    const hot = hottestFunctions(file);
    expect(hot[0]).to.deep.equal({ function: 'wrapSafe', where: 'node:internal/modules/cjs/loader', selfPercent: 50 });
    expect(hot.map((entry) => entry.function)).to.not.include('(idle)');
  });

  it("should leave out the samples before the load's start (the start-up's module loading)", () => {
    const hot = hottestFunctions(file, { fromMs: 35 });
    expect(hot.map((entry) => entry.function)).to.deep.equal(['handle', '(garbage collector)']);
    expect(hot[0]).to.deep.include({ where: 'services/gateway/dist/http/create.js', selfPercent: 66.7 });
  });
});
