package devhost

import (
	"encoding/binary"
	"net"
	"strconv"
	"strings"
)

// hcGetProperty implements proxy_get_property(path, len, *ptr, *size): path segments joined by
// NUL; values serialized as Envoy does (PROXY-WASM-HOST.md §6).
func hcGetProperty(in *instance, a []uint64) status {
	raw, ok := in.readString(u32(a[0]), u32(a[1]))
	if !ok {
		return statusInvalidMemoryAccess
	}
	v, st := in.property(strings.Split(raw, "\x00"))
	if st != statusOK {
		return st
	}
	return in.copyOut(v, u32(a[2]), u32(a[3]))
}

// hcSetProperty implements proxy_set_property(path, len, value, len): a bytes value in filter
// state "wasm.<whole path>", readable back through a one-segment path; no stream → NotFound.
func hcSetProperty(in *instance, a []uint64) status {
	path, ok1 := in.readString(u32(a[0]), u32(a[1]))
	v, ok2 := in.read(u32(a[2]), u32(a[3]))
	if !ok1 || !ok2 {
		return statusInvalidMemoryAccess
	}
	_, s := in.target()
	if s == nil {
		return statusNotFound
	}
	if s.filterSt == nil {
		s.filterSt = map[string][]byte{}
	}
	s.filterSt[path] = v
	return statusOK
}

func u64LE(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
func i64LE(v int64) []byte  { return u64LE(uint64(v)) }

// property resolves a property path for the target context.
func (in *instance) property(path []string) ([]byte, status) {
	o := in.host.opts
	if len(path) == 1 {
		switch path[0] {
		case "plugin_name":
			return []byte(o.PluginName), statusOK
		case "plugin_root_id":
			return []byte(o.RootID), statusOK
		case "plugin_vm_id":
			return []byte(o.VMID), statusOK
		}
	}
	_, s := in.target()
	if s == nil {
		return nil, statusNotFound // everything else needs stream info
	}
	switch path[0] {
	case "request", "response", "source", "destination", "connection", "upstream":
		if len(path) == 1 {
			return nil, statusSerializationFailure
		}
	}
	key := strings.Join(path[:min(2, len(path))], ".")
	if len(path) > 2 && key != "request.headers" && key != "response.headers" && key != "response.trailers" {
		return nil, statusNotFound
	}
	reqHdr := s.req.headers
	if !s.req.headersAvail {
		reqHdr = nil
		if s.inLog {
			reqHdr = s.logReqHdr
		}
	}
	respHdr := s.resp.headers
	if !s.resp.headersAvail {
		respHdr = nil
		if s.inLog {
			respHdr = s.logResp
		}
	}
	fromReq := func(name string) ([]byte, status) {
		if reqHdr == nil {
			return nil, statusNotFound
		}
		v, ok := reqHdr.get(name)
		if !ok {
			return nil, statusNotFound
		}
		return []byte(v), statusOK
	}
	switch key {
	case "request.path":
		return fromReq(":path")
	case "request.url_path":
		v, st := fromReq(":path")
		if i := strings.IndexByte(string(v), '?'); i >= 0 {
			v = v[:i]
		}
		return v, st
	case "request.query":
		v, st := fromReq(":path")
		if st != statusOK {
			return nil, st
		}
		q := ""
		if i := strings.IndexByte(string(v), '?'); i >= 0 {
			q = string(v[i+1:])
			if j := strings.IndexByte(q, '#'); j >= 0 {
				q = q[:j]
			}
		}
		return []byte(q), statusOK
	case "request.host":
		return fromReq(":authority")
	case "request.scheme":
		return fromReq(":scheme")
	case "request.method":
		return fromReq(":method")
	case "request.referer":
		return fromReq("referer")
	case "request.useragent":
		return fromReq("user-agent")
	case "request.id":
		return fromReq("x-request-id")
	case "request.headers":
		return mapProperty(reqHdr, path)
	case "request.time":
		return i64LE(s.start.UnixNano()), statusOK
	case "request.duration":
		if s.end.IsZero() {
			return nil, statusNotFound
		}
		return i64LE(int64(s.end.Sub(s.start))), statusOK
	case "request.size":
		if reqHdr != nil {
			if v, ok := reqHdr.get("content-length"); ok {
				if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
					return i64LE(n), statusOK
				}
			}
		}
		return i64LE(s.requestSize), statusOK
	case "request.total_size":
		n := s.requestSize
		if reqHdr != nil {
			n += int64(reqHdr.byteSize())
		}
		return i64LE(n), statusOK
	case "request.protocol":
		return []byte(s.protocol), statusOK
	case "response.code":
		if s.responseCode == 0 {
			return nil, statusNotFound
		}
		return i64LE(int64(s.responseCode)), statusOK
	case "response.code_details":
		if s.details == "" {
			return nil, statusNotFound
		}
		return []byte(s.details), statusOK
	case "response.flags":
		return i64LE(0), statusOK
	case "response.size":
		return i64LE(s.responseSize), statusOK
	case "response.total_size":
		n := s.responseSize
		if respHdr != nil {
			n += int64(respHdr.byteSize())
		}
		return i64LE(n), statusOK
	case "response.headers":
		return mapProperty(respHdr, path)
	case "response.trailers":
		tr := s.resp.trailers
		if s.inLog {
			tr = s.logRespTr
		}
		return mapProperty(tr, path)
	case "source.address":
		return []byte(s.remoteAddr), statusOK
	case "source.port":
		return portOf(s.remoteAddr)
	case "destination.address":
		return []byte(s.localAddr), statusOK
	case "destination.port":
		return portOf(s.localAddr)
	case "connection.id":
		return u64LE(s.connID), statusOK
	case "connection.mtls":
		return []byte{0}, statusOK
	case "connection_id":
		return u64LE(s.connID), statusOK
	case "upstream.address":
		if s.upstreamAddr == "" {
			return nil, statusNotFound
		}
		return []byte(s.upstreamAddr), statusOK
	case "upstream.port":
		if s.upstreamAddr == "" {
			return nil, statusNotFound
		}
		return portOf(s.upstreamAddr)
	}
	if len(path) == 1 {
		if v, ok := s.filterSt[path[0]]; ok {
			return v, statusOK
		}
	}
	return nil, statusNotFound
}

// mapProperty serializes a header map in the pairs format, or one header (values joined by ",").
func mapProperty(m *headerMap, path []string) ([]byte, status) {
	if m == nil {
		return nil, statusNotFound
	}
	if len(path) == 2 {
		return encodePairs(m.pairs), statusOK
	}
	v, ok := m.joined(strings.ToLower(path[2]))
	if !ok {
		return nil, statusNotFound
	}
	return []byte(v), statusOK
}

func portOf(addr string) ([]byte, status) {
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, statusNotFound
	}
	n, err := strconv.ParseInt(p, 10, 64)
	if err != nil {
		return nil, statusNotFound
	}
	return i64LE(n), statusOK
}
