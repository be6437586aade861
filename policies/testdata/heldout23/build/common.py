"""Shared helpers for building heldout23 cases deterministically (no network, no randomness
except a fixed-seed PRNG)."""
import json
import random
from urllib.parse import quote, urlencode

RNG = random.Random(2323)

BROWSER_UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "okhttp/4.12.0",
    "python-requests/2.32.3",
    "Go-http-client/2.0",
    "GitHub-Hookshot/8e03811",
    "Slackbot 1.0 (+https://api.slack.com/robots)",
    "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    "OpenTelemetry Collector Contrib/0.104.0 (linux/amd64)",
    "Discordbot/2.0",
]


def ua(i):
    return BROWSER_UAS[i % len(BROWSER_UAS)]


def q(s):
    """Percent-encode a value for a query string (RFC 3986 unreserved kept)."""
    return quote(s, safe="")


def qs(params):
    """Encode a list of (k, v) pairs; keys keep [] and $ readable like real clients do."""
    parts = []
    for k, v in params:
        parts.append(quote(k, safe="[]$._-") + "=" + quote(v, safe=""))
    return "&".join(parts)


def form(params):
    return "&".join(quote(k, safe="[]$._-") + "=" + quote(v, safe="") for k, v in params)


def jdump(obj, ascii_only=False):
    return json.dumps(obj, ensure_ascii=ascii_only, separators=(", ", ": "))


def multipart(fields, boundary="----edgeward23Boundary7MA4YWxkTrZu0gW"):
    """fields: list of (name, value) or (name, value, filename, content_type)."""
    out = []
    for f in fields:
        if len(f) == 2:
            name, value = f
            out.append("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, name, value))
        else:
            name, value, filename, ctype = f
            out.append("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\nContent-Type: %s\r\n\r\n%s\r\n"
                       % (boundary, name, filename, ctype, value))
    out.append("--%s--\r\n" % boundary)
    return "".join(out), "multipart/form-data; boundary=%s" % boundary


class Cases:
    def __init__(self, prefix):
        self.prefix = prefix
        self.items = []
        self.n = 0

    def add(self, category, expect, method, path, headers=None, body="", where="body", slug=None, note=None, suffix=""):
        self.n += 1
        cid = "h23-%s-%03d%s" % (self.prefix, self.n, suffix)
        h = {}
        if headers:
            h.update(headers)
        case = {"id": cid, "category": category, "expect": expect, "method": method, "path": path,
                "headers": h, "body": body, "where": where}
        if note:
            case["note"] = note
        self.items.append(case)
        return case

    # convenience wrappers --------------------------------------------------
    def get(self, category, expect, path, params, where="query", headers=None, note=None):
        p = path + ("?" + qs(params) if params else "")
        return self.add(category, expect, "GET", p, headers or {"Accept": "application/json"}, "", where, note=note)

    def json(self, category, expect, method, path, obj, where="body", headers=None, note=None, raw=None):
        h = {"Content-Type": "application/json", "Accept": "application/json"}
        if headers:
            h.update(headers)
        body = raw if raw is not None else jdump(obj)
        return self.add(category, expect, method, path, h, body, where, note=note)

    def form(self, category, expect, method, path, params, where="body", headers=None, note=None):
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        if headers:
            h.update(headers)
        return self.add(category, expect, method, path, h, form(params), where, note=note)

    def multipart(self, category, expect, method, path, fields, headers=None, note=None, where="multipart"):
        body, ctype = multipart(fields)
        h = {"Content-Type": ctype}
        if headers:
            h.update(headers)
        return self.add(category, expect, method, path, h, body, where, note=note)

    def text(self, category, expect, method, path, body, ctype="text/plain; charset=utf-8", where="body", headers=None, note=None):
        h = {"Content-Type": ctype}
        if headers:
            h.update(headers)
        return self.add(category, expect, method, path, h, body, where, note=note)
