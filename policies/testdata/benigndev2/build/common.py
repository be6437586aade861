"""Shared helpers: build requests in real wire shapes, deterministically."""
import json
import random
import urllib.parse

RNG_SEED = 20261208


class Corpus:
    def __init__(self):
        self.cases = []
        self.seq = {}
        self.rng = random.Random(RNG_SEED)

    def _id(self, kind):
        n = self.seq.get(kind, 0) + 1
        self.seq[kind] = n
        return "bd2-%s-%03d" % (kind, n)

    def add(self, kind, app, method, path, where, body="", headers=None,
            expect="allow", category="benign", note=""):
        assert where in ("query", "body", "header", "cookie", "path", "multipart"), where
        assert method in ("GET", "POST", "PUT", "PATCH"), method
        c = {
            "id": self._id(kind if expect == "allow" else "atk-" + category),
            "category": category,
            "expect": expect,
            "method": method,
            "path": path,
            "headers": dict(headers or {}),
            "body": body,
            "where": where,
            "kind": kind,
            "app": app,
        }
        if note:
            c["note"] = note
        self.cases.append(c)
        return c


# ---- encoders -------------------------------------------------------------

def qs(params, plus=True):
    """application/x-www-form-urlencoded, as browsers and most clients send it."""
    quote = urllib.parse.quote_plus if plus else urllib.parse.quote
    return "&".join("%s=%s" % (quote(str(k), safe=""), quote(str(v), safe=""))
                    for k, v in params)


def url(path, params, plus=True):
    return path + "?" + qs(params, plus) if params else path


def jdump(obj, compact=False):
    if compact:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(obj, ensure_ascii=False)


def multipart(fields, boundary):
    """fields: list of (name, value) or (name, value, filename, content_type)."""
    out = []
    for f in fields:
        out.append("--" + boundary)
        if len(f) == 2:
            out.append('Content-Disposition: form-data; name="%s"' % f[0])
            out.append("")
            out.append(f[1])
        else:
            name, value, filename, ctype = f
            out.append('Content-Disposition: form-data; name="%s"; filename="%s"' % (name, filename))
            out.append("Content-Type: " + ctype)
            out.append("")
            out.append(value)
    out.append("--" + boundary + "--")
    out.append("")
    return "\r\n".join(out)


JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "okhttp/4.12.0",
    "Go-http-client/2.0",
    "axios/1.6.8",
]


def browser_headers(c, extra=None, ctype=None):
    h = {"User-Agent": c.rng.choice(UAS[:5]), "Accept": "application/json, text/plain, */*"}
    if ctype:
        h["Content-Type"] = ctype
    if extra:
        h.update(extra)
    return h


def api_headers(c, extra=None, ctype="application/json"):
    h = {"Content-Type": ctype} if ctype else {}
    h["Authorization"] = "Bearer " + token(c)
    h["User-Agent"] = c.rng.choice(UAS[5:])
    if extra:
        h.update(extra)
    return h


def token(c, n=40):
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(c.rng.choice(alphabet) for _ in range(n))


def hexid(c, n=32):
    return "".join(c.rng.choice("0123456789abcdef") for _ in range(n))


def uuid(c):
    h = hexid(c, 32)
    return "%s-%s-4%s-a%s-%s" % (h[:8], h[8:12], h[13:16], h[17:20], h[20:32])
