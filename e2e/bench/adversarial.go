package bench

import "bytes"

// Adversarial is an input shape that trips super-linear parsers and detectors.
type Adversarial struct {
	Name string
	Body func(n int) Request
}

// AdversarialSizes are the body sizes of the linear-growth check.
var AdversarialSizes = []int{64 << 10, 256 << 10, 1 << 20}

// Adversarials returns the linear-growth inputs: a JSON body of nested brackets (parser depth,
// recursion) and a JSON string made of one run of single quotes (SQL tokenizers, backtracking
// matchers), each exactly n bytes.
func Adversarials() []Adversarial {
	return []Adversarial{
		{Name: "nested brackets", Body: func(n int) Request {
			b := make([]byte, 0, n)
			b = append(b, bytes.Repeat([]byte{'['}, n/2)...)
			b = append(b, bytes.Repeat([]byte{']'}, n-n/2)...)
			return jsonPost("/api/orders", b)
		}},
		{Name: "quote runs", Body: func(n int) Request {
			const pre, post = `{"q":"`, `"}`
			b := make([]byte, 0, n)
			b = append(b, pre...)
			b = append(b, bytes.Repeat([]byte{'\''}, n-len(pre)-len(post))...)
			b = append(b, post...)
			return jsonPost("/api/orders", b)
		}},
	}
}
