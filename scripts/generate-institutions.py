#!/usr/bin/env python3
"""Builds reference/institutions/institutions.csv, the national directory of partner institutions.

Reads the régions, départements, arrondissements and communes of the INSEE Code officiel
géographique as shipped by the npm package @etalab/decoupage-administratif (assets/node_modules),
applies the naming rules of each kind of institution, and the exceptions written below with
their source. The output is committed: `guichet import institutions` loads it.

    python3 scripts/generate-institutions.py [--data DIR] [--out FILE]

Every row has a stable `key`: re-running the import updates the row with that key. The `note`
column says what could not be verified. Contact mailboxes are never in the directory.
"""
import argparse
import csv
import json
import os
import re
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COG = "INSEE, Code officiel géographique (npm @etalab/decoupage-administratif 6.0.0)"
ARS_LAW = "Code de la santé publique, art. L1431-1 et L1432-1 (ARS et délégations départementales)"
CPAM_LAW = "Code de la sécurité sociale, art. L211-1 (une caisse primaire par circonscription)"
ORDRE_LAW = "Code de la santé publique, art. L4123-1 et suivants (conseils départementaux et régionaux des Ordres)"
URPS_LAW = "Code de la santé publique, art. L4031-1 (une URPS par profession et par région)"

# Article forms of the COG's "type de nom en clair" (typeLiaison): "of <name>".
OF = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'", 6: "des ", 7: "de las ", 8: "de los "}
STRIP = {2: "Le ", 3: "La ", 4: "Les ", 5: "L'", 6: "Aux ", 7: "Las ", 8: "Los "}


def of(entity):
    name = entity["nom"]
    tl = entity.get("typeLiaison", 0)
    prefix = STRIP.get(tl)
    if prefix and name.startswith(prefix):
        name = name[len(prefix):]
    return OF.get(tl, "de ") + name


def slug(text):
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# ARS sites: https://www.<host>.ars.sante.fr (ars.sante.fr lists the 18 agencies).
ARS_HOST = {
    "01": "guadeloupe", "02": "martinique", "03": "guyane", "04": "lareunion", "06": "mayotte",
    "11": "iledefrance", "24": "centre-val-de-loire", "27": "bourgogne-franche-comte",
    "28": "normandie", "32": "hauts-de-france", "44": "grand-est", "52": "pays-de-la-loire",
    "53": "bretagne", "75": "nouvelle-aquitaine", "76": "occitanie", "84": "auvergne-rhone-alpes",
    "93": "paca", "94": "corse",
}
ARS_NAME = {"01": "ARS Guadeloupe, Saint-Martin, Saint-Barthélemy", "04": "ARS La Réunion"}
# Régions of one département: the ARS has no délégation départementale; routing falls back to
# the siège (src/domain/routing). Mayotte: ARS since 1 January 2020 (ordonnance 2019-1214).
ONE_DEPARTEMENT = {"01", "02", "03", "04", "06"}

# The collectivity that holds the Région's competences, where it is not a "Région".
REGION_NAME = {
    "94": ("Collectivité de Corse", "Loi 2015-991 (NOTRe), art. 30 : Collectivité de Corse depuis le 1er janvier 2018"),
    "02": ("Collectivité territoriale de Martinique", "Loi 2011-884 : collectivité unique depuis décembre 2015"),
    "03": ("Collectivité territoriale de Guyane", "Loi 2011-884 : collectivité unique depuis décembre 2015"),
    "04": ("Région Réunion", COG),
}
# The collectivity that holds a département's competences, where it is not a conseil départemental.
# Corse, Martinique and Guyane have one collectivity for both levels (listed once, as the région;
# routing's "region|conseil_departemental" finds it), Mayotte one Département (listed once, as the
# conseil départemental).
SINGLE_COLLECTIVITY = {"2A", "2B", "972", "973"}
DEPARTEMENT_NAME = {
    "976": ("Département de Mayotte", "Loi organique 2010-1486 : Département exerçant les compétences régionales"),
    "75": ("Ville de Paris", "Loi 2017-257 : la Ville de Paris exerce les compétences départementales depuis 2019"),
    "67": ("Collectivité européenne d'Alsace (Bas-Rhin)", "Loi 2019-816 : Collectivité européenne d'Alsace depuis le 1er janvier 2021 (une collectivité pour le 67 et le 68)"),
    "68": ("Collectivité européenne d'Alsace (Haut-Rhin)", "Loi 2019-816 : Collectivité européenne d'Alsace depuis le 1er janvier 2021 (une collectivité pour le 67 et le 68)"),
}

