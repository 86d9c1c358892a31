/**
 * Where finished records go. Exporters receive batches of whole native-format lines as UTF-8
 * bytes (every line ends in "\n"), off the hot path. They must never throw, and must not
 * keep `bytes` after returning (the writer reuses its buffers): copy what you need.
 */
export interface Exporter {
  /** `bytes`: `count` complete lines; a batch is at most 1 MiB unless one line is larger. */
  export(bytes: Uint8Array, count: number): void;
  /** Best effort before the process ends: only synchronous work is possible in `exit`. */
  flushSync?(final?: boolean): void;
  /** Waits until everything handed to `export` is delivered (or has failed). */
  flush?(): Promise<void>;
  shutdown?(): Promise<void>;
}
