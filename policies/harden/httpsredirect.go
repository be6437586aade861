package harden

import (
	"strconv"
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// HTTPSRedirectConfig redirects plain-HTTP requests to HTTPS: "https_redirect".
type HTTPSRedirectConfig struct {
	// Enabled: "enabled", default false.
	Enabled bool
	// Status: "status", 308 (default, keeps the method and body) or 301.
	Status int
	// Host: "host", default "" (the request's own :authority, validated): the canonical
	// host[:port] to redirect to. Set it when clients may send arbitrary Host headers.
	Host string
	// Port: "port", default 443: the HTTPS port, added to the location when not 443 (ignored
	// when Host carries a port).
	Port int
	// Except: "except", path prefixes served over plain HTTP, default
	// ["/.well-known/acme-challenge/"] (ACME HTTP-01 validation).
	Except []string
}

func parseHTTPSRedirect(n policies.Node) HTTPSRedirectConfig {
	o, _ := n.Section("https_redirect")
	c := HTTPSRedirectConfig{
		Enabled: o.Bool("enabled"),
		Port:    int(o.Int("port")),
		Except:  o.StringList("except"),
	}
	st := o.Get("status")
	def := o.Decl("status").DefaultInt()
	c.Status = int(st.Int(def, 100, 599))
	if c.Status != 301 && c.Status != 308 {
		st.Errorf("must be 301 or 308, got %d", c.Status)
		c.Status = int(def)
	}
	if h := o.Get("host"); h.Exists() {
		s := h.NonEmptyString("")
		host, port, ok := splitAuthority(s)
		if !ok && s != "" {
			h.Errorf("must be a host name or address with an optional port, e.g. \"www.example.com\", got %s", hdQuote(s))
		} else if ok {
			c.Host = host
			if port != "" {
				c.Host += ":" + port
			}
		}
	}
	for i, p := range c.Except {
		if !strings.HasPrefix(p, "/") {
			o.Get("except").Errorf("[%d] paths must start with \"/\", got %s", i, hdQuote(p))
		}
		c.Except[i] = strings.ToLower(p)
	}
	return c
}

// redirect implements the HTTPS redirect phase.
func (h *hardening) redirect(tx *policies.Tx) *policies.Decision {
	if h == nil || !h.cfg.HTTPSRedirect.Enabled {
		return nil
	}
	c := &h.cfg.HTTPSRedirect
	if requestScheme(tx) != "http" {
		return nil
	}
	for _, p := range c.Except {
		if strings.HasPrefix(tx.Path, p) {
			return nil
		}
	}
	target := c.Host
	if target == "" {
		host, _, ok := splitAuthority(tx.Req.Authority)
		if !ok {
			tx.Event(policies.LogWarn, "https_redirect.bad_host", map[string]any{"authority": policies.Truncate(tx.Req.Authority, 128)})
			d := policies.JSONDeny(400, "https_redirect.bad_host", map[string]string{"error": "bad request", "request_id": tx.Req.ID})
			return &d
		}
		target = host
		if c.Port != 443 {
			target += ":" + strconv.Itoa(c.Port)
		}
	}
	loc := "https://" + target + redirectPath(tx.Req.Path)
	tx.Event(policies.LogDebug, "https_redirect", map[string]any{"status": c.Status})
	return &policies.Decision{Action: policies.Deny, Status: c.Status, Rule: "https_redirect",
		Headers: policies.Headers{{Name: "location", Value: loc}, {Name: "content-type", Value: "text/plain"}},
		Body:    []byte{}}
}

// redirectPath returns the request path (with its query) safe to append to "https://host": it
// must start with "/" (anything else, such as an absolute-form "http://evil/" or "@evil", could
// change the host and becomes "/"), and control, space, non-ASCII and backslash bytes are
// percent-encoded.
func redirectPath(p string) string {
	if !strings.HasPrefix(p, "/") {
		return "/"
	}
	safe := true
	for i := 0; i < len(p); i++ {
		if c := p[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			safe = false
			break
		}
	}
	if safe {
		return p
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(p) + 16)
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c <= ' ' || c >= 0x7f || c == '\\' {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
