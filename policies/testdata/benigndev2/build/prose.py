"""Prose that talks about technical things: tickets, forum posts, reviews, changelogs,
runbooks, incident reports, Q&A. Written for this corpus; each text is placed in one or two
real request shapes of the kind of application that would receive it."""
from common import *

# (style, text). style picks the plausible applications.
TEXTS = [
 ("ticket", "Hi, since yesterday the export button gives me a blank CSV. I select all orders from 1 March to 31 March and click Export; the file has only the header row. Chrome 124 on Windows. Could you check?"),
 ("ticket", "Our report 'Revenue by region' is wrong: it seems to count refunded orders too. In SQL terms I'd expect something like SELECT region, SUM(total) FROM orders WHERE status <> 'refunded' GROUP BY region, but the numbers match the version without the WHERE clause."),
 ("ticket", "When I try to upload a file named \"Q3 report (final) & notes.xlsx\" it fails with error 500. Renaming it to q3.xlsx works. I guess the & or the parentheses are the problem?"),
 ("ticket", "Hello team,\n\nthe API returns 401 after exactly 60 minutes even though I refresh the token. I call POST /oauth/token with grant_type=refresh_token and get a new access_token, but the old one is still cached by our SDK. Is there a way to invalidate it?\n\nThanks,\nMarta"),
 ("ticket", "I accidentally deleted the project 'Website redesign' - is there any way to restore it? It had about 200 tasks. We're on the Business plan if that matters."),
 ("ticket", "The webhook stopped firing after we rotated the signing secret. Logs on our side show nothing since 14:02 UTC. Endpoint is https://hooks.acme-corp.io/incoming?source=billing&v=2 and it returns 200 when I curl it manually."),
 ("ticket", "Can you please add a filter for 'created by me OR assigned to me'? Right now I can only do one or the other, and I have to switch views constantly."),
 ("ticket", "Our CI runner can't pull the image: `docker pull registry.example.com/team/api:1.4.2` fails with `unauthorized: authentication required`. I ran `docker login registry.example.com` before and it said Login Succeeded."),
 ("ticket", "Bonjour, je n'arrive pas à me connecter depuis la mise à jour. Le message dit « mot de passe incorrect » alors que je l'ai réinitialisé deux fois. Pouvez-vous vérifier mon compte ? Merci d'avance."),
 ("ticket", "Guten Tag, die Rechnung Nr. 2024-0815 enthält die falsche USt-IdNr. (DE123456789 statt DE987654321). Bitte korrigieren und neu zusenden. Mit freundlichen Grüßen, Jürgen Maier"),
 ("ticket", "The mobile app crashes when I open a note that contains a table. Steps: 1) create a note, 2) insert table 3x3, 3) close and reopen the app -> crash. iOS 17.4, app version 5.12.1 (build 3391)."),
 ("ticket", "Is it possible to import contacts from a .vcf file? The docs mention CSV only. My file has ~1,200 contacts exported from Outlook."),
 ("ticket", "We are seeing duplicate charges for customers who press the Pay button twice. Is there an idempotency key we should send? We're using your REST API from a PHP backend (Laravel 10)."),
 ("ticket", "After enabling SSO with Okta, users whose email has a plus sign (like john+billing@example.com) get 'user not found'. Without the +tag it works."),
 ("forum", "Quick tip for anyone running the self-hosted version behind nginx: you need `proxy_set_header X-Forwarded-Proto $scheme;` in the location block, otherwise the login redirect goes to http:// and loops. Took me an afternoon to figure out."),
 ("forum", "Has anyone managed to run the sync agent on a Raspberry Pi 4? I installed it with `sudo apt install ./agent_2.3.1_arm64.deb` and it starts, but `systemctl status agent` shows it restarting every 30 seconds."),
 ("forum", "I'm trying to select all rows where the date is between two values but my query returns nothing: SELECT * FROM events WHERE created_at BETWEEN '2024-01-01' AND '2024-01-31'; created_at is a timestamp column. What am I missing?"),
 ("forum", "You're comparing a timestamp with a date string, so '2024-01-31' means midnight at the start of the 31st. Use created_at >= '2024-01-01' AND created_at < '2024-02-01' instead and it will include the whole last day."),
 ("forum", "In my experience, LEFT JOIN plus IS NULL is faster than NOT IN for this on MySQL 8, but on Postgres the planner turns NOT EXISTS into an anti-join anyway, so just write whatever is clearest."),
 ("forum", "For the people asking about the theme: the header template is in themes/default/partials/header.html, copy it to your child theme and change the <nav> element there. Don't edit the original or updates will overwrite it."),
 ("forum", "Weird one: my Home Assistant automation fires twice. The trigger is a state change of sensor.door from 'off' to 'on', and the condition checks {{ now().hour >= 22 or now().hour < 6 }}. Any ideas?"),
 ("forum", "Tip: if your CSV import mangles accents, save it as UTF-8 with BOM from Excel (File > Save As > CSV UTF-8). The plain CSV option uses Windows-1252 and é turns into Ã©."),
 ("forum", "Does anybody know why `find . -name '*.log' -mtime +7 -delete` deletes nothing on my NAS? The files are definitely older than a week. BusyBox v1.30."),
 ("forum", "Busybox find supports -mtime but on some builds -delete is compiled out. Try `find . -name '*.log' -mtime +7 -exec rm {} \\;` instead, or install GNU findutils via opkg."),
 ("forum", "Como hago para que la tabla dinámica se actualice sola cuando cambio los datos? Uso Excel 365 y la fuente es una tabla con nombre \"Ventas_2024\"."),
 ("forum", "ありがとうございます！設定ファイルの `max_connections = 200` を変更したら解決しました。再起動が必要でした。"),
 ("forum", "Привет всем. После обновления до версии 3.2 перестал работать импорт из Excel: ошибка «Invalid file format». Файл открывается нормально. Кто-нибудь сталкивался?"),
 ("review", "nit: this loop does `for i in range(len(items))` and then only uses items[i]; `for item in items:` reads better. Not blocking."),
 ("review", "This builds the query with an f-string: f\"SELECT id FROM users WHERE email = '{email}'\". Please switch to a parameterised query (cursor.execute(\"SELECT id FROM users WHERE email = %s\", (email,))) before we merge, even though the value comes from our own DB today."),
 ("review", "Can we avoid `dangerouslySetInnerHTML` here? The description is plain text, so `<p>{description}</p>` is enough and React will escape it for us."),
 ("review", "LGTM once CI is green. One question: should `rm -rf \"$BUILD_DIR\"` guard against an empty variable? `${BUILD_DIR:?}` would make the script fail instead of deleting from the current directory."),
 ("review", "The migration adds a NOT NULL column without a default, which will lock and fail on the orders table in prod (~40M rows). Suggest: ADD COLUMN nullable, backfill in batches, then SET NOT NULL."),
 ("review", "I think the regex `^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$` will reject uppercase emails since we don't pass re.IGNORECASE. Either lower() first or add the flag."),
 ("review", "Minor: `path.join(__dirname, '..', 'config', name)` still lets name be '../secrets' if it ever comes from user input. It doesn't today, but a comment or a basename() would help future readers."),
 ("review", "Why `$where` here? A plain `{ status: 'active', age: { $gte: 18 } }` filter does the same thing and can use the index on status."),
 ("review", "Suggestion: `Object.assign({}, defaults, opts)` is fine, but let's use structuredClone for the nested config so tests can't mutate the shared defaults by accident."),
 ("review", "Please rebase on main; the conflict is in `src/api/handlers/orders.go` around the switch on r.Method."),
 ("changelog", "## 2.8.0 - 2024-05-02\n### Added\n- Search now supports `AND`, `OR` and `NOT` operators and quoted phrases.\n- New `--dry-run` flag for `cli sync`.\n### Fixed\n- Exports no longer drop rows whose name contains a semicolon (#1432).\n- `<br>` tags in imported notes are converted to line breaks instead of shown literally."),
 ("changelog", "v1.19.3\n* fix: escape `%` and `_` in LIKE patterns built from the filter box\n* fix: `select` element in settings lost its value after save\n* chore: bump lodash to 4.17.21\n* docs: explain how to run `make test` on Windows (WSL)"),
 ("changelog", "Release notes 4.0: BREAKING - the `/v1/reports` endpoint is removed; use `/v2/reports?from=...&to=...`. The `union` field on segment rules is renamed to `match_any`. Scripts using `DELETE /v1/cache` should call `POST /v2/cache/purge` instead."),
 ("changelog", "What's new in March: dark mode for the dashboard, keyboard shortcuts (press ? to see them), and faster loading of projects with more than 1000 tasks. We also fixed a bug where the <title> of shared pages showed 'undefined'."),
 ("runbook", "## Disk full on db-replica\n1. `ssh db-replica-2`\n2. `df -h /var/lib/postgresql` - if above 90%, continue.\n3. Check for old WAL: `ls -lh /var/lib/postgresql/16/main/pg_wal | head`\n4. Do NOT delete WAL files by hand. Run `SELECT pg_drop_replication_slot('old_slot');` only if the slot is inactive (check `SELECT slot_name, active FROM pg_replication_slots;`).\n5. Page the DBA on-call if unsure."),
 ("runbook", "Restarting the queue workers:\n```\nkubectl -n jobs rollout restart deployment/worker\nkubectl -n jobs rollout status deployment/worker --timeout=5m\n```\nIf pods stay in CrashLoopBackOff, get logs with `kubectl -n jobs logs deploy/worker --previous | tail -n 100` and attach them to the incident."),
 ("runbook", "To rotate the TLS cert: copy the new fullchain.pem and privkey.pem to /etc/ssl/edge/, then `sudo nginx -t && sudo systemctl reload nginx`. Verify with `openssl s_client -connect api.example.com:443 -servername api.example.com </dev/null | openssl x509 -noout -dates`."),
 ("runbook", "Cache stampede mitigation: set `CACHE_JITTER=30s` in the env, then flush only the affected prefix: `redis-cli --scan --pattern 'catalog:v3:*' | xargs -n 500 redis-cli unlink`. Never run FLUSHALL on the shared cluster."),
 ("incident", "Summary: between 09:12 and 09:47 UTC, 12% of checkout requests failed with 502. Root cause: a config push set the upstream timeout to 1s instead of 10s. Detection: Datadog monitor on p99 latency > 2s. Fix: reverted the config (commit 8f3a2c1). Follow-ups: add validation for timeout < 5s in the config linter."),
 ("incident", "Timeline (all times UTC):\n- 02:14 alert: replication lag > 300s on orders-db\n- 02:20 on-call confirms a long-running query: UPDATE order_items SET price_cents = price_cents * 100 WHERE created_at < '2019-01-01' (from the backfill job)\n- 02:31 job cancelled, lag recovering\n- 02:58 lag < 5s, incident resolved"),
 ("incident", "Postmortem: the nightly cleanup script ran `rm -rf /data/tmp/*` on the wrong mount because TMP_ROOT was unset in the new cron environment. No customer data was lost (backups restored within 40 min). Action items: set -u in all shell scripts; move cleanup to a systemd timer with an explicit WorkingDirectory."),
 ("incident", "Customer impact: users with a '<' or '>' character in their display name saw them rendered as &lt; and &gt; in notification e-mails since release 7.3. Cause: double escaping in the new template engine. Fixed in 7.3.2."),
 ("qa", "How do I pass a variable into an awk script from bash? I tried awk '{ if ($3 > $limit) print $1 }' file.txt but $limit is empty inside awk."),
 ("qa", "Use -v: `awk -v limit=\"$limit\" '$3 > limit { print $1 }' file.txt`. Shell variables aren't expanded inside single quotes, and $limit inside awk means 'the field number limit', which is 0 = whole line."),
 ("qa", "What's the difference between UNION and UNION ALL in SQL? My query SELECT name FROM customers UNION SELECT name FROM suppliers returns fewer rows than I expected."),
 ("qa", "UNION removes duplicates (like a DISTINCT over the whole result), UNION ALL keeps them. If a customer and a supplier share a name, you get one row with UNION and two with UNION ALL. UNION ALL is also faster because it skips the sort/hash."),
 ("qa", "Why does my JavaScript `document.getElementById('total').innerHTML = price * qty` show NaN? price comes from an <input type=\"number\">."),
 ("qa", "input.value is always a string, and an empty string times a number is 0, but 'abc' is NaN. Use Number(input.value) or input.valueAsNumber, and set textContent instead of innerHTML since you're only writing a number."),
 ("qa", "How can I count documents by status in MongoDB? I have { status: 'open' | 'closed', owner: ObjectId } and want something like GROUP BY status."),
 ("qa", "Use the aggregation pipeline: db.tickets.aggregate([{ $match: { owner: ownerId } }, { $group: { _id: \"$status\", n: { $sum: 1 } } }, { $sort: { n: -1 } }]). $match first so it can use the owner index."),
 ("qa", "Is it safe to store the JWT in localStorage or should I use an httpOnly cookie? Our SPA is on app.example.com and the API on api.example.com."),
 ("qa", "In Python, why does os.path.join('/srv/files', '/etc/passwd') return '/etc/passwd'? I expected '/srv/files/etc/passwd'."),
 ("qa", "Because an absolute second argument discards everything before it - that's documented behaviour. If you're joining user-supplied names, resolve the result and check it still starts with your base directory."),
 ("qa", "How do I escape a single quote in a Postgres string? The name O'Brien breaks my INSERT when I type it in psql."),
 ("qa", "Double it: 'O''Brien'. Or use dollar quoting: $$O'Brien$$. In application code, don't build the string at all - use placeholders and let the driver handle it."),
 ("qa", "What does `2>&1` mean at the end of a command like `make build > build.log 2>&1`?"),
 ("qa", "Can someone explain the difference between `$(command)` and backticks in bash? Both seem to work for `today=$(date +%F)`."),
 ("chat", "deploying api v2.14 to staging now, will ping when done. @channel please hold merges to main for ~20 min"),
 ("chat", "anyone know why `SELECT count(*) FROM events;` takes 40s on the new cluster? it's like 200M rows but still"),
 ("chat", "lol the build broke because someone named a branch `fix/<script>-tag-escaping` and the old ci script didn't quote it. renamed it, green now"),
 ("chat", "reminder: standup moved to 10:30 today. agenda -> 1) release 3.2 go/no-go 2) on-call handover 3) the cron that runs `*/5 * * * *` and overlaps itself"),
 ("chat", "can you send me the output of `kubectl get pods -A | grep -v Running`? want to see what's stuck"),
 ("chat", "fyi the customer said their password is like 'p@ss;word&123' and the old form choked on the ampersand. we fixed encoding in 5.1"),
 ("chat", "merged! thanks for the review. the `DROP INDEX CONCURRENTLY` bit runs in a separate migration so it won't be in a transaction"),
 ("note", "Meeting notes 14/05: agreed to drop support for IE11 & Safari < 14. Marketing wants the <video> hero back on the landing page. Action: Priya to estimate the Stripe -> Adyen migration (2 sprints?)."),
 ("note", "Recipe: 200 g flour, 2 eggs, 1/2 cup milk (~120 ml), a pinch of salt. Oven at 180 °C (350 °F) for 25-30 min. Tip: if the top browns too fast, cover with foil & lower to 160 °C."),
 ("note", "Reading list: 'SQL Antipatterns' (Karwin), 'Designing Data-Intensive Applications' (Kleppmann), and the Postgres docs chapter on EXPLAIN. Also the article 'Why you should never use SELECT *'."),
 ("note", "Homework for Tuesday: chapter 7 exercises 1-12. For exercise 5, if x < 3 and y > 2x + 1, find the smallest integer y. Show your work!"),
 ("review", "Approve with one comment: the `exec.Command(\"git\", \"log\", \"--format=%H\", ref)` call is fine because args aren't passed through a shell, but validate that ref doesn't start with '-' so it can't be read as an option."),
 ("ticket", "Our accountant's name is D'Angelo-Smith and the invoice shows D\\'Angelo-Smith with a backslash. Also the company name \"Müller & Söhne GmbH\" shows as M&uuml;ller &amp; S&ouml;hne. Please fix the PDF template."),
 ("ticket", "Feature request: allow <b>bold</b> and <i>italic</i> in product descriptions. Right now the tags show up as text. Markdown would also be fine (**bold**, _italic_)."),
 ("forum", "PSA: the scheduler's syntax is standard cron. `0 9 * * 1-5` means 9:00 on weekdays, `30 2 1 * *` is 02:30 on the 1st of each month. Use crontab.guru if in doubt."),
 ("forum", "For those of you writing shell one-liners in the 'custom command' step: the step runs `sh -c`, not bash, so `[[ ... ]]` and `source` won't work. Use `[ ... ]` and `. ./env.sh`."),
 ("qa", "Why is `1 < 2 < 3` true but `3 > 2 > 1` false in JavaScript?"),
 ("qa", "My XPath //div[@class='price']/text() returns nothing with lxml, but the div is there in the browser. Is the page rendering it with JavaScript?"),
 ("incident", "Between 18:00 and 18:25 the search service returned 0 results for queries containing a hyphen (e.g. 'wi-fi router', 'x-ray'). The new analyzer split on '-' and then the AND operator required the empty token. Rolled back at 18:25."),
 ("note", "TODO: ask legal whether we need a cookie banner for the /docs site. It only sets `_ga` and `theme=dark; path=/; SameSite=Lax`."),
]


