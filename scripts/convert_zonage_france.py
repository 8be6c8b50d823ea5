#!/usr/bin/env python3
"""Builds the zonage files shipped in reference/zonage/ from the team's reference data.

Inputs (read only):
  SHARED/france/autres-professions/2025-09/*.csv     CartoSanté exports (UTF-8 BOM, ';', 2 title lines)
  SHARED/france/autres-professions/2026-03-infirmiers/infirmiers.csv
  SHARED/france/medecins/zonage-medecins-2025-05-insee.csv
  SHARED/paca/zonage-medecins-paca.csv              PACA médecins, very probably the 2026 zonage
  ASSETS/@etalab/decoupage-administratif/data/communes.json   (municipal arrondissements)

Outputs (reference/zonage/):
  france/<profession>-<yyyy-mm>.csv   "insee,zone": zone = the slug of the profession's scale
                                      (ZIP, tres-sous-dotee, non-prioritaire…); empty = unknown
                                      (CartoSanté's "N/A - résultat non disponible", or a
                                      commune the source does not zone). Sorted by INSEE code.
  france/medecins-paca-2026-01.csv    ZIP, or "ZAC|ZV|ZAR|HZ" ("not ZIP"); Marseille (13055) left
                                      out: the source joined its arrondissements on the commune code.
  arrondissements-municipaux.csv      insee,commune,nom,codes_postaux,population (Paris, Lyon, Marseille)

Usage: python3 scripts/convert_zonage_france.py [SHARED] [ASSETS_NODE_MODULES]
Defaults: ../shared/data/zonage and assets/node_modules (from the repository root).
The output is deterministic: running it twice gives the same bytes (see PROVENANCE.md for hashes).
"""
import csv
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "zonage")
ASSETS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "assets", "node_modules")
OUT = os.path.join(ROOT, "reference", "zonage")

# CartoSanté's codes -> the guichet's slugs (src/domain/zone/mod.rs).
CARTOSANTE = {
    "1_Tres_sous_dotee": "tres-sous-dotee",
    "1b_Sous_dense": "sous-dense",
    "2_Sous_dotee": "sous-dotee",
    "3_intermediaire": "intermediaire",
    "4_Tres_dotee": "tres-dotee",
    "5_Sur_dotee": "sur-dotee",
    "5b_Non_prioritaire": "non-prioritaire",
}
UNKNOWN = "N/A - résultat non disponible"
MEDECINS = {"ZIP": "ZIP", "ZAC": "ZAC", "ZAR": "ZAR", "HZ": "HZ", "": ""}

OTHERS = [
    ("autres-professions/2025-09/infirmier.csv", "infirmiers-2025-09.csv"),
    ("autres-professions/2026-03-infirmiers/infirmiers.csv", "infirmiers-2026-03.csv"),
    ("autres-professions/2025-09/masseurs-kinesitherapeutes.csv", "masseurs-kinesitherapeutes-2025-09.csv"),
    ("autres-professions/2025-09/sages-femmes.csv", "sages-femmes-2025-09.csv"),
    ("autres-professions/2025-09/chirurgiens-dentistes.csv", "chirurgiens-dentistes-2025-09.csv"),
    ("autres-professions/2025-09/orthophonistes.csv", "orthophonistes-2025-09.csv"),
]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write(name, header, rows):
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(sorted(rows))
    print(f"{name}: {len(rows)} lignes, sha256 {sha256(path)}")


def cartosante(source):
    text = open(source, encoding="utf-8-sig").read().replace("\r", "")
    lines = text.split("\n")
    assert lines[2].startswith("Code;Libellé;Zonage"), lines[2]
    rows = []
    for number, line in enumerate(lines[3:], start=4):
        if not line:
            continue
        code, _name, zone = line.split(";")
        if zone == UNKNOWN:
            rows.append((code, ""))
        elif zone in CARTOSANTE:
            rows.append((code, CARTOSANTE[zone]))
        else:
            sys.exit(f"{source}:{number}: zone inconnue {zone!r}")
    return rows


def main():
    for source, target in OTHERS:
        src = os.path.join(SHARED, "france", source)
        print(f"{source}: sha256 {sha256(src)}")
        write(os.path.join("france", target), ["insee", "zone"], cartosante(src))

    src = os.path.join(SHARED, "france", "medecins", "zonage-medecins-2025-05-insee.csv")
    print(f"medecins/zonage-medecins-2025-05-insee.csv: sha256 {sha256(src)}")
    rows = [(r["code_insee"], MEDECINS[r["zonage"]]) for r in csv.DictReader(open(src, encoding="utf-8"))]
    write(os.path.join("france", "medecins-2025-05.csv"), ["insee", "zone"], rows)

    src = os.path.join(SHARED, "paca", "zonage-medecins-paca.csv")
    print(f"paca/zonage-medecins-paca.csv: sha256 {sha256(src)}")
    rows = [
        (r["insee"], "ZIP" if r["zone"] == "ZIP" else "ZAC|ZV|ZAR|HZ")
        for r in csv.DictReader(open(src, encoding="utf-8"))
        if r["insee"] != "13055"
    ]
    write(os.path.join("france", "medecins-paca-2026-01.csv"), ["insee", "zone"], rows)

    src = os.path.join(ASSETS, "@etalab", "decoupage-administratif", "data", "communes.json")
    version = json.load(open(os.path.join(os.path.dirname(os.path.dirname(src)), "package.json")))["version"]
    print(f"@etalab/decoupage-administratif {version} communes.json: sha256 {sha256(src)}")
    rows = [
        (c["code"], c["commune"], c["nom"], " ".join(c.get("codesPostaux", [])), str(c.get("population", 0)))
        for c in json.load(open(src, encoding="utf-8"))
        if c["type"] == "arrondissement-municipal"
    ]
    write("arrondissements-municipaux.csv", ["insee", "commune", "nom", "codes_postaux", "population"], rows)


if __name__ == "__main__":
    main()
