"""Benign part 4: extra volume across the rarer application kinds."""
import json
from common import case, jbody, query, form, multipart, JSON_CT, FORM_CT, MP_CT

B = []


def add(name, method, path, headers=None, body="", where="body", src=""):
    B.append(case(f"h22-benign-{name}", "benign", "allow", method, path, headers, body, where, src))


# helpdesk satisfaction + status page
add("status-incident", "POST", "/api/v1/pages/acme/incidents", JSON_CT, jbody({"incident": {"name": "Elevated API error rates", "status": "investigating", "body": "We're seeing 5xx errors on /v2/orders for ~3% of requests. Next update in 30 min.", "component_ids": ["8kbf7d35c070"]}}))
add("csat", "POST", "/api/v2/satisfaction_ratings", JSON_CT, jbody({"score": "good", "comment": "Agent was great — fixed my \"can't log in\" issue in < 5 min!"}))
# IoT extras
add("iot-alarm", "POST", "/api/iot/alarms", JSON_CT, jbody({"device": "chiller-03", "code": "HP_CUTOUT", "message": "High pressure > 28 bar for 10 s; compressor stopped", "severity": 2}))
add("iot-ota", "POST", "/api/iot/ota/campaigns", JSON_CT, jbody({"firmware": "sensor-fw-3.1.0.bin", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "targets": "model=='TH-200' && fw<'3.1.0'", "window": "02:00-04:00 local"}))
add("iot-ttn-uplink", "POST", "/webhooks/ttn/uplink", JSON_CT, jbody({"end_device_ids": {"device_id": "eui-70b3d57ed0041a2f", "application_ids": {"application_id": "farm-sensors"}}, "received_at": "2026-12-07T21:04:11.552Z",
    "uplink_message": {"f_port": 2, "frm_payload": "AWcA5gJoUQ==", "decoded_payload": {"temperature_1": 23, "relative_humidity_2": 40.5}, "rx_metadata": [{"gateway_ids": {"gateway_id": "gw-01"}, "rssi": -97, "snr": 8.2}]}}))
