package policies

// The features and their order: at every phase the engine runs them in this order. Adding a
// feature adds its package and one line here.
func init() {
	Use(
		AuthSpec,      // tokens: strip spoofed claim headers, verify, the verdict after the rate limits
		RateLimitSpec, // rate limits: local and global, at the headers and on a body field
		HardenSpec,    // HTTPS redirect, CSRF, response headers, cookies, error pages
		InjectionSpec, // injection detectors and body schemas
	)
}
