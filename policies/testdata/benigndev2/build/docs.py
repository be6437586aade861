"""Documents: markdown with harmless code, HTML e-mail bodies and CMS posts, i18n catalogues,
CSV lines, YAML/TOML configs sent to config APIs, Dockerfiles/CI YAML sent to a CI product,
templates (Jinja, Handlebars, Liquid, Go templates, Mustache)."""
from common import *

FENCE = "```"

MARKDOWN = [
 "# Getting started\n\nInstall the CLI:\n\n" + FENCE + "bash\ncurl -fsSL https://get.example.com/install.sh | sh\nexample --version\n" + FENCE + "\n\nThen log in with `example login` and pick your workspace.",
 "## Querying\n\n" + FENCE + "sql\nSELECT u.id, u.email, count(o.id) AS orders\nFROM users u\nLEFT JOIN orders o ON o.user_id = u.id\nWHERE u.created_at >= now() - interval '30 days'\nGROUP BY u.id, u.email\nHAVING count(o.id) > 2\nORDER BY orders DESC\nLIMIT 50;\n" + FENCE + "\n\nUse the read replica for anything like this.",
 "### Embedding the widget\n\nPaste this before `</body>`:\n\n" + FENCE + "html\n<div id=\"chat-widget\" data-app-id=\"abc123\"></div>\n<script src=\"https://cdn.example.com/widget.js\" async></script>\n" + FENCE,
 "Mongo example:\n\n" + FENCE + "js\ndb.orders.find({ status: { $in: [\"paid\", \"shipped\"] }, total: { $gt: 100 } }).sort({ createdAt: -1 }).limit(20)\n" + FENCE,
 "## Config paths\n\n| OS | Path |\n|---|---|\n| Linux | `~/.config/example/config.toml` |\n| macOS | `~/Library/Application Support/example/config.toml` |\n| Windows | `%APPDATA%\\example\\config.toml` |",
 "> **Note**\n> The `--force` flag skips confirmation. Combine with `--dry-run` first: `example purge --older-than 30d --dry-run`.",
 "Steps to reproduce:\n1. `git clone https://github.com/acme/app && cd app`\n2. `npm ci && npm run build`\n3. open `dist/index.html`\n\nExpected: page loads. Actual: `Uncaught SyntaxError: Unexpected token '<'`.",
 "Python snippet:\n\n" + FENCE + "python\nimport subprocess\nout = subprocess.run([\"git\", \"status\", \"--porcelain\"], capture_output=True, text=True, check=True)\nprint(out.stdout)\n" + FENCE,
 "Go:\n\n" + FENCE + "go\nrows, err := db.QueryContext(ctx, \"SELECT id, name FROM items WHERE owner = $1 AND deleted_at IS NULL\", owner)\nif err != nil {\n    return fmt.Errorf(\"query items: %w\", err)\n}\ndefer rows.Close()\n" + FENCE,
 "- [x] write migration\n- [ ] backfill `orders.currency` (`UPDATE orders SET currency = 'EUR' WHERE currency IS NULL`)\n- [ ] remove the old `<select>` in settings",
 "Keyboard shortcuts: <kbd>Ctrl</kbd> + <kbd>K</kbd> opens search, <kbd>?</kbd> shows help. On macOS use <kbd>⌘</kbd>.",
 "PowerShell:\n\n" + FENCE + "powershell\nGet-ChildItem -Path C:\\Logs -Filter *.log | Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-7) } | Remove-Item -WhatIf\n" + FENCE,
 "Nginx:\n\n" + FENCE + "nginx\nlocation /api/ {\n    proxy_pass http://127.0.0.1:8080/;\n    proxy_set_header Host $host;\n    proxy_set_header X-Real-IP $remote_addr;\n}\n" + FENCE,
 "Footnote test[^1] and math: $a^2 + b^2 = c^2$, $$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$\n\n[^1]: See <https://example.com/docs?page=2&lang=en>.",
 "JSON example for the `/v2/rules` endpoint:\n\n" + FENCE + "json\n{\"match\": {\"path\": \"/admin/*\", \"method\": [\"POST\", \"DELETE\"]}, \"action\": \"require_mfa\"}\n" + FENCE,
]

