// The audit trail: security events of the network, for network operators.
import { me } from './api.js';
import { el, failure, field, pagedTable, section, time } from './ui.js';

const TYPES = ['', 'key.created', 'key.revoked', 'oauth_client.created', 'oauth_client.rotated',
  'oauth_client.deleted', 'account.created', 'account.changed', 'node.registered',
  'node.changed', 'node.drained', 'node.removed', 'console_user.created',
  'console_user.removed', 'console_user.password_changed', 'console.signed_in',
  'console.sign_in_failed', 'console.sign_in_locked', 'console.signed_out', 'auth.failed',
  'scope.refused'];

export async function auditPage() {
  const root = el('div', {}, el('h1', {}, 'Audit trail'));
  if (!me.can('accounts:admin')) {
    root.append(failure({ message: 'The audit trail is for network operators.' }));
    return root;
  }
  const type = el('select', { name: 'type' },
    TYPES.map((t) => el('option', { value: t }, t || 'any type')));
  const account = el('input', { name: 'account_id', placeholder: 'acc_…' });
  const from = el('input', { name: 'from', type: 'date' });
  const table = pagedTable({
    columns: [
      { title: 'When', cell: (e) => time(e.occurred_at) },
      { title: 'Event', cell: (e) => el('code', {}, e.type) },
      { title: 'By', cell: (e) => e.actor_credential_id || e.source_address || '—' },
      { title: 'Target', cell: (e) => (e.target_id ? `${e.target_type} ${e.target_id}` : '—') },
      { title: 'Account', cell: (e) => e.account_id || '—' },
      { title: 'Details', cell: (e) => el('code', { class: 'details' },
        JSON.stringify(e.details || {}) + (e.count > 1 ? ` ×${e.count}` : '')) },
    ],
    path: (cursor, limit) => {
      const q = new URLSearchParams({ limit });
      if (type.value) q.set('type', type.value);
      if (account.value.trim()) q.set('account_id', account.value.trim());
      if (from.value) q.set('from', `${from.value}T00:00:00Z`);
      if (cursor) q.set('cursor', cursor);
      return `/audit?${q}`;
    },
    emptyText: 'No event matches these filters.',
  });
  const filters = el('form', { class: 'filters', id: 'audit-filters' }, field('Type', type),
    field('Account', account), field('From', from), el('button', { type: 'submit' }, 'Filter'));
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    table.reload();
  });
  root.append(section('Filter', filters), table.node);
  return root;
}
