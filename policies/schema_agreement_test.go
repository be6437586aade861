package policies_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/edgeward/edgeward/policies"
)

// This file checks that envoy/edgeward.schema.json and ParseConfig agree: every shipped JSON
// config passes both, a table of good and bad configs gets the same verdict from both (the few
// deliberate differences are marked with their reason), the schema's keys and defaults are the
// parser's, and, fuzzed, whatever ParseConfig accepts the schema accepts too.

const schemaFile = "../envoy/edgeward.schema.json"

// configSchema is the generated schema compiled by github.com/santhosh-tekuri/jsonschema/v6
// (draft 2020-12; a test-only dependency, never linked into the module).
type configSchema struct{ s *jsonschema.Schema }

func loadSchema(tb testing.TB) configSchema {
	tb.Helper()
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		tb.Fatalf("read schema: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		tb.Fatalf("read %s: %v", schemaFile, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("edgeward.schema.json", doc); err != nil {
		tb.Fatalf("add %s: %v", schemaFile, err)
	}
	s, err := c.Compile("edgeward.schema.json")
	if err != nil {
		tb.Fatalf("compile %s: %v", schemaFile, err)
	}
	return configSchema{s}
}

// Validate checks a JSON document against the schema.
func (c configSchema) Validate(doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return c.s.Validate(inst)
}

// shippedConfigs lists the JSON configs the project ships. Plugin configs embedded in
// envoy/*.yaml and envoy/istio/*.yaml are out of this test's scope (it reads JSON files only):
// the Envoy/Istio packaging tests validate those.
func shippedConfigs(tb testing.TB) []string {
	tb.Helper()
	var files []string
	for _, pat := range []string{"../envoy/edgeward.json", "../envoy/examples/*.json"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, m...)
	}
	return files
}

func TestShippedConfigsMatchSchema(t *testing.T) {
	s := loadSchema(t)
	files := shippedConfigs(t)
	if len(files) == 0 {
		t.Fatal("no shipped config found (envoy/edgeward.json, envoy/examples/*.json): nothing was checked")
	}
	ran := 0
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			ran++
			doc, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(doc); err != nil {
				t.Errorf("schema rejects %s: %v", f, err)
			}
			if _, err := policies.ParseConfig(doc); err != nil {
				t.Errorf("ParseConfig rejects %s: %v", f, err)
			}
		})
	}
	if ran != len(files) {
		t.Errorf("checked %d of %d shipped configs", ran, len(files))
	}
	t.Logf("checked %d shipped JSON configs; YAML-embedded configs are checked by the Envoy/Istio packaging tests", ran)
}

// schemaCase is one row of the agreement table. valid is the verdict both must give. parserOnly,
// when set, marks a deliberate difference: the parser rejects the config but the schema cannot
// express the rule (a regex's RE2 validity, a duration's range, a cross-reference, a duplicate
// key), so the schema accepts it; the reason says why.
type schemaCase struct {
	name       string
	config     string
	valid      bool
	parserOnly string
}

