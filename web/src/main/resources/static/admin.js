// The admin console (issue 17): users, roles, machine clients, the audit log and the signing keys, on the same page
// and with the same rules as the rest (DOM built from <template>s, every server text set with textContent).
// auth-service decides: it checks every call against an enabled ADMIN account; the gateway wants a login with a
// second factor for /api/auth/admin/** (RFC 9470 step-up), which this console explains instead of failing.
import * as api from './api.js';
import { plural, problemText, t, when } from './i18n.js';

const ADMIN = '/api/auth/admin';
const PAGE_SIZE = 20;
const AUDIT_PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audit log's event types (auth-service's AuditLog.Type), for the filter; each has its words in i18n.js. */
const AUDIT_TYPES = [
  'LOGIN_SUCCEEDED', 'LOGIN_FAILED', 'LOGIN_SECOND_FACTOR_REQUIRED', 'LOGIN_SECOND_FACTOR_FAILED',
  'REFRESH_REUSE_DETECTED', 'SESSION_ENDED', 'SESSIONS_ENDED', 'ACCOUNT_DISABLED', 'ACCOUNT_ENABLED',
  'ROLES_CHANGED', 'ROLE_CREATED', 'ROLE_CHANGED', 'ROLE_DELETED', 'EMAIL_CHANGED', 'EMAIL_VERIFIED',
  'PASSWORD_RESET_REQUESTED', 'PASSWORD_RESET', 'TOTP_ENABLED', 'TOTP_DISABLED', 'RECOVERY_CODES_RENEWED',
  'KEY_ROTATED', 'KEY_PUBLISHED', 'KEY_RETIRED', 'CLIENT_REGISTERED', 'CLIENT_SECRET_ROTATED', 'CLIENT_DISABLED',
  'CLIENT_ENABLED', 'CLIENT_CONFIGURED', 'CLIENT_AUTHENTICATION_FAILED',
];

export function isAdministrator(user) {
  return !!user && (user.roles || []).includes('ADMIN');
}

/** A list typed by a person: words separated by spaces or commas, without empties or repeats. */
function words(text) {
  return [...new Set(String(text || '').split(/[\s,]+/).filter(Boolean))];
}

function chips(names) {
  if (!names.length) {
    const none = document.createElement('span');
    none.className = 'muted';
    none.textContent = t('admin.none');
    return [none];
  }
  return names.map((name) => {
    const chip = document.createElement('code');
    chip.className = 'chip';
    chip.textContent = name;
    return chip;
  });
}

