"""Benign traffic part 1: IoT, science/geo, ERP, HR, legal/medical, travel, education."""
import base64
from common import case, jbody, query, form, multipart, JSON_CT, FORM_CT, MP_CT

B = []


def add(name, method, path, headers=None, body="", where="body", src=""):
    B.append(case(f"h22-benign-{name}", "benign", "allow", method, path, headers, body, where, src))


# ---------------- IoT / telemetry ----------------
iot = [
    {"device_id": "thermo-7F:3A:22:01", "ts": 1733600000123, "metrics": {"temp_c": 21.4, "rh_pct": 48.2, "battery_mv": 2987}, "fw": "2.4.1-rc.3"},
    {"deviceId": "pump-station-04/valve-2", "readings": [{"t": "2026-12-07T21:00:00Z", "flow_l_min": 132.5, "pressure_bar": 3.2}, {"t": "2026-12-07T21:01:00Z", "flow_l_min": 131.9, "pressure_bar": 3.1}]},
    {"sensor": "AQ-Lab-3", "pm2_5": 12.1, "pm10": 19.7, "co2_ppm": 612, "status": "OK", "alerts": []},
    {"gateway": "gw-berlin-12", "lora": {"rssi": -112, "snr": -7.5, "sf": 12, "freq_mhz": 868.1}, "payload_b64": "AQIDBAUGBwg=", "dev_eui": "70B3D57ED0041A2F"},
    {"vin": "1HGCM82633A004352", "odometer_km": 128443.2, "fuel_pct": 37, "dtc": ["P0420", "P0171"], "gps": {"lat": 52.5163, "lon": 13.3777, "hdop": 0.9}},
    {"meter": "EM-00913", "kwh_import": 18233.41, "kwh_export": 4021.07, "phase": {"L1": {"v": 231.2, "a": 4.1}, "L2": {"v": 229.8, "a": 3.7}, "L3": {"v": 230.5, "a": 0.2}}},
    {"tag": "cold-chain/pallet#4471", "temp_c": -18.6, "door_open": False, "shock_g": 0.3, "note": "Threshold > -15 °C triggers alarm"},
    {"id": "wind-t09", "rotor_rpm": 14.2, "yaw_deg": 271.5, "power_kw": 1873, "pitch_deg": [2.1, 2.0, 2.2], "mode": "AUTO"},
    {"device": "beehive-scale-02", "weight_kg": 41.73, "hum": 0.61, "temp_in_c": 34.9, "temp_out_c": 8.1, "sound_db": 52},
    {"shadow": {"desired": {"led": "on", "interval_s": 30}, "reported": {"led": "off", "interval_s": 60}}, "version": 88},
    {"cmd": "set_config", "params": {"sample_rate_hz": 50, "upload_cron": "*/15 * * * *", "ota_channel": "stable"}, "target": "fleet:warehouse-a"},
    {"device": "wearable-2291", "hr_bpm": 72, "spo2": 0.97, "steps": 8431, "sleep": {"deep_min": 84, "rem_min": 102}},
    {"plc": "line3-S7-1500", "tags": {"DB10.DBX0.0": True, "DB10.DBW2": 1532, "MW100": 77}, "quality": "GOOD"},
    {"ship": "IMO 9321483", "ais": {"mmsi": 244670316, "sog_kn": 12.4, "cog_deg": 87.0, "nav_status": "under way using engine"}},
    {"device": "soil-probe-5", "moisture_vwc": [0.31, 0.29, 0.27], "depth_cm": [10, 30, 60], "ec_ds_m": 0.42},
]
for i, d in enumerate(iot, 1):
    add(f"iot-{i:02d}", "POST", ["/v1/telemetry", "/ingest/devices/batch", "/api/iot/events"][i % 3], JSON_CT, jbody(d))

