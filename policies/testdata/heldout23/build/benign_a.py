"""Benign traffic, part A: developer platforms, observability, chat/collaboration.
Shapes follow public API docs (GitHub Actions workflow_dispatch, GitLab pipeline triggers,
Buildkite builds, Jira REST v3 + ADF, Linear GraphQL, npm registry publish documents,
PyPI JSON, OTLP/HTTP JSON, Loki push API, Sentry envelopes, Slack Events API, Discord
message objects, Microsoft Teams chatMessage, Matrix m.room.message)."""
from common import jdump, form, q, qs, ua


def ci(C):
    B = lambda method, path, obj, where="body": C.json("benign", "allow", method, path, obj, where=where, headers={"Authorization": "Bearer ghp_16C7e42F292c6912E7710c838347Ae178B4a"})
    B("POST", "/repos/acme/storefront/actions/workflows/deploy.yml/dispatches", {"ref": "main", "inputs": {"environment": "staging", "dry_run": "false", "version": "v2.14.0"}})
    B("POST", "/repos/acme/storefront/actions/workflows/nightly.yml/dispatches", {"ref": "refs/heads/release/2024.06", "inputs": {"suite": "e2e", "browsers": "chromium,firefox"}})
    C.form("benign", "allow", "POST", "/api/v4/projects/1842/trigger/pipeline",
           [("token", "glptt-3b1e9a0c5d"), ("ref", "main"), ("variables[DEPLOY_ENV]", "production"), ("variables[CANARY_PERCENT]", "10")])
    B("POST", "/v2/organizations/acme/pipelines/web/builds", {"commit": "HEAD", "branch": "main", "message": "Fix flaky checkout test :bug:", "author": {"name": "Siobhán O'Leary", "email": "siobhan@acme.dev"}, "env": {"NODE_ENV": "test", "CI_SHARD": "3/8"}})
    B("POST", "/api/v2/project/gh/acme/api/pipeline", {"branch": "feature/rate-limits", "parameters": {"run_integration_tests": True, "deploy_region": "eu-west-1"}})
    C.text("benign", "allow", "PUT", "/api/v1/jobs/88123/log",
           "$ npm ci\nadded 1287 packages, and audited 1288 packages in 41s\n$ npm test -- --ci\n> storefront@2.14.0 test\n> jest --ci\nPASS src/utils/date.test.ts (5.2 s)\nPASS src/cart/cart.test.ts\nTests:       214 passed, 214 total\nDone in 63.18s.\n")
    C.text("benign", "allow", "PUT", "/api/v1/jobs/88124/log",
           "Step 4/9 : COPY package*.json ./\n ---> 9c1d7e2f0a3b\nStep 5/9 : RUN npm ci --omit=dev\n ---> Running in 2a44c1f9b7d0\nadded 412 packages in 12s\nRemoving intermediate container 2a44c1f9b7d0\nSuccessfully tagged registry.acme.dev/web:2.14.0\n")
    B("POST", "/api/v1/pipelines/validate", {"content": "stages:\n  - test\n  - build\nunit:\n  stage: test\n  image: node:20\n  script:\n    - npm ci\n    - npm test\nbuild:\n  stage: build\n  script:\n    - npm run build\n  artifacts:\n    paths:\n      - dist/\n"})
    B("POST", "/api/v1/projects/web/deployments", {"sha": "4f7a2c19e0b8d3a6", "environment": "production", "description": "Deploy v2.14.0 (changelog: https://github.com/acme/storefront/releases/tag/v2.14.0)", "auto_merge": False, "required_contexts": ["ci/test", "ci/lint"]})
    B("PATCH", "/repos/acme/storefront/check-runs/4412", {"status": "completed", "conclusion": "failure", "output": {"title": "3 lint errors", "summary": "ESLint found 3 problems in `src/components/App.tsx`", "annotations": [{"path": "src/components/App.tsx", "start_line": 42, "end_line": 42, "annotation_level": "warning", "message": "'useMemo' is defined but never used. (no-unused-vars)"}]}})
    C.get("benign", "allow", "/api/v4/projects/1842/jobs", [("scope[]", "failed"), ("scope[]", "canceled"), ("per_page", "50")])
    C.get("benign", "allow", "/repos/acme/storefront/actions/runs", [("branch", "main"), ("event", "push"), ("status", "completed"), ("created", ">=2024-06-01")])