/** The hash's query (#/admin/audit?type=…&account=…). */
function hashQuery(hash) {
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

/**
 * Shows #/admin/<tab>. `page` holds the page's helpers from app.js: view, $, template, title, say, explain,
 * navigate.
 */
export async function showAdmin(hash, page) {
  const { $, template, navigate } = page;
  const user = api.currentUser();
  if (!user) {
    navigate('#/login', t('admin.loginFirst'));
    return;
  }
  const section = template('tpl-admin');
  page.view.replaceChildren(section);
  if (!isAdministrator(user)) {
    page.title(t('admin.title'));
    $(section, '#admin-tabs').hidden = true;
    page.say(t('admin.notAdmin'));
    return;
  }
  const tab = (/^#\/admin\/(\w+)/.exec(hash) || [])[1] || 'users';
  section.querySelectorAll('#admin-tabs a').forEach((link) => {
    link.classList.toggle('current', link.dataset.tab === tab);
    if (link.dataset.tab === tab) link.setAttribute('aria-current', 'page');
  });
  page.title(t(`admin.tab.${tab}`));
  $(section, '#admin-step-up-logout').addEventListener('click', async () => {
    await api.logout().catch(() => null);
    navigate('#/login', t('admin.stepUp.loginAgain'), 'info');
  });
  const body = $(section, '#admin-body');
  const screens = { users, roles, clients, audit, keys };
  const screen = screens[tab];
  if (!screen) {
    navigate('#/admin/users');
    return;
  }
  try {
    await screen(body, page, hashQuery(hash));
  } catch (error) {
    await failed(error, section, page);
  }
}

/**
 * A failure of a console call. A step-up refusal is not an error of the admin's: it says what to do, depending on
 * whether the account has an authenticator app yet (set one up on Account; or just log in again with its code).
 */
async function failed(error, section, page) {
  if (!error.stepUp) {
    page.say(explainAdmin(error, page));
    return;
  }
  let hasApp = false;
  try {
    const { data } = await api.call('GET', '/api/auth/me/second-factors');
    hasApp = data.totp === 'enabled';
  } catch (ignored) {
    // not known: say both steps
  }
  const card = page.$(section, '#admin-step-up');
  page.$(card, '#admin-step-up-text').textContent = hasApp ? t('admin.stepUp.hasApp') : t('admin.stepUp.noApp');
  page.$(card, '#admin-step-up-account').hidden = hasApp;
  card.hidden = false;
  page.$(section, '#admin-body').replaceChildren();
  page.say('');
}

/** The console's sentence: the problem type's own words first (role-in-use, unknown-role, …), then the page's. */
function explainAdmin(error, page) {
  return (!error.stepUp && problemText(error.problem)) || page.explain(error);
}

/** Runs an action of a button; a failure is said, a step-up refusal explained on the console. */
function action(page, run) {
  return async (event) => {
    if (event) event.preventDefault();
    try {
      await run();
    } catch (error) {
      if (error.stepUp) {
        await failed(error, page.view.firstElementChild, page);
      } else {
        page.say(explainAdmin(error, page));
      }
    }
  };
}

// ---- #/admin/users ----

async function users(body, page) {
  const { $, template } = page;
  const screen = template('tpl-admin-users');
  body.replaceChildren(screen);
  const form = $(screen, '#user-search');
  const list = $(screen, '#user-list');
  let definedRoles = [];
  let query = '';
  let number = 0;

  async function load() {
    const params = new URLSearchParams({ page: String(number), size: String(PAGE_SIZE) });
    if (query) params.set('q', query);
    const { data } = await api.call('GET', `${ADMIN}/users?${params}`);
    list.replaceChildren(...data.items.map((account) => userItem(account, definedRoles, page)));
    $(screen, '#user-count').textContent = plural('admin.users.count', data.total_items);
    $(screen, '#users-page').textContent = t('admin.pageOf', { page: data.page + 1, pages: Math.max(1, data.total_pages) });
    $(screen, '#users-previous').hidden = data.page === 0;
    $(screen, '#users-next').hidden = data.page + 1 >= data.total_pages;
  }
  form.addEventListener('submit', action(page, async () => {
    query = new FormData(form).get('q').trim();
    number = 0;
    page.say('');
    await load();
  }));
  $(screen, '#users-previous').addEventListener('click', action(page, async () => {
    number = Math.max(0, number - 1);
    await load();
  }));
  $(screen, '#users-next').addEventListener('click', action(page, async () => {
    number += 1;
    await load();
  }));
  // Listeners first, then the calls: a search typed while the screen loads is not lost to a plain form submission.
  definedRoles = (await api.call('GET', `${ADMIN}/roles`)).data.items;
  await load();
  $(form, 'input').focus();
}

function userItem(account, definedRoles, page) {
  const { $, template } = page;
  const item = template('tpl-admin-user');
  item.dataset.username = account.username;
  let current = account;
  function render() {
    $(item, '.username').textContent = current.username;
    $(item, '.display-name').textContent = current.display_name && current.display_name !== current.username
      ? current.display_name : '';
    $(item, '.disabled').hidden = current.enabled;
    $(item, '.created').textContent = when(current.created_at);
    $(item, '.roles').replaceChildren(...chips(current.roles));
    $(item, '.disable').hidden = !current.enabled;
    $(item, '.enable').hidden = current.enabled;
    item.classList.toggle('off', !current.enabled);
  }
  render();
  const path = `${ADMIN}/users/${encodeURIComponent(account.id)}`;
  $(item, '.audit').href = `#/admin/audit?account=${encodeURIComponent(account.id)}`;

  const form = $(item, '.roles-form');
  const fieldset = $(form, 'fieldset');
  $(item, '.edit-roles').addEventListener('click', () => {
    fieldset.querySelectorAll('label').forEach((label) => label.remove());
    for (const role of definedRoles) {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'role';
      box.value = role.name;
      box.checked = current.roles.includes(role.name) || role.name === 'USER';
      box.disabled = role.name === 'USER';
      const name = document.createElement('span');
      name.textContent = role.name;
      const description = document.createElement('span');
      description.className = 'muted';
      description.textContent = role.description || '';
      label.append(box, ' ', name, ' ', description);
      fieldset.append(label);
    }
    form.hidden = false;
  });
  $(form, '.cancel').addEventListener('click', () => {
    form.hidden = true;
  });
  form.addEventListener('submit', action(page, async () => {
    const roles = [...fieldset.querySelectorAll('input:checked')].map((box) => box.value);
    const { data } = await api.call('PUT', `${path}/roles`, { body: { roles } });
    current = data;
    render();
    form.hidden = true;
    page.say(t('admin.users.rolesSaved', { name: current.username, roles: current.roles.join(', ') }), 'info');
  }));
  $(item, '.disable').addEventListener('click', action(page, async () => {
    if (!confirm(t('admin.users.confirmDisable', { name: current.username }))) return;
    const { data } = await api.call('POST', `${path}/disable`);
    current = data;
    render();
    page.say(t('admin.users.disabledNow', { name: current.username }), 'info');
  }));
  $(item, '.enable').addEventListener('click', action(page, async () => {
    const { data } = await api.call('POST', `${path}/enable`);
    current = data;
    render();
    page.say(t('admin.users.enabledNow', { name: current.username }), 'info');
  }));
  $(item, '.reset').addEventListener('click', action(page, async () => {
    await api.call('POST', `${path}/password-reset`);
    page.say(t('admin.users.resetSent', { name: current.username }), 'info');
  }));
  $(item, '.logout').addEventListener('click', action(page, async () => {
    if (!confirm(t('admin.users.confirmLogout', { name: current.username }))) return;
    await api.call('POST', `${path}/logout`);
    page.say(t('admin.users.loggedOut', { name: current.username }), 'info');
  }));
  return item;
}

// ---- #/admin/roles ----

async function roles(body, page) {
  const { $, template } = page;
  const screen = template('tpl-admin-roles');
  body.replaceChildren(screen);
  const list = $(screen, '#role-list');
  async function load() {
    const { data } = await api.call('GET', `${ADMIN}/roles`);
    list.replaceChildren(...data.items.map((role) => roleItem(role, page, load)));
  }
  const form = $(screen, '#role-form');
  form.addEventListener('submit', action(page, async () => {
    const data = new FormData(form);
    const { data: role } = await api.call('POST', `${ADMIN}/roles`, {
      body: {
        name: data.get('name').trim(),
        description: data.get('description').trim() || null,
        permissions: words(data.get('permissions')),
      },
    });
    form.reset();
    await load();
    page.say(t('admin.roles.created', { name: role.name }), 'info');
  }));
  await load();
}

function roleItem(role, page, reload) {
  const { $, template } = page;
  const item = template('tpl-admin-role');
  item.dataset.role = role.name;
  $(item, '.name').textContent = role.name;
  $(item, '.built-in').hidden = !role.built_in;
  $(item, '.accounts').textContent = plural('admin.roles.accounts', role.accounts);
  $(item, '.description').textContent = role.description || '';
  $(item, '.permissions').replaceChildren(...chips(role.permissions));
  // Built-ins cannot be deleted (409 role-built-in): no button that can only fail.
  $(item, '.delete').hidden = role.built_in;
  const form = $(item, '.role-edit');
  $(item, '.edit').addEventListener('click', () => {
    form.elements.description.value = role.description || '';
    form.elements.permissions.value = role.permissions.join(' ');
    form.hidden = false;
  });
  $(form, '.cancel').addEventListener('click', () => {
    form.hidden = true;
  });
  form.addEventListener('submit', action(page, async () => {
    const data = new FormData(form);
    await api.call('PUT', `${ADMIN}/roles/${encodeURIComponent(role.name)}`, {
      body: { description: data.get('description').trim() || null, permissions: words(data.get('permissions')) },
    });
    await reload();
    page.say(t('admin.roles.saved', { name: role.name }), 'info');
  }));
  $(item, '.delete').addEventListener('click', action(page, async () => {
    if (!confirm(t('admin.roles.confirmDelete', { name: role.name }))) return;
    await api.call('DELETE', `${ADMIN}/roles/${encodeURIComponent(role.name)}`);
    await reload();
    page.say(t('admin.roles.deleted', { name: role.name }), 'info');
  }));
  return item;
}

// ---- #/admin/clients ----

async function clients(body, page) {
  const { $, template } = page;
  const screen = template('tpl-admin-clients');
  body.replaceChildren(screen);
  const list = $(screen, '#client-list');
  const secret = $(screen, '#client-secret');
  function showSecret(client) {
    $(secret, '.client-id').textContent = client.clientId;
    $(secret, '.value').textContent = client.clientSecret;
    secret.hidden = false;
  }
  async function load() {
    const { data } = await api.call('GET', `${ADMIN}/clients`);
    list.replaceChildren(...data.items.map((client) => clientItem(client, page, load, showSecret)));
    $(screen, '#clients-empty').hidden = data.items.length > 0;
  }
  const form = $(screen, '#client-form');
  form.addEventListener('submit', action(page, async () => {
    const data = new FormData(form);
    const { data: client } = await api.call('POST', `${ADMIN}/clients`, {
      body: {
        clientId: data.get('clientId').trim(),
        audiences: words(data.get('audiences')),
        scopes: words(data.get('scopes')),
      },
    });
    form.reset();
    await load();
    showSecret(client);
    page.say(t('admin.clients.registered', { id: client.clientId }), 'info');
  }));
  await load();
}

function clientItem(client, page, reload, showSecret) {
  const { $, template } = page;
  const item = template('tpl-admin-client');
  item.dataset.client = client.clientId;
  $(item, '.client-id').textContent = client.clientId;
  $(item, '.disabled').hidden = client.enabled;
  $(item, '.created').textContent = when(client.createdAt);
  $(item, '.audiences').replaceChildren(...chips(client.audiences || []));
  $(item, '.scopes').replaceChildren(...chips(client.scopes || []));
  $(item, '.rotated').hidden = !client.secretRotatedAt;
  $(item, '.rotated time').textContent = when(client.secretRotatedAt);
  $(item, '.disable').hidden = !client.enabled;
  $(item, '.enable').hidden = client.enabled;
  const path = `${ADMIN}/clients/${encodeURIComponent(client.clientId)}`;
  $(item, '.secret').addEventListener('click', action(page, async () => {
    if (!confirm(t('admin.clients.confirmSecret', { id: client.clientId }))) return;
    const { data } = await api.call('POST', `${path}/secret`);
    await reload();
    showSecret(data);
  }));
  $(item, '.disable').addEventListener('click', action(page, async () => {
    await api.call('POST', `${path}/disable`);
    await reload();
    page.say(t('admin.clients.disabledNow', { id: client.clientId }), 'info');
  }));
  $(item, '.enable').addEventListener('click', action(page, async () => {
    await api.call('POST', `${path}/enable`);
    await reload();
    page.say(t('admin.clients.enabledNow', { id: client.clientId }), 'info');
  }));
  return item;
}

// ---- #/admin/audit ----

async function audit(body, page, query) {
  const { $, template, navigate } = page;
  const screen = template('tpl-admin-audit');
  body.replaceChildren(screen);
  const form = $(screen, '#audit-filter');
  const select = form.elements.type;
  for (const type of AUDIT_TYPES) {
    const option = document.createElement('option');
    option.value = type;
    option.textContent = t(`audit.type.${type}`);
    select.append(option);
  }
  const type = AUDIT_TYPES.includes(query.get('type')) ? query.get('type') : '';
  const account = UUID.test(query.get('account') || '') ? query.get('account') : '';
  const number = Math.max(0, Number.parseInt(query.get('page') || '0', 10) || 0);
  select.value = type;
  const names = new Map();
  const nameOf = async (id) => {
    if (!names.has(id)) {
      names.set(id, api.call('GET', `${ADMIN}/users/${encodeURIComponent(id)}`)
        .then(({ data }) => data.username)
        .catch(() => null));
    }
    return names.get(id);
  };
  function go(filters) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) {
      if (value) params.set(key, value);
    }
    const text = params.toString();
    navigate(`#/admin/audit${text ? `?${text}` : ''}`);
  }
  form.addEventListener('submit', action(page, async () => {
    const data = new FormData(form);
    const who = data.get('account').trim();
    let id = '';
    if (UUID.test(who)) {
      id = who;
    } else if (who) {
      // A username: the account whose canonical name it is (the search matches parts; take the exact one).
      const { data: found } = await api.call('GET', `${ADMIN}/users?${new URLSearchParams({ q: who, size: '100' })}`);
      const exact = found.items.find((candidate) => candidate.username === who.toLowerCase());
      if (!exact) {
        page.say(t('admin.audit.noSuchAccount', { name: who }));
        return;
      }
      id = exact.id;
    }
    go({ type: data.get('type'), account: id });
  }));
  $(form, '.clear').addEventListener('click', () => go({}));
  if (account) form.elements.account.value = (await nameOf(account)) || account;

  const params = new URLSearchParams({ page: String(number), size: String(AUDIT_PAGE_SIZE) });
  if (type) params.set('type', type);
  if (account) params.set('account', account);
  const { data } = await api.call('GET', `${ADMIN}/audit?${params}`);
  const ids = new Set(data.items.flatMap((event) => [event.account_id, event.actor_id]).filter(Boolean));
  await Promise.all([...ids].map(nameOf));
  const cell = async (id) => {
    const td = document.createElement('td');
    if (id) {
      const name = await nameOf(id);
      td.textContent = name || id;
      td.title = id;
    }
    return td;
  };
  const rows = await Promise.all(data.items.map(async (event) => {
    const row = document.createElement('tr');
    row.dataset.type = event.type;
    const at = document.createElement('td');
    at.textContent = when(event.occurred_at);
    const kind = document.createElement('td');
    kind.textContent = t(`audit.type.${event.type}`);
    kind.title = event.type;
    const address = document.createElement('td');
    address.textContent = event.address || '';
    const detail = document.createElement('td');
    detail.textContent = event.detail || '';
    row.append(at, kind, await cell(event.account_id), await cell(event.actor_id), address, detail);
    return row;
  }));
  $(screen, '#audit-table tbody').replaceChildren(...rows);
  $(screen, '#audit-table').hidden = rows.length === 0;
  $(screen, '#audit-count').textContent = plural('admin.audit.count', data.total_items);
  const pages = Math.max(1, Math.ceil(data.total_items / data.size));
  $(screen, '#audit-page').textContent = t('admin.pageOf', { page: data.page + 1, pages });
  $(screen, '#audit-previous').hidden = number === 0;
  $(screen, '#audit-next').hidden = number + 1 >= pages;
  $(screen, '#audit-previous').addEventListener('click', () => go({ type, account, page: String(number - 1) }));
  $(screen, '#audit-next').addEventListener('click', () => go({ type, account, page: String(number + 1) }));
}

