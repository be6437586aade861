"""Benign traffic: what a real API receives from legitimate users and integrations."""
import json
from lib import *

B = []


def add(c, note=""):
    c["_note"] = note
    B.append(c)


def J(method, path, obj, headers=None, note=""):
    h = {"Content-Type": JSON_CT}
    if headers:
        h.update(headers)
    add(case(method, path, h, json.dumps(obj, ensure_ascii=False), "body"), note)


def G(path, headers=None, where="query", note=""):
    add(case("GET", path, headers, "", where), note)


def F(path, pairs, note="", method="POST", headers=None):
    h = {"Content-Type": FORM_CT}
    if headers:
        h.update(headers)
    add(case(method, path, h, form(pairs), "body"), note)


# ------------------------------------------------------------ A. product / site search
searches = [
    "men's running shoes", "O'Neill wetsuit 4/3", "levi's 501 32x34", "usb-c to hdmi adapter", "27\" 4k monitor",
    "c++ primer 5th edition", "node.js design patterns", "select comfort mattress", "drop leaf table", "union jack flag",
    "where the crawdads sing", "harry potter and the order of the phoenix", "table tennis paddle", "script font tattoo",
    "1/2\" drill bit set", "25' extension cord", "a&w root beer", "h&m denim jacket", "m&m's peanut 1kg", "r&d tax credit guide",
    "100% cotton t-shirt", "i <3 ny shirt", "rock & roll hall of fame tickets", "tom's of maine toothpaste", "d'angelo voodoo vinyl",
    "l'oréal paris shampoo", "crème brûlée torch", "東京 ガイドブック", "книги для детей", "café au lait bowl",
    "naive bayes vs logistic regression", "how to exit vim", "sql join types explained", "chmod 755 meaning",
    "python f-string format", "ikea kallax 4x4", "size 10.5 wide", "vitamin d3 5000 iu", "bose qc45 -refurbished", "\"exact phrase\" search",
]
paths = ["/api/v1/products", "/search", "/api/v2/catalog/search", "/api/v1/articles"]
for i, s in enumerate(searches):
    p = paths[i % len(paths)]
    extra = ["page=1&per_page=24", "sort=relevance", "lang=en&region=US", "category=all&in_stock=true"][i % 4]
    G(f"{p}?q={quote(s, safe='')}&{extra}", note="site search")

# ------------------------------------------------------------ B. checkout / addresses with apostrophes and quotes
people = [
    ("Siobhán O'Brien", "14 Grafton St, Apt 3", "Dublin", "D02 VF65", "IE", "Ring the bell twice; it's the green door."),
    ("Marco D'Angelo", "Via dell'Orso 12", "Roma", "00186", "IT", "Citofono: D'Angelo"),
    ("Patrick O'Connor-Smith", "221B Baker St, Flat 3", "London", "NW1 6XE", "GB", "Leave with neighbour at #221A if out"),
    ("Jean-Luc D'Arcy", "5 rue de l'Église", "Lyon", "69002", "FR", "Code porte : 4512B"),
    ("José Ñúñez", "Calle 5 de Mayo #120, Int. 4", "Ciudad de México", "06000", "MX", "Entregar en recepción"),
    ("Zoë Renée Müller", "Kastanienallee 7, Hinterhaus", "Berlin", "10435", "DE", "Bitte nicht klingeln — Baby schläft"),
    ("Łukasz Wróbel", "ul. Świętokrzyska 31/33", "Warszawa", "00-049", "PL", ""),
    ("Nguyễn Văn An", "123 Lê Lợi, Phường Bến Thành", "TP. Hồ Chí Minh", "700000", "VN", "Gọi trước khi giao"),
    ("李小龙", "上海市浦东新区世纪大道100号 25楼", "上海", "200120", "CN", "请放前台"),
    ("Мария Иванова", "ул. Тверская, д. 7, кв. 12", "Москва", "125009", "RU", "Домофон 12К"),
    ("محمد علي", "شارع الملك فهد، مبنى 4", "الرياض", "12211", "SA", ""),
    ("Kealoha Kahananui", "P.O. Box 1182", "Hilo", "96721", "US", "Gate code *1234# then drive to the back"),
    ("Anne-Marie O'Neil", "c/o Smith & Sons Ltd, Unit 4", "Cork", "T12 X70A", "IE", "Don't leave by the 'garage' door - it's not ours"),
    ("D'Shawn McCall", "1/2 Main St (rear)", "Austin", "78701", "US", "Dog is friendly :)"),
    ("Ngũgĩ wa Thiong'o", "Kenyatta Ave 40", "Nairobi", "00100", "KE", ""),
]
for i, (name, line1, city, zipc, cc, notes) in enumerate(people):
    J("POST", "/api/v1/checkout/shipping-address",
      {"cart_id": f"c_{9000 + i}", "address": {"name": name, "line1": line1, "city": city, "postal_code": zipc,
                                               "country": cc}, "delivery_instructions": notes}, note="checkout address")
profiles = [
    {"first_name": "Ciarán", "last_name": "O'Sullivan", "height": "5' 10\"", "bio": "Runner, 5k PB 19'42\"."},
    {"first_name": "Dee", "last_name": "D'Souza", "job_title": "VP, R&D", "bio": "Coffee > tea. Opinions mine."},
    {"first_name": "Renée", "last_name": "L'Heureux", "pronouns": "she/her", "bio": "Product @ Acme — ex-Shopify"},
    {"first_name": "O'Shea", "last_name": "Brown", "nickname": "\"Shay\"", "bio": "I tweet about #rustlang & #golang"},
    {"first_name": "Tomás", "last_name": "de la Peña", "company": "Peña & Asociados, S.C.", "bio": ""},
    {"first_name": "Aroha", "last_name": "Te Whiu", "bio": "Kia ora! Ngā mihi nui."},
    {"first_name": "Hannah", "last_name": "Schröder-O'Hara", "bio": "Tall (6'1\"), loves climbing 5.11a routes."},
    {"first_name": "Matt", "last_name": "Select", "bio": "Yes, that's really my surname."},
    {"first_name": "Grace", "last_name": "Union", "bio": "Union Street bakery owner"},
    {"first_name": "Sam", "last_name": "Null", "bio": "My last name breaks forms. Null is a real name."},
]
for i, p in enumerate(profiles):
    J("PATCH", f"/api/v1/users/{3100 + i}", {"profile": p}, note="profile update")

