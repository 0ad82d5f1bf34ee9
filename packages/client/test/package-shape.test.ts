import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const PACKAGE = path.join(ROOT, 'packages/client');

describe('@checkout/client, the package', () => {
  it('should be generated from the OpenAPI document the gateway serves, and be up to date', () => {
    // Exits 1 with the reason when packages/client/src/generated/api.ts differs from what the generator prints.
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/generate-client-types.mjs'), '--check'], { encoding: 'utf8', stdio: 'pipe' });
  });

  it('should depend on none of our server packages, and publish an exports map with types', () => {
    const manifest = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; exports: Record<string, { types: string; default: string }> };
    expect(Object.keys(manifest.dependencies)).to.deep.equal(['standardwebhooks']);
    expect(manifest.exports['.']).to.deep.equal({ types: './dist/index.d.ts', default: './dist/index.js' });
    const sources = readdirSync(path.join(PACKAGE, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    for (const file of sources) expect(readFileSync(path.join(PACKAGE, 'src', file), 'utf8'), file).not.to.match(/from '@checkout\//);
  });

  it('should load from CommonJS and from an ES module', () => {
    const cjs = execFileSync(process.execPath, ['-e', "console.log(typeof require('@checkout/client').Checkout)"], { cwd: ROOT, encoding: 'utf8' });
    expect(cjs.trim()).to.equal('function');
    const esm = execFileSync(process.execPath, ['--input-type=module', '-e', "import { Checkout, verifyWebhook } from '@checkout/client'; console.log(typeof Checkout, typeof verifyWebhook)"], { cwd: ROOT, encoding: 'utf8' });
    expect(esm.trim()).to.equal('function function');
  });
});
