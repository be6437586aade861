"""More placements: benign values in URL paths and cookies, and a few more webhook shapes
(Prometheus Alertmanager, Grafana, Mailgun inbound routes, SendGrid Inbound Parse, Typeform,
Discord interactions, Microsoft Teams outgoing webhooks, Twilio status callbacks)."""
from common import *

PATHS = [
 ("encyclopedia", "/wiki/Select_(SQL)"), ("encyclopedia", "/wiki/Union_(set_theory)"), ("encyclopedia", "/wiki/C%2B%2B"),
 ("encyclopedia", "/wiki/O%27Hare_International_Airport"), ("encyclopedia", "/wiki/2,4-Dinitrophenol"),
 ("code-host", "/api/v4/projects/acme%2Fapi/repository/files/config%2Fdatabase.yml/raw?ref=main"),
 ("code-host", "/api/v4/projects/acme%2Fapi/repository/files/scripts%2Fdeploy.sh?ref=release%2F2.14"),
 ("object-store", "/storage/v1/b/acme-uploads/o/photos%2F2024%2Fbeach%20(1).jpg?alt=media"),
 ("object-store", "/acme-reports/2024/Q1/revenue%20by%20region%20%26%20channel.xlsx"),
 ("registry", "/v2/library/nginx/manifests/1.25-alpine"), ("registry", "/@types%2fnode"),
 ("forum", "/r/commandline/comments/1c9x2f/til_about_xargs_0_and_find_print0/"),
 ("docs", "/docs/cli/commands/rm"), ("docs", "/docs/reference/sql/select#union-clause"),
 ("crm", "/api/contacts/by-name/D%27Angelo%20Russell"), ("maps", "/maps/place/Caf%C3%A9+de+l%27%C3%89poque/@48.8566,2.3522,17z"),
 ("shop", "/collections/men's-jeans/products/5-pocket-32x34"), ("tags", "/questions/tagged/c%23+or+.net"),
]

COOKIES = [
 "_rails_app_session=bE9xMlN0ZkRyUGpVQ0tTV1pLbWZ6dz09LS1ZbWF4T0lzZ3lQa0NqV0N6--4c2d3e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d; remember_user_token=W1sxMjNdLCIkMmEkMTEkNHJ0Il0%3D--7a1b2c3d",
 "csrftoken=Zx9Kq2LmN8pR4tV6wY0aB3cD5eF7gH9i; sessionid=8f2k3l4m5n6o7p8q9r0s1t2u3v4w5x6y; django_language=pt-br",
 "PHPSESSID=9c1185a5c5e9fc54612808977ee8f548; wordpress_test_cookie=WP%20Cookie%20check",
 "JSESSIONID=node01ho7s2ga4mx1x1ck8p9lh0jxz0.node0; Path=/",
 "XSRF-TOKEN=eyJpdiI6IkR6c1dQb2xPeW5YeGlPK1wvRFhMYnV3PT0iLCJ2YWx1ZSI6IlVpT3VXV3J4In0%3D; laravel_session=eyJpdiI6Ik1abXB5In0%3D",
 "ajs_user_id=%22u_42%22; ajs_anonymous_id=%22c1f2a3b4-5d6e-4f70-8a9b-0c1d2e3f4a5b%22; ajs_group_id=null",
 "_hjSessionUser_3047711=eyJpZCI6ImE0ZjNiYzEyLTVkNmUtNGY3MC04YTliLTBjMWQyZTNmNGE1YiIsImNyZWF0ZWQiOjE3MTU1OTA5NjQxMjMsImV4aXN0aW5nIjp0cnVlfQ==",
 "cookie_consent={\"necessary\":true,\"analytics\":false,\"marketing\":false}; consent_version=3",
 "saved_search=status%3Aopen%20AND%20label%3Abug%20OR%20label%3Aregression; view=board",
 "redirect_after_login=%2Fadmin%2Fsettings%3Ftab%3Dusers%26sort%3D-created; __Host-csrf=abc123def456",
 "last_query=select%20box%20styles%20%3Cselect%3E; recent=rm%20-rf%20node_modules",
 "intercom-session-ecahpwf5=cWxNTTlMcUpNRkdKMVZ4c2I1ZkZ6RjZZU2hXY0xkY1E2T3ZPQnFmZz09LS1kL0ZHUFZIanFYdC84UjlDWFBmQ0pBPT0%3D--9a1f; intercom-device-id-ecahpwf5=5d6e4f70",
 "_shopify_y=5C2F1C6E-8A9B-4D0C-9E1F-2A3B4C5D6E7F; cart_currency=USD; cart_ts=1715590964; secure_customer_sig=",
 "name=Se%C3%A1n%20O%27Connor; tz=America%2FNew_York; units=imperial; height=5%2710%22",
]


