#!/usr/bin/env python3
"""Run a command and measure it: its wall time and its peak resident memory
(getrusage of the waited-for child), killing it after a time limit.

    measure.py RESULT_FILE LIMIT_SECONDS COMMAND [ARG...]

The command's stdin is /dev/null; its stdout and stderr pass through. Writes
"EXIT SECONDS MAXRSS_KIB" to RESULT_FILE, EXIT being the exit code, or
128+N when a signal N ended it, or "timeout" when the limit was reached.
Exits 0 (the result is in the file)."""
import resource
import subprocess
import sys
import time


def main():
    out, limit, cmd = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    try:
        rc = proc.wait(timeout=limit)
        code = str(128 - rc if rc < 0 else rc)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        code = "timeout"
    took = time.monotonic() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(out, "w") as f:
        f.write("%s %.3f %d\n" % (code, took, rss))
    return 0


if __name__ == "__main__":
    sys.exit(main())
