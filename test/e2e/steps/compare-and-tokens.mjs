// End-to-end steps for comparing traces, the tokens view and prices, run in a real VS Code
// launched by test/e2e/harness/launch.mjs with Spanscope installed. The suite calls:
//
//   import { compareAndTokensSteps, compareFromTreeSteps, pricingSteps } from './steps/compare-and-tokens.mjs';
//   await compareAndTokensSteps(vsc, { screenshotDir, first: 'handle_request', second: 'kettle_question', expected, appendSpan });
//   await compareFromTreeSteps(vsc, { screenshotDir });          // opens the demo
//   await pricingSteps(vsc, { workspaceDir, screenshotDir });     // writes into the workspace, then cleans up
//
// compareAndTokensSteps runs "Spanscope: Compare Traces…", picks the two traces by name, reads
// the summary out of the diff view and checks it against the rows the view draws (and against
// `expected`, e.g. `spanscope diff A B --json` output, when given), opens a changed value in
// VS Code's diff editor, then opens "Spanscope: Show Tokens and Cost" for the newer trace and
// checks its totals against the diff view's numbers for that trace.
// Each throws with a message naming the mismatch and returns what it read.
import path from 'node:path';

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * @param {object} vsc  launchVSCode()'s result
 * @param {object} o
 * @param {string} o.screenshotDir
 * @param {string} [o.first]   name of the first trace to pick (default handle_request)
 * @param {string} [o.second]  name of the second trace (default kettle_question)
 * @param {{counts?: {same:number,changed:number,added:number,removed:number}, delta?: {duration?:number}}} [o.expected]
 */
