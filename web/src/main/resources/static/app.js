// The forum page: hash routes, views built from <template>s, every user-supplied text set with
// textContent (never innerHTML), so a post containing markup shows literally.
import { isAdministrator, showAdmin } from './admin.js';
import * as api from './api.js';
import * as passkeys from './passkeys.js';
import { language, localize, plural, problemText, setLanguage, t, when } from './i18n.js';

const AUTH = '/api/auth';
const FORUM = '/api/forum';
const NOTIFICATIONS = '/api/notifications';
const view = document.getElementById('view');
const notice = document.getElementById('notice');

function $(root, selector) {
  return root.querySelector(selector);
}

function template(id) {
  return localize(document.getElementById(id).content.firstElementChild.cloneNode(true));
}

/** The window's title: the page's name, after what the screen shows when it shows something. */
function title(what = null) {
  document.title = what ? t('title.suffix', { title: what }) : t('title.page');
}

function isModerator(user) {
  return !!user && (user.roles || []).some((role) => role === 'MODERATOR' || role === 'ADMIN');
}

function say(message, kind = 'error') {
  notice.textContent = message;
  notice.className = kind;
  notice.hidden = !message;
}

// A message to show on the next screen (a hash change clears the notice of the previous one).
let flash = null;

function navigate(hash, message = null, kind = 'info') {
  flash = message ? { message, kind } : null;
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

function duration(seconds) {
  if (seconds < 90) return plural('duration.seconds', seconds);
  return plural('duration.minutes', Math.ceil(seconds / 60));
}

/** Turns any failure into a sentence a person understands. */
function explain(error, context) {
  if (error.stepUp) {
    return t('error.stepUp');
  }
  if (error.sessionExpired || (error.status === 401 && context !== 'login')) {
    return t('error.sessionExpired');
  }
  if (error.unavailable) {
    return context === 'login' || context === 'signup' ? t('error.loginUnavailable') : t('error.unavailable');
  }
  switch (error.status) {
    case 401:
      return t('error.wrongPassword');
    case 403:
      return t('error.forbidden');
    case 404:
      return t('error.gone');
    case 409:
      return context === 'signup' ? t('error.nameTaken') : t('error.conflict');
    case 412:
      return t('error.conflict');
    case 429:
      return error.retryAfter ? t('error.tooManyWait', { duration: duration(error.retryAfter) }) : t('error.tooMany');
    default:
      return problemText(error.problem) || passwordRefused(error) || ownDetail(error) || t('error.unknown');
  }
}

/**
 * A refused password's sentence: the API names the field (invalid-request, errors[].field); in English the page
 * shows the server's reason (which rule), in other languages the policy in its own words.
 */
function passwordRefused(error) {
  const errors = (error.problem && error.problem.errors) || [];
  const field = errors.length === 1 ? errors[0].field : null;
  if (error.status !== 400 || (field !== 'password' && field !== 'new_password')) return null;
  return ownDetail(error) || t('problem.password-policy');
}

/** The server's own sentence, English only: shown as it is in English, never mixed into another language. */
function ownDetail(error) {
  return language() === 'en' ? error.problem.detail || error.message || null : null;
}

function renderAccount(user) {
  // When a session ends under an open screen, its write controls go at once (typed text stays).
  document.body.classList.toggle('signed-in', !!user);
  const whoami = $(document, '#whoami');
  whoami.replaceChildren();
  if (user) {
    const name = document.createElement('span');
    name.className = 'user';
    name.textContent = user.username;
    const roles = document.createElement('span');
    roles.className = 'role';
    roles.textContent = (user.roles || []).join(' · ');
    const scheme = document.createElement('span');
    scheme.className = 'scheme';
    scheme.id = 'session-kind';
    const opaque = user.tokenFormat === 'opaque';
    scheme.textContent = opaque ? t('session.opaque') : t('session.jwt');
    scheme.title = opaque ? t('session.opaque.title') : t('session.jwt.title');
    whoami.append(name, ' ', roles, ' ', scheme);
  }
  refreshUnread(user);
  $(document, '#nav-admin').hidden = !isAdministrator(user);
  $(document, '#nav-account').hidden = !user;
  $(document, '#nav-login').hidden = !!user;
  $(document, '#nav-signup').hidden = !!user;
  $(document, '#logout').hidden = !user;
}

// The unread badge: notification-service counts; when it is down the badge just stays hidden.
async function refreshUnread(user = api.currentUser()) {
  const badge = $(document, '#unread');
  if (!user) {
    badge.hidden = true;
    return;
  }
  try {
    const { data } = await api.call('GET', `${NOTIFICATIONS}/unread-count`);
    badge.textContent = data.unread > 99 ? '99+' : String(data.unread);
    badge.hidden = data.unread === 0;
  } catch (ignored) {
    badge.hidden = true;
  }
}

async function showNotifications() {
  if (!api.currentUser()) {
    navigate('#/login', t('notifications.loginFirst'));
    return;
  }
  const section = template('tpl-notifications');
  view.replaceChildren(section);
  title(t('notifications.title'));
  const { data } = await api.call('GET', NOTIFICATIONS);
  const list = $(section, '#notification-list');
  for (const notification of data.items) {
    const item = template('tpl-notification-item');
    const link = $(item, '.title');
    link.textContent = t('notifications.replied', { actor: notification.actorName, thread: notification.threadTitle });
    link.href = `#/threads/${encodeURIComponent(notification.threadId)}`;
    link.addEventListener('click', () => {
      if (!notification.read) {
        api.call('POST', `${NOTIFICATIONS}/${encodeURIComponent(notification.id)}/read`).catch(() => null);
      }
    });
    if (!notification.read) item.classList.add('unread');
    $(item, '.meta').textContent = when(notification.createdAt);
    list.append(item);
  }
  $(section, '#notifications-empty').hidden = data.items.length > 0;
  $(section, '#read-all').addEventListener('click', async () => {
    try {
      await api.call('POST', `${NOTIFICATIONS}/read-all`);
      list.querySelectorAll('.unread').forEach((item) => item.classList.remove('unread'));
      refreshUnread();
    } catch (error) {
      say(explain(error));
    }
  });
  refreshUnread();
}

async function showThreads() {
  const section = template('tpl-threads');
  view.replaceChildren(section);
  const user = api.currentUser();
  const form = $(section, '#thread-form');
  $(section, '#new-thread').hidden = !user;
  $(section, '#threads-hint').hidden = !!user;
  $(section, '#new-thread').addEventListener('click', () => {
    form.hidden = false;
    $(form, 'input').focus();
  });
  $(form, '.cancel').addEventListener('click', () => {
    form.hidden = true;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      const { data: thread } = await api.call('POST', `${FORUM}/threads`, {
        body: { title: data.get('title'), body: data.get('body') },
      });
      location.hash = `#/threads/${thread.id}`;
    } catch (error) {
      say(explain(error));
    }
  });
  const list = $(section, '#thread-list');
  const more = $(section, '#more-threads');
  let cursor = null;
  async function page() {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const { data } = await api.call('GET', `${FORUM}/threads${query}`);
    for (const thread of data.items) {
      const item = template('tpl-thread-item');
      const link = $(item, '.title');
      link.textContent = thread.title;
      link.href = `#/threads/${encodeURIComponent(thread.id)}`;
      $(item, '.author').textContent = thread.author.name;
      $(item, '.count').textContent = plural('threads.posts', thread.postCount);
      $(item, 'time').textContent = when(thread.lastPostAt);
      list.append(item);
    }
    cursor = data.next;
    more.hidden = !cursor;
    $(section, '#no-threads').hidden = list.children.length > 0;
  }
  more.addEventListener('click', () => page().catch((error) => say(explain(error))));
  await page();
}

