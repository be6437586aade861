"""Benign traffic, part C: calendar/HR/education/IoT/travel/support prose and more everyday
API calls, to broaden the mix."""
from common import jdump, q, ua


def build(C):
    J = lambda method, path, obj, **kw: C.json("benign", "allow", method, path, obj, **kw)
    # calendar / scheduling
    J("POST", "/v1/calendars/primary/events", {"summary": "1:1 Siobhán <> Marco", "location": "Room 4.12 / https://meet.example.com/abc-defg-hij", "description": "Agenda:\n- perf review\n- Q3 goals (revenue > plan?)", "start": {"dateTime": "2024-06-18T10:30:00+01:00"}, "end": {"dateTime": "2024-06-18T11:00:00+01:00"}, "recurrence": ["RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=10"]})
    J("POST", "/api/v1/bookings", {"service": "Haircut & beard trim", "customer": "Ciarán Mac Giolla", "slot": "2024-06-20T17:15:00+01:00", "notes": "Running 5' late maybe — sorry!"})
    C.text("benign", "allow", "PUT", "/api/v1/calendars/team/ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Acme//Cal 1.0//EN\r\nBEGIN:VEVENT\r\nUID:20240618T103000Z-4412@acme.dev\r\nDTSTART:20240618T093000Z\r\nDTEND:20240618T100000Z\r\nSUMMARY:Sprint review\r\nDESCRIPTION:Demo: quoted search + apostrophes fix\\, see https://acme.dev/r/24\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", ctype="text/calendar; charset=utf-8")
    # HR / recruiting
    J("POST", "/api/v1/candidates", {"name": "Aoife O'Donnell", "email": "aoife@example.ie", "resume_text": "Senior engineer (8 yrs). Built CI pipelines (GitHub Actions, GitLab CI), wrote Bash & Python tooling, tuned PostgreSQL queries (EXPLAIN, indexes).", "links": ["https://github.com/aodonnell", "https://aoife.dev/?ref=cv"]})
    J("POST", "/api/v1/reviews/self", {"period": "H1-2024", "achievements": "Cut p99 latency from 820 ms to 490 ms; migrated 14 services off the legacy queue; mentored 2 juniors.", "growth": "Write more docs; fewer late-night deploys :)"})
    J("POST", "/api/v1/timeoff", {"type": "vacation", "from": "2024-07-01", "to": "2024-07-12", "comment": "Family trip to Kraków & Zakopane"})
    # education / LMS
    J("POST", "/api/v1/courses/cs101/assignments/3/submissions", {"student": "n.kante", "text": "Q1: A SQL JOIN combines rows from two tables based on a related column. Q2: `ls -la` lists all files including hidden ones. Q3: In HTML, the <p> element is a paragraph.", "late": False})
    J("POST", "/api/v1/quizzes/88/answers", {"question_id": 4, "answer": "O(n log n)", "explanation": "Merge sort splits in halves (log n levels) and merges in O(n) per level."})
    J("POST", "/api/v1/forum/threads", {"course": "web-dev", "title": "Why is my <img> not showing?", "body": "I wrote the tag with src=\"images/cat.png\" and alt text, the file is in public/images. The browser shows a broken icon. Path issue?"})
    # IoT
    J("POST", "/api/v1/devices/thermo-12/telemetry", {"ts": 1718093643, "temp_c": 21.5, "humidity": 0.43, "fw": "2.3.1-rc.2", "status": "OK", "tags": {"room": "Kitchen/North", "floor": "2"}})
    J("PUT", "/api/v1/devices/thermo-12/schedule", {"weekday": [{"at": "06:30", "temp_c": 21}, {"at": "22:00", "temp_c": 17.5}], "away_mode": {"enabled": True, "min_c": 12}})
    C.text("benign", "allow", "POST", "/api/v1/devices/gw-3/logs", "Jun 11 08:14:03 gw-3 kernel: [12345.678] usb 1-1: new high-speed USB device number 4 using xhci_hcd\nJun 11 08:14:05 gw-3 systemd[1]: Started Daily apt download activities.\nJun 11 08:14:09 gw-3 sshd[2211]: Accepted publickey for deploy from 10.0.0.5 port 51514 ssh2\n")
    # travel
    J("POST", "/api/v1/flights/search", {"slices": [{"origin": "DUB", "destination": "NRT", "departure_date": "2024-09-14"}, {"origin": "NRT", "destination": "DUB", "departure_date": "2024-09-28"}], "passengers": [{"type": "adult"}, {"type": "child", "age": 7}], "cabin_class": "economy"})
    J("POST", "/api/v1/hotels/bookings", {"hotel_id": "H-8812", "guest": {"first": "Zoë", "last": "D'Amico"}, "special_requests": "Late check-in (~23:00); quiet room, not near the elevator please", "nights": 3})
    C.get("benign", "allow", "/api/v1/trains/connections", [("from", "Zürich HB"), ("to", "Genève-Aéroport"), ("date", "2024-06-20"), ("time", "07:32")])
    # support prose about shell / HTML / paths (no payloads)
    tickets = [
        "When I run the installer it says permission denied on /usr/local/bin. Do I need sudo or can I install to ~/bin instead?",
        "The exported HTML has all my <br> tags shown as text. I'm pasting from Word if that matters.",
        "Our security team asked whether your API is protected against SQL injection and XSS. Do you have a pentest report or SOC 2 we can review?",
        "The CLI crashes when the path has spaces, e.g. \"C:\\Users\\Ana Núñez\\Documents\\export.csv\". Quoting the path didn't help.",
        "Can I use wildcards in the file filter? Something like *.log or reports/2024-*/summary.pdf?",
        "My password contains a semicolon and an ampersand; the mobile app rejects it but the website accepts it.",
        "I think the search treats the minus as an exclusion — searching for \"t-shirt\" returns nothing but \"tshirt\" works.",
        "After the update, the cron expression */15 * * * * no longer triggers my job. It worked with 2.13.",
    ]
    for i, t in enumerate(tickets):
        J("POST", "/api/v2/requests", {"request": {"subject": t[:48] + "…", "comment": {"body": t}, "requester": {"name": ["Liam O'Brien", "Ana Núñez", "Kenji Watanabe", "Fatima Zahra"][i % 4]}, "priority": "normal"}})
    # misc everyday
    J("POST", "/api/v1/recipes", {"title": "Crème brûlée", "ingredients": ["500 ml cream (35 %)", "5 egg yolks", "100 g sugar", "½ vanilla pod"], "steps": ["Heat cream to 80 °C", "Whisk yolks & sugar", "Bake at 150 °C for 35–40 min", "Torch sugar just before serving"], "serves": 6})
    J("POST", "/api/v1/notes/sync", {"notes": [{"title": "Wi-Fi", "body": "SSID: Acme-Guest / pass: see fridge"}, {"title": "Books", "body": "— \"Thinking, Fast and Slow\"\n— \"The Pragmatic Programmer\" (20th anniv.)"}]})
    J("POST", "/api/v1/real-estate/listings", {"title": "Bright 2-bed flat, 68 m² (732 sq ft)", "address": "Rue de l'Église 4, 1000 Bruxelles", "price": {"amount": 1450, "currency": "EUR", "period": "month"}, "features": ["balcony", "lift", "cellar"], "description": "Ceiling height 2.9 m (9' 6\"). 5' walk to metro."})
    J("POST", "/api/v1/surveys/7/responses", {"answers": {"q1": "Very satisfied", "q2": ["speed", "price"], "q3": "Checkout was smooth; maybe add Apple Pay? 10/10 otherwise!"}})
    J("POST", "/api/v1/translate", {"source": "en", "target": "ga", "text": "Welcome to Dún Laoghaire — mind the gap!"})
    J("POST", "/api/v1/music/playlists", {"name": "Rock 'n' Roll Classics", "tracks": ["Don't Stop Me Now", "(I Can't Get No) Satisfaction", "Sweet Child o' Mine", "AC/DC – T.N.T."]})
    J("POST", "/api/v1/library/books", {"isbn": "978-0-13-468599-1", "title": "The C++ Programming Language (4th ed.)", "authors": ["Bjarne Stroustrup"], "tags": ["c++", "programming", "reference"]})
    J("POST", "/api/v1/genealogy/people", {"name": "Mícheál Ó Súilleabháin", "born": "c. 1852", "place": "Co. Kerry", "notes": "Spelled \"O'Sullivan\" on the 1901 census; \"Sullivan\" on the ship manifest."})
    J("PATCH", "/api/v1/org/settings", {"name": "Acme & Co.", "domain_allowlist": ["acme.dev", "*.acme.dev"], "password_policy": {"min_length": 12, "require_symbol": True, "symbols": "!@#$%^&*()-_=+[]{};:,.<>/?"}})
    J("POST", "/api/v1/regex/test", {"pattern": "^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$", "flags": "i", "input": "DE89370400440532013000"})
    J("POST", "/api/v1/links/preview", {"url": "https://en.wikipedia.org/wiki/Apostrophe#Use_in_English"})
    C.get("benign", "allow", "/api/v1/weather", [("q", "São Paulo,BR"), ("units", "metric"), ("lang", "pt_br")])
    C.get("benign", "allow", "/api/v1/books", [("author", "Flann O'Brien"), ("title", "At Swim-Two-Birds")])
    C.get("benign", "allow", "/api/v1/recipes", [("q", "mac & cheese"), ("max_time", "<30min"), ("diet", "vegetarian")])
    C.add("benign", "allow", "GET", "/api/v1/files/download/reports%2F2024%2FQ2-summary.pdf", {"Accept": "application/pdf"}, "", "path")
    C.add("benign", "allow", "GET", "/api/v1/feed", {"Accept": "application/json", "If-None-Match": "W/\"5e-1P7gS2hFQ\"", "Accept-Language": "de-CH, de;q=0.9, fr;q=0.7", "User-Agent": ua(2)}, "", "header")
    C.add("benign", "allow", "GET", "/blog/2024/06/how-we-cut-latency", {"Accept": "text/html", "Referer": "https://news.ycombinator.com/item?id=40650000", "User-Agent": ua(1)}, "", "header")
    wrapper_shapes(C)
    locations(C)
    C.add("benign", "allow", "GET", "/", {"Accept": "text/html", "Cookie": "pref_lang=ga-IE; recently_viewed=TS-01%7CMG-03%7CJK-02; ab=checkout_v2:B"}, "", "cookie")


