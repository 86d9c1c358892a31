/**
 * Starts and stops the OTLP receiver for the workspace: settings to options, a taken port
 * turned into an offer of the next free one, the status bar and the context key kept in step.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { OtlpReceiver } from '../../ingest/receiver';
import { readReceiverSettings, RECEIVER_SECTION } from './settings';
import { ReceiverStatusBar } from './status-bar';

export interface ReceiverDeps {
  log: vscode.LogOutputChannel;
  workspaceFolder: () => string | undefined;
}

const MB = 1 << 20;

/**
 * The receiver's code (protobuf decoding included) takes tens of milliseconds to load: it is
 * loaded on first start, not at activation.
 */
const loadReceiver = () => import('../../ingest/receiver');

export class ReceiverController implements vscode.Disposable {
  private receiver: OtlpReceiver | undefined;
  private starting: Promise<void> | undefined;
  private readonly bar = new ReceiverStatusBar();

  constructor(private readonly deps: ReceiverDeps) {}

  get running(): boolean {
    return this.receiver !== undefined;
  }

  get endpoint(): string | undefined {
    return this.receiver?.endpoint;
  }

  /** Starts on the configured port (or `port`); `quiet` skips the "already running" note. */
  start(port?: number, quiet = false): Promise<void> {
    this.starting ??= this.doStart(port, quiet).finally(() => { this.starting = undefined; });
    return this.starting;
  }

  private async doStart(portOverride: number | undefined, quiet: boolean): Promise<void> {
    if (this.receiver) {
      if (!quiet) void this.offerCopy(`The Spanscope OTLP receiver is already listening on ${this.receiver.endpoint}.`);
      return;
    }
    const folder = this.deps.workspaceFolder();
    if (!folder) {
      void vscode.window.showErrorMessage('Spanscope: open a folder first. The OTLP receiver stores the traces it receives in the workspace.');
      return;
    }
    const s = readReceiverSettings();
    const port = portOverride ?? s.port;
    const log = this.deps.log;
    const { OtlpReceiver } = await loadReceiver();
    const receiver = new OtlpReceiver({
      port,
      directory: path.resolve(folder, s.directory),
      maxFileBytes: Math.max(1, s.maxFileMB) * MB,
      retentionDays: Math.max(0, s.retentionDays),
      maxTotalBytes: Math.max(0, s.maxTotalMB) * MB,
      log: (level, m) => log[level](m),
      onStats: (stats) => this.bar.update(stats),
    });
    try {
      await receiver.start();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') return this.portTaken(port);
      log.error(`receiver: could not listen on 127.0.0.1:${port}: ${(err as Error).message}`);
      void vscode.window.showErrorMessage(`Spanscope: the OTLP receiver could not listen on 127.0.0.1:${port}: ${(err as Error).message}`);
      return;
    }
    this.receiver = receiver;
    log.info(`receiver listening on ${receiver.endpoint}, storing traces in ${path.resolve(folder, s.directory)}`);
    this.bar.listening(receiver.endpoint, receiver.stats);
    void vscode.commands.executeCommand('setContext', 'spanscope.receiverRunning', true);
    if (port !== s.port) {
      void this.offerCopy(`Spanscope OTLP receiver listening on ${receiver.endpoint} (port ${s.port} was taken). `
        + `Set OTEL_EXPORTER_OTLP_ENDPOINT=${receiver.endpoint} in the program you trace.`);
    }
  }

  private async portTaken(port: number): Promise<void> {
    this.deps.log.warn(`receiver: port ${port} is in use`);
    const next = await (await loadReceiver()).nextFreePort(port);
    if (next === undefined) {
      void vscode.window.showErrorMessage(`Spanscope: port ${port} and the 20 after it are in use. Set "${RECEIVER_SECTION}.port" to a free port.`);
      return;
    }
    const once = `Use Port ${next}`;
    const always = `Use ${next} and Save in Settings`;
    const choice = await vscode.window.showWarningMessage(
      `Spanscope: port ${port} is already in use (another OTLP receiver or collector?), so the receiver did not start. `
      + `Port ${next} is free: the endpoint would be http://127.0.0.1:${next}.`,
      once, always,
    );
    if (choice === always) {
      await vscode.workspace.getConfiguration(RECEIVER_SECTION).update('port', next, vscode.ConfigurationTarget.Workspace);
      // the configuration listener restarts nothing while stopped: start here
    }
    if (choice === once || choice === always) await this.start(next);
  }

  private async offerCopy(message: string): Promise<void> {
    const copy = 'Copy Endpoint';
    if ((await vscode.window.showInformationMessage(message, copy)) === copy) await this.copyEndpoint();
  }

  async copyEndpoint(): Promise<void> {
    const endpoint = this.receiver?.endpoint;
    if (!endpoint) {
      const start = 'Start Receiver';
      const choice = await vscode.window.showInformationMessage('Spanscope: the OTLP receiver is not running.', start);
      if (choice === start) await this.start();
      if (!this.receiver) return;
      return this.copyEndpoint();
    }
    await vscode.env.clipboard.writeText(endpoint);
    void vscode.window.setStatusBarMessage(`Copied ${endpoint}`, 3000);
  }

  async stop(): Promise<void> {
    await this.starting;
    const r = this.receiver;
    if (!r) return;
    this.receiver = undefined;
    this.bar.stopped();
    void vscode.commands.executeCommand('setContext', 'spanscope.receiverRunning', false);
    await r.stop();
    this.deps.log.info(`receiver stopped (${r.stats.spansAccepted} span(s) stored, ${r.stats.spansRejected} rejected, ${r.stats.requests} request(s))`);
  }

  /** After a settings change: a running receiver restarts with the new settings. */
  async restart(): Promise<void> {
    if (!this.receiver) return;
    await this.stop();
    await this.start(undefined, true);
  }

  dispose(): void {
    void this.stop();
    this.bar.dispose();
  }
}