influx = [
    "weather,location=us-midwest,station=KMSP temperature=82,humidity=71i 1465839830100400200",
    "cpu,host=server01,region=us-west usage_idle=92.5,usage_user=4.1 1733600000000000000\nmem,host=server01 used_percent=63.2 1733600000000000000",
    "h2o_level,location=coyote_creek water_level=8.120,level\\ description=\"between 6 and 9 feet\" 1566000000000000000",
    "disk,host=db-2,path=/var/lib/postgresql free=1.2e+11i,used_percent=41.7 1733600060000000000",
]
for i, line in enumerate(influx, 1):
    add(f"iot-influx-{i}", "POST", "/api/v2/write?org=acme&bucket=sensors&precision=ns", {"Content-Type": "text/plain; charset=utf-8"}, line)
add("iot-query-1", "GET", query("/api/v1/devices", [("filter", "fw<2.4.0 AND region=eu-central"), ("fields", "id,fw,last_seen")]), where="query")
add("iot-query-2", "GET", query("/api/v1/series", [("metric", "temp_c"), ("from", "now-24h"), ("agg", "avg(5m)")]), where="query")
add("iot-senml", "POST", "/lwm2m/rd/ep-9931", {"Content-Type": "application/senml+json"},
    jbody([{"bn": "urn:dev:ow:10e2073a01080063:", "bt": 1.320067464e+09, "n": "temperature", "u": "Cel", "v": 23.1}, {"n": "voltage", "u": "V", "v": 3.3}]))
add("iot-mqtt-bridge", "POST", "/api/mqtt/publish", JSON_CT, jbody({"topic": "plant/line-3/+/status", "qos": 1, "retain": False, "payload": "{\"state\":\"RUN\",\"oee\":0.87}"}))

# ---------------- Science / geospatial ----------------
wkts = [
    "POLYGON((30 10, 40 40, 20 40, 10 20, 30 10))",
    "MULTIPOLYGON(((40 40, 20 45, 45 30, 40 40)), ((20 35, 10 30, 10 10, 30 5, 45 20, 20 35), (30 20, 20 15, 20 25, 30 20)))",
    "LINESTRING(-122.4194 37.7749, -122.2711 37.8044)",
    "POINT ZM (1 2 3 4)",
    "GEOMETRYCOLLECTION(POINT(4 6), LINESTRING(4 6, 7 10))",
]
for i, w in enumerate(wkts, 1):
    add(f"geo-wkt-{i}", "GET", query("/api/v1/parcels/search", [("geometry", w), ("srid", "4326"), ("relation", "intersects")]), where="query")