def wrapper_shapes(C):
    """Harmless content in the same code/doc/log shapes used by the wrapped attack twins."""
    J = lambda method, path, obj: C.json("benign", "allow", method, path, obj)
    J("POST", "/api/v1/snippets", {"title": "format check", "language": "shell", "code": "#!/usr/bin/env bash\nset -euo pipefail\nfor f in src/*.ts; do\n  npx prettier --check \"$f\"\ndone\n"})
    J("POST", "/api/v1/tickets/5521/comments", {"filename": "x.sh", "snippet": "#!/bin/sh\necho \"hello from $(hostname)\"\ndate -u +%Y-%m-%dT%H:%M:%SZ\n", "public": False})
    J("POST", "/v1/builds", {"context": "https://github.com/acme/web.git#main", "dockerfile": "FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nRUN npm run build\nEXPOSE 8080\nCMD [\"node\", \"dist/server.js\"]\n", "tags": ["registry.acme.dev/web:2.14.0"]})
    C.text("benign", "allow", "POST", "/api/v1/patches", "diff --git a/src/search/parse.ts b/src/search/parse.ts\n--- a/src/search/parse.ts\n+++ b/src/search/parse.ts\n@@ -10,7 +10,9 @@ export function parse(q: string) {\n-  return q.split(' ')\n+  const phrases = q.match(/\"[^\"]+\"/g) ?? []\n+  const rest = q.replace(/\"[^\"]+\"/g, '').split(/\\s+/)\n+  return [...phrases, ...rest].filter(Boolean)\n }\n", ctype="text/x-diff; charset=utf-8")
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "source": ["%%bash\n", "pip install -q pandas==2.2.2 pyarrow\n", "ls -lh data/\n"], "outputs": [], "execution_count": 1},
                    {"cell_type": "code", "metadata": {}, "source": ["import pandas as pd\n", "df = pd.read_parquet('data/orders.parquet')\n", "df.groupby('status').total.sum()"], "outputs": [], "execution_count": 2}],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}}, "nbformat": 4, "nbformat_minor": 5}
    J("PUT", "/api/contents/work/orders.ipynb", {"type": "notebook", "format": "json", "content": nb})
    C.text("benign", "allow", "POST", "/api/v1/notes", "Deploy checklist:\n\n~~~\nmake test\nmake build\n./scripts/deploy.sh staging\n~~~\n\nThen run `kubectl get pods -n staging` and check all are `Running`.", ctype="text/markdown; charset=utf-8")
    C.text("benign", "allow", "POST", "/api/v1/logs/ingest", "Traceback (most recent call last):\n  File \"/srv/app/handlers.py\", line 88, in lookup\n    row = db.fetch(key)\n  File \"/srv/app/db.py\", line 41, in fetch\n    raise KeyError(key)\nKeyError: 'ORD-2024-118843'\n", ctype="text/plain; charset=utf-8")
    C.form("benign", "allow", "POST", "/wiki/save", [("page", "Runbook"), ("code", "```bash\nsudo systemctl restart nginx\njournalctl -u nginx --since '10 min ago'\n```"), ("summary", "add restart steps")])
    J("POST", "/api/v1/pipelines/validate", {"content": "jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n      - name: lint\n        run: npm ci && npm run lint\n"})
    J("POST", "/api/v1/docs/pages", {"space": "ENG", "title": "SQL style", "body": {"representation": "markdown", "value": "```sql\n-- keep keywords upper-case\nSELECT c.id, c.name, COUNT(o.id) AS orders\nFROM customers c\nLEFT JOIN orders o ON o.customer_id = c.id\nGROUP BY c.id, c.name\nORDER BY orders DESC\nLIMIT 10;\n```"}})
    J("POST", "/api/v1/docs/pages", {"space": "WEB", "title": "Embedding images", "body": {"representation": "markdown", "value": "```html\n<figure>\n  <img src=\"/img/chart.png\" alt=\"Monthly orders\" loading=\"lazy\">\n  <figcaption>Orders per month</figcaption>\n</figure>\n```"}})


