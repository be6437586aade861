'use strict';
// The Express side of the parity suite (e2e/parity): the same small app, served several times on
// loopback ports, once bare (the upstream behind Edgeward's dev host) and once with each real
// middleware users migrate from. It prints one JSON line {"plain": port, ...} when every server
// listens, and exits when its standard input closes (the Go test holds it open).

const http = require('node:http');
const express = require('express');
const helmet = require('helmet');
const { rateLimit, ipKeyGenerator } = require('express-rate-limit');
const mongoSanitize = require('express-mongo-sanitize');

// The hardened Helmet configuration of issue 16, also written as an Edgeward config in
// e2e/parity/helmet_test.go (hardenedConfig) and docs/migrating-from-express.md.
const hardenedHelmet = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'strict-dynamic'"],
      styleSrc: ["'self'", 'https:', "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'https:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'https:', 'data:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: [],
    },
  },
  strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true, preload: true },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
};

const DAY = 24 * 60 * 60 * 1000;
const emailKey = (req) => {
  const e = req.body && typeof req.body.email === 'string' ? req.body.email.trim().toLowerCase() : '';
  return e !== '' ? e : ipKeyGenerator(req.ip);
};

// The usual limiters, each on its own route so that one response speaks for one limiter. Their
// Edgeward twins are rateLimitConfig in e2e/parity/ratelimit_test.go.
function limiters() {
  return {
    // /api/data: 100 per 15 minutes per IP, draft-7 headers.
    api: rateLimit({ windowMs: 15 * 60 * 1000, limit: 100, standardHeaders: 'draft-7', legacyHeaders: false,
      message: { error: 'too many requests' } }),
    // POST /api/auth/login: 10 failures per hour per email (IP without one), draft-6 and legacy.
    login: rateLimit({ windowMs: 60 * 60 * 1000, limit: 10, skipSuccessfulRequests: true, keyGenerator: emailKey,
      standardHeaders: 'draft-6', legacyHeaders: true, message: { error: 'too many login attempts' } }),
    // POST /api/auth/login-ip: the same keyed by IP, draft-8 headers.
    loginIP: rateLimit({ windowMs: 60 * 60 * 1000, limit: 10, skipSuccessfulRequests: true, identifier: 'login-ip',
      standardHeaders: 'draft-8', legacyHeaders: false, message: { error: 'too many login attempts' } }),
    // POST /api/auth/reset: 3 per 24 hours per email, draft-8 and legacy.
    reset: rateLimit({ windowMs: DAY, limit: 3, keyGenerator: emailKey, identifier: 'reset',
      standardHeaders: 'draft-8', legacyHeaders: true, message: { error: 'too many reset requests' } }),
    // /public: express-rate-limit's defaults (5 per minute, legacy headers, a text message).
    public: rateLimit({ limit: 5 }),
  };
}

// Login requests wait here until the Go test releases them, so that every guess of a burst is in
// flight at once (the same hold as e2e/ratelimit_bruteforce_test.go).
function holdGate() {
  const gate = { reached: 0, waiting: [], open: true };
  gate.wait = () => (gate.open ? Promise.resolve() : new Promise((resolve) => gate.waiting.push(resolve)));
  gate.release = () => { gate.open = true; gate.waiting.splice(0).forEach((r) => r()); };
  return gate;
}

function buildApp(kind) {
  const app = express();
  app.set('env', 'test'); // no error logging on stderr (aborted bodies); error pages unchanged
  const gate = holdGate();
  const lim = kind === 'ratelimit' ? limiters() : null;
  const sanitized = [];
  if (kind === 'helmet') app.use(helmet());
  if (kind === 'hardened') app.use(helmet(hardenedHelmet));
  app.use(express.json());
  app.use(express.urlencoded({ extended: true }));
  if (kind === 'sanitize') {
    // dryRun: record what the middleware would change, change nothing.
    app.use(mongoSanitize({ dryRun: true, onSanitize: ({ key }) => sanitized.push(key) }));
  }

  // Control routes for the Go test (never behind Edgeward in a comparison).
  app.post('/__hold', (req, res) => { gate.open = false; gate.reached = 0; res.json({}); });
  app.post('/__release', (req, res) => { gate.release(); res.json({}); });
  app.get('/__stats', (req, res) => res.json({ reached: gate.reached }));

  app.get('/ok', (req, res) => res.json({ ok: true }));
  app.get('/own-headers', (req, res) => {
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    res.setHeader('X-Frame-Options', 'DENY');
    res.json({ own: true });
  });
  app.get('/boom', (req, res, next) => next(new Error('boom')));
  // Anything else: Express's own 404 (finalhandler).

  if (lim) {
    app.use('/api/data', lim.api);
    app.use('/public', lim.public);
  }
  const pass = (req, res, next) => next();
  app.all('/api/data/*', (req, res) => res.json({ data: true }));
  app.all('/public/*', (req, res) => res.json({ public: true }));
  const login = async (req, res) => {
    gate.reached++;
    await gate.wait();
    if (req.body && req.body.password === 'right') return res.json({ token: 'ok' });
    res.status(401).json({ error: 'wrong password' });
  };
  app.post('/api/auth/login', lim ? lim.login : pass, login);
  app.post('/api/auth/login-ip', lim ? lim.loginIP : pass, login);
  app.post('/api/auth/reset', lim ? lim.reset : pass, (req, res) => res.json({ sent: true }));

  // The refresh-token cookie: with every option (kind "cookie"), or with only what the edge
  // cannot know (path, lifetime: kind "plain", behind Edgeward's Set-Cookie hardening).
  app.post('/api/auth/token', (req, res) => {
    const opts = kind === 'cookie'
      ? { httpOnly: true, secure: true, sameSite: 'strict', maxAge: 7 * DAY, path: '/api/auth/refresh' }
      : { maxAge: 7 * DAY, path: '/api/auth/refresh' };
    res.cookie('refreshToken', 'rt-3f9a2c', opts);
    res.json({ ok: true });
  });
  app.post('/api/auth/token-full', (req, res) => {
    res.cookie('refreshToken', 'rt-3f9a2c', { httpOnly: true, secure: true, sameSite: 'strict', maxAge: 7 * DAY, path: '/api/auth/refresh' });
    res.json({ ok: true });
  });

  // express-mongo-sanitize's verdict on this request (kind "sanitize"); the plain app answers 200.
  app.all('/check', (req, res) => {
    const keys = sanitized.splice(0);
    res.json({ changed: keys.length > 0, keys });
  });
  return app;
}

const kinds = ['plain', 'helmet', 'hardened', 'ratelimit', 'sanitize', 'cookie'];
const ports = {};
let pending = kinds.length;
for (const kind of kinds) {
  const srv = http.createServer({ keepAliveTimeout: 60000 }, buildApp(kind));
  srv.listen(0, '127.0.0.1', () => {
    ports[kind] = srv.address().port;
    if (--pending === 0) process.stdout.write(JSON.stringify(ports) + '\n');
  });
}
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