HTML = [
 "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Your receipt</title></head><body style=\"font-family:Arial,sans-serif\"><table width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr><td><h1 style=\"color:#333\">Thanks for your order, Siobhán!</h1><p>Order <strong>#1042</strong> &middot; 2 items &middot; $129.95</p><a href=\"https://shop.example.com/orders/1042?utm_source=email&amp;utm_medium=receipt\" style=\"background:#0a7;color:#fff;padding:10px 16px;text-decoration:none\">View order</a></td></tr></table><p style=\"font-size:11px;color:#999\">You received this because you bought something at Example Shop. <a href=\"https://shop.example.com/unsubscribe?e=siobhan%40example.ie\">Unsubscribe</a></p></body></html>",
 "<p>Hi team,</p><p>Please find the Q2 numbers below:</p><ul><li>Revenue: <b>€1.2M</b> (+8%)</li><li>Churn: 2.1% &lt; target 2.5%</li></ul><p>Best,<br>Ingrid</p>",
 "<h2>Spring sale 🌸</h2><p><img src=\"https://cdn.example.com/img/spring.jpg\" alt=\"Flowers on a table\" width=\"600\" height=\"300\"></p><p>Use code <code>SPRING24</code> for 20% off. Ends May 31.</p>",
 "<div class=\"post\"><h1>How we cut build times by 60%</h1><p>We moved from <code>docker build</code> to BuildKit with cache mounts:</p><pre><code>RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt</code></pre><p>More in <a href=\"/blog/buildkit-part-2\">part 2</a>.</p></div>",
 "<blockquote cite=\"https://example.org/interview\"><p>The best code is no code at all.</p><footer>— Jeff Atwood</footer></blockquote><p>I couldn't agree more &mdash; <em>delete</em> more.</p>",
 "<table class=\"specs\"><thead><tr><th>Size</th><th>Chest</th><th>Length</th></tr></thead><tbody><tr><td>M</td><td>38–40\"</td><td>29\"</td></tr><tr><td>L</td><td>42–44\"</td><td>30\"</td></tr></tbody></table>",
 "<p style=\"margin:0\">Dear Mr. O'Sullivan,</p><p>Your appointment is confirmed for <time datetime=\"2024-06-03T09:30\">Monday, 3 June at 9:30</time>.</p><p>Reply <b>C</b> to cancel.</p>",
 "<iframe width=\"560\" height=\"315\" src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" title=\"YouTube video player\" frameborder=\"0\" allow=\"accelerometer; clipboard-write; encrypted-media; picture-in-picture\" allowfullscreen></iframe>",
 "<form action=\"https://newsletter.example.com/subscribe\" method=\"post\"><label for=\"em\">E-mail</label> <input id=\"em\" type=\"email\" name=\"email\" required> <button type=\"submit\">Subscribe</button></form>",
 "<p>Résumé des changements :</p><ol><li>Nouveau tableau de bord</li><li>Export <abbr title=\"Comma-separated values\">CSV</abbr></li></ol><p>L'équipe produit</p>",
 "<section><h3>Terms</h3><p>By clicking &quot;Accept&quot; you agree to the <a href=\"/legal/terms\" target=\"_blank\" rel=\"noopener noreferrer\">Terms of Service</a> &amp; <a href=\"/legal/privacy\">Privacy Policy</a>.</p></section>",
 "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" width=\"24\" height=\"24\"><path d=\"M12 2L2 7l10 5 10-5-10-5z\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"/></svg>",
]

