#!/usr/bin/env python3
"""Hostile inputs against a running guichet, over HTTP, on loopback only.

    scripts/fuzz_http.py URL [--count N] [--seconds S] [--seed K]

Every route of the table (read from src/web/routes.rs), as every demo person (anonymous, a
professional, a référent, a partner agent, an admin): paths whose ids are real or hostile,
random query strings, forms with and without their CSRF token, malformed encodings, oversized
and non-UTF-8 bodies, JSON of every wrong shape, multipart bodies complete or cut off, bearer
tokens that are not. A 5xx, a timeout or a dropped connection is a failure; at the end the
server must still answer /healthz. Exit status 1 on any failure. Standard library only.
"""

import argparse
import http.client
import json
import random
import re
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "guichet-demo-2026"
PEOPLE = {
    "professionnel": "camille.martin@demo.test",
    "referent": "referent.13-84@demo.test",
    "partenaire": "agent.cpam13@demo.test",
    "admin": "admin.paca@demo.test",
}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
HOSTILE = [
    "", "0", "-1", "1e309", "99999999999999999999999", "NaN", "true", "null", "[]", "{}",
    "a" * 5000, "é" * 700, "😀" * 300, "../../etc/passwd", "..", ".", "%00", "\x00", "\r\nX: y",
    "\t", " ", "'; DROP TABLE users; --", "\" OR 1=1 --", "<script>alert(1)</script>",
    "${jndi:ldap://x}", "{{7*7}}", "{% raw %}", "%s%s%s%n", "\\", "//evil.example",
    "https://evil.example", "javascript:alert(1)", "13055", "2A004", "97411", "99999",
    "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31T23:59:59Z", "medecin", "inconnue",
    "CESP", "cesp", "AIDE-INSTALLATION", "ZIP", "referent", "admin", "oui", "non",
    "00000000-0000-0000-0000-000000000000", "\u202e\u200b", "\ufeff", "\udcff",
]
FIELDS = [
    "text", "cible", "interne", "priority", "coordination", "type", "email", "password",
    "current_password", "new_password", "new_email", "first_name", "last_name", "profession",
    "body", "action", "institution", "institution_id", "request_number", "departement", "regle",
    "entree", "motif", "motif_retablir", "role", "name", "phone", "kind", "jeton", "suite",
    "commune", "date", "situation", "annee", "ids", "state", "onglet", "q", "page", "portee",
    "duree", "title", "capacity", "mode", "slots", "address", "video_url", "details", "code",
]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded", "application/json", "text/plain", "multipart/form-data",
    "multipart/form-data; boundary=", "multipart/form-data; boundary=x", "application/xml", "",
    "application/x-www-form-urlencoded; charset=iso-8859-1", "image/png",
]


def routes():
    table = (ROOT / "src/web/routes.rs").read_text(encoding="utf-8")
    return re.findall(r'^\s*(GET|POST)\s+"([^"]+)"', table, re.MULTILINE)


