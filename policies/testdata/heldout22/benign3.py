"""Benign part 3: developer content, CMS, GraphQL, schemas, tokens, paths, names, misc API traffic."""
import base64
import json
from common import case, jbody, query, form, multipart, JSON_CT, FORM_CT, MP_CT

B = []


def add(name, method, path, headers=None, body="", where="body", src=""):
    B.append(case(f"h22-benign-{name}", "benign", "allow", method, path, headers, body, where, src))


# ---------------- markdown docs with harmless code ----------------
docs = [
    "## Install\n\n```bash\nnpm install @acme/sdk --save\n```\n\nThen import it:\n\n```js\nimport { Client } from '@acme/sdk';\nconst c = new Client({ apiKey: process.env.ACME_KEY });\n```",
    "## Quick start\n\n```sh\npip install acme-cli\nacme login\nacme projects list --format table\n```",
    "### Querying\n\nTo list the ten newest posts:\n\n```sql\nSELECT id, title FROM posts ORDER BY created_at DESC LIMIT 10;\n```\n\nUse an index on `created_at` for large tables.",
    "## Building from source\n\n```\ngit clone https://github.com/acme/tool.git\ncd tool\nmake && sudo make install\n```",
    "Configure the agent in `/etc/acme/agent.yaml`:\n\n```yaml\nlog_level: info\nendpoints:\n  - https://ingest.example.com\n```",
    "## Docker\n\n```dockerfile\nFROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD [\"node\", \"server.js\"]\n```",
    "Run tests with `go test ./...` and lint with `golangci-lint run`. CI runs both on every PR.",
    "### Environment\n\n| Variable | Default |\n|---|---|\n| `PORT` | `8080` |\n| `DATABASE_URL` | `postgres://localhost:5432/app` |",
    "## Migrations\n\n```sql\nCREATE TABLE invoices (\n  id BIGSERIAL PRIMARY KEY,\n  number TEXT NOT NULL UNIQUE,\n  total_cents INTEGER NOT NULL CHECK (total_cents >= 0)\n);\n```",
    "## Changelog\n\n- Fixed: paths like `src/components/App.tsx` were shown with backslashes on Windows.\n- Added: `--dry-run` flag to `acme deploy`.",
    "To generate a key: `ssh-keygen -t ed25519 -C \"you@example.com\"` and add `~/.ssh/id_ed25519.pub` to your account settings.",
    "### Python example\n\n```python\nimport requests\nr = requests.get('https://api.example.com/v1/items', params={'q': 'lamp', 'limit': 20})\nprint(r.json()['items'][0]['name'])\n```",
    "In HTML, use `<label for=\"email\">` so screen readers announce the field. Avoid `<div onclick>` for buttons; use `<button>`.",
    "## Makefile\n\n```make\nbuild:\n\tgo build -o bin/app ./cmd/app\n\ntest:\n\tgo test -race ./...\n```",
    "### Kubernetes\n\n```bash\nkubectl get pods -n staging\nkubectl logs deploy/api -n staging --tail=100\n```",
    "## JSON Lines\n\nEach line is one record, e.g. `{\"id\": 1, \"name\": \"lamp\"}`. Use `jq -c '.items[]'` to convert.",
]
for i, d in enumerate(docs, 1):
    m = i % 4
    if m == 0:
        add(f"doc-{i:02d}", "PUT", f"/api/v1/wiki/pages/guide-{i}", {"Content-Type": "text/markdown; charset=utf-8"}, d)
    elif m == 1:
        add(f"doc-{i:02d}", "POST", "/api/v1/cms/articles", JSON_CT, jbody({"title": f"Guide part {i}", "format": "markdown", "body": d, "tags": ["docs"]}))
    elif m == 2:
        add(f"doc-{i:02d}", "POST", "/repos/acme/web/issues/77/comments", JSON_CT, jbody({"body": d}))
    else:
        add(f"doc-{i:02d}", "POST", "/api/v1/snippets", JSON_CT, jbody({"title": "example", "language": ["shell", "sql", "markdown"][i % 3], "code": d}))

