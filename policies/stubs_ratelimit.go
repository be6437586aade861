package policies

// STUB: replaced by the rate-limit engineer.

type RateLimitConfig struct{}
type limiter struct{}
type rateLimitTxState struct{}

// Store is the shared counter store (Proxy-Wasm shared data in the module).
type Store interface {
	Get(key string) (value []byte, cas uint32, err error)
	Set(key string, value []byte, cas uint32) error
}
type memStore struct{}

func (memStore) Get(string) ([]byte, uint32, error) { return nil, 0, nil }
func (memStore) Set(string, []byte, uint32) error   { return nil }
func NewMemStore() Store                            { return memStore{} }

func parseRateLimit(n node) RateLimitConfig                      { n.Object(); return RateLimitConfig{} }
func newLimiter(c *Config, s Store) *limiter                     { return &limiter{} }
func (l *limiter) requestHeaders(tx *Tx) (*Decision, bool)       { return nil, false }
func (l *limiter) requestBody(tx *Tx, body []byte) *Decision     { return nil }
func (l *limiter) responseHeaders(tx *Tx, status int) []HeaderOp { return nil }
