"""Webhook and event payloads in the shapes their vendors document (Slack Events API, Twilio
messaging webhook, PagerDuty v3, Sentry integration platform, Datadog webhooks, Jira Cloud,
GitLab, Bitbucket Cloud, Shopify, SendGrid event webhook, Intercom, Zendesk, Kubernetes
AdmissionReview, CloudEvents). Content is written for this corpus."""
from common import *

SLACK_TEXTS = [
 "can someone run `SELECT * FROM pg_stat_activity WHERE state = 'active';` on prod-ro and paste the result here?",
 "PR is up: <https://github.com/acme/api/pull/812|#812 fix: escape user input in search> :eyes:",
 "the deploy script does `git pull && make build && sudo systemctl restart api` - should we move that to the pipeline?",
 "heads up: <!here> maintenance window tonight 22:00-23:00 CET, the /admin panel will be read-only",
 "what's the regex for matching order ids again? something like `^ORD-\\d{6}$`?",
 "¿alguien sabe si el endpoint `/v2/orders?status=pending&limit=100` pagina con cursor o con offset?",
 "I just noticed `<div class=\"banner\">` is missing on the pricing page after the CMS migration",
 "ok so `cat ~/.ssh/config | grep Host` shows the bastion but `ssh bastion` times out. VPN is on.",
 "today's lunch poll: 1) tacos 2) ramen 3) salad & soup. vote with :one: :two: :three:",
]

TWILIO_BODIES = [
 "STOP", "Yes, 3pm works. See you at 1201 O'Farrell St #4", "Can I change my order to 2x large & 1x medium?",
 "Kod potwierdzający: 481 093. Nie udostępniaj go nikomu.", "Running 10 min late <- traffic on I-5", "What's the price for the 5' x 8' rug?",
]

SHOPIFY_NOTES = [
 "Please leave at the back door (gate code #4521*). Don't ring the bell - baby sleeping!",
 "Gift message: Happy 30th, Sam! <3 Love, Jo & Max",
 "Deliver after 5 pm; apt 3B (use side entrance on O'Connell St)",
]

SENTRY_ERRORS = [
 ("TypeError", "Cannot read properties of undefined (reading 'map')", "components/OrderList.tsx", "orders.data.map((o) => <OrderRow key={o.id} order={o} />)"),
 ("OperationalError", "(psycopg2.errors.QueryCanceled) canceling statement due to statement timeout [SQL: SELECT orders.id, orders.total FROM orders WHERE orders.customer_id = %(customer_id_1)s ORDER BY orders.created_at DESC]", "app/repo/orders.py", "rows = session.execute(stmt).all()"),
 ("FileNotFoundError", "[Errno 2] No such file or directory: '/srv/app/uploads/tmp/abc123.part'", "app/storage/local.py", "with open(path, 'rb') as fh:"),
 ("SyntaxError", "Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON", "lib/api.ts", "const data = await res.json();"),
 ("CalledProcessError", "Command '['convert', 'in.png', '-resize', '50%', 'out.png']' returned non-zero exit status 1.", "workers/thumbs.py", "subprocess.run(cmd, check=True)"),
]


def slack(c, text):
    ev = {"token": token(c, 24), "team_id": "T0" + token(c, 8).upper(), "api_app_id": "A0" + token(c, 8).upper(),
          "event": {"type": "message", "channel": "C0" + token(c, 8).upper(), "user": "U0" + token(c, 8).upper(),
                    "text": text, "ts": "1715600%03d.%06d" % (c.rng.randint(0, 999), c.rng.randint(0, 999999)),
                    "event_ts": "1715600123.000200", "channel_type": "channel"},
          "type": "event_callback", "event_id": "Ev0" + token(c, 9).upper(), "event_time": 1715600123}
    c.add("webhook", "slack", "POST", "/slack/events", "body", jdump(ev, True),
          {"Content-Type": "application/json", "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
           "X-Slack-Request-Timestamp": "1715600123", "X-Slack-Signature": "v0=" + hexid(c, 64)})


