// The forum page: hash routes, views built from <template>s, every user-supplied text set with
// textContent (never innerHTML), so a post containing markup shows literally.
import * as api from './api.js';

const AUTH = '/api/auth';
const FORUM = '/api/forum';
const NOTIFICATIONS = '/api/notifications';
const view = document.getElementById('view');
const notice = document.getElementById('notice');

function $(root, selector) {
  return root.querySelector(selector);
}

function template(id) {
  return document.getElementById(id).content.firstElementChild.cloneNode(true);
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
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
  if (seconds < 90) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/** Turns any failure into a sentence a person understands. */
function explain(error, context) {
  if (error.sessionExpired || (error.status === 401 && context !== 'login')) {
    return 'Your session has expired. Please log in again.';
  }
  if (error.unavailable) {
    return context === 'login' || context === 'signup'
      ? 'Logging in is unavailable right now. You can keep reading; please try again in a few minutes.'
      : 'The forum cannot be reached right now. Please try again in a moment.';
  }
  switch (error.status) {
    case 401:
      return 'Wrong username or password.';
    case 403:
      return 'You are not allowed to do that.';
    case 404:
      return 'That no longer exists.';
    case 409:
      return context === 'signup' ? 'That name is taken. Please choose another.' : 'Someone changed this in the meantime. Reload and try again.';
    case 412:
      return 'Someone changed this in the meantime. Reload and try again.';
    case 429:
      return error.retryAfter
        ? `Too many attempts. Please wait ${duration(error.retryAfter)} and try again.`
        : 'Too many attempts. Please wait a little and try again.';
    default:
      return error.problem.detail || error.message || 'Something went wrong.';
  }
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
    scheme.textContent = opaque ? 'server-side session' : 'JWT';
    scheme.title = opaque
      ? 'An opaque session token: the gateway asks auth-service about it on every request.'
      : 'A self-contained token: the gateway verifies its signature itself.';
    whoami.append(name, ' ', roles, ' ', scheme);
  }
  refreshUnread(user);
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
    navigate('#/login', 'Log in to see your notifications.');
    return;
  }
  const section = template('tpl-notifications');
  view.replaceChildren(section);
  document.title = 'Notifications · Tessera Forum';
  const { data } = await api.call('GET', NOTIFICATIONS);
  const list = $(section, '#notification-list');
  for (const notification of data.items) {
    const item = template('tpl-notification-item');
    const link = $(item, '.title');
    link.textContent = `${notification.actorName} replied to “${notification.threadTitle}”`;
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
      $(item, '.count').textContent = `${thread.postCount} ${thread.postCount === 1 ? 'post' : 'posts'}`;
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
    if (!confirm('Delete this post?')) return;
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
  document.title = `${thread.title} · Tessera Forum`;
  $(section, '#thread-title').textContent = thread.title;
  $(section, '#thread-meta').textContent = `started by ${thread.author.name} · ${when(thread.createdAt)}`;
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

function showLogin() {
  const section = template('tpl-login');
  view.replaceChildren(section);
  const form = $(section, '#login-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api.login(data.get('username'), data.get('password'), data.get('tokenFormat'));
      const target = continueTarget();
      if (target) {
        location.assign(target);
        return;
      }
      navigate('#/');
    } catch (error) {
      say(explain(error, 'login'), error.unavailable ? 'warn' : 'error');
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
      navigate('#/', 'Welcome! Your account is ready.');
    } catch (error) {
      say(explain(error, 'signup'), error.unavailable ? 'warn' : 'error');
    }
  });
  $(form, 'input').focus();
}

// Account recovery (issue 17). The mailed links carry their token after '#' (never sent to a server):
// #/verify-email?token=… and #/reset-password?token=…

/** The problem's own sentence for a link that cannot be used (400 invalid-link or policy, 409, 410 expired-link). */
function explainLink(error) {
  if ([400, 409, 410].includes(error.status) && error.problem.detail) {
    return error.problem.detail;
  }
  return explain(error, 'link');
}

async function showAccount() {
  if (!api.currentUser()) {
    navigate('#/login', 'Log in to see your account.');
    return;
  }
  const section = template('tpl-account');
  view.replaceChildren(section);
  document.title = 'Account · Tessera Forum';
  const form = $(section, '#email-form');
  const { data } = await api.call('GET', `${AUTH}/me/email`);
  if (data.email) {
    $(section, '#email-current').textContent = data.email;
    $(section, '#email-state').textContent = data.verified ? '(verified)' : '(not verified yet)';
    $(form, 'input').value = data.email;
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = new FormData(form).get('email');
    try {
      await api.call('PUT', `${AUTH}/me/email`, { body: { email } });
      // 202: a link is on its way; 204: it already is this account's verified address.
      const { data: now } = await api.call('GET', `${AUTH}/me/email`);
      $(section, '#email-current').textContent = now.email || 'none yet';
      $(section, '#email-state').textContent = now.verified ? '(verified)' : '(not verified yet)';
      say(now.verified
        ? 'That is already your verified address.'
        : 'Check your mailbox: open the link we sent to verify the address.', 'info');
    } catch (error) {
      say(explain(error));
    }
  });
  $(form, 'input').focus();
}

function showForgotPassword() {
  const section = template('tpl-forgot-password');
  view.replaceChildren(section);
  document.title = 'Forgot password · Tessera Forum';
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
    say('If that address belongs to an account, a link is on its way.', 'info');
  });
  $(form, 'input').focus();
}

function showResetPassword(token) {
  const section = template('tpl-reset-password');
  view.replaceChildren(section);
  document.title = 'New password · Tessera Forum';
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
    navigate('#/login', 'Password changed. Log in with the new one.');
  });
  $(form, 'input').focus();
}

async function showVerifyEmail(token) {
  const section = template('tpl-verify-email');
  view.replaceChildren(section);
  document.title = 'Verify e-mail · Tessera Forum';
  const status = $(section, '#verify-status');
  try {
    await api.call('POST', `${AUTH}/email/verify`, { body: { token } });
    status.textContent = 'Address verified. It can now be used to recover your account.';
    say('Address verified.', 'info');
  } catch (error) {
    status.textContent = 'The address was not verified.';
    say(explainLink(error), error.unavailable ? 'warn' : 'error');
  }
}

/** The token of a mailed link's hash, #/<page>?token=…, or null. */
function linkToken(hash, page) {
  const prefix = `#/${page}?`;
  return hash.startsWith(prefix) ? new URLSearchParams(hash.slice(prefix.length)).get('token') || '' : null;
}

async function route() {
  document.title = 'Tessera Forum';
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

api.onSessionChange(renderAccount);
document.getElementById('logout').addEventListener('click', async () => {
  try {
    await api.logout();
  } catch (ignored) {
    // the cookies are cleared by the gateway; nothing else to do
  }
  navigate('#/', 'You are logged out.');
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
