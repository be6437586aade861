// The reference verdicts: express-openapi-validator (pinned in ../package.json) on an OpenAPI
// document, for a list of requests. Usage: node js/validate.js SPEC.json REQUESTS.json > VERDICTS.json
// REQUESTS.json is [{method, target, headers, body}]; the output is [{status, message}] in the
// same order: 200 when the validator lets the request through to the app, else its error status.
'use strict';
const fs = require('fs');
const http = require('http');
const express = require('express');
const OpenApiValidator = require('express-openapi-validator');

const [specPath, reqPath] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
// Ajv (under the validator) refuses to compile a schema with "nullable" but no "type" (GitHub's
// document has several, beside allOf or $ref): such a "nullable" is dropped here, and counted, so
// that the reference runs at all. The Go side reports the count among the differences.
let droppedNullable = 0;
(function walk(root) {
  const stack = [root];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) { stack.push(...v); continue; }
    if (v === null || typeof v !== 'object') continue;
    if ('nullable' in v && !('type' in v) && typeof v.nullable === 'boolean') { delete v.nullable; droppedNullable++; }
    for (const k of Object.keys(v)) stack.push(v[k]);
  }
})(spec);
process.stderr.write(`validate.js: dropped ${droppedNullable} "nullable" without "type"\n`);
const requests = JSON.parse(fs.readFileSync(reqPath, 'utf8'));

const app = express();
// Bodies as the validator expects them: JSON of any top-level value (strict: false, so that
// body-parser's own refusal of a top-level string is not taken for the validator's), forms, and
// every other body as text.
app.use(express.json({ type: ['application/json', 'application/*+json'], limit: '10mb', strict: false }));
app.use(express.urlencoded({ extended: false }));
app.use(express.text({ type: () => true, limit: '10mb' }));
app.use(OpenApiValidator.middleware({
  apiSpec: spec,
  validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false },
  validateResponses: false,
  validateSecurity: false,
  ignoreUndocumented: false,
  validateFormats: true,
  $refParser: { mode: 'bundle' },
}));
app.all('*', (req, res) => res.status(200).json({ ok: true }));
// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  res.status(err.status || 500).json({ message: String(err.message || err).slice(0, 300) });
});

const server = app.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const one = (r) => new Promise((resolve) => {
    const headers = Object.assign({}, r.headers || {});
    const body = r.body || '';
    if (body !== '') headers['content-length'] = Buffer.byteLength(body);
    const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.target, headers, agent }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { data += c; });
      res.on('end', () => {
        let message = '';
        try { message = JSON.parse(data).message || ''; } catch (e) { message = data.slice(0, 300); }
        resolve({ status: res.statusCode, message });
      });
    });
    req.on('error', (e) => resolve({ status: 0, message: String(e) }));
    if (body !== '') req.write(body);
    req.end();
  });
  const out = [];
  const batch = 8;
  for (let i = 0; i < requests.length; i += batch) {
    const rs = await Promise.all(requests.slice(i, i + batch).map(one));
    out.push(...rs);
  }
  process.stdout.write(JSON.stringify(out));
  server.close();
  agent.destroy();
});
