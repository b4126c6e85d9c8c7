// Building DOM from data: every value goes in as text or through an attribute setter, never as markup,
// so nothing an API answer contains can become a tag or a script.

/**
 * h('a', {href: '/x', class: 'row', onclick: fn}, 'text', child) makes an element. Attribute values are
 * set with setAttribute (no 'style': the page's CSP forbids style attributes); 'on...' keys add listeners;
 * children are nodes or strings (as text nodes); null/false children are skipped.
 */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'value' && 'value' in element) {
      element.value = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of {@code parent}. */
export function fill(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

export function statusBadge(status) {
  const text = status || 'UNKNOWN';
  return h('span', {class: 'badge status-' + text.toLowerCase(), 'data-status': text}, text);
}

export function link(href, text) {
  return h('a', {href}, text);
}

/** A definition list from [label, value] pairs; a null value is left out. */
export function facts(pairs) {
  const list = h('dl', {class: 'facts'});
  for (const [label, value] of pairs) {
    if (value === null || value === undefined || value === '') {
      continue;
    }
    list.append(h('dt', {}, label), h('dd', {}, value));
  }
  return list;
}

export function section(title, ...children) {
  return h('section', {class: 'card', 'aria-label': title}, h('h2', {}, title), ...children);
}

export function problem(message) {
  return h('p', {class: 'problem', role: 'alert'}, message);
}

export function table(headers, rows, attributes) {
  return h('table', attributes || {},
      h('thead', {}, h('tr', {}, headers.map((header) => h('th', {scope: 'col'}, header)))),
      h('tbody', {}, rows));
}

export function path(...segments) {
  return segments.map((segment, i) => (i === 0 ? segment : encodeURIComponent(segment))).join('/');
}

/** Shows whether the page is receiving live updates (the header's indicator). */
export function showLiveState(state) {
  const indicator = document.getElementById('live-state');
  if (indicator) {
    indicator.setAttribute('data-state', state);
    indicator.textContent = state === 'live' ? 'live' : state === 'reconnecting' ? 'reconnecting…' : 'not live';
  }
}
