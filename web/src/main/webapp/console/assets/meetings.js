// Meetings: search the account's meetings; one meeting's roster, placement and quality.
import { api, isMissing, me } from './api.js';
import { timeChart } from './charts.js';
import {
  badge, clear, el, empty, failure, field, formError, loading, pagedTable, section, time,
} from './ui.js';

export async function meetingsPage() {
  const status = el('select', { name: 'status' },
    ['', 'created', 'live', 'ended', 'cancelled']
      .map((s) => el('option', { value: s }, s || 'any')));
  const host = el('input', { name: 'host', placeholder: 'host id' });
  const from = el('input', { name: 'from', type: 'date' });
  const to = el('input', { name: 'to', type: 'date' });
  const id = el('input', { name: 'meeting_id', placeholder: 'meeting id' });

  const filters = () => {
    const q = new URLSearchParams();
    if (status.value) q.set('status', status.value);
    if (host.value.trim()) q.set('host', host.value.trim());
    if (from.value) q.set('from', `${from.value}T00:00:00Z`);
    if (to.value) q.set('to', `${to.value}T23:59:59Z`);
    return q;
  };
  const table = pagedTable({
    columns: [
      { title: 'Title', cell: (m) => el('a', { href: `#/meetings/${m.meeting_id}` }, m.title) },
      { title: 'Status', cell: (m) => badge(m.status) },
      { title: 'Host', cell: (m) => m.host },
      { title: 'Invited', cell: (m) => String(m.participants.length) },
      { title: 'Created', cell: (m) => time(m.created_at) },
      { title: 'Node', cell: (m) => (m.placement ? m.placement.node_id : '—') },
    ],
    path: (cursor, limit) => {
      const q = filters();
      q.set('limit', limit);
      if (cursor) q.set('cursor', cursor);
      return `/meetings?${q}`;
    },
    emptyText: 'No meeting matches these filters.',
    rowAttributes: (m) => ({ dataset: { meeting: m.meeting_id } }),
  });

  const search = el('form', { class: 'filters', id: 'meeting-filters' },
    field('Status', status), field('Host', host), field('Created from', from),
    field('to', to), el('button', { type: 'submit' }, 'Search'));
  search.addEventListener('submit', (e) => {
    e.preventDefault();
    table.reload();
  });
  const open = el('form', { class: 'filters', id: 'meeting-open' }, field('Meeting id', id),
    el('button', { type: 'submit', class: 'secondary' }, 'Open'));
  open.addEventListener('submit', (e) => {
    e.preventDefault();
    if (id.value.trim()) location.hash = `#/meetings/${encodeURIComponent(id.value.trim())}`;
  });
  return el('div', {}, el('h1', {}, 'Meetings'), section('Search', search, open), table.node);
}

export async function meetingPage(id) {
  const meeting = await api(`/meetings/${id}`);
  const root = el('div', {}, el('p', {}, el('a', { href: '#/meetings' }, '← Meetings')),
    el('h1', {}, meeting.title, ' ', badge(meeting.status)));

  root.append(section('Details', el('dl', { class: 'facts' },
    fact('Meeting id', meeting.meeting_id), fact('Host', meeting.host),
    fact('Duration', `${meeting.duration} min`), fact('Created', time(meeting.created_at)),
    fact('Started', time(meeting.started_at)), fact('Ends', time(meeting.ends_at)),
    fact('Ended', time(meeting.ended_at)), fact('Node policy', meeting.node_policy || '—'),
    fact('End-to-end encryption', meeting.e2ee ? 'required' : 'off'),
    fact('Join link', el('a', { href: meeting.join_url, target: '_blank', rel: 'noopener' },
      meeting.join_url)))));

  if (me.can('meetings:write')) {
    root.append(actions(meeting));
  }

  const placement = meeting.placement;
  root.append(section('Placement',
    placement
      ? el('dl', { class: 'facts', id: 'placement-now' },
        fact('Node', el('a', { href: `#/nodes/${placement.node_id}` }, placement.node_id)),
        fact('Region', placement.region), fact('Room', String(placement.room_id)),
        fact('Placed', time(placement.placed_at)))
      : empty('The meeting is on no media node now; it is placed when it starts or is joined.'),
    el('h3', {}, 'Placement history'),
    placementHistory(id)));

  root.append(section('Roster', pagedTable({
    columns: [
      { title: 'Participant', cell: (p) => p.participant_id },
      { title: 'Invited', cell: (p) => time(p.added_at) },
    ],
    path: (cursor, limit) => `/meetings/${id}/participants?limit=${limit}`
      + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''),
    emptyText: 'Nobody is invited besides the host.',
  }).node));

  root.append(qos(id));
  return root;
}

// Why a meeting came to a node, and why it left, in words (GET /api/meetings/{id}/placements).
const CAME = {
  placed: 'first placement',
  node_down: 'moved here: the previous node went down',
  node_drained: 'moved here: the previous node was drained',
  node_removed: 'moved here: the previous node was removed',
};
const LEFT = {
  node_down: 'the node went down',
  node_drained: 'the node was drained',
  node_removed: 'the node was removed',
  meeting_over: 'the meeting ended',
};