def issues(C):
    adf = {"type": "doc", "version": 1, "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": "Checkout fails when the shipping address contains an apostrophe, e.g. "}, {"type": "text", "text": "12 O'Connell St", "marks": [{"type": "code"}]}, {"type": "text", "text": "."}]},
        {"type": "codeBlock", "attrs": {"language": "text"}, "content": [{"type": "text", "text": "POST /api/v1/checkout -> 500\nTypeError: Cannot read properties of undefined (reading 'line1')"}]}]}
    C.json("benign", "allow", "POST", "/rest/api/3/issue", {"fields": {"project": {"key": "SHOP"}, "summary": "Checkout 500 with apostrophe in address", "issuetype": {"name": "Bug"}, "priority": {"name": "High"}, "labels": ["checkout", "i18n"], "description": adf}})
    C.json("benign", "allow", "POST", "/rest/api/3/issue/SHOP-1182/comment", {"body": {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Root cause: the address formatter splits on quotes. Fix is in PR #4471, covered by a test with D'Angelo and L'Oréal."}]}]}})
    C.json("benign", "allow", "POST", "/graphql", {"query": "mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { id identifier url } } }", "variables": {"input": {"teamId": "9cfb482a", "title": "Search: support quoted phrases", "description": "Users type `\"red dress\" -kids` and expect phrase matching. Today we tokenise on spaces and drop the quotes."}}})
    C.json("benign", "allow", "POST", "/repos/acme/api/issues", {"title": "Slow query on /orders?status=paid", "body": "The query behind `OrderRepository.findByStatus` does a sequential scan on `orders` (14M rows). `EXPLAIN ANALYZE` shows ~2.3s. Proposal: add a partial index on `status` where `status <> 'archived'`.\n\n- [ ] add migration\n- [ ] backfill stats", "labels": ["performance", "db"]})
    C.json("benign", "allow", "POST", "/repos/acme/api/issues", {"title": "Docs: clarify path params", "body": "The docs say `GET /files/{path}` but it is really `GET /files/{id}`; paths like `docs/guides/intro.md` are looked up via `?path=`.", "labels": ["docs"]})
    C.json("benign", "allow", "PATCH", "/repos/acme/api/issues/981", {"state": "closed", "state_reason": "completed", "labels": ["bug", "fixed-in-2.14"]})
    C.json("benign", "allow", "POST", "/api/v3/projects/88/work_packages", {"subject": "Export CSV uses ; as separator in de-DE", "description": {"format": "markdown", "raw": "In German locale Excel expects `;` so `1.234,56` stays one cell. Keep `,` for en-US."}})
    C.json("benign", "allow", "POST", "/api/v1/tickets", {"subject": "Can't log in after password reset", "requester": {"name": "Seán Ó Briain", "email": "sean@example.ie"}, "comment": {"body": "Hi, I reset my password (it has a < and a & in it, if that matters) and now I get \"invalid credentials\". Using Firefox 127 on Windows 11."}, "priority": "normal"})
    C.json("benign", "allow", "POST", "/api/v1/tickets", {"subject": "Question about your SQL export", "comment": {"body": "Does the nightly SQL export include the DROP TABLE IF EXISTS statements at the top, or do I need to truncate the tables myself before importing into our warehouse?"}, "tags": ["export", "question"]})
    C.json("benign", "allow", "POST", "/api/v1/tickets", {"subject": "Webhook URL rejected", "comment": {"body": "Your form rejects https://hooks.example.com/services/T000/B000/XXXX?token=abc&env=prod — is the query string not allowed?"}})


def review(C):
    comments = [
        ("src/db/orders.ts", 57, "Please don't build the query with template strings here. Use the placeholder form: `db.query('SELECT id, total FROM orders WHERE customer_id = $1', [customerId])` so the driver escapes it."),
        ("scripts/clean.sh", 12, "If `BUILD_DIR` is ever empty this `rm -rf \"$BUILD_DIR\"/*` becomes `rm -rf /*`. Use `${BUILD_DIR:?}` to fail fast."),
        ("src/components/Comment.tsx", 30, "`dangerouslySetInnerHTML` with user text is an XSS risk; render `{comment.body}` and let React escape it, or run it through DOMPurify first."),
        ("api/files.go", 88, "nit: `filepath.Clean` alone won't stop `../` escapes — join with the base dir and check the result still has the base as prefix."),
        ("models/user.py", 14, "Prefer `User.objects.filter(email__iexact=email)` over the raw SQL; it's also case-insensitive which is what we want."),
        ("Makefile", 3, "Could we use `$(MAKE) -C web build` instead of `cd web && make build`? It propagates flags."),
        ("README.md", 41, "Typo: `npm isntall` -> `npm install`."),
        ("src/utils/merge.js", 9, "This deep merge should skip `__proto__`, `constructor` and `prototype` keys (see lodash CVE-2019-10744) — or just use `structuredClone` + spread."),
        ("db/migrations/0042_add_index.sql", 1, "LGTM. `CREATE INDEX CONCURRENTLY` can't run inside a transaction, so make sure the migration runner doesn't wrap it."),
        ("src/search/query.ts", 120, "Mongo will treat an object here as an operator, so `{ $ne: null }` from the body would match everything. Cast `req.body.email` to string before querying."),
        ("src/server.ts", 66, "Let's keep the `helmet()` defaults but relax CSP `img-src` to `'self' https://cdn.acme.dev data:`."),
        ("docs/api.md", 7, "Example should be `curl -H \"Authorization: Bearer $TOKEN\" https://api.acme.dev/v1/me` (the header name is wrong)."),
    ]
    for i, (path, line, body) in enumerate(comments):
        if i % 2 == 0:
            C.json("benign", "allow", "POST", "/repos/acme/storefront/pulls/4471/comments", {"body": body, "commit_id": "6dcb09b5b57875f334f61aebed695e2e4193db5e", "path": path, "line": line, "side": "RIGHT"})
        else:
            C.json("benign", "allow", "POST", "/api/v4/projects/1842/merge_requests/312/discussions", {"body": body, "position": {"position_type": "text", "new_path": path, "new_line": line, "base_sha": "a1b2c3d", "head_sha": "e4f5a6b", "start_sha": "a1b2c3d"}})
    C.json("benign", "allow", "POST", "/repos/acme/storefront/pulls/4471/reviews", {"event": "APPROVE", "body": "Looks good :shipit: — thanks for adding the test for `O'Connell St`."})


def registry(C):
    pkg = {"_id": "@acme/date-utils", "name": "@acme/date-utils", "description": "Tiny date helpers (ISO-8601, durations, i18n)", "dist-tags": {"latest": "3.1.0"},
           "versions": {"3.1.0": {"name": "@acme/date-utils", "version": "3.1.0", "main": "dist/index.js", "types": "dist/index.d.ts",
                                  "scripts": {"build": "tsc -p tsconfig.build.json", "test": "jest --coverage", "lint": "eslint . --ext .ts,.tsx", "prepare": "husky install"},
                                  "repository": {"type": "git", "url": "git+https://github.com/acme/date-utils.git"}, "engines": {"node": ">=18"},
                                  "dependencies": {"tslib": "^2.6.2"}, "devDependencies": {"jest": "^29.7.0", "typescript": "~5.4.5"}}},
           "readme": "# @acme/date-utils\n\n```bash\nnpm install @acme/date-utils\n```\n\n```ts\nimport { parseDuration } from '@acme/date-utils'\nparseDuration('PT1H30M') // 5400\n```\n",
           "_attachments": {"@acme/date-utils-3.1.0.tgz": {"content_type": "application/octet-stream", "data": "H4sIAAAAAAAAA+2VTW/TQBCGe/avGPkSOBT1bq/XrR0cO7KdBpBRtNKmlO/GGrVtIhYl8mgSH5q", "length": 48213}}}
    C.json("benign", "allow", "PUT", "/@acme%2fdate-utils", pkg, headers={"npm-command": "publish", "User-Agent": "npm/10.8.1 node/v20.15.0 linux x64 workspaces/false"})
    C.get("benign", "allow", "/-/v1/search", [("text", "keywords:react author:sindresorhus"), ("size", "20"), ("quality", "0.65")])
    C.get("benign", "allow", "/pypi/requests/2.32.3/json", [])
    C.json("benign", "allow", "POST", "/api/v1/crates/new/metadata", {"name": "serde_json5", "vers": "0.2.1", "deps": [{"name": "serde", "version_req": "^1.0", "features": ["derive"], "optional": False, "default_features": True, "target": "cfg(not(target_arch = \"wasm32\"))", "kind": "normal"}], "features": {"std": [], "preserve_order": ["indexmap"]}, "authors": ["Zoë Ångström <zoe@example.se>"], "description": "JSON5 support for serde", "license": "MIT OR Apache-2.0", "keywords": ["json5", "serde"]})
    C.json("benign", "allow", "PATCH", "/v2/repositories/acme/web/", {"description": "Storefront web image", "full_description": "## Usage\n\n```bash\ndocker run -p 8080:8080 -e NODE_ENV=production acme/web:2.14\n```\n\nMount config at `/etc/acme/web.yaml`."})
    C.json("benign", "allow", "POST", "/api/v1/packages/maven/metadata", {"groupId": "dev.acme", "artifactId": "http-client", "version": "1.9.0", "packaging": "jar", "description": "HTTP client with retries & circuit breaking", "scm": {"url": "https://github.com/acme/http-client", "connection": "scm:git:git://github.com/acme/http-client.git"}})
    C.text("benign", "allow", "PUT", "/api/v1/packages/acme-cli/1.4.0/readme",
           "# acme-cli\n\nInstall:\n\n```bash\npip install acme-cli\nacme login --profile prod\n```\n\nConfig lives in `~/.config/acme/config.toml`; on Windows in `%APPDATA%\\acme\\config.toml`.\n", ctype="text/markdown; charset=utf-8")
    C.json("benign", "allow", "POST", "/api/v1/packages/helm/acme-web/versions", {"apiVersion": "v2", "name": "acme-web", "version": "0.9.3", "appVersion": "2.14.0", "dependencies": [{"name": "redis", "version": "18.x.x", "repository": "oci://registry-1.docker.io/bitnamicharts"}]})


def webhooks(C):
    gh = {"Content-Type": "application/json", "X-GitHub-Event": "push", "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", "User-Agent": ua(7)}
    push = {"ref": "refs/heads/main", "before": "9049f1265b7d61be4a8904a9a27120d2064dab3b", "after": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
            "commits": [{"id": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "message": "fix(search): keep quoted phrases together\n\n\"red dress\" -kids now parses as a phrase + exclusion.", "added": ["src/search/parse.test.ts"], "modified": ["src/search/parse.ts", "docs/search.md"], "removed": []}],
            "repository": {"full_name": "acme/storefront", "default_branch": "main"}, "pusher": {"name": "dangelo", "email": "m.dangelo@acme.dev"}}
    C.add("benign", "allow", "POST", "/hooks/github", gh, jdump(push), "body")
    pr = {"action": "submitted", "review": {"state": "changes_requested", "body": "Two things:\n1. `if (a < b && b > c)` reads oddly, maybe `Math.min`?\n2. The migration should be `ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'en'`."}, "pull_request": {"number": 4471, "title": "Locale column"}}
    C.add("benign", "allow", "POST", "/hooks/github", dict(gh, **{"X-GitHub-Event": "pull_request_review"}), jdump(pr), "body")
    stripe = {"id": "evt_1PQx2eLkdIwHu7ixXq3", "object": "event", "type": "checkout.session.completed", "data": {"object": {"id": "cs_test_a1b2", "amount_total": 4999, "currency": "eur", "customer_details": {"name": "Zoë D'Amico", "email": "zoe@example.it", "address": {"line1": "Via dell'Orso 7", "city": "Milano", "postal_code": "20121", "country": "IT"}}, "metadata": {"order_id": "ORD-2024-118843", "utm_source": "newsletter"}}}}
    C.add("benign", "allow", "POST", "/webhooks/stripe", {"Content-Type": "application/json; charset=utf-8", "Stripe-Signature": "t=1718093643,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd", "User-Agent": ua(9)}, jdump(stripe), "body")
    shop = {"id": 820982911946154508, "email": "jon@example.com", "total_price": "199.00", "currency": "USD", "note": "Please leave at the back door — gate code is #4521", "line_items": [{"title": "IPod Nano - 8GB", "variant_title": "Pink / 8\"", "quantity": 1, "sku": "IPOD2008PINK", "properties": [{"name": "Engraving", "value": "To Kate <3 from Jon"}]}], "shipping_address": {"first_name": "Jon", "last_name": "O'Hara", "address1": "123 Main St, Apt #4", "city": "Ottawa", "province": "Ontario", "country": "Canada", "zip": "K2P 1L4"}}
    C.add("benign", "allow", "POST", "/webhooks/shopify/orders-create", {"Content-Type": "application/json", "X-Shopify-Topic": "orders/create", "X-Shopify-Hmac-Sha256": "XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=", "X-Shopify-Shop-Domain": "acme-store.myshopify.com"}, jdump(shop), "body")


def readmes(C):
    docs = [
        "## Quick start\n\n```bash\nnpm install left-pad\n```\n\nThen `require('left-pad')('5', 3, '0')` returns `'005'`.",
        "### Indexes\n\nAdd an index for the lookup:\n\n```sql\nCREATE INDEX idx_users_email ON users (lower(email));\n```\n\nQueries such as `WHERE lower(email) = lower($1)` will use it.",
        "## Running locally\n\n```sh\ncp .env.example .env\ndocker compose up -d db\nmake migrate && make run\n```",
        "To join two tables, write `SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id;` — the tutorial's next step adds a `WHERE` clause.",
        "### Paths\n\nSource lives in `src/components/App.tsx`, tests in `src/__tests__/App.test.tsx`, and assets in `public/img/`.",
        "```python\nimport requests\nr = requests.get('https://api.example.com/v1/items', params={'page': 2, 'q': 'blue shoes'})\nprint(r.json()['items'][0])\n```",
        "1. Open **Settings → Webhooks**\n2. Paste `https://hooks.acme.dev/in/abc123?source=stripe`\n3. Click *Save*\n\n> Note: the URL must be HTTPS.",
        "```yaml\nservices:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n    volumes:\n      - ./site:/usr/share/nginx/html:ro\n```",
        "HTML tip: use `<label for=\"email\">` with `<input id=\"email\" type=\"email\">` so screen readers announce the field.",
        "```go\nf, err := os.Open(filepath.Join(baseDir, filepath.Base(name)))\nif err != nil {\n    return err\n}\ndefer f.Close()\n```",
    ]
    for i, d in enumerate(docs):
        if i % 3 == 0:
            C.text("benign", "allow", "PUT", "/api/v1/wiki/pages/onboarding-%d" % i, d, ctype="text/markdown; charset=utf-8")
        elif i % 3 == 1:
            C.json("benign", "allow", "POST", "/api/v1/docs/pages", {"space": "ENG", "title": "Guide %d" % i, "body": {"representation": "markdown", "value": d}})
        else:
            C.json("benign", "allow", "PUT", "/repos/acme/docs/contents/guides/page-%d.md" % i, {"message": "docs: update guide %d" % i, "content_text": d, "branch": "main"})


def observability(C):
    def span(name, attrs, kind=3):
        return {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174", "parentSpanId": "eee19b7ec3c1b173", "name": name, "kind": kind,
                "startTimeUnixNano": "1718093643000000000", "endTimeUnixNano": "1718093643012000000",
                "attributes": [{"key": k, "value": ({"stringValue": v} if isinstance(v, str) else {"intValue": str(v)})} for k, v in attrs]}

    def otlp(spans, svc="orders-api"):
        return {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": svc}}, {"key": "deployment.environment", "value": {"stringValue": "prod"}}]},
                                   "scopeSpans": [{"scope": {"name": "io.opentelemetry.contrib.pg", "version": "0.50.0"}, "spans": spans}]}]}
    H = {"User-Agent": ua(10)}
    C.json("benign", "allow", "POST", "/v1/traces", otlp([span("SELECT shop.products", [("db.system", "postgresql"), ("db.name", "shop"), ("db.statement", "SELECT id, name, price FROM products WHERE category_id = $1 ORDER BY name LIMIT $2"), ("db.operation", "SELECT")])]), headers=H)
    C.json("benign", "allow", "POST", "/v1/traces", otlp([span("INSERT orders", [("db.system", "mysql"), ("db.statement", "INSERT INTO orders (customer_id, total, status) VALUES (?, ?, ?)"), ("net.peer.name", "mysql-primary.internal")])]), headers=H)
    C.json("benign", "allow", "POST", "/v1/traces", otlp([span("GET /api/v1/orders/{id}", [("http.request.method", "GET"), ("http.route", "/api/v1/orders/{id}"), ("url.full", "https://api.acme.dev/api/v1/orders/8812?expand=items&fields=id,total"), ("http.response.status_code", 200)], kind=2)], svc="gateway"), headers=H)
    C.json("benign", "allow", "POST", "/v1/traces", otlp([span("redis GET", [("db.system", "redis"), ("db.statement", "GET session:7f3a9c"), ("net.peer.port", 6379)])], svc="auth"), headers=H)
    C.json("benign", "allow", "POST", "/v1/traces", otlp([span("mongodb.find", [("db.system", "mongodb"), ("db.mongodb.collection", "carts"), ("db.operation", "find"), ("db.statement", "{\"find\":\"carts\",\"filter\":{\"userId\":\"?\"},\"limit\":1}")])], svc="cart"), headers=H)
    C.json("benign", "allow", "POST", "/v1/logs", {"resourceLogs": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "worker"}}]}, "scopeLogs": [{"logRecords": [{"timeUnixNano": "1718093643000000000", "severityText": "ERROR", "body": {"stringValue": "job 88123 failed: exit status 1 (cmd: npm run build)"}, "attributes": [{"key": "exception.type", "value": {"stringValue": "ChildProcessError"}}]}]}]}]}, headers=H)
    C.json("benign", "allow", "POST", "/loki/api/v1/push", {"streams": [{"stream": {"app": "nginx", "env": "prod"}, "values": [
        ["1718093643000000000", "203.0.113.5 - - [11/Jun/2024:08:14:03 +0000] \"GET /api/v1/items?page=2&sort=-created HTTP/2.0\" 200 5123 \"https://shop.acme.dev/\" \"Mozilla/5.0\""],
        ["1718093643100000000", "198.51.100.23 - - [11/Jun/2024:08:14:03 +0000] \"POST /api/v1/cart HTTP/2.0\" 201 88 \"-\" \"okhttp/4.12.0\""]]}]})
    C.json("benign", "allow", "POST", "/api/v2/logs", [{"ddsource": "python", "service": "billing", "hostname": "billing-7c9d", "message": "Retrying Stripe call (attempt 2/5) after 429", "ddtags": "env:prod,version:1.8.2"},
                                                        {"ddsource": "python", "service": "billing", "message": "Invoice INV-2024-0042 finalised for customer cus_Q1w2e3 (total €1.234,56)", "status": "info"}])
    C.json("benign", "allow", "POST", "/api/42/store/", {"event_id": "fc6d8c0c43fc4630ad850ee518f1b9d0", "platform": "python", "level": "error", "exception": {"values": [{"type": "KeyError", "value": "'line1'", "stacktrace": {"frames": [{"filename": "app/checkout.py", "function": "format_address", "lineno": 88, "context_line": "    return f\"{addr['line1']}, {addr['city']}\""}]}}]}, "request": {"url": "https://shop.acme.dev/checkout", "method": "POST", "query_string": "step=shipping"}, "tags": {"release": "2.14.0"}})
    C.text("benign", "allow", "POST", "/api/v1/logs/ingest",
           "2024-06-11T08:14:03.221Z INFO  [http] GET /api/v1/products?category=shoes&size=42 200 18ms\n2024-06-11T08:14:03.402Z WARN  [db] slow query 1204ms: SELECT * FROM order_items WHERE order_id = $1\n2024-06-11T08:14:04.010Z INFO  [cron] cleaned 214 expired sessions\n")
    C.add("benign", "allow", "POST", "/_bulk", {"Content-Type": "application/x-ndjson"},
          '{"index":{"_index":"app-logs-2024.06.11"}}\n{"@timestamp":"2024-06-11T08:14:03Z","level":"info","msg":"user logged in","user":"o\'brien.k"}\n{"index":{"_index":"app-logs-2024.06.11"}}\n{"@timestamp":"2024-06-11T08:14:04Z","level":"warn","msg":"rate limit 80% for key k_live_***42"}\n', "body")
    C.json("benign", "allow", "POST", "/api/v1/metrics", {"series": [{"metric": "http.server.duration", "points": [[1718093643, 12.5]], "tags": ["route:/api/v1/items/{id}", "method:GET", "status:2xx"]}, {"metric": "db.pool.in_use", "points": [[1718093643, 7]], "tags": ["pool:primary"]}]})
    C.json("benign", "allow", "POST", "/api/v1/alerts/webhook", {"receiver": "oncall", "status": "firing", "alerts": [{"labels": {"alertname": "HighErrorRate", "service": "checkout", "severity": "page"}, "annotations": {"summary": "5xx > 2% for 10m", "runbook_url": "https://runbooks.acme.dev/checkout#high-error-rate", "description": "sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) > 0.02"}}]})
    C.json("benign", "allow", "POST", "/api/v1/query", {"query": "sum by (route) (rate(http_requests_total{job=\"api\",code!~\"2..\"}[5m]))", "start": "2024-06-11T07:00:00Z", "end": "2024-06-11T08:00:00Z", "step": "60s"})
    C.get("benign", "allow", "/api/v1/query_range", [("query", "histogram_quantile(0.99, sum(rate(http_server_duration_bucket[5m])) by (le))"), ("start", "1718089200"), ("end", "1718093643"), ("step", "30")])
    C.json("benign", "allow", "POST", "/v1/traces", otlp([span("SELECT analytics", [("db.system", "clickhouse"), ("db.statement", "SELECT toStartOfHour(ts) AS h, count() FROM events WHERE ts > now() - INTERVAL 1 DAY GROUP BY h ORDER BY h"), ("db.user", "reader")])], svc="analytics"), headers=H)