ICU = [
 ("en", {"cart.items": "{count, plural, =0 {Your cart is empty} one {# item in your cart} other {# items in your cart}}",
         "greeting": "Hello, {name}! You have {unread, number} unread <b>messages</b>.", "due": "Due {date, date, medium} at {date, time, short}"}),
 ("fr", {"cart.items": "{count, plural, =0 {Votre panier est vide} one {# article} other {# articles}}", "greeting": "Bonjour {name} ! Vous avez {unread} message(s) non lu(s).",
         "apostrophe": "L''application n''a pas pu démarrer"}),
 ("de", {"invite": "{gender, select, female {Sie hat} male {Er hat} other {Sie haben}} dich zu „{project}“ eingeladen.", "size": "Größe: {size} × {size}"}),
 ("ja", {"welcome": "{name}さん、ようこそ！", "items": "{count, plural, other {#件のアイテム}}", "error": "エラーが発生しました（コード: {code}）"}),
 ("ar", {"welcome": "مرحبًا {name}!", "items": "{count, plural, zero {لا عناصر} one {عنصر واحد} two {عنصران} few {# عناصر} many {# عنصرًا} other {# عنصر}}"}),
 ("ru", {"files": "{n, plural, one {# файл} few {# файла} many {# файлов} other {# файла}}", "quote": "Нажмите «Сохранить», чтобы продолжить"}),
 ("zh-Hant", {"greeting": "{name}，您好！", "price": "價格：{amount, number, currency}"}),
 ("he", {"select": "בחר/י <strong>אפשרות</strong> מהרשימה", "count": "{n} פריטים"}),
 ("hi", {"welcome": "नमस्ते {name}!", "orders": "आपके {count} ऑर्डर हैं"}),
 ("pt-BR", {"delete.confirm": "Tem certeza que deseja excluir \"{name}\"? Esta ação não pode ser desfeita.", "or": "ou"}),
]

PRINTF = [
 ("messages.po", "msgid \"%d file selected\"\nmsgid_plural \"%d files selected\"\nmsgstr[0] \"%d Datei ausgewählt\"\nmsgstr[1] \"%d Dateien ausgewählt\"\n\nmsgid \"Delete %s?\"\nmsgstr \"%s löschen?\"\n"),
 ("Localizable.strings", "\"upload.progress\" = \"Uploading %1$@ (%2$d%%)\";\n\"welcome.title\" = \"Welcome back, %@!\";\n\"union.label\" = \"Union & Co.\";\n"),
 ("strings.xml", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<resources>\n    <string name=\"app_name\">Notes &amp; Lists</string>\n    <string name=\"items_left\">%1$d items left for %2$s</string>\n    <string name=\"dont_save\">Don\\'t save</string>\n</resources>\n"),
 ("en.yml", "en:\n  orders:\n    confirm_delete: \"Delete order %{number}? This can't be undone.\"\n    total: \"Total: %{amount}\"\n  errors:\n    too_long: \"is too long (maximum is %{count} characters)\"\n"),
]

CSV = [
 "id,name,email,notes\n1,\"O'Brien, Jon\",jon@example.com,\"Prefers \"\"morning\"\" calls\"\n2,Zoë Ørsted,zoe@example.dk,\n3,\"Smith; Jr.\",smith@example.com,\"VIP <- since 2019\"\n",
 "sku,title,price,qty\nTS-001,\"T-shirt, black (M)\",19.99,120\nJN-32/34,\"Jeans 32\"\" x 34\"\"\",79.95,40\nMUG-11OZ,Mug 11 oz & lid,12.50,300\n",
 "date,description,amount\n2024-05-01,\"AMZN Mktp US*2K3LL\",-23.99\n2024-05-02,\"Transfer from SAVINGS -> CHECKING\",500.00\n2024-05-03,\"=SUM is not a formula here\",0\n",
 "timestamp,level,message\n2024-05-13T11:02:44Z,ERROR,\"GET /api/orders?status=open&page=3 500 (upstream timeout)\"\n2024-05-13T11:02:45Z,WARN,\"retrying SELECT on replica-2\"\n",
 "question,answer\n\"What does 'rm -i' do?\",\"Asks before removing each file\"\n\"Is <br> a void element?\",Yes\n",
 "station,lat,lon,elev_m\nZürich Fluntern,47.3779,8.5658,556\nSäntis,47.2494,9.3435,2502\nGenève-Cointrin,46.2475,6.1278,411\n",
]

