// A virtualised list: only the rows in view (plus a margin) exist in the DOM, positioned over a spacer as
// tall as the whole list, so scrolling through 10,000 loaded rows costs the same as through 50.

const MARGIN_ROWS = 10;

export class VirtualList {
  /**
   * viewport: the scrolling element; rowHeight: px, fixed (the CSS gives rows that height);
   * createRow(): a new, empty row element; renderRow(element, item): fills it for an item;
   * keyOf(item): changes whenever the item's drawing would (so unchanged rows are not redrawn);
   * onNearEnd(): called when the view comes near the last loaded row (load the next page).
   */
  constructor(viewport, {rowHeight, createRow, renderRow, keyOf, onNearEnd}) {
    this.viewport = viewport;
    this.rowHeight = rowHeight;
    this.createRow = createRow;
    this.renderRow = renderRow;
    this.keyOf = keyOf;
    this.onNearEnd = onNearEnd || (() => {});
    this.items = [];
    this.spacer = document.createElement('div');
    this.spacer.className = 'vlist-spacer';
    this.viewport.append(this.spacer);
    this.pool = [];
    this.scheduled = false;
    this.viewport.addEventListener('scroll', () => this.schedule(), {passive: true});
    window.addEventListener('resize', () => this.schedule());
  }

  setItems(items) {
    this.items = items;
    this.schedule();
  }

  /** Redraw soon (once per frame however often asked). */
  schedule() {
    if (!this.scheduled) {
      this.scheduled = true;
      requestAnimationFrame(() => {
        this.scheduled = false;
        this.render();
      });
    }
  }

  /** Forget what each row shows, so the next render redraws every visible row (a ticking duration). */
  invalidate() {
    for (const row of this.pool) {
      row.drawnKey = null;
    }
    this.schedule();
  }

  /** Keeps the rows in view where they are when n rows are added above them. */
  shiftForInsertedAbove(n) {
    if (this.viewport.scrollTop > 0) {
      this.viewport.scrollTop += n * this.rowHeight;
    }
  }

  render() {
    const total = this.items.length;
    this.spacer.style.height = (total * this.rowHeight) + 'px';
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / this.rowHeight) - MARGIN_ROWS);
    const last = Math.min(total - 1, Math.ceil((top + height) / this.rowHeight) + MARGIN_ROWS);
    const needed = Math.max(0, last - first + 1);
    while (this.pool.length < needed) {
      const row = this.createRow();
      row.classList.add('vlist-row');
      this.pool.push(row);
      this.viewport.append(row);
    }
    while (this.pool.length > needed) {
      this.pool.pop().remove();
    }
    for (let i = 0; i < needed; i++) {
      const index = first + i;
      const row = this.pool[i];
      const item = this.items[index];
      const key = index + ':' + this.keyOf(item);
      if (row.drawnKey !== key) {
        row.style.transform = 'translateY(' + (index * this.rowHeight) + 'px)';
        row.setAttribute('aria-rowindex', String(index + 2));
        this.renderRow(row, item);
        row.drawnKey = key;
      }
    }
    if (total === 0 || last >= total - MARGIN_ROWS * 3) {
      this.onNearEnd();
    }
  }
}