# ------------------------------------------------------------ C. Stripe-style form-encoded requests
stripe = [
    [("amount", "2000"), ("currency", "usd"), ("description", "Order #1234 — 2× T-shirt (L)"), ("metadata[order_id]", "1234")],
    [("email", "jenny.o'hara@example.com"), ("name", "Jenny O'Hara"), ("metadata[crm_id]", "0031x00000ABCdE")],
    [("customer", "cus_NffrFeUfNV2Hib"), ("items[0][price]", "price_1MowQULkdIwHu7ixraBm864M"), ("items[0][quantity]", "2"), ("expand[]", "latest_invoice.payment_intent")],
    [("amount", "4999"), ("currency", "eur"), ("payment_method_types[]", "card"), ("statement_descriptor_suffix", "ACME*PRO")],
    [("product_data[name]", "Pro plan (monthly)"), ("unit_amount", "1500"), ("currency", "usd"), ("recurring[interval]", "month")],
    [("description", "Refund: item arrived damaged; customer says box was \"crushed\""), ("charge", "ch_3MmlLrLkdIwHu7ix0snN0B15"), ("reason", "requested_by_customer")],
    [("name", "Brian & Sons Plumbing"), ("address[line1]", "510 Townsend St"), ("address[city]", "San Francisco"), ("address[state]", "CA"), ("address[postal_code]", "94103")],
    [("success_url", "https://shop.example.com/success?session_id={CHECKOUT_SESSION_ID}"), ("cancel_url", "https://shop.example.com/cart"), ("mode", "payment"), ("line_items[0][price]", "price_1Mr6rdLkdIwHu7ixwPmiybbR"), ("line_items[0][quantity]", "1")],
    [("limit", "3"), ("starting_after", "in_1MtHbELkdIwHu7ixl4OzzPMv")],
    [("metadata[note]", "Customer asked: can we split into 3 payments? Approved by Dana"), ("amount", "33333"), ("currency", "usd")],
    [("query", "email:'jenny@example.com' AND metadata['plan']:'pro'")],
    [("description", "Invoice for Q3 consulting (40h @ $150/h)"), ("customer", "cus_4QFJOjw2pOmAGJ"), ("collection_method", "send_invoice"), ("days_until_due", "30")],
    [("type", "card"), ("card[token]", "tok_visa"), ("billing_details[name]", "Zoë D'Amato")],
    [("url", "https://hooks.example.com/stripe?source=prod&v=2"), ("enabled_events[]", "charge.succeeded"), ("enabled_events[]", "charge.failed")],
    [("percent_off", "25"), ("duration", "repeating"), ("duration_in_months", "3"), ("name", "25% off – spring \u201924")],
]
stripe_paths = ["/v1/payment_intents", "/v1/customers", "/v1/subscriptions", "/v1/payment_intents", "/v1/prices",
                "/v1/refunds", "/v1/customers", "/v1/checkout/sessions", "/v1/invoices", "/v1/payment_intents",
                "/v1/customers/search", "/v1/invoices", "/v1/payment_methods", "/v1/webhook_endpoints", "/v1/coupons"]
for pairs, p in zip(stripe, stripe_paths):
    F(p, pairs, note="stripe-style form", headers={"Authorization": "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc", "Stripe-Version": "2023-10-16"})

# ------------------------------------------------------------ D. GitHub-style webhooks with markdown
gh_bodies = [
    "Thanks for the report! Can you share the output of `node --version` and `npm ls react`?",
    "To reproduce:\n\n```bash\ngit clone https://github.com/acme/widget.git\ncd widget\nnpm install\nnpm test\n```\n\nThe `test/render.spec.ts` suite fails on Node 20.",
    "I think the slow query is this one:\n\n```sql\nSELECT o.id, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region = $1 ORDER BY o.created_at DESC LIMIT 50;\n```\n\nAdding an index on `orders(customer_id, created_at)` fixed it locally.",
    "LGTM :shipit: — one nit: `src/components/App.tsx` still imports `lodash` instead of `lodash-es`.",
    "Docs fix: the link in `docs/guide.md` should point to [the setup page](../setup/README.md), not `../../setup`.",
    "Steps:\n1. `pip install -e .[dev]`\n2. `pytest -k \"not slow\"`\n3. see failure in `tests/test_io.py::test_roundtrip`",
    "Closing as duplicate of #4412. The workaround is to set `NODE_OPTIONS=--max-old-space-size=4096` in your CI env.",
    "The migration should be:\n\n```sql\nALTER TABLE users ADD COLUMN last_login_at timestamptz;\nCREATE INDEX CONCURRENTLY idx_users_last_login ON users (last_login_at);\n```",
    "Bumps [express](https://github.com/expressjs/express) from 4.18.2 to 4.19.2.\n\n<details>\n<summary>Release notes</summary>\n<p><em>Sourced from <a href=\"https://github.com/expressjs/express/releases\">express's releases</a>.</em></p>\n</details>",
    "We render user HTML through DOMPurify now, so `<b>bold</b>` and `<a href=\"https://example.com\">links</a>` work but scripts are stripped.",
    "Build log excerpt:\n\n```\n#12 [build 4/6] RUN npm ci --omit=dev\n#12 8.301 added 312 packages in 8s\n#13 [build 5/6] COPY . .\n```",
    "Could we make the Makefile target `make lint` run `golangci-lint run ./...` and `go vet ./...`?",
    "Repro with curl:\n\n```sh\ncurl -s -H 'Accept: application/json' 'https://api.example.com/v1/items?limit=5&cursor=abc' | jq '.data[].id'\n```",
    "FYI the config file is read from `~/.config/widget/config.toml` on Linux and `%APPDATA%\\widget\\config.toml` on Windows.",
    "Yes, `a && b || c` in bash is not the same as if/else — if `b` fails, `c` runs. Use a real `if` block.",
    "Fixed in v2.3.1. Changelog:\n- fix: escape `<` and `>` in tooltips\n- feat: support `--dry-run`\n- chore: drop Node 16",
    "The regex `^[a-z0-9_-]{3,16}$` rejects usernames with dots, that's why `jo.doe` fails.",
    "```python\nfor path in Path('data').glob('**/*.csv'):\n    df = pd.read_csv(path)\n```\nThis loads all CSVs under data/.",
    "Security advisory GHSA-xxxx: versions < 1.4.2 are affected by a path traversal in the static file handler. Upgrade to 1.4.2.",
    "Release checklist:\n- [x] bump version in package.json\n- [ ] tag `v3.0.0`\n- [ ] `npm publish --access public`",
]
events = ["issue_comment", "issues", "pull_request_review_comment", "discussion_comment"]
for i, body in enumerate(gh_bodies):
    ev = events[i % 4]
    payload = {"action": "created", "issue": {"number": 4400 + i, "title": "Build fails on Windows", "state": "open",
                                              "user": {"login": "octocat", "id": 583231}},
               "comment": {"id": 1900000000 + i, "body": body, "author_association": "CONTRIBUTOR",
                           "html_url": f"https://github.com/acme/widget/issues/{4400 + i}#issuecomment-{1900000000 + i}"},
               "repository": {"full_name": "acme/widget", "private": False, "default_branch": "main"},
               "sender": {"login": "hubot", "type": "User"}}
    J("POST", "/webhooks/github", payload, headers={"X-GitHub-Event": ev, "X-GitHub-Delivery": f"72d3162e-cc78-11e3-81ab-4c9367dc09{i:02d}",
                                                    "X-Hub-Signature-256": "sha256=7d38cdd689735b008b3c702edd92eea23791c5f6e5b3f6a3e4d2a1b0c9f8e7d6",
                                                    "User-Agent": "GitHub-Hookshot/044aadd"}, note="github webhook")
push = {"ref": "refs/heads/main", "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
        "after": "59b20b8d5c6ff8d09518454d4dd8b7b30f095ab5",
        "commits": [{"id": "59b20b8d5c6ff8d09518454d4dd8b7b30f095ab5",
                     "message": "fix(api): don't double-encode '&' in redirect_uri\n\nCloses #381",
                     "added": ["src/lib/url.ts", "test/url.spec.ts"], "modified": ["src/components/App.tsx", "README.md"],
                     "removed": ["scripts/old-deploy.sh"]}],
        "repository": {"full_name": "acme/widget"}, "pusher": {"name": "dana", "email": "dana@example.com"}}
