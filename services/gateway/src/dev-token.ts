import jwt from 'jsonwebtoken';
import { MODES, type Mode } from '@checkout/contracts';
import { Scopes } from './auth/caller';

/** The HS256 secret the local run modes share; never configure it in production. */
export const DEVELOPMENT_JWT_SECRET = 'checkout-local-development-secret-not-for-production';
export const DEVELOPMENT_ISSUER = 'checkout-dev';
export const DEVELOPMENT_AUDIENCE = 'checkout-api';

export interface DevTokenOptions {
  applicationId: string;
  /** The `mode` claim; a development token is a test token unless asked otherwise. */
  mode: Mode;
  scopes: string[];
  expiresInSeconds: number;
  secret: string;
  issuer: string;
  audience: string;
}

export function signDevToken(options: DevTokenOptions): string {
  return jwt.sign({ scope: options.scopes.join(' '), mode: options.mode }, options.secret, {
    algorithm: 'HS256',
    subject: options.applicationId,
    issuer: options.issuer,
    audience: options.audience,
    expiresIn: options.expiresInSeconds,
  });
}

const USAGE = 'usage: npm run token -- --app <applicationId> [--mode test|live] [--scope "sessions:write sessions:read webhooks:write webhooks:read"] [--ttl <seconds>]';

/** `npm run token -- --app demo`: prints a development JWT, alone on stdout. */
export function runDevTokenCli(argv: string[], env: NodeJS.ProcessEnv): { stdout?: string; stderr?: string; code: number } {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (!name?.startsWith('--') || value === undefined) return { stderr: USAGE, code: 2 };
    args.set(name.slice(2), value);
  }
  for (const name of args.keys()) if (!['app', 'mode', 'scope', 'ttl'].includes(name)) return { stderr: `unknown option --${name}\n${USAGE}`, code: 2 };
  const mode = args.get('mode') ?? 'test';
  if (!(MODES as readonly string[]).includes(mode)) return { stderr: `--mode must be test or live\n${USAGE}`, code: 2 };
  const applicationId = args.get('app');
  if (!applicationId) return { stderr: USAGE, code: 2 };
  const ttl = Number(args.get('ttl') ?? 86_400);
  if (!Number.isInteger(ttl) || ttl <= 0) return { stderr: `--ttl must be a whole number of seconds\n${USAGE}`, code: 2 };
  const token = signDevToken({
    applicationId,
    mode: mode as Mode,
    scopes: (args.get('scope') ?? Object.values(Scopes).join(' ')).split(/\s+/).filter(Boolean),
    expiresInSeconds: ttl,
    secret: env.JWT_HS256_SECRET || DEVELOPMENT_JWT_SECRET,
    issuer: env.JWT_ISSUER || DEVELOPMENT_ISSUER,
    audience: env.JWT_AUDIENCE || DEVELOPMENT_AUDIENCE,
  });
  return { stdout: token, code: 0 };
}

if (require.main === module) {
  const result = runDevTokenCli(process.argv.slice(2), process.env);
  if (result.stdout) process.stdout.write(`${result.stdout}\n`);
  if (result.stderr) process.stderr.write(`${result.stderr}\n`);
  process.exitCode = result.code;
}
