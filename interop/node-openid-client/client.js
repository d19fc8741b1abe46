// A public OpenID Connect client in Node.js: a small web application that logs its users in with Tessera
// through openid-client (https://github.com/panva/openid-client), the authorization code flow with PKCE (S256),
// state and nonce. No client secret: a public client proves itself with PKCE alone. Tessera's end-to-end tests
// (OpenIdClientIntegrationTests) run it and drive a browser through it; nothing here knows Tessera beyond its issuer.
//
//   TESSERA_ISSUER=http://localhost:8080 TESSERA_CLIENT_ID=node-app PORT=3000 node client.js
//
// GET /login     starts a login (redirects the browser to Tessera)
// GET /callback  the redirect URI registered at Tessera: http://localhost:$PORT/callback
// GET /me        who is signed in, as JSON
import * as client from 'openid-client';
import { randomBytes } from 'node:crypto';
import http from 'node:http';

const issuer = new URL(required('TESSERA_ISSUER'));
const clientId = required('TESSERA_CLIENT_ID');
const port = Number(required('PORT'));
const base = `http://localhost:${port}`;
const redirectUri = `${base}/callback`;

// Plain http only for a local issuer (openid-client refuses it otherwise); anything else must be https.
const local = ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
const config = await client.discovery(issuer, clientId, undefined, client.None(), {
  execute: local ? [client.allowInsecureRequests] : [],
});

// Logins under way and signed-in users, by a random cookie value; in memory, as befits an example.
const pending = new Map();
const signedIn = new Map();

const server = http.createServer(async (request, response) => {
  const url = new URL(request.url, base);
  try {
    if (url.pathname === '/login') {
      const verifier = client.randomPKCECodeVerifier();
      const login = { verifier, state: client.randomState(), nonce: client.randomNonce() };
      const id = randomBytes(32).toString('base64url');
      pending.set(id, login);
      const target = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid profile',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: login.state,
        nonce: login.nonce,
      });
      response.writeHead(302, { Location: target.href, 'Set-Cookie': cookie('login', id) });
      return response.end();
    }
    if (url.pathname === '/callback') {
      const id = cookies(request).login;
      const login = pending.get(id);
      pending.delete(id);
      if (!login) {
        return json(response, 400, { error: 'no login under way in this browser' });
      }
      // Checks state, the code's exchange with the PKCE verifier, the ID token (signature against the issuer's
      // keys, iss, aud, exp, nonce), then asks userinfo with the access token.
      const tokens = await client.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: login.verifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      const userInfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      const session = randomBytes(32).toString('base64url');
      signedIn.set(session, { idToken: claims, userInfo, scope: tokens.scope, tokenType: tokens.token_type });
      response.writeHead(302, { Location: '/me', 'Set-Cookie': cookie('session', session) });
      return response.end();
    }
    if (url.pathname === '/me') {
      const user = signedIn.get(cookies(request).session);
      return user ? json(response, 200, user) : json(response, 401, { error: 'not signed in' });
    }
    json(response, 404, { error: 'not found' });
  } catch (error) {
    // openid-client's own words (a refused state, an ID token that does not verify...), never a token; for an
    // error the authorization server sent back (the user denied consent: access_denied), its OAuth error code.
    json(response, 400, { error: error.code ?? 'error', oauthError: error.error, message: error.message });
  }
});

server.listen(port, '127.0.0.1', () => console.log(`listening on ${base}, issuer ${issuer.href}`));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
}

function cookie(name, value) {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax`;
}

function cookies(request) {
  return Object.fromEntries(
    (request.headers.cookie ?? '')
      .split(';')
      .map((pair) => pair.trim().split('='))
      .filter(([name, value]) => name && value),
  );
}

function json(response, status, body) {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}
