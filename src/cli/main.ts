/**
 * `spanscope`: the core's readers, trees and analyses for terminals and CI.
 * Exit codes: 0 success, 1 `diff --fail-on-change` found changes, 2 bad usage or input.
 */
import { parseArgs, stringOption, UsageError, type OptionSpec } from './args';
import { diff } from './commands/diff';
import { exportTraces } from './commands/export';
import { inspect } from './commands/inspect';
import { stats } from './commands/stats';
import { InputError } from './load';

const HELP = `spanscope: inspect LLM traces (native JSONL, OTLP JSON, LangSmith runs, SQLite trace stores)

Usage:
  spanscope inspect <file>... [--json] [--summary] [--trace ID|latest]
  spanscope stats <file>... [--json]
  spanscope export <file>... --format otlp|chrome [--trace ID|latest] [-o OUT]
  spanscope diff <fileA>[#ID|#latest|#latest~N] <fileB>[#...] [--json] [--changed-only] [--fail-on-change]
  spanscope --help | --version

Malformed lines are reported as warnings (file:line) and every good span is kept.
Exit codes: 0 ok, 1 diff --fail-on-change found changes, 2 usage or input error.
`;

const SPECS: Record<string, OptionSpec> = {
  inspect: { values: ['trace'], flags: ['json', 'summary', 'no-color'] },
  stats: { values: [], flags: ['json', 'no-color'] },
  export: { values: ['format', 'trace', 'output'], flags: [], aliases: { o: 'output', f: 'format' } },
  diff: { values: [], flags: ['json', 'changed-only', 'fail-on-change', 'no-color'] },
};

declare const SPANSCOPE_VERSION: string | undefined;

export async function run(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out.write(HELP);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    out.write(`${typeof SPANSCOPE_VERSION === 'string' ? SPANSCOPE_VERSION : 'dev'}\n`);
    return 0;
  }
  const spec = SPECS[command];
  if (!spec) throw new UsageError(`unknown command "${command}" (try spanscope --help)`);
  const args = parseArgs(rest, spec);
  const color = !args.options.has('no-color') && !process.env.NO_COLOR && Boolean((out as NodeJS.WriteStream).isTTY);
  switch (command) {
    case 'inspect':
      return inspect(args.positional, {
        json: args.options.has('json'), summary: args.options.has('summary'),
        traceId: stringOption(args, 'trace'), color,
      }, out);
    case 'stats':
      return stats(args.positional, { json: args.options.has('json'), color }, out);
    case 'export':
      return exportTraces(args.positional, {
        format: stringOption(args, 'format'), traceId: stringOption(args, 'trace'), output: stringOption(args, 'output'),
      }, out);
    case 'diff':
      return diff(args.positional, {
        json: args.options.has('json'), changedOnly: args.options.has('changed-only'),
        failOnChange: args.options.has('fail-on-change'), color,
      }, out);
  }
  return 2;
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      if (err instanceof UsageError || err instanceof InputError) {
        process.stderr.write(`spanscope: ${err.message}\n`);
      } else {
        process.stderr.write(`spanscope: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      }
      process.exitCode = 2;
    },
  );
}
