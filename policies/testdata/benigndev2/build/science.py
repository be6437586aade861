"""Geo and science: WKT, GeoJSON, units and formulas, chemical (IUPAC) names, gene names."""
from common import *

WKT = [
 "POINT (30 10)",
 "LINESTRING (30 10, 10 30, 40 40)",
 "POLYGON ((30 10, 40 40, 20 40, 10 20, 30 10))",
 "POLYGON ((35 10, 45 45, 15 40, 10 20, 35 10), (20 30, 35 35, 30 20, 20 30))",
 "MULTIPOINT ((10 40), (40 30), (20 20), (30 10))",
 "MULTIPOLYGON (((40 40, 20 45, 45 30, 40 40)), ((20 35, 10 30, 10 10, 30 5, 45 20, 20 35), (30 20, 20 15, 20 25, 30 20)))",
 "GEOMETRYCOLLECTION (POINT (40 10), LINESTRING (10 10, 20 20, 10 40))",
 "SRID=4326;POINT(-122.4194 37.7749)",
]

GEOJSON = [
 {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.3522, 48.8566]}, "properties": {"name": "Café de l'Époque", "amenity": "cafe", "opening_hours": "Mo-Fr 07:00-19:00; Sa 08:00-14:00"}},
 {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[-73.99, 40.75], [-73.98, 40.75], [-73.98, 40.76], [-73.99, 40.76], [-73.99, 40.75]]]}, "properties": {"zone": "delivery-A", "min_order": "$15.00"}}]},
 {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[13.4050, 52.5200], [13.3777, 52.5163], [13.3501, 52.5145]]}, "properties": {"route": "U55 <-> Hbf", "length_m": 4120}},
 {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [[[[102.0, 2.0], [103.0, 2.0], [103.0, 3.0], [102.0, 3.0], [102.0, 2.0]]]]}, "properties": {"parcel": "LOT 12 & 13", "owner": "N/A"}},
]

UNITS = [
 ("Wind load: q = 0.613 * V^2 = 0.613 * (40 m/s)^2 ≈ 981 N/m²; design value 1.5 kPa for exposure category C.", "engineering"),
 ("Dosage: 5 mg/kg every 8 h (max 400 mg/day); for a 23 kg child that's 115 mg -> 1.15 mL of the 100 mg/mL suspension.", "clinical"),
 ("Spin-coat at 3000 rpm for 30 s, bake at 95 °C for 60 s, expose 120 mJ/cm² at λ = 365 nm.", "lab"),
 ("E = mc^2, with m = 1 g gives E ≈ 9 × 10^13 J (about 21.5 kt TNT).", "physics"),
 ("Result: p < 0.001, r = -0.42 (95% CI -0.55 to -0.27), n = 312. Effect holds when age >= 65 is excluded.", "stats"),
 ("Buffer: 50 mM Tris-HCl pH 7.4, 150 mM NaCl, 1 mM EDTA, 0.1% (v/v) Triton X-100; store at 4 °C.", "lab"),
 ("Beam deflection δ = 5wL^4 / (384EI) where w = 2.5 kN/m, L = 6 m, E = 200 GPa, I = 8.5e-5 m^4 -> δ ≈ 2.5 mm < L/360.", "engineering"),
 ("Fuel: 6.2 L/100 km (38 mpg US), CO₂ 142 g/km; tyre pressure 2.4 bar / 35 psi.", "auto"),
 ("For x in [0, 1]: f(x) = x^2 - 3x + 2 >= 0 iff x <= 1 or x >= 2, so the integral ∫₀¹ f(x) dx = 5/6.", "math"),
 ("Sample ID S-0423: Pb 0.8 µg/L (< LOQ 1.0), As 3.2 µg/L, nitrate 18 mg/L NO3-N; chain of custody #2024/117.", "lab"),
]