# Several caisses in one département: each covers its own communes (here by arrondissement, plus
# named communes of the Lille arrondissement). Source of the Hainaut merger: question écrite
# AN 14e législature n° 763 (CPAM du Hainaut = Valenciennes, Maubeuge, Cambrai).
ROUBAIX_TOURCOING = ["59512", "59599", "59650", "59163", "59646", "59299", "59367", "59339", "59332",
                     "59598", "59522", "59421", "59426", "59279", "59508", "59098", "59352", "59090",
                     "59152", "59656", "59247", "59660"]
ARMENTIERES = ["59017", "59317", "59202", "59143", "59252", "59088"]
SPLIT_CPAM = {
    "59": [
        ("lille-douai", "CPAM de Lille-Douai", {"arr": ["593", "595"], "except": ROUBAIX_TOURCOING + ARMENTIERES}),
        ("roubaix-tourcoing", "CPAM de Roubaix-Tourcoing", {"communes": ROUBAIX_TOURCOING}),
        ("flandres", "CPAM des Flandres", {"arr": ["594"], "communes": ARMENTIERES}),
        ("hainaut", "CPAM du Hainaut", {"arr": ["591", "592", "596"]}),
    ],
    "62": [
        ("artois", "CPAM de l'Artois", {"arr": ["621", "622", "624"]}),
        ("cote-d-opale", "CPAM de la Côte d'Opale", {"arr": ["623", "625", "626", "627"]}),
    ],
    "76": [
        ("rouen-elbeuf-dieppe", "CPAM de Rouen-Elbeuf-Dieppe-Seine-Maritime", {"arr": ["761", "762"]}),
        ("le-havre", "CPAM du Havre", {"arr": ["763"]}),
    ],
    "64": [
        ("bayonne", "CPAM de Bayonne", {"arr": ["641"]}),
        ("pau", "CPAM de Pau", {"arr": ["642", "643"]}),
    ],
}
SPLIT_NOTE = ("Circonscription reconstituée par arrondissement (et communes nommées autour de Roubaix, "
              "Tourcoing et Armentières) : non vérifiée commune par commune, à ajuster par l'administrateur")
CPAM_NAME = {
    "48": ("CCSS de la Lozère", "Caisse commune de sécurité sociale (art. L216-4 CSS), qui tient lieu de CPAM"),
    "971": ("CGSS de la Guadeloupe", "Code de la sécurité sociale, art. L752-1 (caisses générales des DOM)"),
    "972": ("CGSS de la Martinique", "Code de la sécurité sociale, art. L752-1"),
    "973": ("CGSS de la Guyane", "Code de la sécurité sociale, art. L752-1"),
    "974": ("CGSS de La Réunion", "Code de la sécurité sociale, art. L752-1"),
    "976": ("CSS de Mayotte", "Ordonnance 96-1122 : Caisse de sécurité sociale de Mayotte"),
}

# Ordres: (profession, level, body name). Orthophonistes and orthoptistes have no Ordre.
ORDRES = [
    ("medecin", "dep", "l'Ordre des médecins"),
    ("chirurgien-dentiste", "dep", "l'Ordre des chirurgiens-dentistes"),
    ("sage-femme", "dep", "l'Ordre des sages-femmes"),
    ("infirmier", "dep", "l'Ordre des infirmiers"),
    ("masseur-kinesitherapeute", "dep", "l'Ordre des masseurs-kinésithérapeutes"),
    ("pharmacien", "reg", "l'Ordre des pharmaciens"),
    ("pedicure-podologue", "reg", "l'Ordre des pédicures-podologues"),
]
URPS = [
    ("medecin", "Médecins libéraux"), ("chirurgien-dentiste", "Chirurgiens-dentistes"),
    ("sage-femme", "Sages-femmes"), ("pharmacien", "Pharmaciens"), ("infirmier", "Infirmiers"),
    ("masseur-kinesitherapeute", "Masseurs-kinésithérapeutes"), ("orthophoniste", "Orthophonistes"),
    ("orthoptiste", "Orthoptistes"), ("pedicure-podologue", "Pédicures-podologues"),
]

