/** The shared time axis: µs ↔ pixels, zoom around a point, pan, and ruler ticks. */

export interface Viewport {
  /** µs from the trace start */
  start: number;
  end: number;
}

/** The narrowest window: 1 µs across the whole width is as deep as zoom goes. */
export const MIN_SPAN_US = 1;

export function timeToX(t: number, vp: Viewport, width: number): number {
  return ((t - vp.start) / (vp.end - vp.start)) * width;
}

export function xToTime(x: number, vp: Viewport, width: number): number {
  return vp.start + (x / width) * (vp.end - vp.start);
}

/** The whole trace with a little air on the right for labels. */
export function fitViewport(extent: number): Viewport {
  const e = Math.max(extent, MIN_SPAN_US);
  return { start: 0, end: e * 1.04 };
}

/** Keep a window inside [0, max] (max = fitted end) and at least MIN_SPAN_US wide. */
export function clampViewport(vp: Viewport, max: number): Viewport {
  let span = Math.max(MIN_SPAN_US, Math.min(vp.end - vp.start, max));
  if (!Number.isFinite(span)) span = max;
  let start = Math.min(Math.max(0, vp.start), Math.max(0, max - span));
  if (!Number.isFinite(start)) start = 0;
  return { start, end: start + span };
}

/** Zoom by `factor` (>1 zooms in) keeping the time under `anchorT` where it is. */
export function zoomAt(vp: Viewport, anchorT: number, factor: number, max: number): Viewport {
  const span = vp.end - vp.start;
  const next = Math.min(max, Math.max(MIN_SPAN_US, span / factor));
  const ratio = span > 0 ? (anchorT - vp.start) / span : 0.5;
  const start = anchorT - ratio * next;
  return clampViewport({ start, end: start + next }, max);
}

/** Move the window by `dx` pixels (positive moves to later times). */
export function panBy(vp: Viewport, dx: number, width: number, max: number): Viewport {
  const dt = (dx / width) * (vp.end - vp.start);
  return clampViewport({ start: vp.start + dt, end: vp.end + dt }, max);
}

/** Show [t0, t1] with a margin, e.g. to zoom to the selected span. */
export function focusRange(t0: number, t1: number, max: number): Viewport {
  const span = Math.max(MIN_SPAN_US, t1 - t0);
  const margin = span * 0.1;
  return clampViewport({ start: t0 - margin, end: t1 + margin }, max);
}

/** Ruler ticks at 1/2/5×10^k µs, at least `minPx` apart. */
export function ticks(vp: Viewport, width: number, minPx = 90): { step: number; times: number[] } {
  const span = vp.end - vp.start;
  if (!(span > 0) || !(width > 0)) return { step: 0, times: [] };
  const raw = (span / width) * minPx;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const times: number[] = [];
  const first = Math.ceil(vp.start / step) * step;
  for (let t = first; t <= vp.end && times.length < 1000; t += step) times.push(t);
  return { step, times };
}
