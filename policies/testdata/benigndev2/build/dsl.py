"""Query languages and DSLs that products expose on purpose (not raw SQL into a database).
Shapes follow the products' public documentation (Elasticsearch, Kibana KQL, Jira JQL, GitHub
search, Prometheus, Loki, InfluxDB, Splunk SPL, JSONPath/JMESPath, OData, GraphQL, CEL, cron)."""
from common import *

ES = [
 {"query": {"bool": {"must": [{"match": {"title": "union station"}}], "filter": [{"range": {"published": {"gte": "now-30d/d", "lt": "now/d"}}}], "must_not": [{"term": {"status": "deleted"}}]}}, "size": 20, "sort": [{"published": "desc"}]},
 {"query": {"query_string": {"query": "(title:\"drop shipping\" OR body:dropship*) AND NOT category:spam", "default_operator": "AND"}}},
 {"size": 0, "aggs": {"by_status": {"terms": {"field": "status.keyword", "size": 10}, "aggs": {"p95": {"percentiles": {"field": "latency_ms", "percents": [95, 99]}}}}}},
 {"query": {"multi_match": {"query": "select all checkbox", "fields": ["title^3", "body", "tags"], "type": "best_fields", "fuzziness": "AUTO"}}, "highlight": {"pre_tags": ["<em>"], "post_tags": ["</em>"], "fields": {"body": {}}}},
 {"query": {"script_score": {"query": {"match_all": {}}, "script": {"source": "doc['likes'].value * params.w + _score", "params": {"w": 0.2}}}}},
 {"query": {"wildcard": {"path.keyword": {"value": "/var/log/nginx/*.log"}}}},
 {"query": {"regexp": {"sku": {"value": "AB-[0-9]{4}-(X|XL)", "flags": "ALL"}}}},
 {"aggs": {"hist": {"date_histogram": {"field": "@timestamp", "calendar_interval": "1h", "time_zone": "Europe/Berlin"}}}, "size": 0, "query": {"term": {"service.name": "checkout"}}},
 {"query": {"geo_distance": {"distance": "12km", "pin.location": {"lat": 40.7128, "lon": -74.006}}}},
 {"query": {"nested": {"path": "comments", "query": {"bool": {"must": [{"match": {"comments.author": "O'Reilly"}}, {"range": {"comments.stars": {"gt": 3}}}]}}}}},
 {"query": {"match_phrase": {"message": "rm -rf node_modules && npm install"}}},
 {"runtime_mappings": {"day_of_week": {"type": "keyword", "script": {"source": "emit(doc['@timestamp'].value.dayOfWeekEnum.getDisplayName(TextStyle.FULL, Locale.ROOT))"}}}, "aggs": {"dow": {"terms": {"field": "day_of_week"}}}, "size": 0},
]

LUCENE_KQL = [
 "status:active AND (country:US OR country:CA) AND NOT tier:free",
 "http.response.status_code >= 500 and not url.path : \"/healthz\"",
 "title:\"select * from\" OR tags:sql",
 "host.name : web-* and event.dataset : nginx.access and user_agent.original : *curl*",
 "message:\"connection refused\" AND service:(payments OR ledger)",
 "price:[10 TO 100] AND brand:\"Ben & Jerry's\"",
 "process.command_line : *powershell* and process.parent.name : \"explorer.exe\"",
 "author:\"O'Neil\" -draft:true",
 "file.path : C\\:\\\\Windows\\\\System32\\\\* and event.action : \"deletion\"",
 "error.message : \"unexpected token < in JSON at position 0\"",
 "created:>=2024-01-01 AND created:<2024-02-01",
 "kubernetes.namespace : \"prod\" and not kubernetes.container.name : (istio-proxy or envoy)",
]

JQL = [
 "project = WEB AND status in (\"In Progress\", \"Code Review\") AND assignee = currentUser() ORDER BY priority DESC",
 "labels = security AND created >= -14d AND resolution = Unresolved",
 "text ~ \"drop table\" AND project = DATA",
 "issuetype = Bug AND fixVersion = \"2.8.0\" AND component not in (Docs, Website)",
 "sprint in openSprints() AND \"Story Points[Number]\" > 5",
 "reporter was in membersOf(\"support-l2\") AND updated < startOfWeek()",
 "summary ~ \"select\\\\ box\" OR description ~ \"<select>\"",
 "filter = 10423 AND duedate <= endOfMonth() ORDER BY duedate ASC, key ASC",
 "project = OPS AND status changed FROM Open TO Closed DURING (\"2024/03/01\", \"2024/03/31\")",
 "cf[10020] = \"Enterprise\" AND (priority = Highest OR labels in (p0, outage))",
]