export async function compareAndTokensSteps(vsc, { screenshotDir, first = 'handle_request', second = 'kettle_question', expected, appendSpan } = {}) {
  const { page } = vsc;
  const shot = (name) => vsc.screenshot(path.join(screenshotDir, `compare-and-tokens-${name}.png`));
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const pickByName = async (name, step) => {
    await input.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => { throw new Error(`${step}: no quick pick opened`); });
    await input.fill(name);
    const row = page.locator('.quick-input-widget .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*(\\$\\([^)]*\\)\\s*)?${escapeRe(name)}\\s*$`) }) }).first();
    await row.waitFor({ timeout: 15_000 }).catch(() => { throw new Error(`${step}: no trace named "${name}" in the quick pick`); });
    await row.click();
  };
  const frameOf = async (titles, what) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      for (const t of titles) {
        try {
          return await vsc.webviewFrame(t, { timeout: 1500 });
        } catch { /* try the next title */ }
      }
      if (Date.now() > deadline) throw new Error(`${what}: no webview titled ${titles.map((t) => `"${t}"`).join(' or ')}`);
    }
  };
  const num = async (loc, attr, what) => {
    const v = await loc.getAttribute(attr, { timeout: 15_000 }).catch(() => null);
    if (v === null || v === '' || Number.isNaN(Number(v))) throw new Error(`${what}: no numeric ${attr} (got ${v})`);
    return Number(v);
  };

  // 1. Compare from the palette
  await vsc.runCommand('Spanscope: Compare Traces…');
  await pickByName(first, 'Compare Traces, first pick');
  await pickByName(second, 'Compare Traces, second pick');
  let diff = await frameOf([`Compare ${second} ↔ ${first}`, `Compare ${first} ↔ ${second}`, `Compare ${first}`], 'diff view');
  await diff.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 }).catch(async () => {
    const err = await diff.locator('.error-message').textContent().catch(() => null);
    throw new Error(`diff view: not ready${err ? ` (${err.trim()})` : ''}`);
  });
  const counts = {};
  for (const k of ['same', 'changed', 'added', 'removed']) counts[k] = await num(diff.getByTestId(`diff-count-${k}`), 'data-value', `diff summary ${k} count`);
  const delta = {
    duration: await num(diff.getByTestId('diff-delta-duration'), 'data-value', 'diff summary Δ duration'),
    tokens: await num(diff.getByTestId('diff-delta-tokens'), 'data-value', 'diff summary Δ tokens'),
    costUsd: await num(diff.getByTestId('diff-delta-cost'), 'data-value', 'diff summary Δ cost'),
  };
  const side = async (which) => {
    const loc = diff.getByTestId(`diff-${which}-trace`);
    return {
      traceId: await loc.getAttribute('data-trace-id'),
      name: (await loc.locator('.side-name').textContent())?.trim(),
      inputTokens: await num(loc, 'data-input-tokens', `diff ${which} trace`),
      outputTokens: await num(loc, 'data-output-tokens', `diff ${which} trace`),
      costUsd: await num(loc, 'data-cost', `diff ${which} trace`),
      duration: await num(loc, 'data-duration', `diff ${which} trace`),
    };
  };
  const left = await side('left');
  const right = await side('right');
  const names = new Set([left.name, right.name]);
  if (!names.has(first) || !names.has(second)) throw new Error(`diff view compares "${left.name}" and "${right.name}", expected "${first}" and "${second}"`);
  if (delta.duration !== right.duration - left.duration) throw new Error(`diff summary Δ duration ${delta.duration} ≠ ${right.duration} − ${left.duration}`);
  const sideTokens = (s) => s.inputTokens + s.outputTokens;
  if (delta.tokens !== sideTokens(right) - sideTokens(left)) throw new Error(`diff summary Δ tokens ${delta.tokens} ≠ ${sideTokens(right)} − ${sideTokens(left)}`);
  if (Math.abs(delta.costUsd - (right.costUsd - left.costUsd)) > 1e-9) throw new Error(`diff summary Δ cost ${delta.costUsd} ≠ ${right.costUsd} − ${left.costUsd}`);
  // The rows drawn agree with the counts (small traces: every row is in the DOM).
  const rows = await num(diff.locator('.rows-scroller'), 'data-visible-rows', 'diff rows');
  const drawn = await diff.locator('.row').count();
  if (rows < 120 && drawn !== rows) throw new Error(`diff view draws ${drawn} rows, says ${rows}`);
  if (rows < 120) {
    for (const k of ['added', 'removed']) {
      const n = await diff.locator(`.row.kind-${k}`).count();
      if (n !== counts[k]) throw new Error(`diff view: ${n} ${k} rows drawn, the summary says ${counts[k]}`);
    }
  }
  if (expected?.counts) {
    for (const k of ['same', 'changed', 'added', 'removed']) {
      if (expected.counts[k] !== counts[k]) throw new Error(`diff summary: ${counts[k]} ${k}, expected ${expected.counts[k]} (${JSON.stringify(counts)} vs ${JSON.stringify(expected.counts)})`);
    }
  }
  if (expected?.delta?.duration !== undefined && expected.delta.duration !== delta.duration) {
    throw new Error(`diff summary Δ duration ${delta.duration} µs, expected ${expected.delta.duration}`);
  }
  // Filter to changed rows: only changed, added and removed remain.
  await diff.getByTestId('diff-changed-only').check();
  const changedRows = await num(diff.locator('.rows-scroller'), 'data-visible-rows', 'diff rows, changed only');
  if (changedRows !== counts.changed + counts.added + counts.removed) {
    throw new Error(`"Changed only" shows ${changedRows} rows, the summary counts ${counts.changed + counts.added + counts.removed} changes`);
  }
  await shot('diff');
  // A changed value opens VS Code's own diff editor on the two values.
  const valueButton = diff.locator('button.value-diff.differ').first();
  if (await valueButton.count() > 0) {
    const rowName = (await valueButton.locator('xpath=ancestor::div[@data-row][1]').locator('.cell-right .name').textContent())?.trim();
    const field = await valueButton.getAttribute('data-field');
    await valueButton.click();
    const tab = page.locator('.tabs-container .tab', { hasText: `${rowName} ${field}: A ↔ B` }).first();
    await tab.waitFor({ timeout: 15_000 }).catch(() => { throw new Error(`clicking "${field}" of "${rowName}" in the diff view opened no diff editor titled "${rowName} ${field}: A ↔ B"`); });
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 15_000 }).catch(() => { throw new Error('the value diff tab shows no diff editor'); });
    const sideText = (which) => page.locator(`.monaco-diff-editor .editor.${which} .view-lines`).first().innerText();
    const deadline = Date.now() + 15_000;
    let a = '', b = '';
    while (Date.now() < deadline && !(a.trim() && b.trim())) {
      a = await sideText('original').catch(() => '');
      b = await sideText('modified').catch(() => '');
      if (!(a.trim() && b.trim())) await page.waitForTimeout(200);
    }
    if (!a.trim() || !b.trim()) throw new Error(`the value diff editor shows no text (A: ${JSON.stringify(a.slice(0, 80))}, B: ${JSON.stringify(b.slice(0, 80))})`);
    if (a === b) throw new Error(`the value diff editor shows the same ${field} on both sides, though the diff view says they differ`);
    await shot('value-diff');
    await page.keyboard.press('Control+W');
    // The panel's webview was hidden behind the editor, and is a new frame now.
    diff = await frameOf([`Compare ${second} ↔ ${first}`, `Compare ${first} ↔ ${second}`, `Compare ${first}`], 'diff view after the value diff');
  }
  await diff.getByTestId('diff-changed-only').uncheck({ timeout: 5000 }).catch(() => {});

  // The diff follows the program: a span written to one of the two traces while the view is
  // open shows up, as added on side B or as removed on side A. (appendSpan writes one child
  // span, no tokens, inside the root of the trace named `second`; later steps use `first`.)
  if (appendSpan) {
    const target = right.name === second ? right : left;
    const kind = target === right ? 'added' : 'removed';
    appendSpan(target.traceId);
    const live = await frameOf([`Compare ${second} ↔ ${first}`, `Compare ${first} ↔ ${second}`, `Compare ${first}`], 'diff view after an append');
    const deadline = Date.now() + 20_000;
    let now = counts[kind];
    while (now !== counts[kind] + 1 && Date.now() < deadline) {
      await page.waitForTimeout(250);
      now = await num(live.getByTestId(`diff-count-${kind}`), 'data-value', `diff summary ${kind} count after an append`).catch(() => now);
    }
    if (now !== counts[kind] + 1) throw new Error(`a span appended to "${target.name}" did not reach the open diff view (${kind} ${now}, was ${counts[kind]})`);
    await shot('diff-live');
  }

  // 2. Tokens and cost of the newer trace (B)
  await vsc.runCommand('Spanscope: Show Tokens and Cost');
  await pickByName(right.name, 'Show Tokens and Cost');
  const tokens = await frameOf([`Tokens: ${right.name}`, 'Tokens and Cost'], 'tokens view');
  await tokens.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 }).catch(async () => {
    const err = await tokens.locator('.error-message').textContent().catch(() => null);
    throw new Error(`tokens view: not ready${err ? ` (${err.trim()})` : ''}`);
  });
  const totals = {
    inputTokens: await num(tokens.getByTestId('tokens-total-input'), 'data-value', 'tokens view input total'),
    outputTokens: await num(tokens.getByTestId('tokens-total-output'), 'data-value', 'tokens view output total'),
    cacheReadTokens: await num(tokens.getByTestId('tokens-total-cache-read'), 'data-value', 'tokens view cache-read total'),
    reasoningTokens: await num(tokens.getByTestId('tokens-total-reasoning'), 'data-value', 'tokens view reasoning total'),
    costUsd: await num(tokens.getByTestId('tokens-total-cost'), 'data-value', 'tokens view cost total'),
  };
  if (totals.inputTokens !== right.inputTokens || totals.outputTokens !== right.outputTokens) {
    throw new Error(`tokens view totals ${totals.inputTokens} in / ${totals.outputTokens} out for "${right.name}", the diff view says ${right.inputTokens} / ${right.outputTokens}`);
  }
  if (Math.abs(totals.costUsd - right.costUsd) > 1e-9) throw new Error(`tokens view cost ${totals.costUsd} for "${right.name}", the diff view says ${right.costUsd}`);
  const listed = await tokens.getByTestId('tokens-spans').locator('.span-row').count();
  if ((totals.inputTokens + totals.outputTokens > 0 || totals.costUsd > 0) && listed === 0) throw new Error('tokens view lists no span though the trace has tokens');
  await shot('tokens');
  return { counts, delta, left, right, totals };
}

