// The executions page: newest first, filtered by form/status/instance (kept in the URL), paged with the
// API's cursor as the user scrolls, virtualised, and kept current by server-sent events row by row.
import {api, ApiError, live} from './api.js';
import {fill, h, path, problem, statusBadge} from './dom.js';
import {executionDuration, percent, time, TERMINAL} from './format.js';
import {VirtualList} from './vlist.js';

// A screenful and then some: the first rows come sooner than with a larger page, the next pages as the user scrolls.
const PAGE_SIZE = 50;
const ROW_HEIGHT = 40;
const STATUSES = ['RECEIVED', 'READY', 'ACTIVE', 'SUCCESS', 'FAILURE'];
const FILTERS = ['form', 'status', 'instance'];
const COLUMNS = ['Status', 'Job', 'Form', 'Instance', 'Created', 'Duration', 'Progress'];

function filtersFromUrl() {
  const query = new URLSearchParams(window.location.search);
  const filters = {};
  for (const name of FILTERS) {
    const value = query.get(name);
    if (value) {
      filters[name] = value;
    }
  }
  return filters;
}

function queryOf(filters) {
  const query = new URLSearchParams();
  for (const name of FILTERS) {
    if (filters[name]) {
      query.set(name, filters[name]);
    }
  }
  return query;
}

export async function executionsPage(main) {
  const message = h('div', {class: 'messages', 'aria-live': 'polite'});
  const selects = {
    form: h('select', {id: 'filter-form', name: 'form'}, h('option', {value: ''}, 'All forms')),
    status: h('select', {id: 'filter-status', name: 'status'}, h('option', {value: ''}, 'All statuses'),
        STATUSES.map((status) => h('option', {value: status}, status))),
    instance: h('select', {id: 'filter-instance', name: 'instance'}, h('option', {value: ''}, 'All instances')),
  };
  const count = h('span', {class: 'count', id: 'executions-count'});
  const viewport = h('div', {class: 'vlist', id: 'executions', role: 'rowgroup', tabindex: '0'});
  const table = h('div', {class: 'vtable', role: 'table', 'aria-label': 'Executions', 'aria-rowcount': '-1'},
      h('div', {class: 'vlist-head', role: 'row'}, COLUMNS.map((column) => h('span', {role: 'columnheader'}, column))),
      viewport);
  const empty = h('p', {class: 'empty', hidden: true}, 'No executions match. ', h('a', {href: '/forms'}, 'Submit a job'), '.');

  fill(main,
      h('div', {class: 'page-head'}, h('h1', {}, 'Executions'), count),
      h('div', {class: 'toolbar'},
          h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter executions', onsubmit: (e) => e.preventDefault()},
              labelled('Form', selects.form), labelled('Status', selects.status), labelled('Instance', selects.instance)),
          searchForm('find-job', 'Job name', 'Find job', (name) => findJob(name, message)),
          searchForm('jump-id', 'Execution id', 'Open', (id) => jumpTo(id, message))),
      message, table, empty);

  const list = new ExecutionList(viewport, count, empty, message);
  for (const name of FILTERS) {
    selects[name].addEventListener('change', () => {
      const filters = {};
      for (const other of FILTERS) {
        if (selects[other].value) {
          filters[other] = selects[other].value;
        }
      }
      const query = queryOf(filters).toString();
      history.pushState(null, '', window.location.pathname + (query ? '?' + query : ''));
      list.show(filters);
    });
  }
  const showFromUrl = () => {
    const filters = filtersFromUrl();
    for (const name of FILTERS) {
      ensureOption(selects[name], filters[name]);
      selects[name].value = filters[name] || '';
    }
    list.show(filters);
  };
  window.addEventListener('popstate', showFromUrl);
  showFromUrl();
  // Options come after the list has started: the list should not wait for the catalog.
  loadFilterOptions(selects).catch((error) => message.append(problem('Cannot list forms or instances: ' + error.message)));
}

function labelled(text, control) {
  return h('label', {class: 'field'}, h('span', {}, text), control);
}

function ensureOption(select, value) {
  if (value && ![...select.options].some((option) => option.value === value)) {
    select.append(h('option', {value}, value));
  }
}

async function loadFilterOptions(selects) {
  const [forms, instances] = await Promise.all([api('/forms'), api('/instances')]);
  for (const form of forms.items) {
    ensureOption(selects.form, form.name);
  }
  for (const instance of instances.items) {
    ensureOption(selects.instance, instance.instance);
  }
  const chosen = filtersFromUrl();
  selects.form.value = chosen.form || '';
  selects.instance.value = chosen.instance || '';
}

function searchForm(id, label, button, action) {
  const input = h('input', {id, name: id, type: 'search', required: true, autocomplete: 'off', placeholder: label});
  return h('form', {class: 'search', onsubmit: (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (value) {
      action(value);
    }
  }}, h('label', {for: id, class: 'visually-hidden'}, label), input, h('button', {type: 'submit'}, button));
}

/** A job's name leads to its latest execution. */
async function findJob(name, message) {
  try {
    const holder = await api(path('/job-names', name));
    const job = await api(path('/jobs', holder.jobId));
    const latest = job.executions[job.executions.length - 1];
    window.location.assign(latest ? path('/executions', latest.executionId) : path('/jobs', holder.jobId));
  } catch (error) {
    fill(message, problem(error.message));
  }
}

async function jumpTo(id, message) {
  try {
    await api(path('/executions', id));
    window.location.assign(path('/executions', id));
  } catch (error) {
    fill(message, problem(error.message));
  }
}