function renderPost(post, user) {
  const item = template('tpl-post');
  item.dataset.postId = post.id;
  $(item, '.author').textContent = post.author.name;
  $(item, 'time').textContent = when(post.createdAt);
  $(item, '.edited').hidden = !post.editedAt;
  $(item, '.body').textContent = post.body;
  const own = !!user && post.author.id === user.id;
  const editButton = $(item, '.edit');
  const deleteButton = $(item, '.delete');
  editButton.hidden = !own;
  deleteButton.hidden = !(own || isModerator(user));
  const form = $(item, '.edit-form');
  let version = post.version;
  editButton.addEventListener('click', () => {
    $(form, 'textarea').value = $(item, '.body').textContent;
    form.hidden = false;
  });
  $(form, '.cancel').addEventListener('click', () => {
    form.hidden = true;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const { data } = await api.call('PATCH', `${FORUM}/posts/${post.id}`, {
        body: { body: $(form, 'textarea').value },
        headers: { 'If-Match': `"${version}"` },
      });
      version = data.version;
      $(item, '.body').textContent = data.body;
      $(item, '.edited').hidden = false;
      form.hidden = true;
      say('');
    } catch (error) {
      say(explain(error));
    }
  });
  deleteButton.addEventListener('click', async () => {
    if (!confirm(t('post.confirmDelete'))) return;
    try {
      await api.call('DELETE', `${FORUM}/posts/${post.id}`, { headers: { 'If-Match': `"${version}"` } });
      item.remove();
    } catch (error) {
      say(explain(error));
    }
  });
  return item;
}

