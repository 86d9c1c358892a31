/**
 * The tokens view in a real headless Chromium, under the panel's own HTML and CSP, showing the
 * numbers of a whole file of two generated runs read through the repository.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BUNDLED_PRICING, costEstimator } from '../../src/core/pricing';
import { tokensViewData } from '../../src/extension/tokens/tokens-model';
import type { TokensViewData } from '../../src/protocol/tokens-view';
import { CHROMIUM, chromiumPath, serveApp, type AppSite } from '../compare/harness/app-site';
import { loadTwoRuns, type TwoRuns } from '../compare/load-runs';
import { EXPECTED, HOSTILE_NAME } from '../compare/two-runs';

const exe = chromiumPath();
if (!exe) console.warn(`\n!!! SKIPPING the tokens view browser test: no Chromium at ${CHROMIUM}.\n!!! Install it (apt-get install -y chromium) or set SPANSCOPE_CHROMIUM.\n`);

const out = path.resolve(__dirname, '../../test-output/tokens');
interface W { harness: { sent: { type: string; traceId?: string; spanId?: string }[]; cspViolations: string[]; setTheme(n: string): void; post(m: unknown): void }; __xss?: string }

describe.skipIf(!exe)('tokens view in Chromium', () => {
  let site: AppSite;
  let browser: Browser;
  let page: Page;
  let runs: TwoRuns;
  let data: TokensViewData;
  const pageErrors: string[] = [];
  const sent = () => page.evaluate(() => (window as unknown as W).harness.sent);
  const value = async (id: string) => Number(await page.getByTestId(id).getAttribute('data-value'));

  beforeAll(async () => {
    runs = await loadTwoRuns();
    data = tokensViewData([runs.b, runs.a], {
      scope: 'file', title: 'runs.traces.jsonl', subtitle: 'runs.traces.jsonl', pricingDate: BUNDLED_PRICING.date,
      userPricing: false, estimateCost: costEstimator(BUNDLED_PRICING),
    });
    fs.mkdirSync(out, { recursive: true });
    site = await serveApp(path.join(out, 'site'), 'tokens', 'tokens-view.css');
    browser = await chromium.launch({ executablePath: exe, headless: true });
    page = await browser.newPage({ viewport: { width: 1100, height: 760 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(site.url);
    await page.waitForFunction(() => (window as unknown as W).harness.sent.some((m) => m.type === 'ready'));
    await page.evaluate((d) => (window as unknown as W).harness.post({ type: 'tokens', data: d }), data);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await runs?.repo.dispose();
  });

  it('shows the file totals, input, output, cache-read and reasoning apart', async () => {
    expect(await value('tokens-total-input')).toBe(EXPECTED.a.inputTokens + EXPECTED.b.inputTokens);
    expect(await value('tokens-total-output')).toBe(EXPECTED.a.outputTokens + EXPECTED.b.outputTokens);
    expect(await value('tokens-total-cache-read')).toBe(1024);
    expect(await value('tokens-total-reasoning')).toBe(200);
    expect(await value('tokens-total-cost')).toBeCloseTo(EXPECTED.a.costUsd + EXPECTED.b.costUsd, 12);
    expect(await page.getByTestId('tokens-total-input').textContent()).toBe('4.7k');
    // the estimated part is marked as such
    expect(await value('tokens-total-estimated')).toBeCloseTo(EXPECTED.a.estimatedCostUsd + EXPECTED.b.estimatedCostUsd, 12);
    expect(await page.getByTestId('tokens-total-cost').textContent()).toMatch(/^≈ \$0\.0/);
  });

  it('lists spans most expensive first, names as text, estimates marked', async () => {
    const rows = page.getByTestId('tokens-spans').locator('.span-row');
    expect(await rows.count()).toBe(6);
    const first = rows.first();
    expect(await first.locator('.name').textContent()).toContain(HOSTILE_NAME);
    expect(await first.locator('.model').textContent()).toBe('gpt-4.1');
    expect(await first.locator('.cost.estimated').count()).toBe(1);
    expect(await page.locator('.app script, .app img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as W).__xss)).toBeUndefined();
    const models = await page.getByTestId('tokens-by-model').locator('.tr:not(.th) .name').allTextContents();
    expect(models.map((m) => m.trim().replace(/ ×\d+$/, ''))).toEqual(['gpt-4.1', 'gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small']);
    await shot('tokens-dark');
    await page.evaluate(() => (window as unknown as W).harness.setTheme('light'));
    await shot('tokens-light');
    await page.evaluate(() => (window as unknown as W).harness.setTheme('hc'));
    await shot('tokens-hc');
    await page.evaluate(() => (window as unknown as W).harness.setTheme('dark'));
  });

  it('switches the span list to inclusive numbers: the roots come first', async () => {
    await page.locator('button[data-measure="inclusive"]').click();
    const first = page.getByTestId('tokens-spans').locator('.span-row').first();
    expect((await first.locator('.name').textContent())!.trim()).toMatch(/^answer_question/);
    await page.locator('button[data-measure="self"]').click();
  });

  it('asks the host to open a span when its row is clicked or entered', async () => {
    const row = page.getByTestId('tokens-spans').locator('.span-row').nth(1);
    await row.click();
    const spanId = await row.getAttribute('data-span');
    await expect.poll(async () => (await sent()).at(-1)).toEqual({ type: 'openSpan', traceId: data.spans[1].traceId, spanId });
    await row.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await sent()).at(-1)).toMatchObject({ type: 'openSpan', spanId: data.spans[2].spanId });
    expect(await page.evaluate(() => (window as unknown as W).harness.cspViolations)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  async function shot(name: string) {
    await page.screenshot({ path: path.join(out, `${name}.png`) });
  }
});