GH = [
 "is:issue is:open label:bug repo:acme/storefront sort:updated-desc",
 "\"drop table\" in:body language:sql path:migrations/",
 "org:kubernetes is:pr is:merged merged:>=2024-04-01 review:approved",
 "filename:.env DB_PASSWORD NOT example",
 "user:octocat stars:>100 pushed:>2023-12-31 -topic:archived",
 "repo:python/cpython \"os.path.join\" in:title,body is:issue state:closed",
 "involves:@me is:open -label:wontfix no:milestone",
 "extension:yml \"runs-on: ubuntu-latest\" \"uses: actions/checkout@v4\"",
]

PROMQL = [
 "sum by (service) (rate(http_requests_total{status=~\"5..\", job!=\"canary\"}[5m])) / sum by (service) (rate(http_requests_total[5m])) > 0.01",
 "histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{route!~\"/health.*\"}[10m])))",
 "increase(kube_pod_container_status_restarts_total{namespace=\"prod\"}[1h]) > 3",
 "100 - (avg by (instance) (irate(node_cpu_seconds_total{mode=\"idle\"}[5m])) * 100)",
 "(node_filesystem_avail_bytes{mountpoint=\"/\"} / node_filesystem_size_bytes{mountpoint=\"/\"}) < 0.1 and on(instance) up == 1",
 "topk(5, sum by (pod) (container_memory_working_set_bytes{container!=\"\", pod=~\"api-.*\"}))",
 "absent(up{job=\"payments\"} == 1)",
 "predict_linear(node_filesystem_free_bytes{job=\"node\"}[6h], 4 * 3600) < 0",
 "count(count by (version) (build_info{app=\"web\"})) > 1",
 "sum(rate(grpc_server_handled_total{grpc_code!=\"OK\"}[5m])) by (grpc_method) unless on(grpc_method) grpc_method_ignored",
]

LOGQL = [
 "{app=\"nginx\", env=\"prod\"} |= \"GET /api\" != \"healthz\" | pattern `<ip> - - [<_>] \"<method> <uri> <_>\" <status> <_>` | status >= 500",
 "sum by (level) (count_over_time({namespace=\"payments\"} | json | level=~\"error|fatal\" [15m]))",
 "{job=\"systemd-journal\"} |~ \"(?i)out of memory|oom-killer\" | line_format \"{{.host}}: {{.__line__}}\"",
 "rate({container=\"api\"} | logfmt | duration > 2s [5m])",
 "{service_name=\"cron\"} |= \"rm -rf /tmp/build-\" | label_format who=`{{.user}}`",
 "topk(10, sum by (path) (rate({app=\"gateway\"} | json | __error__=\"\" [1m])))",
]

INFLUX = [
 "cpu,host=server01,region=us-west usage_idle=92.3,usage_user=4.1 1715600000000000000\nmem,host=server01 used_percent=63.2,available=4194304i 1715600000000000000",
 "weather,location=us-midwest,station=KORD temperature=21.5,humidity=0.61,conditions=\"partly cloudy\" 1715600300000000000",
 "http_requests,method=GET,path=/api/v1/items,status=200 count=1532i,p99_ms=212.4\nhttp_requests,method=POST,path=/api/v1/orders,status=500 count=3i,p99_ms=30001.0",
 "disk,host=db\\ primary,mount=/var/lib/postgresql free=1.2e+10,used_pct=88.5 1715600600000000000",
 "sensor,site=Zürich,room=Büro\\ 3 co2_ppm=812i,temp_c=22.75,label=\"window open; fan off\"",
]

