/** Wires the core's content checks into file discovery. */
import type * as vscode from 'vscode';
import { detectLineFormat } from '../core/readers/jsonl';
import { looksLikeSqlite, makeSniffer, type SniffResult } from '../ingest/watch-sniff';

export function traceSniffer(log: vscode.LogOutputChannel): (file: string) => Promise<SniffResult> {
  const sniff = makeSniffer({
    // The schema is checked by the worker's open (it rejects unknown schemas with a message):
    // opening a database with sql.js here would hold the extension host.
    isTraceDatabase: looksLikeSqlite,
    claimsRecord: (record) => detectLineFormat(record) !== undefined,
  });
  return async (file) => {
    const verdict = await sniff(file);
    log.trace(`${file}: ${verdict === true ? 'trace file candidate' : verdict === 'empty' ? 'empty, looked at again when written' : 'not a trace file'}`);
    return verdict;
  };
}
