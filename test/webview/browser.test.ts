/**
 * The trace view in a real headless Chromium: the page the panel serves (same HTML, same CSP),
 * the real bundle, a stand-in for VS Code that posts a synthetic 100k-span trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildSite, chromiumPath, CHROMIUM, serveSite, type Site } from './harness/site';
import type { ViewToHost } from '../../src/protocol/trace-view';

const exe = chromiumPath();
if (!exe) {
  console.warn(`\n!!! SKIPPING the trace view browser test: no Chromium at ${CHROMIUM}.\n!!! Install it (apt-get install -y chromium) or set SPANSCOPE_CHROMIUM.\n`);
}

const out = path.resolve(__dirname, '../../test-output/webview');
const N = 100_000;

interface HarnessWindow {
  harness: {
    sent: ViewToHost[];
    cspViolations: string[];
    trace?: { rows: { id: string; name: string; parent: number; childCount: number }[] };
    setTheme(name: string): void;
    postSnapshot(n: number, opts?: { running?: boolean }): { spanCount: number };
    appendSpan(name: string): void;
  };
  __xss?: string;
}

describe.skipIf(!exe)('trace view in Chromium', () => {
  let site: Site;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    const dir = path.join(out, 'site');
    fs.rmSync(dir, { recursive: true, force: true });
    await buildSite(dir);
    site = await serveSite(dir);
    browser = await chromium.launch({ executablePath: exe, headless: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.goto(site.url);
    await page.waitForFunction(() => (window as unknown as HarnessWindow).harness.sent.some((m) => m.type === 'ready'));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const sent = () => page.evaluate(() => (window as unknown as HarnessWindow).harness.sent);
  const detailsName = () => page.locator('.details .span-name').textContent();
  const rowName = (i: number) => page.evaluate((k) => (window as unknown as HarnessWindow).harness.trace!.rows[k].name, i);
  const spacerHeight = () => page.evaluate(() => (document.querySelector('.wf-spacer') as HTMLElement).offsetHeight);

  it('says ready first and paints a 100k-span snapshot', async () => {
    const first = await sent();
    expect(first[0]).toEqual({ type: 'ready' });
    await page.evaluate((n) => (window as unknown as HarnessWindow).harness.postSnapshot(n), N);
    await page.waitForFunction((n) => document.body.dataset.paintedRows === String(n), N);
    expect(await spacerHeight()).toBe(N * 22);
    // The rows canvas holds drawn pixels other than the background in the first rows.
    const distinct = await page.evaluate(() => {
      const c = document.querySelector('canvas.wf-rows') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, 22 * 5).data;
      const colours = new Set<number>();
      for (let i = 0; i < d.length; i += 4) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return colours.size;
    });
    expect(distinct).toBeGreaterThan(20);
    expect(await page.locator('.trace-summary').textContent()).toContain('100,000 spans');
  });

  it('shows the clicked span in the details pane, with its conversation once loaded', async () => {
    const rows = await page.evaluate(() => (window as unknown as HarnessWindow).harness.trace!.rows.slice(0, 200).map((r, i) => ({ i, name: r.name, type: (r as unknown as { type: string }).type })));
    const llm = rows.find((r) => r.type === 'llm')!;
    expect(llm).toBeDefined();
    const box = (await page.locator('.wf-scroller').boundingBox())!;
    await page.mouse.click(box.x + 120, box.y + llm.i * 22 + 11);
    await expect.poll(detailsName).toBe(llm.name);
    await page.locator('.section-conversation').waitFor();
    const transcript = await page.locator('.transcript').textContent();
    expect(transcript).toContain('Find the population of Lyon');
    // The tool call and its result are one block: the result message is not repeated on its own.
    expect(await page.locator('.transcript .tool-call .tool-result').count()).toBe(1);
    expect(await page.locator('.transcript .tool-call .tool-result').textContent()).toContain('Lyon: 522,250');
    expect(await page.locator('.transcript .msg-tool').count()).toBe(0);
    expect((await sent()).some((m) => m.type === 'requestSpan')).toBe(true);
  });

  it('shows hostile LLM output as text: no script runs, no element is created', async () => {
    const details = page.locator('.details');
    const text = await details.textContent();
    expect(text).toContain('<script>window.__xss = "script ran"</script>');
    expect(text).toContain('<img src=x onerror=');
    expect(await page.locator('.details script, .details img').count()).toBe(0);
    await page.waitForTimeout(100);
    expect(await page.evaluate(() => (window as unknown as HarnessWindow).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('shows a span name holding markup as text', async () => {
    await page.evaluate(() => (window as unknown as { harness: { post(m: unknown): void; trace: { rows: { id: string }[] } } }).harness.post({ type: 'focusSpan', spanId: (window as unknown as HarnessWindow).harness.trace!.rows[3].id }));
    await expect.poll(detailsName).toContain('<img src=x onerror=');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as HarnessWindow).__xss)).toBeUndefined();
  });

  it('moves, collapses and expands with the keyboard, and Enter asks for the source', async () => {
    await page.locator('.wf-scroller').focus();
    await page.keyboard.press('Home');
    await expect.poll(detailsName).toBe(await rowName(0));
    await page.keyboard.press('ArrowDown');
    await expect.poll(detailsName).toBe(await rowName(1));
    await page.keyboard.press('ArrowUp');
    await expect.poll(detailsName).toBe(await rowName(0));
    // Left on the expanded root collapses the whole trace to one row; Right opens it again.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(spacerHeight).toBe(22);
    await page.keyboard.press('ArrowRight');
    await expect.poll(spacerHeight).toBe(N * 22);
    // Right on an expanded row goes to its first child; Left goes back to the parent.
    await page.keyboard.press('ArrowRight');
    await expect.poll(detailsName).toBe(await rowName(1));
    await page.keyboard.press('ArrowLeft'); // row 1 has children: collapses it
    await page.keyboard.press('ArrowLeft'); // then goes to its parent
    await expect.poll(detailsName).toBe(await rowName(0));
    await page.keyboard.press('End');
    await expect.poll(detailsName).toBe(await rowName(N - 1));
    const scrollTop = await page.evaluate(() => document.querySelector('.wf-scroller')!.scrollTop);
    expect(scrollTop).toBeGreaterThan((N - 100) * 22);
    await page.keyboard.press('Enter');
    const ids = await page.evaluate(() => (window as unknown as HarnessWindow).harness.trace!.rows.map((r) => r.id));
    await expect.poll(async () => (await sent()).filter((m) => m.type === 'openSource').pop()).toEqual({ type: 'openSource', spanId: ids[N - 1] });
  });

  it('finds spans by name and steps through the hits', async () => {
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('search-input');
    await page.keyboard.type('rerank');
    await page.keyboard.press('Enter');
    await expect.poll(detailsName).toBe('rerank top-k');
    const count = await page.locator('.search-count').textContent();
    expect(count).toMatch(/^1 of \d+$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.search-count').textContent()).toMatch(/^2 of \d+$/);
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => page.locator('.search-count').textContent()).toMatch(/^1 of \d+$/);
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('wf-scroller');
  });

  it('renders big values lazily: a page of items at a time, long strings cut', async () => {
    const ids = await page.evaluate(() => (window as unknown as HarnessWindow).harness.trace!.rows.map((r) => r.id));
    const id = ids[5];
    await page.evaluate((spanId) => {
      const h = (window as unknown as { harness: { overrides: Record<string, unknown>; trace: { summary: { traceId: string; startTime: number } } } }).harness;
      h.overrides[spanId] = {
        id: spanId, traceId: h.trace.summary.traceId, parentId: null, name: 'big span', spanType: 'tool', startTime: h.trace.summary.startTime, status: 'ok',
        inputs: { items: Array.from({ length: 5000 }, (_, i) => ({ i })), text: 'x'.repeat(10_000) },
      };
      (window as unknown as { harness: { post(m: unknown): void } }).harness.post({ type: 'focusSpan', spanId });
    }, id);
    const inputs = page.locator('.details .section-inputs');
    await inputs.waitFor();
    await inputs.locator('.json-branch', { hasText: 'items' }).click();
    const more = inputs.locator('button.json-more', { hasText: 'show 100 more of 4900' });
    await more.waitFor();
    // 100 items of one key each (small objects start open): 200 lines, not 10,000
    expect(await inputs.locator('.json-line').count()).toBeLessThan(220);
    await more.click();
    await inputs.locator('button.json-more', { hasText: 'show 100 more of 4800' }).waitFor();
    const cut = inputs.locator('button.json-more', { hasText: 'show 8000 more characters' });
    expect(await cut.count()).toBe(1);
    await cut.click();
    expect(await inputs.locator('.json-string').filter({ hasText: 'x'.repeat(10_000) }).count()).toBe(1);
  });

  it('takes live increments: an appended span shows up', async () => {
    await page.evaluate(() => (window as unknown as HarnessWindow).harness.appendSpan('late tool call'));
    await page.waitForFunction((n) => document.body.dataset.paintedRows === String(n), N + 1);
    await page.locator('.wf-scroller').focus();
    await page.keyboard.press('End');
    await expect.poll(detailsName).toBe('late tool call');
  });

  it('zooms with the keyboard and ctrl+wheel, keeping the trace in bounds', async () => {
    type Saved = { viewStart?: number; viewEnd?: number };
    const saved = () => page.evaluate(() => (window as unknown as { harness: { state: Saved } }).harness.state);
    const width = async () => { const v = await saved(); return v?.viewStart === undefined ? Number.POSITIVE_INFINITY : v.viewEnd! - v.viewStart; };
    await page.locator('.wf-scroller').focus();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await expect.poll(width).toBeLessThan(Number.POSITIVE_INFINITY);
    const byKeys = await width();
    const box = (await page.locator('.wf-scroller').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.8, box.y + 100);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    await expect.poll(width).toBeLessThan(byKeys * 0.9);
    const zoomed = await saved();
    const traceDuration = await page.evaluate(() => (window as unknown as { harness: { trace: { summary: { duration: number } } } }).harness.trace.summary.duration);
    expect(zoomed.viewEnd! - zoomed.viewStart!).toBeLessThan(traceDuration / 2);
    // dragging the bars to the left moves the window to later times, same width
    await page.mouse.move(box.x + box.width * 0.9, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + 200, { steps: 4 });
    await page.mouse.move(box.x + box.width * 0.7, box.y + 200, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await saved()).viewStart! > zoomed.viewStart!).toBe(true);
    const panned = await saved();
    expect(panned.viewEnd! - panned.viewStart!).toBeCloseTo(zoomed.viewEnd! - zoomed.viewStart!, 0);
    // the toolbar's fit button shows the whole trace again
    await page.locator('button[aria-label^="Fit the whole trace"]').click();
    await expect.poll(async () => (await saved()).viewStart).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });

  it('collapses and expands a row with a click on its chevron', async () => {
    await page.locator('.wf-scroller').focus();
    await page.keyboard.press('*');
    await page.keyboard.press('Home');
    const full = await spacerHeight();
    const box = (await page.locator('.wf-scroller').boundingBox())!;
    // row 1 is at depth 1: its chevron sits one indent in
    const chevronX = box.x + 4 + 14 + 6;
    await page.mouse.click(chevronX, box.y + 22 + 11);
    await expect.poll(spacerHeight).toBeLessThan(full);
    await page.mouse.click(chevronX, box.y + 22 + 11);
    await expect.poll(spacerHeight).toBe(full);
  });

  it('comes back as it was after the webview is dropped and recreated (hidden, then shown)', async () => {
    // keyboard zoom and a collapse, then a selection, all saved through setState
    await page.evaluate((n) => (window as unknown as HarnessWindow).harness.postSnapshot(n), N);
    await page.waitForFunction((n) => document.body.dataset.paintedRows === String(n), N);
    await page.locator('.wf-scroller').focus();
    await page.keyboard.press('*'); // expand all: start from a known state
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown'); // row 1, a step with children
    await page.keyboard.press('ArrowLeft'); // collapse it
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowDown');
    const selected = await detailsName();
    type Saved = { selectedId?: string; collapsed: string[]; viewStart?: number; viewEnd?: number };
    const saved = () => page.evaluate(() => (window as unknown as { harness: { state: Saved } }).harness.state);
    await expect.poll(async () => (await saved())?.viewEnd !== undefined && (await saved()).collapsed.length === 1).toBe(true);
    const before = await saved();
    const rowsBefore = await spacerHeight();
    await page.reload();
    await page.waitForFunction(() => (window as unknown as HarnessWindow).harness.sent.some((m) => m.type === 'ready'));
    await page.evaluate((n) => (window as unknown as HarnessWindow).harness.postSnapshot(n), N);
    await page.waitForFunction((n) => document.body.dataset.paintedRows === String(n), N);
    await expect.poll(detailsName).toBe(selected);
    expect(await spacerHeight()).toBe(rowsBefore);
    // a round trip of the selection makes the restored view save what it now holds
    await page.locator('.wf-scroller').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await saved())?.selectedId).toBe(before.selectedId);
    const after = await saved();
    expect(after.collapsed).toEqual(before.collapsed);
    expect(after.viewStart).toBeCloseTo(before.viewStart!, 3);
    expect(after.viewEnd).toBeCloseTo(before.viewEnd!, 3);
  });

  it('renders legibly in dark, light and high contrast (screenshots)', async () => {
    const small = await browser.newPage({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
    small.on('pageerror', (e) => pageErrors.push(e.message));
    await small.goto(site.url);
    await small.waitForFunction(() => (window as unknown as HarnessWindow).harness.sent.length > 0);
    await small.evaluate(() => (window as unknown as HarnessWindow).harness.postSnapshot(400));
    await small.waitForFunction(() => document.body.dataset.paintedRows === '400');
    const box = (await small.locator('.wf-scroller').boundingBox())!;
    await small.evaluate(() => document.fonts.ready);
    // an LLM span near the top, so the transcript shows
    const llmRow = await small.evaluate(() => (window as unknown as HarnessWindow).harness.trace!.rows.findIndex((r) => (r as unknown as { type: string }).type === 'llm'));
    await small.mouse.click(box.x + 150, box.y + llmRow * 22 + 11);
    await small.locator('.section-conversation').waitFor();
    await small.locator('.search-input').fill('search');
    await small.waitForTimeout(200);
    await small.locator('.wf-scroller').focus();
    fs.mkdirSync(out, { recursive: true });
    for (const theme of ['dark', 'light', 'hc']) {
      await small.evaluate((t) => (window as unknown as HarnessWindow).harness.setTheme(t), theme);
      await small.waitForTimeout(100);
      await small.screenshot({ path: path.join(out, `trace-view-${theme}.png`) });
    }
    // The host can point the view at a span (focusSpan): here the failed one, to show its error.
    await small.evaluate(() => (window as unknown as HarnessWindow).harness.setTheme('dark'));
    const failed = await small.evaluate(() => (window as unknown as HarnessWindow).harness.trace!.rows.find((r) => (r as unknown as { status: string }).status === 'error')!);
    await small.evaluate((id) => (window as unknown as { harness: { post(m: unknown): void } }).harness.post({ type: 'focusSpan', spanId: id }), failed.id);
    await expect.poll(() => small.locator('.details .span-name').textContent()).toBe(failed.name);
    await small.locator('.details .error-stack').waitFor();
    expect(await small.locator('.details .error-stack').textContent()).toContain('Traceback');
    await small.screenshot({ path: path.join(out, 'trace-view-error.png') });
    // A trace still being written: running spans marked.
    await small.evaluate(() => {
      const h = (window as unknown as HarnessWindow).harness;
      h.setTheme('light');
      h.postSnapshot(60, { running: true });
    });
    await small.waitForFunction(() => document.body.dataset.paintedRows === '60');
    await small.locator('.wf-scroller').focus();
    await small.keyboard.press('End');
    await small.waitForTimeout(100);
    await small.screenshot({ path: path.join(out, 'trace-view-running.png') });
    // A narrow editor group: details go below the waterfall.
    await small.setViewportSize({ width: 620, height: 720 });
    await small.waitForTimeout(150);
    await small.screenshot({ path: path.join(out, 'trace-view-narrow.png') });
    await small.close();
    expect(pageErrors).toEqual([]);
  });

  it('runs under the panel\'s strict CSP without a single violation', async () => {
    const violations = await page.evaluate(() => (window as unknown as HarnessWindow).harness.cspViolations);
    expect(violations).toEqual([]);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe');
  });
});