def slack_command(c, cmd, text):
    c.add("webhook", "slack", "POST", "/slack/commands", "body",
          qs([("token", token(c, 24)), ("team_id", "T0001"), ("team_domain", "acme"), ("channel_id", "C2147483705"),
              ("channel_name", "ops"), ("user_id", "U2147483697"), ("user_name", "priya"), ("command", cmd), ("text", text),
              ("response_url", "https://hooks.slack.com/commands/1234/5678"), ("trigger_id", "13345224609.738474920.8088930838d88f008e0")]),
          {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
           "X-Slack-Request-Timestamp": "1715600123", "X-Slack-Signature": "v0=" + hexid(c, 64)})


def twilio(c, body):
    sid = "SM" + hexid(c, 32)
    c.add("webhook", "twilio", "POST", "/twilio/sms/inbound", "body",
          qs([("ToCountry", "US"), ("ToState", "CA"), ("SmsMessageSid", sid), ("NumMedia", "0"), ("ToCity", "SAN FRANCISCO"),
              ("FromZip", "94103"), ("SmsSid", sid), ("FromState", "CA"), ("SmsStatus", "received"), ("FromCity", "SAN FRANCISCO"),
              ("Body", body), ("FromCountry", "US"), ("To", "+14155550100"), ("ToZip", "94105"), ("NumSegments", "1"),
              ("MessageSid", sid), ("AccountSid", "AC" + hexid(c, 32)), ("From", "+1415555%04d" % c.rng.randint(0, 9999)), ("ApiVersion", "2010-04-01")]),
          {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "TwilioProxy/1.1", "X-Twilio-Signature": token(c, 27) + "="})


