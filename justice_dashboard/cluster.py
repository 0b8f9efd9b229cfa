"""Several app processes behind nginx, sharing one data folder.

One Streamlit process uses one CPU for its users' reruns (they share one interpreter), so a server
with N CPUs runs N processes behind nginx. A user's session lives in one process, over its
websocket, and so do that session's uploads and media: nginx keeps each user on one process with
the cookie `jd_backend` (see deploy/nginx/justice-dashboard.conf.template, rendered here). The
processes share the data folder: a commit takes the folder's lock (`snapshots.write_lock`, an
flock, so writers in different processes wait for each other) and the other processes see the new
snapshot within `snapshots.VERSION_TTL_S` (the data version is walked again at most every second).

On a server, systemd runs the processes (deploy/systemd/justice-dashboard@.service, one instance
per port) and Debian's nginx the site. Without systemd — to try it, for the tests and the
benchmarks — `python -m justice_dashboard serve` does both jobs: it starts the processes, restarts
one that dies, and runs an nginx master of its own (unprivileged port, its own prefix, pid and
logs in a run folder) with the site rendered from the same template.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from justice_dashboard.config import PROJECT_ROOT
from justice_dashboard.i18n import t
from justice_dashboard.serve import free_port, is_healthy, stop, streamlit_command

APP_SCRIPT = PROJECT_ROOT / "app.py"
NGINX_TEMPLATE = PROJECT_ROOT / "deploy" / "nginx" / "justice-dashboard.conf.template"
NGINX_EXAMPLE = PROJECT_ROOT / "deploy" / "nginx" / "justice-dashboard.conf"
NGINX_CANDIDATES = ("/usr/sbin/nginx", "nginx")
COOKIE = "jd_backend"
BACKEND_HEADER = "X-Justice-Backend"
DEFAULT_BASE_PATH = "/tuphap/"
DEFAULT_PORT = 8080
FIRST_BACKEND_PORT = 8501
ENVELOPE_BYTES = 64 * 1024  # multipart headers around an uploaded file
# The deploy example: two processes, the site's certificate, names to fill in.
EXAMPLE_SERVER_NAME = "bang-dieu-khien.stp.example.gov.vn"
EXAMPLE_CERTIFICATE = "/etc/ssl/justice-dashboard/fullchain.pem"
EXAMPLE_CERTIFICATE_KEY = "/etc/ssl/justice-dashboard/privkey.pem"
EXAMPLE_ACCESS_LOG = "/var/log/nginx/justice-dashboard.access.log"
STARTUP_TIMEOUT_S = 120.0
RESTART_DELAY_S = 1.0  # as systemd's RestartSec
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
EXIT_NO_NGINX = 3


@dataclass(frozen=True)
class Backend:
    """One app process as nginx knows it: the cookie's name for it and its address."""

    name: str
    host: str
    port: int

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def upstream(self) -> str:
        return f"justice_dashboard_{self.name}"


def backends_on(ports: Sequence[int], host: str = "127.0.0.1") -> list[Backend]:
    """The processes on these ports, named b1, b2 … in order."""
    return [Backend(f"b{i}", host, port) for i, port in enumerate(ports, start=1)]


def normalise_base_path(text: str) -> str:
    """ "tuphap", "/tuphap" or "/tuphap/" → "/tuphap/"; "" or "/" → "/" (no sub-path)."""
    inner = text.strip().strip("/")
    if not re.fullmatch(r"[A-Za-z0-9._~/-]*", inner) or "//" in inner:
        raise ValueError(t("serving.serve.bad_base_path", "vi", text=text))
    return f"/{inner}/" if inner else "/"


def intake_max_bytes() -> int:
    """The intake's file size limit (JUSTICE_INTAKE_MAX_BYTES, default 5 MB)."""
    from justice_dashboard.intake.reader import Limits

    return Limits.from_env().max_bytes


@dataclass(frozen=True)
class Tls:
    certificate: str
    certificate_key: str


