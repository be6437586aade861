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
// and OData's $filter, $skip, $count are such keys). $search, $language, $caseSensitive and
// $diacriticSensitive are valid only inside $text (and $search as Atlas Search's stage): at the
// top of a query they are unknown operators, beneath $text they are the search's own
// parameters (OData's and Dataverse's $search is a query-string key), so they count as
// pipeline operators.
const (
	queryUpdateOperators = "eq gt gte in lt lte ne nin and not nor or exists type expr jsonschema mod regex options text " +
		"where geointersects geowithin near nearsphere box center " +
		"centersphere geometry maxdistance mindistance polygon all elemmatch size bitsallclear bitsallset " +
		"bitsanyclear bitsanyset meta slice rand natural currentdate inc min max mul rename set setoninsert unset " +
		"addtoset pop pull push pullall each position sort bit isolated atomic function accumulator"
	pipelineOperators = "search language casesensitive diacriticsensitive addfields bucket bucketauto changestream changestreamsplitlargeevent collstats count " +
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
	top, ok := nosqlOperator(k[1:])
	return ok && (top || inPipeline)
}

// nosqlOperator looks name up in nosqlOperators case-insensitively. An ASCII name is folded on
// the stack; one with a byte >= 0x80 goes through strings.ToLower, which also folds the Kelvin
// sign to "k" and "İ" to "i", as the lookup always has.
func nosqlOperator(name string) (top, ok bool) {
	var b [32]byte
	if len(name) > len(b) || classesOf(name)&bcHigh != 0 {
		top, ok = nosqlOperators[strings.ToLower(name)]
		return top, ok
	}
	for i := 0; i < len(name); i++ {
		b[i] = textx.LowerByte(name[i])
	}
	top, ok = nosqlOperators[string(b[:len(name)])]
	return top, ok
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
// `[$ne]=` in a nested form. Every operator of nosqlOperators counts. An object is parsed only
// as a document (nosqlDocument).
func operatorInValue(s string) bool {
	doc := nosqlDocument(s)
	for i := strings.IndexByte(s, '$'); i >= 0; {
		j := i + 1
		for j < len(s) && (isWordByte(s[j])) {
			j++
		}
		if j > i+1 {
			if top, op := nosqlOperator(s[i+1 : j]); op {
				before, after := prevNonBlank(s, i), nextNonBlank(s, j)
				switch {
				case doc && (before == '"' || before == '\'') && after >= 0 && (s[after] == '"' || s[after] == '\'') && nextNonBlankIs(s, after+1, ':'):
					return true // "$ne": ...
				case doc && before == '{' && top && after >= 0 && s[after] == ':':
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

// nosqlDocument reports whether the value's operator objects can be parsed as a document
// (JSON.parse, a JavaScript object literal): false when the value's first "{" or "[" is an
// argument of a call or the start of a code span ("db.tickets.aggregate([{ $match: ... }])",
// "Why `$where` here? A plain `{ age: { $gte: 18 } }` filter ...", after text): there the object
// is code or prose around it, and neither JSON.parse nor an object literal takes "x(" or "x `"
// before a document. Everything else counts as a document, as before (a value, a path segment,
// an Express "j:" cookie, JSON inside a string).
func nosqlDocument(s string) bool {
	f := strings.IndexAny(s, "{[")
	if f < 0 {
		return true
	}
	p := prevNonBlankAt(s, f)
	return p < 0 || s[p] != '(' && s[p] != '`'
}

// prevNonBlankAt is the index of the last non-blank byte before s[i], or -1.
func prevNonBlankAt(s string, i int) int {
	for i--; i >= 0; i-- {
		if c := s[i]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return i
		}
	}
	return -1
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

// nosqlGates turns detectNoSQL's one-pass gate on; tests turn it off to compare with the
// patterns run as before (nosqlInValueUngated).
var nosqlGates = true

// nosqlNeeds are the bytes each pattern of nosqlInValue cannot match without, read from the
// patterns (TestNoSQLNeedsFromPatterns checks each against the pattern's own prefilter and
// against the pattern itself): every byte of nsAll, and one of nsAny when it is set.
type nosqlNeed struct{ all, any uint8 }

const (
	nsSemi   uint8 = 1 << iota // ;
	nsOpen                     // (
	nsClose                    // )
	nsEq                       // =
	nsDot                      // .
	nsBar                      // | or &
	nsQuote0                   // the first byte that is not \s is ' or "
)

var nosqlNeeds = [...]nosqlNeed{
	{all: nsDot, any: nsEq | nsOpen},             // this.x == / this.x.match(
	{all: nsOpen | nsClose, any: nsSemi | nsBar}, // sleep(5) ||
	{all: nsSemi},            // ; return true
	{all: nsDot | nsOpen},    // db.users.find(
	{all: nsQuote0 | nsSemi}, // "; return ...
}

var nosqlByte = func() (t [256]uint8) {
	t[';'], t['('], t[')'], t['='], t['.'], t['|'], t['&'] = nsSemi, nsOpen, nsClose, nsEq, nsDot, nsBar, nsBar
	return t
}()

// nosqlShape returns the nosqlNeeds bits that s has, in one pass, and whether s has a byte >=
// 0x80 (where lower-casing may fold a letter to ASCII and the gate does not apply).
func nosqlShape(s string) (shape uint8, high bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f') {
		i++
	}
	if i < len(s) && (s[i] == '\'' || s[i] == '"') {
		shape |= nsQuote0
	}
	var hi byte
	for ; i < len(s); i++ {
		shape |= nosqlByte[s[i]]
		hi |= s[i]
	}
	return shape, hi >= 0x80
}

// nosqlMayMatch reports which patterns of nosqlInValue s could match, as a bit set.
func nosqlMayMatch(s string) uint8 {
	shape, high := nosqlShape(s)
	if high {
		return 1<<len(nosqlNeeds) - 1
	}
	var may uint8
	for i, n := range nosqlNeeds {
		if shape&n.all == n.all && (n.any == 0 || shape&n.any != 0) {
			may |= 1 << i
		}
	}
	return may
}

// detectNoSQL reports NoSQL operator injection spelled inside a value: an operator object or
// bracket key, or the server-side JavaScript of nosqlInValue. One pass over the value finds
// which patterns its punctuation allows; a pattern runs (on the lower-cased value) only when
// its literal occurs too. Most values have neither a "$" nor such punctuation and cost one pass.
func detectNoSQL(s string) bool {
	if !nosqlGates {
		return detectNoSQLUngated(s)
	}
	if strings.IndexByte(s, '$') >= 0 && operatorInValue(s) {
		return true
	}
	if !strings.ContainsAny(s, ";(=") {
		// Every pattern needs one of them (nosqlNeeds; TestNoSQLNeedsFromPatterns): one
		// vectorised search rules most values out.
		return false
	}
	may := nosqlMayMatch(s)
	if may == 0 {
		return false
	}
	var l string
	for i := range nosqlInValue {
		if may&(1<<i) == 0 {
			continue
		}
		r := &nosqlInValue[i]
		if !gateFold(r.lits, s) {
			continue
		}
		if l == "" {
			l = strings.ToLower(s)
		}
		if r.gate(l) && r.re.MatchString(l) {
			return true
		}
	}
	return false
}

// gateFold is gatedRE.gate on s before lower-casing: it may say true where the lower-cased s has
// none of lits (the caller checks again on that), never false where it has one, as long as s
// is ASCII (nosqlMayMatch lets every pattern through otherwise, and this answers true).
func gateFold(lits []string, s string) bool {
	if len(lits) == 0 || classesOf(s)&bcHigh != 0 {
		return true
	}
	for _, l := range lits {
		if textx.ContainsFold(s, l) {
			return true
		}
	}
	return false
}

// detectNoSQLUngated is detectNoSQL as it was before its gate: the reference the gate's tests
// compare with.
func detectNoSQLUngated(s string) bool {
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
