package policies

// STUB: replaced by the response-hardening engineer.

type ResponseConfig struct{}
type CSRFConfig struct{}
type HTTPSRedirectConfig struct{}
type hardening struct{}
type hardeningTxState struct{}

func parseResponse(n node) ResponseConfig           { n.Object(); return ResponseConfig{} }
func parseCSRF(n node) CSRFConfig                   { n.Object(); return CSRFConfig{} }
func parseHTTPSRedirect(n node) HTTPSRedirectConfig { n.Object(); return HTTPSRedirectConfig{} }
func newHardening(c *Config) *hardening             { return &hardening{} }
func (h *hardening) redirect(tx *Tx) *Decision      { return nil }
func (h *hardening) csrf(tx *Tx) *Decision          { return nil }
func (h *hardening) responseHeaders(tx *Tx, status int, headers Headers) ([]HeaderOp, []byte) {
	return []HeaderOp{{Kind: SetHeader, Name: "x-content-type-options", Value: "nosniff"}}, nil
}
