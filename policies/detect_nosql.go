package policies

import (
	"strings"
)

// nosqlOperators are MongoDB query and update operators (lower-case, without "$") that turn a
// scalar comparison into an operator query when a client sends them as object keys.
var nosqlOperators = map[string]bool{
	"ne": true, "eq": true, "gt": true, "gte": true, "lt": true, "lte": true, "in": true, "nin": true,
	"and": true, "or": true, "nor": true, "not": true, "exists": true, "type": true, "regex": true,
	"options": true, "where": true, "expr": true, "elemmatch": true, "size": true, "all": true,
	"mod": true, "text": true, "search": true, "jsonschema": true, "function": true,
	"accumulator": true, "lookup": true, "set": true, "unset": true, "push": true, "inc": true,
	"rename": true, "natural": true,
	// Not operators: $ref, $id and $comment are also JSON Schema and OpenAPI keywords
	// ({"$ref": "#/components/schemas/Pet"}), a DBRef's fields or a query's comment; none turns a
	// comparison into an operator query.
	"ref": false, "id": false, "db": false, "comment": false,
}

// isNoSQLOperatorKey reports whether a key (one segment of an object or bracket path) is a
// MongoDB operator, e.g. "$ne" or "$Where".
func isNoSQLOperatorKey(k string) bool {
	k = strings.TrimSpace(k)
	if len(k) < 2 || k[0] != '$' {
		return false
	}
	return nosqlOperators[strings.ToLower(k[1:])]
}

// nosqlInValue finds operator objects and bracket keys spelled inside a value: a query value
// `{"$ne": null}` that the application parses as JSON, `[$ne]=` in a nested form, or the
// server-side JavaScript of a $where clause.
var nosqlInValue = newGated(
	"$", `["']\s*\$(?:ne|eq|gt|gte|lt|lte|in|nin|and|or|nor|not|exists|type|regex|where|expr|elemmatch|size|all|mod|text|jsonschema|function|accumulator|lookup)\s*["']\s*:`,
	"$", `[{,]\s*\$(?:ne|eq|gt|gte|lt|lte|in|nin|exists|regex|where|expr|elemmatch)\s*:`,
	"$", `\[\s*\$(?:ne|eq|gt|gte|lt|lte|in|nin|and|or|nor|not|exists|type|regex|where|expr|elemmatch|size|all|mod|text)\s*\]`,
	"this", `\bthis\s*\.\s*\w+\s*(?:==|!=|\.match\s*\()`,
	"sleep", `\bsleep\s*\(\s*\d+\s*\)\s*(?:\|\||&&|;)`,
	"return", `;\s*return\s+(?:true|1)\b`,
	"db.", `\b(?:db\s*\.\s*\w+\s*\.\s*(?:find|drop|remove|insert)|db\.getcollection)\s*\(`,
)

// detectNoSQL reports NoSQL operator injection spelled inside a value. Without a "$", only the
// server-side JavaScript patterns can match, and each needs its keyword and one of ; ( =.
func detectNoSQL(s string) bool {
	if strings.IndexByte(s, '$') < 0 {
		if !strings.ContainsAny(s, ";(=") {
			return false
		}
		if indexWordFold(s, "this") < 0 && indexWordFold(s, "sleep") < 0 && indexWordFold(s, "return") < 0 && indexWordFold(s, "db") < 0 {
			return false
		}
	}
	return nosqlInValue.MatchString(strings.ToLower(s))
}
