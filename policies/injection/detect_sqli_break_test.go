package injection

import "testing"

// TestSQLContextBreak: short values that only start the SQL they form (an open call, a literal
// closed then a statement, a literal closed then ";"), and text of the same shapes that forms
// none of them.
func TestSQLContextBreak(t *testing.T) {
	for _, c := range []detectCase{
		// An open call: the query's own text becomes its arguments.
		{"sleep(", true}, {"SLEEP   (", true}, {"IN/**/(", true}, {"length||!!$(", true}, {"ln) (", true},
		{"md5\\(", true}, {"uNhEx(", true}, {"Password>$(", true}, {"user(\n", true}, {"date]=(", true},
		{"so sad :(", false}, {"Date (UTC)", false}, {"char(10) newline in excel", false}, {"Select (monthly)", false},
		{"rename(", false}, {"sleepy(", false}, {"time (in minutes, roughly)(", false},
		// A literal closed at once, then a statement or a compound query.
		{"'UNION A", true}, {"\" UNION A", true}, {"' union/", true}, {"'alter a", true}, {"9'union all", true},
		{"'/**/select H", true},
		{"\"select\" lyrics ODESZA", false}, {"\"drop shipping\" supplier", false}, {"Lakeside Tenants' Union", false},
		{"'Select all' is greyed out", false}, {"'unionized workers", false},
		// A literal closed and the statement ended.
		{"admin@juice-sh.op';", true}, {"admin@juice-sh.op\";", true}, {"x`;", true}, {"';", true},
		{"the kids' rooms;", false}, {"say 'cheese'", false}, {"he said 'wait;", false},
		// A condition continued, its operand left open for the query's own text.
		{"OR name = \"", true}, {"and code != \"", true}, {"or class!=\"", true}, {"AND uid!=(", true},
		{"|| c == '", true}, {"AND deleted = 0)", true},
		{"or name = Bob", false}, {"and then = it rained", false}, {"Salt and pepper = 2", false}, {"or >", false},
	} {
		if got := detectSQLi(c.in); got != c.want {
			t.Errorf("detectSQLi(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
