package compat

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/edgeward/edgeward/policies"
)

// schemaWalk checks a JSON document against a message descriptor the way protojson reads it, but
// reports every problem with its path (protojson stops at the first and names only a byte
// offset into JSON that the user never wrote). Fields are accepted by proto name or JSON name;
// `google.protobuf.Any` values are resolved through the global registry, so an extension type that
// is not registered is reported as unknown. protojson still decodes afterwards: the walk exists
// for the messages.
type schemaWalk struct {
	ps    *problems
	types *protoregistry.Types
}

// decodeJSON parses JSON keeping numbers exact.
func decodeJSON(data []byte) (any, error) {
	d := json.NewDecoder(strings.NewReader(string(data)))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func (w *schemaWalk) message(path string, md protoreflect.MessageDescriptor, v any) {
	if v == nil {
		return // null leaves the field unset
	}
	switch md.FullName() {
	case "google.protobuf.Any":
		w.anyValue(path, v)
		return
	case "google.protobuf.Struct":
		w.want(path, v, "an object", isObject)
		return
	case "google.protobuf.Value":
		return
	case "google.protobuf.ListValue":
		w.want(path, v, "a list", isList)
		return
	case "google.protobuf.Duration":
		if s, ok := v.(string); !ok || !validDuration(s) {
			w.ps.add(path, "want a duration such as \"1.5s\", got %s", describe(v))
		}
		return
	case "google.protobuf.Timestamp", "google.protobuf.FieldMask":
		w.want(path, v, "a string", isString)
		return
	case "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
		"google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
		"google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue":
		w.scalar(path, md.Fields().ByName("value"), v)
		return
	}
	obj, ok := v.(map[string]any)
	if !ok {
		w.ps.add(path, "want an object (%s), got %s", md.FullName(), describe(v))
		return
	}
	w.fields(path, md, obj, nil)
}

// fields checks the members of obj as fields of md, skipping the keys in skip.
func (w *schemaWalk) fields(path string, md protoreflect.MessageDescriptor, obj map[string]any, skip map[string]bool) {
	oneofs := map[protoreflect.FullName]string{}
	for _, key := range sortedKeys(obj) {
		if skip[key] {
			continue
		}
		p := join(path, key)
		fd := md.Fields().ByTextName(key)
		if fd == nil {
			fd = md.Fields().ByJSONName(key)
		}
		if fd == nil {
			w.ps.add(p, "unknown field %q in %s%s", key, md.FullName(), suggest(key, md))
			continue
		}
		val := obj[key]
		if od := fd.ContainingOneof(); od != nil && !od.IsSynthetic() && val != nil {
			if prev, dup := oneofs[od.FullName()]; dup {
				w.ps.add(p, "only one of %q and %q may be set (oneof %s)", prev, key, od.Name())
			}
			oneofs[od.FullName()] = key
		}
		w.field(p, fd, val)
	}
}

func (w *schemaWalk) field(path string, fd protoreflect.FieldDescriptor, v any) {
	if v == nil {
		return
	}
	switch {
	case fd.IsList():
		list, ok := v.([]any)
		if !ok {
			w.ps.add(path, "want a list, got %s", describe(v))
			return
		}
		for i, e := range list {
			w.single(index(path, i), fd, e)
		}
	case fd.IsMap():
		obj, ok := v.(map[string]any)
		if !ok {
			w.ps.add(path, "want an object (a map), got %s", describe(v))
			return
		}
		for _, k := range sortedKeys(obj) {
			w.single(path+"["+k+"]", fd.MapValue(), obj[k])
		}
	default:
		w.single(path, fd, v)
	}
}

func (w *schemaWalk) single(path string, fd protoreflect.FieldDescriptor, v any) {
	if fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind {
		if fd.Message().FullName() == "google.protobuf.Value" {
			return // any JSON, null included
		}
		w.message(path, fd.Message(), v)
		return
	}
	if v == nil {
		return
	}
	w.scalar(path, fd, v)
}

func (w *schemaWalk) scalar(path string, fd protoreflect.FieldDescriptor, v any) {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		w.want(path, v, "true or false", func(v any) bool { _, ok := v.(bool); return ok })
	case protoreflect.StringKind, protoreflect.BytesKind:
		w.want(path, v, "a string", isString)
	case protoreflect.EnumKind:
		ed := fd.Enum()
		switch x := v.(type) {
		case string:
			if ed.Values().ByName(protoreflect.Name(x)) == nil {
				w.ps.add(path, "unknown value %q for enum %s (one of %s)", x, ed.FullName(), enumNames(ed))
			}
		case json.Number:
			if _, err := strconv.ParseInt(string(x), 10, 32); err != nil {
				w.ps.add(path, "want an enum value of %s, got %s", ed.FullName(), x)
			}
		default:
			w.ps.add(path, "want an enum value of %s (one of %s), got %s", ed.FullName(), enumNames(ed), describe(v))
		}
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		switch x := v.(type) {
		case json.Number:
		case string:
			if _, err := strconv.ParseFloat(x, 64); err != nil && x != "NaN" && x != "Infinity" && x != "-Infinity" {
				w.ps.add(path, "want a number, got %s", describe(v))
			}
		default:
			w.ps.add(path, "want a number, got %s", describe(v))
		}
	default: // the integer kinds: a JSON number or a string holding one
		s, ok := "", false
		switch x := v.(type) {
		case json.Number:
			s, ok = string(x), true
		case string:
			s, ok = x, true
		}
		if !ok {
			w.ps.add(path, "want an integer, got %s", describe(v))
			return
		}
		if err := checkInt(fd.Kind(), s); err != nil {
			w.ps.add(path, "%v", err)
		}
	}
}

