/**
 * The diff view in a real headless Chromium, under the panel's own HTML and CSP, showing a
 * real TraceDiff of two generated runs read through the repository.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, chromiumPath, serveApp, type AppSite } from './harness/app-site';
import { loadTwoRuns, type TwoRuns } from './load-runs';
import { HOSTILE_NAME, HOSTILE_OUTPUT } from './two-runs';
import type { DiffViewData } from '../../src/protocol/diff-view';

const exe = chromiumPath();
if (!exe) console.warn(`\n!!! SKIPPING the diff view browser test: no Chromium at ${CHROMIUM}.\n!!! Install it (apt-get install -y chromium) or set SPANSCOPE_CHROMIUM.\n`);

const out = path.resolve(__dirname, '../../test-output/compare');
interface W { harness: { sent: { type: string; row?: number; field?: string }[]; cspViolations: string[]; setTheme(n: string): void; post(m: unknown): void }; __xss?: string }

describe.skipIf(!exe)('diff view in Chromium', () => {
  let site: AppSite;
  let browser: Browser;
  let page: Page;
  let runs: TwoRuns;
  let data: DiffViewData;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  const sent = () => page.evaluate(() => (window as unknown as W).harness.sent);

  beforeAll(async () => {
    runs = await loadTwoRuns();
    data = structuredClone(runs.data);
    // a hostile model name too: models show in the change badges and tooltips
    const plan = data.rows.find((r) => r.right?.name === 'plan')!;
    plan.right!.model = HOSTILE_OUTPUT;
    plan.delta = { ...plan.delta!, modelChanged: true, rightModel: HOSTILE_OUTPUT };
    fs.mkdirSync(out, { recursive: true });
    site = await serveApp(path.join(out, 'site'), 'diff', 'diff-view.css');
    browser = await chromium.launch({ executablePath: exe, headless: true });
    page = await browser.newPage({ viewport: { width: 1200, height: 520 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.goto(site.url);
    await page.waitForFunction(() => (window as unknown as W).harness.sent.some((m) => m.type === 'ready'));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await runs?.repo.dispose();
  });

  it('says ready, then shows the summary of the whole run', async () => {
    expect((await sent())[0]).toEqual({ type: 'ready' });
    await page.evaluate((d) => (window as unknown as W).harness.post({ type: 'diff', data: d }), data);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const tid = (id: string) => page.getByTestId(id);
    expect(await tid('diff-delta-duration').textContent()).toBe('+1.2 s');
    expect(Number(await tid('diff-delta-duration').getAttribute('data-value'))).toBe(1_200_000);
    expect(Number(await tid('diff-delta-cost').getAttribute('data-value'))).toBeCloseTo(runs.data.delta.costUsd, 12);
    expect(await tid('diff-delta-tokens').textContent()).toBe(`+${runs.data.delta.inputTokens + runs.data.delta.outputTokens}`);
    expect(await tid('diff-count-added').getAttribute('data-value')).toBe('1');
    expect(await tid('diff-count-removed').getAttribute('data-value')).toBe('1');
    expect(await tid('diff-count-changed').getAttribute('data-value')).toBe('2');
    expect(await page.locator('.summary').textContent()).toContain('partly estimated');
  });

  it('draws one aligned row per diff row, coloured by kind', async () => {
    expect(await page.locator('.rows-scroller').getAttribute('data-visible-rows')).toBe(String(data.rows.length));
    expect(await page.locator('.row').count()).toBe(data.rows.length);
    expect(await page.locator('.row.kind-added .cell-right .name').textContent()).toBe('rerank');
    expect(await page.locator('.row.kind-added .cell-left.filler').count()).toBe(1);
    expect(await page.locator('.row.kind-removed .cell-left .name').textContent()).toBe('web_search');
    const bg = await page.locator('.row.kind-removed .cell-left').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(bg).toBe('rgba(255, 0, 0, 0.2)');
    const slower = page.locator('.row.kind-changed .badge.slower').first();
    expect(await slower.textContent()).toMatch(/^\+/);
  });

  it('shows markup in span names and models as text: nothing runs, no element is made', async () => {
    const names = await page.locator('.row .name').allTextContents();
    expect(names).toContain(HOSTILE_NAME);
    expect(await page.locator('.rows-scroller').textContent()).toContain(HOSTILE_OUTPUT);
    expect(await page.locator('.rows-scroller script, .rows-scroller img, .summary img').count()).toBe(0);
    await page.waitForTimeout(100);
    expect(await page.evaluate(() => (window as unknown as W).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('filters to changed rows only', async () => {
    await page.getByTestId('diff-changed-only').check();
    expect(await page.locator('.rows-scroller').getAttribute('data-visible-rows')).toBe('4');
    expect(await page.locator('.row.kind-same').count()).toBe(0);
    await shot('diff-changed-only-dark');
    await page.getByTestId('diff-changed-only').uncheck();
    expect(await page.locator('.row').count()).toBe(data.rows.length);
  });

  it('moves with the keyboard from change to change and asks for the value diff', async () => {
    await page.locator('.rows-scroller').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('n');
    const first = data.rows.findIndex((r) => r.kind !== 'same');
    await expect.poll(() => page.locator('.row.selected').getAttribute('data-row')).toBe(String(first));
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('.row.selected').getAttribute('data-row')).toBe(String(first + 1));
    const plan = data.rows.findIndex((r) => r.right?.name === 'plan');
    while (Number(await page.locator('.row.selected').getAttribute('data-row')) !== plan) await page.keyboard.press('n');
    await page.keyboard.press('i');
    await expect.poll(async () => (await sent()).at(-1)).toEqual({ type: 'openValueDiff', row: plan, field: 'inputs' });
  });

  it('asks for the value diff when a changed value is clicked', async () => {
    const compose = data.rows.findIndex((r) => r.right?.name === HOSTILE_NAME);
    const row = page.locator(`.row[data-row="${compose}"]`);
    // inputs are the same on both sides: no button for them
    expect(await row.locator('button[data-field="inputs"]').count()).toBe(0);
    await row.locator('button[data-field="outputs"]').click();
    await expect.poll(async () => (await sent()).at(-1)).toEqual({ type: 'openValueDiff', row: compose, field: 'outputs' });
  });

  it('looks right in dark and light themes, without CSP violations or page errors', async () => {
    await page.locator('.rows-scroller').focus();
    await page.keyboard.press('Home');
    await shot('diff-dark');
    await page.evaluate(() => (window as unknown as W).harness.setTheme('light'));
    await shot('diff-light');
    await page.evaluate(() => (window as unknown as W).harness.setTheme('hc'));
    await shot('diff-hc');
    await page.evaluate(() => (window as unknown as W).harness.setTheme('dark'));
    expect(await page.evaluate(() => (window as unknown as W).harness.cspViolations)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('keeps a 50k-row diff light: only the rows in sight are in the DOM', async () => {
    const n = 50_000;
    await page.evaluate(({ d, n }) => {
      const base = d.rows.find((r) => r.kind === 'same')!;
      const rows = Array.from({ length: n }, (_, i) => {
        const kind = i % 10 === 3 ? 'added' : i % 10 === 7 ? 'changed' : 'same';
        const span = { ...base.left!, id: `s${i}`, name: `step_${i}` };
        return kind === 'added' ? { kind, depth: 1, right: span } : { ...base, kind, depth: 1, left: span, right: span };
      });
      (window as unknown as W).harness.post({ type: 'diff', data: { ...d, rows } });
    }, { d: data, n });
    await expect.poll(() => page.locator('.rows-scroller').getAttribute('data-visible-rows')).toBe(String(n));
    expect(await page.locator('.row').count()).toBeLessThan(100);
    await page.locator('.rows-scroller').focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('.row.selected .cell-right .name').textContent()).toBe(`step_${n - 1}`);
    await page.keyboard.press('p');
    await expect.poll(() => page.locator('.row.selected').getAttribute('data-row')).toBe(String(n - 3));
    expect(await page.locator('.row').count()).toBeLessThan(100);
    // back to the real diff for what follows
    await page.evaluate((d) => (window as unknown as W).harness.post({ type: 'diff', data: d }), data);
    await expect.poll(() => page.locator('.rows-scroller').getAttribute('data-visible-rows')).toBe(String(data.rows.length));
  });

  async function shot(name: string) {
    await page.screenshot({ path: path.join(out, `${name}.png`) });
  }
});
