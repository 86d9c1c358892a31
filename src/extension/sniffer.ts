/** Wires the core's content checks into file discovery. */
import fs from 'node:fs';
import type * as vscode from 'vscode';
import { detectLineFormat } from '../core/readers/jsonl';
import { sniffTraceDatabase } from '../core/readers/sqlite/index';
import { makeSniffer, type SniffResult } from '../ingest/watch-sniff';

/**
 * Above this size a database's schema is not checked here: opening it with sql.js would hold
 * the extension host for too long. The worker opens it instead and says if it is no trace store.
 */
const HOST_SNIFF_MAX_BYTES = 4 * 1024 * 1024;

export function traceSniffer(log: vscode.LogOutputChannel): (file: string) => Promise<SniffResult> {
  const sniff = makeSniffer({
    isTraceDatabase: async (file) => {
      const size = (await fs.promises.stat(file)).size;
      if (size > HOST_SNIFF_MAX_BYTES) return true;
      return sniffTraceDatabase(file);
    },
    claimsRecord: (record) => detectLineFormat(record) !== undefined,
  });
  return async (file) => {
    const verdict = await sniff(file);
    log.trace(`${file}: ${verdict === true ? 'trace file' : verdict === 'empty' ? 'empty, looked at again when written' : 'not a trace file'}`);
    return verdict;
  };
}
