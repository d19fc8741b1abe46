// The page's only door to the server. Tokens never reach JavaScript: the gateway keeps the access
// and refresh tokens in HttpOnly cookies, and this module only sees who is logged in and until
// when. Unsafe requests carry the CSRF header the gateway demands (double-submit cookie).

const CSRF_COOKIE = 'tessera_csrf';
const CSRF_HEADER = 'X-Tessera-CSRF';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A failed request, with what a person needs to understand it. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter, challenge = '') {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.retryAfter = retryAfter;
    // RFC 9470: the session is fine, but the route wants a second factor or a more recent login.
    this.stepUp = status === 401 && challenge.includes('insufficient_user_authentication');
  }

  get unavailable() {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

const listeners = new Set();
let me = null;
let refreshTimer = null;
let refreshing = null;

export function currentUser() {
  return me;
}

export function onSessionChange(listener) {
  listeners.add(listener);
}

function setSession(session) {
  me = session && session.user
    ? { ...session.user, tokenFormat: session.token_format, expiresAt: Date.now() + session.expires_in * 1000 }
    : null;
  clearTimeout(refreshTimer);
  if (me) {
    // Refresh before the access token expires: a fifth of its life early, at least 5 s.
    const lifetime = session.expires_in * 1000;
    const delay = Math.max(1000, lifetime - Math.max(5000, lifetime / 5));
    refreshTimer = setTimeout(() => refresh().catch(() => {}), delay);
  }
  listeners.forEach((listener) => listener(me));
}

function csrfToken() {
  const match = document.cookie.split('; ').find((c) => c.startsWith(CSRF_COOKIE + '='));
  return match ? decodeURIComponent(match.slice(CSRF_COOKIE.length + 1)) : null;
}

async function raw(method, path, { body, headers = {} } = {}) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json', ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (UNSAFE.has(method)) {
    const token = csrfToken();
    if (token) init.headers[CSRF_HEADER] = token;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (networkError) {
    throw new ApiError(0, { title: 'The server cannot be reached' });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (ignored) {
      data = null;
    }
  }
  if (!response.ok) {
    const retryAfter = Number.parseInt(response.headers.get('Retry-After') || '', 10);
    throw new ApiError(
      response.status,
      data,
      Number.isFinite(retryAfter) ? retryAfter : null,
      response.headers.get('WWW-Authenticate') || '',
    );
  }
  return { data, etag: response.headers.get('ETag') };
}

/** Calls the API; after a 401 while logged in, refreshes the session once and tries again. */
export async function call(method, path, options) {
  try {
    return await raw(method, path, options);
  } catch (error) {
    if (error.status === 401 && me && !error.stepUp) {
      await refresh();
      return raw(method, path, options);
    }
    throw error;
  }
}

/**
 * Finds out whether the cookies still hold a session; refreshes it if only the refresh cookie is left
 * (the CSRF cookie lives as long as the refresh cookie, so without it there is nothing to refresh).
 */
export async function restore() {
  try {
    setSession((await raw('GET', '/api/session')).data);
  } catch (error) {
    if (error.status !== 401) throw error;
    if (!csrfToken()) {
      setSession(null);
      return me;
    }
    try {
      setSession((await raw('POST', '/api/session/refresh')).data);
    } catch (ignored) {
      setSession(null);
    }
  }
  return me;
}

/**
 * Logs in. tokenFormat 'opaque' asks for a server-side session (scheme A: the gateway asks auth-service about
 * it on every request); anything else gets a self-contained JWT (scheme B: verified at the gateway).
 */
export async function login(username, password, tokenFormat) {
  // The custom header marks the request as the page's own (login CSRF defence, with the Origin check).
  const headers = csrfToken() ? {} : { [CSRF_HEADER]: 'login' };
  const body = { username, password };
  if (tokenFormat === 'opaque') body.token_format = 'opaque';
  setSession((await raw('POST', '/api/session/login', { body, headers })).data);
  return me;
}

/**
 * The second step of a login whose account has a second factor (the first step failed with the problem
 * second-factor-required and its challenge): a code from the authenticator app, a recovery code, or a passkey's
 * assertion (what credential.toJSON() returns).
 */
export async function secondFactor(challenge, { code, recoveryCode, passkey }) {
  const headers = csrfToken() ? {} : { [CSRF_HEADER]: 'login' };
  let body = { challenge, code };
  if (recoveryCode) body = { challenge, recovery_code: recoveryCode };
  if (passkey) body = { challenge, passkey };
  setSession((await raw('POST', '/api/session/login/second-factor', { body, headers })).data);
  return me;
}

/**
 * A password-less login: the ceremony of POST /api/auth/login/passkey/options and the assertion the browser signed
 * for its request options. The session and cookies are those of a password login.
 */
export async function loginWithPasskey(ceremony, credential, tokenFormat) {
  const headers = csrfToken() ? {} : { [CSRF_HEADER]: 'login' };
  const body = { ceremony, credential };
  if (tokenFormat === 'opaque') body.token_format = 'opaque';
  setSession((await raw('POST', '/api/session/login/passkey', { body, headers })).data);
  return me;
}

export async function register(username, password, displayName) {
  const body = { username, password };
  if (displayName) body.display_name = displayName;
  return (await raw('POST', '/api/auth/register', { body })).data;
}

/** Exchanges the refresh cookie for new cookies; concurrent callers share one request. */
export function refresh() {
  if (!refreshing) {
    refreshing = raw('POST', '/api/session/refresh')
      .then(({ data }) => setSession(data))
      .catch((error) => {
        if (!error.unavailable) {
          const wasLoggedIn = me !== null;
          setSession(null);
          if (wasLoggedIn) error.sessionExpired = true;
        }
        throw error;
      })
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

export async function logout() {
  try {
    await raw('POST', '/api/session/logout');
  } finally {
    setSession(null);
  }
}
