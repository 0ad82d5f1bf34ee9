import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * A secret as stored: `sealed:v1:<keyId>:<iv>:<ciphertext>:<tag>` (base64url parts), AES-256-GCM
 * under one key of the keyring, bound to where it is kept (`context`, the additional authenticated
 * data: a collection, a document id and a field), so a sealed value copied to another document
 * does not open.
 */
const PREFIX = 'sealed:v1:';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class KeyringError extends Error {}

/** The keys secrets are sealed with: the current one seals, every one opens. */
export class SecretKeyring {
  private constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    readonly currentKeyId: string,
  ) {}

  /**
   * `id:base64key[,id:base64key…]`, the first being the current key; each key 32 bytes. Throws a
   * KeyringError that names the offending entry but never shows a key.
   */
  static parse(text: string): SecretKeyring {
    const keys = new Map<string, Buffer>();
    const entries = text.split(/[,\s]+/).filter((entry) => entry !== '');
    if (entries.length === 0) throw new KeyringError('lists no key; expected id:base64key[,id:base64key…]');
    entries.forEach((entry, index) => {
      const colon = entry.indexOf(':');
      const id = colon > 0 ? entry.slice(0, colon) : '';
      if (!KEY_ID.test(id)) throw new KeyringError(`entry ${index + 1} has no valid key id (letters, digits, _ or -, up to 32) before its colon`);
      const key = Buffer.from(entry.slice(colon + 1), 'base64');
      if (key.length !== 32) throw new KeyringError(`key ${id} is not 32 bytes of base64 (AES-256); make one with: openssl rand -base64 32`);
      if (keys.has(id)) throw new KeyringError(`key id ${id} appears twice`);
      keys.set(id, key);
    });
    return new SecretKeyring(keys, entries[0]!.slice(0, entries[0]!.indexOf(':')));
  }

  static fromFile(path: string): SecretKeyring {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new KeyringError(`cannot read the keyring file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
    return SecretKeyring.parse(text);
  }

  /** A keyring that lives as long as the process: the embedded mode's, whose stores are in memory too. */
  static ephemeral(): SecretKeyring {
    return new SecretKeyring(new Map([['ephemeral', randomBytes(32)]]), 'ephemeral');
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}${this.currentKeyId}:${iv.toString('base64url')}:${ciphertext.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}`;
  }

  /**
   * The secret a sealed value holds. A value that is not sealed (written before secrets were sealed)
   * is returned as it is; `needsResealing` finds those for the re-seal command.
   */
  open(stored: string, context: string): string {
    if (!isSealed(stored)) return stored;
    const [keyId, iv, ciphertext, tag] = stored.slice(PREFIX.length).split(':');
    const key = keyId === undefined ? undefined : this.keys.get(keyId);
    if (!key) throw new KeyringError(`a secret is sealed with key ${keyId ?? '?'}, which is not in the keyring`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv ?? '', 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext ?? '', 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyringError(`a secret sealed with key ${keyId} does not open for ${context}: it was altered or moved`);
    }
  }

  /** Plain text, or sealed under a key that is no longer the current one. */
  needsResealing(stored: string): boolean {
    return !isSealed(stored) || stored.slice(PREFIX.length).split(':')[0] !== this.currentKeyId;
  }
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}