class Client:
    """One person: a keep-alive connection and a cookie jar."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers.setdefault("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (ConnectionError, http.client.HTTPException) as e:
                # The server may close a keep-alive connection after an error answer: retry once
                # on a new one; a second failure is reported.
                self.conn.close()
                self.conn = None
                if attempt == 1:
                    raise RuntimeError(f"connexion perdue : {e!r}") from e
                continue
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            return response.status, data
        raise RuntimeError("inaccessible")

    def csrf(self):
        _, page = self.request("GET", "/connexion")
        found = re.search(rb'name="csrf_token" value="([^"]+)"', page)
        return found.group(1).decode() if found else ""

    def sign_in(self, email):
        self.cookies.clear()
        token = self.csrf()
        body = urllib.parse.urlencode(
            {"email": email, "password": DEMO_PASSWORD, "csrf_token": token})
        status, _ = self.request("POST", "/connexion", body,
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        return status == 303


def collect_ids(people):
    """Real ids seen on the pages, per placeholder name."""
    ids = {}

    def grab(client, path, name, pattern):
        status, page = client.request("GET", path)
        if status == 200:
            ids.setdefault(name, set()).update(
                m.decode() for m in re.findall(pattern.encode(), page))

    grab(people["referent"], "/guichet/demandes", "id", rf"/demandes/({UUID})")
    for request in list(ids.get("id", []))[:5]:
        grab(people["referent"], f"/demandes/{request}", "referral", rf"/transmissions/({UUID})/")
        grab(people["referent"], f"/demandes/{request}", "piece", rf"/pieces/({UUID})")
    grab(people["anonyme"], "/permanences", "id", rf"/permanences/({UUID})")
    for session in list(ids.get("id", []))[-3:]:
        grab(people["professionnel"], f"/permanences/{session}", "slot", rf"/creneaux/({UUID})/")
    grab(people["admin"], "/admin/institutions", "id", rf"/admin/institutions/({UUID})")
    grab(people["admin"], "/admin/aides/regionales", "id", rf"/admin/aides/regionales/({UUID})")
    grab(people["admin"], "/admin/contenus", "text", r"/admin/contenus/([a-z0-9-]+)")
    return {k: sorted(v) for k, v in ids.items()}


def value(rng):
    return rng.choice(HOSTILE) if rng.random() < 0.8 else "".join(
        chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 40)))


def fill(pattern, ids, rng):
    def one(match):
        name = match.group(1)
        suffix = match.group(2)
        # Accounts keep their ids out of it: disabling the demo people would end the run.
        if ids.get(name) and rng.random() < 0.5 and "utilisateurs" not in pattern:
            raw = rng.choice(ids[name])
        else:
            raw = value(rng)
        return urllib.parse.quote(raw, safe="", errors="surrogateescape") + suffix
    path = re.sub(r"\{(\w+)\}([^/]*)", one, pattern)
    if rng.random() < 0.05:
        path += rng.choice(["/", "//", "/..", "%2f..%2f", ";x=1", "%"])
    return path


def query(rng):
    if rng.random() < 0.4:
        return ""
    if rng.random() < 0.1:
        return "?" + rng.choice(["%zz", "%", "&&&=", "a=%ff%fe", "=" * 50, "q=" + "x" * 9000])
    pairs = [(rng.choice(FIELDS), value(rng)) for _ in range(rng.randint(1, 6))]
    return "?" + urllib.parse.urlencode(pairs, errors="surrogateescape")


UPLOADS = ("/pieces", "/admin/zonage", "/fichier")
SIGN_OUT = ("/deconnexion", "/compte/sessions/fermer-tout")


def post_body(rng, token, upload):
    kind = 0.9 if upload and rng.random() < 0.8 else rng.random()
    if kind < 0.55:
        pairs = [(rng.choice(FIELDS), value(rng)) for _ in range(rng.randint(0, 8))]
        if rng.random() < 0.85:
            pairs.append(("csrf_token", token if rng.random() < 0.9 else value(rng)))
        body = urllib.parse.urlencode(pairs, errors="surrogateescape")
        return body.encode(), "application/x-www-form-urlencoded"
    if kind < 0.65:
        junk = rng.choice([b"%zz=1", b"a=%ff%fe&b", b"\xff\xfe\x00" * 100, b"=" * 1000,
                           b"a=" + b"x" * 300_000])
        return junk + f"&csrf_token={token}".encode(), "application/x-www-form-urlencoded"
    if kind < 0.8:
        shapes = [[], {}, None, 1, "x", {"profession": value(rng)}, {"a": [1] * 1000},
                  {"profession": "medecin", "commune": value(rng), "date": value(rng)},
                  {"profession": ["medecin"], "situation": {"x": 1}}]
        body = json.dumps(rng.choice(shapes))
        if rng.random() < 0.2:
            body = "[" * 5000 + "]" * 5000
        if rng.random() < 0.1:
            body = body[: len(body) // 2]
        return body.encode(), "application/json"
    boundary = "----fuzz" + str(rng.randint(0, 10**9))
    parts = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
             f"{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"fichier\"; "
             f"filename=\"{value(rng)[:80]}\"\r\nContent-Type: application/pdf\r\n\r\n")
    content = rng.choice([b"%PDF-1.4\n%%EOF\n", b"\xff\xd8\xff\xe0" + b"\x00" * 200,
                          b"<html><script>x</script>", b"PK\x03\x04" + b"\x00" * 50, b""])
    body = parts.encode(errors="surrogateescape") + content + f"\r\n--{boundary}--\r\n".encode()
    if rng.random() < 0.3:
        body = body[: rng.randint(1, len(body) - 1)]  # cut off, Content-Length still exact
    return body, f"multipart/form-data; boundary={boundary}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=900)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--timeout", type=float, default=15.0)
    args = parser.parse_args()
    target = urllib.parse.urlparse(args.url)
    if target.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("fuzz_http : boucle locale seulement (127.0.0.1)")
    rng = random.Random(args.seed)
    new = lambda: Client(target.hostname, target.port, args.timeout)  # noqa: E731
    people = {"anonyme": new()}
    people["anonyme"].csrf()
    for label, email in PEOPLE.items():
        people[label] = new()
        if not people[label].sign_in(email):
            sys.exit(f"fuzz_http : connexion impossible pour {email}")
    ids = collect_ids(people)
    table = routes()
    print(f"fuzz_http : {len(table)} routes, {len(people)} personnes, ids réels : "
          + ", ".join(f"{k} {len(v)}" for k, v in ids.items()), flush=True)
    statuses, failures, per_person, lost_sign_ins = {}, [], {}, 0
    tokens = {label: client.csrf() for label, client in people.items()}
    start, sent = time.monotonic(), 0
    while sent < args.count and time.monotonic() - start < args.seconds:
        # Someone may have been signed out (an admin's action…): they sign in again. Sign-ins
        # are throttled per address, so only when needed.
        if sent % 100 == 0 and sent:
            for label, email in PEOPLE.items():
                if people[label].request("GET", "/compte")[0] != 200:
                    if not people[label].sign_in(email):
                        lost_sign_ins += 1
            tokens = {label: client.csrf() for label, client in people.items()}
        label = rng.choice(list(people))
        client = people[label]
        method, pattern = rng.choice(table)
        # Signing out ends the run's sessions: only the anonymous visitor tries it, and each
        # person once at the end.
        if pattern in SIGN_OUT and label != "anonyme":
            continue
        path = fill(pattern, ids, rng) + query(rng)
        headers = {}
        if rng.random() < 0.05:
            token = value(rng)[:200].encode("ascii", "replace").decode()
            headers["Authorization"] = "Bearer " + token.replace("\r", "").replace("\n", "")
        if rng.random() < 0.03:
            headers["Accept"] = rng.choice(["application/json", "*/*", "text/csv", "x/y"])
        body = None
        if method == "POST":
            body, content_type = post_body(rng, tokens[label], pattern.endswith(UPLOADS))
            if rng.random() < 0.05:
                content_type = rng.choice(CONTENT_TYPES)
            headers["Content-Type"] = content_type
        try:
            status, _ = client.request(method, path, body, headers)
        except Exception as e:  # a timeout or a dropped connection: the server hung or died
            client.conn = None
            failures.append(f"{label} {method} {path[:160]} : {e!r}")
            status = "erreur"
        statuses[status] = statuses.get(status, 0) + 1
        per_person.setdefault(label, {})
        per_person[label][status] = per_person[label].get(status, 0) + 1
        if isinstance(status, int) and status >= 500:
            failures.append(f"{label} {method} {path[:160]} : {status} "
                            f"(corps {len(body or b'')} o, {headers.get('Content-Type', '')})")
        sent += 1
    for label, client in people.items():
        for path in SIGN_OUT:
            body = urllib.parse.urlencode({"csrf_token": client.csrf(), "x": value(rng)},
                                          errors="surrogateescape")
            status, _ = client.request("POST", path, body,
                                       {"Content-Type": "application/x-www-form-urlencoded"})
            if status >= 500:
                failures.append(f"{label} POST {path} : {status}")
    elapsed = time.monotonic() - start
    health, _ = new().request("GET", "/healthz")
    print(f"fuzz_http : {sent} requêtes en {elapsed:.0f} s ; statuts : "
          + ", ".join(f"{k} × {v}" for k, v in sorted(statuses.items(), key=str)))
    for label, counts in sorted(per_person.items()):
        print(f"  {label:14} " + ", ".join(f"{k} × {v}" for k, v in sorted(counts.items(), key=str)))
    print(f"fuzz_http : reconnexions refusées (débit limité) : {lost_sign_ins}")
    print(f"fuzz_http : /healthz après la campagne : {health}")
    for line in failures[:40]:
        print("  ÉCHEC " + line)
    if failures or health != 200 or sent < args.count:
        print(f"fuzz_http : {len(failures)} échecs" + (
            f", {sent} requêtes seulement sur {args.count}" if sent < args.count else ""))
        sys.exit(1)
    print("fuzz_http : aucun 5xx, aucune panne")


if __name__ == "__main__":
    main()
