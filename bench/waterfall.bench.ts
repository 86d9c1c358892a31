/**
 * The trace view's waterfall in headless Chromium: time from posting a 100k-span snapshot to
 * its first painted frame, and frame times while scrolling and zooming it for ~2 s. Baselines
 * measured in the same run: a 100-span snapshot (fixed costs) and an idle page's frame
 * interval (the display rate this Chromium runs at). Goals: first paint < 500 ms, scrolling at
 * 60 fps (p95 frame time within 1.25× the idle frame interval).
 *
 * Needs Chromium at /usr/bin/chromium (or SPANSCOPE_CHROMIUM). SPANSCOPE_BENCH_SPANS changes N.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildSite, chromiumPath, CHROMIUM, serveSite } from '../test/webview/harness/site';

const N = Number(process.env.SPANSCOPE_BENCH_SPANS ?? 100_000);
const ROUNDS = 3;
const SECONDS = 2;

interface BenchWindow {
  harness: { sent: { type: string }[]; prepare(n: number): number; postPrepared(): void };
}

/** ms from posting the snapshot to (a) the end of the first draw with its rows, (b) the next frame after it. */
async function firstPaint(page: Page, n: number): Promise<{ draw: number; frame: number; heapMB: number; arrive: number; model: number; apply: number }> {
  return page.evaluate(async (count) => {
    const h = (window as unknown as BenchWindow).harness;
    h.prepare(count);
    await new Promise((r) => setTimeout(r, 100));
    performance.clearMeasures();
    const t0 = performance.now();
    h.postPrepared();
    await new Promise<void>((resolve) => {
      const check = () => (document.body.dataset.paintedRows === String(count) ? resolve() : requestAnimationFrame(check));
      requestAnimationFrame(check);
    });
    await new Promise((r) => requestAnimationFrame(r));
    const frame = performance.now() - t0;
    const draws = performance.getEntriesByName('waterfall-draw');
    const draw = draws.length > 0 ? draws[draws.length - 1].startTime + draws[draws.length - 1].duration - t0 : Number.NaN;
    const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    const model = performance.getEntriesByName('snapshot-model')[0];
    const apply = performance.getEntriesByName('snapshot-apply')[0];
    return {
      draw, frame, heapMB: mem ? mem.usedJSHeapSize / 1048576 : Number.NaN,
      arrive: model ? model.startTime - t0 : Number.NaN, model: model?.duration ?? Number.NaN, apply: apply?.duration ?? Number.NaN,
    };
  }, n);
}

interface Frames { intervals: number[]; draws: number[]; seconds: number }