async function showThread(id) {
  const section = template('tpl-thread');
  view.replaceChildren(section);
  const user = api.currentUser();
  const { data: thread } = await api.call('GET', `${FORUM}/threads/${encodeURIComponent(id)}`);
  title(thread.title);
  $(section, '#thread-title').textContent = thread.title;
  $(section, '#thread-meta').textContent = t('thread.startedBy', { name: thread.author.name, when: when(thread.createdAt) });
  const list = $(section, '#post-list');
  const more = $(section, '#more-posts');
  let cursor = null;
  async function page() {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const { data } = await api.call('GET', `${FORUM}/threads/${encodeURIComponent(id)}/posts${query}`);
    data.items.forEach((post) => list.append(renderPost(post, user)));
    cursor = data.next;
    more.hidden = !cursor;
  }
  more.addEventListener('click', () => page().catch((error) => say(explain(error))));
  await page();
  const form = $(section, '#reply-form');
  form.hidden = !user;
  $(section, '#reply-hint').hidden = !!user;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const { data: post } = await api.call('POST', `${FORUM}/threads/${encodeURIComponent(id)}/posts`, {
        body: { body: $(form, 'textarea').value },
      });
      if (!cursor) list.append(renderPost(post, api.currentUser()));
      form.reset();
      say('');
    } catch (error) {
      say(explain(error));
    }
  });
}

// "Log in with Tessera" (issue 15): auth-service's /authorize sends a browser without a session here with
// ?continue=<the authorize URL>. Followed only when it is a same-origin path to that endpoint (no open redirect).
const AUTHORIZE_PATH = '/api/auth/oauth2/authorize?';

function continueTarget() {
  const target = new URLSearchParams(location.search).get('continue');
  return target && target.startsWith(AUTHORIZE_PATH) && !target.includes('\\') ? target : null;
}

const SECOND_FACTOR_REQUIRED = 'urn:tessera:problem:second-factor-required';

function loggedIn() {
  const target = continueTarget();
  if (target) {
    location.assign(target);
    return;
  }
  navigate('#/');
}

/**
 * A passkey ceremony's failure in words: the browser's own refusals (a closed prompt is said calmly, as information),
 * then the API's problem types, then the page's general sentences.
 */
function explainPasskey(error) {
  if (!(error instanceof api.ApiError)) {
    const key = passkeys.refusal(error);
    return { text: t(key || 'passkey.failed'), kind: key === 'passkey.cancelled' ? 'info' : 'error' };
  }
  if (error.status === 429 || error.unavailable) {
    return { text: explain(error, 'login'), kind: error.unavailable ? 'warn' : 'error' };
  }
  return { text: problemText(error.problem) || explain(error, 'login'), kind: 'error' };
}