def render_site(
    backends: Sequence[Backend],
    *,
    base_path: str = DEFAULT_BASE_PATH,
    listen: Sequence[str] = (),
    server_name: str = "_",
    tls: Tls | None = None,
    access_log: str = EXAMPLE_ACCESS_LOG,
    max_bytes: int | None = None,
) -> str:
    """The nginx site for these processes, from deploy/nginx/justice-dashboard.conf.template."""
    if not backends:
        raise ValueError("at least one process")
    base = normalise_base_path(base_path)
    limit = intake_max_bytes() if max_bytes is None else max_bytes
    listen = list(listen) or (["443 ssl", "[::]:443 ssl"] if tls else ["80", "[::]:80"])
    escaped = {b.name: re.escape(b.address) for b in backends}
    fields = {
        "upstreams": "".join(
            f"upstream {b.upstream} {{\n    server {b.address};\n}}\n" for b in backends
        ),
        "group_servers": "\n".join(
            f"    server {b.address} max_fails=1 fail_timeout=2s;" for b in backends
        ),
        "cookie_to_upstream": "\n".join(f"    {b.name} {b.upstream};" for b in backends),
        "address_to_name": "\n".join(
            f'    "~(^|\\s){escaped[b.name]}$" {b.name};' for b in backends
        ),
        "base_path": base,
        "cookie_secure": "; Secure" if tls else "",
        "http_redirect": _http_redirect(server_name) if tls else "",
        "listen": "\n".join(f"    listen {spec};" for spec in listen),
        "server_name": server_name,
        "tls": _tls_lines(tls) if tls else "",
        "access_log": access_log,
        "max_bytes": str(limit),
        "client_max_body_size": str(limit + ENVELOPE_BYTES),
        "root_redirect": _root_redirect(base),
    }
    return fill_template(NGINX_TEMPLATE.read_text(encoding="utf-8"), fields)


def fill_template(template: str, fields: dict[str, str]) -> str:
    """Replace every {{name}}; a field the template lacks, or one it has but not given, is an
    error (the template and this code change together)."""
    used = set(_PLACEHOLDER.findall(template))
    if used != set(fields):
        raise KeyError(f"template fields {sorted(used)} ≠ given {sorted(fields)}")
    return _PLACEHOLDER.sub(lambda m: fields[m.group(1)], template)


def _http_redirect(server_name: str) -> str:
    return (
        "\n# Plain http only sends the browser to https.\n"
        "server {\n    listen 80;\n    listen [::]:80;\n"
        f"    server_name {server_name};\n"
        "    return 301 https://$host$request_uri;\n}\n"
    )


def _tls_lines(tls: Tls) -> str:
    return (
        "    # ĐIỀN / FILL IN: the site's own certificate (full chain) and its private key.\n"
        f"    ssl_certificate {tls.certificate};\n"
        f"    ssl_certificate_key {tls.certificate_key};\n"
        "    ssl_protocols TLSv1.2 TLSv1.3;\n"
        "    ssl_session_cache shared:justice_tls:10m;\n"
    )


def _root_redirect(base: str) -> str:
    if base == "/":
        return ""
    return (
        f"    location = / {{\n        return 302 {base};\n    }}\n"
        f"    location = {base.rstrip('/')} {{\n        return 301 {base};\n    }}\n"
    )


def example_site() -> str:
    """deploy/nginx/justice-dashboard.conf: two processes, TLS, the names to fill in."""
    return render_site(
        backends_on([FIRST_BACKEND_PORT, FIRST_BACKEND_PORT + 1]),
        server_name=EXAMPLE_SERVER_NAME,
        tls=Tls(EXAMPLE_CERTIFICATE, EXAMPLE_CERTIFICATE_KEY),
        max_bytes=5 * 1024 * 1024,
    )


