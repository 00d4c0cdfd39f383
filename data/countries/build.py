"""Builds countries.tsv (name, ISO 3166 alpha-2, capital) from GeoNames' countryInfo.

Run from the repository root: python3 data/countries/build.py ../shared/data/geo/countries.json
"""
import json
import sys

rows = json.load(open(sys.argv[1], encoding="utf-8"))
with open("data/countries/countries.tsv", "w", encoding="utf-8") as out:
    for iso, row in sorted(rows.items()):
        out.write(f"{row['name']}\t{iso}\t{row.get('capital') or ''}\n")
