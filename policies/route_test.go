package policies

import (
	"testing"

	"github.com/tidwall/gjson"
)

func TestRouteMatches(t *testing.T) {
	parse := func(js string) Route {
		var errs []error
		n := Node{Errs: &errs}
		n.v = parseJSON(js)
		o, _ := n.Object(RouteKeys...)
		r := ParseRoute(o)
		if len(errs) > 0 {
			t.Fatalf("parseRoute(%s): %v", js, errs)
		}
		return r
	}
	tests := []struct {
		route, method, rawPath string
		want                   bool
	}{
		{`{}`, "GET", "/anything", true},
		{`{"path_prefix":"/api/"}`, "GET", "/api/orders", true},
		{`{"path_prefix":"/api/"}`, "GET", "/api", true},
		{`{"path_prefix":"/api/"}`, "GET", "/apix", false},
		{`{"path_prefix":"/api/"}`, "GET", "/API/orders", true},
		{`{"path_prefix":"/API/"}`, "GET", "/api/orders", true},
		{`{"path_prefix":"/api/"}`, "GET", "/public/../api/orders", true},
		{`{"path_prefix":"/api/"}`, "GET", "/%61pi/orders", true},
		{`{"path_prefix":"/api/"}`, "GET", "//api//orders", true},
		{`{"path_prefix":"/api/"}`, "GET", "\\api\\orders", true},
		{`{"path_prefix":"/api/","except":["/api/public/"]}`, "GET", "/api/public/x", false},
		{`{"path_prefix":"/api/","except":["/api/public/"]}`, "GET", "/api/public/../private", true},
		{`{"path":"/login","methods":["POST"]}`, "POST", "/login?next=/", true},
		{`{"path":"/login","methods":["POST"]}`, "GET", "/login", false},
		{`{"path":"/login"}`, "POST", "/login/", true},
		{`{"path":"/login"}`, "POST", "/login/x", false},
		{`{"path":"/login"}`, "POST", "/LOGIN;x", false},
	}
	for _, tc := range tests {
		r := parse(tc.route)
		if got := r.Matches(tc.method, RoutePath(tc.rawPath)); got != tc.want {
			t.Errorf("route %s matches %s %q = %v, want %v", tc.route, tc.method, tc.rawPath, got, tc.want)
		}
	}
}

func parseJSON(js string) gjson.Result { return gjson.Parse(js) }
