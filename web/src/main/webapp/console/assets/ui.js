// Small DOM helpers. Text from the API is always set as text, never parsed as HTML.
import { api, ApiError, isMissing } from './api.js';

/** Makes an element: el('a', {href: '#'}, 'text', child, ...). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

export function loading(text = 'Loading…') {
  return el('p', { class: 'state loading', role: 'status' }, text);
}

export function empty(text) {
  return el('p', { class: 'state empty' }, text);
}

export function failure(error) {
  if (isMissing(error)) {
    return unavailable();
  }
  if (error instanceof ApiError && error.status === 403) {
    return el('p', { class: 'state forbidden' },
      'Your role does not allow this here. ', error.message);
  }
  return el('p', { class: 'state error', role: 'alert' }, 'Something went wrong: ',
    error.message || String(error));
}

export function unavailable() {
  return el('p', { class: 'state unavailable', dataset: { state: 'unavailable' } },
    'Not available on this server yet.');
}

/** "2026-12-03 10:00:00 UTC" from an RFC 3339 timestamp; a dash for none. */
export function time(value) {
  if (!value) return '—';
  return value.replace('T', ' ').replace('Z', ' UTC');
}

export function badge(text) {
  return el('span', { class: `badge badge-${String(text).replace(/[^a-z_]/g, '')}` }, text);
}

/** Shows what a failed form submit was told, field by field where the API named fields. */
export function formError(error) {
  const box = el('div', { class: 'state error', role: 'alert' }, error.message);
  const errors = error.problem && error.problem.errors;
  if (Array.isArray(errors) && errors.length) {
    box.append(el('ul', {}, errors.map((e) => el('li', {}, `${e.field}: ${e.message}`))));
  }
  return box;
}

/**
 * A table that pages through an API list with its cursor. columns: [{title, cell(row)}];
 * path(cursor) names the page to fetch; describeError(error) says what a failure means (by
 * default: not available for 404 and 501, else the API's words). Answers {node, reload}.
 */
export function pagedTable({
  columns, path, emptyText, limit = 20, rowAttributes, describeError = failure,
}) {
  const node = el('div', { class: 'paged' });
  const body = el('tbody');
  const table = el('table', { class: 'table' },
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col' }, c.title)))),
    body);
  const status = el('div', { class: 'table-status' });
  const previous = el('button', { type: 'button', class: 'secondary', disabled: true }, 'Previous');
  const next = el('button', { type: 'button', class: 'secondary', disabled: true }, 'Next');
  const pager = el('div', { class: 'pager' }, previous, next);
  node.append(el('div', { class: 'table-wrap' }, table), status, pager);

  const cursors = [null];
  let index = 0;

  async function show() {
    previous.disabled = true;
    next.disabled = true;
    clear(status).append(loading());
    try {
      const page = await api(path(cursors[index], limit));
      clear(body);
      for (const row of page.data) {
        body.append(el('tr', rowAttributes ? rowAttributes(row) : {},
          columns.map((c) => el('td', { 'data-label': c.title }, c.cell(row)))));
      }
      clear(status);
      table.hidden = page.data.length === 0;
      if (page.data.length === 0) status.append(empty(emptyText));
      cursors[index + 1] = page.next_cursor;
      previous.disabled = index === 0;
      next.disabled = !page.next_cursor;
      node.dataset.state = 'ready';
    } catch (error) {
      clear(body);
      table.hidden = true;
      const shown = describeError(error);
      clear(status).append(shown);
      node.dataset.state = shown.classList.contains('unavailable') ? 'unavailable'
        : shown.classList.contains('empty') ? 'empty' : 'error';
    }
  }

  previous.addEventListener('click', () => { index -= 1; show(); });
  next.addEventListener('click', () => { index += 1; show(); });
  show();
  return {
    node,
    reload() {
      cursors.length = 1;
      index = 0;
      return show();
    },
  };
}

/** A labelled form field. */
export function field(label, input, hint) {
  return el('label', {}, label, input, hint ? el('small', { class: 'muted' }, hint) : null);
}

/** A section with a heading. */
export function section(title, ...children) {
  return el('section', { class: 'card' }, el('h2', {}, title), ...children);
}

/** Shows a secret once, with a way to copy it, and a warning that it will not be shown again. */
export function secretOnce(label, secret) {
  const value = el('code', { class: 'secret', dataset: { secret: 'shown' } }, secret);
  const copy = el('button', { type: 'button', class: 'secondary' }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(secret);
      copy.textContent = 'Copied';
    } catch (e) {
      copy.textContent = 'Select and copy it by hand';
    }
  });
  return el('div', { class: 'once', role: 'status' },
    el('strong', {}, label), el('div', { class: 'secret-row' }, value, copy),
    el('p', { class: 'muted' }, 'This is the only time it is shown. Store it now.'));
}