function showLogin() {
  const section = template('tpl-login');
  view.replaceChildren(section);
  const form = $(section, '#login-form');
  const second = $(section, '#second-factor-form');
  const passkeyLogin = $(section, '#login-passkey');
  let challenge = null;
  let useRecoveryCode = false;
  passkeyLogin.hidden = !passkeys.supported();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api.login(data.get('username'), data.get('password'), data.get('tokenFormat'));
      loggedIn();
    } catch (error) {
      if (error.status === 401 && error.problem.type === SECOND_FACTOR_REQUIRED && error.problem.challenge) {
        // The password was right; the account has a second factor: ask for it, in the ways the account has.
        challenge = error.problem.challenge;
        showSecondStep(Array.isArray(error.problem.methods) ? error.problem.methods : ['totp', 'recovery_code']);
        return;
      }
      say(explain(error, 'login'), error.unavailable ? 'warn' : 'error');
    }
  });
  function showSecondStep(methods) {
    const byCode = methods.includes('totp');
    const byPasskey = methods.includes('passkey') && passkeys.supported();
    form.hidden = true;
    passkeyLogin.hidden = true;
    second.hidden = false;
    $(second, '.by-code').hidden = !byCode;
    $(second, '.by-passkey').hidden = !methods.includes('passkey');
    $(second, '.passkey-hint').textContent = t(byCode ? 'login.second.passkeyHint' : 'login.second.passkeyOnly');
    $(second, '#second-passkey').hidden = !byPasskey;
    // A passkey-only account may have recovery codes (from its first passkey): offered beside the passkey.
    $(second, '.passkey-recovery').hidden = byCode || !methods.includes('recovery_code');
    say(methods.includes('passkey') && !byPasskey ? t('passkey.unsupported') : '');
    if (byCode) {
      $(second, 'input').focus();
    } else if (byPasskey) {
      $(second, '#second-passkey').focus();
    }
  }
  $(second, '.use-recovery').addEventListener('click', () => {
    useRecoveryCode = true;
    $(second, '.code-label').textContent = t('login.second.recovery');
    $(second, '[data-i18n="login.second.hint"]').textContent = t('login.second.recoveryHint');
    $(second, 'input').removeAttribute('inputmode');
    $(second, '.use-recovery').hidden = true;
    $(second, 'input').value = '';
    $(second, 'input').focus();
  });
  $(second, '.passkey-recovery').addEventListener('click', () => {
    $(second, '.by-code').hidden = false;
    $(second, '.passkey-recovery').hidden = true;
    $(second, '.use-recovery').click();
  });
  function secondStepFailed(error) {
    if (error instanceof api.ApiError && error.problem.type === 'urn:tessera:problem:login-challenge-invalid') {
      // Spent: start again from the password.
      navigate('#/login', problemText(error.problem), 'error');
      return;
    }
    const { text, kind } = explainPasskey(error);
    say(text, kind);
  }
  second.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = $(second, 'input').value.trim();
    if ($(second, '.by-code').hidden || !value) {
      $(second, 'input').focus();
      return;
    }
    try {
      await api.secondFactor(challenge, useRecoveryCode ? { recoveryCode: value } : { code: value });
      loggedIn();
    } catch (error) {
      $(second, 'input').value = '';
      secondStepFailed(error);
    }
  });
  $(second, '#second-passkey').addEventListener('click', async () => {
    try {
      const { data } = await api.call('POST', `${AUTH}/login/second-factor/options`, { body: { challenge } });
      const passkey = await passkeys.get(data.publicKey);
      await api.secondFactor(challenge, { passkey });
      loggedIn();
    } catch (error) {
      if (error instanceof api.ApiError && error.problem.type === 'urn:tessera:problem:second-factor-failed') {
        say(t('passkey.secondFailed'));
        return;
      }
      secondStepFailed(error);
    }
  });
  passkeyLogin.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const { data } = await api.call('POST', `${AUTH}/login/passkey/options`);
      const credential = await passkeys.get(data.publicKey);
      await api.loginWithPasskey(data.ceremony, credential, new FormData(form).get('tokenFormat'));
      loggedIn();
    } catch (error) {
      const { text, kind } = explainPasskey(error);
      say(text, kind);
    }
  });
  $(form, 'input').focus();
}

function showSignup() {
  const section = template('tpl-signup');
  view.replaceChildren(section);
  const form = $(section, '#signup-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api.register(data.get('username'), data.get('password'), data.get('displayName'));
      await api.login(data.get('username'), data.get('password'));
      navigate('#/', t('signup.welcome'));
    } catch (error) {
      say(explain(error, 'signup'), error.unavailable ? 'warn' : 'error');
    }
  });
  $(form, 'input').focus();
}

// Account recovery (issue 17). The mailed links carry their token after '#' (never sent to a server):
// #/verify-email?token=… and #/reset-password?token=…

