// The token economy: the account's balance and wallets, balances and payments, epochs and their
// settlement, operator rewards, the network parameters, and governance proposals with votes
// that the token holder signs in their own browser wallet. Each part stands alone: a part whose
// endpoint this server does not have (404 or 501) says so, and the others still work.
import { api, isMissing, me } from './api.js';
import {
  badge, clear, el, empty, failure, field, formError, loading, pagedTable, section, time,
  unavailable,
} from './ui.js';

/** The parameters governance may change (NetworkParameters). */
const PARAMETERS = ['price_per_participant_minute', 'reward_per_epoch', 'min_quality_score',
  'epoch_seconds', 'minimum_stake'];

/** A Governor's vote types. */
const SUPPORT = [[1, 'For'], [0, 'Against'], [2, 'Abstain']];

/** Shows an answer's top-level fields as a definition list. */
function facts(object, id) {
  return el('dl', { class: 'facts', id }, Object.entries(object || {}).map(([k, v]) => [
    el('dt', {}, k),
    el('dd', {}, k === 'state' || k === 'status' ? badge(String(v))
      : typeof v === 'object' && v !== null ? el('code', {}, JSON.stringify(v))
        : k.endsWith('_at') ? time(v) : String(v ?? '—')),
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

/** A part of the page filled by one GET; its own loading, error and not-available states. */
function part(title, id, fill) {
  const body = el('div', { id }, loading());
  body.dataset.state = 'loading';
  (async () => {
    try {
      await fill(body);
      if (body.dataset.state === 'loading') body.dataset.state = 'ready';
    } catch (error) {
      clear(body).append(failure(error));
      body.dataset.state = isMissing(error) ? 'unavailable' : 'error';
    }
  })();
  return section(title, body);
}

export async function tokensPage() {
  const root = el('div', {}, el('h1', {}, 'Token economy'));
  root.append(
    part('This account', 'token-account', async (body) => {
      const account = await api('/tokens/account');
      clear(body).append(facts(account));
    }),
    section('Balance of an address', lookup('balance-address', 'Address', '0x…',
      (a) => `/tokens/balance?address=${a}`)),
    section('Payment', lookup('payment-id', 'Payment id', 'pay_…',
      (p) => `/tokens/payments/${p}`)),
    epochs(),
    part('Network parameters', 'parameters', async (body) => {
      clear(body).append(facts(await api('/governance/parameters')));
    }),
    proposals(),
  );
  return root;
}

// Epochs and rewards -------------------------------------------------------------------------

function epochs() {
  const current = el('div', { id: 'epoch-current' }, loading());
  current.dataset.state = 'loading';
  const rewards = el('div', { id: 'rewards' });
  const epochInput = el('input', { name: 'epoch', id: 'reward-epoch', type: 'number', min: 0,
    required: true });
  const operator = el('input', { name: 'operator', id: 'reward-operator', placeholder: '0x…' });
  const rewardForm = el('form', { class: 'filters', id: 'reward-filters' },
    field('Epoch', epochInput), field('Operator (optional)', operator),
    el('button', { type: 'submit', class: 'secondary' }, 'Show rewards'));
  // Whether this server keeps the ledger: then a 404 is about the epoch asked for.
  let ledger = false;

  const list = pagedTable({
    columns: [
      { title: 'Epoch', cell: (e) => el('a', { href: '#/tokens', 'data-epoch': e.epoch,
        onclick: (event) => { event.preventDefault(); showRewards(e.epoch); } },
      String(e.epoch)) },
      { title: 'State', cell: (e) => badge(e.state) },
      { title: 'From', cell: (e) => time(e.starts_at) },
      { title: 'To', cell: (e) => time(e.ends_at) },
      { title: 'Participant-minutes', cell: (e) => String(e.participant_minutes ?? '—') },
      { title: 'Rewards', cell: (e) => String(e.reward_total ?? '—') },
      { title: 'Operators', cell: (e) => String(e.operators ?? '—') },
    ],
    path: (cursor, limit) => `/ledger/epochs?limit=${limit}`
      + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''),
    emptyText: 'No epoch yet.',
    rowAttributes: (e) => ({ dataset: { epochRow: e.epoch } }),
  });
  list.node.id = 'epoch-list';

  (async () => {
    try {
      await api('/ledger/epochs?limit=1');
      ledger = true;
    } catch (error) {
      clear(current).append(failure(error));
      current.dataset.state = isMissing(error) ? 'unavailable' : 'error';
      if (isMissing(error)) {
        // Without a ledger there are no epochs to list and no rewards to ask for.
        list.node.hidden = true;
        rewardForm.hidden = true;
      }
      return;
    }
    try {
      const open = await api('/ledger/epochs/current');
      clear(current).append(el('p', {}, 'Epoch ', el('strong', { id: 'epoch-current-number' },
        String(open.epoch)), ' ', badge(open.state), ` runs from ${time(open.starts_at)} to`
        + ` ${time(open.ends_at)}.`));
      current.dataset.state = 'ready';
      epochInput.value = String(Math.max(0, open.epoch - 1));
    } catch (error) {
      clear(current).append(error.status === 404
        ? empty('No epoch is open right now.') : failure(error));
      current.dataset.state = error.status === 404 ? 'none' : 'error';
    }
  })();

  function showRewards(epoch) {
    epochInput.value = String(epoch);
    draw();
  }

  function draw() {
    const n = epochInput.value.trim();
    if (n === '') return;
    const q = new URLSearchParams({ epoch: n });
    if (operator.value.trim()) q.set('operator', operator.value.trim());
    const table = pagedTable({
      columns: [
        { title: 'Operator', cell: (r) => el('code', {}, r.operator) },
        { title: 'Amount', cell: (r) => String(r.amount) },
        { title: 'Participant-minutes', cell: (r) => String(r.participant_minutes ?? '—') },
        { title: 'Quality', cell: (r) => String(r.quality_score ?? '—') },
        { title: 'State', cell: (r) => badge(r.state) },
        { title: 'Claimed', cell: (r) => (r.claimed ? 'yes' : 'no') },
      ],
      path: (cursor, limit) => {
        q.set('limit', limit);
        if (cursor) q.set('cursor', cursor); else q.delete('cursor');
        return `/tokens/rewards?${q}`;
      },
      emptyText: `No operator earned a reward in epoch ${n}.`,
      rowAttributes: (r) => ({ dataset: { rewardOperator: r.operator } }),
      describeError: (error) => (ledger && error.status === 404
        ? empty(error.message) : failure(error)),
    });
    table.node.id = 'reward-list';
    clear(rewards).append(table.node);
  }
  rewardForm.addEventListener('submit', (e) => {
    e.preventDefault();
    draw();
  });

  const card = section('Epochs and operator rewards',
    current, list.node, el('h3', {}, 'Operator rewards'), rewardForm, rewards,
    el('p', { class: 'muted' }, 'Each epoch\'s usage and rewards are settled on chain as Merkle'
      + ' roots; operators claim their reward with its proof.'));
  card.id = 'epochs';
  return card;
}

// Governance ---------------------------------------------------------------------------------

function proposals() {
  const message = el('div', { id: 'vote-message', role: 'status' });
  const table = pagedTable({
    columns: [
      { title: 'Proposal', cell: (p) => el('span', {}, p.description || '—',
        el('br'), el('small', { class: 'muted' }, `#${shortId(p.id)} by ${p.proposer || '—'}`)) },
      { title: 'Changes', cell: (p) => (p.changes || []).map((c) =>
        el('div', {}, el('code', {}, c.parameter), ` → ${c.value}`)) },
      { title: 'State', cell: (p) => badge(p.state || 'unknown') },
      { title: 'For', cell: (p) => String(p.votes_for ?? '—') },
      { title: 'Against', cell: (p) => String(p.votes_against ?? '—') },
      { title: 'Abstain', cell: (p) => String(p.votes_abstain ?? '—') },
      { title: 'Voting ends', cell: (p) => (p.vote_end == null ? '—' : `block ${p.vote_end}`) },
      { title: 'Vote', cell: (p) => (me.can('governance:write') && p.state === 'active'
        ? voteButtons(p) : '—') },
    ],
    path: (cursor, limit) => `/governance/proposals?limit=${limit}`
      + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''),
    emptyText: 'No governance proposal yet.',
    rowAttributes: (p) => ({ dataset: { proposal: p.id } }),
  });
  table.node.id = 'proposal-list';

  function voteButtons(p) {
    return el('span', { class: 'row-actions' }, SUPPORT.map(([support, label]) => el('button', {
      type: 'button',
      class: 'secondary small',
      'data-vote': support,
      onclick: () => vote(p, support, message, () => table.reload()),
    }, label)));
  }

  const card = section('Governance proposals and votes', table.node, message,
    el('p', { class: 'muted' }, 'A vote is the token holder\'s own: your browser wallet signs'
      + ' the ballot, and Chroom relays it to the governor.'));
  if (me.can('governance:write')) {
    card.append(proposalForm(() => table.reload()));
  }
  card.id = 'proposals';
  return card;
}

function shortId(id) {
  const text = String(id);
  return text.length > 14 ? `${text.slice(0, 6)}…${text.slice(-6)}` : text;
}

/** States of the vote message, for the reader and for tests. */
function say(out, state, ...content) {
  out.dataset.state = state;
  clear(out).append(...content);
}

/**
 * Casts a vote by signature: the browser's EIP-1193 wallet names the voter and signs the EIP-712
 * ballot the API composes; the API relays the signed ballot.
 */
async function vote(proposal, support, out, done) {
  const wallet = window.ethereum;
  if (!wallet || typeof wallet.request !== 'function') {
    say(out, 'no-wallet', el('p', { class: 'state error', role: 'alert' },
      'No browser wallet was found. Voting needs the token holder\'s own wallet (such as'
      + ' MetaMask) in this browser: the holder signs the ballot, Chroom only relays it.'));
    return;
  }
  say(out, 'signing', loading('Waiting for your wallet…'));
  let voter;
  let signature;
  try {
    const accounts = await wallet.request({ method: 'eth_requestAccounts' });
    if (!Array.isArray(accounts) || accounts.length === 0) {
      say(out, 'error', el('p', { class: 'state error', role: 'alert' },
        'The wallet shared no account to vote with.'));
      return;
    }
    [voter] = accounts;
    const q = new URLSearchParams({ proposal_id: proposal.id, support, voter });
    const ballot = await api(`/governance/ballot?${q}`);
    signature = await wallet.request({ method: 'eth_signTypedData_v4',
      params: [voter, JSON.stringify(ballot)] });
  } catch (error) {
    if (error && error.code === 4001) {
      say(out, 'declined', el('p', { class: 'state empty' },
        'You declined in the wallet; no vote was sent.'));
    } else if (error && error.status) {
      say(out, isMissing(error) ? 'unavailable' : 'error', failure(error));
    } else {
      say(out, 'error', el('p', { class: 'state error', role: 'alert' },
        'The wallet failed: ', (error && error.message) || String(error)));
    }
    return;
  }
  try {
    const relayed = await api(`/governance/proposals/${proposal.id}/votes`,
      { method: 'POST', body: { voter, support, signature } });
    say(out, 'sent', el('p', { class: 'state ok' }, `The vote of ${voter} was sent for`
      + ` relaying${relayed && relayed.state ? ` (${relayed.state})` : ''}; it counts once`
      + ' the chain confirms it.'));
    done();
  } catch (error) {
    say(out, 'error', formError(error));
  }
}

function proposalForm(done) {
  const description = el('input', { name: 'description', id: 'proposal-description',
    required: true, maxlength: 2000 });
  const rows = el('div', { class: 'changes' });
  const message = el('div');
  const changeRow = () => el('div', { class: 'filters change' },
    field('Parameter', el('select', { name: 'parameter' },
      PARAMETERS.map((p) => el('option', { value: p }, p)))),
    field('New value', el('input', { name: 'value', required: true })));
  rows.append(changeRow());
  const more = el('button', { type: 'button', class: 'secondary small',
    onclick: () => rows.append(changeRow()) }, 'Another change');
  const form = el('form', { class: 'form', id: 'proposal-create' },
    el('h3', {}, 'New proposal'), field('Description', description), rows, more,
    el('button', { type: 'submit' }, 'Propose'), message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const changes = [...rows.querySelectorAll('.change')].map((row) => ({
      parameter: row.querySelector('select').value,
      value: row.querySelector('input').value.trim(),
    }));
    clear(message).append(loading('Proposing…'));
    try {
      const made = await api('/governance/proposals', { method: 'POST',
        body: { description: description.value.trim(), changes } });
      clear(message).append(el('p', { class: 'state ok', dataset: { proposed: made.id } },
        `Proposal ${shortId(made.id)} was sent (${made.state}).`));
      form.reset();
      clear(rows).append(changeRow());
      done();
    } catch (error) {
      clear(message).append(isMissing(error) ? unavailable() : formError(error));
    }
  });
  return form;
}
