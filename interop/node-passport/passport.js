// A Tessera passport verifier, written from docs/passport.md (section "Verifying a passport": the step
// numbers below are the spec's). jose does the JOSE work (header decoding, base64url, the constant-time
// HMAC-SHA256 check); the claim rules are Tessera's own and are spelled out by hand, because jose's
// jwtVerify differs from the reference on purpose-neutral details (it normalises `typ`, refuses at
// exactly `exp + tolerance`, checks `nbf`), and the vectors pin the reference's behaviour.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { compactVerify, decodeProtectedHeader } from 'jose';

export const ISSUER = 'tessera-gateway';
export const TYPE = 'passport+jwt';
export const MAX_LENGTH = 8192;
export const MAX_LIFETIME_SECONDS = 60;

/** A refused passport; `reason` is one of the spec's reasons (MALFORMED, EXPIRED, ...). */
export class PassportError extends Error {
  constructor(reason, message) {
    super(`${reason}: ${message}`);
    this.reason = reason;
  }
}

const refuse = (reason, message) => { throw new PassportError(reason, message); };

const base64url = (bytes) => Buffer.from(bytes).toString('base64url');
const sha256 = (data) => createHash('sha256').update(data).digest();

/** The key id of a secret: the first 8 base64url characters of SHA-256(secret bytes). */
export const keyId = (secret) => base64url(sha256(secret)).slice(0, 8);

/** The `req` claim: base64url(SHA-256(UPPERCASE(method) + " " + raw path without query)). */
export const requestBinding = (method, path) => base64url(sha256(`${method.toUpperCase()} ${path}`));

/**
 * Makes a verifier for one service.
 * @param {object} options
 * @param {string[]} options.secrets the service's secrets, base64 (standard or URL alphabet), 32+ bytes each
 * @param {string} options.audience this service's name, e.g. "forum-service"
 * @param {number} [options.clockSkewSeconds=5]
 * @param {() => number} [options.now] seconds since the epoch; the system clock by default
 */
export function passportVerifier({ secrets, audience, clockSkewSeconds = 5, now = () => Date.now() / 1000 }) {
  const keys = secrets.map((text) => {
    const bytes = Buffer.from(text, /[-_]/.test(text) ? 'base64url' : 'base64');
    if (bytes.length < 32) throw new Error('A passport secret must be at least 32 bytes');
    return { kid: keyId(bytes), bytes: new Uint8Array(bytes) };
  });
  return { verify: (token, method, path) => verify(token, method, path, { keys, audience, clockSkewSeconds, now }) };
}

