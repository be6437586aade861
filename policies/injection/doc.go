// Package injection is the injection feature: whether what the request says is an attack
// ("injection", "schemas"). It normalises the path, the query, the headers and the body into
// parameters (decoding, JSON, forms, multipart, protobuf, binary bodies), runs the detectors of
// each family (SQL, XSS, command, path traversal, NoSQL, prototype pollution, custom rules) at
// the route's sensitivity, and validates JSON bodies against the route's schema. It inspects
// the path, query and headers in Admit, the body in Body and each gRPC message in Message; the
// core decides how the body arrives (see package policies).
//
// It imports the core (policies), policies/internal/rx (every pattern, compiled on first use)
// and policies/internal/textx, gjson and libinjection, never another feature.
package injection
