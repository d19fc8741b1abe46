// Passkeys (issue 17): the browser's side of WebAuthn. auth-service speaks the JSON forms of WebAuthn Level 3 both
// ways (base64url without padding for every binary member); Chromium turns them into the browser's objects with
// parse*OptionsFromJSON and back with toJSON. The manual conversion below is only for browsers without those.

function bytes(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer;
}

function base64url(buffer) {
  if (!buffer) return null;
  const binary = String.fromCharCode(...new Uint8Array(buffer));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function withIds(descriptors) {
  return (descriptors || []).map((descriptor) => ({ ...descriptor, id: bytes(descriptor.id) }));
}

function creationOptions(json) {
  if (typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function') {
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: bytes(json.challenge),
    user: { ...json.user, id: bytes(json.user.id) },
    excludeCredentials: withIds(json.excludeCredentials),
  };
}

function requestOptions(json) {
  if (typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function') {
    return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  }
  return { ...json, challenge: bytes(json.challenge), allowCredentials: withIds(json.allowCredentials) };
}

function credentialJSON(credential) {
  if (typeof credential.toJSON === 'function') return credential.toJSON();
  const { response } = credential;
  const json = {
    id: credential.id,
    rawId: base64url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || null,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: { clientDataJSON: base64url(response.clientDataJSON) },
  };
  if (response.attestationObject) {
    json.response.attestationObject = base64url(response.attestationObject);
    json.response.transports = typeof response.getTransports === 'function' ? response.getTransports() : [];
  } else {
    json.response.authenticatorData = base64url(response.authenticatorData);
    json.response.signature = base64url(response.signature);
    json.response.userHandle = base64url(response.userHandle);
  }
  return json;
}

/** Whether this browser can use passkeys at all (WebAuthn needs a secure context: https, or http on localhost). */
export function supported() {
  return typeof window.PublicKeyCredential === 'function' && !!navigator.credentials && window.isSecureContext;
}

/** Creates a passkey from registration options (`publicKey` as auth-service sent it); its toJSON form. */
export async function create(publicKey) {
  return credentialJSON(await navigator.credentials.create({ publicKey: creationOptions(publicKey) }));
}

/** Signs request options (`publicKey` as auth-service sent it) with a passkey the person chooses; its toJSON form. */
export async function get(publicKey) {
  return credentialJSON(await navigator.credentials.get({ publicKey: requestOptions(publicKey) }));
}

/**
 * The browser's own refusals, as the page's text key: the person closed the prompt or let it time out (WebAuthn
 * reports both as NotAllowedError, deliberately alike), the authenticator already holds a passkey of this account
 * (InvalidStateError, from excludeCredentials), or the page's address does not fit the relying party (SecurityError).
 */
export function refusal(error) {
  switch (error && error.name) {
    case 'NotAllowedError':
    case 'AbortError':
      return 'passkey.cancelled';
    case 'InvalidStateError':
      return 'problem.passkey-already-registered';
    case 'SecurityError':
      return 'passkey.wrongAddress';
    case 'NotSupportedError':
      return 'passkey.unsupported';
    default:
      return null;
  }
}
