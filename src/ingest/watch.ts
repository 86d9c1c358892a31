/**
 * Finds trace files under the workspace roots and keeps the repository in step with them:
 * chokidar reports adds, changes and deletes; each file's events are debounced and handled
 * one at a time (open, then incremental refresh, then close), so a burst of appends becomes
 * one tail read and a replaced or truncated file is re-read by the store, never duplicated.
 */
import { watch, type FSWatcher } from 'chokidar';
import fs from 'node:fs';
import path from 'node:path';
import type { Stats } from 'node:fs';
import type { TraceRepository } from './types';
import { GlobSet, NAMED_TRACE_GLOBS, relativeTo } from './watch-globs';
import type { SniffResult } from './watch-sniff';

export interface TraceWatcherOptions {
  roots: readonly string[];
  /** `spanscope.files` */
  files: readonly string[];
  /** `spanscope.exclude` */
  exclude: readonly string[];
  repo: Pick<TraceRepository, 'open' | 'refresh' | 'close'>;
  /** Tells trace files from other files of a candidate name (JSONL nobody claims, non-trace SQLite). */
  sniff: (file: string) => Promise<SniffResult>;
  /** ms to wait for a burst of writes to settle (default 150) */
  debounceMs?: number;
  /** for network drives and tests that need it; chokidar's default is native events */
  usePolling?: boolean;
  /** a file started or stopped being tracked */
  onTracked?: (file: string, tracked: boolean) => void;
  /** a file could not be read: the message names the file */
  onProblem?: (file: string, message: string) => void;
}

/** SQLite writes its committed pages to these before the main file: a change there is a change to the database. */
const SQLITE_COMPANIONS = ['-wal', '-journal'];

export class TraceWatcher {
  private readonly include: GlobSet;
  private readonly named: GlobSet;
  private readonly exclude: GlobSet;
  private readonly roots: string[];
  private readonly tracked = new Set<string>();
  /** candidates whose content said "not a trace"; looked at again only when replaced */
  private readonly rejected = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly chains = new Map<string, Promise<void>>();
  private watcher: FSWatcher | undefined;
  private disposed = false;

  constructor(private readonly o: TraceWatcherOptions) {
    this.roots = o.roots.map((r) => path.resolve(r));
    this.include = new GlobSet(o.files);
    this.exclude = new GlobSet(o.exclude);
    this.named = new GlobSet(o.files.filter((g) => NAMED_TRACE_GLOBS.includes(g)));
  }

  /** Scans the roots, opens every trace file found, then keeps watching. Resolves when the first scan is read. */
  async start(): Promise<void> {
    const initial: string[] = [];
    let ready = false;
    const w = watch([...this.roots], {
      ignored: (p: string, stats?: Stats) => this.ignored(p, stats),
      ignoreInitial: false,
      followSymlinks: false,
      usePolling: this.o.usePolling,
      interval: 100,
      binaryInterval: 100,
    });
    this.watcher = w;
    const onEvent = (file: string) => {
      if (!ready) initial.push(file);
      else this.schedule(file);
    };
    w.on('add', onEvent);
    w.on('change', onEvent);
    w.on('unlink', (file: string) => { this.rejected.delete(file); this.schedule(file); });
    w.on('error', (err: unknown) => this.o.onProblem?.(this.roots.join(', '), `file watcher: ${String(err)}`));
    await new Promise<void>((resolve) => w.once('ready', () => resolve()));
    ready = true;
    for (const f of new Set(initial.map((f) => this.target(f)).filter((f): f is string => !!f))) this.enqueue(f);
    await this.idle();
  }

  /** Files currently open in the repository. */
  files(): string[] {
    return [...this.tracked].sort();
  }

  /** Resolves once no debounce timer is pending and every queued read has finished. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.timers.size > 0) { await new Promise((r) => setTimeout(r, 20)); continue; }
      const chains = [...this.chains.values()];
      if (chains.length === 0) return;
      await Promise.all(chains);
      if (this.timers.size === 0 && [...this.chains.values()].every((c) => chains.includes(c))) return;
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await this.watcher?.close();
    await Promise.all(this.chains.values());
  }

  /** Is `file` (absolute) a candidate by name: under a root, included, not excluded? */
  isCandidate(file: string): boolean {
    const rel = this.rel(file);
    return rel !== undefined && rel !== '' && this.include.matches(rel) && !this.exclude.matches(rel);
  }

  private rel(file: string): string | undefined {
    for (const r of this.roots) {
      const rel = relativeTo(r, file);
      if (rel !== undefined) return rel;
    }
    return undefined;
  }

  private ignored(p: string, stats?: Stats): boolean {
    const rel = this.rel(p);
    if (rel === undefined || rel === '') return false;
    if (this.exclude.matches(rel)) return true;
    if (stats?.isFile()) return this.target(p) === undefined;
    return false;
  }

  /** The trace file an event on `file` concerns: itself, or the database a `-wal` belongs to. */
  private target(file: string): string | undefined {
    if (this.isCandidate(file)) return file;
    for (const suffix of SQLITE_COMPANIONS) {
      if (file.endsWith(suffix)) {
        const main = file.slice(0, -suffix.length);
        if (this.isCandidate(main)) return main;
      }
    }
    return undefined;
  }

  private schedule(file: string): void {
    const target = this.target(file);
    if (!target || this.disposed) return;
    const old = this.timers.get(target);
    if (old) clearTimeout(old);
    this.timers.set(target, setTimeout(() => {
      this.timers.delete(target);
      this.enqueue(target);
    }, this.o.debounceMs ?? 150));
  }

  private enqueue(file: string): void {
    const prev = this.chains.get(file) ?? Promise.resolve();
    const next: Promise<void> = prev
      .then(() => (this.disposed ? undefined : this.reconcile(file)))
      .catch((err: unknown) => this.o.onProblem?.(file, err instanceof Error ? err.message : String(err)))
      .finally(() => { if (this.chains.get(file) === next) this.chains.delete(file); });
    this.chains.set(file, next);
  }

  /** Bring the repository in line with what is on disk now. */
  private async reconcile(file: string): Promise<void> {
    let size = -1;
    try {
      const st = await fs.promises.stat(file);
      if (st.isFile()) size = st.size;
    } catch { /* gone */ }
    if (size < 0) {
      this.rejected.delete(file);
      if (this.tracked.delete(file)) {
        await this.o.repo.close(file);
        this.o.onTracked?.(file, false);
      }
      return;
    }
    if (this.tracked.has(file)) {
      // What changed reaches the tree through onDidChange: no summary wanted back.
      await this.o.repo.refresh(file, { summary: false });
      return;
    }
    const rejectedAt = this.rejected.get(file);
    // A rejected file only changes its mind when its first record changes: it was rewritten.
    if (rejectedAt !== undefined && size >= rejectedAt) { this.rejected.set(file, size); return; }
    const named = this.named.matches(this.rel(file) ?? '');
    if (!named) {
      const verdict = await this.o.sniff(file);
      if (verdict === 'empty') return; // judged again when something is written
      if (!verdict) { this.rejected.set(file, size); return; }
    }
    this.tracked.add(file);
    try {
      await this.o.repo.open(file);
    } catch (err) {
      this.tracked.delete(file);
      // A candidate by content that the store will not read (a SQLite file of another
      // schema): said once, not retried on every write.
      if (!named) this.rejected.set(file, size);
      throw err;
    }
    this.o.onTracked?.(file, true);
  }
}
