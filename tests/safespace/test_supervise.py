"""`make run` keeps its worker and beat running: whatever exits is started again."""

import sys

from safespace.supervise import Program, supervise


def test_a_program_that_exits_is_started_again_and_stopped_with_the_supervisor(tmp_path):
    marker = tmp_path / "starts"
    # Appends a line each time it starts, then exits at once, as a worker crashing on a lost connection.
    command = [sys.executable, "-c", f"open({str(marker)!r}, 'a').write('started\\n')"]
    program = Program("worker", command)
    lines = []
    supervise(
        [program],
        poll=0.05,
        say=lines.append,
        until=lambda: marker.exists() and len(marker.read_text().splitlines()) >= 3,
    )
    assert len(marker.read_text().splitlines()) >= 3
    assert program.restarts >= 2 and "worker exited with 0" in lines[0]
