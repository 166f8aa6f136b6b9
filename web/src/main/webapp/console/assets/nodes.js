// Media nodes: the pool with health and load; register, edit, drain and remove (nodes:admin).
import { api, me } from './api.js';
import { timeChart } from './charts.js';
import {
  badge, clear, el, empty, field, formError, loading, pagedTable, section, time,
} from './ui.js';

function health(node) {
  return node.health ? badge(node.health.status) : badge('unknown');
}

function load(node) {
  return node.load ? `${node.load.participants} / ${node.capacity}` : `0 / ${node.capacity}`;
}

export async function nodesPage() {
  const table = pagedTable({
    columns: [
      { title: 'Name', cell: (n) => el('a', { href: `#/nodes/${n.node_id}` }, n.name) },
      { title: 'Region', cell: (n) => n.region },
      { title: 'State', cell: (n) => badge(n.state) },
      { title: 'Health', cell: health },
      { title: 'Participants', cell: load },
      { title: 'Price / participant-minute', cell: (n) => n.price_per_participant_minute },
    ],
    path: (cursor, limit) => `/nodes?limit=${limit}`
      + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''),
    emptyText: 'No media node is registered yet.',
    rowAttributes: (n) => ({ dataset: { node: n.node_id } }),
  });
  const root = el('div', {}, el('h1', {}, 'Media nodes'), table.node);
  if (me.can('nodes:admin')) {
    root.append(registerForm(() => table.reload()));
  }
  return root;
}

function input(name, attributes = {}) {
  return el('input', { name, id: `node-${name}`, ...attributes });
}

function registerForm(done) {
  const fields = {
    name: input('name', { required: true, maxlength: 200 }),
    region: input('region', { required: true, maxlength: 64 }),
    media_url: input('media_url', { required: true, type: 'url', placeholder: 'https://…/janus' }),
    control_url: input('control_url',
      { required: true, type: 'url', placeholder: 'https://…/admin' }),
    admin_secret: input('admin_secret', { required: true, type: 'password', minlength: 16 }),
    turn_url: input('turn_url', { placeholder: 'turn:host:3478' }),
    turn_secret: input('turn_secret', { type: 'password', minlength: 16 }),
    capacity: input('capacity', { required: true, type: 'number', min: 1, max: 100000, value: 50 }),
    operator_wallet: input('operator_wallet', { required: true, placeholder: '0x…' }),
    price_per_participant_minute: input('price_per_participant_minute',
      { required: true, value: '0.001' }),
  };
  const message = el('div');
  const form = el('form', { class: 'form', id: 'node-register' },
    field('Name', fields.name), field('Region', fields.region),
    field('Media URL (clients)', fields.media_url), field('Control URL', fields.control_url),
    field('Control secret', fields.admin_secret, 'Stored sealed; never shown again.'),
    field('TURN URL', fields.turn_url), field('TURN secret', fields.turn_secret),
    field('Capacity (participants)', fields.capacity),
    field('Operator wallet', fields.operator_wallet),
    field('Price per participant-minute', fields.price_per_participant_minute),
    el('button', { type: 'submit' }, 'Register node'), message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {};
    for (const [name, node] of Object.entries(fields)) {
      if (node.value.trim() !== '') {
        body[name] = name === 'capacity' ? Number(node.value) : node.value.trim();
      }
    }
    clear(message).append(loading('Registering…'));
    try {
      const node = await api('/nodes', { method: 'POST', body });
      form.reset();
      clear(message).append(el('p', { class: 'state ok', role: 'status' }, 'Registered ',
        el('a', { href: `#/nodes/${node.node_id}` }, node.name), ` (${node.node_id}).`));
      done();
    } catch (error) {
      clear(message).append(formError(error));
    }
  });
  return section('Register a node', form);
}

export async function nodePage(id) {
  const [node, healthView] = await Promise.all([api(`/nodes/${id}`), api(`/nodes/${id}/health`)]);
  const root = el('div', {}, el('p', {}, el('a', { href: '#/nodes' }, '← Nodes')),
    el('h1', {}, node.name, ' ', el('span', { id: 'node-state' }, badge(node.state)), ' ',
      health(node)));
  root.append(section('Details', el('dl', { class: 'facts' },
    [['Node id', node.node_id], ['Region', node.region], ['Media URL', node.media_url],
      ['Control URL', node.control_url], ['TURN', node.turn_url],
      ['Capacity', String(node.capacity)], ['Operator wallet', node.operator_wallet],
      ['Price / participant-minute', node.price_per_participant_minute],
      ['Software', node.health && node.health.software],
      ['Last checked', time(node.health && node.health.checked_at)],
      ['Last failure', node.health && node.health.detail],
      ['Meetings now', node.load ? String(node.load.meetings) : '0'],
      ['Participants now', load(node)]]
      .map(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '—')]))));

  root.append(charts(healthView));
  if (me.can('nodes:admin') && node.state !== 'removed') {
    root.append(editForm(node), manage(node));
  }
  return root;
}

