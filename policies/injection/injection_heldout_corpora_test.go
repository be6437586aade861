package injection

import (
	"path/filepath"
	"testing"
)

// TestInjectionHeldOutCorpora measures the held-out corpora, each written by an engineer who had
// read neither the detectors nor the corpora written before it (the earliest ones before the
// detectors were tuned). The
// acceptance target is >= 97% of attacks blocked and <= 1% of benign requests blocked; each
// corpus is guarded at the target or, where the target is not met yet, at its measured level
// (the ceiling below). A missing or short file fails the test.
func TestInjectionHeldOutCorpora(t *testing.T) {
	e := wafEngine(t)
	for _, set := range []struct {
		name                  string
		files                 []string
		minAttacks, minBenign int
		falsePositiveCeiling  float64
	}{
		// The command injection, traversal, NoSQL and prototype-pollution families
		// (testdata/injection_heldout_other.jsonl). First measurement 4/86 benign blocked; now 1/86:
		// a $where-like JavaScript snippet, `if (this.count == 0) return;`, in a field named "code".
		{"heldout-other", []string{"injection_heldout_other.jsonl"}, 80, 80, 0.015},
		// ~400 realistic benign requests in every location and ~100 attacks of every family with
		// evasions. First measurement 51/405 benign blocked (12.6%); now 4/405 (1.0%): prose search
		// queries about shell and SQL, a backticked `cat /etc/os-release`, an absolute log path in a
		// "path" field.
		// Since the content relaxations were removed (fourth session: nothing in a request, a fence,
		// a "language" key, a shebang, a log line, relaxes inspection): 26/405 (6.4%). With every MongoDB
		// operator: 27/405 (6.7%), `{ $set: {...} }` in an undeclared gist.
		{"heldout2", []string{"injection_attacks_heldout2.jsonl", "injection_benign_heldout2.jsonl"}, 100, 400, 0.067},
		// third held-out corpus (testdata/injection_heldout3.jsonl): 208 attacks of every family in every
		// location with encoding evasions and 325 benign requests chosen to trip naive filters, written by
		// an engineer who had not read the detectors or the other corpora. First measurement, before any
		// tuning on it: 204/208 attacks blocked (98.1%), 8/325 benign blocked (2.5%). Tuned on since
		// (declared code, command lists, SQL fields, tags in prose, markdown inline commands, the proto
		// and net-user misses): 208/208 and 0/325; the guard below is the target.
		// Since the content relaxations were removed (fourth session: nothing in a request, a fence,
		// a "language" key, a shebang, a log line, relaxes inspection): 6/325 (1.8%).
		{"heldout3", []string{"injection_heldout3.jsonl"}, 200, 300, 0.019},
		// fourth held-out corpus (testdata/injection_heldout4.jsonl): 169 attacks of every family in every
		// location and 397 benign requests from a dozen kinds of application, written from the issue's
		// wording alone by an engineer who had not read the detectors or the other corpora. First
		// measurement, before any tuning on it: 167/169 attacks blocked (98.8%), 20/397 benign blocked
		// (5.0%). Tuned on since (quotations in prose, character references, data URIs, CSS comments,
		// passive SVG/XML, XML element keys, repository dot-files, shebang scripts): 169/169 and 6/397
		// (1.5%); left blocked on purpose: an <iframe> embed, an HTML page with <script src> uploaded to a
		// static host, an access.log URL (CRS restricts .log too); not fixed yet: a pasted SQL error with
		// its INSERT statement, a robots.txt body's /* globs, Prometheus exposition text.
		// Since (third session): Prometheus text and robots.txt as line-oriented data: 4/397 (1.0%).
		// Since the content relaxations were removed (fourth session: nothing in a request, a fence,
		// a "language" key, a shebang, a log line, relaxes inspection): 20/397 (5.0%).
		// Since (detect2, 2026-12-07, sink grammar: globs where the shell runs them, a call's own
		// parenthesis, framed http(s) pages; tuned on this corpus): 18/397 (4.5%).
		{"heldout4", []string{"injection_heldout4.jsonl"}, 150, 350, 0.046},
		// fifth held-out corpus (testdata/injection_heldout5.jsonl): 141 attacks of every family in every
		// location (tool-style payloads from sqlmap, XSStrike, commix and nuclei among them) and 405
		// benign requests from the general public and business users (reviews, forums, listings, CVs,
		// addresses, lyrics, math, many languages), written by an engineer who had read neither the
		// detectors nor the other corpora, after the tuning on held-out 3 and 4. First measurement:
		// 136/141 attacks blocked (96.5%; four of the five misses were in headers other than User-Agent
		// and Referer, which were then not inspected by default, and one in a multipart file name that
		// does not parse), 2/405 benign blocked (0.5%). After injection.all_headers, inspecting unparsable
		// dispositions whole and reading feet and inches as measures: 141/141, 0/405.
		{"heldout5", []string{"injection_heldout5.jsonl"}, 120, 380, 0.01},
		// sixth held-out corpus (testdata/injection_heldout6.jsonl): 161 attacks of every family in every
		// location (custom headers, X-Forwarded-For, XML attributes, multipart file names among them) and
		// 359 benign requests from a project-management and documentation SaaS (task descriptions,
		// markdown wiki pages, search, GraphQL, webhooks from GitHub/Jira/Sentry, logs, automation rules),
		// written by an engineer who had read neither the detectors nor the other corpora, after all
		// tuning on held-out 2 to 5. First measurement: 161/161 attacks blocked, 18/359 benign blocked
		// (5.0%). Tuned on since (relative references, one-line inline commands in multi-line markdown, dd
		// operands, log uploads, wiki-markup code blocks, bare attribute names in prose tags, developer
		// tools in prose, camel-case identifiers): 161/161, 7/359 (1.9%).
		// Since (third session): log text, boolean search syntax, prose-first values, unterminated
		// quotes, schemes in inline code, regex brackets: 2/359 (0.6%).
		// Since the content relaxations were removed (fourth session: nothing in a request, a fence,
		// a "language" key, a shebang, a log line, relaxes inspection): 16/359 (4.5%).
		// Since (detect2, 2026-12-07, sink grammar: framed http(s) pages; tuned on this corpus): 15/359
		// (4.2%).
		{"heldout6", []string{"injection_heldout6.jsonl"}, 150, 340, 0.042},
		// seventh held-out corpus (testdata/injection_heldout7.jsonl): 152 attacks of every family in
		// every location and 364 benign requests written to the list (names with apostrophes,
		// prose about SQL in several languages, markdown, code in JSON fields of IDEs, notebooks,
		// interview platforms, template and config services, international text, JWTs, base64), by an
		// engineer who had read neither the detectors nor the other corpora, after all tuning on held-out
		// 2 to 6. First measurement: 152/152 attacks blocked, 24/364 benign blocked (6.6%). After "format"
		// and "cell_type" declarations, arrays of code lines and forms that declare a language: 152/152,
		// 18/364 (4.9%); with statements shown in prose, markdown tables and patches: 12/364 (3.3%). Left: config-file APIs whose URL path names the file (app.conf, php.ini,
		// .htaccess, haproxy.cfg: restricted extensions in the path), SQL and shell in prose, logs and
		// patches.
		// Since (third session): log text, Elasticsearch query_string, passive <style>/<meta> in HTML
		// e-mail templates: 9/364 (2.5%).
		// Since the content relaxations were removed (fourth session: nothing in a request, a fence,
		// a "language" key, a shebang, a log line, relaxes inspection): 34/364 (9.3%).
		// Since (detect2, 2026-12-07, sink grammar: globs where the shell runs them, a call's own
		// parenthesis, framed http(s) pages; tuned on this corpus): 32/364 (8.8%).
		{"heldout7", []string{"injection_heldout7.jsonl"}, 150, 340, 0.088},
		// Held-out 8 to 10 were written in parallel, each by an engineer who had read neither the
		// detectors nor any other corpus, after all tuning on held-out 2 to 7, and measured before
		// any tuning on them (first) and since (now; the ceiling is the current level).
		// Held-out 8 (testdata/injection_heldout8.jsonl): the list across many industries
		// (names, SQL prose, markdown, code in JSON, international text, JWTs, base64, GraphQL,
		// webhooks, telemetry). First: 170/170 attacks, 9/334 benign blocked (2.7%).
		// Tuned on since (GraphQL documents, $ref keys, message-signature headers, rotated logs,
		// config.json, /etc names, regexes, glob keys, asides in parentheses): 0/334.
		// Since the content relaxations were removed (fourth session: nothing in a request, a fence,
		// a "language" key, a shebang, a log line, relaxes inspection): 8/334 (2.4%).
		{"heldout8", []string{"injection_heldout8.jsonl"}, 160, 320, 0.024},
		// Held-out 9 (testdata/injection_heldout9.jsonl): developer products (a Q&A site, code
		// review, wikis, online IDEs, CI editors, database consoles, log ingestion, support
		// tickets, engineers' chat), with cases its author flagged as close to the line. First:
		// 165/166 attacks (an Accept-Language LFI missed), 46/338 benign blocked (13.6%).
		// Tuned on since (SQL console commands, hunks, cell magics, CI YAML, wiki code blocks,
		// inline commands in paragraphs, stack traces, Dockerfiles, SQL files, relative references):
		// 21/338 (6.2%); the rest are commands in search boxes and chat, shell loops, a PHP upload,
		// config-file and dot-file URLs, a SQL filter in a custom header, a .env file name.
		// Since the content relaxations were removed (fourth session: nothing in a request, a fence,
		// a "language" key, a shebang, a log line, relaxes inspection): 75/338 (22.2%). With every MongoDB
		// operator: 76/338 (22.5%), an aggregation pipeline typed into a database console.
		// Since (detect2, 2026-12-07, sink grammar: globs where the shell runs them, a call's own
		// parenthesis, framed http(s) pages; tuned on this corpus): 75/338 (22.2%).
		{"heldout9", []string{"injection_heldout9.jsonl"}, 160, 320, 0.222},
		// Held-out 10 (testdata/injection_heldout10.jsonl): API platforms and consumer apps
		// (mobile JSON, GraphQL, OAuth, webhooks, uploads, SOAP, HTML e-mail, reviews, recipes,
		// maths, spreadsheet formulas, many languages). First: 171/172 attacks (the same
		// Accept-Language LFI), 11/332 benign blocked (3.3%).
		// Tuned on since (GraphQL, regexes, HTML e-mail, "<" before a blank, expressions over names,
		// UNION alone, /var/log directories): 3/332 (0.9%).
		// Since the content relaxations were removed (fourth session: nothing in a request, a fence,
		// a "language" key, a shebang, a log line, relaxes inspection): 7/332 (2.1%).
		{"heldout10", []string{"injection_heldout10.jsonl"}, 160, 320, 0.022},
		// Held-out 11 and 12 were written in parallel after all tuning on held-out 2 to 10, each by an
		// engineer who had read neither the detectors nor any corpus, and measured before any tuning.
		// Held-out 11 (testdata/injection_heldout11.jsonl): the list across twenty kinds of
		// application. First: 169/169 attacks, 5/330 benign blocked (1.5%). Since (NDJSON bodies,
		// "&" before a weak word): 3/330 (0.9%): a search about "cat /etc/", a spreadsheet formula,
		// a password with '--.
		// Since the content relaxations were removed (fourth session: nothing in a request, a fence,
		// a "language" key, a shebang, a log line, relaxes inspection): 7/330 (2.1%).
		{"heldout11", []string{"injection_heldout11.jsonl"}, 160, 320, 0.022},
		// Held-out 12 (testdata/injection_heldout12.jsonl): one day of a mid-size company's edge (shop,
		// mobile app, admin/CMS, partner API, engineering tools). First: 170/171 attacks (an operator
		// object in X-API-Key, then not inspected), 17/336 benign blocked (5.1%). Since (quoted
		// keywords as names, measures, DDL verbs without an object, apostrophes in addresses,
		// single-token headers, Office markup, code host views, CDATA joined, SVG style sheets,
		// translation files): 171/171, 5/336 (1.5%): "5/5 -- would buy again!", a YouTube iframe, code
		// in a CMS <pre>, a SQL question in a BI tool, JUnit failure text.
		// Since the content relaxations were removed (fourth session: nothing in a request, a fence,
		// a "language" key, a shebang, a log line, relaxes inspection): 15/336 (4.5%).
		// Since (detect2, 2026-12-07, sink grammar: globs where the shell runs them, a call's own
		// parenthesis, framed http(s) pages; tuned on this corpus): 12/336 (3.6%).
		{"heldout12", []string{"injection_heldout12.jsonl"}, 160, 320, 0.036},
		// Held-out 13 and 14 were written in parallel after all tuning on held-out 2 to 12, by
		// engineers who had read neither the detectors nor any corpus, and measured before any
		// tuning. Held-out 13 (testdata/injection_heldout13.jsonl): the list as a buyer would
		// test it, across many kinds of organisation. First: 171/171 attacks, 0/341 benign blocked.
		// Since the content relaxations were removed (fourth session: nothing in a request, a fence,
		// a "language" key, a shebang, a log line, relaxes inspection): 4/341 (1.2%).
		{"heldout13", []string{"injection_heldout13.jsonl"}, 160, 330, 0.012},
		// Held-out 14 (testdata/injection_heldout14.jsonl): a website and shop builder: owners editing
		// pages, themes and products, shoppers, third-party developers. First: 175/175 attacks, 8/332
		// benign blocked (2.4%). Since (theme asset keys with a "value", SVG gradient references):
		// 5/332 (1.5%): a YouTube iframe, a theme layout with <script src>, a robots.txt.liquid
		// template, a review quoting 'select the long bolts (A) or ...' --, and "Select '10 1/2' or
		// '11' -- runs small." (a tautology and a comment in SQL's own syntax).
		// Since the content relaxations were removed (fourth session: nothing in a request, a fence,
		// a "language" key, a shebang, a log line, relaxes inspection): 8/332 (2.4%).
		// Since (detect2, 2026-12-07, sink grammar: globs where the shell runs them, a call's own
		// parenthesis, framed http(s) pages; tuned on this corpus): 5/332 (1.5%).
		{"heldout14", []string{"injection_heldout14.jsonl"}, 160, 320, 0.016},
		// Held-out 15 to 17 were written in parallel (fourth session) by an engineer who had read
		// neither the detectors nor any corpus, after the content relaxations were removed, and
		// measured once, before any tuning on them (the ceilings are those first figures; nothing
		// is tuned on them). Held-out 15 (testdata/injection_heldout15.jsonl): a developer-tools
		// product (code review, snippets, CI logs, markdown docs with code in many languages,
		// diffs, notebooks, Dockerfiles). First: 133/133 attacks, 55/310 benign blocked (17.7%):
		// code shown in undeclared fields is inspected as live input (declare such fields with
		// injection.content). Since (detect2, 2026-12-07, measured once, not tuned on): 54/310 (17.4%).
		{"heldout15", []string{"injection_heldout15.jsonl"}, 120, 300, 0.175},
		// Held-out 16 (testdata/injection_heldout16.jsonl): consumer, e-commerce and fintech apps,
		// attacks in the styles of sqlmap tampers, XSStrike/dalfox, commix, nuclei, Burp lists.
		// First: 158/162 attacks (97.5%; SQLi 30/34), 0/306 benign blocked.
		{"heldout16", []string{"injection_heldout16.jsonl"}, 150, 300, 0.0},
		// Held-out 17 (testdata/injection_heldout17.jsonl): adversarial wrapping: attacks of every
		// family inside fences, shebangs, Dockerfiles, diffs, cell magics, language and file-name
		// keys, log lines, CI YAML, <pre>, in every body type; benign cases in the same wrappers.
		// First: 199/201 attacks (99.0%), 58/184 benign blocked (31.5%).
		{"heldout17", []string{"injection_heldout17.jsonl"}, 190, 180, 0.316},
		// Held-out 18 to 20 were written in parallel at the end of the fourth session, blind, after
		// all of its tuning, and measured once (the ceilings are those first figures). Held-out 18
		// (testdata/injection_heldout18.jsonl): healthcare, insurance and government forms. First:
		// 100/100 attacks, 0/252 benign blocked.
		{"heldout18", []string{"injection_heldout18.jsonl"}, 95, 240, 0.0},
		// Held-out 19 (testdata/injection_heldout19.jsonl): a B2B SaaS API and mobile backend (OData
		// options, GraphQL, webhooks, CMS filters, Mongo operators, time-based SQLi for five
		// databases). First: 96/98 attacks (98.0%), 3/256 benign blocked (1.2%).
		{"heldout19", []string{"injection_heldout19.jsonl"}, 95, 240, 0.012},
		// Held-out 20 (testdata/injection_heldout20.jsonl): a forum, blog and e-mail marketing
		// platform (rich text, newsletters, prose about code). First: 102/103 attacks (99.0%),
		// 11/254 benign blocked (4.3%).
		{"heldout20", []string{"injection_heldout20.jsonl"}, 95, 240, 0.044},
		// Held-out 21 (testdata/injection_heldout21.jsonl, built by testdata/heldout21/build.py):
		// 364 attacks modelled on public lists (SecLists, PayloadsAllTheThings) in every location,
		// 60 of them wrapped twins (the same attacks in fences, shebangs, diffs, logs, notebooks,
		// language and file-name keys), and 367 benign requests of many kinds of API, written in
		// the fifth session by an engineer who had read neither the detectors nor any corpus.
		// Measured once, on main at 834f4a7, before any tuning on it: 360/364 attacks (98.9%;
		// sqli 83/85, cmdi 76/78; wrapped twins 58/60), 11/367 benign blocked (3.0%); the same
		// after the SQL break-out, mail-command and brace-expansion work. Nothing is tuned on it.
		// Since (detect2, 2026-12-07, measured once, not tuned on): 361/364 (99.2%), 10/367 (2.7%).
		// Since (sixth session's precision work, 2026-12-08): 361/364, 8/367 (2.2%); not clean
		// evidence: two drafts of that work were narrowed after this test reported, as a count,
		// an attack of this corpus lost.
		{"heldout21", []string{"injection_heldout21.jsonl"}, 350, 350, 0.022},
		// Held-out 22 (testdata/injection_heldout22.jsonl, built by testdata/heldout22/build.py):
		// 361 attacks from sources the earlier corpora did not use (fuzzdb, sqlmap's payloads and
		// tampers, commix, the PortSwigger XSS cheat sheet, nuclei templates, NoSQL word lists,
		// prototype-pollution write-ups), 60 of them wrapped twins, and 355 benign requests of kinds
		// rarely covered (IoT telemetry, geospatial, ERP, HR, medical, localisation, product query
		// languages, Slack/Shopify/Twilio/SendGrid/PagerDuty/Sentry webhooks), written blind in the
		// fifth session. Measured once, on main at 2db9fc5, before the detect2 grammar work and
		// before any tuning on it: 351/361 attacks (97.2%; sqli 80/83, cmdi 65/72; wrapped twins
		// 58/60), 19/355 benign blocked (5.4%). Since (detect2, measured once, not tuned on):
		// 353/361 (97.8%; cmdi 67/72), 17/355 (4.8%). Nothing is tuned on it. Since (sixth
		// session's precision work, 2026-12-08, not tuned on): 353/361, 11/355 (3.1%).
		{"heldout22", []string{"injection_heldout22.jsonl"}, 350, 350, 0.031},
		// Held-out 23 (testdata/heldout23/injection_heldout23.jsonl, built by its build/
		// scripts): 362 attacks from sqlmap's error-based and stacked-query payloads, PayloadBox,
		// commix's eval- and time-based techniques, dotdotpwn's patterns and XSS polyglots, 60 of
		// them wrapped twins, and 382 benign requests of yet other kinds of application (CI and
		// code review, observability spans, chat, fintech, FHIR, maps, gaming, CMS, CSV), written
		// blind in the sixth session. Measured once, on main at 1b88c3c (2026-12-08), before any
		// change of that session: 359/362 attacks (99.2%; sqli 83/84, cmdi 72/74; wrapped twins
		// 60/60), 17/382 benign blocked (4.5%). Nothing is tuned on it. Since (that session's
		// precision work, measured once at its end, not tuned on): 358/362 (98.9%), 16/382 (4.2%).
		{"heldout23", []string{filepath.Join("heldout23", "injection_heldout23.jsonl")}, 350, 350, 0.042},
		// Development corpus benign-dev2 (testdata/benigndev2/benign-dev2.jsonl, built by its
		// build/ scripts): 646 benign requests chosen where false positives are likely (prose
		// about code, product query languages and DSLs, webhooks of 21 vendors, documents, science)
		// and 150 attacks in the same kinds of traffic, written blind in the sixth session. NOT
		// held out: the detectors are tuned on it. First measurement, on main at 1b88c3c: 149/150
		// attacks, 90/646 benign blocked (13.9%).
		// Sixth session, precision by grammar (tuned on it): fp-cmdi (cmdi's verdict on 45 of
		// them before, 39 after: globs whose last name is a plain word, unclosed brackets, a
		// value's last backtick, command names out of a command position), fp-web (XSS and
		// traversal, 19 before, 4 after), fp-sqli (sqli and nosql, 26 before, 8 after: SQL that
		// cannot run where a query puts it, groups the value closes itself, shown statements in
		// code spans, with BETWEEN and over clause lines, operator objects in code or prose,
		// $search beneath $text). With all three, on main at 45ad60c + fp-sqli: 52/646 (8.0%),
		// attacks 149/150.
		{"benign-dev2", []string{filepath.Join("benigndev2", "benign-dev2.jsonl")}, 140, 600, 0.081},
	} {
		t.Run(set.name, func(t *testing.T) {
			var cases []corpusCase
			for _, f := range set.files {
				cases = append(cases, loadCorpus(t, filepath.Join("..", "testdata", f))...)
			}
			stats, misses, ran := measureCorpus(t, e, cases)
			if ran != len(cases) {
				t.Fatalf("ran %d of %d cases", ran, len(cases))
			}
			printStats(t, set.name, stats, misses)
			det, fp, attacks, benign := rates(stats)
			if attacks < set.minAttacks || benign < set.minBenign {
				t.Fatalf("held-out corpus too small: %d attacks, %d benign", attacks, benign)
			}
			for _, m := range misses {
				t.Log("miss: " + m)
			}
			if fp > 0.01 {
				t.Logf("benign target not met: %.3f > 0.010", fp)
			}
			if det < 0.97 || fp > set.falsePositiveCeiling {
				t.Errorf("%s: detection %.3f (floor 0.97), false positives %.3f (ceiling %.3f)",
					set.name, det, fp, set.falsePositiveCeiling)
			}
		})
	}
}
