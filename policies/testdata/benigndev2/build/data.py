"""Ordinary data with awkward characters: names, addresses, measures, math, prices, SKUs,
timestamps, user agents, cookies, JWTs, base64, URLs with query strings."""
import base64
from common import *

NAMES = ["Seán O'Connor", "D'Angelo Russell", "Mary-Kate O'Neill-Smith", "Renée L'Écuyer", "José María Núñez", "Zoë Ørsted", "Nguyễn Thị Minh Khai",
         "Björk Guðmundsdóttir", "Dr. Ngozi Okonjo-Iweala", "van der Berg, Pieter", "Ma'ayan Cohen", "O'Shaughnessy & Sons Ltd.", "李小龙", "Łukasz Żółć",
         "Anne-Marie \"Annie\" Dupont", "Jean (JJ) O'Hara", "Smith, Jr.", "ʻIolani Kahananui"]
ADDRESSES = [
 {"line1": "1201 O'Farrell St", "line2": "Apt #4", "city": "San Francisco", "region": "CA", "postal": "94109", "country": "US"},
 {"line1": "10 Downing St.", "line2": "", "city": "London", "region": "", "postal": "SW1A 2AA", "country": "GB"},
 {"line1": "Rue de l'Église 12", "line2": "c/o Mme. Lefèvre", "city": "Liège", "region": "", "postal": "4000", "country": "BE"},
 {"line1": "Calle 50 & Av. Federico Boyd", "line2": "Torre B, Piso 3", "city": "Panamá", "region": "", "postal": "0816", "country": "PA"},
 {"line1": "P.O. Box 1234; Station A", "line2": "", "city": "Toronto", "region": "ON", "postal": "M5W 1E6", "country": "CA"},
 {"line1": "東京都千代田区丸の内1-9-1", "line2": "グラントウキョウノースタワー 3F", "city": "千代田区", "region": "東京都", "postal": "100-0005", "country": "JP"},
 {"line1": "Unit 3/45 Smith St", "line2": "", "city": "Fitzroy", "region": "VIC", "postal": "3065", "country": "AU"},
 {"line1": "ул. Тверская, д. 7, кв. 12", "line2": "", "city": "Москва", "region": "", "postal": "125009", "country": "RU"},
]
MEASURES = ["5' 10\"", "6'2\" / 188 cm", "32\" x 34\"", "1/2\" NPT fitting", "3' 6\" (107 cm) wide", "12 oz <-> 355 ml", "US 9.5 / EU 43", "A4 (210 × 297 mm)", "2x4 @ 16\" o.c.", "≥ 1.5 m clearance"]
MATH = ["2 < x && x < 5", "a <= b || b >= c", "x != y", "f(x) = 3x^2 + 2x - 1", "1 < 2 > 0 ?", "p(A|B) = p(B|A)p(A)/p(B)", "if n % 2 == 0 then n/2 else 3n+1",
        "score >= 90 ? 'A' : 'B'", "0 <= i < n", "(a+b)*(a-b) = a^2 - b^2", "sqrt(-1) = i", "|x - 3| < 0.5"]
PRICES = ["$1,299.99", "€ 49,90", "£12.50 + VAT", "¥3,980 (税込)", "R$ 1.234,56", "CHF 1'250.00", "-$20.00 (refund)", "USD 0.99/mo", "₹ 2,499", "$5 off $50+"]
SKUS = ["MJ-5P-32/34-IND", "TS#001-BLK-M", "SKU:12345|VAR:RED", "PN 0451-203-01 (rev. B)", "ABC_123.45-X", "ISBN 978-0-13-468599-1", "UPC 036000291452", "HS 8471.30.0100"]
TIMESTAMPS = ["2024-05-13T11:02:44.123+02:00", "Mon, 13 May 2024 09:02:44 GMT", "1715590964", "13/05/2024 11:02", "2024-W20-1", "P1DT2H30M", "2024-05-13 11:02:44.123456 UTC", "May 13th, 2024 @ 11am"]
URLS = ["https://shop.example.com/search?q=red+shoes&size=9.5&sort=price_asc&page=2",
        "https://accounts.example.com/oauth/authorize?response_type=code&client_id=abc123&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback&scope=openid%20profile%20email&state=xyz789",
        "https://www.google.com/maps/place/Eiffel+Tower/@48.8583701,2.2922926,17z/data=!3m1!4b1!4m6!3m5",
        "https://example.com/docs/api#section-2.3?x=1",
        "https://cdn.example.com/img/product%20photo%20(1).jpg?w=800&h=600&fit=crop&auto=format",
        "https://tracking.example.com/c?u=https%3A%2F%2Fblog.example.com%2F2024%2F05%2Fhello-world%2F%3Futm_source%3Dnewsletter",
        "https://example.com/files/../images/logo.png",
        "mailto:support@example.com?subject=Order%20%231042&body=Hi%2C%0AI%20have%20a%20question"]