J("POST", "/webhooks/github", push, headers={"X-GitHub-Event": "push"}, note="github push")
J("POST", "/webhooks/github", {"action": "completed", "workflow_run": {"name": "CI", "head_branch": "feature/o'brien-fix",
                                                                      "conclusion": "failure", "path": ".github/workflows/ci.yml"}},
  headers={"X-GitHub-Event": "workflow_run"}, note="github workflow_run")

# ------------------------------------------------------------ E. Slack-like events and slash commands
slack_msgs = [
    "deploy is done :rocket: — api v2.14 is live",
    "can someone review <https://github.com/acme/widget/pull/812|#812>? it's small",
    "fyi prod DB is slow; looks like a missing index on orders.customer_id",
    "<@U024BE7LH> the `rm -rf node_modules && npm i` trick fixed it for me",
    "lunch? :burrito: 12:30 at the place on 3rd & Main",
    "Reminder: don't paste customer PII in #general — use the ticket instead",
    "heads up: the cron job `0 3 * * *` for backups moved to 04:00 UTC",
    "Who owns /var/log rotation on the build boxes? disk is at 91%",
    "The 'Select all' checkbox doesn't work in Safari 17 :thinking_face:",
    "Q3 numbers: revenue +12% QoQ, churn < 2% :tada:",
    "Je serai en retard de 10 min, désolé !",
    "明日のミーティングは15時からです",
]
for i, t in enumerate(slack_msgs):
    J("POST", "/slack/events", {"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "team_id": "T061EG9R6", "type": "event_callback",
                                "event": {"type": "message", "channel": "C2147483705", "user": "U2147483697", "text": t,
                                          "ts": f"1715674800.{100200 + i}"}, "event_id": f"Ev0PV52K{i:02d}"},
      headers={"X-Slack-Signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
               "X-Slack-Request-Timestamp": "1715674800"}, note="slack event")
slash = [("/deploy", "api-gateway to staging --skip-tests=false"), ("/jira", "create \"Login page 500s on O'Brien's account\""),
         ("/remind", "me to \"check the 3 < 5 threshold alert\" in 2 hours"), ("/poll", "\"Where for offsite?\" \"Lisbon\" \"Kraków\" \"Austin\""),
         ("/giphy", "ship it"), ("/status", ":palm_tree: OOO until Mon 6/3"), ("/weather", "São Paulo"), ("/lookup", "order #A-1029-77")]
for cmd, text in slash:
    F("/slack/commands", [("token", "gIkuvaNzQIHg97ATvDxqgjtO"), ("team_id", "T0001"), ("team_domain", "acme"),
                          ("channel_id", "C2147483705"), ("user_name", "dana"), ("command", cmd), ("text", text),
                          ("response_url", "https://hooks.slack.com/commands/1234/5678"), ("trigger_id", "13345224609.738474920.8088930838d88f008e0")],
      note="slack slash command")

# ------------------------------------------------------------ F. Shopify / CMS content with safe HTML
html_bodies = [
    "<p>Soft <strong>100% organic cotton</strong> tee. Machine wash cold.</p><ul><li>Relaxed fit</li><li>Sizes XS–XXL</li></ul>",
    "<h2>Care</h2><p>Hand wash only. Do <em>not</em> tumble dry.</p>",
    "<p>Dimensions: 24\" × 36\" (61 × 91 cm)</p><p><a href=\"https://shop.example.com/pages/size-guide\">Size guide</a></p>",
    "<p><img src=\"https://cdn.shopify.com/s/files/1/0001/products/mug.jpg?v=1715\" alt=\"Ceramic mug\" width=\"600\"></p>",
    "<table><tr><th>Size</th><th>Chest</th></tr><tr><td>M</td><td>38–40\"</td></tr></table>",
    "<blockquote>“Best coffee I've had outside Naples” — Marco D'Angelo</blockquote>",
    "<p>Ingredients: water, sugar, citric acid &amp; natural flavours.</p>",
    "<iframe width=\"560\" height=\"315\" src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\" title=\"Product video\" frameborder=\"0\" allowfullscreen></iframe>",
]
for i, h in enumerate(html_bodies):
    J("POST" if i % 2 else "PUT", "/admin/api/2024-04/products.json" if i % 2 else f"/admin/api/2024-04/products/{7000 + i}.json",
      {"product": {"title": ["Organic Tee", "Linen Shirt", "Poster", "Mug", "Hoodie", "Espresso Beans", "Lemonade", "Tent"][i],
                   "body_html": h, "vendor": "Acme & Co.", "product_type": "Apparel", "tags": "summer, cotton, new"}},
      headers={"X-Shopify-Access-Token": "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"}, note="shopify product html")
J("POST", "/wp-json/wp/v2/posts", {"title": "How we cut build times by 40%", "status": "draft",
                                   "content": "<!-- wp:paragraph --><p>We moved from <code>npm install</code> to <code>npm ci</code> and cached <code>~/.npm</code>.</p><!-- /wp:paragraph -->"},
  note="wordpress block content")
J("POST", "/ghost/api/admin/posts/", {"posts": [{"title": "Release notes 3.2", "html": "<p>New: dark mode. Fixed: the <kbd>Ctrl</kbd>+<kbd>K</kbd> shortcut.</p>"}]},
  note="ghost cms post")

