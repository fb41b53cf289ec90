#!/usr/bin/env python3
"""on-tty.py - run a command with its standard error on a terminal.

usage: on-tty.py ERRFILE COMMAND [ARGS...]

Standard output is inherited; what the command writes to its standard
error (a pseudo-terminal) is saved in ERRFILE.  Exits with the
command's exit code.
"""
import os
import pty
import subprocess
import sys


def main():
    errfile, argv = sys.argv[1], sys.argv[2:]
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stderr=slave)
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    code = proc.wait()
    with open(errfile, "wb") as f:
        f.write(data)
    return code


if __name__ == "__main__":
    sys.exit(main())
