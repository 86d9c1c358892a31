/**
 * The waterfall: a scroll container whose only child is a tall spacer, with canvases painted
 * over it for the rows in view. Scrolling stays native (wheel, scrollbar, touchpad); each
 * scroll or state change repaints at most once per animation frame.
 */
import { formatDuration } from '../shared/format';
import { navigate } from './navigation';
import { positions, TraceModel, visibleRows, ancestors } from './rows';
import { clampViewport, fitViewport, focusRange, panBy, xToTime, zoomAt, type Viewport } from './scale';
import { codiconFontReady } from './icons';
import { isTransparent, readPalette, type Palette } from './theme';
import { drawRows, drawRuler, ROW_HEIGHT } from './waterfall-draw';
import { attachPointer } from './waterfall-pointer';

export interface WaterfallEvents {
  onSelect(index: number): void;
  onOpenSource(index: number): void;
  /** zoom, pan or collapse changed: worth saving */
  onViewChange(): void;
}

const MIN_NAME_WIDTH = 140;

export class Waterfall {
  readonly element: HTMLElement;
  private readonly scroller: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly rulerCanvas: HTMLCanvasElement;
  private readonly active: HTMLDivElement;
  private model = TraceModel.empty();
  private collapsed = new Uint8Array(0);
  private visible: Int32Array = new Int32Array(0);
  private pos: Int32Array = new Int32Array(0);
  private hits = new Uint8Array(0);
  private currentHit = -1;
  private selected = -1;
  private hovered = -1;
  private viewport: Viewport = { start: 0, end: 1 };
  /** false while the user has not zoomed or panned: live growth then keeps the whole trace in view */
  private userZoomed = false;
  private nameWidth = 300;
  private palette: Palette;
  private glyphs = false;
  private frame = 0;
  private paints = 0;
  private paintedRows = -1;
  private width = 0;
  private height = 0;
  private dpr = 1;
  caption = '';

  constructor(private readonly events: WaterfallEvents) {
    this.rulerCanvas = document.createElement('canvas');
    this.rulerCanvas.className = 'wf-ruler';
    this.rulerCanvas.setAttribute('aria-hidden', 'true');
    this.spacer = document.createElement('div');
    this.spacer.className = 'wf-spacer';
    this.active = document.createElement('div');
    this.active.id = 'wf-active-row';
    this.active.className = 'sr-only';
    this.active.setAttribute('role', 'treeitem');
    this.scroller = document.createElement('div');
    this.scroller.className = 'wf-scroller';
    this.scroller.tabIndex = 0;
    this.scroller.setAttribute('role', 'tree');
    this.scroller.setAttribute('aria-label', 'Spans of this trace');
    this.scroller.append(this.spacer, this.active);
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'wf-rows';
    this.canvas.setAttribute('aria-hidden', 'true');
    const body = document.createElement('div');
    body.className = 'wf-body';
    body.append(this.scroller, this.canvas);
    this.element = document.createElement('div');
    this.element.className = 'waterfall';
    this.element.append(this.rulerCanvas, body);
    this.palette = readPalette();
    this.listen(body);
    void codiconFontReady().then((ok) => { this.glyphs = ok; this.requestDraw(); });
  }

  // ---- data -------------------------------------------------------------------------------

  /** New rows; collapse state and selection follow span ids across updates. */
  setModel(model: TraceModel, collapsedIds: Iterable<string>, selectedId?: string): void {
    const keepFit = !this.userZoomed;
    this.model = model;
    this.collapsed = new Uint8Array(model.n);
    for (const id of collapsedIds) {
      const i = model.indexById.get(id);
      if (i !== undefined && model.hasChildren(i)) this.collapsed[i] = 1;
    }
    this.hits = new Uint8Array(model.n);
    this.currentHit = -1;
    this.selected = selectedId !== undefined ? model.indexById.get(selectedId) ?? -1 : -1;
    this.hovered = -1;
    if (keepFit) this.viewport = fitViewport(model.extent);
    else this.viewport = clampViewport(this.viewport, fitViewport(model.extent).end);
    this.relayout();
  }

  getModel(): TraceModel {
    return this.model;
  }