COOKIES = [
 "_ga=GA1.2.1234567890.1715590964; _gid=GA1.2.987654321.1715590964; _fbp=fb.1.1715590964123.1234567890",
 "session=eyJ1c2VyX2lkIjo0MiwiY3NyZl90b2tlbiI6ImFiYzEyMyJ9.ZkHxYg.Qv3k2Zl0m9Xr1s2t3u4v5w6x7y8; theme=dark; lang=en-GB",
 "cart=%7B%22items%22%3A%5B%7B%22sku%22%3A%22TS-001%22%2C%22qty%22%3A2%7D%5D%7D; currency=EUR",
 "OptanonConsent=isGpcEnabled=0&datestamp=Mon+May+13+2024+11%3A02%3A44+GMT%2B0200&version=202401.1.0&groups=C0001%3A1%2CC0002%3A0%2CC0003%3A1; OptanonAlertBoxClosed=2024-05-13T09:02:44.123Z",
 "prefs={\"tz\":\"Europe/Berlin\",\"cols\":[\"name\",\"status\",\"updated\"]}; sidebar=collapsed",
 "AWSALB=Xk9s2l1Jp0q8rT4vW6yZ3bC5dE7fG9hI1jK3lM5nO7pQ9rS1tU3vW5xY7zA9bC1dE3fG5hI7jK9lM1nO3pQ5rS7tU9v; AWSALBCORS=Xk9s2l1Jp0q8rT4vW6yZ3bC5dE7fG9hI1jK3lM5n",
 "recently_viewed=MJ-5P-32%2F34-IND|TS%23001-BLK-M|SK-3P-ML; last_search=jeans%20%26%20belts",
 "wp-settings-1=libraryContent%3Dbrowse%26editor%3Dtinymce%26posts_list_mode%3Dlist; wp-settings-time-1=1715590964",
]


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(c, claims):
    h = b64u(jdump({"alg": "RS256", "typ": "JWT", "kid": hexid(c, 16)}, True).encode())
    p = b64u(jdump(claims, True).encode())
    return "%s.%s.%s" % (h, p, b64u(bytes(c.rng.randrange(256) for _ in range(64))))