SPL = [
 "index=web sourcetype=access_combined status>=500 | stats count by uri_path, status | sort - count | head 20",
 "index=security EventCode=4625 | eval user=lower(Account_Name) | stats dc(src_ip) as ips, count by user | where count > 10",
 "search index=app \"NullPointerException\" earliest=-24h latest=now | rex field=_raw \"at (?<frame>[\\w.$]+)\\(\" | top limit=5 frame",
 "index=k8s namespace=prod | spath path=log.level output=level | search level=ERROR OR level=FATAL | timechart span=5m count by container",
 "| tstats count where index=* by index, sourcetype | where count < 100",
 "index=db sourcetype=postgres \"duration:\" | rex \"duration: (?<ms>[\\d.]+) ms  statement: (?<stmt>.+)\" | where ms > 1000 | table _time, ms, stmt",
 "index=proxy action=blocked | lookup threat_intel domain OUTPUT category | stats count by category | rename count AS \"Blocked requests\"",
 "index=main sourcetype=syslog process=sshd \"Failed password\" | stats count by src | where count>20 | sort -count",
]

JSONPATH = [
 ("jsonpath", "$.store.book[?(@.price < 10 && @.category == 'fiction')].title"),
 ("jsonpath", "$..items[?(@.status=='active')].id"),
 ("jsonpath", "$.spec.containers[*].image"),
 ("jsonpath", "{.items[?(@.status.phase==\"Running\")].metadata.name}"),
 ("jmespath", "Reservations[].Instances[?State.Name=='running'].{id: InstanceId, type: InstanceType}"),
 ("jmespath", "people[?age > `20`].name | sort(@) | [0:5]"),
 ("jmespath", "length(locations[?state == 'WA'])"),
 ("jmespath", "contains(keys(@), 'error') && error.code != `404`"),
]

ODATA = [
 [("$filter", "Price lt 20 and Category/Name eq 'Beverages'"), ("$orderby", "Price desc"), ("$top", "10")],
 [("$filter", "startswith(CompanyName, 'Alfreds') or contains(City, 'Berlin')"), ("$select", "CustomerID,CompanyName,City")],
 [("$filter", "OrderDate ge 2024-01-01T00:00:00Z and OrderDate lt 2024-02-01T00:00:00Z"), ("$expand", "Order_Details($select=Quantity,UnitPrice)"), ("$count", "true")],
 [("$filter", "Name eq 'O''Neil' and not (Status eq 'Deleted')")],
 [("$search", "\"blue jeans\" OR denim"), ("$skip", "20"), ("$top", "20")],
 [("$filter", "Tags/any(t: t eq 'sale') and Rating gt 3.5"), ("$orderby", "Rating desc,Name")],
 [("$filter", "emails/any(s:endswith(s, '@contoso.com'))"), ("$count", "true"), ("$select", "displayName,mail")],
 [("$apply", "groupby((Country),aggregate(Sales with sum as Total))"), ("$filter", "Total gt 1000")],
]

GRAPHQL = [
 ("query SearchRepos($q: String!, $first: Int = 10) {\n  search(query: $q, type: REPOSITORY, first: $first) {\n    repositoryCount\n    nodes { ... on Repository { nameWithOwner stargazerCount } }\n  }\n}", {"q": "language:go stars:>500 select", "first": 5}),
 ("mutation CreateIssue($input: CreateIssueInput!) {\n  createIssue(input: $input) { issue { id number url } }\n}", {"input": {"repositoryId": "R_kgDOABCD", "title": "DELETE endpoint ignores If-Match", "body": "Sending `DELETE /v2/items/42` with a stale ETag still deletes the row."}}),
 ("query Products($filter: ProductFilter) {\n  products(first: 20, filter: $filter) {\n    edges { node { id title priceRange { min { amount currencyCode } } } }\n    pageInfo { hasNextPage endCursor }\n  }\n}", {"filter": {"tag": "union-made", "priceLt": 50}}),
 ("{ __schema { queryType { name } types { name kind } } }", {}),
 ("query Order($id: ID!) {\n  order(id: $id) {\n    name\n    lineItems(first: 50) { edges { node { title quantity sku } } }\n    shippingAddress { address1 city zip }\n  }\n}", {"id": "gid://shopify/Order/5678901234"}),
 ("mutation UpdateNote($id: ID!, $body: String!) { updateNote(id: $id, body: $body) { id updatedAt } }", {"id": "n_81", "body": "Use `WHERE deleted_at IS NULL` in every report query <- important"}),
 ("query { viewer { login repositories(first: 3, orderBy: {field: UPDATED_AT, direction: DESC}) { nodes { name } } } }", {}),
 ("subscription OnMessage($room: ID!) { messageAdded(roomId: $room) { id text author { name } } }", {"room": "general"}),
 ("query Users($where: UserWhereInput) { users(where: $where, orderBy: { createdAt: desc }, take: 25) { id email role } }", {"where": {"AND": [{"role": {"in": ["ADMIN", "EDITOR"]}}, {"email": {"endsWith": "@example.org"}}]}}),
 ("fragment F on Comment { id body createdAt }\nquery Thread($id: ID!) { thread(id: $id) { comments(last: 10) { ...F replies { ...F } } } }", {"id": "T-2231"}),
]