var schemaCases = []schemaCase{
	// top level
	{name: "empty object", config: `{}`, valid: true},
	{name: "all top-level scalars", config: `{"fail_mode":"open","mode":"detect","request_id_header":"X-Req-Id"}`, valid: true},
	{name: "unknown top-level key", config: `{"failmode":"open"}`},
	{name: "top-level $schema key", config: `{"$schema":"../edgeward.schema.json"}`, valid: true},
	{name: "nested $schema key", config: `{"client":{"$schema":"x"}}`},
	{name: "not an object", config: `[]`},
	{name: "null", config: `null`},
	{name: "bad fail_mode", config: `{"fail_mode":"half"}`},
	{name: "fail_mode wrong type", config: `{"fail_mode":true}`},
	{name: "bad mode", config: `{"mode":"Enforce"}`},
	{name: "empty request_id_header", config: `{"request_id_header":""}`},
	{name: "null value", config: `{"mode":null}`},
	{name: "duplicate key", config: `{"mode":"detect","mode":"enforce"}`,
		parserOnly: "JSON Schema has no notion of duplicate keys (decoders keep the last)"},

	// client, body
	{name: "client ok", config: `{"client":{"trusted_hops":2,"ipv6_prefix":64}}`, valid: true},
	{name: "client integer written 2.0", config: `{"client":{"trusted_hops":2.0}}`, valid: true},
	{name: "client fractional", config: `{"client":{"trusted_hops":1.5}}`},
	{name: "client hops too many", config: `{"client":{"trusted_hops":17}}`},
	{name: "client negative", config: `{"client":{"trusted_hops":-1}}`},
	{name: "client prefix too short", config: `{"client":{"ipv6_prefix":8}}`},
	{name: "client hops as string", config: `{"client":{"trusted_hops":"2"}}`},
	{name: "client unknown key", config: `{"client":{"trusted_proxies":["10.0.0.1"]}}`},
	{name: "client not object", config: `{"client":true}`},
	{name: "body ok", config: `{"body":{"max_bytes":65536,"over_limit":"inspect_prefix"}}`, valid: true},
	{name: "body max bounds", config: `{"body":{"max_bytes":67108864}}`, valid: true},
	{name: "body too small", config: `{"body":{"max_bytes":1023}}`},
	{name: "body too large", config: `{"body":{"max_bytes":67108865}}`},
	{name: "body exponent", config: `{"body":{"max_bytes":1e4}}`, valid: true},
	{name: "body huge exponent", config: `{"body":{"max_bytes":1e999}}`},
	{name: "body bad over_limit", config: `{"body":{"over_limit":"truncate"}}`},
	{name: "body streams ok", config: `{"body":{"grpc":"pass","grpc_compressed":"pass","pass_types":["text/event-stream","video/*","*/*"],
		"routes":[{"path_prefix":"/g/","grpc":"inspect","pass_types":[]},{"path":"/u","methods":["PUT"],"grpc_compressed":"reject"}]}}`, valid: true},
	{name: "body grpc bad", config: `{"body":{"grpc":"buffer"}}`},
	{name: "body grpc_compressed bad", config: `{"body":{"grpc_compressed":"gunzip"}}`},
	{name: "body pass type without subtype", config: `{"body":{"pass_types":["text"]}}`},
	{name: "body pass type wildcard top only", config: `{"body":{"pass_types":["*/json"]}}`},
	{name: "body pass types not a list", config: `{"body":{"pass_types":"text/event-stream"}}`},
	{name: "body route unknown key", config: `{"body":{"routes":[{"path_prefix":"/a/","max_bytes":2048}]}}`},
	{name: "body route both paths", config: `{"body":{"routes":[{"path_prefix":"/a/","path":"/a","grpc":"pass"}]}}`},

	// auth
	{name: "auth empty", config: `{"auth":{}}`, valid: true},
	{name: "auth jwt example", config: `{"auth":{"providers":[{"name":"main","issuers":["https://auth.example.com"],
		"audiences":["api.example.com"],"algorithms":["HS256"],"secret_env":"EDGEWARD_JWT_SECRET"}],
		"rules":[{"path_prefix":"/api/public/","token":"off"},{"path_prefix":"/api/","methods":["GET","POST"]}],
		"forward":{"claims":{"sub":"x-user-id"}}}}`, valid: true},
	{name: "auth provider inline jwks", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["EdDSA"],
		"jwks":{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","use":"sig"}]}}]}}`, valid: true},
	{name: "auth unknown key", config: `{"auth":{"issuer":"x"}}`},
	{name: "auth bad mode", config: `{"auth":{"mode":"monitor"}}`},
	{name: "auth realm with quote", config: `{"auth":{"realm":"a\"b"}}`},
	{name: "auth max_token_bytes range", config: `{"auth":{"max_token_bytes":100}}`},
	{name: "auth no token source", config: `{"auth":{"token":{"bearer":false}}}`},
	{name: "auth token cookie", config: `{"auth":{"token":{"bearer":false,"cookie":"access_token"}}}`, valid: true},
	{name: "auth token header authorization", config: `{"auth":{"token":{"header":"authorization"}}}`},
	{name: "auth token header not a token", config: `{"auth":{"token":{"header":"x access"}}}`},
	{name: "auth provider missing issuers", config: `{"auth":{"providers":[{"audiences":[],"algorithms":["HS256"],"secret_env":"S"}]}}`},
	{name: "auth provider alg none", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["none"]}]}}`},
	{name: "auth provider HS without secret_env", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"]}]}}`},
	{name: "auth provider secret_env without HS", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["EdDSA"],"secret_env":"S",
		"jwks":{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}}]}}`},
	{name: "auth provider RS without keys", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["RS256"]}]}}`},
	{name: "auth provider private jwk", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["EdDSA"],
		"jwks":{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"x"}]}}]}}`},
	{name: "auth provider reject_future_iat", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S","reject_future_iat":false}]}}`, valid: true},
	{name: "auth provider reject_future_iat not a bool", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S","reject_future_iat":"no"}]}}`},
	{name: "auth provider remote_jwks url", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["RS256"],
		"remote_jwks":{"url":"https://idp.example.com/.well-known/jwks.json?v=1","cluster":"idp"}}]}}`, valid: true},
	{name: "auth provider remote_jwks issuer, every option", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["ES256"],
		"jwks":{"keys":[]},"remote_jwks":{"issuer":"https://i","cluster":"idp_jwks","timeout":"2s","refresh":"1h","on_failure":"fail_mode","max_bytes":4096}}]}}`, valid: true},
	{name: "auth provider remote_jwks url and issuer", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["RS256"],
		"remote_jwks":{"url":"https://i/k","issuer":"https://i","cluster":"idp"}}]}}`},
	{name: "auth provider remote_jwks neither", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["RS256"],"remote_jwks":{"cluster":"idp"}}]}}`},
	{name: "auth provider remote_jwks no cluster", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["RS256"],"remote_jwks":{"url":"https://i/k"}}]}}`},
	{name: "auth provider remote_jwks relative url", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["RS256"],"remote_jwks":{"url":"/k","cluster":"idp"}}]}}`},
	{name: "auth provider remote_jwks url credentials", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["RS256"],"remote_jwks":{"url":"https://u:p@i/k","cluster":"idp"}}]}}`},
	{name: "auth provider remote_jwks url fragment", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["RS256"],"remote_jwks":{"url":"https://i/k#a","cluster":"idp"}}]}}`},
	{name: "auth provider remote_jwks url space", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["RS256"],"remote_jwks":{"url":"https://i/a b","cluster":"idp"}}]}}`},
	{name: "auth provider remote_jwks bad on_failure", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["RS256"],"remote_jwks":{"url":"https://i/k","cluster":"idp","on_failure":"deny"}}]}}`},
	{name: "auth provider remote_jwks max_bytes", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["RS256"],"remote_jwks":{"url":"https://i/k","cluster":"idp","max_bytes":100}}]}}`},
	{name: "auth provider remote_jwks unknown key", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["RS256"],"remote_jwks":{"url":"https://i/k","cluster":"idp","cache_duration":"5m"}}]}}`},
	{name: "auth provider remote_jwks with HS only", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S","remote_jwks":{"url":"https://i/k","cluster":"idp"}}]}}`},
	{name: "auth provider remote_jwks refresh range", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["RS256"],"remote_jwks":{"url":"https://i/k","cluster":"idp","refresh":"1m"}}]}}`,
		parserOnly: "a duration's range (5m to 24h) is not expressible on a string in JSON Schema"},
	{name: "auth provider remote_jwks issuer not among issuers", config: `{"auth":{"providers":[{"issuers":["https://i"],"audiences":[],"algorithms":["RS256"],"remote_jwks":{"issuer":"https://j","cluster":"idp"}}]}}`,
		parserOnly: "a value that must be one of a sibling array's items is not expressible in JSON Schema"},
	{name: "auth provider leeway syntax", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S","leeway":"60"}]}}`},
	{name: "auth provider leeway range", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S","leeway":"1h"}]}}`,
		parserOnly: "a duration's range (0 to 10m) is not expressible on a string in JSON Schema"},
	{name: "auth provider token_type claim without values", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S",
		"token_type":{"claim":"token_use"}}]}}`},
	{name: "auth duplicate provider names", config: `{"auth":{"providers":[
		{"name":"a","issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"},
		{"name":"a","issuers":["j"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}]}}`,
		parserOnly: "uniqueness of a member across array items is not expressible in JSON Schema"},
	{name: "auth rules without providers", config: `{"auth":{"rules":[{"path_prefix":"/api/"}]}}`},
	{name: "auth rule unknown provider", config: `{"auth":{"providers":[{"name":"a","issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}],
		"rules":[{"providers":["b"]}]}}`,
		parserOnly: "references between items (a rule naming a provider) are not expressible in JSON Schema"},
	{name: "auth rule nested route keys", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}],
		"rules":[{"path":"/api/x","methods":["DELETE"],"except":["/api/x/y"],"claims":[{"claim":"scope","contains":"admin"}]}]}}`, valid: true},
	{name: "auth rule path and path_prefix", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}],
		"rules":[{"path":"/a","path_prefix":"/b"}]}}`},
	{name: "auth rule path without slash", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}],
		"rules":[{"path_prefix":"api/"}]}}`},
	{name: "auth rule upper-case path (lower-cased, as requests are)", valid: true, config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}],
		"rules":[{"path_prefix":"/API/"}]}}`},
	{name: "auth rule lower-case method", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}],
		"rules":[{"methods":["get"]}]}}`},
	{name: "auth rule unknown key", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}],
		"rules":[{"prefix":"/api/"}]}}`},
	{name: "auth rule claims with token optional", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}],
		"rules":[{"token":"optional","claims":[{"claim":"sub"}]}]}}`},
	{name: "auth claim rule two operators", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}],
		"rules":[{"claims":[{"claim":"a","equals":"x","one_of":["y"]}]}]}}`},
	{name: "auth claim equals null", config: `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}],
		"rules":[{"claims":[{"claim":"a","equals":null}]}]}}`},
	{name: "auth forward reserved header", config: `{"auth":{"forward":{"claims":{"sub":"x-envoy-user"}}}}`},
	{name: "auth forward payload header", config: `{"auth":{"forward":{"payload_header":"x-jwt-payload","strip_authorization":true}}}`, valid: true},
	// injection
	{name: "injection waf example", config: `{"injection":{"enabled":true,"mode":"detect","families":{"sqli":true,"cmdi":false},
		"headers":["X-Api-Key"],"max_json_depth":32,"allow_cidrs":["10.0.0.0/8","192.0.2.7","::1"]}}`, valid: true},
	{name: "injection unknown family", config: `{"injection":{"families":{"ldap":true}}}`},
	{name: "injection family not boolean", config: `{"injection":{"families":{"sqli":"on"}}}`},
	{name: "injection depth range", config: `{"injection":{"max_json_depth":0}}`},
	{name: "injection keys range", config: `{"injection":{"max_json_keys":1000001}}`},
	{name: "injection bad cidr", config: `{"injection":{"allow_cidrs":["10.0.0.0/33"]}}`,
		parserOnly: "a CIDR's validity (prefix length, octet ranges) is checked by netip, not by the schema's pattern"},
	{name: "injection cidr not an address", config: `{"injection":{"allow_cidrs":["example.com"]}}`},
	{name: "injection custom rule", config: `{"injection":{"custom_rules":[{"id":"no-admin","pattern":"(?i)^admin$","locations":["query","body"],"parameters":["user"]},
		{"id":"ldap","literal":"*)(uid="}]}}`, valid: true},
	{name: "injection custom rule bad regex", config: `{"injection":{"custom_rules":[{"id":"x","pattern":"(a"}]}}`,
		parserOnly: "RE2 validity of a pattern is not expressible in JSON Schema (and ECMA-262 regex syntax differs)"},
	{name: "injection custom rule backreference", config: `{"injection":{"custom_rules":[{"id":"x","pattern":"(a)\\1"}]}}`,
		parserOnly: "RE2 refuses backreferences; the schema does not parse regexes"},
	{name: "injection custom rule pattern and literal", config: `{"injection":{"custom_rules":[{"id":"x","pattern":"a","literal":"b"}]}}`},
	{name: "injection custom rule neither", config: `{"injection":{"custom_rules":[{"id":"x"}]}}`},
	{name: "injection custom rule family id", config: `{"injection":{"custom_rules":[{"id":"sqli","literal":"x"}]}}`},
	{name: "injection custom rule bad location", config: `{"injection":{"custom_rules":[{"id":"x","literal":"y","locations":["url"]}]}}`},
	{name: "injection custom rule no locations", config: `{"injection":{"custom_rules":[{"id":"x","literal":"y","locations":[]}]}}`},
	{name: "injection duplicate custom ids", config: `{"injection":{"custom_rules":[{"id":"x","literal":"y"},{"id":"x","literal":"z"}]}}`,
		parserOnly: "uniqueness of a member across array items is not expressible in JSON Schema"},
	{name: "injection exclusion", config: `{"injection":{"exclusions":[{"rule":"xss","parameter":"html","location":"body","path_prefix":"/cms/"}]}}`, valid: true},
	{name: "injection exclusion missing parameter", config: `{"injection":{"exclusions":[{"rule":"xss"}]}}`},
	{name: "injection exclusion unknown rule", config: `{"injection":{"exclusions":[{"rule":"nope","parameter":"p"}]}}`,
		parserOnly: "a reference to a custom rule id is not expressible in JSON Schema"},
	{name: "injection route", config: `{"injection":{"routes":[{"path_prefix":"/upload/","methods":["PUT"],"families":{"traversal":false},"mode":"detect"}]}}`, valid: true},
	{name: "injection route unknown key", config: `{"injection":{"routes":[{"path_prefix":"/x/","disabled":true}]}}`},
	{name: "injection route path and prefix", config: `{"injection":{"routes":[{"path":"/a","path_prefix":"/a/"}]}}`},

	// schemas
	{name: "schemas entry", config: `{"schemas":[{"path":"/api/users","methods":["POST"],"fields":{
		"email":{"type":"string","required":true,"max_length":254,"pattern":"^[^@]+@[^@]+$"},
		"age":{"type":"integer","min":0,"max":150},"tags":{"type":"array","max_items":10,"items":{"type":"string"}},
		"address":{"type":"object","allow_unknown":true,"fields":{"zip":{"type":"string","nullable":true,"enum":["a","b"]}}}}}]}`, valid: true},
	{name: "schemas missing fields", config: `{"schemas":[{"path":"/api/users"}]}`},
	{name: "schemas not an array", config: `{"schemas":{"path":"/x"}}`},
	{name: "schemas field without type", config: `{"schemas":[{"fields":{"a":{"required":true}}}]}`},
	{name: "schemas field bad type", config: `{"schemas":[{"fields":{"a":{"type":"float"}}}]}`},
	{name: "schemas field unknown key", config: `{"schemas":[{"fields":{"a":{"type":"string","format":"email"}}}]}`},
	{name: "schemas min_length on number", config: `{"schemas":[{"fields":{"a":{"type":"number","min_length":1}}}]}`},
	{name: "schemas items on string", config: `{"schemas":[{"fields":{"a":{"type":"string","items":{"type":"string"}}}}]}`},
	{name: "schemas min above max", config: `{"schemas":[{"fields":{"a":{"type":"number","min":5,"max":1}}}]}`,
		parserOnly: "comparing two members (min <= max) is not expressible in JSON Schema"},
	{name: "schemas bad pattern", config: `{"schemas":[{"fields":{"a":{"type":"string","pattern":"[z-a]"}}}]}`,
		parserOnly: "RE2 validity of a pattern is not expressible in JSON Schema"},
	{name: "schemas enum with object", config: `{"schemas":[{"fields":{"a":{"type":"string","enum":[{}]}}}]}`},
	{name: "schemas negative max_length", config: `{"schemas":[{"fields":{"a":{"type":"string","max_length":-1}}}]}`},

	// contract
	{name: "contract minimal", config: `{"contract":{"operations":[]}}`, valid: true},
	{name: "contract full", config: `{"contract":{"mode":"detect","undocumented":"log","unknown_query":"allow","path_prefix":"/v1/",
		"info":{"title":"t"},"unexpressed":[{"pointer":"#/paths","reason":"r"}],
		"definitions":{"Pet":{"type":"object","required":["name"],"additional_properties":false,"properties":{
			"name":{"type":"string","min_length":1,"max_length":9,"pattern":"^[a-z]+$"},"id":{"type":"integer","format":"int64","read_only":true},
			"tags":{"type":"array","items":{"type":["string","null"],"enum":["a","b",null]},"unique_items":true,"max_items":3},
			"kind":{"one_of":[{"ref":"Cat"},{"ref":"Dog"}],"discriminator":{"property":"t","mapping":{"cat":"Cat","dog":"Dog"}}},
			"w":{"type":"number","exclusive_minimum":0,"maximum":9,"multiple_of":0.5},"x":{"any_of":[{"type":"string"},{"type":"integer"}]},
			"m":{"type":"object","additional_properties":{"ref":"Cat","nullable":true},"min_properties":1,"max_properties":3}}},
			"Cat":{"type":"object"},"Dog":{"type":"object"}},
		"operations":[{"id":"get","method":"GET","path":"/v1/pets/{id}","mode":"enforce","unknown_query":"reject","parameters":[
			{"name":"id","in":"path","required":true,"style":"label","explode":false,"schema":{"type":"integer"}},
			{"name":"f","in":"query","style":"deepObject","allow_empty":true,"schema":{"type":"object"}},
			{"name":"j","in":"query","media_type":"application/json","content":"code"}],
			"body":{"required":true,"media_types":["application/json","text/*"],"schema":{"ref":"Pet"},"content":[{"parameter":"a.b","holds":"markdown"}]},
			"unexpressed":[{"pointer":"#/x","reason":"y"}]}]}}`, valid: true},
	{name: "contract without operations", config: `{"contract":{}}`},
	{name: "contract unknown key", config: `{"contract":{"operations":[],"strict":true}}`},
	{name: "contract bad undocumented", config: `{"contract":{"operations":[],"undocumented":"deny"}}`},
	{name: "contract lower-case method", config: `{"contract":{"operations":[{"method":"get","path":"/x"}]}}`},
	{name: "contract relative path", config: `{"contract":{"operations":[{"method":"GET","path":"x"}]}}`},
	{name: "contract operation without path", config: `{"contract":{"operations":[{"method":"GET"}]}}`},
	{name: "contract parameter bad location", config: `{"contract":{"operations":[{"method":"GET","path":"/x","parameters":[{"name":"a","in":"body"}]}]}}`},
	{name: "contract parameter without name", config: `{"contract":{"operations":[{"method":"GET","path":"/x","parameters":[{"in":"query"}]}]}}`},
	{name: "contract schema unknown key", config: `{"contract":{"definitions":{"A":{"typ":"string"}},"operations":[]}}`},
	{name: "contract schema bad type", config: `{"contract":{"definitions":{"A":{"type":"str"}},"operations":[]}}`},
	{name: "contract schema bad format", config: `{"contract":{"definitions":{"A":{"type":"string","format":"hostname"}},"operations":[]}}`},
	{name: "contract schema negative length", config: `{"contract":{"definitions":{"A":{"type":"string","min_length":-1}},"operations":[]}}`},
	{name: "contract body without media types", config: `{"contract":{"operations":[{"method":"POST","path":"/x","body":{}}]}}`},
	{name: "contract media type malformed", config: `{"contract":{"operations":[{"method":"POST","path":"/x","body":{"media_types":["json"]}}]}}`},
	{name: "contract undefined ref", config: `{"contract":{"definitions":{"A":{"ref":"B"}},"operations":[]}}`,
		parserOnly: "a reference to a definition name is not expressible in JSON Schema"},
	{name: "contract undeclared path parameter", config: `{"contract":{"operations":[{"method":"GET","path":"/x/{id}"}]}}`,
		parserOnly: "the parameters a path template names are computed from the template string"},
	{name: "contract ambiguous one_of", config: `{"contract":{"definitions":{"A":{"one_of":[{"type":"object"},{"type":"object"}]}},"operations":[]}}`,
		parserOnly: "whether alternatives' JSON types overlap is computed through refs, not expressible in JSON Schema"},
	{name: "contract duplicate operation", config: `{"contract":{"operations":[{"method":"GET","path":"/x/"},{"method":"GET","path":"/X"}]}}`,
		parserOnly: "uniqueness of routes across array items (after normalisation) is not expressible in JSON Schema"},
	{name: "contract minimum over maximum", config: `{"contract":{"definitions":{"A":{"type":"number","minimum":5,"maximum":1}},"operations":[]}}`,
		parserOnly: "comparing two members (minimum <= maximum) is not expressible in JSON Schema"},
	{name: "contract keyword for another type", config: `{"contract":{"definitions":{"A":{"type":"integer","pattern":"^a"}},"operations":[]}}`,
		parserOnly: "which keywords apply to which declared types is checked by the parser only"},

	// response
	{name: "response headers example", config: `{"response":{"headers":{"X-Frame-Options":"DENY","x-xss-protection":false,
		"strict-transport-security":{"value":"max-age=63072000","action":"set_if_absent"},"permissions-policy":{"action":"remove"}},
		"remove_headers":["x-powered-by","x-debug*"],"cookies":{"same_site":"strict","same_site_by_name":{"sid":"None"}},
		"errors":{"scrub_4xx":true,"except_statuses":[422],"strip_headers":["x-trace*"]}}}`, valid: true},
	{name: "response unknown key", config: `{"response":{"hsts":true}}`},
	{name: "response header_action set", config: `{"response":{"header_action":"set","routes":[{"path_prefix":"/app/","header_action":"set_if_absent"}]}}`, valid: true},
	{name: "response header_action remove", config: `{"response":{"header_action":"remove"}}`},
	{name: "response route header_action bad", config: `{"response":{"routes":[{"path_prefix":"/a","header_action":true}]}}`},
	{name: "response header true", config: `{"response":{"headers":{"x-frame-options":true}}}`},
	{name: "response header empty value", config: `{"response":{"headers":{"x-frame-options":""}}}`},
	{name: "response header CRLF value", config: `{"response":{"headers":{"x-a":"a\r\nb"}}}`},
	{name: "response header set without value", config: `{"response":{"headers":{"x-a":{"action":"set"}}}}`,
		parserOnly: "a value is needed only for headers without a default value (names compared case-insensitively)"},
	{name: "response default header set without value", config: `{"response":{"headers":{"Strict-Transport-Security":{}}}}`, valid: true},
	{name: "response header bad action", config: `{"response":{"headers":{"x-a":{"value":"b","action":"append"}}}}`},
	{name: "response header unmanaged", config: `{"response":{"headers":{"set-cookie":"a=b"}}}`},
	{name: "response header bad name", config: `{"response":{"headers":{"x a":"b"}}}`},
	{name: "response remove framing header", config: `{"response":{"remove_headers":["content-length"]}}`},
	{name: "response remove wildcard only", config: `{"response":{"remove_headers":["*"]}}`},
	{name: "response remove wildcard hitting framing", config: `{"response":{"remove_headers":["content-*"]}}`,
		parserOnly: "whether a prefix pattern covers a protected header is computed, not expressible in JSON Schema"},
	{name: "response csp off", config: `{"response":{"csp":false}}`, valid: true},
	{name: "response csp directives", config: `{"response":{"csp":{"report_only":true,"directives":{"script-src":["'self'","https://cdn.example.com"],
		"upgrade-insecure-requests":null,"sandbox":["allow-forms"]},"report_uri":["/csp"],"report_to":"csp-endpoint"}}}`, valid: true},
	{name: "response csp unknown directive", config: `{"response":{"csp":{"directives":{"script-source":["'self'"]}}}}`},
	{name: "response csp empty sources", config: `{"response":{"csp":{"directives":{"img-src":[]}}}}`},
	{name: "response csp flag with value", config: `{"response":{"csp":{"directives":{"upgrade-insecure-requests":["x"]}}}}`},
	{name: "response csp value with semicolon", config: `{"response":{"csp":{"directives":{"img-src":["'self';script-src *"]}}}}`},
	{name: "response csp fixed nonce", config: `{"response":{"csp":{"directives":{"script-src":["'nonce-abc'"]}}}}`,
		parserOnly: "the meaning of quoted CSP source keywords is checked by the parser only"},
	{name: "response csp string", config: `{"response":{"csp":"default-src 'self'"}}`},
	{name: "response cookies bad same_site", config: `{"response":{"cookies":{"same_site":"Relaxed"}}}`},
	{name: "response cookies bad name", config: `{"response":{"cookies":{"script_readable":["a b"]}}}`},
	{name: "response errors status range", config: `{"response":{"errors":{"except_statuses":[200]}}}`},
	{name: "response errors debug bytes range", config: `{"response":{"errors":{"debug_log_bytes":70000}}}`},
	{name: "response route", config: `{"response":{"routes":[{"path_prefix":"/docs/","security_headers":true,"csp":{"directives":{"script-src":["'self'","'unsafe-inline'"]}}}]}}`, valid: true},
	{name: "response route unknown key", config: `{"response":{"routes":[{"path_prefix":"/docs/","cookies":{}}]}}`},

	// csrf
	{name: "csrf example", config: `{"csrf":{"routes":[{}],"allowed_origins":["https://app.example.com","http://localhost:3000"],"methods":["POST","DELETE"],"mode":"detect"}}`, valid: true},
	{name: "csrf route unknown key", config: `{"csrf":{"routes":[{"prefix":"/"}]}}`},
	{name: "csrf lower-case method", config: `{"csrf":{"methods":["post"]}}`},
	{name: "csrf origin with path", config: `{"csrf":{"allowed_origins":["https://app.example.com/login"]}}`},
	{name: "csrf origin without scheme", config: `{"csrf":{"allowed_origins":["app.example.com"]}}`},
	{name: "csrf origin bad port", config: `{"csrf":{"allowed_origins":["https://app.example.com:99999"]}}`,
		parserOnly: "a port's range inside an origin string is checked by the parser only"},
	{name: "csrf bad mode", config: `{"csrf":{"mode":"log"}}`},

	// https_redirect
	{name: "https_redirect example", config: `{"https_redirect":{"enabled":true,"status":301,"host":"www.example.com:8443","except":["/healthz"]}}`, valid: true},
	{name: "https_redirect bad status", config: `{"https_redirect":{"status":302}}`},
	{name: "https_redirect port range", config: `{"https_redirect":{"port":0}}`},
	{name: "https_redirect host with path", config: `{"https_redirect":{"host":"example.com/x"}}`},
	{name: "https_redirect except without slash", config: `{"https_redirect":{"except":["healthz"]}}`},
	{name: "https_redirect unknown key", config: `{"https_redirect":{"enable":true}}`},

	// rate_limit
	{name: "rate_limit header styles", config: `{"rate_limit":{"header_style":"legacy","rules":[{"id":"a","limit":1,"window":"1s","header_style":["draft-7","legacy"],"message_format":"text","message":"slow"}]}}`, valid: true},
	{name: "rate_limit header style unknown", config: `{"rate_limit":{"header_style":"draft-9"}}`},
	{name: "rate_limit header style empty list", config: `{"rate_limit":{"header_style":[]}}`},
	{name: "rate_limit header style duplicate", config: `{"rate_limit":{"header_style":["legacy","legacy"]}}`},
	{name: "rate_limit two drafts", config: `{"rate_limit":{"header_style":["draft-6","draft-7"]}}`,
		parserOnly: "at most one draft in the list: the schema checks the names, the parser the combination"},
	{name: "rate_limit message_format unknown", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","message_format":"html"}]}}`},
	{name: "rate_limit text message object", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","message_format":"text","message":{"a":1}}]}}`,
		parserOnly: "a text body needs a string message: a dependency between two members the schema does not express"},
	{name: "rate_limit example", config: `{"client":{"trusted_hops":0},"rate_limit":{"rules":[
		{"id":"global","limit":20,"window":"60s"},
		{"id":"login","methods":["POST"],"path":"/api/auth/login","limit":3,"window":"1m","key":["body:email"],"status":429,"message":"slow down"}]}}`, valid: true},
	{name: "rate_limit rule missing limit", config: `{"rate_limit":{"rules":[{"id":"a","window":"1s"}]}}`},
	{name: "rate_limit rule bad id", config: `{"rate_limit":{"rules":[{"id":"Global","limit":1,"window":"1s"}]}}`},
	{name: "rate_limit rule limit zero", config: `{"rate_limit":{"rules":[{"id":"a","limit":0,"window":"1s"}]}}`},
	{name: "rate_limit rule limit as string", config: `{"rate_limit":{"rules":[{"id":"a","limit":"10","window":"1s"}]}}`},
	{name: "rate_limit rule window not a duration", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":60}]}}`},
	{name: "rate_limit rule window syntax", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1 minute"}]}}`},
	{name: "rate_limit rule window too short", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"10ms"}]}}`,
		parserOnly: "a duration's range (1s to 720h) is not expressible on a string in JSON Schema"},
	{name: "rate_limit rule bad key part", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","key":"ip"}]}}`},
	{name: "rate_limit rule too many key parts", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","key":["path","method","client_ip","header:x","claim:sub"]}]}}`},
	{name: "rate_limit rule body key wildcard", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","key":"body:users.#.email"}]}}`,
		parserOnly: "the body path grammar (escapes, no wildcards) is checked by the parser only"},
	{name: "rate_limit rule bad backend", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","backend":"redis"}]}}`},
	{name: "rate_limit rule status range", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","status":200}]}}`},
	{name: "rate_limit duplicate ids", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s"},{"id":"a","limit":2,"window":"1s"}]}}`,
		parserOnly: "uniqueness of a member across array items is not expressible in JSON Schema"},
	{name: "rate_limit short hash_seed", config: `{"rate_limit":{"hash_seed":"short"}}`},
	{name: "rate_limit slots range", config: `{"rate_limit":{"slots":0}}`},
	{name: "rate_limit rule route nested", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","path_prefix":"/api/","except":["/api/health"],"methods":["GET"]}]}}`, valid: true},
	{name: "rate_limit rule route bad except", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","except":["api"]}]}}`},
	{name: "rate_limit rule unknown key", config: `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","burst":5}]}}`},
}

func schemaVerdict(s configSchema, config string) error {
	doc := []byte(config)
	if len(bytes.TrimSpace(doc)) == 0 {
		doc = []byte("{}") // ParseConfig reads an empty config as {}: all defaults
	}
	return s.Validate(doc)
}

func TestSchemaAgreesWithParser(t *testing.T) {
	s := loadSchema(t)
	if len(schemaCases) < 40 {
		t.Fatalf("the agreement table has %d rows, want at least 40", len(schemaCases))
	}
	ran := 0
	for _, tt := range schemaCases {
		t.Run(tt.name, func(t *testing.T) {
			ran++
			_, perr := policies.ParseConfig([]byte(tt.config))
			serr := schemaVerdict(s, tt.config)
			if tt.parserOnly != "" {
				if tt.valid {
					t.Fatalf("bad row: a parser-only row must be invalid")
				}
				if perr == nil {
					t.Errorf("ParseConfig accepted %s; want an error (%s)", tt.config, tt.parserOnly)
				}
				if serr != nil {
					t.Errorf("schema now rejects %s (%v): drop the parserOnly marker (%s)", tt.config, serr, tt.parserOnly)
				}
				return
			}
			if got := perr == nil; got != tt.valid {
				t.Errorf("ParseConfig(%s): valid = %v, want %v (err: %v)", tt.config, got, tt.valid, perr)
			}
			if got := serr == nil; got != tt.valid {
				t.Errorf("schema(%s): valid = %v, want %v (err: %v)", tt.config, got, tt.valid, serr)
			}
		})
	}
	if ran != len(schemaCases) {
		t.Errorf("ran %d of %d rows", ran, len(schemaCases))
	}
}

// FuzzParseConfig checks that ParseConfig never panics and that the schema is never stricter
// than the parser: whatever ParseConfig accepts, the schema accepts.
func FuzzParseConfig(f *testing.F) {
	s := loadSchema(f)
	for _, tt := range schemaCases {
		f.Add([]byte(tt.config))
	}
	for _, file := range shippedConfigs(f) {
		if doc, err := os.ReadFile(file); err == nil {
			f.Add(doc)
		}
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		if len(doc) > 1<<16 {
			return
		}
		c, err := policies.ParseConfig(doc)
		if err != nil {
			if c != nil {
				t.Errorf("ParseConfig returned a config and an error: %v", err)
			}
			var ce *policies.ConfigError
			if !errors.As(err, &ce) || len(ce.Problems) == 0 {
				t.Errorf("ParseConfig error %v is not a *ConfigError listing problems", err)
			}
			return
		}
		if c == nil {
			t.Fatal("ParseConfig returned neither a config nor an error")
		}
		if serr := schemaVerdict(s, string(doc)); serr != nil && !jsonDecoderDisagrees(doc) {
			t.Errorf("ParseConfig accepts %q but the schema rejects it: %v", doc, serr)
		}
	})
}

// jsonDecoderDisagrees reports inputs where gjson (the parser) and encoding/json (the schema
// validator's decoder) read the JSON text differently, so the schema's verdict says nothing about
// the config: text encoding/json refuses, invalid UTF-8 (encoding/json substitutes U+FFFD), and
// duplicate member names (gjson finds the first, encoding/json keeps the last; the parser refuses
// duplicates in its fixed-key objects but not inside JWKs, whose unused members it ignores).
func jsonDecoderDisagrees(doc []byte) bool {
	return !json.Valid(doc) || !utf8.Valid(doc) || hasDuplicateKeys(doc)
}

// hasDuplicateKeys reports whether any object in doc (valid JSON) repeats a member name.
func hasDuplicateKeys(doc []byte) bool {
	d := json.NewDecoder(bytes.NewReader(doc))
	type frame struct {
		obj  bool
		seen map[string]bool
		key  bool // the next string token is a member name
	}
	var stack []*frame
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if s, ok := tok.(string); ok && top != nil && top.obj && top.key {
			if top.seen[s] {
				return true
			}
			top.seen[s] = true
			top.key = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{obj: true, seen: map[string]bool{}, key: true})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		// a value ended: in an object, a member name comes next
		if len(stack) > 0 && stack[len(stack)-1].obj {
			stack[len(stack)-1].key = true
		}
	}
}

// The tests below derive checks from the schema itself, so that a key, a default or an
// additionalProperties added on one side only is caught without a new table row.

type schemaDoc struct {
	root   map[string]any
	defs   map[string]any
	active map[string]bool // $refs being probed, against recursion
}

func readSchemaDoc(t *testing.T) schemaDoc {
	t.Helper()
	b, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(b, &root); err != nil {
		t.Fatal(err)
	}
	defs, _ := root["$defs"].(map[string]any)
	return schemaDoc{root: root, defs: defs, active: map[string]bool{}}
}

// resolve follows $ref and merges allOf members' properties into one view of the object schema.
func (d schemaDoc) resolve(s map[string]any) map[string]any {
	for i := 0; i < 16; i++ {
		ref, ok := s["$ref"].(string)
		if !ok {
			break
		}
		target, _ := d.defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		merged := map[string]any{}
		for k, v := range target {
			merged[k] = v
		}
		for k, v := range s {
			if k != "$ref" {
				merged[k] = v
			}
		}
		s = merged
	}
	return s
}

// objectSchema returns s's object view: s itself, or its first anyOf/oneOf branch of type object.
func (d schemaDoc) objectSchema(s map[string]any) (map[string]any, bool) {
	s = d.resolve(s)
	if _, ok := s["properties"]; ok || s["type"] == "object" {
		return s, true
	}
	for _, key := range []string{"anyOf", "oneOf"} {
		alts, _ := s[key].([]any)
		for _, a := range alts {
			if m, ok := a.(map[string]any); ok {
				if o, ok := d.objectSchema(m); ok {
					return o, true
				}
			}
		}
	}
	return nil, false
}

func (d schemaDoc) arrayItems(s map[string]any) (map[string]any, bool) {
	s = d.resolve(s)
	items, ok := s["items"].(map[string]any)
	return items, ok
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

const probeKey = "zz_probe_unknown"

// probe builds an instance holding every schema property (plus probeKey where the schema forbids
// other members), recording each object's parser path and declared keys.
func (d schemaDoc) probe(s map[string]any, path string, objs map[string][]string, depth int) any {
	if depth > 12 {
		return nil
	}
	if ref, ok := s["$ref"].(string); ok {
		if d.active[ref] {
			return nil // a recursive definition (body_field) is probed once per chain
		}
		d.active[ref] = true
		defer delete(d.active, ref)
	}
	if o, ok := d.objectSchema(s); ok {
		props, _ := o["properties"].(map[string]any)
		out := map[string]any{}
		for _, k := range sortedKeys(props) {
			ps, _ := props[k].(map[string]any)
			p := k
			if path != "" {
				p = path + "." + k
			}
			out[k] = d.probe(ps, p, objs, depth+1)
		}
		if o["additionalProperties"] == false {
			objs[path] = sortedKeys(props)
			out[probeKey] = true
		}
		if addl, ok := o["additionalProperties"].(map[string]any); ok && props == nil {
			// a map (header name -> rule, field name -> schema): probe one member
			p := "x-probe-member"
			if path != "" {
				p = path + "." + p
			}
			out["x-probe-member"] = d.probe(addl, p, objs, depth+1)
		}
		return out
	}
	if items, ok := d.arrayItems(s); ok {
		return []any{d.probe(items, path+"[0]", objs, depth+1)}
	}
	s = d.resolve(s)
	if v, ok := s["default"]; ok {
		return v
	}
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		return e[0]
	}
	return "x"
}

// unknownKeyErr matches the parser's unknown-member errors: "unknown key" from its object
// reader, "unknown CSP directive" from the CSP directive map.
var unknownKeyErr = regexp.MustCompile(`^(.*): unknown (?:key|CSP directive)(?: \(allowed: ([^)]*)\))?`)

// TestSchemaKeysAreParserKeys checks, object by object, that the parser knows every key the
// schema declares and rejects a key the schema does not declare; where the parser lists its
// allowed keys, the two lists must be equal.
func TestSchemaKeysAreParserKeys(t *testing.T) {
	d := readSchemaDoc(t)
	objs := map[string][]string{}
	inst := d.probe(d.root, "", objs, 0)
	doc, err := json.Marshal(inst)
	if err != nil {
		t.Fatal(err)
	}
	_, perr := policies.ParseConfig(doc)
	var ce *policies.ConfigError
	if !errors.As(perr, &ce) {
		t.Fatalf("ParseConfig(probe) = %v, want a *ConfigError (the probe holds unknown keys)", perr)
	}
	rejected := map[string]bool{}
	allowed := map[string]string{}
	for _, p := range ce.Problems {
		m := unknownKeyErr.FindStringSubmatch(p.Error())
		if m == nil {
			continue
		}
		rejected[m[1]] = true
		parent, key := "", m[1]
		if i := strings.LastIndex(m[1], "."); i >= 0 {
			parent, key = m[1][:i], m[1][i+1:]
		}
		if key == probeKey && m[2] != "" {
			allowed[parent] = m[2]
		}
	}
	for _, path := range sortedKeys(anyMap(objs)) {
		keys := objs[path]
		name := path
		if name == "" {
			name = "(root)"
		}
		t.Run(name, func(t *testing.T) {
			for _, k := range keys {
				full := k
				if path != "" {
					full = path + "." + k
				}
				if rejected[full] {
					t.Errorf("the schema declares %s but ParseConfig rejects it as an unknown key", full)
				}
			}
			probe := probeKey
			if path != "" {
				probe = path + "." + probeKey
			}
			if !rejected[probe] {
				t.Logf("ParseConfig did not report %s (it may not read this object when siblings are invalid)", probe)
				return
			}
			if a, ok := allowed[path]; ok {
				want := strings.Join(keys, ", ")
				if a != want {
					t.Errorf("keys of %s: parser allows [%s], schema declares [%s]", name, a, want)
				}
			}
		})
	}
}

func anyMap(m map[string][]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TestSchemaDefaultsAreParserDefaults sets each defaulted option reachable through objects alone
// (not inside arrays) to its schema default and checks the parsed Config equals the one parsed
// without it: a default documented in the schema is the parser's default.
func TestSchemaDefaultsAreParserDefaults(t *testing.T) {
	d := readSchemaDoc(t)
	type leaf struct {
		path []string
		def  any
	}
	var leaves []leaf
	var walk func(s map[string]any, path []string, depth int)
	walk = func(s map[string]any, path []string, depth int) {
		if depth > 8 {
			return
		}
		if o, ok := d.objectSchema(s); ok && o["properties"] != nil {
			props, _ := o["properties"].(map[string]any)
			for _, k := range sortedKeys(props) {
				ps, _ := props[k].(map[string]any)
				walk(ps, append(append([]string(nil), path...), k), depth+1)
			}
			return
		}
		if v, ok := d.resolve(s)["default"]; ok && len(path) > 0 {
			leaves = append(leaves, leaf{path: path, def: v})
		}
	}
	walk(d.root, nil, 0)
	if len(leaves) == 0 {
		t.Fatal("the schema declares no defaults")
	}
	for _, l := range leaves {
		t.Run(strings.Join(l.path, "."), func(t *testing.T) {
			with, without := map[string]any{}, map[string]any{}
			cw, cwo := with, without
			s := d.root
			for _, k := range l.path[:len(l.path)-1] {
				cw[k], cwo[k] = map[string]any{}, map[string]any{}
				cw, cwo = cw[k].(map[string]any), cwo[k].(map[string]any)
				// the object's required members, as empty arrays and objects (contract.operations)
				o, _ := d.objectSchema(s)
				props, _ := o["properties"].(map[string]any)
				s, _ = props[k].(map[string]any)
				so, _ := d.objectSchema(s)
				req, _ := so["required"].([]any)
				sp, _ := so["properties"].(map[string]any)
				for _, r := range req {
					name, _ := r.(string)
					rs, _ := sp[name].(map[string]any)
					switch d.resolve(rs)["type"] {
					case "array":
						cw[name], cwo[name] = []any{}, []any{}
					case "object":
						cw[name], cwo[name] = map[string]any{}, map[string]any{}
					}
				}
			}
			cw[l.path[len(l.path)-1]] = l.def
			a, _ := json.Marshal(with)
			b, _ := json.Marshal(without)
			ca, err := policies.ParseConfig(a)
			if err != nil {
				t.Fatalf("ParseConfig(%s) with the schema default: %v", a, err)
			}
			cb, err := policies.ParseConfig(b)
			if err != nil {
				t.Fatalf("ParseConfig(%s): %v", b, err)
			}
			if !reflect.DeepEqual(ca, cb) {
				t.Errorf("schema default %v differs from the parser's: %s and %s parse differently", l.def, a, b)
			}
		})
	}
}

// TestSchemaDocumentsEveryOption checks that every option of a config object has a one-line
// description.
func TestSchemaDocumentsEveryOption(t *testing.T) {
	d := readSchemaDoc(t)
	var walk func(s map[string]any, path string)
	seen := 0
	walk = func(s map[string]any, path string) {
		if props, ok := s["properties"].(map[string]any); ok {
			config := s["additionalProperties"] == false // a config object, not a constraint or a JWK
			for _, k := range sortedKeys(props) {
				ps, _ := props[k].(map[string]any)
				p := strings.TrimPrefix(path+"."+k, ".")
				desc, _ := d.resolve(ps)["description"].(string)
				if desc == "" && config {
					t.Errorf("%s: no description", p)
				}
				if strings.Contains(desc, "\n") {
					t.Errorf("%s: description spans lines", p)
				}
				seen++
				walk(ps, p)
			}
		}
		for _, k := range []string{"items", "additionalProperties"} {
			if sub, ok := s[k].(map[string]any); ok {
				walk(sub, path+"[]")
			}
		}
	}
	walk(d.root, "")
	for _, k := range sortedKeys(d.defs) {
		def, _ := d.defs[k].(map[string]any)
		walk(def, "$defs."+k)
	}
	if seen == 0 {
		t.Fatal("no properties found in the schema")
	}
}

func TestHasDuplicateKeys(t *testing.T) {
	tests := []struct {
		doc  string
		want bool
	}{
		{`{}`, false},
		{`{"a":1,"b":{"a":1}}`, false},
		{`{"a":1,"a":2}`, true},
		{`{"a":[{"k":1},{"k":2}],"b":{"x":{"y":1,"y":2}}}`, true},
		{`[{"a":1},{"a":1}]`, false},
		{`{"a":"a","b":["a","b"],"c":"b"}`, false},
	}
	for _, tt := range tests {
		if got := hasDuplicateKeys([]byte(tt.doc)); got != tt.want {
			t.Errorf("hasDuplicateKeys(%s) = %v, want %v", tt.doc, got, tt.want)
		}
	}
}
