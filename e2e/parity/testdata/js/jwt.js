'use strict';
// The jsonwebtoken side of the parity suite: it makes the keys, signs every case's token with
// jsonwebtoken 9 (or, for tokens jsonwebtoken refuses to make, by hand with node:crypto), verifies
// each with jwt.verify and the options an Express app would pass, and prints one JSON document:
// {"secret": ..., "rsa_jwk": {...}, "cases": [{"name", "provider", "token", "ok", "error"}]}.
// The Go test then sends every token through Edgeward with the same settings.

const crypto = require('node:crypto');
const jwt = require('jsonwebtoken');

const now = Math.floor(Date.now() / 1000);
const secret = crypto.randomBytes(32).toString('hex'); // 64 bytes of text, used as is
const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaPEM = publicKey.export({ type: 'spki', format: 'pem' });
const rsaJWK = { ...publicKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'parity-rs' };

const HS_ISS = 'https://auth.example.com';
const RS_ISS = 'https://rs.example.com';
const AUD = 'api.example.com';
// jwt.verify options matching the Edgeward providers (leeway 60s = clockTolerance 60).
const verifyOpts = {
  hs: { algorithms: ['HS256'], issuer: HS_ISS, audience: AUD, clockTolerance: 60 },
  rs: { algorithms: ['RS256'], issuer: RS_ISS, audience: AUD, clockTolerance: 60 },
};
const keyFor = { hs: secret, rs: rsaPEM };

const b64url = (buf) => Buffer.from(buf).toString('base64url');
// raw signs a header and payload given as JSON text (which may repeat a name) with HMAC.
function raw(headerJSON, payloadJSON, key, alg = 'sha256') {
  const input = b64url(headerJSON) + '.' + b64url(payloadJSON);
  return input + '.' + crypto.createHmac(alg, key).update(input).digest('base64url');
}

const claims = (over = {}) => {
  const c = { iss: HS_ISS, aud: AUD, sub: 'user-7', iat: now, exp: now + 3600, type: 'access', ...over };
  for (const k of Object.keys(c)) if (c[k] === undefined) delete c[k];
  return c;
};
const hs = (over, opts = {}) => jwt.sign(claims(over), secret, { algorithm: 'HS256', ...opts });
const rs = (over, opts = {}) => jwt.sign(claims({ iss: RS_ISS, ...over }), privateKey, { algorithm: 'RS256', keyid: 'parity-rs', ...opts });

const valid = hs();
const [vh, vp, vs] = valid.split('.');
const pad = (s) => s + '='.repeat((4 - (s.length % 4)) % 4 || 0);
const dupPayload = `{"iss":"${HS_ISS}","aud":"${AUD}","exp":${now + 3600},"type":"access","sub":"user-7","sub":"admin"}`;
const dupExp = `{"iss":"${HS_ISS}","aud":"${AUD}","exp":${now - 3600},"type":"access","sub":"user-7","exp":${now + 3600}}`;

// The app-level check an Express app makes after jwt.verify: only access tokens on API routes.
const appCheck = (payload) => (payload.type === 'access' ? '' : 'not an access token');

const cases = [
  ['valid HS256', 'hs', valid],
  ['valid RS256', 'rs', rs()],
  ['expired', 'hs', hs({ exp: now - 3600, iat: now - 7200 })],
  ['expired within the leeway', 'hs', hs({ exp: now - 30 })],
  ['nbf in the future', 'hs', hs({ nbf: now + 3600 })],
  ['nbf within the leeway', 'hs', hs({ nbf: now + 30 })],
  ['wrong key', 'hs', jwt.sign(claims(), crypto.randomBytes(32).toString('hex'), { algorithm: 'HS256' })],
  ['alg none', 'hs', jwt.sign(claims(), null, { algorithm: 'none' })],
  ['HS512 against an HS256 allowlist', 'hs', hs({}, { algorithm: 'HS512' })],
  ['RSA key confusion: HS256 signed with the public key', 'rs', raw('{"alg":"HS256","typ":"JWT"}', JSON.stringify(claims({ iss: RS_ISS })), rsaPEM)],
  ['RS256 token at the HS256 provider', 'hs', rs({ iss: HS_ISS })],
  ['wrong audience', 'hs', hs({ aud: 'other.example.com' })],
  ['wrong issuer', 'hs', hs({ iss: 'https://evil.example.com' })],
  ['audience array holding ours', 'hs', hs({ aud: ['other.example.com', AUD] })],
  ['audience array without ours', 'hs', hs({ aud: ['a.example.com', 'b.example.com'] })],
  ['missing exp', 'hs', hs({ exp: undefined })],
  ['exp not a number', 'hs', raw('{"alg":"HS256","typ":"JWT"}', JSON.stringify(claims({ exp: 'tomorrow' })), secret)],
  ['iat in the future', 'hs', hs({ iat: now + 3600 })],
  ['access token', 'hs', hs({ type: 'access' })],
  ['refresh token on an API route', 'hs', hs({ type: 'refresh' })],
  ['base64 padding on the segments', 'hs', `${pad(vh)}.${pad(vp)}.${pad(vs)}`],
  ['base64 padding on the signature', 'hs', `${vh}.${vp}.${pad(vs)}`],
  ['duplicate sub claim', 'hs', raw('{"alg":"HS256","typ":"JWT"}', dupPayload, secret)],
  ['duplicate exp claim (the last one valid)', 'hs', raw('{"alg":"HS256","typ":"JWT"}', dupExp, secret)],
  ['crit header', 'hs', raw('{"alg":"HS256","typ":"JWT","crit":["exp"]}', JSON.stringify(claims()), secret)],
  ['signature stripped', 'hs', `${vh}.${vp}.`],
  ['tampered payload', 'hs', `${vh}.${b64url(JSON.stringify(claims({ sub: 'admin' })))}.${vs}`],
].map(([name, provider, token]) => {
  let ok = true;
  let error = '';
  try {
    const payload = jwt.verify(token, keyFor[provider], verifyOpts[provider]);
    error = appCheck(payload);
    ok = error === '';
  } catch (e) {
    ok = false;
    error = `${e.name}: ${e.message}`;
  }
  return { name, provider, token, ok, error };
});

process.stdout.write(JSON.stringify({ secret, rsa_jwk: rsaJWK, cases }) + '\n');
