// The token economy: balances, payments, epochs, operator rewards and governance. Its
// endpoints arrive with the chain release; until then each part says it is not available.
import { api, isMissing, me } from './api.js';
import {
  badge, clear, el, failure, field, formError, loading, pagedTable, section, time,
  unavailable,
} from './ui.js';

/** Shows an answer's top-level fields as a definition list. */
function facts(object) {
  return el('dl', { class: 'facts' }, Object.entries(object || {}).map(([k, v]) => [
    el('dt', {}, k),
    el('dd', {}, k === 'state' || k === 'status' ? badge(String(v))
      : typeof v === 'object' && v !== null ? el('code', {}, JSON.stringify(v))
        : k.endsWith('_at') ? time(v) : String(v)),
  ]));
}

/** A small lookup form: one input, a GET, the answer's fields. */
function lookup(id, label, placeholder, path) {
  const input = el('input', { name: id, id, placeholder, required: true });
  const out = el('div', { class: 'lookup-result' });
  const form = el('form', { class: 'filters' }, field(label, input),
    el('button', { type: 'submit', class: 'secondary' }, 'Look up'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(out).append(loading());
    try {
      clear(out).append(facts(await api(path(encodeURIComponent(input.value.trim())))));
    } catch (error) {
      clear(out).append(failure(error));
    }
  });
  return el('div', {}, form, out);
}

export async function tokensPage() {
  const root = el('div', {}, el('h1', {}, 'Token economy'));
  try {
    await api('/governance/proposals?limit=1');
  } catch (error) {
    if (isMissing(error)) {
      root.dataset.state = 'unavailable';
      root.append(section('Not here yet', unavailable(), el('p', { class: 'muted' },
        'Balances, payments, epochs, operator rewards and governance appear here once this'
        + ' server runs the token economy.')));
      return root;
    }
    if (!(error.status === 403)) throw error;
  }

  root.append(
    section('Balance', lookup('balance-address', 'Address', '0x…',
      (a) => `/tokens/balance?address=${a}`)),
    section('Payment', lookup('payment-id', 'Payment id', 'pay_…',
      (p) => `/tokens/payments/${p}`)),
    section('Epoch', lookup('epoch-number', 'Epoch', '1', (n) => `/ledger/epochs/${n}`)),
    section('Operator rewards', lookup('reward-epoch', 'Epoch', '1',
      (n) => `/tokens/rewards?epoch=${n}`)),
    proposals(),
  );
  return root;
}

function proposals() {
  const message = el('div');
  const table = pagedTable({
    columns: [
      { title: 'Proposal', cell: (p) => p.title || p.description || p.id },
      { title: 'State', cell: (p) => badge(p.state || p.status || 'unknown') },
      { title: 'For', cell: (p) => String(p.votes_for ?? p.for ?? '—') },
      { title: 'Against', cell: (p) => String(p.votes_against ?? p.against ?? '—') },
      { title: 'Ends', cell: (p) => time(p.ends_at || p.deadline) },
      { title: '', cell: (p) => (me.can('governance:write') ? vote(p) : '') },
    ],
    path: (cursor, limit) => `/governance/proposals?limit=${limit}`
      + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''),
    emptyText: 'No governance proposal yet.',
  });
  function vote(p) {
    const cast = (support) => el('button', { type: 'button', class: 'secondary small',
      onclick: async () => {
        try {
          await api(`/governance/proposals/${p.id}/votes`, { method: 'POST', body: { support } });
          table.reload();
        } catch (error) {
          clear(message).append(formError(error));
        }
      } }, support ? 'For' : 'Against');
    return el('span', { class: 'row-actions' }, cast(true), cast(false));
  }
  return section('Governance proposals and votes', table.node, message);
}
