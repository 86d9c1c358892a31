/**
 * A small argv parser: positional arguments plus `--flag`, `--key value`, `--key=value`,
 * `-o value`. Unknown options are an error rather than silently ignored, so a typo in CI
 * fails loudly.
 */
export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
}

export interface OptionSpec {
  /** options that take a value */
  values: string[];
  /** boolean flags */
  flags: string[];
  /** short aliases, e.g. { o: 'output' } */
  aliases?: Record<string, string>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], spec: OptionSpec): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    let key = arg.replace(/^--?/, '');
    let value: string | undefined;
    const eq = key.indexOf('=');
    if (eq >= 0) {
      value = key.slice(eq + 1);
      key = key.slice(0, eq);
    }
    if (!arg.startsWith('--')) key = spec.aliases?.[key] ?? key;
    if (spec.flags.includes(key)) {
      if (value !== undefined) throw new UsageError(`--${key} takes no value`);
      options.set(key, true);
    } else if (spec.values.includes(key)) {
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined) throw new UsageError(`--${key} needs a value`);
      }
      options.set(key, value);
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { positional, options };
}

export function stringOption(args: ParsedArgs, key: string): string | undefined {
  const v = args.options.get(key);
  return typeof v === 'string' ? v : undefined;
}
