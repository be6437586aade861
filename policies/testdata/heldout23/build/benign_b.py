"""Benign traffic, part B: fintech, healthcare (FHIR R4), maps/mobility, gaming, CMS/blog,
search, CSV uploads, email, and general e-commerce / SaaS admin traffic."""
import base64
from common import jdump, form, q, qs, ua


def fintech(C):
    rmt = ["INV 2024-0042 / PO#7781", "Rent June 2024 - Flat 3B, 14 O'Connell St", "Ref: RF18 5390 0754 7034", "Salary 06/2024 (net) + bonus Q2",
           "Payment for O'Neill & Sons Ltd. invoice 88-A", "Miete Juni – Wohnung 2.OG links", "Facture n°F-2024-118 (TVA 20 %)", "Donation <3 for the animal shelter",
           "School trip 5/6 - deposit", "Refund order #A-99812 (item returned: size 10½)"]
    ibans = ["DE89370400440532013000", "FR1420041010050500013M02606", "GB29NWBK60161331926819", "NL91ABNA0417164300", "ES9121000418450200051332",
             "IT60X0542811101000000123456", "BE68539007547034", "AT611904300234573201", "IE29AIBK93115212345678", "PL61109010140000071219812874"]
    names = ["Müller & Söhne GmbH", "Siobhán O'Leary", "Zoë D'Amico", "Łukasz Wiśniewski", "Ana María Núñez", "Jean-Luc Lefèvre", "Åsa Lindqvist", "Sean O'Brien", "Ouédraogo SARL", "Dvořák s.r.o."]
    for i in range(10):
        pmt = {"GrpHdr": {"MsgId": "MSG-20240611-%04d" % i, "CreDtTm": "2024-06-11T08:14:03", "NbOfTxs": "1", "InitgPty": {"Nm": "ACME Payroll"}},
               "PmtInf": {"PmtInfId": "PMT-%04d" % i, "PmtMtd": "TRF", "ReqdExctnDt": {"Dt": "2024-06-12"}, "Dbtr": {"Nm": "ACME Europe BV"}, "DbtrAcct": {"Id": {"IBAN": "NL91ABNA0417164300"}},
                          "CdtTrfTxInf": [{"PmtId": {"EndToEndId": "E2E-%06d" % (1000 + i)}, "Amt": {"InstdAmt": {"Ccy": "EUR", "value": "%d.%02d" % (120 + i * 37, i * 7 % 100)}},
                                           "Cdtr": {"Nm": names[i]}, "CdtrAcct": {"Id": {"IBAN": ibans[i]}}, "RmtInf": {"Ustrd": [rmt[i]]}}]}}
        C.json("benign", "allow", "POST", "/api/v1/payments/sepa-credit-transfers", pmt, headers={"Idempotency-Key": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb%02d" % i})
    C.form("benign", "allow", "POST", "/v1/payment_intents", [("amount", "4999"), ("currency", "eur"), ("payment_method_types[]", "sepa_debit"), ("description", "Order #A-99812 — 2× T-shirt (M)"), ("metadata[order_id]", "A-99812"), ("metadata[customer_note]", "Gift, don't include the receipt"), ("statement_descriptor_suffix", "ACME*SHOP")])
    C.form("benign", "allow", "POST", "/v1/customers", [("name", "Mary-Kate O'Sullivan"), ("email", "mk.osullivan@example.ie"), ("address[line1]", "Apt 4, 12 St. Stephen's Green"), ("address[city]", "Dublin 2"), ("address[country]", "IE"), ("preferred_locales[]", "en-IE"), ("preferred_locales[]", "ga")])
    C.json("benign", "allow", "POST", "/open-banking/v3.1/pisp/domestic-payment-consents", {"Data": {"Initiation": {"InstructionIdentification": "ACME-INV-0042", "EndToEndIdentification": "FRESCO.21302.GFX.20", "InstructedAmount": {"Amount": "165.88", "Currency": "GBP"}, "CreditorAccount": {"SchemeName": "UK.OBIE.SortCodeAccountNumber", "Identification": "08080021325698", "Name": "ACME Inc"}, "RemittanceInformation": {"Reference": "FRESCO-101", "Unstructured": "Internal ops code 5120101"}}}, "Risk": {"PaymentContextCode": "EcommerceGoods", "MerchantCategoryCode": "5967"}})
    C.json("benign", "allow", "POST", "/api/v1/upi/collect", {"payer_vpa": "ravi.kumar@okaxis", "payee_vpa": "acmestore@icici", "amount": "1499.00", "currency": "INR", "note": "Order #IN-55120 — 2 kurtas", "expiry_minutes": 15})
    C.json("benign", "allow", "POST", "/api/v2/pix/cob", {"calendario": {"expiracao": 3600}, "devedor": {"cpf": "12345678909", "nome": "João da Conceição"}, "valor": {"original": "37.00"}, "chave": "7d9f0335-8dcc-4054-9bf9-0dbd61d36906", "solicitacaoPagador": "Pedido 2024/118 – entrega em São Paulo"})
    C.json("benign", "allow", "POST", "/api/v1/invoices", {"number": "INV-2024-0042", "customer": {"name": "Ouédraogo SARL", "vat_id": "FR40303265045"}, "lines": [{"description": "Consulting (June) — 12.5 h @ €120/h", "amount": "1500.00"}, {"description": "Travel: Paris ⇄ Lyon (TGV)", "amount": "86.40"}], "notes": "Payment terms: 30 days net. IBAN FR14 2004 1010 0505 0001 3M02 606."})
    C.get("benign", "allow", "/api/v1/transactions", [("from", "2024-06-01"), ("to", "2024-06-30"), ("counterparty", "O'Neill & Sons"), ("min_amount", "-500"), ("sort", "-booked_at")])
    C.json("benign", "allow", "POST", "/api/v1/fx/quotes", {"sell_currency": "GBP", "buy_currency": "JPY", "amount": "2500.00", "fixed_side": "sell", "reason": "Supplier payment – Kyōto Ceramics 株式会社"})
    C.json("benign", "allow", "POST", "/api/v1/cards/virtual", {"cardholder": "Dvořák s.r.o.", "spend_controls": {"spending_limits": [{"amount": 50000, "interval": "monthly"}], "allowed_categories": ["airlines_air_carriers", "hotels_motels_resorts"]}, "metadata": {"cost_center": "CC-4410/Travel"}})


def fhir(C):
    H = {"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"}
    pats = [("O'Connor", ["Máire"], "female", "1984-03-12", "Baile Átha Cliath"), ("D'Souza", ["Anil", "K."], "male", "1971-11-02", "Mumbai"),
            ("Nguyễn", ["Thị", "Lan"], "female", "1990-07-21", "Hà Nội"), ("Müller-Lüdenscheidt", ["Jörg"], "male", "1958-01-30", "Köln"),
            ("van der Berg", ["Eva"], "female", "2001-05-05", "Den Haag"), ("Al-Hashimi", ["Yusuf"], "male", "1966-09-17", "عمّان")]
    for i, (fam, given, g, dob, city) in enumerate(pats):
        res = {"resourceType": "Patient", "identifier": [{"system": "urn:oid:2.16.840.1.113883.2.4.6.3", "value": "99900%04d" % i}], "active": True,
               "name": [{"use": "official", "family": fam, "given": given}], "gender": g, "birthDate": dob,
               "address": [{"line": ["%d Main Street, Apt #%d" % (10 + i, i + 1)], "city": city}],
               "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>%s %s, born %s</p></div>" % (" ".join(given), fam, dob)}}
        C.add("benign", "allow", "POST", "/fhir/R4/Patient", H, jdump(res), "body")
    obs = [("85354-9", "Blood pressure panel", [("8480-6", "Systolic", 128), ("8462-4", "Diastolic", 84)]), ("8867-4", "Heart rate", [("8867-4", "Heart rate", 72)]),
           ("29463-7", "Body weight", [("29463-7", "Body weight", 81)]), ("8302-2", "Body height", [("8302-2", "Body height", 178)])]
    for code, disp, comps in obs:
        res = {"resourceType": "Observation", "status": "final", "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
               "code": {"coding": [{"system": "http://loinc.org", "code": code, "display": disp}]}, "subject": {"reference": "Patient/example"}, "effectiveDateTime": "2024-06-11T08:14:03+02:00",
               "component": [{"code": {"coding": [{"system": "http://loinc.org", "code": c, "display": d}]}, "valueQuantity": {"value": v, "unit": "mm[Hg]" if "tolic" in d else "1", "system": "http://unitsofmeasure.org"}} for c, d, v in comps],
               "note": [{"text": "Measured seated, left arm; patient reports 5' 10\" and ~180 lb. Reading < 130/85 target."}]}
        C.add("benign", "allow", "POST", "/fhir/R4/Observation", H, jdump(res), "body")
    med = {"resourceType": "MedicationRequest", "status": "active", "intent": "order", "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "313782", "display": "Acetaminophen 325 MG Oral Tablet"}]},
           "subject": {"reference": "Patient/example"}, "dosageInstruction": [{"text": "Take 1-2 tablets by mouth every 6-8 hours as needed; max 8 tablets/24h. Don't combine with other paracetamol products.", "timing": {"repeat": {"frequency": 1, "period": 6, "periodUnit": "h"}}}]}
    C.add("benign", "allow", "POST", "/fhir/R4/MedicationRequest", H, jdump(med), "body")
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "name": [{"family": "O'Brien", "given": ["Liam"]}]}, "request": {"method": "POST", "url": "Patient", "ifNoneExist": "identifier=http://acme.org/mrn|12345"}},
        {"resource": {"resourceType": "Condition", "code": {"text": "Type 2 diabetes mellitus (HbA1c > 6.5 %)"}, "subject": {"reference": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"}}, "request": {"method": "POST", "url": "Condition"}}]}
    C.add("benign", "allow", "POST", "/fhir/R4", H, jdump(bundle), "body")
    C.add("benign", "allow", "GET", "/fhir/R4/Patient?family=" + q("O'Brien") + "&birthdate=ge1970-01-01&_count=20", {"Accept": "application/fhir+json"}, "", "query")
    C.add("benign", "allow", "GET", "/fhir/R4/Observation?patient=Patient/123&code=http://loinc.org|8867-4&date=ge2024-01-01&_sort=-date&_include=Observation:patient", {"Accept": "application/fhir+json"}, "", "query")
    C.add("benign", "allow", "GET", "/fhir/R4/Encounter?_has:Observation:encounter:code=8480-6&_elements=id,period,status", {"Accept": "application/fhir+json"}, "", "query")
    C.add("benign", "allow", "PATCH", "/fhir/R4/Patient/123", {"Content-Type": "application/json-patch+json"}, jdump([{"op": "replace", "path": "/address/0/line/0", "value": "Flat 2, 7 Dún Laoghaire Rd"}, {"op": "add", "path": "/telecom/-", "value": {"system": "phone", "value": "+353 1 234 5678"}}]), "body")
    doc = {"resourceType": "DocumentReference", "status": "current", "type": {"text": "Discharge summary"}, "content": [{"attachment": {"contentType": "text/plain", "language": "en", "data": base64.b64encode("Discharged in good condition. Follow up with GP in 2 weeks; BP < 140/90.".encode()).decode(), "title": "discharge.txt"}}]}
    C.add("benign", "allow", "POST", "/fhir/R4/DocumentReference", H, jdump(doc), "body")
    C.add("benign", "allow", "POST", "/fhir/R4/QuestionnaireResponse", H, jdump({"resourceType": "QuestionnaireResponse", "status": "completed", "item": [{"linkId": "1", "text": "How would you rate your pain (0-10)?", "answer": [{"valueInteger": 3}]}, {"linkId": "2", "text": "Anything else?", "answer": [{"valueString": "Pain is worse at night & when it's cold; ibuprofen helps (<1h)."}]}]}), "body")


def maps(C):
    polylines = ["_p~iF~ps|U_ulLnnqC_mqNvxq`@", "u{~vFvyys@fS]", "gfo}EtohhUxD@bAxJmGF", "}_p~iF~ps|U_ulLnnqC", "a~l~Fjk~uOnzh@vlbBtc~@tsE`vnApw{A`dw@~w\\|tNtqf@l{Yd_Fblh@rxo@b}@xxSfytA",
                 "ooq|HfmtBr@_Ap@sA|AgD", "mz{bH`~kg@y@oCaBsF", "ss`pEzfjmU_@cBo@eC{@qD"]
    for i, pl in enumerate(polylines):
        if i % 2 == 0:
            C.json("benign", "allow", "POST", "/v1/routes/snap", {"encoded_polyline": pl, "precision": 5, "profile": "driving", "options": {"avoid": ["tolls", "ferries"]}})
        else:
            C.get("benign", "allow", "/maps/api/elevation/json", [("path", "enc:" + pl), ("samples", "20")])
    addrs = ["東京都千代田区丸の内1丁目9-1", "서울특별시 중구 세종대로 110", "Москва, Красная площадь, 1", "Αθήνα 105 58, Πλάκα, Αδριανού 32", "नई दिल्ली, राजपथ, इंडिया गेट",
             "ถนนราชดำเนินกลาง แขวงบวรนิเวศ กรุงเทพมหานคร", "القاهرة، ميدان التحرير", "1600 Amphitheatre Pkwy, Mountain View, CA 94043", "221B Baker St, London NW1 6XE",
             "Rue de l'Église 4, 1000 Bruxelles", "Via dell'Amore, 19017 Riomaggiore SP", "C/ d'en Robador 25, 08001 Barcelona", "ул. Льва Толстого, 16, Москва", "Calle 5 #12-34, Cali, Colombia"]
    for i, a in enumerate(addrs):
        if i % 3 == 0:
            C.get("benign", "allow", "/v1/geocode", [("address", a), ("language", "auto")])
        elif i % 3 == 1:
            C.json("benign", "allow", "POST", "/api/v1/deliveries", {"pickup": {"address": "Warehouse 7, Dock #3"}, "dropoff": {"address": a, "instructions": "Ring twice; leave with concierge if nobody's home"}, "parcel": {"weight_kg": 2.5, "dims_cm": "30x20x10"}})
        else:
            C.get("benign", "allow", "/v1/autocomplete", [("q", a[:12]), ("limit", "5"), ("bias", "proximity:52.52,13.40")])
    C.json("benign", "allow", "POST", "/api/v1/trips", {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[13.4050, 52.5200], [13.3777, 52.5163], [13.3499, 52.5145]]}, "properties": {"name": "Alexanderplatz → Tiergarten", "mode": "bike", "elevation_gain_m": 12}})
    C.get("benign", "allow", "/api/v1/locate", [("w3w", "///filled.count.soap"), ("lang", "en")])
    C.get("benign", "allow", "/otp/routers/default/plan", [("fromPlace", "52.3731,4.8922"), ("toPlace", "52.3580,4.8686"), ("mode", "TRANSIT,WALK"), ("date", "06-11-2024"), ("time", "8:14am"), ("arriveBy", "false")])
    C.json("benign", "allow", "POST", "/api/v1/rides/estimate", {"origin": {"lat": 40.7580, "lng": -73.9855, "label": "Times Sq"}, "destination": {"lat": 40.6413, "lng": -73.7781, "label": "JFK T4"}, "seats": 2, "notes": "2 suitcases + 1 stroller"})
    C.json("benign", "allow", "POST", "/api/v1/fleet/telemetry", {"vehicle_id": "BUS-4410", "ts": "2024-06-11T08:14:03Z", "pos": {"lat": 48.8584, "lon": 2.2945}, "speed_kmh": 31.5, "door": "closed", "next_stop": "Champ de Mars – Tour Eiffel"})
    C.get("benign", "allow", "/api/v1/stations", [("bbox", "-0.489,51.28,0.236,51.686"), ("filter", "bikes>0"), ("fields", "id,name,bikes")])


def gaming(C):
    players = ["xX_D4rkL0rd_Xx", "~*Lil'Wiz*~", "Ω-Rex | 🐉", "ǤŘΞΞŇ", "[TTV] KappaPride", "<3 Lucy <3", "D'Artagnan#1625", "Ñoño_Ñandú", "-=SnIpEr=-", "^_^Momo^_^", "Zoë & Co", "λx.x"]
    for i, n in enumerate(players):
        if i % 2 == 0:
            C.json("benign", "allow", "POST", "/api/v1/players", {"display_name": n, "region": "eu-west", "avatar_id": 12 + i, "locale": "en-GB"})
        else:
            C.get("benign", "allow", "/api/v1/leaderboards/season-7", [("player", n), ("around", "5")])
    chat = ["gg wp; rematch?", "lol that was 5 < 10 kills, carry me pls", "/w Momo meet @ spawn", "anyone LFG for the 3/4 boss? need heals", "nice shot!!! 360 no scope >.<", "brb 5 min — pizza's here 🍕"]
    for i, t in enumerate(chat):
        C.json("benign", "allow", "POST", "/api/v1/matches/m-88123/chat", {"from": players[i], "channel": "team", "text": t})
    C.json("benign", "allow", "POST", "/api/v1/matches/m-88123/result", {"winner": "blue", "score": {"blue": 3, "red": 2}, "mvp": "Ω-Rex | 🐉", "duration_s": 1834, "events": [{"t": 61, "type": "first_blood", "by": "~*Lil'Wiz*~"}]})
    C.json("benign", "allow", "POST", "/api/v1/servers/mc-01/console-log", {"lines": ["[08:14:03] [Server thread/INFO]: Momo joined the game", "[08:14:10] [Server thread/INFO]: <Momo> /give @p minecraft:diamond 64 ?? how do i do this"]})


def cms(C):
    posts = [
        ("Summer sale is here", "<p>Our <strong>summer sale</strong> starts today! Save up to 40% on <a href=\"https://shop.example.com/collections/summer?utm_source=blog&amp;utm_medium=post\">selected items</a>.</p>\n<figure><img src=\"https://cdn.example.com/img/summer-2024.jpg\" alt=\"Beach towels on sand\" width=\"1200\" height=\"630\"><figcaption>Photo: Ana Núñez</figcaption></figure>"),
        ("Size guide", "<table><thead><tr><th>Size</th><th>Chest (in)</th><th>Length (in)</th></tr></thead><tbody><tr><td>S</td><td>34–36</td><td>27</td></tr><tr><td>M</td><td>38–40</td><td>28</td></tr><tr><td>L</td><td>42–44</td><td>29</td></tr></tbody></table><p>Between sizes? Go up one.</p>"),
        ("How we cut API latency by 40%", "<p>We moved hot reads to a cache and added an index:</p><pre><code class=\"language-sql\">CREATE INDEX CONCURRENTLY idx_orders_status ON orders (status) WHERE status &lt;&gt; 'archived';</code></pre><p>p99 went from 820&nbsp;ms to 490&nbsp;ms.</p>"),
        ("Release notes 2.14", "<h2>What's new</h2><ul><li>Quoted search phrases (<code>\"red dress\"</code>)</li><li>Apostrophes in addresses (O'Connell St)</li><li>Faster checkout</li></ul><p>See the <a href=\"/docs/changelog#2-14\">changelog</a>.</p>"),
        ("Recipe: Grandma's apple pie", "<p>Preheat to 375&deg;F (190&deg;C). Mix 2 ½ cups flour, 1 cup butter &amp; a pinch of salt.</p><blockquote><p>\"The secret is cold butter\" — Grandma</p></blockquote>"),
        ("Interview with our CTO", "<p>We asked Siobhán O'Leary about <em>scaling</em>, <em>hiring</em> and <abbr title=\"Site Reliability Engineering\">SRE</abbr>.</p><iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" width=\"560\" height=\"315\" allowfullscreen></iframe>"),
        ("Accessibility checklist", "<ol><li>Every <code>&lt;img&gt;</code> needs an <code>alt</code></li><li>Buttons need visible focus</li><li>Contrast ratio &ge; 4.5:1</li></ol>"),
        ("Notre équipe", "<p>Découvrez l'équipe derrière <a href=\"https://exemple.fr/equipe\">Exemple</a> — « petite mais costaude ».</p>"),
    ]
    for i, (title, html) in enumerate(posts):
        if i % 3 == 0:
            C.json("benign", "allow", "POST", "/wp-json/wp/v2/posts", {"title": title, "content": html, "status": "draft", "categories": [4, 12], "tags": [33], "excerpt": title + "…"}, headers={"Authorization": "Basic YWRtaW46c2VjcmV0LWFwcC1wYXNz"})
        elif i % 3 == 1:
            C.json("benign", "allow", "PUT", "/admin/api/2024-04/products/632910392.json", {"product": {"id": 632910392, "title": title, "body_html": html, "vendor": "Acme", "tags": "summer, sale"}})
        else:
            C.json("benign", "allow", "POST", "/ghost/api/admin/posts/?source=html", {"posts": [{"title": title, "html": html, "status": "draft", "tags": [{"name": "Engineering"}]}]})
    C.json("benign", "allow", "PUT", "/spaces/abc123/environments/master/entries/5KsDBWseXY6QegucYAoacS", {"fields": {"title": {"en-US": "FAQ"}, "body": {"en-US": {"nodeType": "document", "data": {}, "content": [{"nodeType": "paragraph", "data": {}, "content": [{"nodeType": "text", "value": "Can I return sale items? Yes, within 30 days.", "marks": [], "data": {}}]}]}}}})
    C.json("benign", "allow", "POST", "/api/v1/comments", {"post_id": 8812, "author": "Liam O'Brien", "body": "Great write-up! One question: does the partial index still help if most rows are <em>not</em> archived?", "format": "html"})
    C.json("benign", "allow", "POST", "/api/v1/comments", {"post_id": 8812, "author": "Hana", "body": "&lt;3 this blog. The table with &lt;th&gt; headers renders nicely on mobile too.", "format": "text"})
    C.form("benign", "allow", "POST", "/wp-comments-post.php", [("comment", "Thanks for the recipe! I used 2 ½ cups & it came out great :)"), ("author", "D'Angelo"), ("email", "dangelo@example.com"), ("url", "https://dangelo.example.com/blog?ref=comment"), ("comment_post_ID", "1182"), ("comment_parent", "0")])
    C.text("benign", "allow", "PUT", "/api/v1/pages/terms", "<h1>Terms of Service</h1>\n<p>Last updated: June 11, 2024.</p>\n<p>By using the service you agree to these terms. Questions? <a href=\"mailto:legal@example.com\">Email us</a>.</p>\n", ctype="text/html; charset=utf-8")
    C.multipart("benign", "allow", "POST", "/wp-json/wp/v2/media", [("title", "Team photo 2024"), ("alt_text", "Twelve people smiling in front of the office"), ("caption", "<em>Photo by Åsa Lindqvist</em>"), ("file", "JFIFDATA", "team-photo_2024-06.jpg", "image/jpeg")])
    C.json("benign", "allow", "POST", "/api/v1/newsletters", {"subject": "June digest 📬", "html": "<table role=\"presentation\" width=\"100%\"><tr><td style=\"padding:16px;font-family:Arial,sans-serif\"><h1 style=\"font-size:22px\">Hello {{first_name}},</h1><p>Here's what's new this month.</p><p><a href=\"https://example.com/digest/2024-06?utm_campaign=digest\" style=\"color:#0a66c2\">Read more</a></p></td></tr></table>", "text": "Hello {{first_name}}, here's what's new this month: https://example.com/digest/2024-06"})
    C.json("benign", "allow", "POST", "/api/v1/cms/snippets", {"name": "footer", "html": "<footer><p>&copy; 2024 Acme Inc. &middot; <a href=\"/privacy\">Privacy</a> &middot; <a href=\"/imprint\">Impressum</a></p></footer>"})


def search(C):
    qs_ = ["\"machine learning\" AND (python OR R) -java", "title:\"O'Reilly\" author:Wall", "price:[10 TO 100] AND brand:(nike OR adidas)", "a && b || !c", "\"5' 10\\\"\" height chart",
           "sql join tutorial", "how to escape < and > in html", "C:\\Program Files\\ path too long", "repo:acme/api language:go path:internal/ \"func main\"", "site:example.com filetype:pdf \"annual report\"",
           "rock & roll", "100% cotton t-shirt", "résumé template français", "why does 0.1 + 0.2 != 0.3", "café OR cafe near:Montréal", "NOT discontinued", "size:>10MB extension:zip",
           "\"drop shipping\" suppliers", "select dresses under $50", "can't login"]
    for i, s in enumerate(qs_):
        if i % 4 == 0:
            C.json("benign", "allow", "POST", "/api/v1/search", {"q": s, "page": 1, "per_page": 24, "facets": ["brand", "color"]})
        else:
            C.get("benign", "allow", ["/search", "/api/v2/search", "/api/v1/docs/search"][i % 3], [("q", s), ("page", str(1 + i % 3))])
    C.json("benign", "allow", "POST", "/products/_search", {"query": {"bool": {"must": [{"match": {"title": "running shoes"}}], "filter": [{"range": {"price": {"gte": 50, "lte": 150}}}, {"term": {"in_stock": True}}], "must_not": [{"term": {"brand.keyword": "Acme Basic"}}]}}, "sort": [{"_score": "desc"}, {"price": "asc"}], "aggs": {"brands": {"terms": {"field": "brand.keyword", "size": 10}}}})
    C.json("benign", "allow", "POST", "/1/indexes/products/query", {"params": "query=red%20dress&hitsPerPage=20&filters=price%20%3C%2050%20AND%20size%3AM&facetFilters=%5B%22color%3Ared%22%5D"})
    C.json("benign", "allow", "POST", "/logs/_search", {"query": {"query_string": {"query": "level:error AND service:checkout AND NOT message:\"health check\"", "default_field": "message"}}, "size": 50})
    C.get("benign", "allow", "/search/issues", [("q", "is:open is:issue label:bug \"null pointer\" created:>2024-01-01"), ("sort", "updated")])


def csv_uploads(C):
    csvs = [
        ("budget.csv", "Item,Q1,Q2,Q3,Total\nRent,3000,3000,3000,=SUM(B2:D2)\nSoftware,1200,1350,1100,=SUM(B3:D3)\nTotal,=SUM(B2:B3),=SUM(C2:C3),=SUM(D2:D3),=SUM(E2:E3)\n"),
        ("contacts.csv", "name,email,company\n\"O'Brien, Liam\",liam@example.ie,\"O'Brien & Sons\"\nZoë D'Amico,zoe@example.it,Studio D'Amico\nŁukasz Wiśniewski,lukasz@example.pl,\"Wiśniewski \"\"Sp. z o.o.\"\"\"\n"),
        ("inventory.csv", "sku,description,qty,price\nTS-01,\"T-shirt, 100% cotton (M)\",120,19.99\nJK-02,\"Jacket 5' rack, 3\"\" hooks\",8,89.00\nMG-03,Mug <ceramic>,45,7.50\n"),
        ("grades.csv", "student,score,grade\nA. Ng,91,=IF(B2>=90,\"A\",\"B\")\nB. Roy,84,=IF(B3>=90,\"A\",\"B\")\n"),
        ("lookup.csv", "id,region,rate\n1,EU,=VLOOKUP(B2,Rates!A:C,3,FALSE)\n2,US,=VLOOKUP(B3,Rates!A:C,3,FALSE)\n"),
        ("paths.csv", "file,size\nsrc/components/App.tsx,4213\nsrc/utils/date.ts,1120\ndocs/guides/intro.md,880\n"),
        ("timesheet.csv", "date,hours,notes\n2024-06-10,7.5,Sprint planning; code review\n2024-06-11,8,\"Deploy v2.14 & hotfix\"\n"),
    ]
    for i, (fn, data) in enumerate(csvs):
        if i % 2 == 0:
            C.multipart("benign", "allow", "POST", "/api/v1/imports", [("type", "spreadsheet"), ("file", data, fn, "text/csv")])
        else:
            C.text("benign", "allow", "POST", "/api/v1/imports/raw?filename=" + fn, data, ctype="text/csv; charset=utf-8")
    C.json("benign", "allow", "PUT", "/v4/spreadsheets/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/values/Sheet1!A1:D3?valueInputOption=USER_ENTERED",
           {"range": "Sheet1!A1:D3", "majorDimension": "ROWS", "values": [["Item", "Cost", "Qty", "Total"], ["Paper", "4.99", "10", "=B2*C2"], ["Ink", "19.90", "2", "=B3*C3"]]})


def emails(C):
    inbound = [
        ("Re: Invoice INV-2024-0042", "Hi Ana,\n\nThanks — payment is scheduled for Friday.\n\nBest,\nSeán\n\n> On Tue, 11 Jun 2024 at 08:14, Ana Núñez <ana@example.es> wrote:\n> Please find attached the invoice for June.\n"),
        ("Question about my order #A-99812", "Hello,\nI ordered a size 10½ but received a 10. Can I exchange it? My address is 12 O'Connell St, Apt #4.\nThanks, Mary-Kate\n"),
        ("Out of office", "I'm out of the office until 17/06 with limited access to email. For urgent matters contact ops@example.com.\n"),
        ("Your build failed", "Build #88123 for acme/storefront failed on step `npm test`.\nView logs: https://ci.acme.dev/builds/88123?tab=logs\n"),
        ("Meeting notes", "Notes:\n- Q3 targets: revenue > $1.2M\n- Hiring: 3 < 5 open roles filled\n- Next: 2024-06-18 @ 10:30 CET\n"),
    ]
    for i, (subj, text) in enumerate(inbound):
        if i % 2 == 0:
            C.multipart("benign", "allow", "POST", "/inbound/parse", [("from", "Seán Ó Briain <sean@example.ie>"), ("to", "support@acme.dev"), ("subject", subj), ("text", text),
                                                                      ("html", "<div dir=\"ltr\">" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>") + "</div>"), ("envelope", jdump({"to": ["support@acme.dev"], "from": "sean@example.ie"}))])
        else:
            C.form("benign", "allow", "POST", "/webhooks/mailgun", [("recipient", "support@acme.dev"), ("sender", "mk@example.ie"), ("subject", subj), ("body-plain", text), ("stripped-text", text.split("\n>")[0]), ("timestamp", "1718093643"), ("token", "5f4dcc3b5aa765d61d8327deb8"), ("signature", "a3f1c2e4b5d6")])
    C.json("benign", "allow", "POST", "/v3/mail/send", {"personalizations": [{"to": [{"email": "liam@example.ie", "name": "Liam O'Brien"}], "dynamic_template_data": {"first_name": "Liam", "order_id": "A-99812"}}], "from": {"email": "orders@acme.dev", "name": "Acme Orders"}, "subject": "Your order is on its way 🚚",
                                                           "content": [{"type": "text/plain", "value": "Hi Liam, your order A-99812 has shipped. Track it: https://track.example.com/?id=1Z999AA10123456784"}, {"type": "text/html", "value": "<p>Hi Liam,</p><p>Your order <b>A-99812</b> has shipped. <a href=\"https://track.example.com/?id=1Z999AA10123456784\">Track it</a>.</p>"}]})
    C.text("benign", "allow", "POST", "/api/v1/messages/raw",
           "From: Ana Núñez <ana@example.es>\r\nTo: billing@acme.dev\r\nSubject: =?UTF-8?B?RmFjdHVyYSBqdW5pbw==?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHola, adjunto la factura de junio. Saludos.\r\n", ctype="message/rfc822")
    C.json("benign", "allow", "POST", "/api/v1/email/templates", {"name": "password-reset", "subject": "Reset your password", "html": "<p>Hi {{name}},</p><p>Click <a href=\"{{reset_url}}\">here</a> to reset your password. The link expires in 30&nbsp;minutes.</p><p>If you didn't request this, ignore this email.</p>"})


def misc(C):
    # names with apostrophes, measures, math
    people = [("Liam", "O'Brien"), ("Marco", "D'Angelo"), ("Zoë", "D'Amico"), ("Seán", "Ó Briain"), ("Jean-Luc", "Lefèvre"), ("Shaquille", "O'Neal"), ("Miles", "O'Toole"), ("N'Golo", "Kanté")]
    for i, (f, l) in enumerate(people):
        if i % 2 == 0:
            C.json("benign", "allow", "POST", "/api/v1/customers", {"first_name": f, "last_name": l, "email": "%s.%s@example.com" % (f.lower()[:3], l.lower().replace("'", "").replace(" ", "")[:5]), "phone": "+1 (555) 010-%04d" % (1000 + i)})
        else:
            C.form("benign", "allow", "POST", "/signup", [("first_name", f), ("last_name", l), ("company", l + " & Partners"), ("password", "c0rrect-h0rse-%d" % i), ("terms", "on")])
    C.json("benign", "allow", "POST", "/api/v1/profile/measurements", {"height": "5' 10\"", "inseam": "32\"", "shoe": "10½ US", "notes": "Prefer a relaxed fit; 3 < 4 in sleeve length is fine."})
    C.json("benign", "allow", "POST", "/api/v1/homework/check", {"question": "Is 3 < 4 and 7 > 5? Prove that if a < b and b < c then a < c.", "answer": "Yes: 3 < 4 and 7 > 5. By transitivity a < c."})
    C.json("benign", "allow", "POST", "/api/v1/calc", {"expression": "(2 + 3) * 4 / 5 - 1", "precision": 4})
    C.get("benign", "allow", "/api/v1/convert", [("from", "5'10\""), ("to", "cm")])
    # file paths in normal use
    C.json("benign", "allow", "POST", "/api/v1/code-search/open", {"repo": "acme/web", "path": "src/components/App.tsx", "line": 42})
    C.get("benign", "allow", "/api/v1/repos/acme/web/contents", [("path", "src/components/Header/Header.module.css"), ("ref", "main")])
    C.json("benign", "allow", "POST", "/api/v1/backups/restore", {"source": "s3://acme-backups/db/2024/06/11/shop.dump", "target": "/var/lib/postgresql/restore/shop.dump", "verify": True})
    C.json("benign", "allow", "POST", "/api/v1/sync/files", {"files": [{"path": "Documents/Taxes/2023/return.pdf", "size": 482113}, {"path": "Photos/2024-06 Rome/IMG_0042.HEIC", "size": 2811200}, {"path": "C:\\Users\\Public\\Documents\\report.docx", "size": 73421}]})
    C.add("benign", "allow", "GET", "/api/v1/repos/acme/web/raw/main/docs/guides/getting-started.md", {"Accept": "text/markdown"}, "", "path")
    C.add("benign", "allow", "GET", "/api/v1/buckets/assets/objects/img%2Fproducts%2Fts-01%2Ffront.webp", {"Accept": "image/webp"}, "", "path")
    # URLs with query strings, base64, JWTs
    C.json("benign", "allow", "POST", "/api/v1/links", {"url": "https://www.example.com/search?q=red+dress&size=M&utm_source=newsletter&utm_campaign=summer%2024#results", "title": "Red dresses"})
    C.json("benign", "allow", "POST", "/api/v1/webhooks", {"url": "https://hooks.example.com/services/T000/B000/XXXX?token=abc&env=prod", "events": ["order.created", "order.refunded"]})
    C.add("benign", "allow", "GET", "/oauth/callback?code=4%2F0AY0e-g7Xq&state=eyJyZXR1cm5fdG8iOiIvZGFzaGJvYXJkIn0&scope=openid%20email%20profile", {"Accept": "text/html", "Referer": "https://accounts.example.com/o/oauth2/auth?client_id=123.apps&redirect_uri=https%3A%2F%2Fapp.example.com%2Foauth%2Fcallback"}, "", "query")
    jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjIwMjQtMDYifQ.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6Ikxpw6FtIE8nQnJpZW4iLCJpYXQiOjE3MTgwOTM2NDMsInNjb3BlIjoib3JkZXJzOnJlYWQifQ.TCYt5XsITJX1CxPCT8yAV-TVkIEq_PbChOMqsLfRoPsnsgw5WEuts01mq-pQy7UJiN5mgRxD-WUcX16dUEMGlv50aqzpqh4Qktb3rk-BuQy72IFLOqV0G_zS245-kronKb78cPN25DGlcTwLtjPAYuNzVBAh4vGHSrQyHUdBBPM"
    C.add("benign", "allow", "GET", "/api/v1/orders?status=open", {"Accept": "application/json", "Authorization": "Bearer " + jwt}, "", "header")
    C.json("benign", "allow", "POST", "/api/v1/auth/token/introspect", {"token": jwt, "token_type_hint": "access_token"})
    C.json("benign", "allow", "POST", "/api/v1/attachments", {"filename": "receipt.png", "content_type": "image/png", "data": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="})
    C.json("benign", "allow", "PUT", "/api/v1/secrets/ci-deploy-key", {"value_b64": base64.b64encode(b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ==\n-----END OPENSSH PRIVATE KEY-----\n").decode(), "visibility": "private"})
    C.add("benign", "allow", "GET", "/dashboard", {"Accept": "text/html", "Cookie": "_ga=GA1.2.1234567890.1718093643; _gid=GA1.2.987654321.1718093643; session=eyJ1aWQiOjQyLCJyb2xlIjoidXNlciJ9.ZmnQ3w.Ab3kR2; consent={\"ads\":false,\"analytics\":true}", "User-Agent": ua(0)}, "", "cookie")
    C.add("benign", "allow", "GET", "/api/v1/me", {"Accept": "application/json", "Cookie": "locale=fr-CA; tz=America%2FToronto; cart=%5B%7B%22sku%22%3A%22TS-01%22%2C%22qty%22%3A2%7D%5D"}, "", "cookie")
    # HTML-escaped text
    C.json("benign", "allow", "POST", "/api/v1/translations/import", {"key": "editor.help", "en": "Use &lt;b&gt; for bold and &lt;i&gt; for italics. Script tags are removed.", "de": "Verwenden Sie &lt;b&gt; für Fettdruck."})
    C.json("benign", "allow", "POST", "/api/v1/feedback", {"rating": 4, "comment": "Love the app!! The &quot;dark mode&quot; toggle is hidden though &amp; hard to find &#128578;"})
    # i18n
    i18n = {"zh-CN": "您的订单已发货，预计3-5个工作日送达。", "ja": "ご注文ありがとうございます！", "ko": "주문이 완료되었습니다.", "ar": "تم شحن طلبك", "he": "ההזמנה שלך נשלחה",
            "ru": "Ваш заказ отправлен", "el": "Η παραγγελία σας στάλθηκε", "hi": "आपका ऑर्डर भेज दिया गया है", "th": "คำสั่งซื้อของคุณถูกจัดส่งแล้ว", "tr": "Siparişiniz kargoya verildi", "pl": "Twoje zamówienie zostało wysłane", "vi": "Đơn hàng của bạn đã được gửi"}
    C.json("benign", "allow", "PUT", "/api/v1/i18n/bundles/order-shipped", {"messages": i18n, "fallback": "en"})
    for i, (lang, msg) in enumerate(list(i18n.items())[:6]):
        C.get("benign", "allow", "/api/v1/i18n/lookup", [("lang", lang), ("text", msg)])
    # JSON Schema / OpenAPI / JSON Patch with $-prefixed keys that are not Mongo operators
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://acme.dev/schemas/order.json", "title": "Order", "type": "object",
              "properties": {"id": {"type": "string", "pattern": "^ORD-[0-9]{4}-[0-9]+$"}, "customer": {"$ref": "#/$defs/customer"}, "total": {"type": "number", "minimum": 0}},
              "required": ["id", "total"], "$defs": {"customer": {"type": "object", "properties": {"name": {"type": "string"}, "email": {"type": "string", "format": "email"}}}}}
    C.json("benign", "allow", "PUT", "/api/v1/schemas/order", schema)
    C.json("benign", "allow", "POST", "/api/v1/schemas/validate", {"schema": {"$ref": "https://acme.dev/schemas/order.json"}, "instance": {"id": "ORD-2024-118843", "total": 49.99}})
    oas = {"openapi": "3.1.0", "info": {"title": "Orders API", "version": "2.14.0"}, "paths": {"/orders/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}}}}}},
           "components": {"schemas": {"Order": {"type": "object", "properties": {"id": {"type": "string"}, "status": {"type": "string", "enum": ["open", "paid", "archived"]}}}}}}
    C.json("benign", "allow", "PUT", "/api/v1/apis/orders/definition", oas)
    C.add("benign", "allow", "PATCH", "/api/v1/users/42", {"Content-Type": "application/json-patch+json"}, jdump([{"op": "replace", "path": "/profile/display_name", "value": "Liam O'Brien"}, {"op": "remove", "path": "/profile/legacy_id"}, {"op": "add", "path": "/tags/-", "value": "vip"}]), "body")
    C.add("benign", "allow", "PATCH", "/api/v1/settings", {"Content-Type": "application/merge-patch+json"}, jdump({"notifications": {"email": False, "push": True}, "theme": "dark"}), "body")
    C.json("benign", "allow", "POST", "/api/v1/vega/charts", {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "data": {"url": "data/orders.csv"}, "mark": "bar", "encoding": {"x": {"field": "month", "type": "ordinal"}, "y": {"aggregate": "sum", "field": "total", "type": "quantitative"}}})
    # GraphQL
    gql = [
        ("query Product($handle: String!) { product(handle: $handle) { id title priceRange { minVariantPrice { amount currencyCode } } } }", {"handle": "summer-t-shirt"}),
        ("query Repo($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { issues(first: 20, states: OPEN, labels: [\"bug\"]) { nodes { number title } } } }", {"owner": "acme", "name": "api"}),
        ("mutation AddToCart($cartId: ID!, $lines: [CartLineInput!]!) { cartLinesAdd(cartId: $cartId, lines: $lines) { cart { id totalQuantity } userErrors { field message } } }", {"cartId": "gid://shopify/Cart/c1", "lines": [{"merchandiseId": "gid://shopify/ProductVariant/1", "quantity": 2}]}),
        ("query { viewer { login repositories(first: 5, orderBy: {field: UPDATED_AT, direction: DESC}) { nodes { name } } } }", {}),
        ("subscription OnMessage($room: ID!) { messageAdded(roomId: $room) { id text author { name } } }", {"room": "general"}),
    ]
    for qtxt, v in gql:
        C.json("benign", "allow", "POST", "/graphql", {"query": qtxt, "variables": v, "operationName": None})
    C.get("benign", "allow", "/graphql", [("query", "{ shop { name primaryDomain { url } } }")])
    # Kubernetes API objects (real container commands)
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "prod", "labels": {"app": "web"}},
           "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
               "initContainers": [{"name": "wait-db", "image": "busybox:1.36", "command": ["sh", "-c", "until nc -z db 5432; do echo waiting for db; sleep 2; done"]}],
               "containers": [{"name": "web", "image": "registry.acme.dev/web:2.14.0", "ports": [{"containerPort": 8080}], "env": [{"name": "NODE_ENV", "value": "production"}],
                               "readinessProbe": {"httpGet": {"path": "/healthz", "port": 8080}}}]}}}}
    C.json("benign", "allow", "POST", "/apis/apps/v1/namespaces/prod/deployments", dep)
    C.add("benign", "allow", "PATCH", "/apis/apps/v1/namespaces/prod/deployments/web", {"Content-Type": "application/strategic-merge-patch+json"}, jdump({"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": "2024-06-11T08:14:03Z"}}}}}), "body")
    C.get("benign", "allow", "/api/v1/namespaces/prod/pods", [("labelSelector", "app=web,tier!=canary"), ("fieldSelector", "status.phase=Running"), ("limit", "100")])
    C.json("benign", "allow", "POST", "/api/v1/namespaces/prod/configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "nginx-conf"}, "data": {"default.conf": "server {\n  listen 80;\n  location / {\n    root /usr/share/nginx/html;\n    try_files $uri $uri/ /index.html;\n  }\n}\n"}})
    # developer Q&A
    qa = [
        ("How do I escape a single quote in PostgreSQL?", "I need to insert the name O'Brien. I read that you double it ('O''Brien') but with psycopg2 should I just pass it as a parameter?"),
        ("Difference between `git reset --hard` and `git checkout .`?", "Both seem to discard my changes. Which one also resets the index? I'm on git 2.45."),
        ("Why does my bash loop skip the last line?", "`while read line; do echo \"$line\"; done < file.txt` skips the last line when the file has no trailing newline. How do I fix it?"),
        ("React: how to render HTML from the CMS safely?", "Our CMS returns `<p>` and `<a href>` markup. Is DOMPurify enough before `dangerouslySetInnerHTML`, or should we parse to components?"),
        ("Node path.join vs path.resolve", "`path.join('a', '../b')` gives `b` but `path.resolve` gives an absolute path. Which one should I use for user uploads under `./uploads`?"),
        ("MongoDB: query where field is not null", "In the shell `db.users.find({ email: { $ne: null } })` works; how do I express that in Mongoose with TypeScript types?"),
    ]
    for i, (t, b) in enumerate(qa):
        C.json("benign", "allow", "POST", "/api/v1/questions", {"title": t, "body": b, "tags": ["help"], "draft": i % 2 == 0})
    C.json("benign", "allow", "POST", "/api/v1/questions/7712/answers", {"body": "Use a parameterised query: `cur.execute(\"INSERT INTO people (name) VALUES (%s)\", (name,))` — psycopg2 handles the quote for you. Never format the string yourself."})
    # e-commerce / SaaS admin
    C.json("benign", "allow", "POST", "/api/v1/orders", {"customer_id": "cus_Q1w2e3", "items": [{"sku": "TS-01", "qty": 2, "options": {"size": "M", "color": "navy"}}, {"sku": "MG-03", "qty": 1}], "shipping": {"method": "express", "address": {"line1": "12 O'Connell St", "line2": "Apt #4", "city": "Dublin", "postal_code": "D01 F5P2", "country": "IE"}}, "gift_message": "Happy 30th! <3 — M & K"})
    C.json("benign", "allow", "PATCH", "/api/v1/products/TS-01", {"title": "Classic Tee — 100% cotton", "price": {"amount": "19.99", "currency": "USD"}, "compare_at": "24.99", "attributes": {"fit": "relaxed", "care": "Wash at 30°C; don't tumble dry"}})
    C.json("benign", "allow", "POST", "/api/v1/coupons", {"code": "SUMMER-24", "percent_off": 15, "conditions": {"min_subtotal": "50.00", "exclude_tags": ["sale", "gift-card"]}, "description": "15% off orders over $50 (excl. sale items)"})
    C.json("benign", "allow", "POST", "/api/v1/admin/users/invite", {"email": "n.kante@example.fr", "role": "billing_admin", "teams": ["finance", "ops"], "message": "Welcome aboard! Your first task: review the Q2 invoices."})
    C.json("benign", "allow", "PUT", "/api/v1/admin/sso/saml", {"entity_id": "https://sso.example.com/saml/metadata", "acs_url": "https://app.acme.dev/saml/acs?org=acme", "certificate": "MIIDdzCCAl+gAwIBAgIEbT0aqTANBgkqhkiG9w0BAQsFADBsMRAwDgYDVQQGEwdVbmtub3du", "attribute_mapping": {"email": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"}})
    C.json("benign", "allow", "POST", "/api/v1/admin/audit/export", {"from": "2024-06-01T00:00:00Z", "to": "2024-06-30T23:59:59Z", "actions": ["user.login", "role.change"], "format": "csv"})
    C.get("benign", "allow", "/api/v1/admin/users", [("filter[role]", "admin"), ("filter[last_login][gte]", "2024-05-01"), ("sort", "-last_login"), ("page[size]", "25")])
    C.get("benign", "allow", "/api/v1/products", [("fields[products]", "title,price"), ("include", "variants"), ("filter[tag]", "summer"), ("page[number]", "2")])
    C.json("benign", "allow", "POST", "/api/v1/automations", {"name": "Tag VIPs", "trigger": {"event": "order.paid"}, "conditions": [{"field": "order.total", "operator": "greater_than", "value": 500}, {"field": "customer.tags", "operator": "not_contains", "value": "vip"}], "actions": [{"type": "add_tag", "value": "vip"}]})
    C.json("benign", "allow", "POST", "/api/v1/rules", {"name": "Block test cards in prod", "expression": "payment.card.last4 == '4242' && env == 'prod'", "action": "review"})
    C.json("benign", "allow", "POST", "/api/v1/support/macros", {"title": "Shipping delay", "body": "Hi {{ticket.requester.first_name}},\n\nSorry for the delay! Your parcel is with the carrier; tracking: {{order.tracking_url}}.\n\n— The Acme team"})
    C.multipart("benign", "allow", "POST", "/api/v1/avatars", [("user_id", "42"), ("file", "RIFFWEBPDATA", "me & my dog.webp", "image/webp")])
    C.multipart("benign", "allow", "POST", "/api/v1/docs/upload", [("folder", "Contracts/2024"), ("description", "Signed MSA (v3) — O'Neill & Sons"), ("file", "%PDF-1.7 DATA", "MSA_v3_signed.pdf", "application/pdf")])
    C.text("benign", "allow", "POST", "/api/v1/notes", "Shopping list:\n- 2 ½ cups flour\n- butter (cold!)\n- apples x6\n\nCall D'Angelo re: Saturday @ 5pm", ctype="text/plain; charset=utf-8")
    C.text("benign", "allow", "POST", "/api/v1/notes", "# Sprint 24 retro\n\n**Went well:** deploys < 10 min\n**To improve:** flaky `cart.test.ts`\n\n| Action | Owner |\n|---|---|\n| Fix flake | @dangelo |\n| Add index | @siobhan |\n", ctype="text/markdown; charset=utf-8")
    C.add("benign", "allow", "GET", "/api/v1/products/ts-01/reviews?rating%5Bgte%5D=4&sort=helpful&lang=en", {"Accept": "application/json", "Accept-Language": "en-GB,en;q=0.9,fr;q=0.8", "Referer": "https://shop.example.com/products/ts-01?variant=42&ref=search", "User-Agent": ua(3)}, "", "query")
    C.add("benign", "allow", "GET", "/api/v1/stores/nearby?lat=51.5072&lng=-0.1276", {"Accept": "application/json", "X-Forwarded-For": "203.0.113.195, 70.41.3.18, 150.172.238.178", "X-Request-ID": "c9a1f2e4-5b6d-4e7f-8a9b-0c1d2e3f4a5b"}, "", "header")


def build(C):
    fintech(C)
    fhir(C)
    maps(C)
    gaming(C)
    cms(C)
    search(C)
    csv_uploads(C)
    emails(C)
    misc(C)
