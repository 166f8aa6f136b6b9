// The console's shell: who is signed in, the navigation, and a page per location hash.
import { api, loadSession, csrfToken, me } from './api.js';
import { clear, el, failure, loading } from './ui.js';
import { overviewPage } from './overview.js';
import { meetingsPage, meetingPage } from './meetings.js';
import { nodesPage, nodePage } from './nodes.js';
import { keysPage } from './keys.js';
import { accountPage } from './account.js';
import { tokensPage } from './tokens.js';
import { auditPage } from './audit.js';

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const menu = document.getElementById('menu');

const routes = [
  [/^#\/overview$/, () => overviewPage()],
  [/^#\/meetings$/, () => meetingsPage()],
  [/^#\/meetings\/([A-Za-z0-9_-]+)$/, (m) => meetingPage(m[1])],
  [/^#\/nodes$/, () => nodesPage()],
  [/^#\/nodes\/([A-Za-z0-9_-]+)$/, (m) => nodePage(m[1])],
  [/^#\/keys$/, () => keysPage()],
  [/^#\/account$/, () => accountPage()],
  [/^#\/tokens$/, () => tokensPage()],
  [/^#\/audit$/, () => auditPage()],
];

async function show() {
  const hash = location.hash || '#/overview';
  const route = routes.find(([pattern]) => pattern.test(hash));
  if (!route) {
    location.hash = '#/overview';
    return;
  }
  const page = hash.split('/')[1];
  for (const link of nav.querySelectorAll('a')) {
    link.classList.toggle('active', link.dataset.page === page);
  }
  nav.classList.remove('open');
  menu.setAttribute('aria-expanded', 'false');
  clear(view).append(loading());
  view.dataset.page = page;
  view.dataset.state = 'loading';
  try {
    const content = await route[1](hash.match(route[0]));
    clear(view).append(content);
    view.dataset.state = 'ready';
  } catch (error) {
    clear(view).append(failure(error));
    view.dataset.state = 'error';
  }
}

async function start() {
  await loadSession();
  document.getElementById('signout-token').value = csrfToken();
  Object.assign(me, await api('/me'));
  const user = me.console_user;
  const who = document.getElementById('who');
  who.append(
    el('span', {}, user ? user.email : me.credential_id),
    el('span', { class: 'badge' }, user ? user.role : me.credential_type),
  );
  if (me.account.network_admin) {
    who.append(el('span', { class: 'badge badge-operator' }, 'operator'));
  }
  // A link to the page already shown changes no hash; the folded menu closes all the same.
  nav.addEventListener('click', (event) => {
    if (event.target.closest('a')) {
      nav.classList.remove('open');
      menu.setAttribute('aria-expanded', 'false');
    }
  });
  menu.addEventListener('click', () => {
    const open = nav.classList.toggle('open');
    menu.setAttribute('aria-expanded', String(open));
  });
  window.addEventListener('hashchange', show);
  await show();
}

start().catch((error) => {
  clear(view).append(failure(error));
});
