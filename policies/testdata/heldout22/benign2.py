"""Benign part 2: localisation, helpdesk, analytics DSLs, webhooks."""
import json
from urllib.parse import quote
from common import case, jbody, query, form, multipart, JSON_CT, FORM_CT, MP_CT

B = []


def add(name, method, path, headers=None, body="", where="body", src=""):
    B.append(case(f"h22-benign-{name}", "benign", "allow", method, path, headers, body, where, src))


# ---------------- localisation ----------------
icu = {
    "inbox.count": "{count, plural, =0 {No messages} one {# message} other {# messages}}",
    "cart.summary": "{itemCount, plural, one {You have # item} other {You have # items}} in your cart, {name}.",
    "invite": "{gender, select, female {{host} invites you to her party} male {{host} invites you to his party} other {{host} invites you to their party}}",
    "due": "Due {date, date, medium} at {date, time, short}",
    "rank": "You finished {place, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}!",
    "progress": "{done, number, percent} complete",
}
add("i18n-icu-en", "PUT", "/api/v1/projects/web/locales/en/messages", JSON_CT, jbody(icu))
add("i18n-icu-de", "PUT", "/api/v1/projects/web/locales/de/messages", JSON_CT, jbody({
    "inbox.count": "{count, plural, =0 {Keine Nachrichten} one {# Nachricht} other {# Nachrichten}}",
    "greeting": "Grüß Gott, {name}! Schön, dass du da bist."}))
add("i18n-printf", "PUT", "/api/v1/projects/android/locales/fr/strings", JSON_CT, jbody({
    "download_progress": "Téléchargement de %1$s : %2$d %%", "welcome": "Bienvenue, %s !", "size": "%.2f Mo",
    "py_style": "%(count)d fichiers supprimés de « %(folder)s »"}))