# ------------------------------------------------------------ G. Jira / support tickets / chat that talk about code
tickets = [
    ("Report export times out", "When I export more than 10k rows the page spins forever. Our DBA says the query does a full table scan on `orders` — maybe add a LIMIT or paginate?"),
    ("Can't log in after password reset", "I reset my password and now it says 'invalid token'. I've cleared cookies and tried Chrome & Firefox. My username is o'hara.k"),
    ("Feature request: SQL access", "Could we get read-only SQL access to our data? We'd like to run things like select count(*) from tickets where status = 'open' for our weekly report."),
    ("Import fails on names with apostrophes", "Rows with names like O'Brien or D'Angelo get rejected with 'unexpected character'. CSV attached."),
    ("Broken image on invoice", "The logo on the PDF invoice shows as a broken <img> icon since yesterday."),
    ("Webhook signature mismatch", "We compute HMAC-SHA256 over the raw body like the docs say, but it doesn't match. Is the body re-serialized before signing?"),
    ("Wrong path in docs", "The docs say the config lives in /etc/acme/agent.yaml but on Ubuntu 22.04 it's /opt/acme/etc/agent.yaml."),
    ("Agent crashes", "Running `sudo systemctl restart acme-agent` works for an hour, then it dies. journalctl shows 'too many open files'."),
    ("HTML in emails", "Our email template shows literal &lt;br&gt; tags instead of line breaks. Did something change in the editor?"),
    ("Bulk delete", "Is there a way to delete all archived projects at once? Doing it one by one for 300 projects isn't fun."),
    ("Timezone bug", "Events scheduled for 00:30 CET show as the previous day. Probably a UTC conversion issue?"),
    ("Password rules", "Your password rules reject `&` and `<` characters. Why? My password manager generates them."),
    ("Drop-down not saving", "The 'Drop-down' custom field type doesn't save when the option contains a comma, e.g. 'Small, red'."),
    ("CLI install", "Following the README: `brew install acme/tap/acme-cli` then `acme login`. The second step fails with 'keychain locked'."),
    ("Rate limits", "We hit 429s when syncing. We send ~20 req/s. Docs say limit is 25/s — is that per token or per IP?"),
    ("Search doesn't match", "Searching for \"C#\" returns C results, and \"node.js\" returns nothing. Are special characters stripped?"),
    ("Markdown table", "Tables in comments like | a | b | don't render, they show as pipes."),
    ("Cancel subscription", "Please cancel my plan effective end of month. Thanks & have a good weekend!"),
    ("Windows path", "Exports are saved to C:\\Users\\jdoe\\Downloads\\report (1).xlsx but the app says 'file not found'."),
    ("GDPR request", "Per Art. 15 GDPR, please send me a copy of all personal data you hold on me (user id 88213)."),
]
for i, (subj, desc) in enumerate(tickets):
    if i % 3 == 0:
        J("POST", "/rest/api/3/issue", {"fields": {"project": {"key": "SUP"}, "summary": subj, "issuetype": {"name": "Bug"},
                                                   "description": {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": desc}]}]},
                                                   "labels": ["customer", "triage"]}}, note="jira issue")
    elif i % 3 == 1:
        J("POST", "/api/v2/tickets.json", {"ticket": {"subject": subj, "comment": {"body": desc}, "priority": "normal",
                                                      "requester": {"name": "Kate O'Hara", "email": "kate@example.org"}}}, note="zendesk-style ticket")
    else:
        F("/support/contact", [("name", "Pat D'Souza"), ("email", "pat@example.net"), ("subject", subj), ("message", desc)], note="contact form")

chats = [
    "hey! quick q — is it ok to run `DROP INDEX` on a replica or should I do it on primary?",
    "lol my cat walked on the keyboard and typed ;;;;;;;;''''''",
    "use `ls -la | grep .env` to see if the file is there",
    "the <div> wrapper is what breaks the flexbox layout, remove it",
    "pro tip: `git log --oneline --graph --all` is your friend",
    "1 < 2 and 3 > 2, so the condition is always true, that's your bug",
    "Where do I find the logs? /var/log/app or ~/.local/share/app/logs?",
    "I'll be at the office @ 9, bringing donuts & coffee",
    "Ich habe die Datei nach /home/lukas/projekte/bericht.pdf verschoben",
    "that's 5' 11\" in feet & inches btw",
    "¿Alguien sabe cómo exportar la tabla a CSV?",
    "SELECT is fine, it's the UPDATE without WHERE you have to watch out for 😅",
    "np! see ya tmrw :wave:",
    "the bug is in `if (a = b)` — should be `===`",
    "Kubernetes says CrashLoopBackOff, `kubectl logs -p` shows a missing env var",
]
for i, t in enumerate(chats):
    J("POST", f"/api/v1/conversations/{5000 + i}/messages", {"type": "text", "text": t, "client_msg_id": f"6a3b9e1c-{i:04d}-4c1d-9f2a-1b2c3d4e5f60"}, note="chat message")

# ------------------------------------------------------------ H. developer Q&A
qa = [
    ("How do I parametrize a SQL query in psycopg2?",
     "I'm building queries with f-strings and was told that's unsafe. What's the right way?\n\n```python\ncur.execute(\"SELECT * FROM users WHERE email = %s\", (email,))\n```\n\nIs this the correct pattern?"),
    ("Difference between `$(cmd)` and backticks?", "In bash, is `$(date)` the same as using backticks? Which is preferred in scripts?"),
    ("Why does innerHTML not run my script tag?", "I insert HTML with innerHTML and my inline script doesn't execute. Is that by design? (I know textContent is safer.)"),
    ("Relative imports in TypeScript", "I have `src/components/App.tsx` and want to import `../utils/format.ts`. Should I configure `paths` in tsconfig instead?"),
    ("MongoDB: how to query a nested array", "I want documents where any item has qty > 5. I tried db.orders.find({ 'items.qty': { $gt: 5 } }) in the shell and it works, but how do I do this in Mongoose?"),
    ("What does __proto__ mean in JS?", "I saw obj.__proto__ in an old tutorial. Is it the same as Object.getPrototypeOf(obj)? MDN says it's deprecated."),
    ("grep for lines not containing a word", "How do I grep lines that don't contain 'DEBUG'? Is it `grep -v DEBUG app.log`?"),
    ("Escaping HTML in Go templates", "Does html/template escape `<` and `&` automatically? I'm seeing &lt; in output."),
    ("Path.join vs path.resolve", "What's the difference between path.join('a', '..', 'b') and path.resolve? I get 'b' from join."),
    ("SQL: LEFT JOIN vs INNER JOIN", "When should I use LEFT JOIN instead of INNER JOIN? Example: customers without orders."),
    ("How to undo git reset --hard?", "I ran `git reset --hard HEAD~1` by mistake. Can I get the commit back with reflog?"),
    ("Cron syntax for every 15 minutes", "Is `*/15 * * * *` correct for every 15 minutes?"),
    ("UNION vs UNION ALL performance", "Is UNION ALL faster because it skips the dedupe step? Our report combines two tables."),
    ("Docker COPY with wildcard", "`COPY package*.json ./` copies both package.json and package-lock.json, right?"),
    ("Regex for quotes", "How do I match text between single quotes like 'this' in JS? /'([^']*)'/g ?"),
]
for i, (title, body) in enumerate(qa):
    J("POST", "/api/v1/questions", {"title": title, "body": body, "tags": ["sql", "bash", "javascript", "typescript", "mongodb"][i % 5:i % 5 + 2]},
      note="developer Q&A")

# ------------------------------------------------------------ I. i18n
i18n = {
    "de": {"cart.empty": "Ihr Warenkorb ist leer.", "checkout.cta": "Jetzt kaufen – kostenloser Versand ab 50 €"},
    "fr": {"greeting": "Aujourd'hui, c'est l'été !", "error.network": "Impossible de se connecter. Vérifiez votre connexion."},
    "es": {"welcome": "¡Bienvenido, {name}!", "items": "{count, plural, one {# artículo} other {# artículos}}"},
    "ja": {"login": "ログイン", "forgot": "パスワードをお忘れですか？"},
    "zh-CN": {"save": "保存", "confirm.delete": "确定要删除“{name}”吗？"},
    "ar": {"welcome": "مرحبًا بك في متجرنا", "rtl.note": "يتم عرض النص من اليمين إلى اليسار"},
    "ru": {"search.placeholder": "Поиск по каталогу…", "order.status": "Заказ №{id} отправлен"},
    "it": {"cookie.banner": "Usiamo i cookie per migliorare l'esperienza. Per saperne di più leggi l'informativa."},
    "pt-BR": {"cta": "Não perca! Promoção até 30/06", "address": "Rua São João, nº 45 – apto. 12"},
    "tr": {"hello": "Merhaba! Şifrenizi mi unuttunuz?"},
    "hi": {"welcome": "आपका स्वागत है", "cart": "आपकी कार्ट खाली है"},
    "ko": {"welcome": "환영합니다", "logout": "로그아웃하시겠습니까?"},
    "he": {"welcome": "ברוכים הבאים", "save": "שמור"},
    "pl": {"error": "Coś poszło nie tak. Spróbuj ponownie za chwilę."},
    "uk": {"greeting": "Привіт, {name}! Ваше замовлення в дорозі."},
    "th": {"thanks": "ขอบคุณสำหรับคำสั่งซื้อของคุณ"},
    "nl": {"note": "Let op: 's nachts geen bezorging"},
    "ga": {"welcome": "Fáilte romhat, a Sheáin Ó'Briain"},
    "el": {"total": "Σύνολο: {amount} €"},
    "vi": {"success": "Thanh toán thành công!"},
}
for i, (lang, strings) in enumerate(i18n.items()):
    J("PUT", f"/api/v2/projects/web-app/locales/{lang}/strings", {"locale": lang, "strings": strings}, note="i18n strings")
for q in ["日本語 入力 方法", "préférences de confidentialité", "Straße & Hausnummer", "ตั้งค่าบัญชี", "emoji 🎉🔥 test"]:
    G(f"/api/v1/help/search?q={quote(q, safe='')}&locale=auto", note="i18n search")

# ------------------------------------------------------------ J. JSON Schema / OpenAPI with $-keys
J("PUT", "/api/v1/schemas/order", {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.com/schemas/order.json",
                                   "type": "object", "required": ["id", "items"],
                                   "properties": {"id": {"type": "string"}, "items": {"type": "array", "items": {"$ref": "#/$defs/item"}}},
                                   "$defs": {"item": {"type": "object", "properties": {"sku": {"type": "string"}, "qty": {"type": "integer", "minimum": 1}}}}},
  note="json schema")
J("POST", "/api/v1/schemas", {"$schema": "http://json-schema.org/draft-07/schema#", "title": "Address", "type": "object",
                              "properties": {"postal_code": {"type": "string", "pattern": "^[0-9]{5}(-[0-9]{4})?$"},
                                             "country": {"$ref": "https://example.com/schemas/country.json"}},
                              "additionalProperties": False}, note="json schema")
J("PUT", "/api/v1/apis/petstore/spec", {"openapi": "3.1.0", "info": {"title": "Petstore", "version": "1.0.0"},
                                        "paths": {"/pets/{petId}": {"get": {"parameters": [{"$ref": "#/components/parameters/PetId"}],
                                                                             "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}}}},
                                        "components": {"schemas": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}},
                                                       "parameters": {"PetId": {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}}}},
  note="openapi doc")
J("POST", "/api/v1/forms/contact/schema", {"$schema": "https://json-schema.org/draft/2020-12/schema", "$comment": "v3 adds phone",
                                           "type": "object", "properties": {"phone": {"type": "string", "format": "phone"}}}, note="json schema")
J("POST", "/api/v1/vscode/settings", {"$schema": "vscode://schemas/settings/user", "editor.fontSize": 14, "files.exclude": {"**/node_modules": True}}, note="editor settings")
J("POST", "/api/v1/renovate/config", {"$schema": "https://docs.renovatebot.com/renovate-schema.json", "extends": ["config:recommended"],
                                      "packageRules": [{"matchPackagePatterns": ["^@types/"], "automerge": True}]}, note="renovate config")

# ------------------------------------------------------------ K. Kubernetes / npm / Elasticsearch / GraphQL
J("PATCH", "/apis/apps/v1/namespaces/default/deployments/web", {"spec": {"replicas": 3, "template": {"spec": {"containers": [
    {"name": "web", "image": "nginx:1.25", "args": ["nginx", "-g", "daemon off;"], "ports": [{"containerPort": 80}]}]}}}},
  headers={"Content-Type": "application/strategic-merge-patch+json"}, note="k8s patch")
J("POST", "/api/v1/namespaces/jobs/pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "migrate-20240514", "labels": {"app": "api"}},
                                           "spec": {"restartPolicy": "Never", "containers": [{"name": "migrate", "image": "registry.example.com/api:2.14.0",
                                                                                              "command": ["/app/bin/migrate"], "args": ["--to", "latest"],
                                                                                              "env": [{"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": "db", "key": "url"}}}]}]}},
  note="k8s pod")