def _ticket(c, t, kind="prose"):
    subj = t.split("\n")[0][:70]
    body = {"ticket": {"subject": subj, "comment": {"body": t, "public": True},
                        "priority": c.rng.choice(["low", "normal", "high"]),
                        "requester": {"name": c.rng.choice(["Ana Souza", "Liam O'Connor", "Mei Chen", "Tomasz Nowak"]),
                                      "email": c.rng.choice(["ana@example.com", "liam.oc@example.ie", "mei@example.cn"])},
                        "tags": ["web", "api"]}}
    c.add(kind, "helpdesk", "POST", "/api/v2/tickets.json", "body", jdump(body), api_headers(c))


def _ticket_reply_form(c, t, kind="prose"):
    c.add(kind, "helpdesk-widget", "POST", "/support/tickets/%d/replies" % c.rng.randint(10000, 99999), "body",
          qs([("reply[body]", t), ("reply[private]", "0"), ("commit", "Send")]),
          browser_headers(c, {"Cookie": "_helpdesk_session=%s; locale=en" % token(c, 32),
                              "X-CSRF-Token": token(c, 43)}, ctype="application/x-www-form-urlencoded"))


def _forum(c, t, kind="prose"):
    c.add(kind, "forum", "POST", "/t/%d/posts" % c.rng.randint(1000, 90000), "body",
          qs([("raw", t), ("topic_id", str(c.rng.randint(1000, 90000))), ("nested_post", "true")]),
          browser_headers(c, {"X-Requested-With": "XMLHttpRequest"}, ctype="application/x-www-form-urlencoded; charset=UTF-8"))