add("geo-geojson-1", "POST", "/api/v1/features", {"Content-Type": "application/geo+json"}, jbody({
    "type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [102.0, 0.5]}, "properties": {"name": "Dinagat Islands", "elev_m": 12}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[102.0, 0.0], [103.0, 1.0], [104.0, 0.0]]}, "properties": {"prop0": "value0"}}]}))
add("geo-geojson-2", "PUT", "/api/v1/zones/delivery-zone-7", {"Content-Type": "application/geo+json"}, jbody({
    "type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[-73.99, 40.73], [-73.98, 40.75], [-73.96, 40.74], [-73.99, 40.73]]]},
    "properties": {"name": "Lower Manhattan – East", "max_eta_min": 35, "fee": {"amount": 499, "currency": "USD"}}}))
add("geo-cql", "GET", query("/geoserver/wfs", [("service", "WFS"), ("request", "GetFeature"), ("typeNames", "topp:states"),
                                                 ("CQL_FILTER", "PERSONS > 15000000 AND STATE_NAME LIKE 'New%'")]), where="query")
add("geo-cql-2", "GET", query("/geoserver/wms", [("LAYERS", "osm:roads"), ("CQL_FILTER", "DWITHIN(the_geom, POINT(-74.0 40.7), 500, meters)"), ("FORMAT", "image/png")]), where="query")
add("geo-bbox", "GET", "/api/v1/tiles?bbox=-180,-85.0511,180,85.0511&zoom=3&format=mvt", where="query")
sci = [
    {"experiment": "EXP-2291", "formula": "E = m·c²", "units": "J", "notes": "Assume c = 2.998e8 m/s; error < 0.1%"},
    {"compound": "aspirin", "smiles": "CC(=O)OC1=CC=CC=C1C(=O)O", "inchi": "InChI=1S/C9H8O4/c1-6(10)13-8-5-3-2-4-7(8)9(11)12/h2-5H,1H3,(H,11,12)", "mw": 180.158},
    {"sample": "S-0042", "assay": "ELISA", "result": "<LOD", "lod_ng_ml": 0.05, "flags": ["below detection limit"]},
    {"model": "linear", "equation": "y = 3.2x + 1.07", "r2": 0.982, "p_value": "p < 0.001", "n": 48},
    {"station": "Mauna Loa", "co2_ppm": 421.08, "method": "NDIR", "qc": "A", "range": "400 <= x <= 430"},
    {"seq_id": "NM_000546.6", "gene": "TP53", "fasta": ">NM_000546.6 Homo sapiens tumor protein p53\nCTCAAAAGTCTAGAGCCACCGTCCAGGGAGCAGGTAGCTGCTGGGCTCCGGGGACACTTTGCGTTCGGGCTGGGAGCGTG"},
    {"calc": "dose_rate", "expr": "D = (A * Γ) / r^2", "inputs": {"A_GBq": 3.7, "gamma": 0.0923, "r_m": 1.5}, "units": "µSv/h"},
    {"dataset": "ERA5", "variable": "2m_temperature", "area": [60, -10, 50, 2], "grid": "0.25/0.25", "time": "00:00/06:00/12:00/18:00"},
]
for i, d in enumerate(sci, 1):
    add(f"sci-{i:02d}", "POST", ["/api/v1/lims/results", "/api/v1/datasets/records", "/api/v1/calculations"][i % 3], JSON_CT, jbody(d))
add("sci-units-q", "GET", query("/api/v1/convert", [("from", "ft·lbf"), ("to", "N·m"), ("value", "12.5")]), where="query")
add("sci-latex", "POST", "/api/v1/papers/abs-2291/comments", JSON_CT, jbody({"body": "In eq. (3) the bound should be $\\|x\\|_2 \\le \\sqrt{n}\\,\\|x\\|_\\infty$, not $<$. Also $p < 0.05$ for n > 30."}))

# ---------------- ERP / accounting ----------------
lines = [
    {"sku": "PIPE-CU-1/2\"-10'", "desc": "Copper pipe 1/2\" x 10' Type L", "qty": 40, "unit": "EA", "price": "18.90"},
    {"sku": "BLT-M8x30-A2", "desc": "Hex bolt M8×30, stainless A2-70 (DIN 933)", "qty": 500, "unit": "PCS", "price": "0.11"},
    {"sku": "LBR-2x4-8FT", "desc": "Lumber 2\"x4\" 8 ft #2 SPF", "qty": 120, "unit": "EA", "price": "4.27"},
    {"sku": "SRV-CONS-HR", "desc": "Consulting – on-site (8 h @ 150/h)", "qty": 8, "unit": "H", "price": "150.00"},
    {"sku": "OIL-5W30-5L", "desc": "Motor oil 5W-30 5 L \"synthetic\"", "qty": 12, "unit": "EA", "price": "31.50"},
]
for i, l in enumerate(lines, 1):
    add(f"erp-line-{i}", "POST", "/api/v2/invoices/INV-2026-00418/lines", JSON_CT, jbody(l))
add("erp-invoice", "POST", "/api/v2/invoices", JSON_CT, jbody({
    "customer": {"name": "O'Reilly & Sons Hardware Ltd.", "vat": "GB123456789", "address": "12 St. Mary's Rd, Kilkenny R95 X2F3"},
    "terms": "Net 30; 2% 10 days", "currency": "EUR", "lines": lines[:3], "notes": "PO #A-77/2026 — deliver to dock \"B\" only"}))
add("erp-journal", "POST", "/api/v1/ledger/journal-entries", JSON_CT, jbody({
    "date": "2026-11-30", "memo": "Accrual: Q4 audit fees (Smith & Co.)",
    "lines": [{"account": "6100-200", "debit": "12500.00"}, {"account": "2100-000", "credit": "12500.00"}]}))
add("erp-gl-query", "GET", query("/api/v1/ledger/accounts", [("range", "4000-4999"), ("balance", ">0"), ("period", "2026-Q4")]), where="query")
add("erp-po-form", "POST", "/purchasing/po/submit", FORM_CT, form([("vendor", "D'Angelo Industrial Supply"), ("item", "Gasket 3/4\" NPT"), ("qty", "25"), ("note", "Rush – need by Fri")]))
add("erp-csv-import", "POST", "/api/v1/products/import", {"Content-Type": MP_CT}, multipart([("mode", "upsert"), ("file", "sku,name,price\r\nHW-001,\"Hinge, 3\"\" brass\",2.40\r\nHW-002,Drawer slide 18\",7.95\r\n", "products.csv", "text/csv")]))
add("erp-expense", "POST", "/api/v1/expenses", JSON_CT, jbody({"merchant": "Café de l'Époque", "amount": "47.80", "currency": "EUR", "category": "Meals & Entertainment", "attendees": ["Siobhán O'Neill", "Zoë Müller"]}))
add("erp-credit-note", "PATCH", "/api/v2/credit-notes/CN-0091", JSON_CT, jbody({"reason": "Returned goods: 3 × chair (damaged in transit)", "amount": "-389.97"}))
add("erp-search", "GET", query("/api/v2/invoices", [("q", "customer:\"O'Brien\" status:overdue"), ("sort", "-due_date"), ("limit", "50")]), where="query")
add("erp-bom", "POST", "/api/v1/mrp/boms", JSON_CT, jbody({"parent": "ASSY-DESK-1400", "components": [{"sku": "TOP-1400x700-OAK", "qty": 1}, {"sku": "LEG-710-STL", "qty": 4}, {"sku": "SCR-4x16", "qty": 16}], "yield_pct": 98.5}))
add("erp-payment-xml", "POST", "/api/v1/payments/sepa", {"Content-Type": "application/xml"},
    '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn><GrpHdr><MsgId>MSG-2026-1207-01</MsgId><NbOfTxs>1</NbOfTxs><CtrlSum>1250.00</CtrlSum></GrpHdr></CstmrCdtTrfInitn></Document>')

# ---------------- HR / recruiting ----------------
cvs = [
    "Senior backend engineer, 9 years. Skills: C++, C#, Go, SQL (PostgreSQL, T-SQL, PL/pgSQL), Bash, PowerShell, Kubernetes. Reduced p99 latency from 800 ms to 120 ms.",
    "Data analyst: SQL (window functions, CTEs), Python (pandas), Tableau. Wrote the monthly churn report joining billing and CRM tables.",
    "DevOps: maintained shell scripts and Ansible playbooks for 400+ hosts; migrated cron jobs to Kubernetes CronJobs; on-call for 3 yrs.",
    "Frontend developer — HTML5, CSS3, JavaScript/TypeScript, React, accessibility (WCAG 2.1 AA). Built a <Table/> component library.",
    "Embedded engineer: C/C++ on ARM Cortex-M, RTOS, UART/SPI/I²C, wrote bootloaders; familiar with JTAG and gdb.",
    "Security analyst: OWASP Top 10 training delivered to 200 developers; experience with SIEM rules and incident response.",
]
for i, t in enumerate(cvs, 1):
    add(f"hr-cv-{i}", "POST", "/api/v1/candidates", JSON_CT, jbody({"name": ["Aoife O'Connor", "Luca D'Angelo", "Priya Raman", "Jean-Luc Picard", "Mei Lin", "Kwame Mensah"][i - 1],
                                                                      "summary": t, "years": [9, 4, 7, 5, 11, 6][i - 1]}))
add("hr-job", "POST", "/api/v1/jobs", JSON_CT, jbody({"title": "Database Reliability Engineer", "description": "You'll tune queries (SELECTs with many JOINs), design indexes, and automate backups with shell scripts. Must have: SQL, Linux, one of Python/Go.", "salary": {"min": 95000, "max": 130000, "currency": "USD"}}))
add("hr-apply-mp", "POST", "/careers/apply", {"Content-Type": MP_CT}, multipart([("first_name", "Seán"), ("last_name", "Ó Briain"), ("email", "sean.obriain@example.ie"), ("cover_letter", "I've automated our release process (Bash + GitHub Actions) and cut deploy time by 70%."), ("resume", "%PDF-1.4 (binary omitted)", "Sean_OBriain_CV.pdf", "application/pdf")]))
add("hr-review", "PUT", "/api/v1/reviews/2026/emp-4471", JSON_CT, jbody({"rating": 4, "comments": "Strong on C# and SQL Server; should delegate more. Goals: lead the data-warehouse migration (ETL jobs → dbt)."}))
add("hr-search", "GET", query("/api/v1/candidates/search", [("skills", "C++ AND (SQL OR NoSQL)"), ("location", "Zürich"), ("exp", ">=5")]), where="query")
add("hr-timeoff", "POST", "/api/v1/time-off", FORM_CT, form([("type", "PTO"), ("from", "2026-12-22"), ("to", "2027-01-02"), ("note", "Family trip to Côte d'Ivoire")]))

# ---------------- legal / medical ----------------
legal = [
    "Section 4.2(a): The Licensee shall not sublicense the Software; provided, however, that Affiliates (as defined in § 1.3) may use it.",
    "Notwithstanding clause 12, either Party may terminate upon thirty (30) days' written notice if the other Party's breach remains uncured.",
    "The Tenant's deposit (USD 2,400) is refundable less deductions for damage > normal wear & tear.",
    "Exhibit B — Fee schedule: Tier 1 (< 10,000 units): $0.05/unit; Tier 2 (>= 10,000 units): $0.04/unit.",
]
for i, t in enumerate(legal, 1):
    add(f"legal-{i}", "POST", "/api/v1/contracts/CT-8812/clauses", JSON_CT, jbody({"number": f"{i}.0", "text": t, "redline": False}))
med = [
    {"patient": "Pt-00921", "rx": "Amoxicillin 500 mg PO q8h x 7 days", "allergies": ["penicillin?"], "note": "Pt's mother reports rash < 24 h after 1st dose"},
    {"vitals": {"bp": "120/80", "hr": 68, "temp_c": 36.8, "spo2": "98%"}, "assessment": "BMI 24.3; LDL < 100 mg/dL target met"},
    {"order": "CBC w/ diff; BMP; HbA1c", "priority": "routine", "dx": ["E11.9", "I10"], "comment": "Fasting ≥ 8 h"},
    {"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}]}, "valueQuantity": {"value": 72, "unit": "beats/minute"}},
    {"note": "Height 5' 10\" (178 cm), weight 165 lb. Dose: 0.5 mg/kg, max 40 mg/day. Titrate if eGFR > 60."},
]
for i, d in enumerate(med, 1):
    ct = {"Content-Type": "application/fhir+json"} if d.get("resourceType") else JSON_CT
    add(f"med-{i}", "POST", "/fhir/Observation" if d.get("resourceType") else "/api/v1/encounters/E-331/notes", ct, jbody(d))
add("med-search", "GET", query("/fhir/Patient", [("family", "O'Sullivan"), ("birthdate", "ge1970-01-01"), ("_count", "20")]), where="query")
add("legal-search", "GET", query("/api/v1/caselaw", [("q", "\"duty of care\" AND negligence NOT maritime"), ("court", "UKSC")]), where="query")

# ---------------- travel ----------------
add("travel-search", "GET", query("/api/v1/flights/search", [("from", "DUB"), ("to", "GRU"), ("depart", "2027-02-14"), ("pax", "2A1C"), ("cabin", "Y")]), where="query")
add("travel-pnr", "POST", "/api/v1/bookings", JSON_CT, jbody({"passengers": [{"first": "Niamh", "last": "O'Brien", "dob": "1988-03-02"}, {"first": "João", "last": "D'Ávila", "dob": "1990-11-19"}],
                                                            "segments": [{"flt": "EI 123", "dep": "DUB", "arr": "LIS"}, {"flt": "TP 87", "dep": "LIS", "arr": "GRU"}], "ssr": ["VGML", "WCHR"]}))
add("travel-hotel", "GET", query("/api/v1/hotels", [("city", "São Paulo"), ("checkin", "2027-02-15"), ("nights", "4"), ("amenities", "pool,wifi"), ("price", "100..250")]), where="query")
add("travel-special", "PATCH", "/api/v1/bookings/QX7T2M/requests", JSON_CT, jbody({"text": "We arrive late (~23:30). Could you leave the key at reception? Also 2 × extra pillows, please."}))
add("travel-review", "POST", "/api/v1/hotels/8812/reviews", JSON_CT, jbody({"rating": 5, "title": "Très bien!", "body": "Staff were lovely; the 'quiet room' really was quiet. 10/10 would stay again <3"}))
add("travel-rail", "GET", query("/api/v1/rail/journeys", [("origin", "Zürich HB"), ("destination", "Milano Centrale"), ("date", "2027-03-01"), ("time", "08:00")]), where="query")
add("travel-car", "POST", "/api/v1/car-rentals/quote", FORM_CT, form([("pickup", "LAX T4"), ("dropoff", "SFO"), ("driver_age", "25+"), ("promo", "WINTER-25%")]))
add("travel-visa", "POST", "/api/v1/visa/applications", JSON_CT, jbody({"surname": "N'Diaye", "given": "Aïssatou", "passport": "A1234567", "purpose": "Conference (PyCon) – 5 days"}))

# ---------------- education ----------------
edu = [
    "Solve for x: 3 < 2x + 1 <= 11, then graph the solution on a number line.",
    "Explain why a > b and b > c implies a > c. Give a counter-example when > is replaced by ≠.",
    "Write a function that returns the largest element of a list; what happens if the list is empty?",
    "In the exercise, the student should use a for-loop from i = 0 while i < n, incrementing i by 1.",
    "Quadratic formula: x = (-b ± √(b² − 4ac)) / 2a. When is b² − 4ac < 0?",
    "Compare 3/4 and 0.7: which is greater? Use <, > or = in your answer.",
    "Lab 5: write a shell one-liner that counts lines in every .txt file of a folder (hint: look up wc and a for-loop). Submit the command and its output.",
    "Unit 7 (Databases): describe in your own words what a JOIN does and when you would use GROUP BY instead of a subquery.",
]
for i, t in enumerate(edu, 1):
    add(f"edu-{i}", "POST", ["/api/v1/courses/alg-101/questions", "/api/v1/assignments/cs50/prompts"][i % 2], JSON_CT, jbody({"prompt": t, "points": 5 + i}))
add("edu-answer-1", "POST", "/api/v1/submissions", JSON_CT, jbody({"question": "q-17", "answer": "x >= 1 and x <= 5, i.e. 1 <= x <= 5"}))
add("edu-answer-2", "POST", "/api/v1/submissions", JSON_CT, jbody({"question": "q-18", "answer": "\\frac{d}{dx}\\left(x^2\\right) = 2x"}))
add("edu-answer-3", "POST", "/api/v1/submissions", FORM_CT, form([("q", "q-19"), ("answer", "if (score >= 90) grade = 'A'; else if (score >= 80) grade = 'B';")]))
add("edu-grade", "PUT", "/api/v1/gradebook/stu-2291/alg-101", JSON_CT, jbody({"score": 87.5, "letter": "B+", "comment": "Good work; watch the sign when dividing by a negative (flip < to >)."}))
add("edu-search", "GET", query("/api/v1/courses", [("q", "C++ for beginners"), ("level", "intro"), ("lang", "en")]), where="query")
add("edu-forum", "POST", "/api/v1/forums/cs101/threads", JSON_CT, jbody({"title": "Why does my loop never end?", "body": "My while loop checks `i <= 10` but I never increment i. I think that's the bug? Thanks in advance!"}))