def nginx_binary() -> str | None:
    for candidate in NGINX_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def nginx_main_conf(run_dir: Path, site: Path) -> str:
    """A whole nginx.conf for a master of our own: foreground, pid, logs and temporary files
    in `run_dir`, the site included. As root, the workers stay root, since the run folder may be
    private to root (a test's temporary folder); the real server uses Debian's nginx instead."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {run_dir / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"# Written by `python -m justice_dashboard serve`; the site is {site.name}.\n"
        f"{user}daemon off;\nworker_processes 1;\npid {run_dir / 'nginx.pid'};\n"
        f"error_log {run_dir / 'nginx-error.log'} warn;\n"
        "events {\n    worker_connections 1024;\n}\n"
        f"http {{\n{temp}\n    default_type application/octet-stream;\n"
        f"    include /etc/nginx/mime.types;\n    include {site};\n}}\n"
    )


def nginx_command(nginx: str, run_dir: Path, conf: Path) -> list[str]:
    """nginx with its prefix, error log and configuration in `run_dir` (nothing under /var)."""
    return [nginx, "-p", str(run_dir), "-e", str(run_dir / "nginx-error.log"), "-c", str(conf)]


def nginx_check(nginx: str, run_dir: Path, conf: Path) -> subprocess.CompletedProcess[str]:
    """`nginx -t` on a configuration written by `nginx_main_conf`."""
    return subprocess.run(
        [*nginx_command(nginx, run_dir, conf), "-t", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )


def _death_signal() -> Callable[[], None] | None:
    """For a child of the supervisor: ask Linux to send it SIGTERM when the supervisor dies,
    however it dies (prctl PR_SET_PDEATHSIG). Resolved here, so the child only calls C."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(1, signal.SIGTERM)


@dataclass
class Running:
    """A process the supervisor started, with its log and when it started."""

    backend: Backend
    process: subprocess.Popen[bytes]
    started: float
    restarts: int = 0