/** The page's sentence for a link that cannot be used (400 invalid-link or policy, 409, 410 expired-link). */
function explainLink(error) {
  if ([400, 409, 410].includes(error.status)) {
    const text = problemText(error.problem) || passwordRefused(error) || ownDetail(error);
    if (text) return text;
  }
  return explain(error, 'link');
}

async function showAccount() {
  if (!api.currentUser()) {
    navigate('#/login', t('account.loginFirst'));
    return;
  }
  const section = template('tpl-account');
  view.replaceChildren(section);
  title(t('account.title'));
  const form = $(section, '#email-form');
  const { data } = await api.call('GET', `${AUTH}/me/email`);
  if (data.email) {
    $(section, '#email-current').textContent = data.email;
    $(section, '#email-state').textContent = data.verified ? t('account.email.verified') : t('account.email.unverified');
    $(form, 'input').value = data.email;
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = new FormData(form).get('email');
    try {
      await api.call('PUT', `${AUTH}/me/email`, { body: { email } });
      // 202: a link is on its way; 204: it already is this account's verified address.
      const { data: now } = await api.call('GET', `${AUTH}/me/email`);
      $(section, '#email-current').textContent = now.email || t('account.email.none');
      $(section, '#email-state').textContent = now.verified ? t('account.email.verified') : t('account.email.unverified');
      say(now.verified ? t('account.email.already') : t('account.email.sent'), 'info');
    } catch (error) {
      say(explain(error));
    }
  });
  $(form, 'input').focus();
  // The authenticator-app and sessions cards below: if auth-service cannot say, the e-mail form above still works.
  section.append(passwordCard());
  try {
    section.append(await secondFactorsCard());
    section.append(await passkeysCard());
    section.append(await sessionsCard());
  } catch (error) {
    say(explain(error));
  }
}

/**
 * "Change your password": the current one and a new one (auth-service's policy decides: 15 characters alone, 8 beside
 * a second factor). Every other session of the account ends; this one goes on (its access token is refreshed).
 */
function passwordCard() {
  const form = template('tpl-password');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = new FormData(form);
    try {
      await api.call('POST', `${AUTH}/password`, {
        body: { current_password: fields.get('current'), new_password: fields.get('next') },
      });
      form.reset();
      say(t('password.changed'), 'info');
    } catch (error) {
      const errors = (error.problem && error.problem.errors) || [];
      const wrongCurrent = error.status === 400 && errors.length === 1 && errors[0].field === 'current_password';
      say(wrongCurrent ? t('totp.wrongPassword') : passwordRefused(error) || explain(error));
    }
  });
  return form;
}

/**
 * "Where you are logged in": every live login of the account (scheme A or B, device, address, since, last used),
 * each with its own "Log out", and "Log out everywhere". Ending this browser's own session logs it out here too.
 */
async function sessionsCard() {
  const card = template('tpl-sessions');
  const list = $(card, '#session-list');
  async function refresh() {
    const { data } = await api.call('GET', `${AUTH}/me/sessions`);
    list.replaceChildren(...data.sessions.map((session) => {
      const item = template('tpl-session-item');
      item.dataset.sessionId = session.id;
      $(item, '.device').textContent = session.device;
      $(item, '.this').hidden = !session.current;
      $(item, '.scheme-name').textContent = t(`sessions.scheme.${session.scheme === 'opaque' ? 'opaque' : 'jwt'}`);
      $(item, '.address').textContent = session.address || t('sessions.unknownAddress');
      $(item, '.created').textContent = when(session.created_at);
      $(item, '.used').textContent = when(session.last_used_at);
      $(item, '.end').addEventListener('click', async () => {
        try {
          await api.call('DELETE', `${AUTH}/me/sessions/${encodeURIComponent(session.id)}`);
        } catch (error) {
          say(explain(error));
          return;
        }
        if (session.current) {
          await api.logout().catch(() => null);
          navigate('#/', t('sessions.ended'));
          return;
        }
        say(t('sessions.ended'), 'info');
        await refresh();
      });
      return item;
    }));
  }
  $(card, '#sessions-end-all').addEventListener('click', async () => {
    try {
      await api.call('DELETE', `${AUTH}/me/sessions`);
    } catch (error) {
      say(explain(error));
      return;
    }
    await api.logout().catch(() => null);
    navigate('#/', t('sessions.endedAll'));
  });
  await refresh();
  return card;
}

