// API keys and OAuth clients of the account: create (the secret shown once), scopes, revoke,
// rotate.
import { api, me } from './api.js';
import {
  badge, clear, el, failure, field, formError, loading, pagedTable, section, secretOnce, time,
} from './ui.js';

function scopePicker(prefix) {
  const boxes = me.scopes.map((scope) => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: 'scopes', value: scope, id: `${prefix}-${scope}` }),
    scope));
  return {
    node: el('fieldset', { class: 'scopes' }, el('legend', {}, 'Scopes'), boxes),
    chosen: () => boxes.map((b) => b.querySelector('input')).filter((i) => i.checked)
      .map((i) => i.value),
  };
}

function scopesCell(scopes) {
  return el('span', { class: 'scope-list' }, scopes.map((s) => el('code', {}, s)));
}

export async function keysPage() {
  const root = el('div', {}, el('h1', {}, 'API keys and OAuth clients'));
  if (!me.can('keys:admin')) {
    root.append(failure({ message: 'Managing keys needs the keys:admin scope, which a viewer'
      + ' does not hold.' }));
    return root;
  }
  const revealed = el('div', { id: 'secret' });
  root.append(revealed);

  const keys = pagedTable({
    columns: [
      { title: 'Name', cell: (k) => k.name },
      { title: 'Key id', cell: (k) => el('code', {}, k.id) },
      { title: 'Hint', cell: (k) => el('code', {}, k.secret_hint) },
      { title: 'Scopes', cell: (k) => scopesCell(k.scopes) },
      { title: 'Created', cell: (k) => time(k.created_at) },
      { title: 'State', cell: (k) => (k.revoked_at ? badge('revoked') : badge('active')) },
      { title: '', cell: (k) => (k.revoked_at ? '' : keyActions(k)) },
    ],
    path: (cursor, limit) => `/keys?limit=${limit}`
      + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''),
    emptyText: 'This account has no API keys yet.',
    rowAttributes: (k) => ({ dataset: { key: k.id } }),
  });

  function keyActions(key) {
    const revoke = el('button',
      { type: 'button', class: 'danger small', dataset: { action: 'revoke' } }, 'Revoke');
    revoke.addEventListener('click', async () => {
      if (!window.confirm(`Revoke ${key.name}? Requests with it are refused from now on.`)) return;
      try {
        await api(`/keys/${key.id}`, { method: 'DELETE' });
        keys.reload();
      } catch (error) {
        clear(revealed).append(formError(error));
      }
    });
    // A key's rotation: a new key with the same name and scopes, then the old one revoked.
    const rotate = el('button', { type: 'button', class: 'secondary small',
      dataset: { action: 'rotate' } }, 'Rotate');
    rotate.addEventListener('click', async () => {
      if (!window.confirm(`Replace ${key.name} with a new key and revoke the old one?`)) return;
      try {
        const fresh = await api('/keys', { method: 'POST',
          body: { name: key.name, scopes: key.scopes } });
        await api(`/keys/${key.id}`, { method: 'DELETE' });
        clear(revealed).append(secretOnce(`New secret of ${fresh.name} (${fresh.id})`,
          fresh.secret));
        keys.reload();
      } catch (error) {
        clear(revealed).append(formError(error));
      }
    });
    return el('span', { class: 'row-actions' }, rotate, revoke);
  }

  const keyName = el('input', { name: 'name', id: 'key-name', required: true, maxlength: 200 });
  const keyScopes = scopePicker('key-scope');
  const keyMessage = el('div');
  const keyForm = el('form', { class: 'form', id: 'key-create' }, field('Name', keyName),
    keyScopes.node, el('button', { type: 'submit' }, 'Create key'), keyMessage);
  keyForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(keyMessage).append(loading('Creating…'));
    try {
      const key = await api('/keys', { method: 'POST',
        body: { name: keyName.value.trim(), scopes: keyScopes.chosen() } });
      keyForm.reset();
      clear(keyMessage);
      clear(revealed).append(secretOnce(`Secret of ${key.name} (${key.id})`, key.secret));
      keys.reload();
    } catch (error) {
      clear(keyMessage).append(formError(error));
    }
  });
  root.append(section('API keys', keys.node), section('Create a key', keyForm));

  const clients = pagedTable({
    columns: [
      { title: 'Name', cell: (c) => c.name },
      { title: 'Client id', cell: (c) => el('code', {}, c.client_id) },
      { title: 'Scopes', cell: (c) => scopesCell(c.scopes) },
      { title: 'Created', cell: (c) => time(c.created_at) },
      { title: 'Secret rotated', cell: (c) => time(c.secret_rotated_at) },
      { title: '', cell: (c) => clientActions(c) },
    ],
    path: (cursor, limit) => `/oauth/clients?limit=${limit}`
      + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''),
    emptyText: 'This account has no OAuth clients yet.',
    rowAttributes: (c) => ({ dataset: { client: c.client_id } }),
  });

  function clientActions(client) {
    const box = el('span', { class: 'row-actions' });
    if (!client.external_id) {
      const rotate = el('button', { type: 'button', class: 'secondary small' }, 'Rotate secret');
      rotate.addEventListener('click', async () => {
        if (!window.confirm(`Rotate the secret of ${client.name}? Its tokens stop working.`)) {
          return;
        }
        try {
          const rotated = await api(`/oauth/clients/${client.client_id}/rotate`,
            { method: 'POST' });
          clear(revealed).append(secretOnce(`New secret of ${rotated.name}`,
            rotated.client_secret));
          clients.reload();
        } catch (error) {
          clear(revealed).append(formError(error));
        }
      });
      box.append(rotate);
    }
    const remove = el('button', { type: 'button', class: 'danger small' }, 'Delete');
    remove.addEventListener('click', async () => {
      if (!window.confirm(`Delete ${client.name}? Its tokens are refused from now on.`)) return;
      try {
        await api(`/oauth/clients/${client.client_id}`, { method: 'DELETE' });
        clients.reload();
      } catch (error) {
        clear(revealed).append(formError(error));
      }
    });
    box.append(remove);
    return box;
  }

  const clientName = el('input', { name: 'name', id: 'client-name', required: true });
  const clientScopes = scopePicker('client-scope');
  const clientMessage = el('div');
  const clientForm = el('form', { class: 'form', id: 'client-create' },
    field('Name', clientName), clientScopes.node,
    el('button', { type: 'submit' }, 'Register client'), clientMessage);
  clientForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const client = await api('/oauth/clients', { method: 'POST',
        body: { name: clientName.value.trim(), scopes: clientScopes.chosen() } });
      clientForm.reset();
      clear(clientMessage).append(el('p', { class: 'muted' }, 'Token URL: ',
        el('code', {}, client.token_url)));
      clear(revealed).append(secretOnce(`Secret of client ${client.client_id}`,
        client.client_secret));
      clients.reload();
    } catch (error) {
      clear(clientMessage).append(formError(error));
    }
  });
  root.append(section('OAuth 2.0 clients', clients.node),
    section('Register a client', clientForm));
  return root;
}
