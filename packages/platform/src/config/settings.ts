/** One environment variable: its name, what it is for, and how to turn its text into a value. */
export interface Setting<T> {
  readonly variable: string;
  readonly description: string;
  readonly defaultText: string | undefined;
  /** Throws an Error whose message says what is wrong with the text. */
  parse(raw: string | undefined): T;
}

interface Common<T> {
  description: string;
  default?: T;
}

function setting<T>(
  variable: string,
  options: Common<T>,
  show: (value: T) => string,
  convert: (raw: string) => T,
): Setting<T> {
  return {
    variable,
    description: options.description,
    defaultText: options.default === undefined ? undefined : show(options.default),
    parse(raw) {
      if (raw === undefined || raw.trim() === '') {
        if (options.default !== undefined) return options.default;
        throw new Error('is required');
      }
      return convert(raw.trim());
    },
  };
}

export function text(variable: string, options: Common<string>): Setting<string> {
  return setting(variable, options, (v) => v, (raw) => raw);
}

export function secret(variable: string, options: Common<string> & { minLength?: number }): Setting<string> {
  const minLength = options.minLength ?? 1;
  return setting(variable, options, (v) => (v === '' ? '' : '(secret)'), (raw) => {
    if (raw.length < minLength) throw new Error(`must be at least ${minLength} characters`);
    return raw;
  });
}

export function integer(
  variable: string,
  options: Common<number> & { min?: number; max?: number },
): Setting<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return setting(variable, options, String, (raw) => {
    if (!/^-?\d+$/.test(raw)) throw new Error(`must be a whole number, got "${raw}"`);
    const value = Number(raw);
    if (value < min || value > max) throw new Error(`must be between ${min} and ${max}, got ${value}`);
    return value;
  });
}

export function port(variable: string, options: Common<number>): Setting<number> {
  return integer(variable, { ...options, min: 0, max: 65535 });
}

export function flag(variable: string, options: Common<boolean>): Setting<boolean> {
  return setting(variable, options, String, (raw) => {
    const lower = raw.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
    if (['0', 'false', 'no', 'off'].includes(lower)) return false;
    throw new Error(`must be true or false, got "${raw}"`);
  });
}

export function url(variable: string, options: Common<string> & { protocols: string[] }): Setting<string> {
  return setting(variable, options, (v) => v, (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error(`must be a URL, got "${raw}"`);
    }
    const scheme = parsed.protocol.replace(/:$/, '');
    if (!options.protocols.includes(scheme)) {
      throw new Error(`must be a ${options.protocols.join(' or ')} URL, got "${scheme}:"`);
    }
    return raw;
  });
}

export function list(variable: string, options: Common<string[]>): Setting<string[]> {
  return setting(variable, options, (v) => v.join(','), (raw) => {
    const items = raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
    if (items.length === 0) throw new Error('must list at least one value, comma separated');
    return items;
  });
}

export function oneOf<const T extends string>(
  variable: string,
  values: readonly T[],
  options: Common<T>,
): Setting<T> {
  return setting(variable, options, (v) => v, (raw) => {
    if (!(values as readonly string[]).includes(raw)) {
      throw new Error(`must be one of ${values.join(', ')}, got "${raw}"`);
    }
    return raw as T;
  });
}