/**
 * The QR code auth-service drew (one SVG path of module runs), rebuilt element by element from its numbers only:
 * the page never inserts markup it received.
 */
function qrCode(svgText) {
  const viewBox = /viewBox="(\d+ \d+ \d+ \d+)"/.exec(svgText);
  const path = /<path fill="#000" d="([Mhvz0-9 -]+)"\/>/.exec(svgText);
  if (!viewBox || !path) return document.createTextNode('');
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', viewBox[1]);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('role', 'img');
  const [, , width, height] = viewBox[1].split(' ');
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', width);
  background.setAttribute('height', height);
  background.setAttribute('fill', '#fff');
  const modules = document.createElementNS(ns, 'path');
  modules.setAttribute('d', path[1]);
  modules.setAttribute('fill', '#000');
  svg.append(background, modules);
  return svg;
}

/** The account page's authenticator-app card: set up (QR code, first code, recovery codes), renew codes, turn off. */
async function secondFactorsCard() {
  const card = template('tpl-second-factors');
  const parts = ['#totp-off', '#totp-enrol', '#totp-on'].map((selector) => $(card, selector));
  const show = (visible) => parts.forEach((part) => {
    part.hidden = part !== visible;
  });
  function showCodes(codes) {
    const list = $(card, '#recovery-codes');
    list.replaceChildren(...codes.map((code) => {
      const item = document.createElement('li');
      item.textContent = code;
      return item;
    }));
    $(card, '#totp-codes').hidden = false;
  }
  async function refresh() {
    const { data } = await api.call('GET', `${AUTH}/me/second-factors`);
    $(card, '#totp-state').textContent = data.totp === 'enabled'
      ? t('totp.state.enabled', { count: data.recovery_codes_left })
      : t(`totp.state.${data.totp === 'pending' ? 'pending' : 'none'}`);
    show(data.totp === 'enabled' ? $(card, '#totp-on') : $(card, '#totp-off'));
  }
  card.addEventListener('submit', (event) => event.preventDefault());
  $(card, '#totp-begin').addEventListener('click', async () => {
    try {
      const { data } = await api.call('POST', `${AUTH}/me/totp`);
      $(card, '#totp-qr').replaceChildren(qrCode(data.qr_code_svg));
      $(card, '#totp-secret').textContent = data.secret;
      $(card, '#totp-state').textContent = t('totp.state.pending');
      show($(card, '#totp-enrol'));
      $(card, '#totp-enrol input').focus();
    } catch (error) {
      say(explain(error));
    }
  });
  $(card, '#totp-confirm').addEventListener('click', async () => {
    const input = $(card, '#totp-enrol input');
    try {
      const { data } = await api.call('POST', `${AUTH}/me/totp/confirm`, { body: { code: input.value.trim() } });
      input.value = '';
      await refresh();
      showCodes(data.recovery_codes);
      say(t('totp.enabled'), 'info');
    } catch (error) {
      say(error.status === 400 ? t('totp.wrongCode') : explain(error));
    }
  });
  $(card, '#totp-renew').addEventListener('click', async () => {
    const input = $(card, 'input[name=renew-code]');
    try {
      const { data } = await api.call('POST', `${AUTH}/me/recovery-codes`, { body: { code: input.value.trim() } });
      input.value = '';
      await refresh();
      showCodes(data.recovery_codes);
      say(t('totp.renewed'), 'info');
    } catch (error) {
      say(error.status === 400 ? t('totp.wrongCode') : explain(error));
    }
  });
  $(card, '#totp-disable').addEventListener('click', async () => {
    const input = $(card, 'input[name=password]');
    try {
      await api.call('DELETE', `${AUTH}/me/totp`, { body: { password: input.value } });
      input.value = '';
      $(card, '#totp-codes').hidden = true;
      await refresh();
      say(t('totp.disabled'), 'info');
    } catch (error) {
      // 409 password-too-short-alone: a password set beside the app may be too short to stand alone.
      say(error.status === 400 ? t('totp.wrongPassword') : problemText(error.problem) || explain(error));
    }
  });
  await refresh();
  return card;
}

