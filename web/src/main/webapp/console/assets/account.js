// The account: its tier, its rate limit and how much of this minute is used; the signed-in
// person's password; its people; and, for network operators, every account of the network.
import { api, me, rateLimit } from './api.js';
import {
  badge, clear, el, field, formError, loading, pagedTable, section, time,
} from './ui.js';

export async function accountPage() {
  const fresh = await api('/me');
  const account = fresh.account;
  const used = rateLimit.limit - rateLimit.remaining;
  const meter = el('meter', { id: 'rate-meter', min: 0, max: rateLimit.limit, value: used,
    high: Math.floor(rateLimit.limit * 0.8), optimum: 0 });
  const root = el('div', {}, el('h1', {}, account.name));
  root.append(section('Tier and rate limit', el('dl', { class: 'facts' },
    el('dt', {}, 'Account id'), el('dd', {}, el('code', {}, fresh.account_id)),
    el('dt', {}, 'Tier'), el('dd', { id: 'tier' }, badge(account.tier)),
    el('dt', {}, 'Limit'), el('dd', {}, `${account.rate_limit_per_minute} requests a minute`),
    el('dt', {}, 'Used this minute'),
    el('dd', {}, meter, ` ${used} of ${rateLimit.limit}; the window resets in`
      + ` ${rateLimit.reset} s`),
    el('dt', {}, 'Your scopes'),
    el('dd', {}, el('span', { class: 'scope-list' }, fresh.scopes.map((s) => el('code', {}, s)))),
  ), el('p', { class: 'muted' }, 'Every request counts against the account, the console\'s own'
    + ' included. Network operators change tiers and limits.')));

  if (fresh.console_user) {
    root.append(password());
  }
  if (me.can('keys:admin')) {
    root.append(people());
  }
  if (me.can('accounts:admin')) {
    root.append(accounts());
  }
  return root;
}

/** The signed-in person changes their own password; the current one is asked for first. */
function password() {
  const current = el('input', { name: 'current_password', id: 'password-current',
    type: 'password', required: true, autocomplete: 'current-password' });
  const next = el('input', { name: 'new_password', id: 'password-new', type: 'password',
    minlength: 12, maxlength: 200, required: true, autocomplete: 'new-password' });
  const again = el('input', { name: 'new_password_again', id: 'password-again',
    type: 'password', minlength: 12, maxlength: 200, required: true,
    autocomplete: 'new-password' });
  const message = el('div', { id: 'password-message' });
  const form = el('form', { class: 'form', id: 'password-change' },
    field('Current password', current),
    field('New password', next, 'At least 12 characters.'),
    field('New password again', again),
    el('button', { type: 'submit' }, 'Change password'), message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (next.value !== again.value) {
      clear(message).append(el('p', { class: 'state error', role: 'alert' },
        'The two new passwords differ.'));
      return;
    }
    clear(message).append(loading('Changing…'));
    try {
      await api('/me/password', { method: 'POST',
        body: { current_password: current.value, new_password: next.value } });
      form.reset();
      clear(message).append(el('p', { class: 'state ok', role: 'status' },
        'Your password is changed. Your other sessions are signed out; this one stays.'));
    } catch (error) {
      clear(message).append(formError(error));
    }
  });
  return section('Your password', form);
}

function people() {
  const table = pagedTable({
    columns: [
      { title: 'Email', cell: (u) => u.email },
      { title: 'Role', cell: (u) => badge(u.role) },
      { title: 'Added', cell: (u) => time(u.created_at) },
      { title: '', cell: (u) => remove(u) },
    ],
    path: (cursor, limit) => `/users?limit=${limit}`
      + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''),
    emptyText: 'Nobody else signs in for this account.',
  });
  const message = el('div');
  function remove(user) {
    if (user.id === me.credential_id) return el('span', { class: 'muted' }, 'you');
    return el('button', { type: 'button', class: 'danger small', onclick: async () => {
      if (!window.confirm(`Remove ${user.email}? Their session ends at once.`)) return;
      try {
        await api(`/users/${user.id}`, { method: 'DELETE' });
        table.reload();
      } catch (error) {
        clear(message).append(formError(error));
      }
    } }, 'Remove');
  }
  const email = el('input', { name: 'email', type: 'email', required: true });
  const role = el('select', { name: 'role' },
    ['viewer', 'admin', 'owner'].map((r) => el('option', { value: r }, r)));
  const password = el('input', { name: 'password', type: 'password', minlength: 12,
    required: true, autocomplete: 'new-password' });
  const form = el('form', { class: 'form', id: 'user-create' }, field('Email', email),
    field('Role', role, 'Viewers read; admins and owners change things; owners add owners.'),
    field('First password', password, 'At least 12 characters; hand it over in person.'),
    el('button', { type: 'submit' }, 'Add person'), message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('/users', { method: 'POST',
        body: { email: email.value.trim(), role: role.value, password: password.value } });
      form.reset();
      clear(message);
      table.reload();
    } catch (error) {
      clear(message).append(formError(error));
    }
  });
  return section('People who sign in', table.node, form);
}

function accounts() {
  const message = el('div');
  const table = pagedTable({
    columns: [
      { title: 'Name', cell: (a) => a.name },
      { title: 'Account id', cell: (a) => el('code', {}, a.id) },
      { title: 'Tier', cell: (a) => tierSelect(a) },
      { title: 'Limit / minute', cell: (a) => String(a.rate_limit_per_minute ?? '—') },
      { title: 'Created', cell: (a) => time(a.created_at) },
    ],
    path: (cursor, limit) => `/accounts?limit=${limit}`
      + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''),
    emptyText: 'No accounts.',
  });
  function tierSelect(a) {
    const select = el('select', { 'aria-label': `Tier of ${a.name}` },
      ['standard', 'premium'].map((t) => el('option', { value: t, selected: t === a.tier }, t)));
    select.addEventListener('change', async () => {
      try {
        await api(`/accounts/${a.id}`, { method: 'PATCH', body: { tier: select.value } });
        table.reload();
      } catch (error) {
        clear(message).append(formError(error));
      }
    });
    return select;
  }
  return section('Accounts of the network', table.node, message,
    el('p', { class: 'muted' }, 'Visible to network operators only.'));
}