YAML_CFG = [
 ("app.yaml", "server:\n  port: 8080\n  cors:\n    allowed_origins: [\"https://app.example.com\", \"https://*.example.dev\"]\ndatabase:\n  url: postgres://app@db:5432/app?sslmode=require\n  pool: { max: 20, idle_timeout: 30s }\nfeatures:\n  new_checkout: true\n  search_operators: [AND, OR, NOT]\n"),
 ("alerts.yaml", "groups:\n- name: api\n  rules:\n  - alert: HighErrorRate\n    expr: sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) > 0.05\n    for: 10m\n    labels: { severity: page }\n    annotations:\n      summary: \"Error rate above 5% on {{ $labels.instance }}\"\n"),
 ("config.toml", "[server]\nhost = \"0.0.0.0\"\nport = 3000\n\n[logging]\nlevel = \"info\"\nformat = '%(asctime)s %(levelname)s %(name)s: %(message)s'\n\n[paths]\ndata = \"/var/lib/app\"\nuploads = \"/var/lib/app/uploads\"\n"),
 ("pyproject.toml", "[project]\nname = \"acme-tools\"\nversion = \"0.4.2\"\ndependencies = [\"requests>=2.31,<3\", \"click>=8\"]\n\n[tool.ruff]\nselect = [\"E\", \"F\", \"I\"]\nexclude = [\"migrations/*\", \"build/\"]\n"),
 ("fluent-bit.conf", "[INPUT]\n    Name   tail\n    Path   /var/log/containers/*.log\n    Parser docker\n\n[FILTER]\n    Name   grep\n    Match  *\n    Exclude log ^(GET|HEAD) /healthz\n\n[OUTPUT]\n    Name   es\n    Match  *\n    Host   es.internal\n"),
 ("values.yaml", "image:\n  repository: registry.example.com/web\n  tag: \"2.14.0\"\ningress:\n  enabled: true\n  annotations:\n    nginx.ingress.kubernetes.io/configuration-snippet: |\n      more_set_headers \"X-Frame-Options: DENY\";\n  hosts:\n    - host: app.example.com\n      paths: [\"/\"]\n"),
 ("envoy-route.yaml", "route_config:\n  virtual_hosts:\n  - name: api\n    domains: [\"*\"]\n    routes:\n    - match: { prefix: \"/api/v1/\" }\n      route: { cluster: api_v1, prefix_rewrite: \"/\" }\n    - match: { safe_regex: { regex: \"^/static/.*\\\\.(css|js)$\" } }\n      route: { cluster: cdn }\n"),
 ("logrotate.conf", "/var/log/app/*.log {\n    daily\n    rotate 14\n    compress\n    missingok\n    postrotate\n        systemctl kill -s HUP app.service\n    endscript\n}\n"),
]

CI = [
 ("Dockerfile", "FROM python:3.12-slim AS build\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN python -m compileall -q . && useradd -r app && chown -R app /app\nUSER app\nEXPOSE 8000\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app.wsgi:application\"]\n"),
 ("Dockerfile", "FROM node:20-alpine\nRUN apk add --no-cache git bash curl\nWORKDIR /srv\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nHEALTHCHECK CMD wget -qO- http://localhost:3000/healthz || exit 1\nCMD [\"node\", \"server.js\"]\n"),
 (".github/workflows/ci.yml", "name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n        with: { go-version: '1.22' }\n      - run: go vet ./... && go test -race ./...\n      - run: |\n          if [ -n \"$(gofmt -l .)\" ]; then echo 'run gofmt'; exit 1; fi\n"),
 (".gitlab-ci.yml", "stages: [build, test, deploy]\nbuild:\n  stage: build\n  script:\n    - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .\n    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA\ndeploy:\n  stage: deploy\n  script:\n    - kubectl set image deploy/web web=$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA\n  only: [main]\n"),
 ("Jenkinsfile", "pipeline {\n  agent any\n  stages {\n    stage('Test') { steps { sh 'make test 2>&1 | tee test.log' } }\n    stage('Package') { steps { sh 'tar -czf dist.tgz -C build .' } }\n  }\n  post { always { archiveArtifacts artifacts: 'test.log,dist.tgz' } }\n}\n"),
 (".circleci/config.yml", "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/ruby:3.3\n    steps:\n      - checkout\n      - run: bundle install --jobs=4 --retry=3 --path vendor/bundle\n      - run: bundle exec rspec --format progress $(circleci tests glob 'spec/**/*_spec.rb' | circleci tests split)\n"),
 ("Makefile", ".PHONY: test build\nbuild:\n\tgo build -o bin/app ./cmd/app\ntest:\n\tgo test ./... -count=1\nclean:\n\trm -rf bin/ dist/\n"),
 ("buildspec.yml", "version: 0.2\nphases:\n  install:\n    commands:\n      - pip install -r requirements-dev.txt\n  build:\n    commands:\n      - pytest -q --junitxml=reports/junit.xml\n      - echo \"Build finished on `date`\"\nreports:\n  unit:\n    files: [reports/junit.xml]\n"),
]