CHEM = [
 "2,4-dinitrophenol", "1,3,5-trimethylbenzene", "N,N-dimethylformamide", "(2S,3R)-2-amino-3-hydroxybutanoic acid",
 "4-(2-aminoethyl)benzene-1,2-diol", "sodium 2-[(2,6-dichlorophenyl)amino]phenylacetate", "1,1'-biphenyl-4,4'-diol",
 "tert-butyl N-[(1S)-1-phenylethyl]carbamate", "bis(2-ethylhexyl) phthalate", "[Cu(NH3)4]SO4·H2O",
 "(E)-but-2-enedioic acid", "3-(4,5-dimethylthiazol-2-yl)-2,5-diphenyltetrazolium bromide",
]

GENES = [
 ("BRCA1", "c.68_69delAG (p.Glu23fs)"), ("TP53", "p.R175H"), ("EGFR", "exon 19 del; L858R"),
 ("CFTR", "F508del/F508del"), ("KRAS", "G12C"), ("HLA-DRB1*15:01", "risk allele"),
 ("MT-ND4", "m.11778G>A"), ("SMN1", "copy number 0; SMN2 = 3"),
]

SMILES = ["CC(=O)Oc1ccccc1C(=O)O", "C1=CC=C(C=C1)C(=O)O", "CN1C=NC2=C1C(=O)N(C(=O)N2C)C", "O=C(O)[C@@H](N)CS"]


def build(c):
    k = "science"
    for i, w in enumerate(WKT):
        if i % 2:
            c.add(k, "gis", "GET", url("/geoserver/wfs", [("service", "WFS"), ("request", "GetFeature"), ("typeNames", "city:parcels"), ("cql_filter", "INTERSECTS(geom, %s)" % w.split(";")[-1])], plus=False), "query", "", browser_headers(c))
        else:
            c.add(k, "gis", "POST", "/api/v1/zones", "body", jdump({"name": "zone-%d" % i, "wkt": w, "srid": 4326}), api_headers(c))
    for g in GEOJSON:
        c.add(k, "maps", "POST", "/datasets/v1/acme/ck%s/features" % hexid(c, 10), "body", jdump(g), api_headers(c, ctype="application/geo+json"))
    for t, field in UNITS:
        if field in ("lab", "clinical"):
            b = "----formdata-" + hexid(c, 20)
            c.add(k, "eln", "POST", "/api/entries/%d/notes" % c.rng.randint(100, 9999), "multipart",
                  multipart([("section", field), ("text", t), ("attachment", "sample,value,unit\nS-1,0.8,ug/L\n", "results.csv", "text/csv")], b),
                  browser_headers(c, ctype="multipart/form-data; boundary=" + b))
        else:
            c.add(k, "notebook", "PUT", "/api/notebooks/%s/cells/%d" % (hexid(c, 8), c.rng.randint(1, 40)), "body",
                  jdump({"cell_type": "markdown", "source": t, "metadata": {"tags": [field]}}), browser_headers(c, ctype="application/json"))
    for i, name in enumerate(CHEM):
        if i % 3 == 0:
            c.add(k, "chem-catalog", "GET", url("/rest/pug/compound/name/%s/property/MolecularFormula,MolecularWeight/JSON" % urllib.parse.quote(name, safe=""), []), "path", "", browser_headers(c))
        elif i % 3 == 1:
            c.add(k, "chem-catalog", "GET", url("/catalog/search", [("term", name), ("type", "product")]), "query", "", browser_headers(c))
        else:
            c.add(k, "lims", "POST", "/api/reagents", "body", jdump({"name": name, "cas": "%d-%02d-%d" % (c.rng.randint(50, 99999), c.rng.randint(10, 99), c.rng.randint(0, 9)), "hazard": ["H301", "H311"], "storage": "< 25 °C, dry"}), api_headers(c))
    for gene, var in GENES:
        c.add(k, "genomics", "GET", url("/api/variants", [("gene", gene), ("hgvs", var), ("assembly", "GRCh38")]), "query", "", api_headers(c, ctype=None))
    for s in SMILES:
        c.add(k, "chem-catalog", "POST", "/api/similarity", "body", qs([("smiles", s), ("threshold", "0.85")]), browser_headers(c, ctype="application/x-www-form-urlencoded"))

import urllib.parse  # noqa: E402
