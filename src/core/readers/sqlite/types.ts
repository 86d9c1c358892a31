/** What each table-specific reader returns; index.ts adds the format id. */
import type { ReadWarning, Span } from '../../model';

export interface SqliteReadOutput {
  spans: Span[];
  warnings: ReadWarning[];
}
