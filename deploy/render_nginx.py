"""Render ``deploy/nginx.conf.template`` into an nginx configuration (standard library only).

    python deploy/render_nginx.py --listen 0.0.0.0:80 --upstream 127.0.0.1:8000 \
        --run-dir /var/lib/telusur-nginx --user www-data > /etc/nginx/telusur.conf

Several read replicas (docs/scale.md): ``--upstream 127.0.0.1:8001,127.0.0.1:8002,...``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
# A replica that failed this many times within FAIL_TIMEOUT is left out for FAIL_TIMEOUT.
MAX_FAILS = 2
FAIL_TIMEOUT = "5s"


def render(
    listen: str,
    upstream: str,
    run_dir: Path,
    user: str | None = None,
    server_name: str = "_",
    access_log: str | None = None,
) -> str:
    """The configuration: nginx on ``listen`` in front of gunicorn on ``upstream`` (several
    replicas: their addresses, comma-separated); its pid, logs and temporary files in
    ``run_dir``; workers run as ``user`` (when started as root)."""
    addresses = [part.strip() for part in upstream.split(",") if part.strip()]
    servers = "\n".join(
        f"        server {address} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT};"
        for address in addresses
    )
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        listen=listen,
        servers=servers,
        run_dir=str(Path(run_dir).resolve()),
        user_line=f"user {user};" if user else "",
        server_name=server_name,
        access_log=access_log or f"{Path(run_dir).resolve()}/access.log",
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--listen", default="127.0.0.1:8080", help="address:port nginx listens on")
    p.add_argument(
        "--upstream",
        default="127.0.0.1:8000",
        help="gunicorn's address:port (replicas: several, comma-separated)",
    )
    p.add_argument("--run-dir", type=Path, required=True, help="pid, logs, temporary files")
    p.add_argument("--user", help="user of the worker processes when nginx starts as root")
    p.add_argument("--server-name", default="_", help="nginx server_name (default: any)")
    p.add_argument("--access-log", help="access log file, or 'off' (default RUN_DIR/access.log)")
    args = p.parse_args(argv)
    sys.stdout.write(
        render(
            args.listen, args.upstream, args.run_dir, args.user, args.server_name, args.access_log
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