function placementHistory(id) {
  const table = pagedTable({
    columns: [
      { title: 'Node',
        cell: (p) => el('a', { href: `#/nodes/${p.node_id}` }, p.node_name || p.node_id) },
      { title: 'Region', cell: (p) => p.region },
      { title: 'From', cell: (p) => time(p.placed_at) },
      { title: 'To', cell: (p) => (p.current ? badge('now') : time(p.released_at)) },
      { title: 'Came because', cell: (p) => CAME[p.reason] || p.reason },
      { title: 'Left because', cell: (p) => (p.release_reason
        ? LEFT[p.release_reason] || p.release_reason : '—') },
    ],
    path: (cursor, limit) => `/meetings/${id}/placements?limit=${limit}`
      + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''),
    emptyText: 'The meeting has not been placed on a media node yet.',
    rowAttributes: (p) => ({ dataset: { placementNode: p.node_id, reason: p.reason } }),
  });
  table.node.id = 'placement-history';
  return table.node;
}

function fact(label, value) {
  return [el('dt', {}, label), el('dd', {}, value ?? '—')];
}

function actions(meeting) {
  const box = el('div', { class: 'actions' });
  const message = el('div');
  const act = (label, path, method = 'POST') => el('button', {
    type: 'button',
    class: method === 'DELETE' ? 'danger' : '',
    onclick: async () => {
      clear(message).append(loading('Working…'));
      try {
        await api(path, { method });
        location.hash = `#/meetings/${meeting.meeting_id}`;
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      } catch (error) {
        clear(message).append(formError(error));
      }
    },
  }, label);
  if (meeting.status === 'created') {
    box.append(act('Start', `/meetings/${meeting.meeting_id}/start`),
      act('Cancel', `/meetings/${meeting.meeting_id}`, 'DELETE'));
  }
  if (meeting.status === 'live') {
    box.append(act('End', `/meetings/${meeting.meeting_id}/end`));
  }
  return box.childElementCount ? section('Actions', box, message) : el('div');
}

// Quality of service over time, from GET /api/analytics/qos. Each row is one participant's
// audio or video over one interval; the chart shows the meeting's average per interval. The
// quality score is the ITU-T G.107 MOS, which only audio has.
const FIELDS = {
  time: ['at'],
  score: ['mos'],
  loss: ['packet_loss_pct'],
  jitter: ['jitter_ms'],
  rtt: ['rtt_ms'],
  bitrate: ['bitrate_in_bps'],
};

function pick(row, names) {
  for (const name of names) {
    if (row[name] !== undefined && row[name] !== null) return row[name];
  }
  return null;
}

function rowsOf(answer) {
  if (Array.isArray(answer)) return answer;
  for (const key of ['data', 'buckets', 'series', 'samples']) {
    if (Array.isArray(answer && answer[key])) return answer[key];
  }
  return [];
}

function qos(id) {
  const granularity = el('select', { name: 'granularity' },
    [['1m', 'minute'], ['5m', '5 minutes'], ['15m', '15 minutes'], ['1h', 'hour'],
      ['1d', 'day']].map(([value, label]) => el('option', { value }, label)));
  const body = el('div', { id: 'qos' }, loading());
  const card = section('Quality over time',
    el('div', { class: 'filters' }, field('Granularity', granularity)), body);

  async function draw() {
    clear(body).append(loading());
    body.dataset.state = 'loading';
    try {
      const answer = await api(`/analytics/qos?meeting_id=${encodeURIComponent(id)}`
        + `&granularity=${granularity.value}&limit=200`);
      const rows = rowsOf(answer);
      if (rows.length === 0) {
        clear(body).append(empty('No quality samples yet: they arrive while people are in the'
          + ' meeting.'));
        body.dataset.state = 'empty';
        return;
      }
      const buckets = new Map();
      for (const row of rows) {
        const t = Date.parse(pick(row, FIELDS.time));
        if (Number.isNaN(t)) continue;
        const bucket = buckets.get(t) || { n: 0 };
        bucket.n += 1;
        for (const key of ['score', 'loss', 'jitter', 'rtt', 'bitrate']) {
          const v = pick(row, FIELDS[key]);
          if (v === null) continue;
          // Bits per second on the wire, kbit/s on the chart.
          const value = key === 'bitrate' ? Number(v) / 1000 : Number(v);
          bucket[key] = (bucket[key] || 0) + value;
          bucket[`${key}N`] = (bucket[`${key}N`] || 0) + 1;
        }
        buckets.set(t, bucket);
      }
      const times = [...buckets.keys()].sort((a, b) => a - b);
      const series = (key) => times.filter((t) => buckets.get(t)[key] !== undefined)
        .map((t) => ({ t, y: buckets.get(t)[key] / buckets.get(t)[`${key}N`] }));
      const quality = el('canvas', { id: 'qos-quality', 'aria-label': 'Quality score and loss' });
      const network = el('canvas', { id: 'qos-network', 'aria-label': 'Jitter and round trip' });
      clear(body).append(el('div', { class: 'chart' }, quality),
        el('div', { class: 'chart' }, network));
      timeChart(quality, [
        { label: 'quality (MOS)', points: series('score') },
        { label: 'packet loss (%)', points: series('loss'), axis: 'y1' },
      ], { yTitle: 'MOS', y1Title: 'loss %' });
      timeChart(network, [
        { label: 'jitter (ms)', points: series('jitter') },
        { label: 'round trip (ms)', points: series('rtt') },
        { label: 'bitrate (kbit/s)', points: series('bitrate'), axis: 'y1' },
      ], { yTitle: 'ms', y1Title: 'kbit/s' });
      body.dataset.state = 'drawn';
    } catch (error) {
      clear(body).append(failure(error));
      body.dataset.state = isMissing(error) ? 'unavailable' : 'error';
    }
  }
  granularity.addEventListener('change', draw);
  draw();
  return card;
}
