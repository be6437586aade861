package auth

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// verifyKey is one public key of a provider. Its Go type binds it to an algorithm family: an
// *rsa.PublicKey only verifies RS*/PS*, an *ecdsa.PublicKey only the ES* of its curve, an
// ed25519.PublicKey only EdDSA. HMAC secrets never live here (they come from secret_env), so a
// public key can never be used as an HMAC secret.
type verifyKey struct {
	kid string
	alg string // the JWK's "alg" when given: then the key verifies only that algorithm
	pub any
}

const minRSABits = 2048

// usableFor reports whether k may verify a token signed with alg.
func (k *verifyKey) usableFor(alg string) bool {
	if k.alg != "" && k.alg != alg {
		return false
	}
	switch pub := k.pub.(type) {
	case *rsa.PublicKey:
		return strings.HasPrefix(alg, "RS") || strings.HasPrefix(alg, "PS")
	case *ecdsa.PublicKey:
		switch alg {
		case "ES256":
			return pub.Curve == elliptic.P256()
		case "ES384":
			return pub.Curve == elliptic.P384()
		case "ES512":
			return pub.Curve == elliptic.P521()
		}
	case ed25519.PublicKey:
		return alg == "EdDSA"
	}
	return false
}

func (k *verifyKey) describe() string {
	t := "?"
	switch pub := k.pub.(type) {
	case *rsa.PublicKey:
		t = fmt.Sprintf("RSA-%d", pub.N.BitLen())
	case *ecdsa.PublicKey:
		t = "EC " + pub.Curve.Params().Name
	case ed25519.PublicKey:
		t = "Ed25519"
	}
	if k.kid != "" {
		t += fmt.Sprintf(" (kid %q)", k.kid)
	}
	if k.alg != "" {
		t += " alg " + k.alg
	}
	return t
}

// parseJWKS reads a JWK Set given as a JSON object or as a string holding one.
func parseJWKS(n policies.Node) []verifyKey {
	if n.Value().Type == gjson.String {
		if !policies.JSONValid([]byte(n.Value().Str)) {
			n.Errorf("not a valid JSON JWK Set")
			return nil
		}
		n = n.Holding(gjson.Parse(n.Value().Str))
	}
	if !n.Value().IsObject() {
		n.Errorf("must be a JWK Set object ({\"keys\": [...]}) or a string holding one, got %s", policies.Kind(n.Value()))
		return nil
	}
	kn := n.Child("keys")
	if !kn.Value().IsArray() {
		kn.Errorf("required: the array of JWKs")
		return nil
	}
	var out []verifyKey
	kids := map[string]bool{}
	for i, k := range kn.Array() {
		if i == maxProviderKeys {
			kn.Errorf("at most %d keys", maxProviderKeys)
			break
		}
		vk, ok := parseJWK(k)
		if !ok {
			continue
		}
		if vk.kid != "" && kids[vk.kid] {
			k.Child("kid").Errorf("duplicate kid %q", vk.kid)
		}
		kids[vk.kid] = true
		out = append(out, vk)
	}
	return out
}

// jwkPrivateMembers are the members that only private or symmetric JWKs carry.
var jwkPrivateMembers = []string{"d", "p", "q", "dp", "dq", "qi", "oth", "k"}