# Universities with a health faculty and university hospitals, by région: (département, name).
UNIVERSITIES = {
    "11": [("75", "Université Paris Cité"), ("75", "Sorbonne Université"), ("94", "Université Paris-Saclay"),
           ("94", "Université Paris-Est Créteil"), ("93", "Université Sorbonne Paris Nord"),
           ("78", "Université de Versailles Saint-Quentin-en-Yvelines")],
    "24": [("37", "Université de Tours"), ("45", "Université d'Orléans")],
    "27": [("21", "Université Bourgogne Europe"), ("25", "Université Marie et Louis Pasteur")],
    "28": [("14", "Université de Caen Normandie"), ("76", "Université de Rouen Normandie")],
    "32": [("59", "Université de Lille"), ("80", "Université de Picardie Jules Verne")],
    "44": [("67", "Université de Strasbourg"), ("54", "Université de Lorraine"),
           ("51", "Université de Reims Champagne-Ardenne")],
    "52": [("44", "Nantes Université"), ("49", "Université d'Angers")],
    "53": [("35", "Université de Rennes"), ("29", "Université de Bretagne Occidentale")],
    "75": [("33", "Université de Bordeaux"), ("86", "Université de Poitiers"), ("87", "Université de Limoges")],
    "76": [("31", "Université de Toulouse"), ("34", "Université de Montpellier")],
    "84": [("69", "Université Claude Bernard Lyon 1"), ("38", "Université Grenoble Alpes"),
           ("63", "Université Clermont Auvergne"), ("42", "Université Jean Monnet Saint-Étienne")],
    "93": [("13", "Aix-Marseille Université"), ("06", "Université Côte d'Azur")],
    "94": [("2B", "Université de Corse Pasquale Paoli")],
    "01": [("971", "Université des Antilles (pôle Guadeloupe)")],
    "02": [("972", "Université des Antilles (pôle Martinique)")],
    "03": [("973", "Université de Guyane")],
    "04": [("974", "Université de La Réunion")],
    "06": [("976", "Université de Mayotte")],
}
UNIVERSITY_NOTE = {
    "Université de Corse Pasquale Paoli": "Première année des études de santé seulement ; pas de faculté de médecine complète (non vérifié)",
    "Université de Mayotte": "Ancien centre universitaire de formation et de recherche ; formation en santé non vérifiée",
    "Université d'Orléans": "Faculté de médecine ouverte en 2022 (non vérifié)",
    "Université Bourgogne Europe": "Nouveau nom de l'Université de Bourgogne en 2025 (non vérifié)",
    "Université Marie et Louis Pasteur": "Nouveau nom de l'Université de Franche-Comté en 2025 (non vérifié)",
    "Université de Toulouse": "Université Toulouse III regroupée en 2023 (non vérifié)",
}
CHUS = {
    "11": [("75", "Assistance publique – Hôpitaux de Paris")],
    "24": [("37", "CHU de Tours"), ("45", "CHU d'Orléans")],
    "27": [("21", "CHU Dijon Bourgogne"), ("25", "CHU de Besançon")],
    "28": [("14", "CHU de Caen Normandie"), ("76", "CHU de Rouen")],
    "32": [("59", "CHU de Lille"), ("80", "CHU Amiens-Picardie")],
    "44": [("67", "Hôpitaux universitaires de Strasbourg"), ("54", "CHRU de Nancy"), ("51", "CHU de Reims")],
    "52": [("44", "CHU de Nantes"), ("49", "CHU d'Angers")],
    "53": [("35", "CHU de Rennes"), ("29", "CHU de Brest")],
    "75": [("33", "CHU de Bordeaux"), ("86", "CHU de Poitiers"), ("87", "CHU de Limoges")],
    "76": [("31", "CHU de Toulouse"), ("34", "CHU de Montpellier"), ("30", "CHU de Nîmes")],
    "84": [("69", "Hospices civils de Lyon"), ("38", "CHU Grenoble Alpes"),
           ("63", "CHU de Clermont-Ferrand"), ("42", "CHU de Saint-Étienne")],
    "93": [("13", "Assistance publique – Hôpitaux de Marseille"), ("06", "CHU de Nice")],
    "01": [("971", "CHU de la Guadeloupe")],
    "02": [("972", "CHU de Martinique")],
    "03": [("973", "CHU de Guyane")],
    "04": [("974", "CHU de La Réunion")],
}
CHU_NOTE = {
    "CHU d'Orléans": "CHU depuis 2022 (non vérifié)",
    "CHU de Guyane": "CHU créé en 2025 par le regroupement des hôpitaux de Cayenne, Kourou et Saint-Laurent (non vérifié)",
}
NO_CHU = {"94": "Corse : pas de CHU (centres hospitaliers d'Ajaccio et de Bastia)",
          "06": "Mayotte : pas de CHU (centre hospitalier de Mayotte)"}