def locations(C):
    """More benign values in headers, cookies and path segments."""
    A = lambda path, headers, where: C.add("benign", "allow", "GET", path, headers, "", where)
    A("/robots.txt", {"Accept": "text/plain", "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}, "header")
    A("/api/v1/items?page=1", {"Accept": "application/json", "User-Agent": "Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/AP2A.240605.024)"}, "header")
    A("/api/v1/health", {"Accept": "*/*", "User-Agent": "curl/8.5.0"}, "header")
    A("/pubs/dublin", {"Accept": "text/html", "Referer": "https://www.google.com/search?q=o%27brien%27s+pub+dublin+%22live+music%22&hl=en"}, "header")
    A("/api/v1/orders/8812", {"Accept": "application/json", "Forwarded": "for=192.0.2.60;proto=https;by=203.0.113.43", "If-Match": "\"33a64df551425fcc55e4d42a148795d9f25f89d4\""}, "header")
    A("/", {"Accept": "text/html", "Cookie": "OptanonConsent=isGpcEnabled=0&datestamp=Tue+Jun+11+2024+08%3A14%3A03+GMT%2B0100&version=202405.1.0&groups=C0001%3A1%2CC0002%3A0; OptanonAlertBoxClosed=2024-06-11T07:14:03.221Z"}, "cookie")
    A("/api/v1/me", {"Accept": "application/json", "Cookie": "prefs=" + q('j:{"theme":"dark","lang":"en-IE"}') + "; sid=s%3A7f3a9c.Qm9vbGVhbg"}, "cookie")
    A("/checkout", {"Accept": "text/html", "Cookie": "utm=source%3Dnewsletter%7Cmedium%3Demail%7Ccampaign%3Dsummer_24; last_viewed=/products/ts-01?variant=42"}, "cookie")
    A("/api/v1/authors/flann-o%27brien/books", {"Accept": "application/json"}, "path")
    A("/wiki/C%2B%2B", {"Accept": "text/html"}, "path")
    A("/repos/acme/web/contents/src/components/App.tsx", {"Accept": "application/vnd.github.raw+json"}, "path")
    A("/api/v1/tags/rock%20%26%20roll/posts", {"Accept": "application/json"}, "path")
    A("/@types%2fnode/-/node-20.14.2.tgz", {"Accept": "application/octet-stream", "User-Agent": "npm/10.8.1 node/v20.15.0 linux x64"}, "path")
    A("/api/v1/places/%E6%9D%B1%E4%BA%AC%E9%A7%85", {"Accept": "application/json", "Accept-Language": "ja-JP,ja;q=0.9"}, "path")
