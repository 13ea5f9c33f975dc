#!/usr/bin/env python3
"""Run a command on a fresh 80x24 pty, wait for the screen to show WAIT,
type each KEY in turn (waiting for the screen to settle after each), then
close the pty's master side, as a terminal emulator that is closed or an
SSH server whose link dropped does. Then wait for the command (the direct
child) to end, and print how it ended and how long it took.

    pty_close.py WAIT KEY [KEY...] -- COMMAND [ARG...]

Prints "ended: exit N" or "ended: signal N", and "seconds: S" (from the
close to the child's end); exits 0 when the child ended within 5 s, 1 when
it did not (it is then killed) or when WAIT never showed (the screen so far
goes to stderr)."""
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


def read_for(fd, seconds, buf):
    """Read what the program draws for `seconds`; return the bytes so far."""
    end = time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return buf
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            return buf
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return buf
        if not chunk:
            return buf
        buf += chunk


def main():
    args = sys.argv[1:]
    sep = args.index("--")
    wait, keys, cmd = args[0], args[1:sep], args[sep + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.execvp(cmd[0], cmd)
    screen = b""
    deadline = time.monotonic() + 10
    while wait.encode() not in screen and time.monotonic() < deadline:
        screen = read_for(fd, 0.1, screen)
    if wait.encode() not in screen:
        sys.stderr.write("the screen never showed %r:\n%r\n" % (wait, screen[-2000:]))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return 1
    for key in keys:
        os.write(fd, key.encode())
        screen = read_for(fd, 0.3, screen)
    os.close(fd)
    start = time.monotonic()
    while time.monotonic() - start < 5:
        got, status = os.waitpid(pid, os.WNOHANG)
        if got == pid:
            took = time.monotonic() - start
            if os.WIFSIGNALED(status):
                print("ended: signal %d" % os.WTERMSIG(status))
            else:
                print("ended: exit %d" % os.WEXITSTATUS(status))
            print("seconds: %.2f" % took)
            return 0
        time.sleep(0.01)
    print("ended: still running after 5 s")
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return 1


if __name__ == "__main__":
    sys.exit(main())
