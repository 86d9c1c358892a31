/** Painting the waterfall's visible rows and its ruler onto canvases. Only visible rows are touched. */
import type { ViewRow } from '../../src/protocol/trace-view';
import type { TraceModel } from './rows';
import { formatDuration, formatTokens } from '../shared/format';
import { glyph, TYPE_ICONS } from './icons';
import { ticks, timeToX, type Viewport } from './scale';
import type { Palette } from './theme';

export const ROW_HEIGHT = 22;
export const RULER_HEIGHT = 24;
const INDENT = 14;
const TWISTY_X = 4;

export interface RowsFrame {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
  scrollTop: number;
  nameWidth: number;
  model: TraceModel;
  visible: Int32Array;
  subtreeEnd: Int32Array;
  collapsed: Uint8Array;
  /** row flags: 1 = search hit */
  hits: Uint8Array;
  currentHit: number;
  selected: number;
  hovered: number;
  focused: boolean;
  viewport: Viewport;
  palette: Palette;
  glyphs: boolean;
}

/** Left edge of a row's name text, after indent, twisty and type icon. */
export function indentOf(depth: number, nameWidth: number): number {
  // Deep trees keep at least 120 px for the name itself.
  return Math.min(TWISTY_X + depth * INDENT, Math.max(0, nameWidth - 120));
}

/** Whether x (in the name column) hits the expand/collapse chevron of a row at `depth`. */
export function hitsTwisty(x: number, depth: number, nameWidth: number): boolean {
  const left = indentOf(depth, nameWidth);
  return x >= left - 2 && x <= left + 18;
}

export function drawRows(f: RowsFrame): void {
  const { ctx, width, height, palette: p, nameWidth } = f;
  // One pass over the canvas's pixels per frame, not two.
  if (p.background) {
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, width, height);
  } else {
    ctx.clearRect(0, 0, width, height);
  }
  const barsX = nameWidth + 1;
  const barsW = Math.max(1, width - barsX - 8);
  const first = Math.max(0, Math.floor(f.scrollTop / ROW_HEIGHT));
  const last = Math.min(f.visible.length, Math.ceil((f.scrollTop + height) / ROW_HEIGHT));

  // Grid lines under everything.
  ctx.fillStyle = p.grid;
  ctx.globalAlpha = 0.5;
  for (const t of ticks(f.viewport, barsW).times) {
    const x = Math.round(barsX + timeToX(t, f.viewport, barsW)) + 0.5;
    ctx.fillRect(x, 0, 1, height);
  }
  ctx.globalAlpha = 1;

  ctx.textBaseline = 'middle';
  // Three passes (backgrounds, names, bars) so each area is clipped once per frame rather
  // than once per row: clips are what software rasterizers pay most for.
  const rows: ViewRow[] = [];
  for (let k = first; k < last; k++) {
    const i = f.visible[k];
    // Only visible rows are materialized: a few dozen small objects per frame.
    rows.push(f.model.row(i));
    drawRowBackground(f, i, k * ROW_HEIGHT - f.scrollTop);
  }
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, nameWidth - 4, height);
  ctx.clip();
  for (let k = first; k < last; k++) drawName(f, rows[k - first], f.visible[k], k * ROW_HEIGHT - f.scrollTop);
  ctx.restore();
  ctx.save();
  ctx.beginPath();
  ctx.rect(barsX, 0, barsW + 8, height);
  ctx.clip();
  for (let k = first; k < last; k++) drawBar(f, rows[k - first], f.visible[k], k * ROW_HEIGHT - f.scrollTop, barsX, barsW);
  ctx.restore();

  // Column divider.
  ctx.fillStyle = p.grid;
  ctx.fillRect(nameWidth, 0, 1, height);
}