# ---------------- developer Q&A / chat ----------------
qa = [
    "How do I escape a single quote in a SQL string? I read that you double it, like 'O''Brien' — is that right for Postgres?",
    "Why does `ls -la | grep .env` show nothing even though the file exists? I'm in the project root.",
    "What's the difference between `<script defer>` and `<script async>`? Our page loads analytics in the head.",
    "Is it safe to store paths like ../assets/logo.svg in the config? The bundler resolves them relative to src/.",
    "Prepared statements vs. an ORM: which one should a beginner learn first?",
    "My regex ^[a-z0-9_-]{3,16}$ doesn't match usernames with dots. How do I allow them?",
    "TIL: `git log --oneline --graph --all` is a nice way to see branches.",
    "Anyone know why `SELECT COUNT(*)` is slow on InnoDB for big tables? EXPLAIN shows a full index scan.",
    "In React, is `dangerouslySetInnerHTML` ever OK? We render markdown from our own CMS only.",
    "PSA: the staging DB password rotated — get the new one from the vault, don't paste it here :)",
    "What does the `&&` do in `npm run build && npm start`? Sorry, new to the terminal.",
    "We need 5' 10\" and 6' 2\" options in the height dropdown; the form currently strips the quotes.",
    "Is 3 < 4 < 2 true in Python? I think it's chained, so it should be False.",
    "Compile error: expected ';' before '}' token — line 42 of main.c. What am I missing?",
    "Should I use `path.join(__dirname, 'views')` or a relative string in Express?",
    "Ran `docker compose up -d` and the db container keeps restarting with 'permission denied' on /var/lib/postgresql/data.",
]
for i, t in enumerate(qa, 1):
    if i % 3 == 0:
        add(f"qa-{i:02d}", "POST", "/api/v1/chat/messages", JSON_CT, jbody({"channel": "dev-help", "text": t, "thread_ts": None}))
    elif i % 3 == 1:
        add(f"qa-{i:02d}", "POST", "/api/v1/questions", JSON_CT, jbody({"title": t[:60], "body": t, "tags": ["beginner"]}))
    else:
        add(f"qa-{i:02d}", "POST", "/forum/reply", FORM_CT, form([("thread", str(9000 + i)), ("message", t)]))

# ---------------- GraphQL ----------------
gql = [
    ("query { viewer { login repositories(first: 10, orderBy: {field: UPDATED_AT, direction: DESC}) { nodes { name stargazerCount } } } }", {}),
    ("query Search($q: String!) { search(query: $q, type: ISSUE, first: 20) { issueCount nodes { ... on Issue { title url } } } }", {"q": "repo:acme/web is:open label:\"good first issue\""}),
    ("mutation AddComment($id: ID!, $body: String!) { addComment(input: {subjectId: $id, body: $body}) { clientMutationId } }", {"id": "I_kwDOABCD", "body": "LGTM 👍 — merging after CI"}),
    ("query Products($first: Int, $query: String) { products(first: $first, query: $query) { edges { node { id title priceRange { minVariantPrice { amount } } } } } }", {"first": 5, "query": "title:*shirt* AND status:active"}),
    ("query { __typename }", {}),
    ("fragment U on User { id name } query($ids:[ID!]!) { nodes(ids: $ids) { ...U } }", {"ids": ["U_1", "U_2"]}),
    ("subscription OnMessage($room: ID!) { messageAdded(roomId: $room) { id text author { name } } }", {"room": "r-42"}),
]
for i, (q, v) in enumerate(gql, 1):
    add(f"graphql-{i}", "POST", "/graphql", JSON_CT, jbody({"query": q, "variables": v, "operationName": None}))
add("graphql-get", "GET", query("/graphql", [("query", "{ shop { name currencyCode } }")]), where="query")

# ---------------- JSON Schema / OpenAPI ($-keys that are not Mongo operators) ----------------
schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.com/schemas/order.json", "title": "Order", "type": "object",
          "properties": {"id": {"type": "string"}, "lines": {"type": "array", "items": {"$ref": "#/$defs/line"}}, "total": {"type": "number", "minimum": 0}},
          "required": ["id", "lines"], "$defs": {"line": {"type": "object", "properties": {"sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{3}$"}, "qty": {"type": "integer", "exclusiveMinimum": 0}}}}}