/**
 * The tree's context menus: "Open Demo" writes two runs of answer_question; "Compare with
 * Previous Run" on the newer one opens their diff, "Select for Compare" then "Compare with
 * Selected" opens the same pair, and "Show Tokens and Cost" on the demo file opens the file's
 * tokens view. Throws on any mismatch; returns what it read.
 */
export async function compareFromTreeSteps(vsc, { screenshotDir, traceName = 'answer_question', fileName = 'demo.traces.jsonl' } = {}) {
  const { page } = vsc;
  const shot = (name) => vsc.screenshot(path.join(screenshotDir, `compare-from-tree-${name}.png`));
  await vsc.runCommand('Spanscope: Open Demo');
  // Open Demo opens the newest run's trace view: wait for it, so it takes no focus later.
  await page.locator('.tabs-container .tab', { hasText: new RegExp(`^\\s*${escapeRe(traceName)}\\s*$`) }).first().waitFor({ timeout: 30_000 })
    .catch(() => { throw new Error(`Open Demo opened no trace view titled "${traceName}"`); });
  // Room for the tree: fold the folder's file list.
  const folder = page.locator('.pane-header', { has: page.locator('.title', { hasText: /^\s*workspace\s*$/i }) }).first();
  if ((await folder.count()) > 0 && (await folder.getAttribute('aria-expanded')) === 'true') await folder.click();
  const pane = page.locator('.pane', { has: page.locator('.pane-header .title', { hasText: /^\s*Spanscope\s*$/i }) });
  const traceRows = pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(traceName)}\\s*$`) }) });
  const deadline = Date.now() + 30_000;
  while ((await traceRows.count()) < 2) {
    if (Date.now() > deadline) throw new Error(`the Spanscope tree does not list two "${traceName}" traces after Open Demo`);
    await page.waitForTimeout(200);
  }
  // The tree may redraw under an open menu (a trace view opening or closing selects in it),
  // which detaches the menu: open it again, a few times over.
  const menu = async (target, item) => {
    let last;
    for (let tries = 0; tries < 4; tries++) {
      try {
        await target.click({ button: 'right' });
        const entry = page.locator('.monaco-menu .action-item:visible', { hasText: new RegExp(`^\\s*${escapeRe(item)}\\s*$`) }).first();
        await entry.waitFor({ timeout: 3000 }).catch(async () => {
          const shown = await page.locator('.monaco-menu .action-item:visible').allInnerTexts().catch(() => []);
          throw new Error(`no "${item}" in the context menu (it shows: ${shown.map((t) => t.trim()).filter(Boolean).join(' | ') || 'nothing'})`);
        });
        // A menu ignores a click that comes right after it opened (the right button's release
        // must not pick an item): settle, hover, then click.
        await page.waitForTimeout(300);
        await entry.hover({ timeout: 3000 });
        await entry.click({ timeout: 3000 });
        await page.locator('.monaco-menu .action-item:visible').first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {
          throw new Error(`the context menu stayed open after clicking "${item}"`);
        });
        return;
      } catch (err) {
        last = err;
        await page.keyboard.press('Escape');
        await page.waitForTimeout(500);
      }
    }
    throw last;
  };
  const readCounts = async (frame) => {
    await frame.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
    const c = {};
    for (const k of ['same', 'changed', 'added', 'removed']) c[k] = Number(await frame.getByTestId(`diff-count-${k}`).getAttribute('data-value'));
    return c;
  };
  const closeActive = async () => {
    await page.keyboard.press('Control+W');
    await page.waitForTimeout(300);
  };

  await menu(traceRows.first(), 'Compare with Previous Run');
  const viaPrevious = await readCounts(await vsc.webviewFrame(`Compare ${traceName}`, { timeout: 30_000 }));
  if (viaPrevious.same + viaPrevious.changed < 1) throw new Error(`Compare with Previous Run: no matched spans (${JSON.stringify(viaPrevious)})`);
  await shot('previous-run');
  await closeActive();

  // "Compare with Selected" shows once the command has set its context key.
  await menu(traceRows.nth(1), 'Select for Compare');
  await page.waitForTimeout(500);
  await menu(traceRows.first(), 'Compare with Selected');
  const viaSelected = await readCounts(await vsc.webviewFrame(`Compare ${traceName}`, { timeout: 30_000 }));
  if (JSON.stringify(viaSelected) !== JSON.stringify(viaPrevious)) {
    throw new Error(`Compare with Selected on the same two runs counts ${JSON.stringify(viaSelected)}, Compare with Previous Run ${JSON.stringify(viaPrevious)}`);
  }
  await closeActive();

  const fileRow = pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(fileName)}\\s*$`) }) }).first();
  await menu(fileRow, 'Show Tokens and Cost');
  const tokens = await vsc.webviewFrame(`Tokens: ${fileName}`, { timeout: 30_000 });
  await tokens.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  const input = Number(await tokens.getByTestId('tokens-total-input').getAttribute('data-value'));
  const traces = await tokens.locator('.head').textContent();
  if (!/(^|\D)2 traces,/.test(traces ?? "")) throw new Error(`the file's tokens view does not say 2 traces: "${traces}"`);
  if (!(input > 0)) throw new Error(`the file's tokens view shows ${input} input tokens`);
  await shot('file-tokens');
  return { counts: viaPrevious, fileInputTokens: input };
}