J("POST", "/apis/batch/v1/namespaces/ops/cronjobs", {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "report"},
                                                     "spec": {"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": {"containers": [
                                                         {"name": "report", "image": "registry.example.com/report:1.3", "args": ["--since", "24h", "--out", "/reports/daily.csv"]}],
                                                         "restartPolicy": "OnFailure"}}}}}}, note="k8s cronjob")
G("/api/v1/namespaces/default/pods?labelSelector=app%3Dweb%2Ctier%21%3Dcache&fieldSelector=status.phase%3DRunning&limit=50", note="k8s selectors")
G("/api/v1/namespaces/kube-system/pods/coredns-5d78c9869d-abcde/log?container=coredns&tailLines=100&timestamps=true", note="k8s logs")
J("PUT", "/acme-widget", {"name": "acme-widget", "versions": {"2.3.1": {"name": "acme-widget", "version": "2.3.1", "main": "dist/index.js",
                                                                       "scripts": {"build": "tsc -p .", "test": "jest && eslint .", "prepublishOnly": "npm run build"},
                                                                       "dependencies": {"lodash-es": "^4.17.21"}, "license": "MIT"}},
                          "dist-tags": {"latest": "2.3.1"}, "readme": "# acme-widget\n\n```bash\nnpm install acme-widget\n```\n\n```js\nimport { render } from 'acme-widget'\nrender(document.getElementById('root'))\n```"},
  headers={"npm-command": "publish", "User-Agent": "npm/10.5.0 node/v20.12.2 linux x64 workspaces/false"}, note="npm publish")
G("/-/v1/search?text=keywords%3Areact%20author%3Asindresorhus&size=20&from=0", headers={"User-Agent": "npm/10.5.0 node/v20.12.2 darwin arm64"}, note="npm search")
es = [
    {"query": {"bool": {"must": [{"match": {"title": "select all checkbox"}}], "filter": [{"term": {"status": "open"}}, {"range": {"created_at": {"gte": "now-7d/d"}}}]}}, "size": 20},
    {"query": {"query_string": {"query": "(error OR exception) AND service:checkout -level:debug", "default_field": "message"}}, "sort": [{"@timestamp": "desc"}]},
    {"query": {"multi_match": {"query": "O'Reilly union station", "fields": ["name^2", "address"]}}},
    {"aggs": {"by_country": {"terms": {"field": "country.keyword", "size": 10}}}, "size": 0},
    {"query": {"match_phrase": {"message": "GET /api/v1/products?q=shoes"}}, "_source": ["message", "@timestamp"]},
    {"query": {"wildcard": {"path.keyword": {"value": "/var/log/nginx/*.log"}}}},
    {"script": {"source": "ctx._source.views += params.n", "params": {"n": 1}}},
    {"query": {"simple_query_string": {"query": "\"fried eggs\" +(eggplant | potato) -frittata", "fields": ["title^5", "body"]}}},
]
es_paths = ["/tickets/_search", "/logs-*/_search", "/places/_search", "/customers/_search", "/logs-2024.05/_search", "/files/_search", "/articles/_update/42", "/recipes/_search"]
for body, p in zip(es, es_paths):
    J("POST", p, body, note="elasticsearch query")