def _forum_json(c, t, kind="prose"):
    c.add(kind, "community", "POST", "/api/discussions/%d/comments" % c.rng.randint(100, 9999), "body",
          jdump({"comment": {"body": t, "format": "markdown", "reply_to": c.rng.choice([None, c.rng.randint(1, 5000)])}}),
          browser_headers(c, ctype="application/json"))


def _review(c, t, kind="prose"):
    body = {"body": t, "position": {"base_sha": hexid(c, 40), "head_sha": hexid(c, 40), "start_sha": hexid(c, 40),
                                     "position_type": "text", "new_path": "src/app/handlers.py",
                                     "new_line": c.rng.randint(10, 400)}}
    c.add(kind, "code-review", "POST", "/api/v4/projects/%d/merge_requests/%d/discussions" % (c.rng.randint(10, 999), c.rng.randint(1, 900)),
          "body", jdump(body), api_headers(c, {"PRIVATE-TOKEN": "glpat-" + token(c, 20)}, ctype="application/json"))


def _review_gh(c, t, kind="prose"):
    body = {"body": t, "commit_id": hexid(c, 40), "path": "internal/store/query.go", "line": c.rng.randint(5, 300), "side": "RIGHT"}
    c.add(kind, "code-review", "POST", "/repos/acme/storefront/pulls/%d/comments" % c.rng.randint(1, 4000), "body",
          jdump(body), api_headers(c, {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}))


