"""Helpers shared by the heldout22 generators (deterministic, no network)."""
import json
from urllib.parse import quote, urlencode

UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
BOUNDARY = "----edgewardH22Boundary7MA4YWxkTrZu0gW"


def enc(v):
    """URL-encode a value for a query string / form (space as %20)."""
    return quote(v, safe="")


def case(cid, category, expect, method, path, headers=None, body="", where="query", source=""):
    h = {"User-Agent": UA, "Accept": "application/json"}
    if headers:
        h.update(headers)
    c = {"id": cid, "category": category, "expect": expect, "method": method,
         "path": path, "headers": h, "body": body, "where": where}
    if source:
        c["source"] = source
    return c


def jbody(obj):
    return json.dumps(obj, ensure_ascii=False)


def query(path, params, raw=False):
    """params: list of (k, v). raw=True: v is already wire-encoded."""
    parts = []
    for k, v in params:
        parts.append(f"{k}={v if raw else enc(v)}")
    return path + ("&" if "?" in path else "?") + "&".join(parts)


def form(params):
    return "&".join(f"{enc(k)}={enc(v)}" for k, v in params)


def multipart(fields):
    """fields: list of (name, value) or (name, value, filename, ctype)."""
    out = []
    for f in fields:
        if len(f) == 2:
            n, v = f
            out.append(f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{n}\"\r\n\r\n{v}\r\n")
        else:
            n, v, fn, ct = f
            out.append(f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{n}\"; filename=\"{fn}\"\r\n"
                       f"Content-Type: {ct}\r\n\r\n{v}\r\n")
    out.append(f"--{BOUNDARY}--\r\n")
    return "".join(out)


MP_CT = f"multipart/form-data; boundary={BOUNDARY}"
JSON_CT = {"Content-Type": "application/json"}
FORM_CT = {"Content-Type": "application/x-www-form-urlencoded"}