// ---- #/admin/keys ----

async function keys(body, page) {
  const { $, template } = page;
  const screen = template('tpl-admin-keys');
  body.replaceChildren(screen);
  async function load() {
    const { data } = await api.call('GET', `${ADMIN}/keys`);
    $(screen, '#key-table tbody').replaceChildren(...data.items.map((key) => {
      const row = document.createElement('tr');
      row.dataset.status = key.status;
      const texts = [key.kid, key.algorithm, t(`admin.keys.status.${key.status}`), when(key.created_at),
        when(key.activates_at)];
      row.append(...texts.map((text, index) => {
        const td = document.createElement('td');
        if (index === 0) {
          const code = document.createElement('code');
          code.textContent = text;
          td.append(code);
        } else {
          td.textContent = text;
        }
        return td;
      }));
      return row;
    }));
  }
  const form = $(screen, '#key-rotate');
  form.addEventListener('submit', action(page, async () => {
    const discard = form.elements.discard.checked;
    if (!confirm(t(discard ? 'admin.keys.confirmDiscard' : 'admin.keys.confirmRotate'))) return;
    const { data } = await api.call('POST', `${ADMIN}/keys/rotate`, { body: { discard_previous: discard } });
    form.reset();
    await load();
    page.say(t('admin.keys.rotated', { kid: data.kid }), 'info');
  }));
  await load();
}