def _changelog(c, t, kind="prose"):
    body = {"tag_name": "v%d.%d.%d" % (c.rng.randint(1, 9), c.rng.randint(0, 30), c.rng.randint(0, 9)),
            "name": t.split("\n")[0].lstrip("# ")[:60], "body": t, "draft": False, "prerelease": False}
    c.add(kind, "releases", "POST", "/repos/acme/cli/releases", "body", jdump(body), api_headers(c))


def _wiki(c, t, kind="prose"):
    b = "----WebKitFormBoundary" + token(c, 16)
    body = multipart([("title", t.split("\n")[0].lstrip("# ")[:60]), ("content", t), ("format", "markdown"),
                      ("message", "update runbook")], b)
    c.add(kind, "wiki", "POST", "/wiki/ops/pages/edit", "multipart", body,
          browser_headers(c, ctype="multipart/form-data; boundary=" + b))


def _incident(c, t, kind="prose"):
    body = {"incident": {"title": t.split("\n")[0][:80], "status": "resolved", "severity": "SEV2",
                          "summary": t, "services": ["checkout", "orders-db"], "customer_impact": True}}
    c.add(kind, "incident-mgmt", "PATCH", "/v1/incidents/%s" % hexid(c, 12), "body", jdump(body), api_headers(c))


