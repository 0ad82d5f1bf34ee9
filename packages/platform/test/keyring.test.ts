import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { isSealed, KeyringError, SecretKeyring } from '../src/secrets/keyring';
import { DEVELOPMENT_KEYRING, keyringOf, keyringProblems } from '../src/secrets/keyring-settings';

const key = () => randomBytes(32).toString('base64');

describe('SecretKeyring', () => {
  const keyA = key();
  const keyB = key();

  it('should seal with AES-256-GCM so that the secret does not appear, and open it again in the same place', () => {
    const keyring = SecretKeyring.parse(`a:${keyA}`);
    const sealed = keyring.seal('sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'provider_accounts:pa_1:credentials');
    expect(isSealed(sealed)).to.equal(true);
    expect(sealed).to.match(/^sealed:v1:a:/);
    expect(sealed).not.to.include('4eC39HqLyjWDarjtT1zdp7dc');
    expect(keyring.open(sealed, 'provider_accounts:pa_1:credentials')).to.equal('sk_test_4eC39HqLyjWDarjtT1zdp7dc');
    expect(keyring.seal('x', 'c')).not.to.equal(keyring.seal('x', 'c'), 'a fresh IV each time');
  });

  it('should refuse a sealed value opened for another document, or altered', () => {
    const keyring = SecretKeyring.parse(`a:${keyA}`);
    const sealed = keyring.seal('whsec_abc', 'webhook_endpoints:we_1');
    expect(() => keyring.open(sealed, 'webhook_endpoints:we_2')).to.throw(KeyringError, /altered or moved/);
    const parts = sealed.split(':');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => keyring.open(parts.join(':'), 'webhook_endpoints:we_1')).to.throw(KeyringError);
  });

  it('should open values sealed with an older key, seal with the first one, and say which need resealing', () => {
    const old = SecretKeyring.parse(`a:${keyA}`);
    const rotated = SecretKeyring.parse(`b:${keyB},a:${keyA}`);
    const sealedByOld = old.seal('secret', 'ctx');
    expect(rotated.currentKeyId).to.equal('b');
    expect(rotated.open(sealedByOld, 'ctx')).to.equal('secret');
    expect(rotated.needsResealing(sealedByOld)).to.equal(true);
    expect(rotated.needsResealing(rotated.seal('secret', 'ctx'))).to.equal(false);
    expect(rotated.needsResealing('whsec_written_before_sealing')).to.equal(true);
    expect(rotated.open('whsec_written_before_sealing', 'ctx')).to.equal('whsec_written_before_sealing');
  });

  it('should say a key is missing without showing any key', () => {
    const sealed = SecretKeyring.parse(`gone:${keyA}`).seal('secret', 'ctx');
    expect(() => SecretKeyring.parse(`b:${keyB}`).open(sealed, 'ctx')).to.throw(KeyringError, /key gone, which is not in the keyring/);
  });

  it('should reject keyrings that are not id:32-byte-base64 entries, naming the entry but not the key', () => {
    expect(() => SecretKeyring.parse('')).to.throw(KeyringError, /lists no key/);
    expect(() => SecretKeyring.parse(key())).to.throw(KeyringError, /entry 1 has no valid key id/);
    expect(() => SecretKeyring.parse('short:c2hvcnQ=')).to.throw(KeyringError, /key short is not 32 bytes/).and.not.to.match(/c2hvcnQ/);
    expect(() => SecretKeyring.parse(`a:${keyA},a:${keyB}`)).to.throw(KeyringError, /appears twice/);
  });
});

describe('keyring settings', () => {
  const none = { secretsKeyring: '', secretsKeyringFile: '' };

  it('should refuse production without a keyring of its own, or with the development one', () => {
    expect(keyringProblems({ nodeEnv: 'production', ...none })[0]).to.match(/No secrets keyring/);
    expect(keyringProblems({ nodeEnv: 'production', ...none, secretsKeyring: DEVELOPMENT_KEYRING })[0]).to.match(/development keyring, which is public/);
    expect(keyringProblems({ nodeEnv: 'production', ...none, secretsKeyring: `k1:${key()}` })).to.deep.equal([]);
    expect(keyringProblems({ nodeEnv: 'development', ...none })).to.deep.equal([]);
  });

  it('should read the keyring from a file, and report one that does not parse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyring-'));
    const file = join(dir, 'keyring');
    writeFileSync(file, `k1:${key()}\n`);
    expect(keyringOf({ nodeEnv: 'production', secretsKeyring: '', secretsKeyringFile: file }).currentKeyId).to.equal('k1');
    expect(keyringProblems({ nodeEnv: 'production', secretsKeyring: 'nope', secretsKeyringFile: '' })[0]).to.match(/The secrets keyring entry 1/);
    expect(keyringProblems({ nodeEnv: 'production', secretsKeyring: '', secretsKeyringFile: join(dir, 'missing') })[0]).to.match(/cannot read the keyring file/);
  });
});