def build(c):
    for t in SLACK_TEXTS:
        slack(c, t)
    slack_command(c, "/deploy", "api --env=staging --ref=release/2.14 && notify #ops")
    slack_command(c, "/sql", "select count(*) from signups where created_at > now() - interval '1 day'")
    slack_command(c, "/remind", "me to \"check the <Grafana> dashboard\" in 2 hours")
    for b in TWILIO_BODIES:
        twilio(c, b)
    # PagerDuty v3
    for title, status in [("High error rate on checkout-api: 5xx > 2% for 10m", "triggered"),
                          ("Disk usage /var/lib/mysql > 90% on db-3", "acknowledged"),
                          ("[FIRING:1] KubePodCrashLooping (prod/api-7d9f <crash>)", "resolved")]:
        ev = {"event": {"id": uuid(c), "event_type": "incident." + status, "resource_type": "incident", "occurred_at": "2024-05-13T11:02:44.000Z",
                        "agent": {"html_url": "https://acme.pagerduty.com/users/PLH1HKV", "id": "PLH1HKV", "self": "https://api.pagerduty.com/users/PLH1HKV", "summary": "Tenex Engineer", "type": "user_reference"},
                        "client": None,
                        "data": {"id": "Q" + token(c, 13).upper(), "type": "incident", "self": "https://api.pagerduty.com/incidents/Q0ZNH7TDQBOO54", "html_url": "https://acme.pagerduty.com/incidents/Q0ZNH7TDQBOO54",
                                 "number": c.rng.randint(100, 9000), "status": status, "incident_key": hexid(c, 32), "created_at": "2024-05-13T10:58:01Z", "title": title,
                                 "service": {"html_url": "https://acme.pagerduty.com/services/PF9KMXH", "id": "PF9KMXH", "self": "https://api.pagerduty.com/services/PF9KMXH", "summary": "checkout", "type": "service_reference"},
                                 "assignees": [{"html_url": "https://acme.pagerduty.com/users/PTUXL6G", "id": "PTUXL6G", "summary": "Laura O'Hara", "type": "user_reference"}],
                                 "escalation_policy": {"id": "PUS0KTE", "summary": "Default", "type": "escalation_policy_reference"},
                                 "teams": [], "priority": {"id": "PSO75BM", "summary": "P1", "type": "priority_reference"}, "urgency": "high", "conference_bridge": None, "resolve_reason": None}}}
        c.add("webhook", "pagerduty", "POST", "/hooks/pagerduty", "body", jdump(ev),
              {"Content-Type": "application/json", "User-Agent": "PagerDuty-Webhook/V3.0", "X-PagerDuty-Signature": "v1=" + hexid(c, 64), "X-Webhook-Id": uuid(c)})
    # PagerDuty annotate note
    c.add("webhook", "pagerduty", "POST", "/hooks/pagerduty", "body", jdump({"event": {"id": uuid(c), "event_type": "incident.annotated", "resource_type": "incident", "occurred_at": "2024-05-13T11:20:00.000Z",
          "data": {"incident": {"id": "Q0ZNH7TDQBOO54", "type": "incident_reference"}, "content": "Mitigated by `kubectl scale deploy/api --replicas=12`; root cause is the N+1 query in GET /orders?include=items", "trimmed": False, "type": "incident_note"}}}),
          {"Content-Type": "application/json", "User-Agent": "PagerDuty-Webhook/V3.0", "X-PagerDuty-Signature": "v1=" + hexid(c, 64)})
    # Sentry issue alert
    for typ, val, fn, line in SENTRY_ERRORS:
        ev = {"action": "triggered", "actor": {"id": "sentry", "name": "Sentry", "type": "application"},
              "data": {"event": {"event_id": hexid(c, 32), "level": "error", "platform": "python" if fn.endswith(".py") else "javascript",
                                 "title": "%s: %s" % (typ, val[:80]), "culprit": fn, "message": "",
                                 "exception": {"values": [{"type": typ, "value": val, "stacktrace": {"frames": [{"filename": fn, "lineno": c.rng.randint(10, 300), "function": "handler", "context_line": line, "in_app": True}]}}]},
                                 "tags": [["environment", "production"], ["release", "web@2024.05.13"], ["url", "https://app.example.com/orders?page=2&sort=-created"]],
                                 "request": {"url": "https://app.example.com/orders", "method": "GET", "query_string": "page=2&sort=-created", "headers": [["Accept", "text/html,application/xhtml+xml"]]},
                                 "issue_url": "https://sentry.io/api/0/issues/%d/" % c.rng.randint(10**9, 2 * 10**9), "web_url": "https://sentry.io/organizations/acme/issues/1117540176/"},
                       "triggered_rule": "New issue in production"},
              "installation": {"uuid": uuid(c)}}
        c.add("webhook", "sentry", "POST", "/integrations/sentry/webhook", "body", jdump(ev),
              {"Content-Type": "application/json", "Request-ID": uuid(c), "Sentry-Hook-Resource": "event_alert", "Sentry-Hook-Timestamp": "1715600123", "Sentry-Hook-Signature": hexid(c, 64)})
    # Datadog (user-defined payload template with documented $-variables filled in)
    for title, q, msg in [("[Triggered] CPU > 90% on {host:web-4}", "avg(last_5m):avg:system.cpu.user{role:web} by {host} > 90", "CPU is high on web-4 @webhook-ops @slack-ops-alerts\nRunbook: https://wiki.example.com/runbooks/cpu"),
                          ("[Recovered] Error budget burn checkout", "sum(last_1h):sum:trace.http.request.errors{service:checkout}.as_count() / sum:trace.http.request.hits{service:checkout}.as_count() > 0.02", "Recovered. Check `GET /api/cart?session=...` errors in APM."),
                          ("[Warn] Log errors: 'ERROR: duplicate key value violates unique constraint \"users_email_key\"'", "logs(\"service:signup status:error\").index(\"*\").rollup(\"count\").last(\"15m\") > 50", "Many duplicate-key errors on INSERT INTO users; probably the double-submit bug again.")]:
        c.add("webhook", "datadog", "POST", "/hooks/datadog", "body", jdump({"id": str(c.rng.randint(10**18, 2 * 10**18)), "last_updated": "1715600123000", "event_type": "query_alert_monitor",
              "title": title, "date": "1715600123000", "org": {"id": "12345", "name": "Acme"}, "body": msg, "alert_query": q, "alert_status": title.split("]")[0] + "]", "alert_transition": title[1:title.index("]")],
              "tags": "env:prod,team:platform,service:checkout", "link": "https://app.datadoghq.com/event/event?id=7301234567"}), {"Content-Type": "application/json", "User-Agent": "Datadog Webhook"})
    # Jira Cloud
    for summ, desc, ch in [("Search breaks on queries with 'OR'", "Typing `red OR blue` in the product search returns nothing. Expected: union of both results. Reproduced on staging.", None),
                           ("Replace raw SQL in ReportService", "ReportService.java builds `\"... WHERE name LIKE '%\" + term + \"%'\"`. Move to JPA Criteria or a prepared statement.", "In Progress"),
                           ("Broken <table> layout in invoice e-mail", "Outlook 2016 ignores `style=\"width:100%\"` on the nested table; use the width attribute.", "Done")]:
        ev = {"timestamp": 1715600123456, "webhookEvent": "jira:issue_updated" if ch else "jira:issue_created", "issue_event_type_name": "issue_generic",
              "user": {"accountId": "5b10a2844c20165700ede21g", "displayName": "Mia Krystof", "active": True, "timeZone": "Europe/Prague"},
              "issue": {"id": str(c.rng.randint(10000, 99999)), "key": "WEB-%d" % c.rng.randint(100, 9999),
                        "fields": {"summary": summ, "description": desc, "issuetype": {"name": "Bug"}, "priority": {"name": "High"}, "labels": ["search", "backend"],
                                   "status": {"name": ch or "To Do"}, "project": {"key": "WEB", "name": "Website"}}}}
        if ch:
            ev["changelog"] = {"id": "10081", "items": [{"field": "status", "fieldtype": "jira", "from": "10000", "fromString": "To Do", "to": "3", "toString": ch}]}
        c.add("webhook", "jira", "POST", "/rest/webhooks/jira?user_id=admin&issue_key=%s" % ev["issue"]["key"], "body", jdump(ev),
              {"Content-Type": "application/json; charset=UTF-8", "User-Agent": "Atlassian Webhook HTTP Client", "X-Atlassian-Webhook-Identifier": str(c.rng.randint(10**5, 10**6))})
    c.add("webhook", "jira", "POST", "/rest/webhooks/jira", "body", jdump({"timestamp": 1715600999000, "webhookEvent": "comment_created",
          "comment": {"id": "10044", "body": "Verified on staging. SQL trace shows one `SELECT ... IN (?, ?, ?)` instead of 40 single selects now.\n{code:sql}\nSELECT id, sku FROM items WHERE order_id IN (?, ?, ?)\n{code}",
                      "author": {"displayName": "Kofi Mensah"}}, "issue": {"key": "WEB-5821"}}), {"Content-Type": "application/json; charset=UTF-8", "User-Agent": "Atlassian Webhook HTTP Client"})
    # GitLab
    for msg in ["fix(api): quote identifiers in ORDER BY builder\n\nUsers could sort by a column name containing a space.",
                "chore: bump alpine to 3.19; run `apk add --no-cache curl bash` in one layer",
                "feat(ui): render <details> blocks in release notes"]:
        ev = {"object_kind": "push", "event_name": "push", "before": hexid(c, 40), "after": hexid(c, 40), "ref": "refs/heads/main", "checkout_sha": hexid(c, 40),
              "user_id": 4, "user_name": "Siobhán O'Reilly", "user_username": "soreilly", "project_id": 15,
              "project": {"id": 15, "name": "api", "path_with_namespace": "acme/api", "web_url": "https://gitlab.example.com/acme/api", "default_branch": "main"},
              "commits": [{"id": hexid(c, 40), "message": msg, "title": msg.split("\n")[0], "timestamp": "2024-05-13T11:02:44+02:00",
                           "url": "https://gitlab.example.com/acme/api/-/commit/" + hexid(c, 40), "author": {"name": "Siobhán O'Reilly", "email": "soreilly@example.com"},
                           "added": [], "modified": ["internal/sql/order_by.go", "internal/sql/order_by_test.go"], "removed": []}],
              "total_commits_count": 1, "repository": {"name": "api", "url": "git@gitlab.example.com:acme/api.git", "homepage": "https://gitlab.example.com/acme/api"}}
        c.add("webhook", "gitlab", "POST", "/webhooks/gitlab", "body", jdump(ev), {"Content-Type": "application/json", "X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": token(c, 20), "User-Agent": "GitLab/16.11.1"})
    c.add("webhook", "gitlab", "POST", "/webhooks/gitlab", "body", jdump({"object_kind": "note", "event_type": "note", "user": {"name": "Arjun Rao", "username": "arjun"},
          "project_id": 15, "object_attributes": {"id": 1244, "note": "Could we use `git rev-parse --abbrev-ref HEAD` here instead of parsing `.git/HEAD` manually?", "noteable_type": "MergeRequest", "url": "https://gitlab.example.com/acme/api/-/merge_requests/1#note_1244"},
          "merge_request": {"iid": 1, "title": "Use ../shared/config in tests", "source_branch": "feature/shared-config", "target_branch": "main"}}),
          {"Content-Type": "application/json", "X-Gitlab-Event": "Note Hook", "X-Gitlab-Token": token(c, 20)})
    c.add("webhook", "gitlab", "POST", "/webhooks/gitlab", "body", jdump({"object_kind": "pipeline", "object_attributes": {"id": 31, "ref": "main", "status": "failed", "stages": ["build", "test", "deploy"], "duration": 63},
          "builds": [{"id": 380, "stage": "test", "name": "test:unit", "status": "failed", "failure_reason": "script_failure"}], "commit": {"message": "test: add case for path ../../config.yml rejection"}}),
          {"Content-Type": "application/json", "X-Gitlab-Event": "Pipeline Hook"})
    # Bitbucket Cloud
    for title, desc in [("Drop legacy /v1 endpoints", "Removes `UNION`-based reporting query and the v1 routes. See migration guide."),
                        ("Fix select2 dropdown in IE mode", "The `<select multiple>` widget lost focus styles.")]:
        c.add("webhook", "bitbucket", "POST", "/hooks/bitbucket", "body", jdump({"pullrequest": {"id": c.rng.randint(1, 900), "title": title, "description": desc, "state": "OPEN",
              "author": {"display_name": "Jean-Luc Picard", "uuid": "{%s}" % uuid(c)}, "source": {"branch": {"name": "feature/" + title.lower().replace(" ", "-")[:20]}}, "destination": {"branch": {"name": "main"}}},
              "repository": {"full_name": "acme/web", "uuid": "{%s}" % uuid(c)}, "actor": {"display_name": "Jean-Luc Picard"}}),
              {"Content-Type": "application/json", "X-Event-Key": "pullrequest:created", "X-Request-UUID": uuid(c), "User-Agent": "Bitbucket-Webhooks/2.0"})
    c.add("webhook", "bitbucket", "POST", "/hooks/bitbucket", "body", jdump({"push": {"changes": [{"new": {"type": "branch", "name": "main", "target": {"hash": hexid(c, 40), "message": "Merged in fix/escape-quotes (pull request #77)\n\nEscape ' and \" in CSV export"}}, "old": {"type": "branch", "name": "main"}}]},
          "repository": {"full_name": "acme/web"}, "actor": {"display_name": "Zoë Ørsted"}}), {"Content-Type": "application/json", "X-Event-Key": "repo:push", "User-Agent": "Bitbucket-Webhooks/2.0"})
    # Shopify orders/create
    for note in SHOPIFY_NOTES:
        c.add("webhook", "shopify", "POST", "/webhooks/shopify/orders-create", "body", jdump({"id": c.rng.randint(10**12, 10**13), "email": "jon.o'brien@example.com", "created_at": "2024-05-13T11:02:44-04:00",
              "currency": "USD", "total_price": "129.95", "subtotal_price": "119.95", "total_tax": "10.00", "note": note, "tags": "vip, repeat-customer",
              "note_attributes": [{"name": "gift_wrap", "value": "yes"}, {"name": "how_did_you_hear", "value": "Friend's recommendation"}],
              "line_items": [{"id": c.rng.randint(10**12, 10**13), "title": "Men's 5-Pocket Jean - 32\" x 34\"", "quantity": 1, "sku": "MJ-5P-32/34-IND", "price": "79.95", "vendor": "Levi's"},
                             {"id": c.rng.randint(10**12, 10**13), "title": "Socks 3-pack (M/L)", "quantity": 2, "sku": "SK-3P-ML", "price": "20.00"}],
              "shipping_address": {"first_name": "Jon", "last_name": "O'Brien", "address1": "1201 O'Farrell St", "address2": "Apt #4", "city": "San Francisco", "province_code": "CA", "zip": "94109", "country_code": "US"}}),
              {"Content-Type": "application/json", "X-Shopify-Topic": "orders/create", "X-Shopify-Shop-Domain": "acme-store.myshopify.com", "X-Shopify-Hmac-Sha256": token(c, 43) + "=", "X-Shopify-API-Version": "2024-04", "X-Shopify-Webhook-Id": uuid(c)})
    # SendGrid event webhook (batched array)
    for ua in ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
               "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"]:
        c.add("webhook", "sendgrid", "POST", "/hooks/sendgrid/events", "body", jdump([
              {"email": "ana@example.com", "timestamp": 1715600123, "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>", "event": "delivered", "category": ["receipts"], "sg_event_id": token(c, 22), "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0", "response": "250 2.0.0 OK  1715600123 d2-20020a17090a0c0200b002a2f0e0f3b5si123456pjd.123 - gsmtp"},
              {"email": "ana@example.com", "timestamp": 1715600400, "event": "click", "url": "https://shop.example.com/track?order=1042&utm_source=email&utm_medium=receipt&redirect=%2Forders%2F1042", "useragent": ua, "ip": "203.0.113.7", "sg_event_id": token(c, 22)},
              {"email": "bob@example", "timestamp": 1715600500, "event": "bounce", "reason": "550 5.1.1 <bob@example>: Recipient address rejected: User unknown in virtual mailbox table", "status": "5.1.1", "type": "bounce"}]),
              {"Content-Type": "application/json", "User-Agent": "SendGrid Event API", "X-Twilio-Email-Event-Webhook-Signature": token(c, 96), "X-Twilio-Email-Event-Webhook-Timestamp": "1715600600"})
    # Intercom
    for body in ["<p>Hi! I can't log in, it says \"Invalid credentials\" but I just reset my password.</p>",
                 "<p>Is there a way to export all conversations? I tried <code>GET /conversations?per_page=150</code> but only get 20.</p>",
                 "<p>Ich möchte mein Abo kündigen &amp; die Daten löschen lassen.</p><p>Danke!</p>"]:
        c.add("webhook", "intercom", "POST", "/intercom/webhook", "body", jdump({"type": "notification_event", "app_id": "ecahpwf5", "id": "notif_" + uuid(c), "topic": "conversation.user.created",
              "created_at": 1715600123, "delivery_attempts": 1, "first_sent_at": 1715600123,
              "data": {"type": "notification_event_data", "item": {"type": "conversation", "id": str(c.rng.randint(10**11, 10**12)), "created_at": 1715600120,
                       "source": {"type": "conversation", "delivered_as": "customer_initiated", "subject": "", "body": body, "author": {"type": "user", "name": "Noa Ben-David", "email": "noa@example.co.il"}},
                       "state": "open", "tags": {"type": "tag.list", "tags": []}}}}), {"Content-Type": "application/json", "User-Agent": "Intercom-Webhooks-Robot", "X-Hub-Signature": "sha1=" + hexid(c, 40)})
    # Zendesk (trigger/target with placeholders rendered)
    for subj, desc in [("Order #1042 arrived damaged", "The box was crushed & the glass jar broke. Photo attached. Order placed 05/10 via app."),
                       ("API: 422 on PUT /api/v2/users/me", "Body: {\"user\": {\"name\": \"Renée L'Écuyer\"}} -> 422 'Name is invalid'. Apostrophe problem?"),
                       ("Can't unsubscribe", "Clicking 'unsubscribe' opens https://mail.example.com/u?e=joe%40example.com&t=abc and shows <blank page>.")]:
        c.add("webhook", "zendesk", "POST", "/zendesk/trigger", "body", jdump({"ticket": {"id": c.rng.randint(1000, 99999), "subject": subj, "description": desc, "status": "new",
              "requester": {"name": "Renée L'Écuyer", "email": "renee@example.fr"}, "tags": ["web_widget", "tier_2"], "via": {"channel": "web"}, "url": "https://acme.zendesk.com/agent/tickets/4521"}}),
              {"Content-Type": "application/json", "User-Agent": "Zendesk Webhook", "X-Zendesk-Webhook-Signature": token(c, 43) + "=", "X-Zendesk-Webhook-Signature-Timestamp": "2024-05-13T11:02:44Z"})
    # Kubernetes AdmissionReview
    pods = [
        {"name": "migrate-db", "image": "registry.example.com/api:2.14.0", "command": ["/bin/sh", "-c"], "args": ["./manage.py migrate --noinput && ./manage.py collectstatic --noinput"]},
        {"name": "backup", "image": "postgres:16-alpine", "command": ["sh", "-c", "pg_dump -h $DB_HOST -U $DB_USER app | gzip > /backup/app-$(date +%Y%m%d).sql.gz"]},
        {"name": "nginx", "image": "nginx:1.25", "args": ["nginx", "-g", "daemon off;"], "readinessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]}}},
        {"name": "logrotate", "image": "busybox:1.36", "command": ["sh", "-c", "while true; do find /var/log/app -name '*.log' -size +100M -exec truncate -s 0 {} \\; ; sleep 3600; done"]},
    ]
    for spec in pods:
        ar = {"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1", "request": {"uid": uuid(c),
              "kind": {"group": "", "version": "v1", "kind": "Pod"}, "resource": {"group": "", "version": "v1", "resource": "pods"},
              "requestKind": {"group": "", "version": "v1", "kind": "Pod"}, "requestResource": {"group": "", "version": "v1", "resource": "pods"},
              "namespace": "prod", "operation": "CREATE", "userInfo": {"username": "system:serviceaccount:kube-system:replicaset-controller", "groups": ["system:serviceaccounts", "system:authenticated"]},
              "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"generateName": spec["name"] + "-", "namespace": "prod", "labels": {"app": spec["name"]},
                                                                         "annotations": {"kubectl.kubernetes.io/default-container": spec["name"]}},
                         "spec": {"containers": [dict(spec, volumeMounts=[{"name": "data", "mountPath": "/var/lib/data"}])], "volumes": [{"name": "data", "hostPath": {"path": "/mnt/disks/ssd0", "type": "Directory"}}]}},
              "oldObject": None, "dryRun": False, "options": {"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1"}}}
        c.add("webhook", "k8s-admission", "POST", "/validate-pods?timeout=10s", "body", jdump(ar), {"Content-Type": "application/json", "Accept": "application/json, */*", "User-Agent": "kube-apiserver-admission"})
    # CloudEvents (structured and binary mode)
    for typ, data in [("com.github.pull_request.opened", {"title": "Sanitise ../ in upload names", "number": 77}),
                      ("io.cloudevents.storage.object.finalized", {"bucket": "uploads-prod", "name": "invoices/2024/05/INV-0042 (copy).pdf", "contentType": "application/pdf", "size": "48213"}),
                      ("com.example.order.shipped", {"orderId": "ORD-104233", "carrier": "UPS", "tracking": "1Z999AA10123456784", "note": "Left at front door <signed: J. O'Neil>"})]:
        c.add("webhook", "cloudevents", "POST", "/events", "body", jdump({"specversion": "1.0", "type": typ, "source": "//example.com/" + typ.split(".")[1], "id": uuid(c),
              "time": "2024-05-13T11:02:44Z", "datacontenttype": "application/json", "data": data}), {"Content-Type": "application/cloudevents+json; charset=utf-8"})
    c.add("webhook", "cloudevents", "POST", "/events", "body", jdump({"reading": 21.5, "unit": "°C", "expr": "avg(temp) > 20 && humidity < 0.6"}),
          {"Content-Type": "application/json", "ce-specversion": "1.0", "ce-type": "com.example.sensor.reading", "ce-source": "/sensors/hall-3/temp", "ce-id": uuid(c), "ce-time": "2024-05-13T11:02:44Z", "ce-subject": "rooms/3/temperature"})
    c.add("webhook", "cloudevents", "POST", "/events/batch", "body", jdump([
          {"specversion": "1.0", "type": "com.example.user.updated", "source": "/users", "id": uuid(c), "data": {"displayName": "D'Arcy <Admin>", "changed": ["displayName"]}},
          {"specversion": "1.0", "type": "com.example.user.deleted", "source": "/users", "id": uuid(c), "data": {"id": "u_9912", "reason": "requested via DELETE /v1/users/u_9912"}}]),
          {"Content-Type": "application/cloudevents-batch+json"})
