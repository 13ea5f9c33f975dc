#!/usr/bin/env python3
"""Run a command and measure it: the processor time it used (user + system)
and its peak resident memory (getrusage of the waited-for child), stopping it
at a limit.

    measure.py RESULT_FILE LIMIT_SECONDS COMMAND [ARG...]

The limit is processor time, not the clock: a machine busy with other work
must not make a bounded parse look unbounded (the kernel stops the command
with SIGXCPU at the limit, RLIMIT_CPU). A command that waits without working
is stopped after ten times the limit on the clock. The command's stdin is
/dev/null; its stdout and stderr pass through. Writes "EXIT SECONDS
MAXRSS_KIB" to RESULT_FILE, EXIT being the exit code, or 128+N when a signal
N ended it, or "timeout" when a limit was reached. Exits 0 (the result is in
the file)."""
import math
import resource
import signal
import subprocess
import sys
import time


def main():
    out, limit, cmd = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    cpu = max(1, math.ceil(limit))

    def bound():
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))

    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, preexec_fn=bound)
    try:
        rc = proc.wait(timeout=limit * 10)
        code = "timeout" if rc == -signal.SIGXCPU else str(128 - rc if rc < 0 else rc)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        code = "timeout"
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    took = use.ru_utime + use.ru_stime
    if code != "timeout" and took > limit:
        code = "timeout"
    with open(out, "w") as f:
        f.write("%s %.3f %d\n" % (code, took, use.ru_maxrss))
    return 0


if __name__ == "__main__":
    sys.exit(main())
