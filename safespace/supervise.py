"""Keeps the Celery worker and beat running beside `make run`: whichever exits (a crash on a lost
Redis connection, an out-of-memory kill) is started again, with a growing pause if it keeps dying.
Stops both when it is stopped. docker-compose.yml does the same with `restart: unless-stopped`.

    python -m safespace.supervise            # worker (urgent, default, bulk) and beat
"""

import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

CELERY = str(Path(sys.executable).with_name("celery"))
PROGRAMS = {
    "worker": [CELERY, "-A", "safespace", "worker", "--queues", "urgent,default,bulk", "--loglevel=info"],
    "beat": [CELERY, "-A", "safespace", "beat", "--schedule", "var/celerybeat-schedule", "--loglevel=info"],
}
# A program that ran this long before exiting is restarted at once; one that keeps dying waits up
# to MAX_PAUSE between attempts, so a broken configuration does not spin.
STEADY_AFTER = 60.0
MAX_PAUSE = 30.0


@dataclass
class Program:
    name: str
    command: list[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    pause: float = 0.0
    restart_at: float = 0.0
    restarts: int = field(default=0)

    def start(self):
        self.process = subprocess.Popen(self.command)  # noqa: S603  our own fixed command lines
        self.started_at = time.monotonic()

    def check(self, now: float, say) -> None:
        if self.process is None:
            if now >= self.restart_at:
                self.start()
            return
        code = self.process.poll()
        if code is None:
            return
        ran_for = now - self.started_at
        self.pause = 0.0 if ran_for >= STEADY_AFTER else min(max(self.pause * 2, 1.0), MAX_PAUSE)
        self.restarts += 1
        say(f"{self.name} exited with {code} after {ran_for:.0f} s; starting it again in {self.pause:.0f} s")
        self.process = None
        self.restart_at = now + self.pause

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()


def supervise(programs: list[Program], *, poll: float = 0.5, say=print, until=lambda: False) -> None:
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGINT)}
    for program in programs:
        program.start()
    try:
        while not stopping and not until():
            now = time.monotonic()
            for program in programs:
                program.check(now, say)
            time.sleep(poll)
    finally:
        for program in programs:
            program.stop()
        deadline = time.monotonic() + 20
        for program in programs:
            if program.process is not None:
                try:
                    program.process.wait(timeout=max(deadline - time.monotonic(), 0.1))
                except subprocess.TimeoutExpired:
                    program.process.kill()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def main(argv: list[str]) -> None:
    names = argv or list(PROGRAMS)
    Path("var").mkdir(exist_ok=True)
    say = lambda line: print(f"[supervise] {line}", flush=True)  # noqa: E731
    supervise([Program(name, PROGRAMS[name]) for name in names], say=say)


if __name__ == "__main__":
    main(sys.argv[1:])