def _qa(c, t, kind="prose"):
    c.add(kind, "qa-site", "POST", "/questions/ask/submit", "body",
          qs([("title", t[:90]), ("post-text", t), ("tagnames", c.rng.choice(["sql postgresql", "bash shell", "javascript dom", "mongodb aggregation", "python"])),
              ("fkey", hexid(c, 32))]),
          browser_headers(c, ctype="application/x-www-form-urlencoded"))


def _answer(c, t, kind="prose"):
    c.add(kind, "qa-site", "POST", "/posts/%d/answer/submit" % c.rng.randint(10**7, 8 * 10**7), "body",
          qs([("post-text", t), ("fkey", hexid(c, 32)), ("author", "")]),
          browser_headers(c, ctype="application/x-www-form-urlencoded"))


def _chat(c, t, kind="prose"):
    body = {"channel": "C0%s" % token(c, 8).upper(), "text": t, "unfurl_links": False}
    c.add(kind, "team-chat", "POST", "/api/chat.postMessage", "body", jdump(body),
          {"Content-Type": "application/json; charset=utf-8", "Authorization": "Bearer xoxb-%d-%d-%s" % (c.rng.randint(10**10, 10**11), c.rng.randint(10**10, 10**11), token(c, 24))})


def _note(c, t, kind="prose"):
    c.add(kind, "notes-app", "PUT", "/api/notes/%s" % uuid(c), "body",
          jdump({"title": t[:40], "content": t, "pinned": False, "labels": ["personal"]}), browser_headers(c, ctype="application/json"))


def _search(c, t, kind="prose"):
    q = " ".join(t.replace("\n", " ").split()[:12])
    c.add(kind, "help-center", "GET", url("/hc/en-us/search", [("utf8", "\u2713"), ("query", q)]), "query", "",
          browser_headers(c))


PLACE = {
    "ticket": [_ticket, _ticket_reply_form, _search],
    "forum": [_forum, _forum_json, _search],
    "review": [_review, _review_gh],
    "changelog": [_changelog, _wiki],
    "runbook": [_wiki, _note, _incident],
    "incident": [_incident, _wiki, _chat],
    "qa": [_qa, _answer, _forum_json, _search],
    "chat": [_chat, _forum_json],
    "note": [_note, _chat, _forum],
}


def build(c):
    for style, t in TEXTS:
        fns = list(PLACE[style])
        c.rng.shuffle(fns)
        n = 2 if len(fns) > 1 else 1
        for f in fns[:n]:
            f(c, t)