/**
 * The account page's passkeys card: the account's passkeys (name, added, last used, whether it may be synced), each
 * renamed or removed (with the password, as turning the app off); a new one registered under a name.
 */
async function passkeysCard() {
  const card = template('tpl-passkeys');
  const list = $(card, '#passkey-list');
  const form = $(card, '#passkey-form');
  function failed(error) {
    const { text, kind } = explainPasskey(error);
    say(error instanceof api.ApiError && error.status === 401 ? explain(error) : text, kind);
  }
  async function refresh() {
    const { data } = await api.call('GET', `${AUTH}/me/passkeys`);
    list.replaceChildren(...data.passkeys.map(item));
    $(card, '#passkeys-empty').hidden = data.passkeys.length > 0;
  }
  function item(passkey) {
    const entry = template('tpl-passkey-item');
    entry.dataset.passkeyId = passkey.id;
    $(entry, '.name').textContent = passkey.name;
    $(entry, '.synced').hidden = !passkey.synced;
    $(entry, '.created').textContent = when(passkey.created_at);
    $(entry, '.used').textContent = passkey.last_used_at
      ? t('passkeys.lastUsed', { when: when(passkey.last_used_at) })
      : t('passkeys.neverUsed');
    const renameForm = $(entry, '.rename-form');
    const removeForm = $(entry, '.remove-form');
    $(entry, '.rename').addEventListener('click', () => {
      removeForm.hidden = true;
      renameForm.hidden = false;
      $(renameForm, 'input').value = passkey.name;
      $(renameForm, 'input').focus();
    });
    $(entry, '.remove').addEventListener('click', () => {
      renameForm.hidden = true;
      removeForm.hidden = false;
      $(removeForm, 'input').focus();
    });
    [renameForm, removeForm].forEach((part) => $(part, '.cancel').addEventListener('click', () => {
      part.hidden = true;
    }));
    renameForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await api.call('PATCH', `${AUTH}/me/passkeys/${encodeURIComponent(passkey.id)}`, {
          body: { name: $(renameForm, 'input').value.trim() },
        });
        await refresh();
        say(t('passkeys.renamed'), 'info');
      } catch (error) {
        failed(error);
      }
    });
    removeForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = $(removeForm, 'input');
      try {
        await api.call('DELETE', `${AUTH}/me/passkeys/${encodeURIComponent(passkey.id)}`, {
          body: { password: input.value },
        });
        await refresh();
        say(t('passkeys.removed'), 'info');
      } catch (error) {
        input.value = '';
        // 409 password-too-short-alone: the last second factor, and a password too short to stand alone.
        say(error.status === 400 ? t('totp.wrongPassword') : problemText(error.problem) || explain(error));
      }
    });
    return entry;
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!passkeys.supported()) {
      say(t('passkey.unsupported'));
      return;
    }
    const name = $(form, 'input').value.trim();
    try {
      const { data } = await api.call('POST', `${AUTH}/me/passkeys/options`);
      const credential = await passkeys.create(data.publicKey);
      const body = { ceremony: data.ceremony, credential };
      if (name) body.name = name;
      const { data: added } = await api.call('POST', `${AUTH}/me/passkeys`, { body });
      form.reset();
      await refresh();
      // The account's first second factor comes with recovery codes, shown this once.
      if (added && Array.isArray(added.recovery_codes) && added.recovery_codes.length > 0) {
        $(card, '#passkey-recovery-codes').replaceChildren(...added.recovery_codes.map((code) => {
          const entry = document.createElement('li');
          entry.textContent = code;
          return entry;
        }));
        $(card, '#passkey-codes').hidden = false;
      }
      say(t('passkeys.registered'), 'info');
    } catch (error) {
      failed(error);
    }
  });
  await refresh();
  return card;
}

function showForgotPassword() {
  const section = template('tpl-forgot-password');
  view.replaceChildren(section);
  title(t('forgot.pageTitle'));
  const form = $(section, '#forgot-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.call('POST', `${AUTH}/password/forgot`, { body: { email: new FormData(form).get('email') } });
    } catch (error) {
      // Only throttling and an unreachable server say anything else: the answer never tells whether the
      // address belongs to an account.
      if (error.status === 429 || error.unavailable) {
        say(explain(error, 'link'), error.unavailable ? 'warn' : 'error');
        return;
      }
    }
    form.reset();
    say(t('forgot.sent'), 'info');
  });
  $(form, 'input').focus();
}

