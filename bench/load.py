"""A small, bounded load generator for loopback benchmarks. Pages are measured in interleaved
rounds (floor, page 1, page 2, ..., floor, page 1, ...), so a machine that gets busier halfway
through slows every page alike and each page's ratio to the floor stays fair. For each page: req/s,
ratio to the floor, p50/p95/p99 latency, and what the server says the request cost in-process
(queries, CPU ms and server ms: the median of each, from bench/middleware.py's headers). Only ever
pointed at 127.0.0.1."""

import argparse
import http.client
import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

FLOOR = "floor"


def _one(host: str, port: int, path: str, cookie: str) -> tuple[float, int, float, float, int]:
    connection = http.client.HTTPConnection(host, port, timeout=60)
    headers = {"Host": host, "X-Forwarded-Proto": "https"}
    if cookie:
        headers["Cookie"] = cookie
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    cpu = float(response.getheader("X-Bench-CPU-ms") or "nan")
    server = float(response.getheader("X-Bench-Server-ms") or "nan")
    queries = int(response.getheader("X-Bench-Queries") or -1)
    connection.close()
    return elapsed, response.status, cpu, server, queries


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def measure(base: str, pages: list[dict], *, rounds: int, requests: int, concurrency: int) -> list[dict]:
    """pages: [{"name", "path", "cookie"}]; the first is the floor. Returns one row per page."""
    for page in pages:
        # A page may name its own server (http://127.0.0.1:PORT/path), to compare two builds in the
        # same interleaved rounds.
        parts = urlsplit(page["path"] if page["path"].startswith("http") else base)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("bench/load.py only measures a server on this machine")
        page["host"], page["port"] = parts.hostname, parts.port
        if page["path"].startswith("http"):
            page["path"] = parts.path + (f"?{parts.query}" if parts.query else "")
    for page in pages:  # warm caches, connections and templates
        for _ in range(5):
            status = _one(page["host"], page["port"], page["path"], page["cookie"])[1]
        if status != 200:
            raise SystemExit(f"{page['name']} ({page['path']}) answered {status}")
    seen = {
        page["name"]: {"seconds": 0.0, "latencies": [], "cpu": [], "server": [], "queries": [], "errors": 0}
        for page in pages
    }
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for _ in range(rounds):
            for page in pages:
                started = time.perf_counter()
                target = (page["host"], page["port"], page["path"], page["cookie"])
                results = list(pool.map(lambda _, t=target: _one(*t), range(requests)))
                row = seen[page["name"]]
                row["seconds"] += time.perf_counter() - started
                for elapsed, status, cpu, server, queries in results:
                    row["latencies"].append(elapsed * 1000)
                    row["cpu"].append(cpu)
                    row["server"].append(server)
                    row["queries"].append(queries)
                    row["errors"] += status != 200
    floor_rps = len(seen[pages[0]["name"]]["latencies"]) / seen[pages[0]["name"]]["seconds"]
    table = []
    for page in pages:
        row = seen[page["name"]]
        rps = len(row["latencies"]) / row["seconds"]
        table.append(
            {
                "page": page["name"],
                "path": page["path"],
                "rps": rps,
                "ratio": rps / floor_rps,
                "p50_ms": statistics.median(row["latencies"]),
                "p95_ms": _percentile(row["latencies"], 0.95),
                "p99_ms": _percentile(row["latencies"], 0.99),
                "queries": statistics.median(row["queries"]),
                "cpu_ms": statistics.median(row["cpu"]),
                "server_ms": statistics.median(row["server"]),
                "errors": row["errors"],
            }
        )
    return table


def print_table(table: list[dict]) -> None:
    print(
        f"| {'page':<34} | {'req/s':>7} | {'× floor':>7} | {'p50 ms':>7} | {'p95 ms':>7} | {'p99 ms':>7} "
        f"| {'queries':>7} | {'CPU ms':>7} | {'server ms':>9} | {'errors':>6} |"
    )
    print(f"|{'-' * 36}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 11}|{'-' * 8}|")
    for row in table:
        print(
            f"| {row['page']:<34} | {row['rps']:>7.1f} | {row['ratio']:>7.2f} | {row['p50_ms']:>7.1f} "
            f"| {row['p95_ms']:>7.1f} | {row['p99_ms']:>7.1f} | {row['queries']:>7.0f} | {row['cpu_ms']:>7.1f} "
            f"| {row['server_ms']:>9.1f} | {row['errors']:>6} |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base", help="e.g. http://127.0.0.1:8765")
    parser.add_argument(
        "pages",
        nargs="+",
        help="name=path (or name=http://127.0.0.1:PORT/path), with @member at the end to send the member's "
        "cookie; the first is the floor",
    )
    parser.add_argument("--member-cookie", default="", help="e.g. sessionid=...")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=60, help="per page and round")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--json", help="also write the table to this file")
    args = parser.parse_args()
    pages = []
    for spec in args.pages:
        name, _, path = spec.partition("=")
        member = path.endswith("@member")
        path = path.removesuffix("@member")
        pages.append({"name": name, "path": path, "cookie": args.member_cookie if member else ""})
    table = measure(args.base, pages, rounds=args.rounds, requests=args.requests, concurrency=args.concurrency)
    print_table(table)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(table, handle, indent=2)


if __name__ == "__main__":
    main()
