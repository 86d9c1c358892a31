/**
 * Which workspace files Spanscope looks at: the `spanscope.files` / `spanscope.exclude` globs,
 * matched against workspace-relative POSIX paths. A tiny matcher of our own (`**`, `*`, `?`,
 * `{a,b}`) so the extension bundle carries no glob library.
 */

/** Well-known trace file names: always tracked, even while still empty (a writer creates them first). */
export const NAMED_TRACE_GLOBS = [
  '**/traces.jsonl',
  '**/*.traces.jsonl',
  '**/.spanscope/**/*.jsonl',
];

export const DEFAULT_FILE_GLOBS = [
  ...NAMED_TRACE_GLOBS,
  // Tracked only when their content is a trace: a reader claims the first record, or the
  // SQLite schema is a known trace schema.
  '**/*.jsonl',
  '**/*.db',
  '**/*.sqlite',
  '**/*.sqlite3',
];

export const DEFAULT_EXCLUDE_GLOBS = [
  '**/node_modules/**',
  '**/.git/**',
  '**/.hg/**',
  '**/.svn/**',
  '**/.venv/**',
  '**/venv/**',
  '**/.tox/**',
  '**/__pycache__/**',
  '**/.mypy_cache/**',
  '**/.pytest_cache/**',
  '**/dist/**',
  '**/out/**',
  '**/build/**',
  '**/.next/**',
  '**/.vscode-e2e-cache/**',
  '**/.vscode-test/**',
];

const SPECIAL = /[.+^$()|[\]\\]/;

/** Compile one glob into an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let i = 0;
  let braces = 0;
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  while (i < g.length) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      const atStart = i === 0 || g[i - 1] === '/';
      const slashAfter = g[i + 2] === '/';
      const atEnd = i + 2 === g.length;
      if (atStart && slashAfter) { re += '(?:.*/)?'; i += 3; continue; }
      if (atStart && atEnd && i > 0) {
        // `dir/**` also matches `dir` itself, so a folder is pruned by its own path.
        re = re.replace(/\/$/, '') + '(?:/.*)?';
        i += 2;
        continue;
      }
      re += '.*';
      i += 2;
      continue;
    }
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') { re += '(?:'; braces++; }
    else if (c === '}' && braces > 0) { re += ')'; braces--; }
    else if (c === ',' && braces > 0) re += '|';
    else if (SPECIAL.test(c)) re += '\\' + c;
    else re += c;
    i++;
  }
  return new RegExp(`^${re}$`);
}

export class GlobSet {
  private readonly res: RegExp[];
  constructor(readonly globs: readonly string[]) {
    this.res = globs.filter((g) => g.trim() !== '').map(globToRegExp);
  }
  /** `rel` is a workspace-relative path with `/` separators. */
  matches(rel: string): boolean {
    return this.res.some((r) => r.test(rel));
  }
}

/** Workspace-relative POSIX path of `file` under `root`, or undefined when outside it. */
export function relativeTo(root: string, file: string): string | undefined {
  const r = root.replace(/\\/g, '/').replace(/\/+$/, '');
  const f = file.replace(/\\/g, '/');
  if (f === r) return '';
  if (!f.startsWith(r + '/')) return undefined;
  return f.slice(r.length + 1);
}