func checkInt(k protoreflect.Kind, s string) error {
	bits, unsigned := 64, false
	switch k {
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		bits = 32
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		bits, unsigned = 32, true
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		unsigned = true
	}
	// protojson accepts integral values written with a fraction or exponent ("1e3", "2.0").
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int64(f)) && strings.ContainsAny(s, ".eE") {
		s = strconv.FormatInt(int64(f), 10)
	}
	var err error
	if unsigned {
		_, err = strconv.ParseUint(s, 10, bits)
	} else {
		_, err = strconv.ParseInt(s, 10, bits)
	}
	if err != nil {
		sign := "a signed"
		if unsigned {
			sign = "an unsigned"
		}
		return fmt.Errorf("want %s %d-bit integer, got %q", sign, bits, s)
	}
	return nil
}

// anyValue checks a google.protobuf.Any in JSON form: {"@type": URL, ...fields of that type}, or
// {"@type": URL, "value": ...} for the well-known types with a special JSON form.
func (w *schemaWalk) anyValue(path string, v any) {
	obj, ok := v.(map[string]any)
	if !ok {
		w.ps.add(path, "want an object with \"@type\", got %s", describe(v))
		return
	}
	url, ok := obj["@type"].(string)
	if !ok {
		w.ps.add(join(path, "@type"), "missing: a typed config names its type with \"@type\"")
		return
	}
	mt, err := w.types.FindMessageByURL(url)
	if err != nil {
		w.ps.add(join(path, "@type"), "unknown extension type %q (not in Envoy's v3 API at the go-control-plane version this tool is built with)", url)
		return
	}
	md := mt.Descriptor()
	if hasSpecialJSON(md.FullName()) {
		for k := range obj {
			if k != "@type" && k != "value" {
				w.ps.add(join(path, k), "unknown field %q: a %s in an Any holds only \"value\"", k, md.FullName())
			}
		}
		if val, ok := obj["value"]; ok {
			w.message(join(path, "value"), md, val)
		}
		return
	}
	w.fields(path, md, obj, map[string]bool{"@type": true})
}

func hasSpecialJSON(n protoreflect.FullName) bool {
	switch n {
	case "google.protobuf.Any", "google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue",
		"google.protobuf.Duration", "google.protobuf.Timestamp", "google.protobuf.FieldMask", "google.protobuf.Empty",
		"google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
		"google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
		"google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue":
		return true
	}
	return false
}

func (w *schemaWalk) want(path string, v any, what string, ok func(any) bool) {
	if !ok(v) {
		w.ps.add(path, "want %s, got %s", what, describe(v))
	}
}

func isObject(v any) bool { _, ok := v.(map[string]any); return ok }
func isList(v any) bool   { _, ok := v.([]any); return ok }
func isString(v any) bool { _, ok := v.(string); return ok }

// validDuration accepts protojson's Duration form: decimal seconds with an "s" suffix.
func validDuration(s string) bool {
	num, ok := strings.CutSuffix(s, "s")
	if !ok || num == "" {
		return false
	}
	_, err := strconv.ParseFloat(num, 64)
	return err == nil && !strings.ContainsAny(num, "eEnN")
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return strconv.Quote(x)
	case json.Number:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprintf("%T", v)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func enumNames(ed protoreflect.EnumDescriptor) string {
	vals := ed.Values()
	names := make([]string, vals.Len())
	for i := range names {
		names[i] = string(vals.Get(i).Name())
	}
	return strings.Join(names, ", ")
}

// suggest names the field closest to an unknown key, for typos.
func suggest(key string, md protoreflect.MessageDescriptor) string {
	best, bestD := "", 3
	fs := md.Fields()
	for i := 0; i < fs.Len(); i++ {
		name := string(fs.Get(i).Name())
		if d := policies.EditDistance(strings.ToLower(key), name); d < bestD {
			best, bestD = name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