add("schema-1", "PUT", "/api/v1/registry/schemas/order", {"Content-Type": "application/schema+json"}, jbody(schema))
openapi = {"openapi": "3.1.0", "info": {"title": "Pets", "version": "1.0.0"}, "paths": {"/pets/{petId}": {"get": {"parameters": [{"$ref": "#/components/parameters/petId"}], "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}}}},
           "components": {"parameters": {"petId": {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}}, "schemas": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}}}
add("openapi-1", "POST", "/api/v1/apis/pets/specs", JSON_CT, jbody(openapi))
add("schema-vega", "POST", "/api/v1/dashboards/7/charts", JSON_CT, jbody({"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "data": {"url": "data/cars.json"}, "mark": "point", "encoding": {"x": {"field": "Horsepower", "type": "quantitative"}, "y": {"field": "Miles_per_Gallon", "type": "quantitative"}}}))
add("schema-jsonld", "POST", "/api/v1/cms/pages/about/meta", JSON_CT, jbody({"@context": "https://schema.org", "@type": "Organization", "name": "O'Malley & Partners", "url": "https://omalley.example"}))
add("schema-ajv-err", "POST", "/api/v1/validation/report", JSON_CT, jbody({"errors": [{"instancePath": "/lines/0/qty", "schemaPath": "#/$defs/line/properties/qty/exclusiveMinimum", "keyword": "exclusiveMinimum", "params": {"comparison": ">", "limit": 0}, "message": "must be > 0"}]}))

# ---------------- tokens / blobs ----------------
def b64u(d): return base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).rstrip(b"=").decode()
jwt = b64u({"alg": "RS256", "typ": "JWT", "kid": "2024-10"}) + "." + b64u({"sub": "user_8842", "iss": "https://auth.example.com/", "aud": "api", "exp": 1733603600, "scope": "read:orders write:orders"}) + ".Q2Vd3J8yS0lQ5m2N_fakeSignature-kP9xZ"
add("jwt-header", "GET", "/api/v1/orders?limit=20", {"Authorization": "Bearer " + jwt}, where="header")
add("jwt-body", "POST", "/oauth/introspect", FORM_CT, form([("token", jwt), ("token_type_hint", "access_token")]))
png = base64.b64encode(bytes(range(256)) * 3).decode()
add("b64-avatar", "PUT", "/api/v1/users/me/avatar", JSON_CT, jbody({"filename": "me.png", "content_type": "image/png", "data": png}))
add("b64-attach", "POST", "/api/v1/tickets/8812/attachments", JSON_CT, jbody({"name": "log.txt", "base64": base64.b64encode("2026-12-07 21:00:01 INFO started worker pid=4471\n2026-12-07 21:00:02 WARN retrying in 5s\n".encode()).decode()}))
add("basic-auth", "GET", "/api/v1/me", {"Authorization": "Basic " + base64.b64encode(b"ci-bot:s3cr3t-t0ken").decode()}, where="header")
add("cookie-normal", "GET", "/account/orders", {"Cookie": "_ga=GA1.2.1234567890.1733600000; session=eyJ1aWQiOjg4NDJ9.Z1RvYg.abc123; theme=dark; consent=analytics%3Dtrue%2Cads%3Dfalse"}, where="cookie")
add("cookie-prefs", "GET", "/", {"Cookie": "prefs=%7B%22lang%22%3A%22fr-CA%22%2C%22currency%22%3A%22CAD%22%7D; cart=3"}, where="cookie")

# ---------------- HTML-escaped / rich text CMS content ----------------
cms = [
    "<p>Our new <strong>spring collection</strong> is here! Sizes XS&ndash;XXL.</p><p><a href=\"https://shop.example.com/spring?utm_source=blog\">Shop now</a></p>",
    "<h2>Recipe: Mom's apple pie</h2><ul><li>6 apples</li><li>&frac34; cup sugar</li><li>Bake at 425&deg;F for 45 min</li></ul>",
    "&lt;b&gt;bold&lt;/b&gt; is how you write bold in HTML — shown escaped in the tutorial.",
    "<figure><img src=\"/uploads/2026/12/team.jpg\" alt=\"The team at O'Hare\" width=\"800\"><figcaption>Team offsite, Chicago</figcaption></figure>",
    "<blockquote><p>Simplicity is prerequisite for reliability.</p><cite>Edsger W. Dijkstra</cite></blockquote>",
    "<table><thead><tr><th>Plan</th><th>Price</th></tr></thead><tbody><tr><td>Basic</td><td>$9</td></tr><tr><td>Pro</td><td>$29</td></tr></tbody></table>",
    "<p>Use the <code>&lt;details&gt;</code> element for FAQs; it's accessible by default.</p>",
    "<p>Price per kg: 3 &lt; x &lt; 5 EUR depending on season.</p>",
]
for i, h in enumerate(cms, 1):
    add(f"cms-{i}", "POST", ["/wp-json/wp/v2/posts", "/api/v1/cms/blocks", "/ghost/api/admin/posts/"][i % 3], JSON_CT, jbody({"title": f"Post {i}", "content": h, "status": "draft"}))
add("cms-form-post", "POST", "/admin/pages/save", FORM_CT, form([("title", "About us"), ("body", "<p>We're a family business since 1987 — \"quality first\".</p>"), ("slug", "about-us")]))

# ---------------- file paths in normal use ----------------
paths = ["src/components/App.tsx", "docs/guide/getting-started.md", "packages/core/src/index.ts", "C:\\Program Files\\Acme\\agent.exe", "/home/runner/work/web/web/dist/main.js",
         "assets/img/logo@2x.png", "app/Http/Controllers/OrderController.php", "./scripts/build.sh", "~/Library/Application Support/Acme/settings.json", "s3://acme-backups/2026/12/07/db.sql.gz"]
for i, p in enumerate(paths, 1):
    if i % 2:
        add(f"path-{i:02d}", "GET", query("/api/v1/repos/acme/web/contents", [("path", p), ("ref", "main")]), where="query")
    else:
        add(f"path-{i:02d}", "POST", "/api/v1/code-review/comments", JSON_CT, jbody({"file": p, "line": 12 + i, "body": f"Nit: rename this export in {p.split('/')[-1]}"}))
add("path-url-seg", "GET", "/api/v1/repos/acme/web/contents/src%2Fcomponents%2FApp.tsx?ref=main", where="path")
add("path-npm-scoped", "GET", "/@acme%2fsdk/-/sdk-2.4.1.tgz", where="path")
add("path-dotfile", "GET", query("/api/v1/repos/acme/web/contents", [("path", ".github/workflows/ci.yml")]), where="query")
add("path-version", "GET", "/api/v1/packages/lodash/versions/4.17.21", where="path")

# ---------------- names, addresses, measures ----------------
people = [("Conor", "O'Brien", "7 O'Connell St., Limerick"), ("Giulia", "D'Angelo", "Via dell'Orso 12, Roma"), ("Marie-Ève", "L'Heureux", "450 rue Saint-Jacques, Montréal"),
          ("Ngozi", "Okafor-D'Souza", "Plot 5, Adeola Odeku St, Lagos"), ("Björn", "Ångström", "Storgatan 1, 111 23 Stockholm"), ("Shaquille", "O'Neal", "1 Main St, Orlando, FL 32801"),
          ("Zoë", "Saint-Clair", "Apt. #4-B, 221B Baker St, London NW1 6XE"), ("Jos", "van 't Hek", "Prinsengracht 263, Amsterdam")]
for i, (f, l, a) in enumerate(people, 1):
    if i % 2:
        add(f"addr-{i}", "POST", "/api/v1/checkout/address", JSON_CT, jbody({"first_name": f, "last_name": l, "line1": a, "phone": "+353 86 123 4567"}))
    else:
        add(f"addr-{i}", "POST", "/checkout/shipping", FORM_CT, form([("first_name", f), ("last_name", l), ("address", a), ("instructions", "Ring twice; it's the door with the \"No junk mail\" sign")]))
add("name-search", "GET", query("/api/v1/customers", [("q", "O'Brien"), ("fields", "id,name,email")]), where="query")
measures = ["5' 10\"", "6'2\" / 188 cm", "32\" x 30\"", "1/4\" - 20 UNC", "12' 6\" x 9' 3\" room", "3 < 4", "x >= 10 && y <= 20", "≈ 3.14", "50% off – today only!", "-40 °C = -40 °F"]
for i, m in enumerate(measures, 1):
    add(f"measure-{i:02d}", "POST", "/api/v1/listings/drafts", JSON_CT, jbody({"field": ["height", "size", "dims", "thread", "room", "note", "rule", "pi", "promo", "fact"][i - 1], "value": m}))

# ---------------- URLs with query strings ----------------
urls = ["https://www.example.com/search?q=red+shoes&size=9&sort=price_asc", "https://maps.example.com/?ll=40.7128,-74.0060&z=12", "https://example.com/redirect?to=%2Fdashboard%3Ftab%3Dbilling",
        "https://cdn.example.com/img/p/88.jpg?w=800&h=600&fit=crop&auto=format", "https://calendar.example.com/event?action=TEMPLATE&text=Team+Lunch&dates=20261210T120000Z/20261210T130000Z"]
for i, u in enumerate(urls, 1):
    add(f"url-{i}", "POST", "/api/v1/bookmarks", JSON_CT, jbody({"url": u, "title": f"Saved link {i}"}))
add("url-oauth", "GET", query("/oauth/authorize", [("response_type", "code"), ("client_id", "abc123"), ("redirect_uri", "https://app.example.com/callback"), ("scope", "openid profile email"), ("state", "xyz-789")]), where="query")
add("url-referer", "GET", "/api/v1/products/88", {"Referer": "https://www.google.com/search?q=waterproof+jacket+%22men%27s%22&oq=waterproof"}, where="header")
add("xff-chain", "GET", "/api/v1/geo", {"X-Forwarded-For": "203.0.113.195, 70.41.3.18, 150.172.238.178", "X-Forwarded-Proto": "https"}, where="header")
add("ua-curl", "GET", "/api/v1/health", {"User-Agent": "curl/8.5.0"}, where="header")
add("ua-bot", "GET", "/sitemap.xml", {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}, where="header")

# ---------------- Kubernetes / npm / Jira / Elasticsearch API requests ----------------
add("k8s-deploy", "POST", "/apis/apps/v1/namespaces/staging/deployments", JSON_CT, jbody({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"app": "web"}},
    "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "ghcr.io/acme/web:2.3.1", "ports": [{"containerPort": 8080}],
        "readinessProbe": {"httpGet": {"path": "/healthz", "port": 8080}}, "env": [{"name": "LOG_LEVEL", "value": "info"}]}]}}}}))