TEMPLATES = [
 ("jinja", "Hello {{ user.first_name | default('there') }},\n{% if orders|length > 0 %}You have {{ orders|length }} open orders:\n{% for o in orders %}- #{{ o.number }} ({{ o.total | round(2) }} {{ o.currency }})\n{% endfor %}{% else %}No open orders.{% endif %}"),
 ("handlebars", "<h1>{{title}}</h1>\n{{#each items}}\n  <li class=\"{{#if done}}done{{/if}}\">{{name}} &ndash; {{formatDate due \"DD/MM\"}}</li>\n{{/each}}\n{{> footer year=2024}}"),
 ("liquid", "{% assign sale = product.compare_at_price > product.price %}\n<p class=\"price\">{{ product.price | money }}{% if sale %} <s>{{ product.compare_at_price | money }}</s>{% endif %}</p>\n{% unless product.available %}<span>Sold out</span>{% endunless %}"),
 ("gotemplate", "{{ range .Alerts }}[{{ .Status | toUpper }}] {{ .Labels.alertname }} on {{ .Labels.instance }}\n{{ if gt (len .Annotations.description) 0 }}{{ .Annotations.description }}{{ end }}\n{{ end }}"),
 ("mustache", "Dear {{name}},\n{{#has_balance}}Your balance is {{balance}}.{{/has_balance}}{{^has_balance}}You're all paid up!{{/has_balance}}\n{{{signature_html}}}"),
 ("twig", "{% extends 'base.html.twig' %}\n{% block body %}<h2>{{ post.title|e }}</h2>{{ post.body|striptags|slice(0, 200) }}&hellip;{% endblock %}"),
 ("erb", "<% @users.each do |u| %>\n  <tr><td><%= u.name %></td><td><%= number_to_currency(u.balance) %></td></tr>\n<% end %>"),
 ("sendgrid-dynamic", "{{#if (eq plan \"pro\")}}Thanks for going Pro, {{first_name}}!{{else}}Upgrade anytime at {{upgrade_url}}{{/if}}"),
]