/**
 * Prices: writes a trace whose LLM span has tokens but no cost into `workspaceDir`, opens its
 * tokens view (bundled prices), then sets `spanscope.pricing` and `spanscope.pricingFile` in the
 * workspace settings and edits the price file, reading the total cost after each change. The
 * workspace's .vscode/settings.json is put back as it was.
 */
export async function pricingSteps(vsc, { workspaceDir, screenshotDir }) {
  const fs = await import('node:fs');
  const { page } = vsc;
  const name = `priced_call_${Date.now().toString(36)}`;
  const iso = (ms) => new Date(ms).toISOString();
  const now = Date.now();
  const traceFile = path.join(workspaceDir, 'pricing', 'priced.traces.jsonl');
  fs.mkdirSync(path.dirname(traceFile), { recursive: true });
  fs.writeFileSync(traceFile, JSON.stringify({ id: name, trace_id: name, parent_id: null, name, span_type: 'llm', start_time: iso(now - 5000),
    end_time: iso(now - 4000), status: 'ok', model: 'gpt-4o', usage: { input_tokens: 1000, output_tokens: 1000 } }) + '\n');
  const settingsFile = path.join(workspaceDir, '.vscode', 'settings.json');
  const before = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
  const base = before ? JSON.parse(before) : {};
  const setSettings = (extra) => {
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ ...base, ...extra }, null, 2));
  };
  const priceFile = path.join(workspaceDir, 'pricing', 'prices.json');
  try {
    await vsc.runCommand('Spanscope: Show Tokens and Cost');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 30_000 })
      .catch(() => { throw new Error(`pricing: the new trace "${name}" is not offered by Show Tokens and Cost`); });
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().click();
    const f = await vsc.webviewFrame(`Tokens: ${name}`, { timeout: 30_000 });
    await f.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
    const expectCost = async (want, what) => {
      const deadline = Date.now() + 20_000;
      let got;
      for (;;) {
        got = Number(await f.getByTestId('tokens-total-cost').getAttribute('data-value'));
        if (Math.abs(got - want) < 1e-12) return;
        if (Date.now() > deadline) throw new Error(`pricing, ${what}: total cost ${got}, expected ${want}`);
        await page.waitForTimeout(300);
      }
    };
    // gpt-4o at the bundled $2.50 / $10 per million
    await expectCost((1000 * 2.5 + 1000 * 10) / 1e6, 'bundled prices');
    if ((await f.getByTestId('tokens-total-estimated').count()) !== 1) throw new Error('pricing: the estimated cost is not marked as estimated');
    setSettings({ 'spanscope.pricing': { 'gpt-4o': { input: 100, output: 200 } } });
    await expectCost(0.3, 'after setting spanscope.pricing');
    fs.writeFileSync(priceFile, JSON.stringify({ date: '2026-02-01', models: { 'gpt-4o': { input: 1, output: 1 } } }));
    setSettings({ 'spanscope.pricingFile': path.relative(workspaceDir, priceFile) });
    await expectCost(0.002, 'after setting spanscope.pricingFile');
    fs.writeFileSync(priceFile, JSON.stringify({ date: '2026-02-02', models: { 'gpt-4o': { input: 2, output: 2 } } }));
    await expectCost(0.004, 'after editing the price file');
    await vsc.screenshot(path.join(screenshotDir, 'pricing-tokens.png'));
    await page.keyboard.press('Control+W');
  } finally {
    if (before === undefined) fs.rmSync(settingsFile, { force: true });
    else fs.writeFileSync(settingsFile, before);
    fs.rmSync(path.dirname(traceFile), { recursive: true, force: true });
  }
}
