/**
 * Window progress for big files: a load that is still going after a second gets a progress
 * item in the status bar with the share read so far. Shorter loads show nothing.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import type { LoadProgress } from '../ingest/store/localRepository';

const SHOW_AFTER_MS = 1000;
/** A load that reports nothing for this long is taken as over (the worker died, the file went). */
const STALL_MS = 30_000;

interface Load {
  timer: NodeJS.Timeout;
  stall: NodeJS.Timeout;
  fraction: number;
  report?: (fraction: number) => void;
  finish?: () => void;
}

export interface LoadProgressTracker extends vscode.Disposable {
  /** A read of `file` finished: its progress item goes, whatever the last byte count said. */
  done(file: string): void;
}

export function trackLoadProgress(
  onProgress: (listener: (e: LoadProgress) => void) => () => void,
): LoadProgressTracker {
  const loads = new Map<string, Load>();
  const end = (file: string) => {
    const l = loads.get(file);
    if (!l) return;
    clearTimeout(l.timer);
    clearTimeout(l.stall);
    l.finish?.();
    loads.delete(file);
  };
  const off = onProgress((e) => {
    const fraction = e.total > 0 ? Math.min(1, e.bytesRead / e.total) : 1;
    let l = loads.get(e.file);
    if (fraction >= 1) return end(e.file);
    if (!l) {
      const load: Load = {
        fraction,
        stall: setTimeout(() => end(e.file), STALL_MS),
        timer: setTimeout(() => {
          void vscode.window.withProgress(
            { location: vscode.ProgressLocation.Window, title: `Spanscope: reading ${path.basename(e.file)}` },
            (progress) => new Promise<void>((resolve) => {
              let shown = 0;
              load.report = (f) => {
                const pct = Math.round(f * 100);
                if (pct > shown) { progress.report({ message: `${pct}%`, increment: pct - shown }); shown = pct; }
              };
              load.finish = resolve;
              load.report(load.fraction);
            }),
          );
        }, SHOW_AFTER_MS),
      };
      loads.set(e.file, (l = load));
    }
    l.fraction = fraction;
    l.report?.(fraction);
    clearTimeout(l.stall);
    l.stall = setTimeout(() => end(e.file), STALL_MS);
  });
  return {
    done: end,
    dispose: () => { off(); for (const f of [...loads.keys()]) end(f); },
  };
}