def build(c):
    for app, p in PATHS:
        c.add("data", app, "GET", p, "path", "", browser_headers(c))
    for ck in COOKIES:
        c.add("data", "web", "GET", c.rng.choice(["/dashboard", "/account", "/cart", "/api/v1/me"]), "cookie", "", browser_headers(c, {"Cookie": ck}))
    k = "webhook"
    # Prometheus Alertmanager webhook_config payload (version 4)
    for name, desc, st in [("HighErrorRate", "5xx ratio {{ $value }} > 0.05 on /api/orders?status=open", "firing"),
                           ("DiskWillFillIn4Hours", "predict_linear(node_filesystem_free_bytes[6h], 4*3600) < 0 on db-1:/var/lib/mysql", "resolved")]:
        c.add(k, "alertmanager", "POST", "/hooks/alertmanager", "body", jdump({"version": "4", "groupKey": "{}:{alertname=\"%s\"}" % name, "truncatedAlerts": 0, "status": st, "receiver": "ops-webhook",
              "groupLabels": {"alertname": name}, "commonLabels": {"alertname": name, "severity": "page"}, "commonAnnotations": {"description": desc},
              "externalURL": "http://alertmanager.internal:9093", "alerts": [{"status": st, "labels": {"alertname": name, "instance": "db-1:9100", "job": "node"}, "annotations": {"description": desc, "runbook_url": "https://wiki.example.com/runbooks/disk?section=cleanup&env=prod"},
              "startsAt": "2024-05-13T09:02:44.123Z", "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prometheus.internal:9090/graph?g0.expr=rate%28http_requests_total%7Bstatus%3D~%225..%22%7D%5B5m%5D%29+%3E+0.05&g0.tab=1", "fingerprint": hexid(c, 16)}]}),
              {"Content-Type": "application/json", "User-Agent": "Alertmanager/0.27.0"})
    c.add(k, "grafana", "POST", "/hooks/grafana", "body", jdump({"receiver": "ops", "status": "firing", "orgId": 1, "title": "[FIRING:1] Slow queries (mysql-prod)",
          "message": "**Firing**\n\nValue: B=2.4s\nLabels:\n - alertname = Slow queries\n - query = SELECT * FROM orders WHERE customer_id = ? ORDER BY created_at DESC\nSource: https://grafana.example.com/alerting/grafana/abc/view?orgId=1",
          "alerts": [{"status": "firing", "labels": {"alertname": "Slow queries", "db": "mysql-prod"}, "valueString": "[ var='B' labels={db=mysql-prod} value=2.4 ]"}]}),
          {"Content-Type": "application/json", "User-Agent": "Grafana"})
    # Mailgun inbound route (multipart/form-data, documented field names)
    for subj, plain, html in [("Re: Invoice #2024-0815", "Hi,\n\nthe VAT id is wrong, see below.\n\n> On Mon, 13 May 2024 at 09:02, Billing <billing@example.com> wrote:\n> Please find attached...", "<div dir=\"ltr\">Hi,<br><br>the VAT id is wrong, see below.</div><div class=\"gmail_quote\"><blockquote class=\"gmail_quote\" style=\"margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex\">Please find attached...</blockquote></div>"),
                              ("Can't run the installer", "When I run `sudo ./install.sh --prefix=/opt/app` it says: permission denied.\nUbuntu 22.04.", "<p>When I run <code>sudo ./install.sh --prefix=/opt/app</code> it says: <i>permission denied</i>.</p><p>Ubuntu 22.04.</p>")]:
        b = "----------" + hexid(c, 24)
        c.add(k, "mailgun-inbound", "POST", "/inbound/mailgun", "multipart", multipart([("recipient", "support@example.com"), ("sender", "renee@example.fr"), ("from", "Renée L'Écuyer <renee@example.fr>"), ("subject", subj),
              ("body-plain", plain), ("stripped-text", plain.split("\n>")[0]), ("body-html", html), ("timestamp", "1715600123"), ("token", hexid(c, 50)), ("signature", hexid(c, 64)),
              ("message-headers", jdump([["Received", "by mail.example.fr with SMTP id abc123"], ["Content-Type", "multipart/alternative; boundary=\"000000000000abc\""], ["Subject", subj]], True))], b),
              {"Content-Type": "multipart/form-data; boundary=" + b, "User-Agent": "mailgun/treq-18.6.0"})
    for subj, text in [("Order question", "Hello, is the 5' x 8' rug available in grey? Thanks, Jo"), ("Unsubscribe", "Please remove me from <all> lists. -- Sent from my iPhone")]:
        b = "xYzZY"
        c.add(k, "sendgrid-inbound", "POST", "/inbound/sendgrid", "multipart", multipart([("headers", "Received: by mx0047p1mdw1.sendgrid.net with SMTP id 6WCVv7KAWn\nFrom: Jo <jo@example.com>\nSubject: %s\nMIME-Version: 1.0" % subj),
              ("dkim", "{@example.com : pass}"), ("to", "shop@parse.example.com"), ("text", text), ("html", "<div>%s</div>" % text.replace("<", "&lt;").replace(">", "&gt;")), ("from", "Jo <jo@example.com>"), ("sender_ip", "209.85.220.41"),
              ("envelope", jdump({"to": ["shop@parse.example.com"], "from": "jo@example.com"}, True)), ("subject", subj), ("charsets", jdump({"to": "UTF-8", "html": "UTF-8", "subject": "UTF-8", "from": "UTF-8", "text": "UTF-8"}, True)), ("SPF", "pass")], b),
              {"Content-Type": "multipart/form-data; boundary=" + b, "User-Agent": "Sendlib/1.0"})
    # Typeform form_response
    for ans in ["We use Postgres 15 and run `VACUUM ANALYZE` nightly; the slow part is the SELECT with 4 JOINs.", "Tried <iframe> embedding but our CSP blocks it; would love a script-free option."]:
        c.add(k, "typeform", "POST", "/hooks/typeform", "body", jdump({"event_id": token(c, 26), "event_type": "form_response", "form_response": {"form_id": "lT4Z3j", "token": token(c, 32), "submitted_at": "2024-05-13T11:02:44Z",
              "definition": {"id": "lT4Z3j", "title": "Developer survey", "fields": [{"id": "SMEUb7VJz92Q", "title": "What's your biggest pain point?", "type": "long_text"}, {"id": "JwWggjAKtOkA", "title": "Rate us 1-10", "type": "opinion_scale"}]},
              "answers": [{"type": "text", "text": ans, "field": {"id": "SMEUb7VJz92Q", "type": "long_text"}}, {"type": "number", "number": 8, "field": {"id": "JwWggjAKtOkA", "type": "opinion_scale"}}]}}),
              {"Content-Type": "application/json", "User-Agent": "Typeform Webhooks", "Typeform-Signature": "sha256=" + token(c, 43) + "="})
    c.add(k, "discord", "POST", "/interactions", "body", jdump({"type": 2, "id": str(c.rng.randint(10**17, 10**18)), "application_id": "1234567890", "guild_id": "9876543210", "channel_id": "1122334455",
          "data": {"id": "771825006014889984", "name": "search", "type": 1, "options": [{"name": "query", "type": 3, "value": "label:bug AND NOT status:closed"}]},
          "member": {"user": {"id": "53908232506183680", "username": "d'arcy", "global_name": "D'Arcy <3"}}, "token": token(c, 80), "version": 1}),
          {"Content-Type": "application/json", "User-Agent": "Discord-Interactions/1.0 (+https://discord.com)", "X-Signature-Ed25519": hexid(c, 128), "X-Signature-Timestamp": "1715600123"})
    c.add(k, "teams", "POST", "/teams/outgoing", "body", jdump({"type": "message", "id": "1715600123456", "timestamp": "2024-05-13T11:02:44.123Z", "serviceUrl": "https://smba.trafficmanager.net/emea/",
          "from": {"id": "29:1abc", "name": "Ingrid Bergström"}, "conversation": {"isGroup": True, "id": "19:abc@thread.tacv2", "name": "ops"},
          "text": "<at>DeployBot</at> status of <b>api</b> in prod? last deploy said `exit code 137` &nbsp;", "textFormat": "plain", "attachments": [{"contentType": "text/html", "content": "<div><div><span itemscope=\"\" itemtype=\"http://schema.skype.com/Mention\" itemid=\"0\">DeployBot</span> status of <b>api</b> in prod?</div></div>"}]}),
          {"Content-Type": "application/json; charset=utf-8", "Authorization": "HMAC " + token(c, 43) + "="})
    c.add(k, "twilio", "POST", "/twilio/status", "body", qs([("SmsSid", "SM" + hexid(c, 32)), ("SmsStatus", "undelivered"), ("MessageStatus", "undelivered"), ("To", "+447700900123"), ("MessageSid", "SM" + hexid(c, 32)),
          ("AccountSid", "AC" + hexid(c, 32)), ("From", "+14155550100"), ("ApiVersion", "2010-04-01"), ("ErrorCode", "30003"), ("ErrorMessage", "Unreachable destination handset")]),
          {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "TwilioProxy/1.1", "X-Twilio-Signature": token(c, 27) + "="})