# geo extras
add("geo-geocode", "GET", query("/api/v1/geocode", [("q", "1600 Amphitheatre Pkwy, Mountain View, CA"), ("limit", "1")]), where="query")
add("geo-route", "POST", "/api/v1/routes", JSON_CT, jbody({"coordinates": [[8.681495, 49.41461], [8.686507, 49.41943]], "profile": "cycling-regular", "units": "km", "options": {"avoid_features": ["ferries"]}}))
add("geo-dms", "POST", "/api/v1/waypoints", JSON_CT, jbody({"name": "Summit", "lat": "45°49'57.2\"N", "lon": "6°51'53.5\"E", "elev": "4,808 m"}))
# ERP extras
add("erp-sku-quotes", "GET", query("/api/v1/inventory", [("sku", "HX-1/4\"-20"), ("warehouse", "DUB-1")]), where="query")
add("erp-reconcile", "POST", "/api/v1/bank/reconcile", JSON_CT, jbody({"statement_line": "SEPA CT O'SHEA D. REF INV-2026-00418/PART", "amount": "250.00", "match": {"invoice": "INV-2026-00418", "partial": True}}))
add("erp-tax", "POST", "/api/v1/tax/calculate", JSON_CT, jbody({"lines": [{"amount": 100.0, "tax_code": "VAT-23"}, {"amount": 40.0, "tax_code": "VAT-13.5"}], "rule": "round half-up per line; total = Σ(line × (1 + rate))"}))
# HR extras
add("hr-onboard", "POST", "/api/v1/employees", JSON_CT, jbody({"name": "Róisín Ní Bhriain", "title": "SQL Developer (T-SQL / SSIS)", "manager": "Pádraig O'Sullivan", "start": "2027-01-06", "equipment": ["MacBook Pro 14\"", "27\" monitor"]}))
add("hr-skills-tags", "PUT", "/api/v1/candidates/c-991/skills", JSON_CT, jbody({"skills": ["C++17", "C#/.NET 8", "F#", "SQL", "NoSQL (MongoDB, Redis)", "Shell scripting", "HTML/CSS", "Node.js"]}))
# legal/medical extras
add("med-discharge", "POST", "/api/v1/encounters/E-331/discharge", JSON_CT, jbody({"instructions": "Take ibuprofen 400 mg every 6-8 h as needed (max 1,200 mg/day OTC). Return if temp > 38.5 °C or pain worsens.", "follow_up": "GP in 1-2 weeks"}))
add("legal-redline", "POST", "/api/v1/contracts/CT-8812/redlines", JSON_CT, jbody({"from": "Licensee's liability shall not exceed the fees paid", "to": "Licensee's aggregate liability shall not exceed 2× the fees paid in the prior twelve (12) months", "author": "counsel@omalley.example"}))
# travel extras
add("travel-loyalty", "PATCH", "/api/v1/members/FF-8812", JSON_CT, jbody({"name_on_card": "MR CONOR O'BRIEN", "seat_pref": "aisle", "meal": "VGML"}))
add("travel-cancel", "POST", "/api/v1/bookings/QX7T2M/cancel", FORM_CT, form([("reason", "Schedule change — flight EI 123 moved to 06:05"), ("refund_to", "original")]))
# education extras
add("edu-code-exercise", "POST", "/api/v1/exercises", JSON_CT, jbody({"title": "FizzBuzz", "description": "Print the numbers 1 to 100; for multiples of 3 print Fizz, of 5 print Buzz, of both print FizzBuzz. Use the modulo operator (%).", "language": "python", "starter_code": "for i in range(1, 101):\n    pass\n"}))
add("edu-quiz", "POST", "/api/v1/quizzes/q-22/answers", JSON_CT, jbody({"answers": {"1": "B", "2": "x < -2 or x > 2", "3": "O(n log n)", "4": "SELECT returns rows; UPDATE changes them"}}))
# localisation extras
add("i18n-rtl-mixed", "PUT", "/api/v1/projects/shop/locales/ar/messages/cart.items", JSON_CT, jbody({"value": "{count, plural, zero {لا عناصر} one {عنصر واحد} two {عنصران} few {# عناصر} many {# عنصرًا} other {# عنصر}}"}))
add("i18n-csv", "POST", "/api/v1/projects/web/import", {"Content-Type": "text/csv; charset=utf-8"}, "key,en,es\r\nbtn.save,Save,Guardar\r\nmsg.del,\"Delete \"\"{name}\"\"?\",\"¿Eliminar «{name}»?\"\r\n")
# analytics extras
add("dsl-saved-view", "POST", "/api/v1/views", JSON_CT, jbody({"name": "My open bugs", "query": "type:bug status:open assignee:me -label:wontfix sort:updated-desc"}))
add("dsl-sumo", "GET", query("/api/v1/search", [("q", "_sourceCategory=prod/web error | count by _sourceHost | sort by _count desc")]), where="query")
add("dsl-splunk-saved", "POST", "/servicesNS/admin/search/saved/searches", FORM_CT, form([("name", "5xx by host"), ("search", "index=web sourcetype=access_combined status>=500 | stats count by host"), ("cron_schedule", "*/10 * * * *")]))
# webhooks extras
add("slack-app-mention", "POST", "/webhooks/slack/events", JSON_CT, jbody({"type": "event_callback", "team_id": "T061EG9R6", "event": {"type": "app_mention", "user": "U061F7AUR", "text": "<@U0LAN0Z89> deploy web@2.3.1 to staging please", "ts": "1733600500.000300", "channel": "C0LAN2Q65"}}))
add("shopify-fulfill", "POST", "/webhooks/shopify/fulfillments/create", {**JSON_CT, "X-Shopify-Topic": "fulfillments/create"}, jbody({"id": 255858046, "order_id": 450789469, "status": "success", "tracking_company": "An Post", "tracking_number": "CE123456789IE", "tracking_urls": ["https://www.anpost.com/Post-Parcels/Track/History?item=CE123456789IE"]}))
add("twilio-whatsapp", "POST", "/webhooks/twilio/whatsapp", FORM_CT, form([("From", "whatsapp:+353861234567"), ("To", "whatsapp:+14155238886"), ("Body", "Can I change my delivery to Sat 9-12? Address: 3 St. Patrick's Tce"), ("ProfileName", "Aoife"), ("WaId", "353861234567"), ("NumMedia", "0")]))
add("sendgrid-unsub", "POST", "/webhooks/sendgrid/events", JSON_CT, jbody([{"email": "d'arcy@example.com", "timestamp": 1733600100, "event": "unsubscribe", "asm_group_id": 42, "sg_event_id": "rbtnWrG1DVDGGGFHFyun0A"}]))
add("pagerduty-resolved", "POST", "/webhooks/pagerduty", JSON_CT, jbody({"event": {"id": "01DEN2", "event_type": "incident.resolved", "resource_type": "incident", "occurred_at": "2026-12-07T21:40:00.000Z", "data": {"id": "PGR0VU2", "type": "incident", "title": "Disk usage > 90% on db-2 (/var/lib/postgresql)", "status": "resolved"}}}))
add("sentry-metric-alert", "POST", "/webhooks/sentry", {**JSON_CT, "Sentry-Hook-Resource": "metric_alert"}, jbody({"action": "critical", "data": {"metric_alert": {"alert_rule": {"name": "p95 > 2s on /checkout", "aggregate": "p95(transaction.duration)", "query": "transaction:/checkout", "threshold_type": 0}}, "description_title": "Critical: p95 > 2s on /checkout"}}))