@dataclass
class Cluster:
    """N app processes on loopback ports and, optionally, an nginx master in front of them.

    `start()` returns once every process answers its health check (and nginx, when there is one,
    answers for each of them); `watch()` restarts a process that dies, until `stop()`.
    """

    backends: list[Backend]
    run_dir: Path
    base_path: str = DEFAULT_BASE_PATH
    nginx_listen: str | None = None  # "127.0.0.1:8080"; None: no nginx
    script: Path = APP_SCRIPT
    env: dict[str, str] = field(default_factory=dict)
    say: Callable[[str], None] = print
    running: dict[str, Running] = field(default_factory=dict)
    nginx: subprocess.Popen[bytes] | None = None
    _stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def base(self) -> str:
        return normalise_base_path(self.base_path)

    @property
    def url(self) -> str:
        """The address users open: nginx's when there is one, else the first process's."""
        where = self.nginx_listen or self.backends[0].address
        return f"http://{where}{self.base.rstrip('/')}"

    def backend_url(self, backend: Backend) -> str:
        return f"http://{backend.address}{self.base.rstrip('/')}"

    def _start_backend(self, backend: Backend, restarts: int = 0) -> None:
        log = (self.run_dir / f"{backend.name}.log").open("ab")
        with log:
            process = subprocess.Popen(
                streamlit_command(
                    self.script, backend.port, address=backend.host, base_path=self.base
                ),
                cwd=PROJECT_ROOT,
                env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_death_signal(),  # the supervisor is single-threaded
            )
        self.running[backend.name] = Running(backend, process, time.monotonic(), restarts)
        self._write_state()

    def _write_state(self) -> None:
        """run_dir/processes.json: each process's port and pid (and nginx's), for people and tests."""
        state = {
            name: {"port": r.backend.port, "pid": r.process.pid, "restarts": r.restarts}
            for name, r in self.running.items()
        }
        if self.nginx is not None:
            state["nginx"] = {"pid": self.nginx.pid}
        tmp = self.run_dir / ".processes.json"
        tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
        tmp.replace(self.run_dir / "processes.json")

    def _start_nginx(self) -> None:
        nginx = nginx_binary()
        if nginx is None:
            raise FileNotFoundError(t("serving.serve.no_nginx", "vi"))
        assert self.nginx_listen is not None
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / kind).mkdir(exist_ok=True)
        site = self.run_dir / "site.conf"
        site.write_text(
            render_site(
                self.backends,
                base_path=self.base,
                listen=[self.nginx_listen],
                access_log=str(self.run_dir / "nginx-access.log"),
            ),
            encoding="utf-8",
        )
        conf = self.run_dir / "nginx.conf"
        conf.write_text(nginx_main_conf(self.run_dir, site), encoding="utf-8")
        checked = nginx_check(nginx, self.run_dir, conf)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t: {checked.stderr.strip()}")
        log = (self.run_dir / "nginx-error.log").open("ab")
        with log:
            self.nginx = subprocess.Popen(
                nginx_command(nginx, self.run_dir, conf),
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_death_signal(),
            )
        self._write_state()

    def start(self, timeout_s: float = STARTUP_TIMEOUT_S) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for backend in self.backends:
            self._start_backend(backend)
        if self.nginx_listen:
            self._start_nginx()
        deadline = time.monotonic() + timeout_s
        for backend in self.backends:
            self._wait_healthy(backend, deadline)
        if self.nginx_listen:
            for backend in self.backends:
                self._wait_through_nginx(backend, deadline)

    def _wait_healthy(self, backend: Backend, deadline: float) -> None:
        while not is_healthy(self.backend_url(backend)) and not self._stopping.is_set():
            process = self.running[backend.name].process
            if process.poll() is not None:
                raise RuntimeError(self._log_tail(backend, "exited early"))
            if time.monotonic() > deadline:
                raise TimeoutError(self._log_tail(backend, "did not answer"))
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.2)  # wakes at once if it dies

    def _wait_through_nginx(self, backend: Backend, deadline: float) -> None:
        while pinned_health(self.url, backend.name) != backend.name and not self._stopping.is_set():
            if self.nginx is not None and self.nginx.poll() is not None:
                raise RuntimeError(self._nginx_log("nginx exited early"))
            if time.monotonic() > deadline:
                raise TimeoutError(self._nginx_log(f"nginx did not reach {backend.name}"))
            self._stopping.wait(0.1)

    def _log_tail(self, backend: Backend, what: str) -> str:
        log = (self.run_dir / f"{backend.name}.log").read_text(encoding="utf-8", errors="replace")
        return f"{backend.name} ({backend.address}) {what}:\n{log[-4000:]}"

    def _nginx_log(self, what: str) -> str:
        log = (self.run_dir / "nginx-error.log").read_text(encoding="utf-8", errors="replace")
        return f"{what}:\n{log[-4000:]}"

    def watch(self) -> int:
        """Restart each process that exits, RESTART_DELAY_S later (twice as long each time it dies
        again within 10 s of starting, up to 30 s), until `request_stop()`: then 0. If nginx
        itself exits, 1."""
        delay: dict[str, float] = {}
        while not self._stopping.wait(0.25):
            for name, run in list(self.running.items()):
                code = run.process.poll()
                if code is None:
                    continue
                died_at_once = time.monotonic() - run.started < 10
                previous = delay.get(name, RESTART_DELAY_S / 2)
                delay[name] = min(30.0, previous * 2) if died_at_once else RESTART_DELAY_S
                self.say(
                    t("serving.serve.restarting", "vi", name=name, code=code, wait=delay[name])
                )
                if self._stopping.wait(delay[name]):
                    return 0
                self._start_backend(run.backend, run.restarts + 1)
            if self.nginx is not None and self.nginx.poll() is not None:
                self.say(self._nginx_log(t("serving.serve.nginx_exited", "vi")))
                return 1
        return 0

    def request_stop(self) -> None:
        """Make `start()` and `watch()` return (from a signal handler)."""
        self._stopping.set()

    def stop(self) -> None:
        """Stop nginx, then every process (politely, then for sure)."""
        self._stopping.set()
        if self.nginx is not None and self.nginx.poll() is None:
            stop(self.nginx)  # SIGTERM: nginx's fast shutdown
        for run in self.running.values():
            if run.process.poll() is None:
                run.process.terminate()
        for run in self.running.values():
            stop(run.process)


