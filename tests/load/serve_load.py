#!/usr/bin/env python3
"""A bounded load run against a running `sightline serve` on loopback.

Fetches every page kind (overview, incidents, incident, document, entity, search, and the JSON
API twins) a fixed
number of times in total from a few keep-alive connections, and reports per kind the p50/p99
of the server's own time (its `Server-Timing: app;dur=` header) and of the client-side latency.

    python3 tests/load/serve_load.py http://127.0.0.1:8080 --requests 3000 --connections 4

Only loopback addresses are accepted: this is a measuring tool, not a load generator for
other machines.
"""

import argparse
import http.client
import ipaddress
import json
import random
import socket
import statistics
import threading
import time
import urllib.parse


def get(connection, path):
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    timing = response.getheader("server-timing", "")
    server = float(timing.split("dur=")[1]) if "dur=" in timing else float("nan")
    return response.status, body, server, elapsed


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--requests", type=int, default=3000, help="requests in all (bounded)")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    url = urllib.parse.urlsplit(args.base)
    address = ipaddress.ip_address(socket.gethostbyname(url.hostname))
    if not address.is_loopback:
        parser.error(f"{url.hostname} is not a loopback address")
    host, port = url.hostname, url.port or 80

    setup = http.client.HTTPConnection(host, port, timeout=60)
    _, body, _, _ = get(setup, "/api/documents?limit=500")
    documents = [item["id"] for item in json.loads(body)["items"]]
    _, body, _, _ = get(setup, "/api/entities?limit=500")
    entities = json.loads(body)["items"]
    _, body, _, _ = get(setup, "/api/incidents?limit=500")
    incidents = json.loads(body)["items"]
    setup.close()
    if not documents or not entities:
        parser.error("the store behind the server has no documents or no entities")
    entity_ids = [entity["id"] for entity in entities]
    # Search for names the corpus holds: common ones (many hits) and rare ones.
    words = [word for entity in entities[:80] for word in entity["name"].split()[:1] if any(c.isalnum() for c in word)]

    incident_ids = [incident["id"] for incident in incidents] or ["none"]
    countries = sorted({(incident.get("location") or {}).get("country") for incident in incidents} - {None}) or ["US"]
    rng = random.Random(args.seed)
    kinds = {
        "/": lambda: "/",
        "/documents/{id}": lambda: f"/documents/{rng.choice(documents)}",
        "/entities/{id}": lambda: f"/entities/{rng.choice(entity_ids)}",
        "/search?q=": lambda: "/search?q=" + urllib.parse.quote(rng.choice(words)),
        "/incidents": lambda: f"/incidents?country={rng.choice(countries)}",
        "/incidents/{id}": lambda: f"/incidents/{rng.choice(incident_ids)}",
        "/api/incidents": lambda: f"/api/incidents?country={rng.choice(countries)}",
        "/api/incidents/{id}": lambda: f"/api/incidents/{rng.choice(incident_ids)}",
        "/api/events": lambda: f"/api/events?doc={rng.choice(documents)}",
        "/api/quotes": lambda: "/api/quotes?actor=" + urllib.parse.quote(rng.choice(words)),
        "/api/documents": lambda: f"/api/documents?offset={rng.randrange(0, max(1, len(documents)))}",
        "/api/documents/{id}": lambda: f"/api/documents/{rng.choice(documents)}",
        "/api/entities": lambda: "/api/entities?q=" + urllib.parse.quote(rng.choice(words)),
        "/api/entities/{id}": lambda: f"/api/entities/{rng.choice(entity_ids)}",
        "/api/search?q=": lambda: "/api/search?q=" + urllib.parse.quote(rng.choice(words)),
    }
    plan = [(kind, make()) for kind, make in (rng.choice(list(kinds.items())) for _ in range(args.requests))]
    results = {kind: ([], []) for kind in kinds}
    errors = []
    lock = threading.Lock()

    def worker(share):
        connection = http.client.HTTPConnection(host, port, timeout=60)
        for kind, path in share:
            status, _, server, client = get(connection, path)
            with lock:
                if status != 200:
                    errors.append((status, path))
                results[kind][0].append(server)
                results[kind][1].append(client)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(plan[i :: args.connections],)) for i in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started

    report = {"requests": len(plan), "seconds": round(wall, 2), "errors": len(errors), "kinds": {}}
    for kind, (server, client) in results.items():
        report["kinds"][kind] = {
            "n": len(server),
            "server_p50_ms": round(statistics.median(server), 2) if server else None,
            "server_p99_ms": round(percentile(server, 0.99), 2),
            "server_max_ms": round(max(server), 2) if server else None,
            "client_p50_ms": round(statistics.median(client), 2) if client else None,
            "client_p99_ms": round(percentile(client, 0.99), 2),
        }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{len(plan)} requests in {wall:.1f} s ({len(plan) / wall:.0f}/s), {len(errors)} errors")
        print(f"{'page':<22}{'n':>6}{'server p50':>12}{'p99':>9}{'max':>9}{'client p50':>12}{'p99':>9}  (ms)")
        for kind, row in report["kinds"].items():
            print(
                f"{kind:<22}{row['n']:>6}{row['server_p50_ms']:>12}{row['server_p99_ms']:>9}"
                f"{row['server_max_ms']:>9}{row['client_p50_ms']:>12}{row['client_p99_ms']:>9}"
            )
    for status, path in errors[:10]:
        print(f"error {status}: {path}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