FIELDS = ["key", "kind", "name", "region", "departement", "profession", "communes", "website",
          "phone", "source", "note"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.path.join(ROOT, "assets/node_modules/@etalab/decoupage-administratif/data"))
    parser.add_argument("--out", default=os.path.join(ROOT, "reference/institutions/institutions.csv"))
    args = parser.parse_args()
    load = lambda name: json.load(open(os.path.join(args.data, name), encoding="utf-8"))
    regions = [r for r in load("regions.json") if r["zone"] in ("metro", "drom")]
    deps = [d for d in load("departements.json") if d["zone"] in ("metro", "drom")]
    communes = [c for c in load("communes.json") if c["type"] == "commune-actuelle"]
    lyon = next(e for e in load("epci.json") if e["code"] == "200046977")
    lyon_members = sorted(m["code"] for m in lyon["membres"])
    by_region = {r["code"]: [d for d in deps if d["region"] == r["code"]] for r in regions}
    rows = []

    def add(key, kind, name, region, dep="", profession="", communes_="", website="", source=COG, note=""):
        rows.append({"key": key, "kind": kind, "name": name, "region": region, "departement": dep,
                     "profession": profession, "communes": communes_, "website": website, "phone": "",
                     "source": source, "note": note})

    add("asp", "asp", "Agence de services et de paiement", "75", "87", website="https://www.asp.gouv.fr",
        source="Décret 2026-4 (CESP : paiement par l'ASP) ; siège à Limoges")
    add("cng", "cng", "Centre national de gestion", "11", "75", website="https://www.cng.sante.fr",
        source="Décret 2007-704 (CNG) ; siège à Paris")
    for r in regions:
        rc = r["code"]
        add(f"ars:{rc}", "ars_siege", ARS_NAME.get(rc, "ARS " + r["nom"]), rc,
            website=f"https://www.{ARS_HOST[rc]}.ars.sante.fr", source=ARS_LAW)
        if rc != "06":
            name, source = REGION_NAME.get(rc, ("Région " + r["nom"], COG))
            add(f"region:{rc}", "region", name, rc, source=source)
        if rc in CPAM_NAME_BY_REGION:
            dep = CPAM_NAME_BY_REGION[rc]
            add(f"urssaf:{rc}", "urssaf", CPAM_NAME[dep][0] + " (recouvrement)", rc, dep,
                website="https://www.urssaf.fr",
                source="Code de la sécurité sociale, art. L752-4 : la caisse générale assure le recouvrement")
        else:
            add(f"urssaf:{rc}", "urssaf", "Urssaf " + r["nom"], rc, website="https://www.urssaf.fr",
                source="Code de la sécurité sociale, art. L213-1 (Urssaf régionales)")
        for profession, label in URPS:
            note = "URPS de Mayotte : existence non vérifiée" if rc == "06" else ""
            add(f"urps:{rc}:{profession}", "urps", f"URPS {label} {r['nom']}", rc, profession=profession,
                source=URPS_LAW, note=note)
        for profession, level, body in ORDRES:
            if level != "reg":
                continue
            note = ""
            if rc in ONE_DEPARTEMENT:
                name = f"Conseil de {body} {of(r)}"
                note = "Outre-mer : instance locale (délégation ou conseil) de nom non vérifié"
            else:
                name = f"Conseil régional de {body} {of(r)}"
                if rc == "94":
                    note = "Corse : rattachement à un conseil interrégional non vérifié"
            add(f"ordre:{rc}:{profession}", "ordre", name, rc, profession=profession, source=ORDRE_LAW, note=note)
        for dep, name in UNIVERSITIES.get(rc, []):
            add(f"universite:{rc}:{slug(name)}", "universite", name, rc, dep,
                note=UNIVERSITY_NOTE.get(name, ""), source="Établissements à faculté de santé (liste du projet)")
        for dep, name in CHUS.get(rc, []):
            add(f"chu:{rc}:{slug(name)}", "chu", name, rc, dep, note=CHU_NOTE.get(name, ""),
                source="Code de la santé publique, art. L6141-2 (centres hospitaliers universitaires)")
        if rc in NO_CHU:
            rows[-1]["note"] = (rows[-1]["note"] + " ; " if rows[-1]["note"] else "") + NO_CHU[rc]
        for d in by_region[rc]:
            dc = d["code"]
            if rc not in ONE_DEPARTEMENT:
                add(f"ars_dd:{dc}", "ars_dd", f"Délégation départementale {of(d)} — ARS {r['nom']}", rc, dc,
                    website=f"https://www.{ARS_HOST[rc]}.ars.sante.fr", source=ARS_LAW)
            if dc in SPLIT_CPAM:
                for key, name, cover in SPLIT_CPAM[dc]:
                    add(f"cpam:{dc}:{key}", "cpam", name, rc, dc, communes_=" ".join(covered(communes, dc, cover)),
                        website="https://www.ameli.fr", source=CPAM_LAW, note=SPLIT_NOTE)
            else:
                name, source = CPAM_NAME.get(dc, ("CPAM " + of(d), CPAM_LAW))
                add(f"cpam:{dc}", "cpam", name, rc, dc, website="https://www.ameli.fr", source=source)
            name, source = DEPARTEMENT_NAME.get(dc, ("Conseil départemental " + of(d), COG))
            if dc == "69":
                rest = sorted(c["code"] for c in communes if c.get("departement") == "69" and c["code"] not in lyon_members)
                add("cd:69", "conseil_departemental", "Conseil départemental du Rhône", rc, dc, communes_=" ".join(rest),
                    source="Loi 2014-58 (MAPTAM), art. 26 : la Métropole de Lyon exerce les compétences du département sur son territoire")
                add("cd:69:metropole", "conseil_departemental", "Métropole de Lyon", rc, dc, communes_=" ".join(lyon_members),
                    source="Loi 2014-58 (MAPTAM), art. 26 ; membres de l'EPCI 200046977 (COG)")
            elif dc not in SINGLE_COLLECTIVITY:
                add(f"cd:{dc}", "conseil_departemental", name, rc, dc, source=source)
            for profession, level, body in ORDRES:
                if level != "dep":
                    continue
                note = ""
                if profession in ("infirmier", "sage-femme", "masseur-kinesitherapeute"):
                    note = "Certains conseils sont interdépartementaux : nom et ressort non vérifiés"
                if dc == "976":
                    note = "Mayotte : conseil départemental non vérifié"
                add(f"ordre:{dc}:{profession}", "ordre", f"Conseil départemental de {body} {of(d)}", rc, dc,
                    profession=profession, source=ORDRE_LAW, note=note)
    rows.sort(key=lambda r: (r["region"], r["departement"], r["kind"], r["profession"], r["key"]))
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys)), "duplicate keys"
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names)), "duplicate names"
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} institutions written to {args.out}")


# Overseas régions whose caisse générale also collects contributions (no separate Urssaf).
CPAM_NAME_BY_REGION = {"01": "971", "02": "972", "03": "973", "04": "974", "06": "976"}


def covered(communes, dep, cover):
    arrs = set(cover.get("arr", []))
    excluded = set(cover.get("except", []))
    named = set(cover.get("communes", []))
    codes = {c["code"] for c in communes if c.get("departement") == dep and c.get("arrondissement") in arrs}
    return sorted((codes - excluded) | named)


if __name__ == "__main__":
    main()