// parseJWK reads one public JWK (RFC 7517/7518/8037). Members it does not use (x5c, x5t, ...)
// are ignored, as a JWKS published by an identity provider carries them.
func parseJWK(n policies.Node) (verifyKey, bool) {
	var vk verifyKey
	if !n.Value().IsObject() {
		n.Errorf("must be a JWK object, got %s", policies.Kind(n.Value()))
		return vk, false
	}
	str := func(name string) string {
		c := n.Child(name)
		if !c.Exists() {
			return ""
		}
		if c.Value().Type != gjson.String {
			c.Errorf("must be a string, got %s", policies.Kind(c.Value()))
			return ""
		}
		return c.Value().Str
	}
	kty := str("kty")
	if kty == "oct" {
		n.Errorf("symmetric (kty \"oct\") keys are not accepted in jwks: give HMAC secrets through secret_env")
		return vk, false
	}
	for _, m := range jwkPrivateMembers {
		if n.Child(m).Exists() {
			n.Errorf("holds private key material (%q): publish only public keys in config", m)
			return vk, false
		}
	}
	if use := str("use"); use != "" && use != "sig" {
		n.Child("use").Errorf("must be \"sig\" for a verification key, got %q", use)
		return vk, false
	}
	if ops := n.Child("key_ops"); ops.Exists() {
		verify := false
		for _, op := range ops.Array() {
			if op.String("") == "verify" {
				verify = true
			}
		}
		if !verify {
			ops.Errorf("does not include \"verify\"")
			return vk, false
		}
	}
	vk.kid = str("kid")
	vk.alg = str("alg")
	if vk.alg != "" && !knownAlg(vk.alg) {
		n.Child("alg").Errorf("unknown or unaccepted algorithm %q", vk.alg)
		return vk, false
	}
	b64 := func(name string) []byte {
		s := str(name)
		if s == "" {
			n.Child(name).Errorf("required for kty %q", kty)
			return nil
		}
		b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
		if err != nil {
			n.Child(name).Errorf("not base64url: %v", err)
			return nil
		}
		return b
	}
	switch kty {
	case "RSA":
		nb, eb := b64("n"), b64("e")
		if nb == nil || eb == nil {
			return vk, false
		}
		if len(eb) > 4 {
			n.Child("e").Errorf("public exponent too large")
			return vk, false
		}
		e := new(big.Int).SetBytes(eb).Int64()
		pub := &rsa.PublicKey{N: new(big.Int).SetBytes(nb), E: int(e)}
		if err := checkRSA(pub); err != nil {
			n.Errorf("%v", err)
			return vk, false
		}
		vk.pub = pub
	case "EC":
		crv := str("crv")
		var curve elliptic.Curve
		switch crv {
		case "P-256":
			curve = elliptic.P256()
		case "P-384":
			curve = elliptic.P384()
		case "P-521":
			curve = elliptic.P521()
		default:
			n.Child("crv").Errorf("must be P-256, P-384 or P-521, got %q", crv)
			return vk, false
		}
		x, y := b64("x"), b64("y")
		if x == nil || y == nil {
			return vk, false
		}
		size := (curve.Params().BitSize + 7) / 8
		if len(x) != size || len(y) != size {
			n.Errorf("x and y must be %d bytes each for %s", size, crv)
			return vk, false
		}
		pt := append(append([]byte{4}, x...), y...)
		pub, err := ecdsa.ParseUncompressedPublicKey(curve, pt)
		if err != nil {
			n.Errorf("invalid %s point: %v", crv, err)
			return vk, false
		}
		vk.pub = pub
	case "OKP":
		if crv := str("crv"); crv != "Ed25519" {
			n.Child("crv").Errorf("must be Ed25519, got %q", crv)
			return vk, false
		}
		x := b64("x")
		if x == nil {
			return vk, false
		}
		if len(x) != ed25519.PublicKeySize {
			n.Child("x").Errorf("must be %d bytes", ed25519.PublicKeySize)
			return vk, false
		}
		vk.pub = ed25519.PublicKey(x)
	case "":
		n.Child("kty").Errorf("required: \"RSA\", \"EC\" or \"OKP\"")
		return vk, false
	default:
		n.Child("kty").Errorf("must be \"RSA\", \"EC\" or \"OKP\", got %q", kty)
		return vk, false
	}
	if vk.alg != "" && !vk.usableFor(vk.alg) {
		n.Child("alg").Errorf("%s does not fit a %s key", vk.alg, kty)
		return vk, false
	}
	return vk, true
}

func checkRSA(pub *rsa.PublicKey) error {
	if pub.N.BitLen() < minRSABits {
		return fmt.Errorf("RSA key of %d bits: at least %d are required", pub.N.BitLen(), minRSABits)
	}
	if pub.E < 3 || pub.E%2 == 0 {
		return fmt.Errorf("RSA public exponent %d is invalid", pub.E)
	}
	return nil
}

// parsePEMKeys reads one or more PEM blocks: PUBLIC KEY (PKIX: RSA, EC, Ed25519), RSA PUBLIC KEY
// (PKCS#1) or CERTIFICATE (its public key). Private keys are refused.
func parsePEMKeys(n policies.Node) []verifyKey {
	s := n.NonEmptyString("")
	if s == "" {
		return nil
	}
	rest := []byte(s)
	var out []verifyKey
	blocks := 0
	for i := 0; ; i++ {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		blocks++
		if i == maxProviderKeys {
			n.Errorf("at most %d PEM blocks", maxProviderKeys)
			break
		}
		var pub any
		var err error
		switch {
		case strings.Contains(b.Type, "PRIVATE"):
			n.Errorf("PEM block %d is a private key: publish only public keys in config", i)
			continue
		case b.Type == "PUBLIC KEY":
			pub, err = x509.ParsePKIXPublicKey(b.Bytes)
		case b.Type == "RSA PUBLIC KEY":
			pub, err = x509.ParsePKCS1PublicKey(b.Bytes)
		case b.Type == "CERTIFICATE":
			var cert *x509.Certificate
			if cert, err = x509.ParseCertificate(b.Bytes); err == nil {
				pub = cert.PublicKey
			}
		default:
			n.Errorf("PEM block %d: unsupported type %q (PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE)", i, b.Type)
			continue
		}
		if err != nil {
			n.Errorf("PEM block %d: %v", i, err)
			continue
		}
		switch k := pub.(type) {
		case *rsa.PublicKey:
			if err := checkRSA(k); err != nil {
				n.Errorf("PEM block %d: %v", i, err)
				continue
			}
		case *ecdsa.PublicKey:
			if k.Curve != elliptic.P256() && k.Curve != elliptic.P384() && k.Curve != elliptic.P521() {
				n.Errorf("PEM block %d: unsupported curve", i)
				continue
			}
		case ed25519.PublicKey:
		default:
			n.Errorf("PEM block %d: unsupported key type %T", i, pub)
			continue
		}
		out = append(out, verifyKey{pub: pub})
	}
	if blocks == 0 {
		n.Errorf("no PEM block found")
	}
	return out
}
