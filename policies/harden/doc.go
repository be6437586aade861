// Package harden is the response-hardening feature: what the client gets back ("response",
// "csrf", "https_redirect"). It redirects plain HTTP to HTTPS (Arrive), refuses cross-site
// state-changing requests (Admit), and on the response sets the security headers and the
// Content-Security-Policy, hardens Set-Cookie, removes server headers and replaces error
// bodies (Respond).
//
// It imports the core (policies) and gjson, never another feature.
package harden
