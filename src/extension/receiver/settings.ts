/** The `spanscope.receiver.*` settings, with the manifest's defaults (contributes.json) as fallback. */
import * as vscode from 'vscode';

export interface ReceiverSettings {
  port: number;
  autoStart: boolean;
  /** relative to the workspace folder, or absolute */
  directory: string;
  maxFileMB: number;
  retentionDays: number;
  maxTotalMB: number;
}

export const RECEIVER_SECTION = 'spanscope.receiver';

export function readReceiverSettings(): ReceiverSettings {
  const c = vscode.workspace.getConfiguration(RECEIVER_SECTION);
  return {
    port: c.get<number>('port') ?? 4318,
    autoStart: c.get<boolean>('autoStart') ?? false,
    directory: c.get<string>('directory') || '.spanscope',
    maxFileMB: c.get<number>('maxFileMB') ?? 100,
    retentionDays: c.get<number>('retentionDays') ?? 7,
    maxTotalMB: c.get<number>('maxTotalMB') ?? 1024,
  };
}
