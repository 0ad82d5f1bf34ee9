import { createHash } from 'node:crypto';
import { secret, text } from '../config/settings';
import { SecretKeyring } from './keyring';

/** The settings of the services that seal or open secrets (gateway, provider, notifications). */
export const keyringSettings = {
  secretsKeyring: secret('CHECKOUT_SECRETS_KEYRING', {
    description: 'Keys that seal secrets at rest (provider credentials, webhook signing secrets): id:base64key[,id:base64key…], 32-byte keys, the first one current; see docs/security.md for rotation',
    default: '',
  }),
  secretsKeyringFile: text('CHECKOUT_SECRETS_KEYRING_FILE', { description: 'A file holding the keyring instead (a mounted Kubernetes Secret)', default: '' }),
};

export interface KeyringConfig {
  nodeEnv: string;
  secretsKeyring: string;
  secretsKeyringFile: string;
}

/** Public, so refused in production: lets development processes (each service its own) share sealed secrets with nothing to set up. */
export const DEVELOPMENT_KEYRING = `development:${createHash('sha256').update('checkout development keyring; never for production').digest('base64')}`;

/** Production refuses to start without a keyring of its own; a keyring that does not parse is refused everywhere. */
export function keyringProblems(config: KeyringConfig): string[] {
  if (config.secretsKeyring && config.secretsKeyringFile) return ['Set CHECKOUT_SECRETS_KEYRING or CHECKOUT_SECRETS_KEYRING_FILE, not both.'];
  try {
    keyringOf(config);
  } catch (error) {
    return [`The secrets keyring ${(error as Error).message}.`];
  }
  if (config.nodeEnv === 'production' && !config.secretsKeyring && !config.secretsKeyringFile) {
    return ['No secrets keyring: in production CHECKOUT_SECRETS_KEYRING or CHECKOUT_SECRETS_KEYRING_FILE seals provider credentials and webhook secrets (or set NODE_ENV=development for a development deployment).'];
  }
  if (config.nodeEnv === 'production' && config.secretsKeyring === DEVELOPMENT_KEYRING) {
    return ['CHECKOUT_SECRETS_KEYRING is the development keyring, which is public: make your own (docs/security.md), or set NODE_ENV=development for a development deployment.'];
  }
  return [];
}

/** The keyring the settings name; in development without one, the public development keyring. */
export function keyringOf(config: KeyringConfig): SecretKeyring {
  if (config.secretsKeyringFile) return SecretKeyring.fromFile(config.secretsKeyringFile);
  return SecretKeyring.parse(config.secretsKeyring || DEVELOPMENT_KEYRING);
}
