// Package contract is the request contract feature ("contract"): the API's own description of
// itself, usually written by `edgeward openapi` from its OpenAPI 3.0/3.1 document, enforced at
// the edge. In Admit it routes the request with a one-pass router of path templates (404 for an
// undocumented path, 405 with Allow for an undocumented method, or only logged, per
// contract.undocumented), then checks every parameter in path, query, header and cookie against
// its schema and style; in Body it checks the documented media types and the JSON or form body
// against its schema, with an explicit stack. A failure answers 400 listing the failing fields
// (never their values).
//
// It runs before injection at each phase (policies/features). What it proves of a parameter (a
// number, a boolean, a UUID, a date, an enum member, a pattern-restricted token) it notes on the
// Tx (policies.ParamNote), and the injection detectors skip such parameters; the content the
// document declares (x-edgeward-content) is noted the same way. Nothing the client sends makes
// a note: only a value that passed the operator's contract, in enforce mode.
//
// It imports the core (policies), policies/internal/optspec (its options' declarations),
// policies/internal/rx (every pattern) and gjson, never another feature.
package contract
