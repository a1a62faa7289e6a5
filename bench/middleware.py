"""Says, in three response headers, what a request cost inside the process: CPU milliseconds of the
thread that served it (time.thread_time, so waiting for the database or another worker does not
count), server milliseconds (wall time from the request reaching Django to the response being
ready: the CPU time plus waiting for the database and the cache) and the number of SQL queries.
Read by bench/load.py; only in bench/settings.py."""

import time

from django.db import connections


def measure(get_response):
    def middleware(request):
        counted = [0]

        def count(execute, sql, params, many, context):
            counted[0] += 1
            return execute(sql, params, many, context)

        started = time.thread_time()
        started_wall = time.perf_counter()
        wrappers = [connection.execute_wrapper(count) for connection in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = get_response(request)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-Bench-CPU-ms"] = f"{(time.thread_time() - started) * 1000:.2f}"
        response["X-Bench-Server-ms"] = f"{(time.perf_counter() - started_wall) * 1000:.2f}"
        response["X-Bench-Queries"] = str(counted[0])
        return response

    return middleware
