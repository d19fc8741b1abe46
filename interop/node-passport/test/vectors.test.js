// Checks passport.js against every vector of docs/passport-vectors.json: each accepted vector must yield
// exactly the expected caller, each refused one must be refused for the expected reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { keyId, passportVerifier, PassportError, requestBinding } from '../passport.js';

const file = new URL('../../../docs/passport-vectors.json', import.meta.url);
const { verifier: config, keys, bindings, vectors } = JSON.parse(readFileSync(file, 'utf8'));

const verifier = passportVerifier({
  secrets: config.secrets,
  audience: config.audience,
  clockSkewSeconds: config.clockSkewSeconds,
  now: () => config.now,
});

test('the vector file has vectors of both outcomes', () => {
  assert.ok(vectors.some((v) => v.expect.accepted));
  assert.ok(vectors.some((v) => !v.expect.accepted));
});

test('key ids are the first 8 base64url characters of SHA-256 of the secret', () => {
  for (const key of Object.values(keys)) {
    assert.equal(keyId(Buffer.from(key.secret, 'base64')), key.kid);
  }
});

test('request bindings are base64url(SHA-256(METHOD + " " + raw path))', () => {
  for (const { method, path, req } of bindings) {
    assert.equal(requestBinding(method, path), req, `${method} ${path}`);
  }
});

for (const vector of vectors) {
  test(vector.name, async () => {
    const outcome = await verifier.verify(vector.token, vector.method, vector.path).then(
      (passport) => ({ accepted: true, passport }),
      (error) => {
        if (!(error instanceof PassportError)) throw error;
        return { accepted: false, reason: error.reason };
      },
    );
    assert.deepEqual(outcome, vector.expect, vector.description);
  });
}