add("k8s-patch", "PATCH", "/apis/apps/v1/namespaces/staging/deployments/web", {"Content-Type": "application/strategic-merge-patch+json"}, jbody({"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": "2026-12-07T21:00:00Z"}}}}}))
add("k8s-labelsel", "GET", query("/api/v1/namespaces/prod/pods", [("labelSelector", "app=web,tier!=cache,env in (prod,canary)"), ("fieldSelector", "status.phase=Running")]), where="query")
add("k8s-configmap", "POST", "/api/v1/namespaces/staging/configmaps", JSON_CT, jbody({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "nginx-conf"}, "data": {"default.conf": "server {\n  listen 80;\n  location / {\n    proxy_pass http://web:8080;\n    proxy_set_header Host $host;\n  }\n}\n"}}))
add("npm-publish-meta", "PUT", "/@acme%2fsdk", JSON_CT, jbody({"name": "@acme/sdk", "description": "Official SDK", "dist-tags": {"latest": "2.4.1"}, "versions": {"2.4.1": {"name": "@acme/sdk", "version": "2.4.1", "main": "dist/index.js", "scripts": {"build": "tsc -p .", "test": "vitest run"}, "engines": {"node": ">=18"}, "dependencies": {"undici": "^6.0.0"}}}, "readme": "# @acme/sdk\n\n```bash\nnpm i @acme/sdk\n```"}))
add("npm-search", "GET", query("/-/v1/search", [("text", "keywords:cli author:sindresorhus"), ("size", "20")]), where="query")
add("jira-create", "POST", "/rest/api/3/issue", JSON_CT, jbody({"fields": {"project": {"key": "OPS"}, "summary": "Rotate TLS cert on edge-lb-2 (expires 2027-01-03)", "issuetype": {"name": "Task"},
    "description": {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Run the renewal playbook, then check with "}, {"type": "text", "text": "openssl s_client -connect edge-lb-2:443", "marks": [{"type": "code"}]}]}]}, "labels": ["tls", "ops"]}}))
add("jira-comment", "POST", "/rest/api/2/issue/OPS-881/comment", JSON_CT, jbody({"body": "{code:bash}\nsystemctl status nginx\njournalctl -u nginx --since \"1 hour ago\"\n{code}\nLooks fine now, closing."}))
add("es-bulk", "POST", "/_bulk", {"Content-Type": "application/x-ndjson"}, '{"index":{"_index":"products","_id":"88"}}\n{"title":"Men\'s 12\\" Board Shorts","price":49.95,"tags":["summer","beach"]}\n{"delete":{"_index":"products","_id":"77"}}\n')
add("es-index-settings", "PUT", "/products", JSON_CT, jbody({"settings": {"analysis": {"analyzer": {"folding": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding"]}}}}, "mappings": {"properties": {"title": {"type": "text", "analyzer": "folding"}, "price": {"type": "scaled_float", "scaling_factor": 100}}}}))
add("gitlab-ci-lint", "POST", "/api/v4/projects/42/ci/lint", JSON_CT, jbody({"content": "stages: [test]\ntest:\n  image: python:3.12\n  script:\n    - pip install -r requirements.txt\n    - pytest -q\n"}))
add("gha-dispatch", "POST", "/repos/acme/web/actions/workflows/deploy.yml/dispatches", JSON_CT, jbody({"ref": "main", "inputs": {"environment": "staging", "version": "2.3.1"}}))

# ---------------- more e-commerce / SaaS admin ----------------
add("shop-search-1", "GET", query("/api/v1/products", [("q", "men's jacket -leather"), ("price_min", "50"), ("sort", "-rating")]), where="query")
add("shop-search-2", "GET", query("/api/v1/products", [("q", "\"12 inch\" OR 12\""), ("category", "tools & hardware")]), where="query")
add("shop-review", "POST", "/api/v1/products/88/reviews", JSON_CT, jbody({"stars": 4, "title": "Good, but runs small", "body": "I'm 5'9\" and 170 lb; the M fit like an S. Ordered L instead. Fabric is great though!!! :-)"}))
add("shop-coupon", "POST", "/api/v1/cart/coupons", JSON_CT, jbody({"code": "BLACK-FRIDAY_2026"}))
add("shop-gift-msg", "POST", "/api/v1/cart/gift", FORM_CT, form([("message", "Happy b-day, Sam! <3 From all of us @ the office (& the cat)"), ("wrap", "1")]))
add("saas-invite", "POST", "/api/v1/orgs/acme/invitations", JSON_CT, jbody({"emails": ["dara.o'shea@example.ie", "li.wei+test@example.com"], "role": "member", "message": "Join us on the \"Ops\" workspace!"}))
add("saas-role", "PATCH", "/api/v1/orgs/acme/members/u_8842", JSON_CT, jbody({"role": "admin", "reason": "Covering for D'Arcy during leave"}))
add("saas-webhook-cfg", "POST", "/api/v1/webhooks", JSON_CT, jbody({"url": "https://hooks.example.com/acme?token=abc&env=prod", "events": ["order.created", "order.refunded"], "secret": "whsec_9f8e7d6c"}))
add("saas-audit-q", "GET", query("/api/v1/audit-log", [("actor", "u_8842"), ("action", "member.role_changed"), ("after", "2026-12-01T00:00:00Z")]), where="query")
add("saas-settings", "PUT", "/api/v1/orgs/acme/settings", JSON_CT, jbody({"display_name": "Acme & Co.", "timezone": "Europe/Dublin", "date_format": "dd/MM/yyyy", "password_policy": {"min_length": 12, "require_symbols": True}}))
add("saas-csv-export", "POST", "/api/v1/exports", JSON_CT, jbody({"type": "customers", "columns": ["name", "email", "lifetime_value"], "filters": {"country": ["IE", "GB"], "ltv_gt": 500}}))
add("saas-feature-flag", "PATCH", "/api/v1/flags/new-checkout", JSON_CT, jbody({"enabled": True, "rules": [{"attribute": "email", "op": "endsWith", "value": "@acme.com"}, {"attribute": "country", "op": "in", "value": ["IE", "NL"]}], "rollout_pct": 25}))
add("chat-emoji", "POST", "/api/v1/chat/messages", JSON_CT, jbody({"channel": "random", "text": "¯\\_(ツ)_/¯ no idea, ask @maeve — she knows the <Billing> module"}))
add("chat-code-talk", "POST", "/api/v1/chat/messages", JSON_CT, jbody({"channel": "backend", "text": "FYI the report query now uses a CTE instead of the nested SELECT; 3x faster on prod data"}))
add("chat-path-talk", "POST", "/api/v1/chat/messages", JSON_CT, jbody({"channel": "frontend", "text": "moved the hook to src/hooks/useCart.ts, the old ../../utils import is gone"}))
add("multipart-photo", "POST", "/api/v1/listings/88/photos", {"Content-Type": MP_CT}, multipart([("caption", "Front view — note the 1/2\" gap"), ("photo", "\x89PNG\r\n(binary omitted)", "IMG_2041.png", "image/png")]))
add("multipart-doc", "POST", "/api/v1/contracts/upload", {"Content-Type": MP_CT}, multipart([("title", "MSA – O'Malley & Partners (v3)"), ("file", "%PDF-1.7 (binary omitted)", "MSA_OMalley_v3.pdf", "application/pdf")]))