CEL = [
 "request.auth.claims.groups.exists(g, g == 'admins') && request.path.startsWith('/admin')",
 "resource.name.startsWith('projects/_/buckets/prod-') && request.time < timestamp('2025-01-01T00:00:00Z')",
 "object.spec.replicas <= 5 && object.metadata.labels['env'] in ['dev', 'staging']",
 "size(self.containers) > 0 && self.containers.all(c, c.image.matches('^registry\\\\.example\\\\.com/'))",
 "has(self.spec.tls) ? self.spec.tls.minVersion >= '1.2' : false",
 "!(request.headers['user-agent'].contains('bot')) || request.ip in ['10.0.0.1', '10.0.0.2']",
]

CRON = [
 ("nightly-backup", "0 3 * * *", "pg_dump --format=custom --file=/backups/app-$(date +%F).dump app"),
 ("weekday-report", "30 8 * * 1-5", "python manage.py send_report --since '1 day ago'"),
 ("cleanup", "*/15 * * * *", "find /var/app/tmp -type f -mmin +60 -delete"),
 ("month-start", "0 0 1 * *", "/usr/local/bin/rotate-invoices.sh > /var/log/rotate.log 2>&1"),
 ("quarterly", "0 6 1 1,4,7,10 *", "curl -fsS -X POST https://hooks.example.com/quarterly?token=abc123 || true"),
]

REGEXES = [
 ("email", "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$"),
 ("uk_postcode", "^([A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2})$"),
 ("semver", "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$"),
 ("redact_card", "\\b(?:\\d[ -]*?){13,16}\\b"),
 ("nginx_access", "^(?P<ip>\\S+) \\S+ \\S+ \\[(?P<ts>[^\\]]+)\\] \"(?P<method>\\S+) (?P<path>[^\"]*) HTTP/[\\d.]+\" (?P<status>\\d{3}) (?P<size>\\d+|-)"),
 ("html_tag_strip", "<[^>]+>"),
 ("path_allow", "^/api/v[12]/(users|orders)/[0-9]+(/items)?$"),
 ("phone_e164", "^\\+[1-9]\\d{1,14}$"),
 ("slug", "^[a-z0-9]+(?:-[a-z0-9]+)*$"),
 ("ignore_bots", "(?i)(googlebot|bingbot|yandex|baiduspider|curl/|wget/)"),
]


