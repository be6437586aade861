package injection

import (
	"bytes"
	"encoding/xml"
	"io"
	"mime"
	"mime/multipart"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// bodyKind is how a body is parsed for inspection.
type bodyKind int

const (
	bodyText bodyKind = iota
	bodyJSON
	bodyForm
	bodyMultipart
	bodyXML
	bodyNDJSON
)

// jsonLimits are the structural limits on JSON bodies and what was found.
type jsonLimits struct {
	maxDepth, maxKeys int
	depthExceeded     bool
	keysExceeded      bool
	keys              int
}

// sniffBody decides how to parse a body. The declared content type is a hint, not the truth:
// a JSON document is parsed as JSON whatever the header says (an application may parse it
// regardless), and a missing or text type with a form-looking body is parsed as a form too.
// It returns the kind and the body converted to UTF-8 when it was UTF-16.
func sniffBody(contentType string, body []byte) (bodyKind, []byte, map[string]string, int) {
	ct, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		ct = policies.LowerASCII(strings.TrimSpace(strings.SplitN(contentType, ";", 2)[0]))
		params = map[string]string{}
	}
	charset := policies.LowerASCII(params["charset"])
	if b, ok := decodeUTF16(body, charset); ok {
		body = b
	}
	t := policies.TrimSpace(body)
	if ok, depth := jsonDocument(t); ok {
		return bodyJSON, body, params, depth
	}
	if len(t) > 0 && t[0] == '{' && ndjson(t) {
		return bodyNDJSON, body, params, 0
	}
	switch {
	case strings.HasPrefix(ct, "multipart/") && params["boundary"] != "":
		return bodyMultipart, body, params, 0
	case ct == "application/x-www-form-urlencoded":
		return bodyForm, body, params, 0
	case strings.Contains(ct, "xml") || bytes.HasPrefix(t, []byte("<?xml")):
		return bodyXML, body, params, 0
	}
	return bodyText, body, params, 0
}

// jsonDocument reports a body read as JSON, t trimmed: a valid document, or one that opens
// with "{" or "[" and nests deeper than policies.MaxValidateNesting (inspected as JSON so that
// depth cannot hide it; it fails the depth limit); and its nesting depth (policies.JSONDepth),
// found by the same pass that validates it.
func jsonDocument(t []byte) (bool, int) {
	if len(t) == 0 || t[0] != '{' && t[0] != '[' {
		return false, 0
	}
	if ok, depth := policies.JSONValidDepth(t); ok {
		return true, depth
	}
	if policies.JSONNesting(t, policies.MaxValidateNesting) > policies.MaxValidateNesting {
		return true, policies.JSONDepth(t)
	}
	return false, 0 // not JSON: no depth needed, no second pass
}

// inertBodyTypes are media types whose bodies a typical application stores or streams but never
// parses as text (uploads, media, archives): the body is not buffered or inspected for them.
var inertBodyTypes = map[string]bool{
	"application/octet-stream": true, "application/zip": true, "application/pdf": true,
}

// inertBodyTopTypes are top-level media types treated as inertBodyTypes (except +json and +xml
// subtypes, such as image/svg+xml, which carry script).
var inertBodyTopTypes = map[string]bool{"image": true, "audio": true, "video": true, "font": true}