def build(c):
    k = "document"
    for i, md in enumerate(MARKDOWN):
        r = i % 4
        if r == 0:
            c.add(k, "docs-cms", "PUT", "/api/v1/pages/%s" % hexid(c, 10), "body", jdump({"page": {"title": md.split("\n")[0].lstrip("# ")[:60], "body_markdown": md, "published": True}}), api_headers(c))
        elif r == 1:
            c.add(k, "issue-tracker", "POST", "/repos/acme/app/issues", "body", jdump({"title": "Docs: " + md.split("\n")[0].lstrip("#> ")[:50], "body": md, "labels": ["documentation"]}), api_headers(c))
        elif r == 2:
            b = "----WebKitFormBoundary" + token(c, 16)
            c.add(k, "kb", "POST", "/admin/articles/new", "multipart", multipart([("article[title]", "How-to %d" % i), ("article[body]", md), ("article[draft]", "0")], b), browser_headers(c, ctype="multipart/form-data; boundary=" + b))
        else:
            c.add(k, "forum", "POST", "/posts", "body", qs([("raw", md), ("category", "12"), ("archetype", "regular")]), browser_headers(c, ctype="application/x-www-form-urlencoded"))
    for i, h in enumerate(HTML):
        r = i % 3
        if r == 0:
            c.add(k, "email-api", "POST", "/v3/mail/send", "body", jdump({"personalizations": [{"to": [{"email": "siobhan@example.ie", "name": "Siobhán Ní Bhriain"}]}], "from": {"email": "orders@shop.example.com", "name": "Example Shop"},
                  "subject": "Your receipt #1042", "content": [{"type": "text/plain", "value": "Thanks for your order!"}, {"type": "text/html", "value": h}]}), api_headers(c))
        elif r == 1:
            c.add(k, "cms", "POST", "/wp-json/wp/v2/posts", "body", jdump({"title": "Post %d" % i, "content": h, "status": "draft", "categories": [3], "excerpt": "Read more…"}), api_headers(c, {"Authorization": "Basic " + token(c, 32)}))
        else:
            c.add(k, "newsletter", "POST", "/campaigns/%d/content" % c.rng.randint(1000, 9999), "body", qs([("html", h), ("plain_text", ""), ("template_id", "")]), browser_headers(c, ctype="application/x-www-form-urlencoded"))
    for lang, msgs in ICU:
        c.add(k, "i18n", "PUT", "/api/projects/web/locales/%s/messages" % lang, "body", jdump(msgs), api_headers(c))
    for name, content in PRINTF:
        b = "------------------------" + hexid(c, 16)
        c.add(k, "i18n", "POST", "/api/v2/projects/mobile/uploads", "multipart", multipart([("file", content, name, "application/octet-stream"), ("locale_id", "de"), ("update_translations", "true")], b),
              api_headers(c, ctype="multipart/form-data; boundary=" + b))
    for i, csv in enumerate(CSV):
        if i % 2:
            c.add(k, "import", "POST", "/api/imports?type=contacts&dry_run=true", "body", csv, api_headers(c, ctype="text/csv; charset=utf-8"))
        else:
            b = "----WebKitFormBoundary" + token(c, 16)
            c.add(k, "import", "POST", "/import/upload", "multipart", multipart([("mapping", "auto"), ("file", csv, "export-%d.csv" % i, "text/csv")], b), browser_headers(c, ctype="multipart/form-data; boundary=" + b))
    for i, (name, y) in enumerate(YAML_CFG):
        if i % 2:
            c.add(k, "config-api", "PUT", "/v1/config/%s" % name, "body", y, api_headers(c, ctype="application/yaml" if name.endswith("yaml") else "text/plain"))
        else:
            c.add(k, "config-api", "POST", "/v1/kv/services/%s" % name.split(".")[0], "body", jdump({"key": name, "value": y, "format": name.rsplit(".", 1)[-1]}), api_headers(c))
    for i, (name, y) in enumerate(CI):
        if i % 3 == 0:
            c.add(k, "ci-product", "POST", "/api/v4/ci/lint", "body", jdump({"content": y, "include_merged_yaml": True}), api_headers(c))
        elif i % 3 == 1:
            c.add(k, "ci-product", "PUT", "/repos/acme/app/contents/%s" % name, "body", jdump({"message": "update " + name, "content_text": y, "branch": "ci/update"}), api_headers(c))
        else:
            b = "----" + hexid(c, 24)
            c.add(k, "ci-product", "POST", "/api/v2/projects/acme/app/builds", "multipart", multipart([("config", y, name.split("/")[-1], "text/plain"), ("branch", "main")], b), api_headers(c, ctype="multipart/form-data; boundary=" + b))
    for eng, t in TEMPLATES:
        c.add(k, "templates", "POST", "/api/templates", "body", jdump({"name": "notify-" + eng, "engine": eng, "source": t, "sample_data": {"name": "Dana", "orders": []}}), api_headers(c))
