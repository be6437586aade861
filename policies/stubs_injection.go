package policies

// STUB: replaced by the injection engineer.

type InjectionConfig struct{}
type SchemaConfig struct{}
type injection struct{}
type injectionTxState struct{}

func parseInjection(n node, mode Mode) InjectionConfig {
	n.Object()
	return InjectionConfig{}
}
func parseSchemas(n node, mode Mode) []SchemaConfig { n.Array(); return nil }
func newInjection(c *Config) *injection             { return &injection{} }
func (w *injection) requestHeaders(tx *Tx) (*Decision, bool) {
	return nil, false
}
func (w *injection) requestBody(tx *Tx, body []byte, truncated bool) *Decision { return nil }