def chat(C):
    slack = [
        "Deploy of *storefront v2.14.0* is done :rocket: <@U024BE7LH> can you check the <https://grafana.acme.dev/d/checkout?from=now-1h|checkout dashboard>?",
        "Reminder: standup moved to 10:30 today <!here>",
        "Does anyone know why `SELECT count(*) FROM orders` takes 4s on the replica? <#C0123ABCD|db-help>",
        "lol the build failed because someone committed `console.log` in prod code :facepalm:",
        "FYI I'm OOO Fri–Mon :palm_tree: ping <@U07QWERTY> for anything urgent",
        "3 < 5 but our p99 is still > 800ms :thinking_face:",
        "Ticket SUP-4412: customer says their name \"D'Angelo\" shows up as \"D&#39;Angelo\" in the invoice PDF",
        "`kubectl rollout restart deploy/web -n prod` fixed it, the pods were stuck on the old config map",
    ]
    for i, t in enumerate(slack):
        ev = {"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "team_id": "T061EG9R6", "api_app_id": "A0PNCHHK2", "type": "event_callback", "event_id": "Ev0PV52K21",
              "event": {"type": "message", "channel": "C2147483705", "user": "U2147483697", "text": t, "ts": "1718093643.%06d" % (100 + i), "blocks": [{"type": "rich_text", "block_id": "b%d" % i, "elements": []}]}}
        C.json("benign", "allow", "POST", "/slack/events", ev, headers={"X-Slack-Signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", "X-Slack-Request-Timestamp": "1718093643", "User-Agent": ua(8)})
    C.form("benign", "allow", "POST", "/slack/commands", [("token", "gIkuvaNzQIHg97ATvDxqgjtO"), ("team_id", "T0001"), ("channel_name", "ops"), ("user_name", "siobhan"), ("command", "/deploy"), ("text", "web --env=staging --tag v2.14.0"), ("response_url", "https://hooks.slack.com/commands/1234/5678"), ("trigger_id", "13345224609.738474920.8088930838d88f008e0")])
    discord = [
        "gg everyone <:pepe_happy:859140212345678901> see you at 9pm CET",
        "<@!183749283749283749> the new patch notes are out ||the mage nerf is real||",
        "**Raid tonight** — bring potions & food buffs :meat_on_bone:",
        "who's up for ranked? need 2 more, no toxicity pls ^^",
        "```\n/roll 1d20+5\n```\nrolled a 17 lol",
        "ok so 5' 11\" is tall enough for the coaster? asking for my kid",
        "Привет всем! Кто играет сегодня вечером?",
        "今日のイベントは20時からです 🎉",
    ]
    for i, t in enumerate(discord):
        C.json("benign", "allow", "POST", "/api/v10/channels/1118749283749283749/messages", {"content": t, "tts": False, "allowed_mentions": {"parse": ["users"]}, "nonce": str(1250000000000000000 + i)}, headers={"Authorization": "Bot MTE4NzQ5MjgzNzQ5MjgzNzQ5.GhX2bK.abcdef", "User-Agent": "DiscordBot (https://github.com/discord/discord-api-docs, 10)"})
    teams = [
        "<p>Hi <at id=\"0\">Alex Wilber</at>, the Q3 budget sheet is in the <a href=\"https://contoso.sharepoint.com/sites/finance/Shared%20Documents/Q3.xlsx\">finance site</a>.</p>",
        "<p>Agenda:</p><ol><li>Roadmap</li><li>Hiring (2 &lt; 5 open roles)</li><li>AOB</li></ol>",
        "<p>Can we move the sync to <strong>Thursday 3pm</strong>? 🙏</p>",
    ]
    for t in teams:
        C.json("benign", "allow", "POST", "/v1.0/teams/fbe2bf47/channels/19:4a95f7d8@thread.tacv2/messages", {"body": {"contentType": "html", "content": t}, "mentions": [{"id": 0, "mentionText": "Alex Wilber", "mentioned": {"user": {"id": "8ea0e38b-efb3-4757-924a-5f94061cf8c2", "displayName": "Alex Wilber"}}}] if "<at" in t else []})
    matrix = [
        ("Has anyone tried the new **element** release?", "Has anyone tried the new <strong>element</strong> release?"),
        ("> quoted reply\nyes, works fine on Android", "<mx-reply><blockquote><a href=\"https://matrix.to/#/!room:matrix.org/$event\">In reply to</a> quoted reply</blockquote></mx-reply>yes, works fine on Android"),
        ("Meeting notes: https://pad.example.org/p/weekly?view=1", "Meeting notes: <a href=\"https://pad.example.org/p/weekly?view=1\">https://pad.example.org/p/weekly?view=1</a>"),
    ]
    for j, (plain, html) in enumerate(matrix):
        C.json("benign", "allow", "PUT", "/_matrix/client/v3/rooms/%21cURbafjkfsMDVwdRDQ%3Amatrix.org/send/m.room.message/txn" + str(j), {"msgtype": "m.text", "body": plain, "format": "org.matrix.custom.html", "formatted_body": html})
    C.json("benign", "allow", "POST", "/api/v1/chat/messages", {"channel": "support-fr", "text": "Bonjour ! J'ai une question à propos de ma facture n° 2024-118 — le montant TTC est-il correct ?"})
    C.json("benign", "allow", "POST", "/api/v1/chat/messages", {"channel": "support-de", "text": "Hallo, die Lieferung an „Müller & Söhne GmbH“, Straße des 17. Juni 135, ist noch nicht angekommen."})
    C.json("benign", "allow", "POST", "/api/v1/chat/messages", {"channel": "general", "text": "مرحبا بالجميع، الاجتماع غداً الساعة ١٠ صباحاً"})


def build(C):
    ci(C)
    issues(C)
    review(C)
    registry(C)
    webhooks(C)
    readmes(C)
    observability(C)
    chat(C)