async function verify(token, method, path, { keys, audience, clockSkewSeconds, now }) {
  // 1. Presence and size, 2. shape.
  if (!token) refuse('MISSING', 'no passport');
  if (token.length > MAX_LENGTH) refuse('OVERSIZE', `longer than ${MAX_LENGTH}`);
  if (token.split('.').length !== 3) refuse('MALFORMED', 'not a compact JWS');
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    refuse('MALFORMED', 'header is not base64url JSON');
  }
  if (typeof header.alg !== 'string' || header.alg === 'none') refuse('MALFORMED', 'not a JWS header');
  for (const name of ['typ', 'cty', 'kid']) optional(header, name, (v) => typeof v === 'string');
  const crit = optional(header, 'crit', (v) => Array.isArray(v) && v.every((c) => typeof c === 'string'));

  // 3. Header policy: exact values, no normalisation.
  if (header.alg !== 'HS256') refuse('UNSUPPORTED_HEADER', 'alg is not HS256');
  if (header.typ !== TYPE) refuse('UNSUPPORTED_HEADER', `typ is not ${TYPE}`);
  if (crit !== null && crit.length > 0) refuse('UNSUPPORTED_HEADER', 'crit');

  // 4. Signature: the key named by kid, or without kid any configured key.
  const candidates = header.kid == null ? keys : keys.filter((key) => key.kid === header.kid);
  let payload;
  for (const key of candidates) {
    try {
      ({ payload } = await compactVerify(token, key.bytes, { algorithms: ['HS256'] }));
      break;
    } catch {
      // try the next key
    }
  }
  if (!payload) refuse('BAD_SIGNATURE', 'no configured key verifies the signature');

  // 5. Claims: a JSON object, registered claims of the right JSON types.
  let claims;
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    refuse('MALFORMED', 'claims are not JSON');
  }
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) refuse('MALFORMED', 'claims not an object');
  const string = (name) => optional(claims, name, (v) => typeof v === 'string');
  for (const name of ['iss', 'sub', 'jti']) string(name);
  for (const name of ['iat', 'exp', 'nbf']) optional(claims, name, Number.isFinite);
  const aud = optional(claims, 'aud', (v) => typeof v === 'string' || (Array.isArray(v) && v.every((a) => typeof a === 'string')));

  // 6. Issuer and audience (exactly one, this service).
  if (claims.iss !== ISSUER) refuse('WRONG_ISSUER', 'wrong issuer');
  const audiences = aud === null ? [] : [].concat(aud);
  if (audiences.length !== 1 || audiences[0] !== audience) refuse('WRONG_AUDIENCE', 'minted for another service');

  // 7. Time window. NumericDates are whole seconds (a fraction is truncated, as the reference does).
  if (claims.iat == null || claims.exp == null) refuse('MALFORMED', 'iat and exp are required');
  const iat = Math.trunc(claims.iat);
  const exp = Math.trunc(claims.exp);
  const t = now();
  if (t > exp + clockSkewSeconds) refuse('EXPIRED', 'expired');
  if (iat > t + clockSkewSeconds || exp < iat || exp - iat > MAX_LIFETIME_SECONDS) {
    refuse('NOT_YET_VALID', 'issued in the future or lifetime too long');
  }

  // 8. Request binding.
  const req = string('req');
  if (req === null || !method || !path || req !== requestBinding(method, path)) {
    refuse('WRONG_REQUEST', 'bound to another request');
  }

  // 9. Client address: an IPv4 or IPv6 literal, never a host name, list or zone id.
  const cip = string('cip');
  if (cip !== null && !isAddressLiteral(cip)) refuse('MALFORMED', 'cip is not an IP address literal');

  // 10. Anonymous or authenticated.
  const anon = optional(claims, 'anon', (v) => typeof v === 'boolean');
  const common = { issuedAt: iat, expiresAt: exp, audience, clientAddress: cip };
  if (anon === true) {
    if (claims.sub !== undefined && claims.sub !== null) refuse('MALFORMED', 'anonymous passport with a subject');
    return {
      authenticated: false,
      userId: null,
      username: null,
      roles: [],
      sessionId: null,
      tokenId: null,
      ...common,
      authenticationMethods: [],
      authTime: null,
      permissions: [],
    };
  }
  if (typeof claims.sub !== 'string' || claims.sub.trim() === '') refuse('MALFORMED', 'no subject');
  const roles = optional(claims, 'roles', (v) => Array.isArray(v) && v.every((r) => typeof r === 'string')) ?? [];
  // How and when the user authenticated (RFC 8176 amr, auth_time), as the access token said.
  const amr = optional(claims, 'amr', (v) => Array.isArray(v) && v.every((m) => typeof m === 'string')) ?? [];
  const authTime = optional(claims, 'auth_time', (v) => typeof v === 'number' && Number.isFinite(v));
  // The permissions of the caller's roles in this service's namespace (perm): at most 64 strings.
  const perm =
    optional(claims, 'perm', (v) => Array.isArray(v) && v.length <= 64 && v.every((p) => typeof p === 'string')) ?? [];
  return {
    authenticated: true,
    userId: claims.sub,
    username: string('preferred_username'),
    roles: [...new Set(roles)].sort(),
    sessionId: string('sid'),
    tokenId: string('tjti'),
    ...common,
    authenticationMethods: amr,
    authTime: authTime === null ? null : Math.floor(authTime),
    permissions: [...new Set(perm)].sort(),
  };
}

/** A member's value, null when absent (or JSON null); MALFORMED when present with the wrong type. */
function optional(object, name, valid) {
  const value = object[name];
  if (value === undefined || value === null) return null;
  if (!valid(value)) refuse('MALFORMED', `${name} has the wrong type`);
  return value;
}

function isAddressLiteral(text) {
  // IPv4: dotted quad without leading zeros (node's isIP agrees). IPv6: only hex digits, ':' and '.'
  // (so no zone id, no brackets), at most 45 characters.
  if (isIP(text) === 4) return true;
  return /^[0-9A-Fa-f:.]{2,45}$/.test(text) && isIP(text) === 6;
}
