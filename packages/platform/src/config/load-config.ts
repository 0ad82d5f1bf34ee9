import { infrastructureProblems } from './infrastructure';
import { keyringProblems, type KeyringConfig } from '../secrets/keyring-settings';
import type { Setting } from './settings';

export type ConfigSpec = Record<string, Setting<unknown>>;
export type ConfigOf<S extends ConfigSpec> = { readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

/** Every problem found in the environment, each naming its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates every setting at once, so one start-up reports every bad variable. */
export function loadConfig<S extends ConfigSpec>(
  spec: S,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ConfigOf<S> {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(spec)) {
    try {
      config[key] = setting.parse(env[setting.variable]);
    } catch (error) {
      problems.push(`${setting.variable} ${(error as Error).message} (${setting.description})`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as ConfigOf<S>;
}

/**
 * For a service's main: on bad configuration, print the problems and exit with status 78. `unsafe`
 * names settings that are each valid but must not go together (a public development secret in
 * production); they are refused the same way, as are the infrastructure's (SASL without credentials)
 * and, for a service that seals secrets, the keyring's (none in production).
 */
export function loadConfigOrExit<S extends ConfigSpec>(service: string, spec: S, unsafe: (config: ConfigOf<S>) => string[] = () => []): ConfigOf<S> {
  try {
    const config = loadConfig(spec);
    const problems = [
      ...infrastructureProblems(config as Parameters<typeof infrastructureProblems>[0]),
      ...('secretsKeyring' in config ? keyringProblems(config as unknown as KeyringConfig) : []),
      ...unsafe(config),
    ];
    if (problems.length > 0) throw new ConfigError(problems);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

/** Rows for a configuration table (README, --help). */
export function describeConfig(spec: ConfigSpec): { variable: string; default: string; description: string }[] {
  return Object.values(spec).map((setting) => ({
    variable: setting.variable,
    default: setting.defaultText ?? '(required)',
    description: setting.description,
  }));
}

/** Some of a service's settings, the same objects (variable, description, default): for a process that runs several services. */
export function pickSettings<S extends ConfigSpec, K extends keyof S>(spec: S, keys: readonly K[]): Pick<S, K> {
  return Object.fromEntries(keys.map((key) => [key, spec[key]])) as Pick<S, K>;
}

/** The values of some settings, out of a config that holds more. */
export function pickConfig<C extends object, K extends keyof C>(config: C, keys: readonly K[]): Pick<C, K> {
  return Object.fromEntries(keys.map((key) => [key, config[key]])) as Pick<C, K>;
}

/** A service's whole config, for a process that runs it without reading its environment: every default, with `values` over them. */
export function configWith<S extends ConfigSpec>(spec: S, values: Partial<ConfigOf<S>>): ConfigOf<S> {
  return { ...loadConfig(spec, {}), ...values };
}