gql = [
    ("query Repo($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { issues(first: 10, states: OPEN) { nodes { title number } } } }", {"owner": "acme", "name": "widget"}),
    ("mutation AddComment($id: ID!, $body: String!) { addComment(input: {subjectId: $id, body: $body}) { clientMutationId } }", {"id": "I_kwDOAbc123", "body": "Works for me on `main` after `npm ci` 👍"}),
    ("query { viewer { login name } }", {}),
    ("query Products($q: String) { products(first: 20, query: $q) { edges { node { id title handle } } } }", {"q": "title:'summer dress' AND tag:sale"}),
    ("mutation UpdateUser($input: UpdateUserInput!) { updateUser(input: $input) { user { id displayName } } }", {"input": {"id": "u_42", "displayName": "Siobhán O'Brien"}}),
    ("query Search($term: String!) { search(term: $term) { ... on Article { title url } ... on Video { title duration } } }", {"term": "drop shipping guide"}),
    ("fragment F on User { id name } query { users(orderBy: {field: CREATED_AT, direction: DESC}) { ...F } }", {}),
    ("subscription OnMessage($room: ID!) { messageAdded(roomId: $room) { id text sender { name } } }", {"room": "r-123"}),
    ("query Orders($filter: OrderFilter) { orders(filter: $filter) { totalCount } }", {"filter": {"status": ["PAID", "SHIPPED"], "createdAfter": "2024-01-01"}}),
    ("mutation Upload($file: Upload!) { uploadAvatar(file: $file) { url } }", {"file": None}),
]
for i, (qq, v) in enumerate(gql):
    J("POST", "/graphql", {"query": qq, "variables": v, "operationName": None}, note="graphql")
G("/graphql?query=" + quote("{ product(id: \"gid://shopify/Product/108828309\") { title } }", safe="") , note="graphql GET")

