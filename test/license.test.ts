import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

describe('the license and the supported Node versions', () => {
  it('should ship the Apache License 2.0 text the package manifest names', () => {
    const license = readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
    expect(license).to.match(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).to.contain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION').and.to.contain('END OF TERMS AND CONDITIONS');
    expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))).to.include({ license: 'Apache-2.0' });
  });

  it('should support the Node versions it is tested on: 20 (the suites) and 24 (the image, test/node24.int.test.ts)', () => {
    const { engines } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(engines.node).to.equal('^20.19.0 || ^24.0.0');
    expect(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).to.match(/^FROM node:24-bookworm-slim AS runtime$/m);
  });
});
