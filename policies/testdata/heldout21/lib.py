"""Helpers that turn a payload + a placement into a raw HTTP request case."""
import json
from urllib.parse import quote, quote_plus

BOUNDARY = "----WebKitFormBoundaryq8Zr3XnT2LpK0aYe"
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"


def qenc(v, raw=False):
    """Encode a value for a query string as a browser/http client would."""
    if raw:
        return v
    return quote(v, safe="")


def form(pairs, raw_keys=()):
    out = []
    for k, v in pairs:
        if k in raw_keys:
            out.append(f"{k}={v}")
        else:
            out.append(f"{quote_plus(k, safe='[]')}={quote_plus(v)}")
    return "&".join(out)


def jstr(s, esc=""):
    """A JSON string literal; characters in esc are written as \\uXXXX."""
    lit = json.dumps(s, ensure_ascii=False)
    if not esc:
        return lit
    body = lit[1:-1]
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            out.append(body[i:i + 2])
            i += 2
            continue
        if c in esc:
            out.append("\\u%04x" % ord(c))
        else:
            out.append(c)
        i += 1
    return '"' + "".join(out) + '"'


def jbody(obj, payload=None, esc=""):
    """Dump obj; the string "__P__" (as a value) is replaced by payload, optionally escaped."""
    s = json.dumps(obj, ensure_ascii=False)
    if payload is not None:
        s = s.replace('"__P__"', jstr(payload, esc))
    json.loads(s)
    return s


def multipart(parts):
    """parts: list of (name, value, filename or None, content type or None)."""
    lines = []
    for name, value, filename, ctype in parts:
        lines.append("--" + BOUNDARY)
        disp = f'Content-Disposition: form-data; name="{name}"'
        if filename is not None:
            disp += f'; filename="{filename}"'
        lines.append(disp)
        if ctype:
            lines.append("Content-Type: " + ctype)
        lines.append("")
        lines.append(value)
    lines.append("--" + BOUNDARY + "--")
    lines.append("")
    return "\r\n".join(lines)


MP_CT = "multipart/form-data; boundary=" + BOUNDARY
JSON_CT = "application/json"
FORM_CT = "application/x-www-form-urlencoded"


def case(method, path, headers=None, body="", where="query"):
    h = {"Accept": "application/json", "User-Agent": UA}
    if headers:
        h.update(headers)
    return {"method": method, "path": path, "headers": h, "body": body, "where": where}


def cookie_val(v, raw=False):
    if raw:
        return v
    if any(c in v for c in ";, \t\"\\"):
        return quote(v, safe="'()!*=/<>:@$[]{}|`&+?#~^")
    return v
