import { describe, expect, it } from 'vitest';
import { DEFAULT_EXCLUDE_GLOBS, DEFAULT_FILE_GLOBS, GlobSet, globToRegExp, relativeTo } from '../../src/ingest/watch-globs';

describe('file globs', () => {
  const files = new GlobSet(DEFAULT_FILE_GLOBS);
  const exclude = new GlobSet(DEFAULT_EXCLUDE_GLOBS);

  it('matches the default trace file names at any depth', () => {
    for (const p of ['traces.jsonl', 'app/traces.jsonl', 'run.traces.jsonl', '.spanscope/2026/x.jsonl', 'a/b.db', 'x.sqlite']) {
      expect(files.matches(p), p).toBe(true);
    }
    for (const p of ['traces.json', 'README.md', 'a/b.dbx']) expect(files.matches(p), p).toBe(false);
  });

  it('excludes dependency and build folders, and the folders themselves', () => {
    for (const p of ['node_modules', 'node_modules/x/traces.jsonl', 'a/.venv/lib/t.jsonl', '.git', 'pkg/__pycache__/x.db']) {
      expect(exclude.matches(p), p).toBe(true);
    }
    for (const p of ['src/traces.jsonl', 'venvironment/x.jsonl', 'my_node_modules/t.jsonl']) expect(exclude.matches(p), p).toBe(false);
  });

  it('supports ?, * and {a,b}', () => {
    expect(globToRegExp('runs/*.{jsonl,db}').test('runs/a.db')).toBe(true);
    expect(globToRegExp('runs/*.{jsonl,db}').test('runs/x/a.db')).toBe(false);
    expect(globToRegExp('run?.jsonl').test('run1.jsonl')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });

  it('makes paths relative to a root, or says they are outside', () => {
    expect(relativeTo('/w/', '/w/a/b.jsonl')).toBe('a/b.jsonl');
    expect(relativeTo('/w', '/wx/a')).toBeUndefined();
    expect(relativeTo('C:\\w', 'C:\\w\\a.jsonl')).toBe('a.jsonl');
  });
});