add("i18n-po", "POST", "/api/v1/projects/cli/import", {"Content-Type": "text/x-gettext-translation"},
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d plik"\nmsgstr[1] "%d pliki"\nmsgstr[2] "%d plików"\n')
langs = {
    "ja": "ご注文ありがとうございます。発送は３営業日以内です。", "ar": "شكراً لطلبك! سيتم الشحن خلال ٣ أيام عمل.",
    "ru": "Спасибо за заказ! Доставка — в течение 3 рабочих дней.", "hi": "आपके ऑर्डर के लिए धन्यवाद! शिपिंग 3 कार्य दिवसों में।",
    "el": "Ευχαριστούμε για την παραγγελία σας!", "he": "תודה על ההזמנה! המשלוח יוצא תוך 3 ימי עסקים.",
    "zh-Hans": "感谢您的订单！我们将在3个工作日内发货。", "ko": "주문해 주셔서 감사합니다! 3영업일 이내 발송됩니다.",
    "tr": "Siparişiniz için teşekkürler! Kargo 3 iş günü içinde.", "pl": "Dziękujemy za zamówienie! Wysyłka w ciągu 3 dni roboczych.",
    "vi": "Cảm ơn bạn đã đặt hàng! Giao hàng trong vòng 3 ngày làm việc.", "th": "ขอบคุณสำหรับคำสั่งซื้อ! จัดส่งภายใน 3 วันทำการ",
}
for lang, txt in langs.items():
    add(f"i18n-{lang}", "PUT", f"/api/v1/projects/shop/locales/{lang}/messages/order.thanks", JSON_CT, jbody({"value": txt, "context": "order confirmation email"}))
add("i18n-xliff", "POST", "/api/v1/projects/ios/import", {"Content-Type": "application/xml"},
    '<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" target-language="es" datatype="plaintext" original="Localizable.strings"><body><trans-unit id="greeting"><source>Hello, %@!</source><target>¡Hola, %@!</target></trans-unit><trans-unit id="items"><source>%lld items &lt; limit</source><target>%lld artículos &lt; límite</target></trans-unit></body></file></xliff>')
add("i18n-search", "GET", query("/api/v1/projects/web/keys", [("q", "{count, plural"), ("untranslated", "true"), ("locale", "pt-BR")]), where="query")
add("i18n-arb", "PUT", "/api/v1/projects/flutter/locales/en", JSON_CT, jbody({"@@locale": "en", "helloWorld": "Hello {name}", "@helloWorld": {"description": "Greeting", "placeholders": {"name": {"type": "String", "example": "Bob"}}}}))

# ---------------- ticketing / helpdesk ----------------
tickets = [
    ("Export to CSV breaks on apostrophes", "When a customer name has an apostrophe (e.g. O'Neil) the CSV export shifts columns. I think the quote isn't escaped. Can you check?"),
    ("Report is slow", "The 'Orders by region' report takes ~40 s. Support said it's a missing index on the orders table; is there an ETA for a fix?"),
    ("Can't upload file", "Uploading C:\\Users\\maria\\Documents\\Q3 report (final).xlsx fails with 'file type not allowed'. It worked last week."),
    ("HTML showing in emails", "Our order emails show raw tags like <b> and <br> instead of formatting since yesterday's template change."),
    ("Cron job question", "How do I schedule the sync every 15 minutes? Is the expression */15 * * * * supported in the scheduler UI?"),
    ("Password reset loop", "After resetting, the login page says 'invalid token' and sends me back to /reset. Tried in Chrome and Firefox."),
    ("API returns 500", "GET /api/v2/orders?status=open&page=3 returns 500 but page=2 works. Request id: 7c1f-22ab."),
    ("Bulk edit request", "Please set the tag 'vip' on all customers where lifetime value > 5000 and country = 'IE'. Thanks!"),
    ("Wrong path in docs", "The docs say the config lives in /etc/acme/agent.yaml but on Ubuntu it's /opt/acme/etc/agent.yaml."),
    ("Shell script for backup", "We run your CLI from a bash script at night; since v3.2 it asks for confirmation. Is there a --yes flag?"),
    ("SQL export format", "Could the database export include CREATE TABLE statements so we can load it into our own Postgres?"),
    ("Accents garbled", "Names like Zoë and François become Zo├½ and Fran├ºois in the PDF invoices."),
    ("Sentence with code words", "I clicked Select, then Delete on the draft, and now I can't find it. Is there a trash or undo?"),
    ("Integration", "Our Zapier step uses the webhook URL https://hooks.example.com/catch/123/abc?src=crm&v=2 — is that the right format?"),
]
for i, (subj, body) in enumerate(tickets, 1):
    add(f"ticket-{i:02d}", "POST", "/api/v2/tickets", JSON_CT, jbody({"ticket": {"subject": subj, "comment": {"body": body}, "priority": ["low", "normal", "high"][i % 3],
                                                                          "requester": {"name": ["Maeve O'Hara", "Dario D'Souza", "Ana López"][i % 3], "email": f"user{i}@example.org"}}}))
add("ticket-reply-html", "PUT", "/api/v2/tickets/8812", JSON_CT, jbody({"ticket": {"comment": {"html_body": "<p>Hi Maeve,</p><p>Thanks for the report &mdash; we&#39;ve fixed the export. See <a href=\"https://help.example.com/articles/360\">this article</a>.</p>", "public": True}, "status": "solved"}}))
add("ticket-email-inbound", "POST", "/inbound/email", FORM_CT, form([("from", "Liam O'Donnell <liam@example.ie>"), ("subject", "Re: [#4471] Invoice question"), ("text", "> On Mon, support wrote:\n> Can you send the invoice number?\n\nSure, it's INV-2026-00418. Cheers, Liam")]))
add("ticket-search", "GET", query("/api/v2/search", [("query", "type:ticket status<solved tags:billing requester:*@example.org")]), where="query")
add("ticket-macro", "POST", "/api/v2/macros", JSON_CT, jbody({"macro": {"title": "Ask for HAR file", "actions": [{"field": "comment_value", "value": "Hi {{ticket.requester.first_name}}, could you send a HAR file? Steps: open DevTools → Network → reload → right-click → Save all as HAR."}]}}))

# ---------------- analytics / query builder DSLs ----------------
dsl = [
    ("/api/v1/issues/search", "q", "status:open AND -label:wontfix AND assignee:@me"),
    ("/api/v1/logs/search", "query", "service:web-store @http.status_code:>=500 -env:staging"),
    ("/api/v1/events", "kql", "response:200 and not extension:php and geo.src:(US or CA)"),
    ("/api/v1/docs/_search", "q", "title:(quick OR brown) AND date:[2024-01-01 TO 2024-12-31]"),
    ("/api/0/organizations/acme/issues/", "query", "is:unresolved level:error release:frontend@2.3.1 !browser.name:Safari"),
    ("/api/v1/search/issues", "q", "repo:octo-org/web is:pr is:open label:bug review:required"),
    ("/rest/api/2/search", "jql", "project = ABC AND status in (Open, \"In Progress\") AND labels != wontfix ORDER BY priority DESC"),
    ("/api/v1/query", "query", "rate(http_requests_total{job=\"api\",code=~\"5..\"}[5m]) > 0.5"),
    ("/loki/api/v1/query_range", "query", "{app=\"checkout\"} |= \"timeout\" != \"healthz\" | json | latency_ms > 250"),
    ("/api/v1/contacts", "filter", "lifecycle_stage eq 'customer' and created_at ge 2026-01-01"),
    ("/odata/Products", "$filter", "Price lt 20 and contains(Name,'Bolt')"),
    ("/api/v1/crm/deals", "where", "amount>10000;stage==negotiation;owner!=null"),
    ("/api/v1/segments/preview", "rule", "country IN [\"IE\",\"GB\"] AND orders_count >= 3 AND last_seen < 30d"),
    ("/api/v1/insights/trends", "breakdown", "$browser"),
    ("/api/v1/tickets", "search", "priority:urgent -status:closed created>2026-11-01"),
    ("/api/search", "q", "\"error: connection refused\" site:stackoverflow.com"),
    ("/api/v1/spans", "q", "duration>2s AND http.route=\"/api/orders/:id\" AND NOT status=ok"),
]
for i, (path, k, v) in enumerate(dsl, 1):
    add(f"dsl-{i:02d}", "GET", query(path, [(k, v)]), where="query")
add("dsl-es-body", "POST", "/products/_search", JSON_CT, jbody({"query": {"bool": {"must": [{"match": {"title": "waterproof jacket"}}], "filter": [{"range": {"price": {"gte": 50, "lte": 200}}}, {"term": {"in_stock": True}}]}}, "aggs": {"brands": {"terms": {"field": "brand.keyword", "size": 10}}}, "sort": [{"_score": "desc"}]}))
add("dsl-es-agg", "POST", "/logs-*/_search?size=0", JSON_CT, jbody({"aggs": {"per_hour": {"date_histogram": {"field": "@timestamp", "fixed_interval": "1h"}, "aggs": {"p95": {"percentiles": {"field": "latency_ms", "percents": [95]}}}}}}))
add("dsl-posthog", "POST", "/api/projects/1/insights/trend", JSON_CT, jbody({"events": [{"id": "$pageview", "math": "dau"}], "properties": [{"key": "$current_url", "value": "/pricing", "operator": "icontains"}], "date_from": "-30d"}))
add("dsl-mixpanel", "POST", "/api/2.0/segmentation", FORM_CT, form([("event", "Signed Up"), ("where", 'properties["plan"] == "pro" and properties["$os"] != "Windows"'), ("from_date", "2026-11-01"), ("to_date", "2026-11-30")]))
add("dsl-metabase", "POST", "/api/card", JSON_CT, jbody({"name": "Orders by week", "dataset_query": {"type": "query", "database": 2, "query": {"source-table": 12, "aggregation": [["count"]], "breakout": [["field", 41, {"temporal-unit": "week"}]], "filter": [">", ["field", 44, None], 100]}}, "display": "line"}))

# ---------------- webhooks with real shapes ----------------
slack_event = {"token": "XXYYZZ", "team_id": "T061EG9R6", "api_app_id": "A0PNCHHK2", "type": "event_callback", "event_id": "Ev0PV52K25", "event_time": 1733600000,
               "event": {"type": "message", "channel": "C0LAN2Q65", "user": "U061F7AUR", "ts": "1733600000.000200", "channel_type": "channel", "text": None}}
slack_texts = [
    "Deploy is done :tada: — if you see 502s run `kubectl rollout status deploy/web -n prod` and ping me",
    "Heads up: the nightly job reads from /var/log/app/*.log and the disk is at 91%",
    "Can someone review <https://github.com/acme/web/pull/4471|#4471>? It changes the SELECT in the orders report to use the new index",
    "lol the bug was `if (a < b)` instead of `if (a <= b)` :facepalm:",
    "Reminder: standup moved to 10:30 &amp; retro is on Friday",
    "I'm OOO tomorrow, D'Arcy is covering on-call",
]
for i, t in enumerate(slack_texts, 1):
    ev = json.loads(json.dumps(slack_event)); ev["event"]["text"] = t; ev["event_id"] = f"Ev0PV52K{i:02d}"
    add(f"slack-event-{i}", "POST", "/webhooks/slack/events", {**JSON_CT, "X-Slack-Signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", "X-Slack-Request-Timestamp": "1733600000"}, jbody(ev))
add("slack-slash", "POST", "/webhooks/slack/commands", FORM_CT, form([("token", "gIkuvaNzQIHg97ATvDxqgjtO"), ("team_id", "T0001"), ("team_domain", "example"), ("channel_id", "C2147483705"), ("channel_name", "test"), ("user_id", "U2147483697"), ("user_name", "steve"), ("command", "/weather"), ("text", "94070 --units=metric"), ("response_url", "https://hooks.slack.com/commands/1234/5678"), ("trigger_id", "13345224609.738474920.8088930838d88f008e0")]))
add("slack-interactive", "POST", "/webhooks/slack/interactive", FORM_CT, form([("payload", jbody({"type": "block_actions", "user": {"id": "U123", "username": "maeve"}, "actions": [{"action_id": "approve", "block_id": "req_88", "value": "approve_4471", "type": "button"}], "response_url": "https://hooks.slack.com/actions/T0/1/x"}))]))
add("slack-blocks", "POST", "/api/chat.postMessage", JSON_CT, jbody({"channel": "C1H9RESGL", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*Build failed* on `main`\n>```npm ERR! code ELIFECYCLE```"}}, {"type": "context", "elements": [{"type": "mrkdwn", "text": "<!here> see <https://ci.example.com/b/991|build 991>"}]}]}))

shop_order = {"id": 820982911946154508, "email": "jon@example.com", "created_at": "2026-12-07T17:05:08-05:00", "currency": "USD", "total_price": "403.00", "financial_status": "paid",
              "customer": {"first_name": "Jon", "last_name": "O'Reilly", "email": "jon@example.com"},
              "billing_address": {"address1": "123 Amoebobacterium St", "address2": "Apt 4'B", "city": "Ottawa", "province": "Ontario", "zip": "K2P 1L4", "country": "Canada"},
              "line_items": [{"id": 866550311766439020, "title": "IPod Nano - 8GB", "variant_title": "Pink / 8\"", "sku": "IPOD-342-N", "quantity": 1, "price": "199.00", "properties": [{"name": "Engraving", "value": "To Sarah <3 — love, J."}]}],
              "note": "Please gift-wrap. Leave at the back door if we're out.", "tags": "vip, wholesale", "note_attributes": [{"name": "gift_message", "value": "Happy 30th!"}]}
add("shopify-orders-create", "POST", "/webhooks/shopify/orders/create", {**JSON_CT, "X-Shopify-Topic": "orders/create", "X-Shopify-Shop-Domain": "johns-apparel.myshopify.com", "X-Shopify-Hmac-Sha256": "XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM="}, jbody(shop_order))
add("shopify-products-update", "POST", "/webhooks/shopify/products/update", {**JSON_CT, "X-Shopify-Topic": "products/update"}, jbody({"id": 788032119674292922, "title": "Men's 12\" Board Shorts", "body_html": "<p>Quick-dry fabric.</p><ul><li>4-way stretch</li><li>Inseam: 12&quot;</li></ul>", "vendor": "Burton", "product_type": "Shorts", "handle": "mens-12-board-shorts", "tags": "summer, beach", "variants": [{"id": 1, "sku": "BS-12-M-NVY", "price": "49.95", "option1": "M"}]}))
add("shopify-customers-redact", "POST", "/webhooks/shopify/customers/redact", {**JSON_CT, "X-Shopify-Topic": "customers/redact"}, jbody({"shop_id": 954889, "shop_domain": "{shop}.myshopify.com", "customer": {"id": 191167, "email": "john@example.com", "phone": "555-625-1199"}, "orders_to_redact": [299938, 280263, 220458]}))
add("shopify-graphql", "POST", "/admin/api/2024-10/graphql.json", JSON_CT, jbody({"query": "mutation productUpdate($input: ProductInput!) { productUpdate(input: $input) { product { id title } userErrors { field message } } }", "variables": {"input": {"id": "gid://shopify/Product/108828309", "title": "Sweet new product – \"limited\""}}}))

twilio = [("Hi, I'd like to reschedule my 3pm appt to Thu? Thx"), ("STOP"), ("Order #4471 hasn't arrived :( tracking says 'in transit' since Mon"), ("Yes <3 see you at 7")]
for i, t in enumerate(twilio, 1):
    add(f"twilio-sms-{i}", "POST", "/webhooks/twilio/sms", {**FORM_CT, "X-Twilio-Signature": "0/KCTR6DLpKmkAf8muzZqo1nDgQ="}, form([("ToCountry", "US"), ("ToState", "CA"), ("SmsMessageSid", f"SM8a4f2c1d{i:02d}"), ("NumMedia", "0"), ("ToCity", "SAN FRANCISCO"), ("FromZip", "94105"), ("SmsSid", f"SM8a4f2c1d{i:02d}"), ("FromState", "CA"), ("SmsStatus", "received"), ("FromCity", "SAN FRANCISCO"), ("Body", t), ("FromCountry", "US"), ("To", "+14155550100"), ("MessagingServiceSid", "MG9752274e9e519418a7406176694466fa"), ("ToZip", "94105"), ("NumSegments", "1"), ("MessageSid", f"SM8a4f2c1d{i:02d}"), ("AccountSid", "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"), ("From", "+14155550199"), ("ApiVersion", "2010-04-01")]))
add("twilio-voice-status", "POST", "/webhooks/twilio/voice/status", FORM_CT, form([("CallSid", "CA1234567890ABCDE"), ("CallStatus", "completed"), ("CallDuration", "42"), ("From", "+353861234567"), ("To", "+14155550100"), ("Direction", "inbound")]))

sg_events = [{"email": "example@test.com", "timestamp": 1733600000, "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>", "event": "processed", "category": "cat facts", "sg_event_id": "sg_event_id", "sg_message_id": "sg_message_id"},
             {"email": "example@test.com", "timestamp": 1733600005, "event": "click", "url": "https://shop.example.com/p/88?utm_source=newsletter&utm_medium=email&ref=a%2Fb", "useragent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X)", "ip": "255.255.255.255"},
             {"email": "o'brien@example.ie", "timestamp": 1733600010, "event": "bounce", "reason": "550 5.1.1 <o'brien@example.ie>: Recipient address rejected: User unknown", "status": "5.1.1", "type": "bounce"}]
add("sendgrid-events", "POST", "/webhooks/sendgrid/events", JSON_CT, jbody(sg_events))
add("sendgrid-inbound-parse", "POST", "/webhooks/sendgrid/inbound", {"Content-Type": MP_CT}, multipart([
    ("headers", "Received: by mx0047p1mdw1.sendgrid.net\nFrom: Niamh O'Brien <niamh@example.ie>\nSubject: Question about <Pro> plan"),
    ("from", "Niamh O'Brien <niamh@example.ie>"), ("to", "support@example.com"), ("subject", "Question about <Pro> plan"),
    ("text", "Hi,\n\nDoes the Pro plan include SSO? Our IT folks asked whether it supports SAML & SCIM.\n\nThanks,\nNiamh"),
    ("html", "<div dir=\"ltr\">Hi,<br><br>Does the Pro plan include SSO? Our IT folks asked whether it supports SAML &amp; SCIM.<br><br>Thanks,<br>Niamh</div>"),
    ("SPF", "pass"), ("charsets", "{\"to\":\"UTF-8\",\"html\":\"UTF-8\",\"subject\":\"UTF-8\",\"from\":\"UTF-8\",\"text\":\"UTF-8\"}")]))

pd = {"event": {"id": "5ac64822-4adc-4fda-ade0-410becf0de4f", "event_type": "incident.triggered", "resource_type": "incident", "occurred_at": "2026-12-07T21:03:52.000Z",
                "agent": {"html_url": "https://acme.pagerduty.com/users/PLH1HKV", "id": "PLH1HKV", "self": "https://api.pagerduty.com/users/PLH1HKV", "summary": "Tenex Engineer", "type": "user_reference"},
                "data": {"id": "PGR0VU2", "type": "incident", "self": "https://api.pagerduty.com/incidents/PGR0VU2", "html_url": "https://acme.pagerduty.com/incidents/PGR0VU2", "number": 2,
                         "status": "triggered", "incident_key": "d3640fbd41094207a1c11e58e46b1662", "title": "Disk usage > 90% on db-2 (/var/lib/postgresql)",
                         "service": {"id": "PF9KMXH", "summary": "API Service", "type": "service_reference"}, "urgency": "high"}}}
add("pagerduty-v3", "POST", "/webhooks/pagerduty", {**JSON_CT, "X-PagerDuty-Signature": "v1=f9ae8c1f1e0a6e3d4d6a0f5b3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c"}, jbody(pd))
pd2 = json.loads(json.dumps(pd)); pd2["event"]["event_type"] = "incident.annotated"; pd2["event"]["data"] = {"incident": {"id": "PGR0VU2"}, "content": "Ran `df -h` and `du -sh /var/lib/postgresql/*`; WAL archive was stuck. Restarted archiver, usage now 63%.", "type": "incident_note"}
add("pagerduty-note", "POST", "/webhooks/pagerduty", JSON_CT, jbody(pd2))
add("pagerduty-events-v2", "POST", "/v2/enqueue", JSON_CT, jbody({"routing_key": "R0ABCDEFGHIJKLMNOPQRSTUVWXYZ12", "event_action": "trigger", "dedup_key": "db-2/disk", "payload": {"summary": "DISK CRITICAL - free space: / 812 MB (4% inode=92%)", "source": "db-2.prod.internal", "severity": "critical", "custom_details": {"mount": "/", "check": "check_disk -w 10% -c 5% -p /"}}}))

sentry = {"action": "triggered", "installation": {"uuid": "a8e5d37a-696c-4c54-adb5-b3f28d64c7de"},
          "data": {"event": {"event_id": "9fac2ceed9344f2bbfdd1fdacb0ed9b1", "level": "error", "platform": "python", "title": "ZeroDivisionError: division by zero", "culprit": "app.views in checkout",
                             "exception": {"values": [{"type": "ZeroDivisionError", "value": "division by zero", "stacktrace": {"frames": [
                                 {"filename": "app/views.py", "abs_path": "/srv/app/app/views.py", "function": "checkout", "lineno": 88, "context_line": "    rate = total / count",
                                  "pre_context": ["def checkout(request):", "    total = cart.total()"], "post_context": ["    return render(request, 'checkout.html', {'rate': rate})"]}]}}]},
                             "request": {"url": "https://shop.example.com/checkout?step=2", "method": "POST", "headers": [["User-Agent", "Mozilla/5.0"]]},
                             "tags": [["browser", "Chrome 124"], ["release", "web@2.3.1"]], "web_url": "https://acme.sentry.io/issues/1117540176/events/9fac2ceed9344f2bbfdd1fdacb0ed9b1/"},
                   "triggered_rule": "Send a notification for new issues"}, "actor": {"type": "application", "id": "sentry", "name": "Sentry"}}
add("sentry-event-alert", "POST", "/webhooks/sentry", {**JSON_CT, "Sentry-Hook-Resource": "event_alert", "Sentry-Hook-Signature": "3bf1c3d1f6a0b1cf4a3b0b4c8c3f1d5e6e6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c"}, jbody(sentry))
sentry2 = {"action": "created", "data": {"issue": {"id": "1117540176", "shortId": "WEB-2K", "title": "TypeError: Cannot read properties of undefined (reading 'map')", "culprit": "src/components/OrderList.tsx in OrderList",
                                             "metadata": {"filename": "src/components/OrderList.tsx", "type": "TypeError", "value": "Cannot read properties of undefined (reading 'map')"}, "status": "unresolved", "level": "error", "platform": "javascript"}},
           "installation": {"uuid": "a8e5d37a-696c-4c54-adb5-b3f28d64c7de"}, "actor": {"type": "application", "id": "sentry", "name": "Sentry"}}
add("sentry-issue", "POST", "/webhooks/sentry", {**JSON_CT, "Sentry-Hook-Resource": "issue"}, jbody(sentry2))
add("sentry-envelope", "POST", "/api/42/envelope/", {"Content-Type": "application/x-sentry-envelope"},
    '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"https://e12d836b15bb49d7bbf99e64295d995b@sentry.io/42"}\n{"type":"event","length":0}\n{"message":"Failed to load /static/js/chunk-vendors.3f2a.js","level":"warning","breadcrumbs":[{"category":"navigation","data":{"from":"/cart","to":"/checkout?step=1"}}]}\n')

gh_issue = {"action": "opened", "issue": {"number": 1347, "title": "Docs: `npm install` fails behind proxy", "user": {"login": "octocat"}, "labels": [{"name": "docs"}],
                                          "body": "### Steps\n\n```bash\nnpm config set proxy http://proxy.corp:8080\nnpm install @acme/sdk\n```\n\nFails with `ECONNRESET`. Node 20.11, npm 10.2.\n\n- [x] I searched existing issues"},
            "repository": {"id": 1296269, "full_name": "acme/sdk", "private": False}, "sender": {"login": "octocat", "type": "User"}}
add("github-issue", "POST", "/webhooks/github", {**JSON_CT, "X-GitHub-Event": "issues", "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "X-Hub-Signature-256": "sha256=d57c68ca6f92289e6987922ff26938930f6e66a2d161ef06abdf1859230aa23c"}, jbody(gh_issue))
gh_push = {"ref": "refs/heads/main", "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "after": "0000000000000000000000000000000000000000",
           "commits": [{"id": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "message": "fix(api): handle names with apostrophes in CSV export\n\nCloses #1347", "author": {"name": "Seán O'Neill", "email": "sean@example.com"},
                        "added": ["src/export/csv.ts"], "modified": ["src/components/App.tsx", "docs/README.md"], "removed": []}], "repository": {"full_name": "acme/web"}, "pusher": {"name": "sean"}}
add("github-push", "POST", "/webhooks/github", {**JSON_CT, "X-GitHub-Event": "push"}, jbody(gh_push))
gh_wf = {"action": "completed", "workflow_run": {"id": 30433642, "name": "CI", "head_branch": "main", "conclusion": "failure", "html_url": "https://github.com/acme/web/actions/runs/30433642",
                                                 "display_title": "Bump eslint from 8.56.0 to 9.0.0"}, "repository": {"full_name": "acme/web"}}
add("github-workflow-run", "POST", "/webhooks/github", {**JSON_CT, "X-GitHub-Event": "workflow_run"}, jbody(gh_wf))
add("stripe-event", "POST", "/webhooks/stripe", {**JSON_CT, "Stripe-Signature": "t=1733600000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd"}, jbody({
    "id": "evt_1NG8Du2eZvKYlo2CUI79vXWy", "object": "event", "api_version": "2024-06-20", "created": 1733600000, "type": "invoice.payment_failed", "livemode": False,
    "data": {"object": {"id": "in_1NG8Du2eZvKYlo2C", "object": "invoice", "customer": "cus_NffrFeUfNV2Hib", "customer_name": "Dara O'Shea", "amount_due": 4900, "currency": "eur",
                        "lines": {"object": "list", "data": [{"description": "1 × Pro (at €49.00 / month)", "amount": 4900}]}, "hosted_invoice_url": "https://invoice.stripe.com/i/acct_1M2JTkLkdIwHu7ix/test_YWNjdF8xTTJKVGtMa2RJd0h1N2l4?s=ap"}}}))
add("stripe-form", "POST", "/v1/customers", FORM_CT, form([("name", "Dara O'Shea"), ("email", "dara@example.ie"), ("metadata[crm_id]", "0033000001abcDE"), ("address[line1]", "1 O'Connell St."), ("address[city]", "Dublin"), ("description", "Signed up via \"spring-25\" promo")]))