function drawRowBackground(f: RowsFrame, i: number, y: number): void {
  const { ctx, palette: p, width, nameWidth } = f;
  const selected = i === f.selected;
  const selectionFill = f.focused ? p.selectionBg : p.inactiveSelectionBg;
  if (selected && selectionFill) {
    ctx.fillStyle = selectionFill;
    ctx.fillRect(0, y, width, ROW_HEIGHT);
  } else if (selected) {
    ctx.strokeStyle = p.focusBorder;
    ctx.lineWidth = 1;
    ctx.setLineDash(f.focused ? [] : [2, 2]);
    ctx.strokeRect(0.5, y + 0.5, width - 1, ROW_HEIGHT - 1);
    ctx.setLineDash([]);
  } else if (i === f.hovered && p.rowHover) {
    ctx.fillStyle = p.rowHover;
    ctx.fillRect(0, y, width, ROW_HEIGHT);
  }
  if (f.hits[i]) {
    ctx.fillStyle = i === f.currentHit ? p.findMatchCurrent : p.findMatch;
    ctx.fillRect(0, y + 1, nameWidth, ROW_HEIGHT - 2);
    const border = i === f.currentHit ? p.findMatchCurrentBorder : p.findMatchBorder;
    if (border) {
      ctx.strokeStyle = border;
      ctx.setLineDash(i === f.currentHit ? [] : [2, 2]);
      ctx.lineWidth = 1;
      ctx.strokeRect(1.5, y + 1.5, nameWidth - 3, ROW_HEIGHT - 3);
      ctx.setLineDash([]);
    }
  }
  if (selected && f.focused) {
    ctx.strokeStyle = p.focusBorder;
    ctx.lineWidth = 1;
    ctx.strokeRect(0.5, y + 0.5, width - 1, ROW_HEIGHT - 1);
  }
}

/** Truncated names by font, text and room, so a frame measures only names it has not seen. */
const fitted = new Map<string, string>();

/** `text` cut with an ellipsis to fit `room` px in the current font. */
export function fitText(ctx: CanvasRenderingContext2D, text: string, room: number): string {
  const key = `${ctx.font}\u0000${Math.floor(room)}\u0000${text}`;
  const hit = fitted.get(key);
  if (hit !== undefined) return hit;
  let out = text.length > 200 ? text.slice(0, 200) : text;
  if (room <= 0) out = '';
  else if (ctx.measureText(out).width > room) {
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(`${out.slice(0, mid)}…`).width <= room) lo = mid;
      else hi = mid - 1;
    }
    out = lo > 0 ? `${out.slice(0, lo)}…` : '';
  }
  if (fitted.size > 20_000) fitted.clear();
  fitted.set(key, out);
  return out;
}

function drawName(f: RowsFrame, r: ViewRow, i: number, y: number): void {
  const { ctx, palette: p, nameWidth } = f;
  const selected = i === f.selected;
  const fg = selected && f.focused ? p.selectionFg : p.foreground;
  const mid = y + ROW_HEIGHT / 2 + 1;
  const x0 = indentOf(r.depth, nameWidth);
  const hasChildren = f.subtreeEnd[i] > i + 1;
  if (f.glyphs) {
    ctx.font = '14px codicon';
    if (hasChildren) {
      ctx.fillStyle = fg;
      ctx.fillText(glyph(f.collapsed[i] ? 'chevron-right' : 'chevron-down'), x0, mid);
    }
    ctx.fillStyle = r.status === 'error' ? p.error : p.types[r.type];
    ctx.fillText(glyph(TYPE_ICONS[r.type]), x0 + 17, mid);
  } else {
    if (hasChildren) {
      ctx.fillStyle = fg;
      ctx.font = p.font;
      ctx.fillText(f.collapsed[i] ? '▸' : '▾', x0 + 3, mid);
    }
    ctx.fillStyle = r.status === 'error' ? p.error : p.types[r.type];
    ctx.fillRect(x0 + 20, y + 7, 8, 8);
  }
  const nameX = x0 + 36;
  let right = nameWidth - 8;
  // Status marks sit at the column's right edge, so they line up across rows.
  if (r.status !== 'ok' || r.critical) {
    ctx.font = f.glyphs ? '14px codicon' : p.font;
    if (r.status === 'error') {
      ctx.fillStyle = p.error;
      ctx.fillText(f.glyphs ? glyph('error') : '!', right - 14, mid);
      right -= 18;
    } else if (r.status === 'running') {
      ctx.fillStyle = p.running;
      ctx.fillText(f.glyphs ? glyph('sync') : '…', right - 14, mid);
      right -= 18;
    }
    if (r.critical) {
      ctx.fillStyle = p.critical;
      ctx.fillText(f.glyphs ? glyph('flame') : '*', right - 14, mid);
      right -= 18;
    }
  }
  ctx.font = p.font;
  ctx.fillStyle = r.status === 'error' && !(selected && f.focused) ? p.error : fg;
  const name = fitText(ctx, r.name, right - 4 - nameX);
  ctx.fillText(name, nameX, mid);
  if (r.orphan && name === r.name) {
    const ox = nameX + ctx.measureText(name).width + 6;
    ctx.fillStyle = p.muted;
    ctx.fillText(fitText(ctx, '(orphan)', right - 4 - ox), ox, mid);
  }
}