// bodyMayCarryAttack decides from the Content-Type header values whether the body is buffered
// and inspected. It inspects when the type is missing, repeated (a client sending two types
// learns which one a server believes), unparsable, unknown, textual (JSON, forms, multipart,
// text, XML, any +json or +xml), so that a misleading type is no way around inspection; only a
// single, well-formed binary media type skips it.
func bodyMayCarryAttack(contentTypes []string) bool {
	if len(contentTypes) != 1 {
		return true
	}
	ct := contentTypes[0]
	if strings.ContainsAny(ct, ",\x00") {
		return true // a list or a smuggled value: not a single media type
	}
	mt := policies.LowerASCII(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	top, sub, ok := strings.Cut(mt, "/")
	if !ok || top == "" || sub == "" || strings.ContainsAny(mt, " \t") {
		return true
	}
	if strings.HasSuffix(sub, "+json") || strings.HasSuffix(sub, "+xml") || strings.Contains(sub, "json") || strings.Contains(sub, "xml") {
		return true
	}
	return !inertBodyTypes[mt] && !inertBodyTopTypes[top]
}

// looksLikeForm reports a body of key=value pairs with no spaces in the first key.
func looksLikeForm(b []byte) bool {
	i := bytes.IndexByte(b, '=')
	return i > 0 && !bytes.ContainsAny(b[:i], " \n\r\t<>{}\"")
}

// bodyParams emits every key and value of the body by its kind.
func bodyParams(contentType string, body []byte, lim *jsonLimits, emit func(param) bool) bool {
	kind, body, params, depth := sniffBody(contentType, body)
	if kind != bodyMultipart && kind != bodyJSON && isBinaryBody(body) {
		// A JSON document is walked as JSON even with binary bytes in its strings: a JSON parser
		// reads it whole (invalid UTF-8 becomes U+FFFD), so its values must be seen whole too.
		return binaryTextRuns(body, emit) // see normalize_binary.go
	}
	switch kind {
	case bodyJSON:
		return jsonParamsDepth(LocBody, "", policies.TrimSpace(body), depth, lim, emit)
	case bodyForm:
		return urlEncodedPairs(LocBody, string(body), emit)
	case bodyMultipart:
		return multipartParams(body, params["boundary"], lim, emit)
	case bodyXML:
		return xmlParams(body, emit)
	case bodyNDJSON:
		// Newline-delimited JSON (log shippers, bulk APIs): each line is a document.
		for line := range bytes.SplitSeq(policies.TrimSpace(body), []byte("\n")) {
			if line = policies.TrimSpace(line); len(line) > 0 && !jsonParams(LocBody, "", line, lim, emit) {
				return false
			}
		}
		return true
	}
	s := string(body)
	if looksLikeForm(body) && !urlEncodedPairs(LocBody, s, emit) {
		return false
	}
	return emit(param{Loc: LocBody, Name: "body", Value: s})
}

// jsonParams walks a JSON document and emits every object key (with its path segments) and every
// string value (gjson decodes \u escapes); names are dotted paths of the keys ("user.name",
// arrays add nothing). A document nested deeper than lim.maxDepth is not walked at all but
// inspected as one text value (the request fails the depth limit anyway). More than
// lim.maxKeys keys and elements stop the walk.
//
// doc must be valid JSON (jsonValid) or nested deeper than lim.maxDepth: the walk is one pass
// over the bytes with an explicit stack of the open containers (no recursion, no re-reading of a
// nested value per level above it). jsonParamsUnchecked walks a document that was not validated.
func jsonParams(loc, prefix string, doc []byte, lim *jsonLimits, emit func(param) bool) bool {
	return jsonParamsDepth(loc, prefix, doc, policies.JSONDepth(doc), lim, emit)
}

// jsonParamsDepth is jsonParams for a document whose depth d (policies.JSONDepth) is known.
func jsonParamsDepth(loc, prefix string, doc []byte, d int, lim *jsonLimits, emit func(param) bool) bool {
	if d > lim.maxDepth {
		return jsonTooDeep(loc, prefix, doc, lim, emit)
	}
	if d > policies.MaxValidateNesting {
		// Not validated by the callers (max_json_depth allows up to 1024): read as gjson reads it.
		return jsonParamsUnchecked(loc, prefix, doc, lim, emit)
	}
	var segs []string
	if prefix != "" {
		segs = []string{prefix}
	}
	return walkJSON(loc, string(doc), prefix, segs, lim, emit)
}

// jsonParamsUnchecked is jsonParams for a document that may not be valid JSON (a gRPC message
// declared JSON): a valid one is walked by jsonParams; an invalid one as gjson reads it, by
// walkGJSON, whose recursion is bounded by lim.maxDepth.
func jsonParamsUnchecked(loc, prefix string, doc []byte, lim *jsonLimits, emit func(param) bool) bool {
	if policies.JSONDepth(doc) > lim.maxDepth {
		return jsonTooDeep(loc, prefix, doc, lim, emit)
	}
	var segs []string
	if prefix != "" {
		segs = []string{prefix}
	}
	if policies.JSONValid(doc) {
		return walkJSON(loc, string(doc), prefix, segs, lim, emit)
	}
	w := jsonWalker{loc: loc, lim: lim, emit: emit}
	return w.walk(gjson.ParseBytes(doc), prefix, segs, 1)
}

func jsonTooDeep(loc, prefix string, doc []byte, lim *jsonLimits, emit func(param) bool) bool {
	lim.depthExceeded = true
	name := prefix
	if name == "" {
		name = "body"
	}
	return emit(param{Loc: loc, Name: name, Value: string(doc)})
}

// jsonFrame is an open container of walkJSON: its name and path segments, which its elements
// (arrays) or its members' names (objects) extend.
type jsonFrame struct {
	obj  bool
	name string
	segs []string
}

// walkJSON emits the keys and strings of the valid JSON document s in document order, as the
// recursive walkGJSON would (same names, segments, key counting and early stops), with an
// explicit stack of open containers. Strings are decoded by gjson (gjson.Parse on the string
// token) when they hold an escape, else taken as they are, as gjson does.
func walkJSON(loc, s, name string, segs []string, lim *jsonLimits, emit func(param) bool) bool {
	var stackBuf [16]jsonFrame
	stack := stackBuf[:0]
	var names jsonNames
	i := 0
	for {
		// A value named name (segments segs) starts at i.
		i = skipJSONSpaceString(s, i)
		if i >= len(s) {
			return true
		}
		switch c := s[i]; {
		case c == '"':
			j := jsonStringEnd(s, i)
			if !emit(param{Loc: loc, Name: name, Value: jsonStringValue(s[i:j])}) {
				return false
			}
			i = j
		case c == '{' || c == '[':
			if len(stack)+1 > lim.maxDepth {
				j := jsonContainerEnd(s, i)
				if !emit(param{Loc: loc, Name: name, Value: s[i:j]}) {
					return false
				}
				i = j
				break
			}
			stack = append(stack, jsonFrame{obj: c == '{', name: name, segs: segs})
			i++
		default: // number, true, false, null
			for i < len(s) && !jsonDelimiter(s[i]) {
				i++
			}
		}
		// Close what ends here and find the next element's value.
		for {
			if len(stack) == 0 {
				return true
			}
			i = skipJSONSpaceString(s, i)
			if i >= len(s) {
				return true
			}
			if c := s[i]; c == '}' || c == ']' {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			if s[i] == ',' {
				i = skipJSONSpaceString(s, i+1)
			}
			break
		}
		top := &stack[len(stack)-1]
		lim.keys++
		if lim.keys > lim.maxKeys {
			lim.keysExceeded = true
			return false
		}
		name, segs = top.name, top.segs
		if top.obj {
			j := jsonStringEnd(s, i)
			k := jsonStringValue(s[i:j])
			name, segs = names.child(len(stack)-1, top, k)
			if !emit(param{Loc: loc, Name: name, Value: k, Key: true, Segments: segs}) {
				return false
			}
			i = skipJSONSpaceString(s, j)
			if i < len(s) && s[i] == ':' {
				i++
			}
		}
	}
}

// jsonNames makes the names and segments of object members, once per walk for members that
// repeat under the same parent (an array of objects names "items.id" for every element): per
// open container depth, the children of the last parent seen there (at most maxCachedNames).
type jsonNames struct {
	levels []jsonNameLevel
}

type jsonNameLevel struct {
	parent string
	segs   []string // the parent's segments (the same slice: names made here are shared)
	kids   []jsonChildName
	next   int // where the next lookup starts (members usually come in the same order)
}

type jsonChildName struct {
	key, name string
	segs      []string
}

const maxCachedNames = 32

// child returns the name and segments of member k of the object top at stack index depth. The
// segments are never appended to in place (their capacity is their length), so sharing them is
// safe.
func (n *jsonNames) child(depth int, top *jsonFrame, k string) (string, []string) {
	for len(n.levels) <= depth {
		n.levels = append(n.levels, jsonNameLevel{})
	}
	l := &n.levels[depth]
	if l.parent != top.name || !sameSlice(l.segs, top.segs) {
		l.parent, l.segs, l.kids, l.next = top.name, top.segs, l.kids[:0], 0
	}
	for c := 0; c < len(l.kids); c++ {
		i := (l.next + c) % len(l.kids)
		if l.kids[i].key == k {
			l.next = i + 1
			return l.kids[i].name, l.kids[i].segs
		}
	}
	name := k
	if top.name != "" {
		name = top.name + "." + k
	}
	segs := append(top.segs[:len(top.segs):len(top.segs)], k)
	if len(l.kids) < maxCachedNames {
		l.kids = append(l.kids, jsonChildName{key: k, name: name, segs: segs})
		l.next = len(l.kids)
	}
	return name, segs
}

// sameSlice reports whether a and b are the same slice (same elements in the same memory).
func sameSlice(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func skipJSONSpaceString(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

func jsonDelimiter(c byte) bool {
	return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// jsonStringEnd returns the index just past the string token starting at s[i] == '"'.
func jsonStringEnd(s string, i int) int {
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(s)
}

// jsonStringValue is a string token's value as gjson gives it (Result.Str).
func jsonStringValue(tok string) string {
	if strings.IndexByte(tok, '\\') < 0 {
		if len(tok) >= 2 {
			return tok[1 : len(tok)-1]
		}
		return ""
	}
	return gjson.Parse(tok).Str
}

// jsonContainerEnd returns the index just past the object or array starting at s[i].
func jsonContainerEnd(s string, i int) int {
	depth := 0
	for ; i < len(s); i++ {
		switch s[i] {
		case '"':
			i = jsonStringEnd(s, i) - 1
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}

type jsonWalker struct {
	loc  string
	lim  *jsonLimits
	emit func(param) bool
}

// walk emits v's keys and strings as gjson reads v (jsonParamsUnchecked, for a document that is
// not valid JSON). Its recursion is bounded: only documents within lim.maxDepth are walked.
func (w *jsonWalker) walk(v gjson.Result, name string, segs []string, depth int) bool {
	switch {
	case v.Type == gjson.String:
		return w.emit(param{Loc: w.loc, Name: name, Value: v.Str})
	case !v.IsObject() && !v.IsArray():
		return true
	case depth > w.lim.maxDepth:
		return w.emit(param{Loc: w.loc, Name: name, Value: v.Raw})
	}
	ok := true
	isObj := v.IsObject()
	v.ForEach(func(k, val gjson.Result) bool {
		w.lim.keys++
		if w.lim.keys > w.lim.maxKeys {
			w.lim.keysExceeded = true
			ok = false
			return false
		}
		child, childSegs := name, segs
		if isObj {
			child = k.Str
			if name != "" {
				child = name + "." + k.Str
			}
			childSegs = append(segs[:len(segs):len(segs)], k.Str)
			if !w.emit(param{Loc: w.loc, Name: child, Value: k.Str, Key: true, Segments: childSegs}) {
				ok = false
				return false
			}
		}
		if !w.walk(val, child, childSegs, depth+1) {
			ok = false
			return false
		}
		return true
	})
	if w.lim.keysExceeded {
		return false
	}
	return ok
}

// multipartParams emits each part's field name, filename and content (JSON parts walked as JSON).
// An unparsable body is inspected as text.
func multipartParams(body []byte, boundary string, lim *jsonLimits, emit func(param) bool) bool {
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	for n := 0; n < maxParams; n++ {
		p, err := r.NextRawPart()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return emit(param{Loc: LocBody, Name: "body", Value: string(body)})
		}
		name := p.FormName()
		if !emit(param{Loc: LocBody, Name: name, Value: name, Key: true, Segments: keySegments(name)}) {
			return false
		}
		if fn := p.FileName(); fn != "" || strings.Contains(p.Header.Get("Content-Disposition"), "filename") {
			cd := p.Header.Get("Content-Disposition")
			_, dp, err := mime.ParseMediaType(cd)
			raw := dp["filename"]
			if raw == "" {
				raw = fn
			}
			if err != nil {
				// A disposition that does not parse (filename=""><img ...>.png") is inspected
				// whole: servers differ in how they read it.
				raw = cd
			}
			if !emit(param{Loc: LocBody, Name: name + ".filename", Value: raw, FileName: true}) {
				return false
			}
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return emit(param{Loc: LocBody, Name: "body", Value: string(body)})
		}
		pct := p.Header.Get("Content-Type")
		t := policies.TrimSpace(data)
		isJSON, depth := jsonDocument(t)
		switch {
		case isJSON:
			if !jsonParamsDepth(LocBody, name, t, depth, lim, emit) {
				return false
			}
		case isBinaryBody(data) || p.FileName() != "" && !utf8.Valid(data) && !strings.HasPrefix(pct, "text/"):
			// Binary upload content: its text runs are inspected (normalize_binary.go), so a
			// stray invalid byte cannot hide a payload beside it.
			if !binaryTextRuns(data, func(q param) bool { q.Name = name; return emit(q) }) {
				return false
			}
		default:
			if !emit(param{Loc: LocBody, Name: name, Value: string(data)}) {
				return false
			}
		}
	}
	return emit(param{Loc: LocBody, Name: "body", Value: string(body)})
}

// xmlParams emits attribute values and text nodes of an XML document, named by element and
// attribute; comments, processing instructions and directives (DOCTYPE, ENTITY) are text too.
// A document that does not parse is inspected as text from the start.
func xmlParams(body []byte, emit func(param) bool) bool {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	elem := "xml"
	// path holds the open elements' names: XML-to-object mappers (xml2js, fast-xml-parser) make
	// them object keys, so <__proto__> and <constructor><prototype> pollute like JSON keys do.
	var path []string
	// Consecutive text and CDATA sections of one element are one value (an escaped "]]>" splits
	// a CDATA section in two: "]]]]><![CDATA[>"): they are joined before inspection.
	var text strings.Builder
	flush := func() bool {
		s := strings.TrimSpace(text.String())
		text.Reset()
		return s == "" || emit(param{Loc: LocBody, Name: elem, Value: s})
	}
	for n := 0; n < 4*maxParams; n++ {
		tok, err := d.RawToken()
		if err == io.EOF {
			return flush()
		}
		if err != nil {
			return flush() && emit(param{Loc: LocBody, Name: "body", Value: string(body)})
		}
		if cd, ok := tok.(xml.CharData); ok {
			text.Write(cd)
			continue
		}
		if !flush() {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			elem = t.Name.Local
			if len(path) < 64 {
				path = append(path, elem)
			}
			if l := strings.ToLower(elem); strings.Contains(l, "__proto__") || l == "prototype" {
				if !emit(param{Loc: LocBody, Name: strings.Join(path, "."), Value: elem, Key: true, Segments: slices.Clone(path)}) {
					return false
				}
			}
			for _, a := range t.Attr {
				if !emit(param{Loc: LocBody, Name: elem + "@" + a.Name.Local, Value: a.Value}) {
					return false
				}
			}
		case xml.EndElement:
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		case xml.Comment:
			if !emit(param{Loc: LocBody, Name: "xml.comment", Value: string(t)}) {
				return false
			}
		case xml.Directive:
			if !emit(param{Loc: LocBody, Name: "xml.directive", Value: string(t)}) {
				return false
			}
		case xml.ProcInst:
			if t.Target != "xml" && !emit(param{Loc: LocBody, Name: "xml.pi", Value: string(t.Inst)}) {
				return false
			}
		}
	}
	return flush() && emit(param{Loc: LocBody, Name: "body", Value: string(body)})
}

// ndjson reports a body of two or more lines that are each a JSON object (application/x-ndjson,
// JSON Lines, Elasticsearch _bulk): every line is validated, so a body that is not entirely
// JSON lines is inspected as text.
func ndjson(t []byte) bool {
	if bytes.IndexByte(t, '\n') < 0 || len(t) > 8<<20 {
		return false
	}
	n := 0
	for line := range bytes.SplitSeq(t, []byte("\n")) {
		line = policies.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if line[0] != '{' || !policies.NestingWithin(line, policies.MaxValidateNesting) || !policies.JSONValid(line) {
			return false
		}
		n++
	}
	return n >= 2
}
