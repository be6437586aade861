package devhost

import "strings"

// mapAccess is how a header map may be used by the current callback.
type mapAccess int

const (
	mapUnavailable mapAccess = iota
	mapReadOnly
	mapWritable
)

// headerMap resolves map type t for the target context (PROXY-WASM-HOST.md §4-5). create makes
// trailers on first write inside an end-of-stream body callback, as Envoy does.
func (in *instance) headerMap(t uint32, create bool) (*headerMap, mapAccess, status) {
	if t > mapHTTPCallResponseTrail {
		return nil, mapUnavailable, statusBadArgument
	}
	switch t {
	case mapHTTPCallResponseHeaders:
		if in.callResp != nil {
			return in.callResp.headers, mapReadOnly, statusOK
		}
		return nil, mapUnavailable, statusOK
	case mapHTTPCallResponseTrail:
		if in.callResp != nil {
			return in.callResp.trailers, mapReadOnly, statusOK
		}
		return nil, mapUnavailable, statusOK
	case 4, 5: // gRPC metadata: no gRPC in this host
		return nil, mapUnavailable, statusOK
	}
	_, s := in.target()
	if s == nil {
		return nil, mapUnavailable, statusOK
	}
	if s.inLog {
		switch t {
		case mapRequestHeaders:
			return s.logReqHdr, mapReadOnly, statusOK
		case mapResponseHeaders:
			return s.logResp, mapReadOnly, statusOK
		case mapResponseTrailers:
			return s.logRespTr, mapReadOnly, statusOK
		}
		return nil, mapUnavailable, statusOK
	}
	p := &s.req
	if t == mapResponseHeaders || t == mapResponseTrailers {
		p = &s.resp
	}
	if t == mapRequestHeaders || t == mapResponseHeaders {
		if p.headersAvail {
			return p.headers, mapWritable, statusOK
		}
		return nil, mapUnavailable, statusOK
	}
	if p.trailerAvail && p.trailers != nil {
		return p.trailers, mapWritable, statusOK
	}
	if create && p.bodyEOS {
		p.trailers = &headerMap{}
		p.trailerAvail = true
		return p.trailers, mapWritable, statusOK
	}
	return nil, mapUnavailable, statusOK
}

// hcGetHeaderMapPairs implements proxy_get_header_map_pairs(type, *ptr, *size): an unavailable
// map is Ok and empty.
func hcGetHeaderMapPairs(in *instance, a []uint64) status {
	m, _, st := in.headerMap(u32(a[0]), false)
	if st != statusOK {
		return st
	}
	var data []byte
	if m != nil {
		data = encodePairs(m.pairs)
	}
	return in.copyOut(data, u32(a[1]), u32(a[2]))
}

// hcSetHeaderMapPairs implements proxy_set_header_map_pairs(type, ptr, size): a malformed map is
// an empty map (it clears the headers); an unavailable or read-only map is BadArgument.
func hcSetHeaderMapPairs(in *instance, a []uint64) status {
	data, ok := in.read(u32(a[1]), u32(a[2]))
	if !ok {
		return statusInvalidMemoryAccess
	}
	m, acc, st := in.headerMap(u32(a[0]), true)
	if st != statusOK {
		return st
	}
	if acc != mapWritable {
		return statusBadArgument
	}
	m.setAll(decodePairs(data))
	return statusOK
}

// hcGetHeaderMapValue implements proxy_get_header_map_value(type, key, len, *ptr, *size): first
// value; missing → NotFound; unavailable map → BadArgument (NotFound during proxy_on_log).
func hcGetHeaderMapValue(in *instance, a []uint64) status {
	key, ok := in.readString(u32(a[1]), u32(a[2]))
	if !ok {
		return statusInvalidMemoryAccess
	}
	m, acc, st := in.headerMap(u32(a[0]), false)
	if st != statusOK {
		return st
	}
	if acc == mapUnavailable || m == nil {
		if _, s := in.target(); s != nil && s.inLog {
			return statusNotFound
		}
		return statusBadArgument
	}
	v, found := m.get(key)
	if !found {
		return statusNotFound
	}
	return in.copyOut([]byte(v), u32(a[3]), u32(a[4]))
}

func writableMap(in *instance, t uint32) (*headerMap, status) {
	m, acc, st := in.headerMap(t, true)
	if st != statusOK {
		return nil, st
	}
	if acc != mapWritable {
		return nil, statusBadArgument
	}
	return m, statusOK
}

func readKV(in *instance, a []uint64) (string, string, bool) {
	k, ok1 := in.readString(u32(a[1]), u32(a[2]))
	v, ok2 := in.readString(u32(a[3]), u32(a[4]))
	return strings.ToLower(k), v, ok1 && ok2
}

// hcAddHeaderMapValue implements proxy_add_header_map_value: appends (duplicates allowed).
func hcAddHeaderMapValue(in *instance, a []uint64) status {
	k, v, ok := readKV(in, a)
	if !ok {
		return statusInvalidMemoryAccess
	}
	m, st := writableMap(in, u32(a[0]))
	if st != statusOK {
		return st
	}
	m.add(k, v)
	return statusOK
}

// hcReplaceHeaderMapValue implements proxy_replace_header_map_value: one value (added if absent).
func hcReplaceHeaderMapValue(in *instance, a []uint64) status {
	k, v, ok := readKV(in, a)
	if !ok {
		return statusInvalidMemoryAccess
	}
	m, st := writableMap(in, u32(a[0]))
	if st != statusOK {
		return st
	}
	m.replace(k, v)
	return statusOK
}

// hcRemoveHeaderMapValue implements proxy_remove_header_map_value: all entries; Ok if absent.
func hcRemoveHeaderMapValue(in *instance, a []uint64) status {
	k, ok := in.readString(u32(a[1]), u32(a[2]))
	if !ok {
		return statusInvalidMemoryAccess
	}
	m, acc, st := in.headerMap(u32(a[0]), false)
	if st != statusOK {
		return st
	}
	if acc != mapWritable {
		return statusBadArgument
	}
	m.remove(k)
	return statusOK
}

// hcGetHeaderMapSize implements proxy_get_header_map_size(type, *size): Envoy's Σ key+value bytes.
func hcGetHeaderMapSize(in *instance, a []uint64) status {
	m, acc, st := in.headerMap(u32(a[0]), false)
	if st != statusOK {
		return st
	}
	if acc == mapUnavailable || m == nil {
		return statusBadArgument
	}
	if !in.writeU32(u32(a[1]), uint32(m.byteSize())) {
		return statusInvalidMemoryAccess
	}
	return statusOK
}