def build(c):
    k = "dsl"
    for i, q in enumerate(ES):
        idx = c.rng.choice(["articles", "logs-*", "products", "tickets"])
        if i % 4 == 3:
            c.add(k, "search-es", "GET", url("/%s/_search" % idx, [("source", jdump(q, True)), ("source_content_type", "application/json")], plus=False), "query", "", api_headers(c, ctype=None))
        else:
            c.add(k, "search-es", "POST", "/%s/_search" % idx, "body", jdump(q), api_headers(c))
    for i, q in enumerate(LUCENE_KQL):
        if i % 3 == 0:
            c.add(k, "log-explorer", "GET", url("/app/discover", [("_a", "(query:(language:kuery,query:'%s'))" % q.replace("'", "!'"))], plus=False), "query", "", browser_headers(c))
        elif i % 3 == 1:
            c.add(k, "log-explorer", "POST", "/internal/search/es", "body", jdump({"params": {"index": "logs-*", "body": {"query": {"query_string": {"query": q}}}}}), browser_headers(c, {"kbn-xsrf": "true"}, ctype="application/json"))
        else:
            c.add(k, "site-search", "GET", url("/api/search", [("q", q), ("page", "1")]), "query", "", browser_headers(c))
    for i, q in enumerate(JQL):
        if i % 2:
            c.add(k, "issue-tracker", "GET", url("/rest/api/3/search", [("jql", q), ("maxResults", "50"), ("fields", "summary,status,assignee")], plus=False), "query", "", api_headers(c, ctype=None))
        else:
            c.add(k, "issue-tracker", "POST", "/rest/api/3/search", "body", jdump({"jql": q, "startAt": 0, "maxResults": 50, "fields": ["summary", "status"]}), api_headers(c))
    for i, q in enumerate(GH):
        c.add(k, "code-host", "GET", url("/search/issues" if "is:" in q else "/search/code", [("q", q), ("per_page", "30")], plus=bool(i % 2)), "query", "", api_headers(c, {"Accept": "application/vnd.github+json"}, ctype=None))
    for i, q in enumerate(PROMQL):
        if i % 2:
            c.add(k, "metrics", "GET", url("/api/v1/query_range", [("query", q), ("start", "1715590000"), ("end", "1715600000"), ("step", "60")], plus=False), "query", "", api_headers(c, ctype=None))
        else:
            c.add(k, "metrics", "POST", "/api/v1/query", "body", qs([("query", q), ("time", "1715600000.123")]), api_headers(c, ctype="application/x-www-form-urlencoded"))
    for i, q in enumerate(LOGQL):
        c.add(k, "logs", "GET", url("/loki/api/v1/query_range", [("query", q), ("limit", "1000"), ("direction", "backward")], plus=False), "query", "", api_headers(c, {"X-Scope-OrgID": "tenant-1"}, ctype=None))
    for q in INFLUX:
        c.add(k, "tsdb-write", "POST", "/api/v2/write?org=acme&bucket=telemetry&precision=ns", "body", q,
              {"Authorization": "Token " + token(c, 64), "Content-Type": "text/plain; charset=utf-8"})
    for i, q in enumerate(SPL):
        c.add(k, "siem", "POST", "/services/search/jobs", "body", qs([("search", q if q.startswith(("search", "|")) else "search " + q), ("output_mode", "json"), ("earliest_time", "-24h")]),
              {"Authorization": "Splunk " + uuid(c), "Content-Type": "application/x-www-form-urlencoded"})
    for i, (lang, q) in enumerate(JSONPATH):
        if i % 2:
            c.add(k, "api-gateway-config", "PUT", "/v1/routes/%s/transform" % hexid(c, 8), "body", jdump({"type": lang, "expression": q, "target": "body", "on_error": "skip"}), api_headers(c))
        else:
            c.add(k, "rest-api", "GET", url("/v2/resources", [("filter_" + lang, q)], plus=False), "query", "", api_headers(c, ctype=None))
    for p in ODATA:
        svc = c.rng.choice(["/odata/v4/Northwind/Products", "/v1.0/users", "/odata/Customers", "/api/data/v9.2/accounts"])
        c.add(k, "odata", "GET", url(svc, p, plus=False), "query", "", api_headers(c, {"OData-Version": "4.0"}, ctype=None))
    for i, (q, v) in enumerate(GRAPHQL):
        if i % 4 == 3:
            c.add(k, "graphql", "GET", url("/graphql", [("query", q), ("variables", jdump(v, True))], plus=False), "query", "", api_headers(c, ctype=None))
        else:
            c.add(k, "graphql", "POST", "/graphql", "body", jdump({"query": q, "variables": v, "operationName": None}), api_headers(c))
    for q in CEL:
        c.add(k, "policy-api", "POST", "/v1/policies:validate", "body", jdump({"policy": {"name": "p-" + hexid(c, 6), "condition": {"expression": q, "title": "access rule"}}}), api_headers(c))
    for name, spec, cmd in CRON:
        c.add(k, "scheduler", "POST", "/api/v1/jobs", "body", jdump({"name": name, "schedule": spec, "timezone": "UTC", "command": cmd, "concurrency_policy": "Forbid"}), api_headers(c))
    for i, (name, rx) in enumerate(REGEXES):
        if i % 2:
            c.add(k, "validation-config", "PATCH", "/api/forms/signup/fields/%s" % name, "body", jdump({"validation": {"pattern": rx, "message": "Please enter a valid value"}}), api_headers(c))
        else:
            c.add(k, "log-pipeline", "POST", "/api/pipelines/ingest/processors", "body", qs([("type", "regex"), ("name", name), ("pattern", rx)]), api_headers(c, ctype="application/x-www-form-urlencoded"))