  collapsedIds(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.model.n; i++) if (this.collapsed[i]) out.push(this.model.ids[i]);
    return out;
  }

  get selectedIndex(): number {
    return this.selected;
  }

  getViewport(): Viewport | undefined {
    return this.userZoomed ? { ...this.viewport } : undefined;
  }

  setViewport(vp: Viewport | undefined): void {
    if (!vp) { this.fit(); return; }
    this.userZoomed = true;
    this.viewport = clampViewport(vp, fitViewport(this.model.extent).end);
    this.requestDraw();
  }

  get scrollTop(): number {
    return this.scroller.scrollTop;
  }

  set scrollTop(v: number) {
    this.scroller.scrollTop = v;
  }

  setHits(matches: Int32Array, current: number): void {
    this.hits.fill(0);
    for (const i of matches) this.hits[i] = 1;
    this.currentHit = current;
    this.requestDraw();
  }

  // ---- actions ----------------------------------------------------------------------------

  select(i: number, opts: { reveal?: boolean; notify?: boolean } = {}): void {
    if (i < 0 || i >= this.model.n) return;
    if (opts.reveal !== false) this.expandTo(i);
    this.selected = i;
    if (opts.reveal !== false) this.scrollIntoView(i);
    this.updateActive();
    this.requestDraw();
    if (opts.notify !== false) this.events.onSelect(i);
  }

  setCollapsed(i: number, collapsed: boolean): void {
    if (!this.model.hasChildren(i) || Boolean(this.collapsed[i]) === collapsed) return;
    this.collapsed[i] = collapsed ? 1 : 0;
    this.relayout();
    this.keepSelectionVisible();
    this.events.onViewChange();
  }

  /** Collapse or expand every row with children. */
  setAllCollapsed(collapsed: boolean): void {
    for (let i = 0; i < this.model.n; i++) this.collapsed[i] = collapsed && this.model.hasChildren(i) ? 1 : 0;
    this.relayout();
    this.keepSelectionVisible();
    if (this.selected >= 0) this.scrollIntoView(this.selected);
    this.events.onViewChange();
  }

  /** A selection hidden by a collapse moves to its nearest visible ancestor, as in VS Code's trees. */
  private keepSelectionVisible(): void {
    if (this.selected < 0 || this.pos[this.selected] >= 0) return;
    const visibleAncestor = ancestors(this.model.cols.parent, this.selected).find((a) => this.pos[a] >= 0);
    if (visibleAncestor !== undefined) this.select(visibleAncestor, { reveal: false });
  }

  zoom(factor: number, anchorX?: number): void {
    const barsW = this.barsWidth();
    const t = anchorX === undefined
      ? (this.viewport.start + this.viewport.end) / 2
      : xToTime(anchorX - this.nameWidth - 1, this.viewport, barsW);
    this.viewport = zoomAt(this.viewport, t, factor, fitViewport(this.model.extent).end);
    this.userZoomed = true;
    this.requestDraw();
    this.events.onViewChange();
  }

  pan(dx: number): void {
    this.viewport = panBy(this.viewport, dx, this.barsWidth(), fitViewport(this.model.extent).end);
    this.userZoomed = true;
    this.requestDraw();
    this.events.onViewChange();
  }

  fit(): void {
    this.viewport = fitViewport(this.model.extent);
    this.userZoomed = false;
    this.requestDraw();
    this.events.onViewChange();
  }

  /** Zoom the time axis to the selected span. */
  zoomToSelection(): void {
    if (this.selected < 0) return;
    const m = this.model;
    const i = this.selected;
    this.viewport = focusRange(m.start(i), m.start(i) + m.duration(i), fitViewport(this.model.extent).end);
    this.userZoomed = true;
    this.requestDraw();
    this.events.onViewChange();
  }

  focus(): void {
    this.scroller.focus();
  }

  themeChanged(): void {
    this.palette = readPalette();
    this.requestDraw();
  }

  // ---- layout and paint -------------------------------------------------------------------

  private relayout(): void {
    this.visible = visibleRows(this.model.subtreeEnd, this.collapsed);
    this.pos = positions(this.model.n, this.visible);
    this.spacer.style.height = `${this.visible.length * ROW_HEIGHT}px`;
    this.updateActive();
    this.requestDraw();
  }

  private expandTo(i: number): void {
    let changed = false;
    for (const a of ancestors(this.model.cols.parent, i)) {
      if (this.collapsed[a]) { this.collapsed[a] = 0; changed = true; }
    }
    if (changed) this.relayout();
  }

  private scrollIntoView(i: number): void {
    const k = this.pos[i];
    if (k < 0) return;
    const top = k * ROW_HEIGHT;
    const h = this.scroller.clientHeight;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > this.scroller.scrollTop + h) this.scroller.scrollTop = top + ROW_HEIGHT - h;
  }

  requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private barsWidth(): number {
    return Math.max(1, this.width - this.nameWidth - 9);
  }

  private resizeCanvases(): void {
    const w = this.scroller.clientWidth;
    const h = this.scroller.clientHeight;
    const dpr = window.devicePixelRatio || 1;
    if (w === this.width && h === this.height && dpr === this.dpr) return;
    this.width = w;
    this.height = h;
    this.dpr = dpr;
    this.nameWidth = Math.max(MIN_NAME_WIDTH, Math.min(this.nameWidth, Math.floor(w * 0.6)));
    for (const [c, ch] of [[this.canvas, h], [this.rulerCanvas, 24]] as const) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(ch * dpr);
      c.style.width = `${w}px`;
      c.style.height = `${ch}px`;
    }
  }

  private draw(): void {
    const t0 = performance.now();
    this.resizeCanvases();
    // Opaque: every frame fills the background, and the compositor then need not blend it.
    const ctx = this.canvas.getContext('2d', { alpha: !this.palette.background || isTransparent(this.palette.background) });
    const rctx = this.rulerCanvas.getContext('2d');
    if (!ctx || !rctx) return;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    rctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const focused = document.activeElement === this.scroller;
    drawRows({
      ctx, width: this.width, height: this.height, scrollTop: this.scroller.scrollTop,
      nameWidth: this.nameWidth, model: this.model, visible: this.visible,
      subtreeEnd: this.model.subtreeEnd, collapsed: this.collapsed, hits: this.hits,
      currentHit: this.currentHit, selected: this.selected, hovered: this.hovered, focused,
      viewport: this.viewport, palette: this.palette, glyphs: this.glyphs,
    });
    drawRuler({ ctx: rctx, width: this.width, nameWidth: this.nameWidth, viewport: this.viewport, palette: this.palette, caption: this.caption });
    this.paints++;
    // Read by the browser test and the benchmark to know a frame with data has been painted;
    // written only when it changes, so scrolling never touches the DOM.
    if (this.paintedRows !== this.model.n) {
      this.paintedRows = this.model.n;
      document.body.dataset.paintedRows = String(this.model.n);
    }
    // User-timing entries are kept until cleared: keep the last couple of thousand frames.
    if (this.paints % 2000 === 0) performance.clearMeasures('waterfall-draw');
    performance.measure('waterfall-draw', { start: t0, end: performance.now() });
  }

  private updateActive(): void {
    const i = this.selected;
    if (i < 0 || this.pos[i] < 0) {
      this.scroller.removeAttribute('aria-activedescendant');
      return;
    }
    const r = this.model.row(i);
    this.active.setAttribute('aria-level', String(r.depth + 1));
    this.active.setAttribute('aria-selected', 'true');
    if (this.model.hasChildren(i)) this.active.setAttribute('aria-expanded', String(!this.collapsed[i]));
    else this.active.removeAttribute('aria-expanded');
    this.active.textContent = `${r.name}, ${r.type}, ${formatDuration(r.duration)}${r.status === 'ok' ? '' : `, ${r.status}`}`;
    this.scroller.setAttribute('aria-activedescendant', this.active.id);
  }

  // ---- input ------------------------------------------------------------------------------

  private rowAt(offsetY: number): number {
    const k = Math.floor((offsetY + this.scroller.scrollTop) / ROW_HEIGHT);
    return k >= 0 && k < this.visible.length ? this.visible[k] : -1;
  }

  private listen(body: HTMLElement): void {
    const s = this.scroller;
    s.addEventListener('scroll', () => this.requestDraw(), { passive: true });
    s.addEventListener('focus', () => this.requestDraw());
    s.addEventListener('blur', () => this.requestDraw());
    new ResizeObserver(() => this.requestDraw()).observe(body);

    attachPointer({
      scroller: s,
      nameWidth: () => this.nameWidth,
      resizeNames: (dx) => {
        this.nameWidth = Math.max(MIN_NAME_WIDTH, Math.min(this.width - 100, this.nameWidth + dx));
        this.requestDraw();
      },
      rowAt: (y) => this.rowAt(y),
      model: () => this.model,
      isCollapsed: (i) => this.collapsed[i] === 1,
      setCollapsed: (i, c) => this.setCollapsed(i, c),
      select: (i) => this.select(i, { reveal: false }),
      pan: (dx) => this.pan(dx),
      zoom: (factor, x) => this.zoom(factor, x),
      hover: (i) => {
        if (i === this.hovered) return;
        this.hovered = i;
        const r = i >= 0 ? this.model.row(i) : undefined;
        s.title = r ? `${r.name} (${r.type}) ${formatDuration(r.duration)}${r.error ? `\n${r.error}` : ''}` : '';
        this.requestDraw();
      },
    });
    s.addEventListener('keydown', (e) => this.onKey(e));
  }

  private onKey(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 1);
    switch (e.key) {
      case 'Enter':
        if (this.selected >= 0) this.events.onOpenSource(this.selected);
        break;
      case '+': case '=': this.zoom(1.5); break;
      case '-': case '_': this.zoom(1 / 1.5); break;
      case '0': this.fit(); break;
      case 'z': this.zoomToSelection(); break;
      case '*': this.setAllCollapsed(false); break;
      default: {
        const action = navigate(e.key, {
          subtreeEnd: this.model.subtreeEnd, parents: (i) => this.model.parent(i),
          collapsed: this.collapsed, visible: this.visible, pos: this.pos, selected: this.selected, page,
        });
        if (action.kind === 'none') {
          if (!['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'].includes(e.key)) return;
        } else if (action.kind === 'select') this.select(action.index);
        else this.setCollapsed(action.index, action.kind === 'collapse');
      }
    }
    e.preventDefault();
  }
}