/** The loaded rows of one filter choice, their paging, and the live subscription that keeps them current. */
class ExecutionList {
  constructor(viewport, count, empty, message) {
    this.count = count;
    this.empty = empty;
    this.message = message;
    this.view = new VirtualList(viewport, {
      rowHeight: ROW_HEIGHT,
      createRow: createRow,
      renderRow: (row, entry) => drawRow(row, entry.execution),
      keyOf: (entry) => entry.execution.executionId + '@' + entry.execution.version,
      onNearEnd: () => this.loadMore(),
    });
    this.generation = 0;
    this.closeLive = null;
    // Durations of running executions tick on screen without asking the server.
    setInterval(() => this.view.invalidate(), 1000);
  }

  show(filters) {
    this.filters = filters;
    this.generation++;
    this.entries = [];
    this.byId = new Map();
    this.nextCursor = null;
    this.loading = false;
    this.firstPageLoaded = false;
    this.pending = [];
    this.view.setItems(this.entries);
    if (this.closeLive) {
      this.closeLive();
    }
    const query = queryOf(filters).toString();
    this.closeLive = live('/live/executions' + (query ? '?' + query : ''), {
      // (Re)connected: the subscription is live from here, so this first page misses nothing.
      ready: () => this.loadFirstPage(),
      execution: (execution) => this.apply(execution),
    });
  }

  loadFirstPage() {
    this.pending = [];
    return this.load(null, (page) => {
      this.entries = [];
      this.byId = new Map();
      this.add(page.items);
      this.nextCursor = page.nextCursor;
      this.firstPageLoaded = true;
      fill(this.message);
      const pending = this.pending;
      this.pending = [];
      pending.forEach((execution) => this.apply(execution));
    });
  }

  loadMore() {
    if (this.loading || !this.nextCursor || !this.firstPageLoaded) {
      return;
    }
    return this.load(this.nextCursor, (page) => {
      this.add(page.items);
      this.nextCursor = page.nextCursor;
    });
  }

  /** Fetches the page after `cursor` and applies it, unless the filters changed meanwhile (another generation). */
  async load(cursor, apply) {
    const generation = this.generation;
    this.loading = true;
    try {
      const page = await this.fetchPage(cursor);
      if (generation === this.generation) {
        apply(page);
        this.refresh();
      }
    } catch (error) {
      if (generation === this.generation) {
        fill(this.message, problem(error.message));
      }
    } finally {
      if (generation === this.generation) {
        this.loading = false;
      }
    }
  }

  fetchPage(cursor) {
    const query = queryOf(this.filters);
    query.set('limit', String(PAGE_SIZE));
    if (cursor) {
      query.set('cursor', cursor);
    }
    return api('/executions?' + query.toString());
  }

  add(executions) {
    for (const execution of executions) {
      if (!this.byId.has(execution.executionId)) {
        const entry = {execution};
        this.byId.set(execution.executionId, entry);
        this.entries.push(entry);
      }
    }
  }

  /** One execution changed: its row is redrawn in place, or a new one goes in at its place (the top, mostly). */
  apply(execution) {
    if (!this.firstPageLoaded) {
      this.pending.push(execution);
      return;
    }
    const entry = this.byId.get(execution.executionId);
    if (entry) {
      if ((execution.version ?? 0) < (entry.execution.version ?? 0)) {
        return;
      }
      if (!this.matches(execution)) {
        this.entries.splice(this.entries.indexOf(entry), 1);
        this.byId.delete(execution.executionId);
      } else {
        entry.execution = execution;
      }
      this.refresh();
      return;
    }
    if (!this.matches(execution)) {
      return;
    }
    const added = {execution};
    const index = this.insertionIndex(execution);
    if (index >= this.entries.length && this.nextCursor) {
      // Older than everything loaded: its page will bring it when scrolled to.
      return;
    }
    this.entries.splice(index, 0, added);
    this.byId.set(execution.executionId, added);
    if (index * ROW_HEIGHT < this.view.viewport.scrollTop) {
      this.view.shiftForInsertedAbove(1);
    }
    this.refresh();
  }

  matches(execution) {
    return FILTERS.every((name) => !this.filters[name] || execution[name] === this.filters[name]);
  }

  /** Newest first: by createdAt, then id, as the API orders them. */
  insertionIndex(execution) {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (newerFirst(this.entries[middle].execution, execution) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  refresh() {
    this.view.setItems(this.entries);
    this.count.textContent = this.entries.length + (this.nextCursor ? '+' : '') + ' shown';
    this.empty.hidden = !(this.firstPageLoaded && this.entries.length === 0);
  }
}

function newerFirst(a, b) {
  const byTime = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  return byTime !== 0 ? byTime : (a.executionId < b.executionId ? 1 : a.executionId > b.executionId ? -1 : 0);
}

function createRow() {
  const row = h('a', {class: 'execution-row', role: 'row'});
  for (const column of COLUMNS) {
    row.append(h('span', {role: 'cell', class: 'cell-' + column.toLowerCase()}));
  }
  return row;
}

function drawRow(row, execution) {
  row.setAttribute('href', path('/executions', execution.executionId));
  row.dataset.executionId = execution.executionId;
  row.dataset.status = execution.status;
  const cells = row.children;
  fill(cells[0], statusBadge(execution.status));
  cells[1].textContent = execution.jobName;
  cells[2].textContent = execution.form;
  cells[3].textContent = execution.instance;
  cells[4].textContent = time(execution.createdAt);
  cells[4].title = execution.createdAt;
  cells[5].textContent = executionDuration(execution);
  const progress = execution.progress || {};
  cells[6].textContent = progress.percentComplete !== undefined && progress.percentComplete !== null
      ? percent(progress.percentComplete)
      : TERMINAL.has(execution.status) ? '' : (progress.succeeded || progress.failed ? (progress.succeeded + progress.failed) + ' done' : '');
}

export {ApiError};