def build(c):
    k = "data"
    for i, n in enumerate(NAMES):
        r = i % 4
        if r == 0:
            c.add(k, "signup", "POST", "/api/v1/users", "body", jdump({"user": {"name": n, "email": "user%d@example.com" % i, "password": "correct-horse-battery-%d" % i, "marketing_opt_in": False}}), browser_headers(c, ctype="application/json"))
        elif r == 1:
            c.add(k, "crm", "GET", url("/api/contacts", [("name", n), ("limit", "25")], plus=bool(i % 2)), "query", "", api_headers(c, ctype=None))
        elif r == 2:
            c.add(k, "account", "POST", "/account/profile", "body", qs([("first_name", n.split(" ")[0]), ("last_name", " ".join(n.split(" ")[1:]) or n), ("display_name", n), ("_method", "patch")]), browser_headers(c, ctype="application/x-www-form-urlencoded"))
        else:
            c.add(k, "booking", "PATCH", "/v2/reservations/%s/guests/0" % hexid(c, 10), "body", jdump({"guest": {"full_name": n, "special_requests": "Ground floor if possible; arriving ~11 pm"}}), api_headers(c))
    for a in ADDRESSES:
        c.add(k, "checkout", "POST", "/api/checkout/address", "body", jdump({"shipping": dict(a, name=c.rng.choice(NAMES), phone="+1 (415) 555-01%02d" % c.rng.randint(0, 99)), "same_as_billing": True}), browser_headers(c, ctype="application/json"))
    for a in ADDRESSES[:4]:
        c.add(k, "geocoder", "GET", url("/geocode/v1/json", [("q", ", ".join(v for v in a.values() if v)), ("key", token(c, 32))]), "query", "", browser_headers(c))
    for m in MEASURES:
        c.add(k, "marketplace", "POST", "/api/listings/%d/attributes" % c.rng.randint(1000, 99999), "body", qs([("attr[size]", m), ("attr[unit_system]", "imperial" if "\"" in m or "'" in m else "metric")]), browser_headers(c, ctype="application/x-www-form-urlencoded"))
    for i, m in enumerate(MATH):
        if i % 2:
            c.add(k, "calculator", "GET", url("/api/v1/evaluate", [("expr", m), ("vars", "x=3,y=4,a=1,b=2,c=3,n=7,i=2")], plus=False), "query", "", browser_headers(c))
        else:
            c.add(k, "edu", "POST", "/api/assignments/%d/answers" % c.rng.randint(100, 999), "body", jdump({"question": i + 1, "answer": m, "show_work": "Rearranged: " + m}), browser_headers(c, ctype="application/json"))
    for p in PRICES:
        c.add(k, "pim", "PATCH", "/api/products/%d" % c.rng.randint(1000, 99999), "body", jdump({"price_display": p, "promo_label": "Now " + p}), api_headers(c))
    for s in SKUS:
        c.add(k, "inventory", "GET", url("/api/inventory/lookup", [("sku", s), ("warehouse", "EU-1")], plus=False), "query", "", api_headers(c, ctype=None))
    for s in SKUS[:4]:
        c.add(k, "inventory", "GET", "/api/items/" + urllib.parse.quote(s, safe=""), "path", "", api_headers(c, ctype=None))
    for t in TIMESTAMPS:
        c.add(k, "events", "GET", url("/api/events", [("since", t), ("tz", "Europe/Berlin")], plus=False), "query", "", api_headers(c, ctype=None))
    for ua in UAS + ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                     "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
                     "Dalvik/2.1.0 (Linux; U; Android 13; SM-S911B Build/TP1A.220624.014)",
                     "MyApp/5.12.1 (iPhone; iOS 17.4; Scale/3.00) Alamofire/5.8.1",
                     "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)",
                     "Wget/1.21.4", "PostmanRuntime/7.37.3", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"]:
        c.add(k, "web", "GET", url("/api/v1/feed", [("page", str(c.rng.randint(1, 9)))]), "header", "", {"User-Agent": ua, "Accept": "application/json", "Accept-Language": "en-GB,en;q=0.9,de;q=0.8"})
    for ck in COOKIES:
        c.add(k, "web", "GET", "/account/orders", "cookie", "", browser_headers(c, {"Cookie": ck, "Referer": c.rng.choice(URLS[:3])}))
    for claims in [{"sub": "auth0|6543210fedcba", "iss": "https://auth.example.com/", "aud": ["api.example.com"], "iat": 1715590964, "exp": 1715594564, "scope": "read:orders write:orders", "name": "Seán O'Connor"},
                   {"sub": "42", "email": "dana@example.com", "roles": ["admin", "billing"], "org": "Ben & Jerry's", "exp": 1715594564},
                   {"sub": "svc-reporter", "azp": "reporter", "permissions": ["reports:select", "reports:union"], "exp": 1715594564}]:
        c.add(k, "api", "GET", "/api/v2/me", "header", "", {"Authorization": "Bearer " + jwt(c, claims), "Accept": "application/json"})
    for blob in [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
                 b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00",
                 "id,name\n1,O'Brien\n2,<none>\n".encode(),
                 b"#!/bin/sh\necho hello\n"]:
        c.add(k, "files-api", "POST", "/api/v1/attachments", "body", jdump({"filename": "upload.bin", "content_base64": base64.b64encode(blob).decode(), "encoding": "base64"}), api_headers(c))
    for u in URLS:
        r = c.rng.randint(0, 2)
        if r == 0:
            c.add(k, "link-shortener", "POST", "/api/links", "body", jdump({"long_url": u, "domain": "exm.pl", "tags": ["campaign"]}), api_headers(c))
        elif r == 1:
            c.add(k, "bookmarks", "GET", url("/api/preview", [("url", u)]), "query", "", browser_headers(c))
        else:
            c.add(k, "analytics", "GET", url("/collect", [("v", "2"), ("tid", "G-ABC123XYZ"), ("dl", u), ("dt", "Shop – Search results"), ("en", "page_view")], plus=False), "query", "", browser_headers(c, {"Referer": u}))
    # misc headers that carry awkward data
    for h in [{"X-Forwarded-For": "203.0.113.7, 10.0.0.12", "Forwarded": "for=203.0.113.7;proto=https;by=10.0.0.1"},
              {"If-None-Match": "W/\"5f2b-1715590964\"", "Accept": "application/vnd.api+json; version=2"},
              {"X-Request-Id": uuid(c), "traceparent": "00-%s-%s-01" % (hexid(c, 32), hexid(c, 16)), "baggage": "userId=alice,serverNode=DF%2028,isProduction=false"},
              {"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "DNT": "1"},
              {"Content-Disposition": "attachment; filename*=UTF-8''Na%C3%AFve%20file%20(1).txt", "X-File-Name": "Q3 report (final) & notes.xlsx"},
              {"Link": "<https://api.example.com/items?page=3>; rel=\"next\", <https://api.example.com/items?page=9>; rel=\"last\""},
              {"X-Search-Context": "category=Men's > Jeans > Slim", "X-Client-Version": "5.12.1 (build 3391)"},
              {"Prefer": "return=representation; odata.maxpagesize=50", "OData-MaxVersion": "4.0"}]:
        c.add(k, "api", "GET", "/api/v1/items?page=2", "header", "", dict(h, **{"Authorization": "Bearer " + token(c)}))
    # form posts with awkward characters
    for pairs in [[("comment", "5 stars!!! <3 would buy again :-) & recommend"), ("rating", "5")],
                  [("q", "C++ vs C# -- which is faster?"), ("lang", "en")],
                  [("feedback", "the \"save\" button is grey; I expected it blue (#0a7)"), ("page", "/settings?tab=billing")],
                  [("message", "50% off?? is that -50% or 50 % of the total; confused"), ("email", "a.b+promo@example.co.uk")],
                  [("title", "Tom & Jerry: The Movie (1992)"), ("year", "1992"), ("genre", "Animation|Comedy")],
                  [("bio", "Engineer @ Acme | ex-Google | he/him | views = my own"), ("website", "https://example.com/~dana")]]:
        c.add(k, "web-form", "POST", "/forms/submit", "body", qs(pairs), browser_headers(c, ctype="application/x-www-form-urlencoded"))

import urllib.parse  # noqa: E402
