"""A small, bounded load generator for loopback benchmarks: N requests per page at a fixed
concurrency, then requests/s and latency percentiles. Only ever pointed at 127.0.0.1."""

import argparse
import http.client
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit


def _one(host: str, port: int, path: str) -> tuple[float, int]:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": host, "X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return time.perf_counter() - started, response.status


def measure(base: str, path: str, *, requests: int, concurrency: int) -> dict:
    parts = urlsplit(base)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("bench/load.py only measures a server on this machine")
    for _ in range(10):  # warm caches and connections
        _one(parts.hostname, parts.port, path)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(lambda _: _one(parts.hostname, parts.port, path), range(requests)))
    elapsed = time.perf_counter() - started
    latencies = sorted(seconds for seconds, _ in results)
    errors = sum(1 for _, status in results if status != 200)
    return {
        "path": path,
        "requests": requests,
        "errors": errors,
        "rps": requests / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base", help="e.g. http://127.0.0.1:8765")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    print(f"{'page':<48} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for path in args.paths:
        row = measure(args.base, path, requests=args.requests, concurrency=args.concurrency)
        print(f"{row['path']:<48} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['errors']:>7}")


if __name__ == "__main__":
    main()
