"""`make run`: the web server and the background worker together, stopped together.

For production use gunicorn and `manage.py db_worker` as two services
(docs/deploy.md); this launcher is for the demo and for development.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description="Jalankan server web dan pekerja latar Simpul IKM.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()
    python = sys.executable
    worker = subprocess.Popen(
        [python, "manage.py", "db_worker", "--interval", "0.5", "--no-reload", "--no-startup-delay"]
    )
    web = subprocess.Popen([python, "manage.py", "runserver", "--noreload", f"{args.host}:{args.port}"])
    processes = [web, worker]

    def stop(*_args) -> None:
        for process in processes:
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        # If either process dies, stop the other too: a server without its
        # worker would accept imports that never run.
        while all(p.poll() is None for p in processes):
            try:
                web.wait(timeout=1)
            except subprocess.TimeoutExpired:
                continue
    finally:
        stop()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return web.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
