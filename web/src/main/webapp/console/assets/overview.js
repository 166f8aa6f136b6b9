// Overview: what runs now, how the pool is, and how this account's requests go.
import { api, me, rateLimit } from './api.js';
import { doughnut } from './charts.js';
import { el, empty, failure, section, time } from './ui.js';

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
    stats.append(stat('requests this minute',
      `${rateLimit.limit - rateLimit.remaining} / ${rateLimit.limit}`, 'stat-requests'));
  }

  const errors = section('Refused requests, last hour');
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
