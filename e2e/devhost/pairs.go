package devhost

import (
	"encoding/binary"
	"strings"
)

// Limits of the cpp-host pairs parser (limits.h): a serialized map above these is treated as empty.
const (
	maxPairs      = 1024
	maxPairsBytes = 1 << 20
)

// pair is one header entry; duplicates are separate pairs, as in Envoy's header maps.
type pair struct{ k, v string }

// encodePairs serializes pairs in the Proxy-Wasm map format: N, N×(key_len, value_len), then
// N×(key, NUL, value, NUL), all u32 little-endian. An empty map encodes as nil (ptr 0, size 0).
func encodePairs(ps []pair) []byte {
	if len(ps) == 0 {
		return nil
	}
	size := 4
	for _, p := range ps {
		size += 8 + len(p.k) + len(p.v) + 2
	}
	b := make([]byte, 4, size)
	binary.LittleEndian.PutUint32(b, uint32(len(ps)))
	for _, p := range ps {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p.k)))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p.v)))
	}
	for _, p := range ps {
		b = append(b, p.k...)
		b = append(b, 0)
		b = append(b, p.v...)
		b = append(b, 0)
	}
	return b
}

// decodePairs parses the map format strictly, as cpp-host does: any defect, more than maxPairs
// entries or more than maxPairsBytes yields an empty map (no error; PROXY-WASM-HOST.md §5).
func decodePairs(b []byte) []pair {
	if len(b) < 4 || len(b) > maxPairsBytes {
		return nil
	}
	n := binary.LittleEndian.Uint32(b)
	if n > maxPairs || uint64(len(b)) < 4+8*uint64(n) {
		return nil
	}
	sizes := b[4 : 4+8*n]
	data := b[4+8*n:]
	ps := make([]pair, 0, n)
	for i := uint32(0); i < n; i++ {
		kl := uint64(binary.LittleEndian.Uint32(sizes[8*i:]))
		vl := uint64(binary.LittleEndian.Uint32(sizes[8*i+4:]))
		if uint64(len(data)) < kl+1+vl+1 || data[kl] != 0 || data[kl+1+vl] != 0 {
			return nil
		}
		ps = append(ps, pair{string(data[:kl]), string(data[kl+1 : kl+1+vl])})
		data = data[kl+1+vl+1:]
	}
	if len(data) != 0 {
		return nil
	}
	return ps
}

// headerMap is an ordered multi-map with lower-case keys; pseudo-headers stay in front as in
// Envoy's HeaderMapImpl.
type headerMap struct{ pairs []pair }

func (h *headerMap) get(k string) (string, bool) {
	k = strings.ToLower(k)
	for _, p := range h.pairs {
		if p.k == k {
			return p.v, true
		}
	}
	return "", false
}

// joined returns every value of k joined with ",", as Envoy's CEL request.headers does.
func (h *headerMap) joined(k string) (string, bool) {
	var vs []string
	for _, p := range h.pairs {
		if p.k == k {
			vs = append(vs, p.v)
		}
	}
	return strings.Join(vs, ","), len(vs) > 0
}

func (h *headerMap) add(k, v string) {
	k = strings.ToLower(k)
	if strings.HasPrefix(k, ":") {
		i := 0
		for i < len(h.pairs) && strings.HasPrefix(h.pairs[i].k, ":") {
			i++
		}
		h.pairs = append(h.pairs[:i], append([]pair{{k, v}}, h.pairs[i:]...)...)
		return
	}
	h.pairs = append(h.pairs, pair{k, v})
}

// replace removes every entry of k and adds one (Envoy setCopy with replace-all semantics).
func (h *headerMap) replace(k, v string) {
	h.remove(k)
	h.add(k, v)
}

func (h *headerMap) remove(k string) {
	k = strings.ToLower(k)
	out := h.pairs[:0]
	for _, p := range h.pairs {
		if p.k != k {
			out = append(out, p)
		}
	}
	h.pairs = out
}

// setAll replaces the whole map (proxy_set_header_map_pairs): keys lowercased, order kept.
func (h *headerMap) setAll(ps []pair) {
	h.pairs = nil
	for _, p := range ps {
		h.add(p.k, p.v)
	}
}

func (h *headerMap) clone() *headerMap {
	if h == nil {
		return nil
	}
	return &headerMap{pairs: append([]pair(nil), h.pairs...)}
}

// byteSize is Σ key+value bytes, what Envoy's proxy_get_header_map_size reports.
func (h *headerMap) byteSize() int {
	n := 0
	for _, p := range h.pairs {
		n += len(p.k) + len(p.v)
	}
	return n
}