def pinned_health(url: str, name: str) -> str | None:
    """Ask nginx at `url` for the health of process `name` (by the cookie); the process that
    answered, or None if none did."""
    request = urllib.request.Request(
        f"{url}/_stcore/health", headers={"Cookie": f"{COOKIE}={name}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.headers.get(BACKEND_HEADER) if response.status == 200 else None
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


@dataclass
class Serving:
    """`python -m justice_dashboard serve` started by `serving()`: where users open it, its run
    folder (logs, processes.json) and the supervisor's own process."""

    url: str
    run_dir: Path
    process: subprocess.Popen[bytes]
    names: list[str]

    def state(self) -> dict[str, dict[str, int]]:
        return json.loads((self.run_dir / "processes.json").read_text(encoding="utf-8"))

    def pid(self, name: str) -> int:
        return int(self.state()[name]["pid"])

    def log(self) -> str:
        return (self.run_dir / "serve.log").read_text(encoding="utf-8", errors="replace")


def _distinct_free_ports(count: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


@contextlib.contextmanager
def serving(
    processes: int,
    run_dir: Path,
    *,
    env: dict[str, str] | None = None,
    base_path: str = DEFAULT_BASE_PATH,
    script: Path | None = None,
    timeout_s: float = STARTUP_TIMEOUT_S,
) -> Iterator[Serving]:
    """Run `serve` with `processes` app processes and nginx on free loopback ports (for the tests
    and the benchmarks); return once nginx reaches every process; stop all of it afterwards."""
    nginx_port, *ports = _distinct_free_ports(processes + 1)
    run_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "justice_dashboard", "serve"]
    command += ["--backend-ports", ",".join(map(str, ports)), "--port", str(nginx_port)]
    command += ["--base-path", base_path, "--run-dir", str(run_dir)]
    command += ["--script", str(script)] if script else []
    with (run_dir / "serve.log").open("ab") as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, removed as one at the end
        )
    names = [b.name for b in backends_on(ports)]
    served = Serving(
        f"http://127.0.0.1:{nginx_port}{normalise_base_path(base_path).rstrip('/')}",
        run_dir,
        process,
        names,
    )
    try:
        deadline = time.monotonic() + timeout_s
        base = normalise_base_path(base_path).rstrip("/")
        for port in ports:  # each process first, so that nginx does not mark one as down
            while not is_healthy(f"http://127.0.0.1:{port}{base}"):
                if process.poll() is not None:
                    raise RuntimeError(f"serve exited early:\n{served.log()}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"serve did not start port {port}:\n{served.log()}")
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=0.2)  # wakes at once if it dies
        for name in names:
            while pinned_health(served.url, name) != name:
                if process.poll() is not None:
                    raise RuntimeError(f"serve exited early:\n{served.log()}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"serve did not reach {name}:\n{served.log()}")
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=0.2)  # wakes at once if it dies
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # anything of its group left behind


# The command line ----------------------------------------------------------------------------


def default_processes() -> int:
    """One process per CPU this process may use."""
    return max(1, len(os.sched_getaffinity(0)))


def _ports(text: str) -> list[int]:
    try:
        ports = [int(p) for p in text.split(",") if p.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(t("serving.serve.bad_ports", "vi", text=text)) from error
    if not ports or len(set(ports)) != len(ports) or not all(0 < p < 65536 for p in ports):
        raise argparse.ArgumentTypeError(t("serving.serve.bad_ports", "vi", text=text))
    return ports


def _base_path(text: str) -> str:
    try:
        return normalise_base_path(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def add_serving_commands(commands: argparse._SubParsersAction) -> None:
    def say(key: str, **values: object) -> str:
        return t(f"serving.{key}", "vi", **values)

    serve = commands.add_parser(
        "serve", help=say("serve.help"), description=say("serve.description")
    )
    serve.add_argument(
        "--processes",
        type=int,
        help=say("serve.processes", default=default_processes()),
    )
    serve.add_argument("--backend-ports", type=_ports, help=say("serve.backend_ports"))
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=say("serve.port"))
    serve.add_argument("--address", default="127.0.0.1", help=say("serve.address"))
    serve.add_argument(
        "--base-path", type=_base_path, default=DEFAULT_BASE_PATH, help=say("serve.base_path")
    )
    serve.add_argument("--no-nginx", action="store_true", help=say("serve.no_nginx_help"))
    serve.add_argument("--run-dir", help=say("serve.run_dir"))
    serve.add_argument("--script", type=Path, default=APP_SCRIPT, help=argparse.SUPPRESS)
    serve.set_defaults(run=run_serve)

    conf = commands.add_parser(
        "nginx-config", help=say("nginx_config.help"), description=say("nginx_config.description")
    )
    conf.add_argument("--ports", type=_ports, help=say("nginx_config.ports"))
    conf.add_argument("--host", default="127.0.0.1", help=say("nginx_config.host"))
    conf.add_argument(
        "--base-path", type=_base_path, default=DEFAULT_BASE_PATH, help=say("serve.base_path")
    )
    conf.add_argument("--server-name", default=EXAMPLE_SERVER_NAME, help=say("nginx_config.name"))
    conf.add_argument("--certificate", default=EXAMPLE_CERTIFICATE, help=say("nginx_config.cert"))
    conf.add_argument(
        "--certificate-key", default=EXAMPLE_CERTIFICATE_KEY, help=say("nginx_config.key")
    )
    conf.add_argument("--no-tls", action="store_true", help=say("nginx_config.no_tls"))
    conf.add_argument("--listen", action="append", help=say("nginx_config.listen"))
    conf.add_argument("--access-log", default=EXAMPLE_ACCESS_LOG, help=say("nginx_config.log"))
    conf.add_argument("--out", help=say("nginx_config.out"))
    conf.set_defaults(run=run_nginx_config)


def run_nginx_config(args: argparse.Namespace) -> int:
    ports = args.ports or [FIRST_BACKEND_PORT + i for i in range(default_processes())]
    site = render_site(
        backends_on(ports, args.host),
        base_path=args.base_path,
        listen=args.listen or (),
        server_name=args.server_name,
        tls=None if args.no_tls else Tls(args.certificate, args.certificate_key),
        access_log=args.access_log,
    )
    if args.out:
        Path(args.out).write_text(site, encoding="utf-8")
        print(t("serving.nginx_config.written", "vi", out=args.out, count=len(ports)))
    else:
        sys.stdout.write(site)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    ports = args.backend_ports or [
        FIRST_BACKEND_PORT + i for i in range(args.processes or default_processes())
    ]
    if args.processes and len(ports) != args.processes:
        print(t("serving.serve.ports_mismatch", "vi", count=args.processes, ports=len(ports)))
        return 2
    use_nginx = not args.no_nginx
    if use_nginx and nginx_binary() is None:
        print(t("serving.serve.no_nginx", "vi"), file=sys.stderr)
        return EXIT_NO_NGINX
    run_dir = (
        Path(args.run_dir) if args.run_dir else Path(tempfile.mkdtemp(prefix="justice-serve-"))
    )
    cluster = Cluster(
        backends_on(ports, "127.0.0.1" if use_nginx else args.address),
        run_dir,
        base_path=args.base_path,
        nginx_listen=f"{args.address}:{args.port}" if use_nginx else None,
        script=args.script,
        say=lambda line: print(line, flush=True),
    )

    signal.signal(signal.SIGTERM, lambda _signum, _frame: cluster.request_stop())
    signal.signal(signal.SIGINT, lambda _signum, _frame: cluster.request_stop())
    try:
        cluster.start()
        print(
            t(
                "serving.serve.ready",
                "vi",
                count=len(ports),
                url=cluster.url + "/",
                ports=", ".join(str(p) for p in ports),
                run_dir=run_dir,
            ),
            flush=True,
        )
        return cluster.watch()
    except (RuntimeError, TimeoutError, FileNotFoundError) as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        cluster.stop()
