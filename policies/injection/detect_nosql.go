package injection

import (
	"strings"

	"github.com/edgeward/edgeward/policies/internal/textx"
)

// MongoDB's operators, from its manual (lower-case, without "$"): a client that sends one as an
// object key turns a scalar comparison into an operator query, an update into a different
// update, or a pipeline into another pipeline. queryUpdateOperators are active wherever a query
// or an update document can be nested, the top level included; pipelineOperators (aggregation
// stages and expression operators) only inside a pipeline, so never as the first segment of a
// query-string, form or cookie key (there MongoDB rejects them as unknown top-level operators,
// and OData's $filter, $skip, $count are such keys).
const (
	queryUpdateOperators = "eq gt gte in lt lte ne nin and not nor or exists type expr jsonschema mod regex options text " +
		"search language casesensitive diacriticsensitive where geointersects geowithin near nearsphere box center " +
		"centersphere geometry maxdistance mindistance polygon all elemmatch size bitsallclear bitsallset " +
		"bitsanyclear bitsanyset meta slice rand natural currentdate inc min max mul rename set setoninsert unset " +
		"addtoset pop pull push pullall each position sort bit isolated atomic function accumulator"
	pipelineOperators = "addfields bucket bucketauto changestream changestreamsplitlargeevent collstats count " +
		"currentop densify documents facet fill geonear graphlookup group indexstats limit listlocalsessions " +
		"listsampledqueries listsearchindexes listsessions lookup match merge out planCachestats project redact " +
		"replaceroot replacewith sample searchmeta setwindowfields shardeddatadistribution skip sortbycount " +
		"unionwith unwind vectorsearch abs acos acosh add allelementstrue anyelementtrue arrayelemat " +
		"arraytoobject asin asinh atan atan2 atanh avg binarysize bottom bottomn bsonsize ceil cmp concat " +
		"concatarrays cond convert cos cosh covariancepop covariancesamp dateadd datediff datefromparts " +
		"datefromstring datesubtract datetoparts datetostring datetrunc dayofmonth dayofweek dayofyear " +
		"degreestoradians denserank derivative divide documentnumber exp exponentialmovingavg filter first " +
		"firstn floor getfield hour ifnull indexofarray indexofbytes indexofcp integral isarray isnumber " +
		"isodayofweek isoweek isoweekyear last lastn let linearfill literal ln locf log log10 ltrim map maxn " +
		"median mergeobjects millisecond minn minute month multiply objecttoarray percentile pow " +
		"radianstodegrees range rank reduce regexfind regexfindall regexmatch replaceall replaceone " +
		"reversearray round rtrim samplerate second setdifference setequals setfield setintersection " +
		"setissubset setunion shift sin sinh sortarray split sqrt stddevpop stddevsamp strlenbytes strlencp " +
		"strcasecmp substr substrbytes substrcp subtract sum switch tan tanh tobool todate todecimal " +
		"todouble toint tolong tolower toobjectid top topn tostring toupper trim trunc tsincrement tssecond " +
		"unsetfield week year zip"
)

// nosqlOperators maps an operator name to whether it is active at the top level of a key.
// $ref, $id, $db and $comment are not listed: they are also JSON Schema and OpenAPI keywords
// ({"$ref": "#/components/schemas/Pet"}) or a DBRef's fields, and none turns a comparison into an
// operator query.
var nosqlOperators = func() map[string]bool {
	m := map[string]bool{}
	for _, op := range strings.Fields(strings.ToLower(pipelineOperators)) {
		m[op] = false
	}
	for _, op := range strings.Fields(queryUpdateOperators) {
		m[op] = true
	}
	return m
}()

// isNoSQLOperatorKey reports whether a key (one segment of an object or bracket path) is a
// MongoDB operator, e.g. "$ne", "$Where" or "$unionWith".
func isNoSQLOperatorKey(k string) bool {
	return noSQLOperatorKey(k, true)
}

// noSQLOperatorKey is isNoSQLOperatorKey where inPipeline says whether pipeline operators are
// active in the key's position.
func noSQLOperatorKey(k string, inPipeline bool) bool {
	k = strings.TrimSpace(k)
	if len(k) < 2 || k[0] != '$' {
		return false
	}
	top, ok := nosqlOperators[strings.ToLower(k[1:])]
	return ok && (top || inPipeline)
}

// nosqlInValue finds the server-side JavaScript of a $where clause spelled inside a value, and a
// JavaScript string broken out of into statements (`";return(true);var x='a`, `';while(1){}`).
var nosqlInValue = newGated(
	"this", `\bthis\s*\.\s*\w+\s*(?:==|!=|\.match\s*\()`,
	"sleep", `\bsleep\s*\(\s*\d+\s*\)\s*(?:\|\||&&|;)`,
	"return", `;\s*return\s*(?:\(\s*)?(?:true|1)\b`,
	"db.", `\b(?:db\s*\.\s*\w+\s*\.\s*(?:find|drop|remove|insert)|db\.getcollection)\s*\(`,
	";", `^\s*["']\s*;\s*(?:return\b|var\s|let\s|const\s|while\s*\(|do\s*\{|for\s*\(|if\s*\(|throw\s|sleep\s*\(|\w+\s*=\s*new\s)`,
)

// operatorInValue finds an operator object or bracket key spelled inside a value: a query value
// `{"$ne": null}` or `{$where: ...}` that the application parses as JSON or JavaScript, or
// `[$ne]=` in a nested form. Every operator of nosqlOperators counts.
func operatorInValue(s string) bool {
	for i := strings.IndexByte(s, '$'); i >= 0; {
		j := i + 1
		for j < len(s) && (isWordByte(s[j])) {
			j++
		}
		if j > i+1 {
			if top, op := nosqlOperators[strings.ToLower(s[i+1:j])]; op {
				before, after := prevNonBlank(s, i), nextNonBlank(s, j)
				switch {
				case (before == '"' || before == '\'') && after >= 0 && (s[after] == '"' || s[after] == '\'') && nextNonBlankIs(s, after+1, ':'):
					return true // "$ne": ...
				case before == '{' && top && after >= 0 && s[after] == ':':
					return true // {$where: ...} (not "($first: Int", a GraphQL variable)
				case before == '[' && after >= 0 && s[after] == ']':
					return true // [$ne]
				}
			}
		}
		k := strings.IndexByte(s[i+1:], '$')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return false
}

func prevNonBlank(s string, i int) byte {
	for i--; i >= 0; i-- {
		if c := s[i]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return c
		}
	}
	return 0
}

func nextNonBlank(s string, j int) int {
	for ; j < len(s); j++ {
		if c := s[j]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return j
		}
	}
	return -1
}

func nextNonBlankIs(s string, j int, c byte) bool {
	k := nextNonBlank(s, j)
	return k >= 0 && s[k] == c
}

// detectNoSQL reports NoSQL operator injection spelled inside a value. Without a "$", only the
// server-side JavaScript patterns can match, and each needs its keyword and one of ; ( =.
func detectNoSQL(s string) bool {
	if strings.IndexByte(s, '$') >= 0 && operatorInValue(s) {
		return true
	}
	if !strings.ContainsAny(s, ";(=") {
		return false
	}
	if textx.IndexWordFold(s, "this") < 0 && textx.IndexWordFold(s, "sleep") < 0 && textx.IndexWordFold(s, "return") < 0 && textx.IndexWordFold(s, "db") < 0 && strings.IndexByte(s, ';') < 0 {
		return false
	}
	return nosqlInValue.MatchString(strings.ToLower(s))
}