function drawBar(f: RowsFrame, r: ViewRow, i: number, y: number, barsX: number, barsW: number): void {
  const { ctx, palette: p, viewport: vp } = f;
  const selected = i === f.selected;
  let x0 = barsX + timeToX(r.start, vp, barsW);
  let x1 = barsX + timeToX(r.start + r.duration, vp, barsW);
  if (!(x1 >= barsX - 400 && x0 <= barsX + barsW + 400)) return;
  if (x1 - x0 < 2) x1 = x0 + 2;
  const top = y + 5;
  const h = ROW_HEIGHT - 10;
  const colour = r.status === 'error' ? p.error : p.types[r.type];
  ctx.fillStyle = colour;
  ctx.globalAlpha = r.status === 'running' ? 0.45 : r.critical || selected ? 1 : 0.8;
  x0 = Math.max(x0, barsX - 2);
  x1 = Math.min(x1, barsX + barsW + 8);
  ctx.fillRect(x0, top, x1 - x0, h);
  ctx.globalAlpha = 1;
  if (r.status === 'running') {
    // A dashed outline and an open right end: this bar is still growing.
    ctx.strokeStyle = p.running;
    ctx.setLineDash([3, 2]);
    ctx.lineWidth = 1;
    ctx.strokeRect(x0 + 0.5, top + 0.5, x1 - x0 - 1, h - 1);
    ctx.setLineDash([]);
  } else if (p.contrastBorder) {
    ctx.strokeStyle = p.contrastBorder;
    ctx.lineWidth = 1;
    ctx.strokeRect(x0 + 0.5, top + 0.5, x1 - x0 - 1, h - 1);
  }
  if (r.critical) {
    ctx.fillStyle = p.critical;
    ctx.fillRect(x0, top + h + 1, x1 - x0, 2);
  }
  if (selected) {
    ctx.strokeStyle = p.focusBorder;
    ctx.lineWidth = 2;
    ctx.strokeRect(x0 - 1, top - 1, x1 - x0 + 2, h + 2);
  }
  const label = barLabel(r);
  ctx.font = p.font;
  ctx.fillStyle = selected && f.focused ? p.selectionFg : p.muted;
  const lw = measure(ctx, label);
  const mid = y + ROW_HEIGHT / 2 + 1;
  if (x1 + 6 + lw <= barsX + barsW + 8) ctx.fillText(label, x1 + 6, mid);
  else if (x0 - 6 - lw >= barsX) ctx.fillText(label, x0 - 6 - lw, mid);
}

const widths = new Map<string, number>();

function measure(ctx: CanvasRenderingContext2D, text: string): number {
  const key = `${ctx.font}\u0000${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    w = ctx.measureText(text).width;
    if (widths.size > 20_000) widths.clear();
    widths.set(key, w);
  }
  return w;
}

export function barLabel(r: ViewRow): string {
  let s = formatDuration(r.duration);
  if (r.status === 'running') s += ' (running)';
  if (r.tokens) s += ` · ${formatTokens(r.tokens)} tok`;
  return s;
}

export interface RulerFrame {
  ctx: CanvasRenderingContext2D;
  width: number;
  nameWidth: number;
  viewport: Viewport;
  palette: Palette;
  /** trace-level summary shown above the name column */
  caption: string;
}

export function drawRuler(f: RulerFrame): void {
  const { ctx, width, palette: p, nameWidth } = f;
  ctx.clearRect(0, 0, width, RULER_HEIGHT);
  if (p.rulerBg) {
    ctx.fillStyle = p.rulerBg;
    ctx.fillRect(0, 0, width, RULER_HEIGHT);
  }
  ctx.textBaseline = 'middle';
  ctx.font = p.font;
  ctx.fillStyle = p.muted;
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, nameWidth - 4, RULER_HEIGHT);
  ctx.clip();
  ctx.fillText(f.caption, 8, RULER_HEIGHT / 2 + 1);
  ctx.restore();
  const barsX = nameWidth + 1;
  const barsW = Math.max(1, width - barsX - 8);
  ctx.save();
  ctx.beginPath();
  ctx.rect(barsX, 0, width - barsX, RULER_HEIGHT);
  ctx.clip();
  for (const t of ticks(f.viewport, barsW).times) {
    const x = Math.round(barsX + timeToX(t, f.viewport, barsW)) + 0.5;
    ctx.fillStyle = p.grid;
    ctx.fillRect(x, RULER_HEIGHT - 7, 1, 7);
    ctx.fillStyle = p.muted;
    ctx.fillText(formatDuration(t), x + 4, RULER_HEIGHT / 2);
  }
  ctx.restore();
  ctx.fillStyle = p.grid;
  ctx.fillRect(0, RULER_HEIGHT - 1, width, 1);
  ctx.fillRect(nameWidth, 0, 1, RULER_HEIGHT);
}