/** rAF intervals for `seconds`, doing `step` each frame ('idle', 'scroll', 'jump', 'zoom'). */
async function frames(page: Page, step: string, seconds: number): Promise<Frames> {
  return page.evaluate(async ({ mode, secs }) => {
    const scroller = document.querySelector('.wf-scroller') as HTMLElement;
    scroller.scrollTop = 0;
    performance.clearMeasures('waterfall-draw');
    const intervals: number[] = [];
    let last = 0;
    let k = 0;
    await new Promise<void>((resolve) => {
      const t0 = performance.now();
      const tick = (t: number) => {
        if (last) intervals.push(t - last);
        last = t;
        k++;
        if (mode === 'scroll') scroller.scrollTop += 40;
        else if (mode === 'jump') scroller.scrollTop = (k * 7919 * 22) % scroller.scrollHeight;
        else if (mode === 'zoom') {
          scroller.dispatchEvent(new WheelEvent('wheel', { deltaY: k % 60 < 30 ? -40 : 40, ctrlKey: true, clientX: 800, clientY: 300, bubbles: true, cancelable: true }));
          scroller.scrollTop += 22;
        }
        if (performance.now() - t0 < secs * 1000) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    const draws = performance.getEntriesByName('waterfall-draw').map((e) => e.duration);
    return { intervals, draws, seconds: secs };
  }, { mode: step, secs: seconds });
}

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const median = (xs: number[]) => pct(xs, 50);
const f1 = (x: number) => x.toFixed(1);

async function main(): Promise<void> {
  const exe = chromiumPath();
  if (!exe) {
    console.log(`waterfall bench SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set SPANSCOPE_CHROMIUM)`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanscope-waterfall-bench-'));
  await buildSite(dir);
  const site = await serveSite(dir);
  const browser = await chromium.launch({ executablePath: exe, headless: true });
  try {
    const open = async (deviceScaleFactor = 1) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor });
      await page.goto(site.url);
      await page.waitForFunction(() => (window as unknown as BenchWindow).harness.sent.some((m) => m.type === 'ready'));
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      return page;
    };
    const paints: Record<string, { draw: number[]; frame: number[]; heap: number; arrive: number[]; model: number[]; apply: number[] }> = {};
    for (const n of [100, N]) {
      const key = String(n);
      paints[key] = { draw: [], frame: [], heap: 0, arrive: [], model: [], apply: [] };
      for (let r = 0; r < ROUNDS; r++) {
        const page = await open();
        const p = await firstPaint(page, n);
        paints[key].draw.push(p.draw);
        paints[key].frame.push(p.frame);
        paints[key].heap = p.heapMB;
        paints[key].arrive.push(p.arrive);
        paints[key].model.push(p.model);
        paints[key].apply.push(p.apply);
        await page.close();
      }
    }
    // Frame times suffer from whatever else the machine runs: each case runs ROUNDS times,
    // interleaved with its idle baseline, and the round with the median fps is reported.
    const cases: [string, string, number][] = [
      ['idle page (baseline)', 'idle', 1], ['scroll 40 px/frame', 'scroll', 1], ['jump to random rows', 'jump', 1],
      ['ctrl+wheel zoom + scroll', 'zoom', 1], ['scroll 40 px/frame, DPR 2', 'scroll', 2],
    ];
    const runs = new Map<string, Frames[]>(cases.map(([name]) => [name, []]));
    for (const dpr of [1, 2]) {
      const page = await open(dpr);
      await firstPaint(page, N);
      for (let r = 0; r < ROUNDS; r++) {
        for (const [name, mode, caseDpr] of cases) if (caseDpr === dpr || mode === 'idle' && dpr === 1) runs.get(name)!.push(await frames(page, mode, SECONDS));
      }
      await page.close();
    }
    const fpsOf = (f: Frames) => f.intervals.length / (f.intervals.reduce((a, b) => a + b, 0) / 1000);
    const pick = (name: string): Frames => {
      const all = [...runs.get(name)!].sort((a, b) => fpsOf(a) - fpsOf(b));
      return all[Math.floor(all.length / 2)];
    };
    const idle = pick('idle page (baseline)');
    const scroll = pick('scroll 40 px/frame');

    const small = paints['100'];
    const big = paints[String(N)];
    console.log(`\nTrace view waterfall, headless ${(await browser.version())}, 1280×800, ${ROUNDS} rounds (median), load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
    console.log(`first paint, ${N} spans: draw done ${f1(median(big.draw))} ms, next frame ${f1(median(big.frame))} ms (all rounds: ${big.frame.map(f1).join(', ')}); JS heap ${f1(big.heap)} MB`);
    console.log(`  of which: message arrives (clone) ${f1(median(big.arrive))} ms, columns → model ${f1(median(big.model))} ms, apply (layout, details, search) ${f1(median(big.apply))} ms`);
    console.log(`first paint, 100 spans (baseline): draw done ${f1(median(small.draw))} ms, next frame ${f1(median(small.frame))} ms; ratio ${N}/100 spans: ${(median(big.frame) / median(small.frame)).toFixed(2)}×`);
    console.log(`  of which: message arrives ${f1(median(small.arrive))} ms, model ${f1(median(small.model))} ms, apply ${f1(median(small.apply))} ms`);
    const idleP95 = pct(idle.intervals, 95);
    console.log('frames over ~2 s'.padEnd(34), 'frames', '  fps', ' p50 ms', ' p95 ms', ' ×idle p95', ' draw p50/p95 ms', ' fps of rounds');
    for (const [name] of cases) {
      const f = pick(name);
      console.log(name.padEnd(34), String(f.intervals.length).padStart(6), f1(fpsOf(f)).padStart(5), f1(pct(f.intervals, 50)).padStart(7), f1(pct(f.intervals, 95)).padStart(7),
        (pct(f.intervals, 95) / idleP95).toFixed(2).padStart(10), `  ${f.draws.length ? `${pct(f.draws, 50).toFixed(2)}/${pct(f.draws, 95).toFixed(2)}` : '—'}`.padEnd(16),
        runs.get(name)!.map((x) => f1(fpsOf(x))).join(' '));
    }
    const paintOk = median(big.frame) < 500;
    const scrollOk = pct(scroll.intervals, 95) <= idleP95 * 1.25 && pct(scroll.intervals, 95) <= 1000 / 60 * 1.25;
    console.log(`goal first paint < 500 ms: ${paintOk ? 'met' : 'NOT met'} (${f1(median(big.frame))} ms); 60 fps scroll: ${scrollOk ? 'met' : 'NOT met'} (p95 ${f1(pct(scroll.intervals, 95))} ms, idle p95 ${f1(idleP95)} ms)`);
  } finally {
    await browser.close();
    await site.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
