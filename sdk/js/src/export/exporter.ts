/**
 * Where finished records go. Exporters receive whole native-format lines (each ending in
 * "\n"), in batches, off the hot path. They must never throw.
 */
export interface Exporter {
  export(lines: string[]): void;
  /** Best effort before the process ends: only synchronous work is possible in `exit`. */
  flushSync?(final?: boolean): void;
  /** Waits until everything handed to `export` is delivered (or has failed). */
  flush?(): Promise<void>;
  shutdown?(): Promise<void>;
}