function charts(view) {
  const samples = (view.recent || []).slice().sort(
    (a, b) => Date.parse(a.observed_at) - Date.parse(b.observed_at));
  const card = section('Health and load');
  if (samples.length === 0) {
    card.append(empty('No probe has reached this node yet.'));
    return card;
  }
  const points = (key) => samples.filter((s) => s[key] !== undefined && s[key] !== null)
    .map((s) => ({ t: Date.parse(s.observed_at), y: s[key] }));
  const rtt = el('canvas', { id: 'node-rtt', 'aria-label': 'Round trips' });
  const loadCanvas = el('canvas', { id: 'node-load', 'aria-label': 'Load' });
  card.append(el('h3', {}, 'Round trips'), el('div', { class: 'chart' }, rtt),
    el('h3', {}, 'Load'), el('div', { class: 'chart' }, loadCanvas));
  queueMicrotask(() => {
    timeChart(rtt, [
      { label: 'control API (ms)', points: points('control_rtt_ms') },
      { label: 'STUN (ms)', points: points('stun_rtt_ms') },
    ], { yTitle: 'ms' });
    timeChart(loadCanvas, [
      { label: 'participants', points: points('participants') },
      { label: 'sessions', points: points('sessions') },
    ], { yTitle: 'count' });
  });
  const failures = samples.filter((s) => s.detail);
  if (failures.length) {
    card.append(el('p', { class: 'muted' }, `${failures.length} of the last ${samples.length}`
      + ` probes failed; the latest said: ${failures[failures.length - 1].detail}`));
  }
  return card;
}

function editForm(node) {
  const fields = {
    name: el('input', { name: 'name', value: node.name, maxlength: 200 }),
    region: el('input', { name: 'region', value: node.region, maxlength: 64 }),
    capacity: el('input', { name: 'capacity', type: 'number', min: 1, value: node.capacity }),
    price_per_participant_minute: el('input',
      { name: 'price_per_participant_minute', value: node.price_per_participant_minute }),
  };
  const message = el('div');
  const form = el('form', { class: 'form', id: 'node-edit' },
    field('Name', fields.name), field('Region', fields.region),
    field('Capacity', fields.capacity),
    field('Price per participant-minute', fields.price_per_participant_minute),
    el('button', { type: 'submit' }, 'Save changes'), message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {};
    for (const [name, input] of Object.entries(fields)) {
      const value = name === 'capacity' ? Number(input.value) : input.value.trim();
      if (String(value) !== String(node[name])) body[name] = value;
    }
    if (Object.keys(body).length === 0) {
      clear(message).append(el('p', { class: 'state' }, 'Nothing changed.'));
      return;
    }
    try {
      await api(`/nodes/${node.node_id}`, { method: 'PATCH', body });
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (error) {
      clear(message).append(formError(error));
    }
  });
  return section('Edit', form);
}

function manage(node) {
  const message = el('div');
  const run = (label, action, confirmText, cls) => el('button', {
    type: 'button',
    class: cls,
    id: `node-${label.toLowerCase()}`,
    onclick: async () => {
      if (!window.confirm(confirmText)) return;
      clear(message).append(loading('Working…'));
      try {
        await action();
        if (label === 'Remove') {
          location.hash = '#/nodes';
        } else {
          window.dispatchEvent(new HashChangeEvent('hashchange'));
        }
      } catch (error) {
        clear(message).append(formError(error));
      }
    },
  }, label);
  const box = el('div', { class: 'actions' });
  if (node.state === 'active' || node.state === 'down') {
    box.append(run('Drain', () => api(`/nodes/${node.node_id}/drain`, { method: 'POST' }),
      `Drain ${node.name}? Its live meetings move to other nodes and it takes no new ones.`));
  }
  if (node.state === 'draining') {
    box.append(run('Reactivate', () => api(`/nodes/${node.node_id}`,
      { method: 'PATCH', body: { state: 'active' } }), `Let ${node.name} take meetings again?`));
  }
  box.append(run('Remove', () => api(`/nodes/${node.node_id}`, { method: 'DELETE' }),
    `Remove ${node.name} from the pool for good?`, 'danger'));
  return section('Drain or remove', box, message);
}

