// Overview: what runs now, how the pool is, and how this account's requests and errors go.
import { api, me, rateLimit } from './api.js';
import { doughnut, timeChart } from './charts.js';
import { clear, el, empty, failure, loading, section, time } from './ui.js';

const MINUTE = 60_000;

/**
 * The account's requests and errors per minute over the last hour, from GET /api/me/usage; the
 * API leaves out minutes without requests, which the chart shows as zero.
 */
function usage() {
  const body = el('div', { id: 'usage' }, loading());
  body.dataset.state = 'loading';
  const card = section('Requests and errors, last hour', body, el('p', { class: 'muted' },
    'Every request of this account, the console\'s own included; servers add their counts'
    + ' every few seconds.'));
  (async () => {
    try {
      const now = Date.now();
      const end = Math.floor(now / MINUTE) * MINUTE + MINUTE;
      const start = end - 60 * MINUTE;
      const answer = await api(`/me/usage?from=${iso(start)}&to=${iso(end)}`
        + '&granularity=1m&limit=200');
      const byMinute = new Map(answer.data.map((p) => [Date.parse(p.at), p]));
      const minutes = [];
      for (let t = start; t < end; t += MINUTE) minutes.push(t);
      const series = (value) => minutes.map((t) => ({
        t, y: byMinute.has(t) ? value(byMinute.get(t)) : 0,
      }));
      const total = (value) => answer.data.reduce((n, p) => n + value(p), 0);
      const errors = (p) => p.client_errors + p.server_errors + p.rate_limited;
      const canvas = el('canvas', { id: 'usage-chart', 'aria-label': 'Requests and errors' });
      clear(body).append(el('div', { class: 'stats' },
        stat('requests', String(total((p) => p.requests)), 'stat-usage-requests'),
        stat('client errors (4xx)', String(total((p) => p.client_errors)), 'stat-usage-4xx'),
        stat('over the rate limit (429)', String(total((p) => p.rate_limited)),
          'stat-usage-429'),
        stat('server errors (5xx)', String(total((p) => p.server_errors)), 'stat-usage-5xx')),
      el('div', { class: 'chart' }, canvas));
      timeChart(canvas, [
        { label: 'requests', points: series((p) => p.requests) },
        { label: 'errors', points: series(errors), axis: 'y1' },
      ], { yTitle: 'requests / minute', y1Title: 'errors / minute' });
      body.dataset.state = answer.data.length ? 'drawn' : 'empty';
    } catch (error) {
      clear(body).append(failure(error));
      body.dataset.state = 'error';
    }
  })();
  return card;
}

function iso(ms) {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

function stat(label, value, id) {
  return el('div', { class: 'stat', id }, el('span', { class: 'stat-value' }, value),
    el('span', { class: 'stat-label' }, label));
}

async function countAll(path) {
  let total = 0;
  let cursor = null;
  const items = [];
  for (let pages = 0; pages < 5; pages += 1) {
    const page = await api(path + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''));
    total += page.data.length;
    items.push(...page.data);
    cursor = page.next_cursor;
    if (!cursor) return { total: String(total), items };
  }
  return { total: `${total}+`, items };
}

export async function overviewPage() {
  const root = el('div', {}, el('h1', {}, 'Overview'));
  const [live, nodes] = await Promise.allSettled([
    countAll('/meetings?status=live&limit=200'),
    countAll('/nodes?limit=200'),
  ]);

  const stats = el('div', { class: 'stats' });
  root.append(stats);
  if (live.status === 'fulfilled') {
    stats.append(stat('live meetings', live.value.total, 'stat-live'));
  }
  if (nodes.status === 'fulfilled') {
    const pool = nodes.value.items.filter((n) => n.state !== 'removed');
    const participants = pool.reduce((sum, n) => sum + (n.load ? n.load.participants : 0), 0);
    const by = (status) => pool.filter((n) => n.health && n.health.status === status).length;
    stats.append(
      stat('participants now', String(participants), 'stat-participants'),
      stat('nodes up', String(by('up')), 'stat-up'),
      stat('nodes degraded', String(by('degraded')), 'stat-degraded'),
      stat('nodes down', String(by('down')), 'stat-down'),
    );
    const canvas = el('canvas', { id: 'node-health-chart', 'aria-label': 'Nodes by health' });
    const card = section('Nodes by health');
    root.append(card);
    if (pool.length === 0) {
      card.append(empty('No media nodes are registered yet.'));
    } else {
      card.append(el('div', { class: 'chart small' }, canvas));
      queueMicrotask(() => doughnut(canvas, ['up', 'degraded', 'down', 'unknown'],
        [by('up'), by('degraded'), by('down'), by('unknown')],
        ['#16a34a', '#f59e0b', '#dc2626', '#94a3b8']));
    }
  }
  if (rateLimit.limit !== null) {
    stats.append(stat('of the rate limit used this minute',
      `${rateLimit.limit - rateLimit.remaining} / ${rateLimit.limit}`, 'stat-requests'));
  }

  root.append(usage());

  const errors = section('Refused credentials, last hour');
  root.append(errors);
  if (me.can('accounts:admin')) {
    const from = new Date(Date.now() - 3600_000).toISOString().slice(0, 19) + 'Z';
    try {
      const [failed, refused] = await Promise.all([
        api(`/audit?type=auth.failed&from=${from}&limit=200`),
        api(`/audit?type=scope.refused&from=${from}&limit=200`),
      ]);
      const failures = failed.data.reduce((n, e) => n + (e.count || 1), 0);
      errors.append(el('div', { class: 'stats' },
        stat('invalid credentials', String(failures), 'stat-auth-failed'),
        stat('missing scope', String(refused.data.length), 'stat-scope-refused')));
    } catch (error) {
      errors.append(failure(error));
    }
  } else {
    errors.append(empty('Network operators see the refused requests of the whole network.'));
  }

  const list = section('Live meetings');
  root.append(list);
  if (live.status === 'rejected') {
    list.append(failure(live.reason));
  } else if (live.value.items.length === 0) {
    list.append(empty('No meeting is live right now.'));
  } else {
    list.append(el('ul', { class: 'plain' }, live.value.items.slice(0, 10).map((m) =>
      el('li', {}, el('a', { href: `#/meetings/${m.meeting_id}` }, m.title),
        ` · started ${time(m.started_at)}`))));
  }
  return root;
}