function showResetPassword(token) {
  const section = template('tpl-reset-password');
  view.replaceChildren(section);
  title(t('reset.pageTitle'));
  const form = $(section, '#reset-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.call('POST', `${AUTH}/password/reset`, {
        body: { token, new_password: new FormData(form).get('password') },
      });
    } catch (error) {
      say(explainLink(error), error.unavailable ? 'warn' : 'error');
      return;
    }
    // The reset ended every session of the account, this browser's too if it had one.
    if (api.currentUser()) {
      await api.logout().catch(() => null);
    }
    navigate('#/login', t('reset.done'));
  });
  $(form, 'input').focus();
}

async function showVerifyEmail(token) {
  const section = template('tpl-verify-email');
  view.replaceChildren(section);
  title(t('verify.pageTitle'));
  const status = $(section, '#verify-status');
  try {
    await api.call('POST', `${AUTH}/email/verify`, { body: { token } });
    status.textContent = t('verify.done');
    say(t('verify.doneShort'), 'info');
  } catch (error) {
    status.textContent = t('verify.failed');
    say(explainLink(error), error.unavailable ? 'warn' : 'error');
  }
}

/** The token of a mailed link's hash, #/<page>?token=…, or null. */
function linkToken(hash, page) {
  const prefix = `#/${page}?`;
  return hash.startsWith(prefix) ? new URLSearchParams(hash.slice(prefix.length)).get('token') || '' : null;
}

async function route() {
  title();
  refreshUnread();
  if (flash) {
    say(flash.message, flash.kind);
    flash = null;
  } else {
    say('');
  }
  const hash = location.hash || '#/';
  const thread = hash.match(/^#\/threads\/([^/]+)$/);
  try {
    if (thread) {
      await showThread(decodeURIComponent(thread[1]));
    } else if (hash === '#/login') {
      showLogin();
    } else if (hash === '#/signup') {
      showSignup();
    } else if (hash === '#/notifications') {
      await showNotifications();
    } else if (hash === '#/account') {
      await showAccount();
    } else if (/^#\/admin(\/|\?|$)/.test(hash)) {
      await showAdmin(hash, { view, $, template, title, say, explain, navigate });
    } else if (hash === '#/forgot-password') {
      showForgotPassword();
    } else if (linkToken(hash, 'reset-password') !== null) {
      showResetPassword(linkToken(hash, 'reset-password'));
    } else if (linkToken(hash, 'verify-email') !== null) {
      await showVerifyEmail(linkToken(hash, 'verify-email'));
    } else {
      await showThreads();
    }
  } catch (error) {
    say(explain(error));
  }
}

// The language switch: remembered in this browser; the header and the screen are drawn again in the new language
// (what a form holds is lost, as on any other navigation).
const languageSwitch = document.getElementById('language');
languageSwitch.value = language();
languageSwitch.addEventListener('change', () => {
  setLanguage(languageSwitch.value);
  localize(document.querySelector('header'));
  renderAccount(api.currentUser());
  route();
});
localize(document.querySelector('header'));
localize(view);

api.onSessionChange(renderAccount);
document.getElementById('logout').addEventListener('click', async () => {
  try {
    await api.logout();
  } catch (ignored) {
    // the cookies are cleared by the gateway; nothing else to do
  }
  navigate('#/', t('logout.done'));
});
window.addEventListener('hashchange', route);
// After logout, the browser's back button must not show private data from its cache.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) location.reload();
});

// ?session=ended (with continue): auth-service knows the browser's session is over, though the gateway may still take
// its access cookie until the revocation feed arrives. Ask for the password; do not restore and go straight back.
const sessionEnded = new URLSearchParams(location.search).get('session') === 'ended';

(sessionEnded ? Promise.resolve(null) : api.restore())
  .catch(() => null)
  .then((user) => {
    // Already logged in (a cross-site redirect to /authorize arrives without the SameSite=Strict cookie; this
    // same-origin page has it): go straight back to the authorize request.
    const target = continueTarget();
    if (user && target) {
      location.assign(target);
    }
  })
  .finally(route);
