// Package auth is the auth feature: who sends the request, by the token it carries ("auth").
// It strips client-sent copies of the claim headers (Arrive), verifies the token against the
// providers' keys, inline or fetched from a JWK Set (remote_jwks, on the engine's timer),
// records the verified claims on the Tx (Identify), and gives its verdict once the rate limits
// have counted the request (Admit), so that refused tokens count too.
//
// It imports the core (policies), gjson and golang-jwt, never another feature.
package auth
