/**
 * The live price table: `spanscope.pricing` and `spanscope.pricingFile` layered over the
 * bundled table (see pricing.ts), read again when either setting or the file changes.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import { costEstimator } from '../../core/pricing';
import type { Span } from '../../core/model';
import { layerPricing, type LayeredPricing, type PricingInputs } from './pricing';

export class PricingSource implements vscode.Disposable {
  private current: LayeredPricing = layerPricing({});
  private estimator = costEstimator(this.current.table);
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private fileWatcher: vscode.FileSystemWatcher | undefined;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private reported = '';
  private loading: Promise<void> = Promise.resolve();

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('spanscope.pricing') || e.affectsConfiguration('spanscope.pricingFile')) void this.reload();
    }));
    void this.reload();
  }

  get pricing(): LayeredPricing {
    return this.current;
  }

  /** For rollups and diffs: the estimated cost of a span without a stated one. */
  get estimateCost(): (span: Span) => number | undefined {
    return this.estimator;
  }

  /** Resolves once the settings and file as they are now are in the table. */
  ready(): Promise<void> {
    return this.loading;
  }

  reload(): Promise<void> {
    this.loading = this.loading.then(() => this.load()).catch((err: unknown) => this.log.error(`pricing: ${String(err)}`));
    return this.loading;
  }

  private async load(): Promise<void> {
    const config = vscode.workspace.getConfiguration('spanscope');
    const inputs: PricingInputs = { setting: config.get<unknown>('pricing') };
    const rel = (config.get<string>('pricingFile') ?? '').trim();
    this.watchFile(rel);
    if (rel) {
      const uri = resolveFile(rel);
      if (!uri) inputs.file = { path: rel, error: 'no workspace folder is open to resolve this path against' };
      else {
        try {
          const bytes = await vscode.workspace.fs.readFile(uri);
          inputs.file = { path: rel, text: new TextDecoder().decode(bytes) };
        } catch (err) {
          inputs.file = { path: rel, error: `cannot read ${uri.fsPath} (${err instanceof Error ? err.message : String(err)})` };
        }
      }
    }
    this.current = layerPricing(inputs);
    this.estimator = costEstimator(this.current.table);
    const report = this.current.warnings.join('\n');
    for (const w of this.current.warnings) this.log.warn(`pricing: ${w}`);
    if (report && report !== this.reported) {
      void vscode.window.showWarningMessage(`Spanscope: some prices were not used: ${this.current.warnings[0]}${this.current.warnings.length > 1 ? ` (and ${this.current.warnings.length - 1} more; see the log)` : ''}`);
    }
    this.reported = report;
    this.log.info(`pricing: ${Object.keys(this.current.table.models).length} models, prices of ${this.current.table.date}${this.current.user ? ', with user prices' : ''}`);
    this.emitter.fire();
  }

  private watchedFile = '';
  private watchFile(rel: string): void {
    if (rel === this.watchedFile) return;
    this.fileWatcher?.dispose();
    this.fileWatcher = undefined;
    this.watchedFile = rel;
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!rel) return;
    const pattern = path.isAbsolute(rel) || !folder
      ? new vscode.RelativePattern(vscode.Uri.file(path.dirname(rel)), path.basename(rel))
      : new vscode.RelativePattern(folder, rel);
    const w = vscode.workspace.createFileSystemWatcher(pattern);
    const again = () => void this.reload();
    w.onDidChange(again);
    w.onDidCreate(again);
    w.onDidDelete(again);
    this.fileWatcher = w;
  }

  dispose(): void {
    this.fileWatcher?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function resolveFile(rel: string): vscode.Uri | undefined {
  if (path.isAbsolute(rel)) return vscode.Uri.file(rel);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, rel) : undefined;
}