# ------------------------------------------------------------ L. tokens, base64, auth, cookies, real headers
JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
G("/api/v1/me", headers={"Authorization": "Bearer " + JWT}, where="header", note="jwt")
G("/api/v1/orders?status=paid", headers={"Authorization": "Basic YWxhZGRpbjpvcGVuc2VzYW1l"}, where="header", note="basic auth")
J("POST", "/oauth/token", {"grant_type": "refresh_token", "refresh_token": "def50200a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0", "client_id": "web-app"}, note="oauth refresh")
F("/oauth/token", [("grant_type", "authorization_code"), ("code", "SplxlOBeZQQYbYS6WxSbIA"), ("redirect_uri", "https://app.example.com/callback?tab=settings&lang=en"), ("client_id", "s6BhdRkqt3"), ("code_verifier", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")], note="oauth code exchange")
J("POST", "/api/v1/attachments", {"filename": "receipt.png", "content_type": "image/png",
                                  "data": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="}, note="base64 image")
J("POST", "/api/v1/email/send", {"to": ["ops@example.com"], "subject": "Weekly report", "attachments": [{"name": "report.csv", "content": "bmFtZSxjb3VudApPJ0JyaWVuLDMKRCdBbmdlbG8sNQo=", "encoding": "base64"}]}, note="base64 attachment")
J("POST", "/api/v1/keys", {"name": "laptop", "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl dana@laptop"}, note="ssh public key")
J("POST", "/api/v1/webauthn/register", {"id": "AV2b3o8...", "rawId": "AV2b3o8tR5Q", "response": {"clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoiYWJjIn0", "attestationObject": "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVjE"}, "type": "public-key"}, note="webauthn")
G("/api/v1/cart", headers={"Cookie": "_ga=GA1.2.1183954125.1717000000; _gid=GA1.2.556677889.1717000000; cart_id=c_9f8e7d; session=s%3AmBkqv0Vf3N2m.5b3k%2Fx9Z; consent={\"analytics\":true}"}, where="cookie", note="cookies")
G("/api/v1/products/123", headers={"Cookie": "locale=fr-FR; currency=EUR; recently_viewed=123%2C456%2C789; ab_test=checkout_v2%3Dvariant_b"}, where="cookie", note="cookies")
G("/api/v1/feed", headers={"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
                          "Referer": "https://www.google.com/search?q=acme+widget+review&oq=acme+widget&sourceid=chrome&ie=UTF-8"}, where="header", note="real UA + referer")
G("/api/v1/status", headers={"User-Agent": "curl/8.4.0", "X-Forwarded-For": "203.0.113.7, 10.0.3.21", "X-Forwarded-Proto": "https", "X-Request-Id": "f3c1a2b4-5d6e-4f70-8a9b-0c1d2e3f4a5b"}, where="header", note="proxy headers")
G("/api/v1/items?page=3", headers={"User-Agent": "python-requests/2.31.0", "X-Forwarded-For": "2001:db8::1"}, where="header", note="python client")
G("/api/v1/items", headers={"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}, where="header", note="bot UA")
G("/health", headers={"User-Agent": "kube-probe/1.29", "Accept": "*/*"}, where="header", note="probe")
G("/api/v1/search?q=shoes", headers={"Referer": "https://shop.example.com/collections/men's-shoes?sort_by=price-ascending&filter.v.size=10", "Accept-Language": "en-GB,en;q=0.9,fr;q=0.8"}, where="header", note="referer with apostrophe")
G("/api/v1/docs", headers={"If-None-Match": "W/\"5e15153d-120f\"", "Cache-Control": "no-cache", "Accept-Encoding": "gzip, deflate, br"}, where="header", note="cache headers")
G("/api/v1/export", headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "Sec-Fetch-Mode": "cors", "Origin": "https://app.example.com"}, where="header", note="cors request")
G("/api/v1/me", headers={"X-Api-Key": "ak_live_7Hf9dQ2mZx8LwP4sT1vB6nR3", "Cookie": "theme=dark; tz=America%2FNew_York"}, where="header", note="api key")

# ------------------------------------------------------------ M. URLs with query strings, redirects
for u in ["https://app.example.com/dashboard?tab=billing&range=30d", "/settings/profile#security",
          "https://docs.example.com/guide/install?os=linux&arch=arm64", "https://shop.example.com/cart?utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale"]:
    G("/login?next=" + quote(u, safe=""), note="redirect target")
J("POST", "/api/v1/links", {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "title": "Onboarding video"}, note="link")
J("POST", "/api/v1/webhooks", {"url": "https://hooks.zapier.com/hooks/catch/123456/abcdef/?source=acme", "events": ["order.created", "order.refunded"]}, note="webhook subscription")
J("POST", "/api/v1/bookmarks", {"url": "https://en.wikipedia.org/wiki/O'Hare_International_Airport", "tags": ["travel"]}, note="link with apostrophe")
J("POST", "/api/v1/bookmarks", {"url": "https://stackoverflow.com/questions/332289/how-do-i-select-rows-where-a-column-value-is-null", "tags": ["sql"]}, note="SO link")
G("/api/v1/maps/geocode?address=" + quote("1600 Amphitheatre Pkwy, Mountain View, CA 94043", safe="") + "&key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", note="geocode")
G("/api/v1/track?url=" + quote("https://example.com/a?b=1&c=2", safe="") + "&ref=" + quote("https://t.co/xyz", safe=""), note="click tracking")

# ------------------------------------------------------------ N. file paths in normal use
files = ["src/components/App.tsx", "internal/server/handler_test.go", "docs/getting-started/installation.md", "packages/ui/src/Button/Button.stories.tsx",
         "app/models/user.rb", ".github/workflows/ci.yml", "assets/img/logo@2x.png", "Q3 report (final) v2.pdf", "résumé – Zoë.docx",
         "data/2024/05/sales.csv", "C:/Users/jdoe/Documents/notes.txt", "~/projects/acme/README.md", "lib/utils/index.js", "migrations/0042_add_last_login.sql", "scripts/build.sh"]
for i, f in enumerate(files):
    if i % 3 == 0:
        G(f"/api/v1/repos/acme/widget/contents/{quote(f, safe='/')}?ref=main", where="path", note="repo file path")
    elif i % 3 == 1:
        J("POST", "/api/v1/reviews/88/comments", {"path": f, "line": 42 + i, "side": "RIGHT", "body": "Nit: rename this for clarity."}, note="review comment path")
    else:
        G("/api/v1/files/search?name=" + quote(f, safe=""), note="file search")
add(case("GET", "/api/v1/repos/acme/widget/compare/main...feature%2Fdark-mode", where="path"), "compare branches")

# ------------------------------------------------------------ O. math, measures, comparisons
mathy = ["3 < 4 and 5 > 2", "x <= y && y >= z", "if a<b then swap(a,b)", "f(x) = x^2 - 4x + 4", "5' 10\" tall, 180 lbs",
         "temperature dropped to -5°C (23°F)", "ratio 16:9, 1920×1080", "P(A|B) = P(B|A)·P(A) / P(B)", "50% off -> now $24.99 (was $49.99)",
         "σ = √(Σ(x−μ)²/N)", "1/2 cup + 1/4 cup = 3/4 cup", "score > 90 || attendance >= 95%"]
for i, m in enumerate(mathy):
    if i % 2 == 0:
        J("POST", "/api/v1/notes", {"title": "scratch", "content": m}, note="math/measures")
    else:
        F("/api/v1/calculator/share", [("expr", m), ("format", "text")], note="math/measures")

# ------------------------------------------------------------ P. HTML-escaped text
escaped = ["Tom &amp; Jerry", "Use &lt;br&gt; for a line break", "&quot;Hello&quot; she said", "5 &lt; 6 &amp;&amp; 7 &gt; 3",
           "caf&eacute; &ndash; open 9&ndash;5", "&#x1F600; smile", "AT&amp;T store", "&lt;img&gt; tag alt text is required"]
for e in escaped:
    J("POST", "/api/v1/translations/import", {"key": "label", "value": e, "format": "html-escaped"}, note="html-escaped")

# ------------------------------------------------------------ Q. multipart uploads
mp_cases = [
    [("file", "name,email,notes\nSiobhán O'Brien,siobhan@example.ie,\"VIP; call before 5\"\nMarco D'Angelo,marco@example.it,\n", "customers.csv", "text/csv"), ("dedupe", "true", None, None)],
    [("avatar", "\u0089PNG\r\n...binary...", "me.png", "image/png"), ("alt", "Photo of me at the beach", None, None)],
    [("title", "Q3 board deck", None, None), ("file", "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "Q3 board deck (final).pdf", "application/pdf")],
    [("message", "Here's the log you asked for — it fails right after 'Connecting to db…'", None, None), ("attachment", "2024-05-14 09:12:33 INFO starting worker\n2024-05-14 09:12:34 ERROR connection refused (127.0.0.1:5432)\n", "worker.log", "text/plain")],
    [("readme", "# My Plugin\n\n## Install\n\n```bash\nnpm install my-plugin --save-dev\n```\n\nThen add `\"my-plugin\"` to `plugins` in `.eslintrc`.\n", "README.md", "text/markdown")],
    [("config", "server:\n  port: 8080\n  host: 0.0.0.0\nlogging:\n  level: info\n  file: /var/log/acme/app.log\n", "config.yaml", "application/x-yaml")],
    [("document", "Dear Mr. O'Connor,\n\nPlease find attached the invoice for May.\n\nKind regards,\nAnne-Marie", "letter.txt", "text/plain"), ("folder", "Correspondence/2024", None, None)],
    [("name", "Zoë's birthday", None, None), ("photos[]", "JFIF...", "IMG_2041.jpg", "image/jpeg"), ("photos[]", "JFIF...", "IMG_2042.jpg", "image/jpeg")],
    [("script", "#!/usr/bin/env bash\nset -euo pipefail\nnpm ci\nnpm run build\n", "build.sh", "application/x-sh"), ("description", "Our build script, for the support engineer", None, None)],
    [("sql", "-- monthly revenue\nSELECT date_trunc('month', created_at) AS m, sum(total) FROM orders GROUP BY 1 ORDER BY 1;\n", "revenue.sql", "application/sql"), ("dashboard", "finance", None, None)],
    [("resume", "PK\u0003\u0004...docx...", "résumé – Zoë D'Amato.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), ("position", "Senior Engineer", None, None)],
    [("notebook", "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"import pandas as pd\\n\", \"df = pd.read_csv('sales.csv')\"]}], \"nbformat\": 4}", "analysis.ipynb", "application/x-ipynb+json")],
]
mp_paths = ["/api/v1/contacts/import", "/api/v1/users/me/avatar", "/api/v1/documents", "/api/v2/tickets/5512/attachments", "/api/v1/plugins/readme",
            "/api/v1/deployments/config", "/api/v1/documents", "/api/v1/albums", "/api/v2/tickets/5513/attachments", "/api/v1/queries/upload",
            "/careers/apply", "/api/v1/notebooks"]
for parts, p in zip(mp_cases, mp_paths):
    add(case("POST", p, {"Content-Type": MP_CT}, multipart(parts), "multipart"), "multipart upload")

# ------------------------------------------------------------ R. SaaS admin APIs: listing, filters, pagination
admin_q = [
    "/api/v1/users?page=2&per_page=50&sort=-created_at", "/api/v1/users?filter[status]=active&filter[role]=admin&include=teams",
    "/api/v1/issues?q=status%3Aopen%20assignee%3Ame%20label%3A%22good%20first%20issue%22", "/api/v1/orders?fields[]=id&fields[]=total&fields[]=status",
    "/api/v1/events?since=2024-05-01T00%3A00%3A00Z&until=2024-05-31T23%3A59%3A59Z&type=login.failed", "/api/v1/invoices?status=open&due_before=2024-06-30&limit=100&cursor=eyJpZCI6MTAwfQ",
    "/api/v1/audit-log?actor=dana%40example.com&action=user.delete", "/api/v2/projects?name_contains=o%27brien&archived=false",
    "/api/v1/products?price_min=10&price_max=99.99&tags=summer,linen&sort=price:asc", "/api/v1/contacts?email=jenny%2Btest%40example.com",
    "/api/v1/reports/sales?group_by=region&metrics=revenue,orders&from=2024-01-01&to=2024-03-31", "/api/v1/search?q=%22select%20all%22%20OR%20%22deselect%22&type=issue",
    "/api/v1/tickets?query=priority%3E%3Dhigh%20AND%20created%3E-7d", "/api/v1/teams/eng/members?role=maintainer&expand=user.profile",
    "/api/v1/logs?level=error&service=checkout&q=timeout%20%7C%20refused", "/api/v1/files?path=%2Fshared%2FMarketing%2F2024&recursive=true",
]
for p in admin_q:
    G(p, headers={"Authorization": "Bearer " + JWT}, note="admin listing")
admin_json = [
    ("POST", "/api/v1/users", {"email": "new.hire@example.com", "name": "Seán Ó Dálaigh", "role": "member", "teams": ["support", "emea"], "send_invite": True}),
    ("PATCH", "/api/v1/orgs/acme/settings", {"sso": {"enabled": True, "idp_metadata_url": "https://login.microsoftonline.com/abc/federationmetadata/2007-06/federationmetadata.xml"}, "session_timeout_minutes": 480}),
    ("POST", "/api/v1/roles", {"name": "billing-viewer", "permissions": ["invoices:read", "payments:read"], "description": "Can view (not edit) billing"}),
    ("POST", "/api/v1/alerts/rules", {"name": "High error rate", "expr": "rate(http_requests_total{status=~\"5..\"}[5m]) > 0.05", "for": "10m", "labels": {"severity": "page"}}),
    ("PUT", "/api/v1/feature-flags/new-checkout", {"enabled": True, "rollout": {"percentage": 25, "segments": ["beta-testers", "employees"]}, "rules": [{"attribute": "country", "op": "in", "values": ["US", "CA"]}]}),
    ("POST", "/api/v1/automations", {"name": "Auto-close stale", "trigger": {"type": "schedule", "cron": "0 9 * * 1"}, "conditions": [{"field": "updated_at", "op": "<", "value": "-30d"}], "actions": [{"type": "comment", "body": "Closing due to inactivity — reopen if needed!"}]}),
    ("POST", "/api/v1/saved-searches", {"name": "My open bugs", "query": "type = Bug AND assignee = currentUser() AND status != Done ORDER BY priority DESC"}),
    ("POST", "/api/v1/integrations/datadog", {"api_key": "3f2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d", "site": "datadoghq.eu", "tags": ["env:prod", "team:payments"]}),
    ("PATCH", "/api/v1/projects/42", {"name": "Website redesign (2024)", "description": "Move from jQuery to React; see /docs/adr/0007-react.md", "color": "#ff6b6b"}),
    ("POST", "/api/v1/dashboards", {"title": "Ops", "widgets": [{"type": "timeseries", "query": "avg:system.cpu.user{host:web-*} by {host}"}, {"type": "note", "text": "Runbook: https://wiki.example.com/ops/cpu"}]}),
    ("POST", "/api/v1/email-templates", {"name": "welcome", "subject": "Welcome to Acme, {{first_name}}!", "html": "<p>Hi {{first_name}},</p><p>Thanks for signing up. <a href=\"{{login_url}}\">Log in</a> to get started.</p>"}),
    ("POST", "/api/v1/cron", {"name": "cleanup", "schedule": "*/15 * * * *", "command": "cleanup-temp-files", "timezone": "Europe/Dublin"}),
    ("POST", "/api/v1/sql/saved-queries", {"name": "Active users (7d)", "datasource": "analytics", "sql": "SELECT count(DISTINCT user_id) FROM events WHERE ts > now() - interval '7 days'"}),
    ("POST", "/api/v1/ci/pipelines", {"name": "build", "steps": [{"name": "install", "run": "npm ci"}, {"name": "test", "run": "npm test -- --coverage"}, {"name": "lint", "run": "npx eslint 'src/**/*.{ts,tsx}'"}]}),
    ("POST", "/api/v1/notifications/test", {"channel": "email", "to": "o'reilly.k@example.com", "message": "Test from Acme <no-reply@acme.example>"}),
]
for m, p, o in admin_json:
    J(m, p, o, headers={"Authorization": "Bearer " + JWT}, note="admin api")

# ------------------------------------------------------------ S. docs / markdown / plain bodies
docs = [
    ("text/markdown", "# Getting started\n\nInstall the CLI:\n\n```bash\nnpm install -g @acme/cli\nacme init my-app\ncd my-app && acme dev\n```\n\nThen open http://localhost:3000.\n"),
    ("text/markdown", "## Querying\n\nUse the `where` helper instead of raw SQL:\n\n```js\nconst users = await db.select('id', 'email').from('users').where({ active: true }).limit(10)\n```\n"),
    ("text/markdown", "## FAQ\n\n**Why does `SELECT *` feel slow?** Because it fetches every column; list the ones you need.\n\n**Where is the config?** In `config/app.yml` (see [config docs](../config/README.md)).\n"),
    ("text/plain", "Meeting notes 2024-05-14\n- Dana: DB migration done, 0 downtime\n- Kim: will look at the 'select all' bug\n- Next: drop the legacy /v1/export endpoint in Q3\n"),
    ("text/plain", "Hi team,\n\nThe file is at \\\\fileserver\\shared\\Finance\\2024\\Q2.xlsx. Let me know if you can't open it.\n\nThanks,\nSiobhán"),
    ("text/markdown", "### Changelog\n\n- Fixed: names with apostrophes (O'Brien) are no longer rejected\n- Added: `--json` flag to `acme export`\n- Changed: `<Button>` now defaults to `type=\"button\"`\n"),
    ("text/markdown", "```python\nimport os\nBASE = os.path.dirname(__file__)\nDATA = os.path.join(BASE, 'data', 'seed.json')\n```\nLoads seed data relative to the module."),
    ("text/plain", "Order #88213 — customer says: \"the 5' cable is too short, need the 10' one\". Exchange approved."),
    ("text/markdown", "| Command | What it does |\n|---|---|\n| `make build` | compiles |\n| `make test` | runs tests |\n| `make clean` | removes `./dist` |\n"),
    ("text/plain", "Release 2.14.0\n\n* New: bulk export (CSV, JSON)\n* Fix: 3 < 4 comparisons in the rule editor now render correctly\n"),
]
for i, (ct, body) in enumerate(docs):
    add(case("PUT" if i % 2 else "POST", f"/api/v1/wiki/pages/page-{i}", {"Content-Type": ct + "; charset=utf-8"}, body, "body"), "docs body")

# ------------------------------------------------------------ T. e-commerce JSON misc
J("POST", "/api/v1/cart/items", {"sku": "TEE-ORG-M-BLK", "qty": 2, "options": {"engraving": "J & M — 06/14/2024"}}, note="cart")
J("POST", "/api/v1/reviews", {"product_id": 3321, "rating": 4, "title": "Good, not great", "text": "Fits true to size. I'm 5'9\" and the M is perfect. Colour's a bit darker than the photo <3"}, note="review")
J("POST", "/api/v1/reviews", {"product_id": 3321, "rating": 5, "title": "Perfect gift!", "text": "Bought for my husband's 40th – he loves it!!! 10/10 would buy again :)"}, note="review")
J("POST", "/api/v1/orders", {"items": [{"sku": "MUG-11OZ", "qty": 1}], "gift_message": "Happy birthday, Dad! Don't drink too much coffee ;)", "coupon": "SPRING-25"}, note="order gift message")
J("POST", "/api/v1/wishlist", {"product_ids": [101, 205, 333], "name": "Kayleigh's wishlist"}, note="wishlist")
J("PATCH", "/api/v1/orders/88213", {"status": "cancelled", "reason": "Customer changed mind; said 'sorry for the hassle!'"}, note="order update")
J("POST", "/api/v1/quotes", {"company": "O'Reilly Auto Parts", "items": [{"desc": "Bolt M8×40, zinc", "qty": 500}, {"desc": "Washer 3/8\"", "qty": 500}], "notes": "Need by 6/30 — ship to dock #3"}, note="b2b quote")
J("POST", "/api/v1/events/track", {"event": "Product Viewed", "properties": {"product_id": "TEE-ORG", "price": 24.99, "url": "https://shop.example.com/products/tee?variant=123&utm_source=ig"}, "context": {"userAgent": UA, "locale": "en-US"}}, note="analytics event")
J("POST", "/api/v1/support/chatbot", {"session": "s-9913", "message": "Where's my order? It says 'in transit' since Monday & tracking # is 1Z999AA10123456784"}, note="chatbot")
J("POST", "/api/v1/forms/feedback", {"nps": 9, "comment": "Love the new dashboard!! Only gripe: the 'Export' button is hidden under ⋯ menu"}, note="feedback")
