"""Benchmark: requests per second and SQL queries of each page type, with and without the page cache.

    .venv/bin/python benchmarks/pages.py
    .venv/bin/python benchmarks/pages.py --services 10000 --seconds 15 --rounds 3
    .venv/bin/python benchmarks/pages.py --keep    # leaves the database for another run (--reuse NAME)
    .venv/bin/python benchmarks/pages.py --bakerydemo /tmp/bakerydemo --seconds 5 --rounds 2

Builds a throwaway PostgreSQL database (``bgro_bench_pages_<pid>`` on the server of DATABASE_URL,
by default postgres://postgres@127.0.0.1:5432/): migrations, the demo site (``load_demo``) and,
with ``--services N``, a generated catalogue of N services × 3 languages imported on top (the
import benchmark's, benchmarks/import_catalogue.py). Static files are collected into a temporary
folder. Then, for ``--rounds`` rounds, it starts the site under gunicorn with the production
settings (``--workers``, 2 by default, sync workers as in the Dockerfile) in turn — the page cache
off (``PAGE_CACHE=false``), on (Redis at ``--redis``, a database number of its own, keys under a
prefix of this run that are deleted at the end), and on behind the front cache — and sends each
page type's URL from ``--concurrency`` connections for ``--seconds`` seconds, as a browser does
(``Accept-Encoding: gzip``, no cookie). Prints per page type: requests/s, p50 and p99 latency in
each mode, the ratio cached/uncached, and the SQL queries of a first (cold) and a repeated
(cached) request, counted in-process with Django's test client under the same settings.

The production shape and two references, measured in the same rounds, each side in turn (A/B
alternation); the nginx of each is the Debian package ``nginx``, started by this run with its own
prefix, temporary paths and free port, and stopped at the end:

- **The front cache** (always; ``--no-front`` to skip): nginx with the production configuration,
  ``nginx/default.conf`` itself with only its addresses replaced (the cache folder, the upstream,
  the two ``listen`` ports), in front of a gunicorn of our site with the page cache on. The first
  request of each page fills nginx's cache from the page cache; the load is then served from
  nginx's cache, which is checked: after each page's load its answer must carry
  ``X-Front-Cache: HIT`` (the report names the pages that did not). Ratio: front rate / nginx's.
- **nginx serving a static copy of the same bytes** (always; ``--no-nginx`` to skip): the body
  and headers our cached site answered for each page are written to files and served by nginx.
  Ratios: our cached rate (gunicorn answering from Redis) / nginx's, and front / nginx's.
- **Wagtail's bakerydemo** with ``--bakerydemo PATH`` (a checkout; not part of this repository,
  README "Measured figures" says how to get it): migrated and loaded (``load_initial_data``) into a
  throwaway database of its own (or ``--bakerydemo-reuse NAME``), its static files collected, then
  started under the same gunicorn settings with its production settings. Its Python is
  ``--bakerydemo-python`` (default ``PATH/.venv/bin/python``; a virtualenv with its requirements and
  our Wagtail and Django versions). Page types map to its own: service index/page → breads,
  institution index/page → locations, news index/page → blog. Ratio: our uncached rate / its rate.

The client (``--client``) is wrk when it is installed (Debian package ``wrk``), else Python.
wrk: 2 threads (at most one per connection), ``--concurrency`` keep-alive connections,
``--seconds`` rounded to whole seconds, ``--latency``, a timeout of 30 s; a Lua ``done`` hook
prints its summary as JSON (requests, duration, p50, p99, socket errors and the responses with a
status of 400 or more, which is what wrk counts as a status error). gunicorn's sync workers close
the connection after each answer, so against our site wrk connects once per request, as the
Python client always does; nginx keeps the connection open, as it does for browsers. The Python
client (one thread per connection, http.client, a new connection per request) is kept for
machines without wrk: at a few thousand requests/s it is itself the limit, so its cached, front
and nginx figures are a lower bound of what those servers can serve, and their ratios are closer
to 1 than the servers' own. Before each load three requests warm the page up (and fill the
caches); one that does not answer 200 counts as an error. On a shared machine every figure is
noisy: compare ratios measured in the same run, not figures of different runs.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site"), str(ROOT / "benchmarks")]

from import_catalogue import generate, throwaway_postgres  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
SIDES = ("uncached", "bakerydemo", "cached", "front", "nginx")  # the order of each round
WRK = shutil.which("wrk")


def site_environment(database_url, redis_url, key_prefix, static_root, page_cache):
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="bgro.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost,127.0.0.1",
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="60",
        REDIS_URL=redis_url,
        REDIS_KEY_PREFIX=key_prefix,
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(static_root),
        PAGE_CACHE="true" if page_cache else "false",
        LOG_LEVEL="ERROR",
        TASKS_BACKEND="immediate",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "site")]),
    )
    environment.pop("ELASTICSEARCH_URL", None)  # the database search engine: no node needed
    return environment


def manage(environment, *arguments, python=PYTHON, cwd=ROOT):
    subprocess.run(
        [python, str(Path(cwd) / "manage.py"), *arguments],
        env=environment,
        check=True,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A server process of this run on a free port, answering ``probe`` before it is used."""

    def __init__(self, command, environment, cwd, probe, name, *, port=None, seconds=90, details=lambda: ""):
        self.port = port or free_port()
        self.process = subprocess.Popen([part.format(port=self.port) for part in command], env=environment, cwd=cwd)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if fetch(self.port, probe).status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                sys.exit(f"{name} stopped with code {self.process.returncode} before answering {probe} {details()}")
            time.sleep(0.1)
        self.stop()
        sys.exit(f"{name} did not answer {probe} within {seconds} s {details()}")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def gunicorn(gunicorn_path, application, environment, cwd, workers, probe, name):
    """The same gunicorn settings for every Django site: sync workers, as in the Dockerfile."""
    command = [gunicorn_path, application, "--bind", "127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--log-level", "warning"]
    return Server(command, environment, cwd, probe, name)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body


def fetch(port, url):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", url, headers={"Host": "localhost", "Accept-Encoding": "gzip"})
        response = connection.getresponse()
        return Response(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


def load(port, url, options):
    """(requests/s, p50 ms, p99 ms, errors) of ``url`` under ``options.concurrency`` connections."""
    warm_up_errors = 0
    for _ in range(3):  # the first request fills the page cache (and the front cache)
        if fetch(port, url).status != 200:
            warm_up_errors += 1
    if options.client == "wrk":
        measure = load_wrk(port, url, options.seconds, options.concurrency)
    else:
        measure = load_python(port, url, options.seconds, options.concurrency)
    return (*measure[:3], measure[3] + warm_up_errors)


def load_python(port, url, seconds, concurrency):
    """The Python client: one thread per connection, a new connection per request."""
    latencies, errors = [], []
    stop_at = time.monotonic() + seconds

    def client():
        mine = []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status = fetch(port, url).status
            except OSError as error:
                errors.append(error)
                continue
            if status != 200:
                errors.append(status)
            mine.append(time.perf_counter() - started)
        latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan")
    median = statistics.median(latencies) * 1000 if latencies else float("nan")
    return len(latencies) / elapsed, median, p99 * 1000, len(errors)


# wrk's ``done`` hook: its summary as one JSON line (times in microseconds) instead of its text,
# whose units change with the magnitude ("812.00us", "1.20ms", "2.01s").
WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
"""


def load_wrk(port, url, seconds, concurrency):
    """wrk: 2 threads, ``concurrency`` keep-alive connections, whole seconds (wrk takes no fraction)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        command = [WRK, "--latency", "--threads", str(min(2, concurrency)), "--connections", str(concurrency)]
        command += ["--duration", f"{max(1, round(seconds))}s", "--timeout", "30s", "--script", script.name]
        command += ["--header", "Host: localhost", "--header", "Accept-Encoding: gzip"]
        output = subprocess.run(
            [*command, f"http://127.0.0.1:{port}{url}"], capture_output=True, text=True, check=True
        ).stdout
    [line] = [line for line in output.splitlines() if line.startswith("WRK-RESULT ")]
    result = json.loads(line.removeprefix("WRK-RESULT "))
    errors = sum(result[kind] for kind in ("connect", "read", "write", "status", "timeout"))
    if not result["requests"]:
        return 0.0, float("nan"), float("nan"), errors
    requests_per_second = result["requests"] / (result["duration_us"] / 1e6)
    return requests_per_second, result["p50_us"] / 1000, result["p99_us"] / 1000, errors


def page_urls():
    """One URL per page type, read from the database (Django set up with the site's settings)."""
    from catalogue.models import InstitutionIndexPage, InstitutionPage, ServiceIndexPage, ServicePage
    from news.models import NewsIndexPage, NewsPage

    def first(model):
        page = model.objects.live().filter(locale__language_code="bg").order_by("path").first()
        return page.url if page else None

    urls = {
        "home": "/bg/",
        "service index": first(ServiceIndexPage),
        "service page": first(ServicePage),
        "institution index": first(InstitutionIndexPage),
        "institution page": first(InstitutionPage),
        "news index": first(NewsIndexPage),
        "news page": first(NewsPage),
        "search page": "/bg/search/?q=удостоверение",
        "search API": "/api/search/?q=certificate&lang=en",
        "pages API": "/api/v2/pages/?limit=20",
    }
    from django.utils.encoding import iri_to_uri

    return {name: iri_to_uri(url) for name, url in urls.items() if url}


def count_queries(urls):
    """name → (queries of a cold request, queries of the repeated one), page cache on."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = True
    client = Client(HTTP_HOST="localhost")
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as cold:
            client.get(url)
        with CaptureQueriesContext(connection) as repeated:
            client.get(url)
        counts[name] = (len(cold), len(repeated))
    return counts


# --- Wagtail's bakerydemo -------------------------------------------------------------------

# Run by bakerydemo's own Python (``manage.py shell -c``): its page of each of our page types,
# and the SQL queries of a first and a repeated request of each, as ``count_queries`` does ours.
BAKERYDEMO_PROBE = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from bakerydemo.blog.models import BlogIndexPage, BlogPage
from bakerydemo.breads.models import BreadPage, BreadsIndexPage
from bakerydemo.locations.models import LocationPage, LocationsIndexPage

def first(model):
    page = model.objects.live().order_by("path").first()
    return page.url if page else None

urls = {
    "home": "/",
    "service index": first(BreadsIndexPage),
    "service page": first(BreadPage),
    "institution index": first(LocationsIndexPage),
    "institution page": first(LocationPage),
    "news index": first(BlogIndexPage),
    "news page": first(BlogPage),
    "search page": "/search/?q=bread",
    "search API": "/api/v2/pages/?search=bread",
    "pages API": "/api/v2/pages/?limit=20",
}
client = Client(HTTP_HOST="localhost")
result = {}
for name, url in urls.items():
    if not url:
        continue
    with CaptureQueriesContext(connection) as cold:
        status = client.get(url).status_code
    with CaptureQueriesContext(connection) as repeated:
        client.get(url)
    result[name] = {"url": url, "status": status, "queries": [len(cold), len(repeated)]}
print("BAKERYDEMO-PAGES " + json.dumps(result))
"""


class Bakerydemo:
    def __init__(self, checkout, python, database_url):
        self.checkout = Path(checkout).resolve()
        self.python = Path(python) if python else self.checkout / ".venv" / "bin" / "python"
        if not (self.checkout / "bakerydemo" / "settings" / "production.py").exists():
            sys.exit(
                f"--bakerydemo {checkout}: not a checkout of wagtail/bakerydemo (no bakerydemo/settings/production.py)"
            )
        if not self.python.exists():
            sys.exit(
                f"No Python for bakerydemo at {self.python}: make a virtualenv there (README) or pass --bakerydemo-python"
            )
        self.gunicorn = str(self.python.with_name("gunicorn"))
        if not Path(self.gunicorn).exists():
            sys.exit(f"No gunicorn beside {self.python}: install it in bakerydemo's virtualenv")
        self.environment = {
            key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS", "ELASTICSEARCH"))
        }
        # Its production settings; without REDIS_URL they use a local-memory cache in each worker.
        self.environment.update(
            DJANGO_SETTINGS_MODULE="bakerydemo.settings.production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
            SECURE_SSL_REDIRECT="false",  # plain HTTP, as ours (TLS ends at a proxy in both)
            DATABASE_URL=database_url,
            PYTHONPATH=str(self.checkout),
        )
        self.pages = {}

    def prepare(self, fresh):
        manage(
            self.environment, "collectstatic", "--noinput", "--verbosity", "0", python=self.python, cwd=self.checkout
        )
        if fresh:
            manage(self.environment, "migrate", "--verbosity", "0", python=self.python, cwd=self.checkout)
            manage(self.environment, "load_initial_data", python=self.python, cwd=self.checkout)
        output = subprocess.run(
            [str(self.python), "manage.py", "shell", "-c", BAKERYDEMO_PROBE],
            env=self.environment,
            cwd=self.checkout,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        [line] = [line for line in output.splitlines() if line.startswith("BAKERYDEMO-PAGES ")]
        self.pages = json.loads(line.removeprefix("BAKERYDEMO-PAGES "))
        failing = {name: page["status"] for name, page in self.pages.items() if page["status"] != 200}
        if failing:
            sys.exit(f"bakerydemo answers these pages with an error: {failing}")

    def start(self, workers):
        return gunicorn(
            self.gunicorn, "bakerydemo.wsgi:application", self.environment, self.checkout, workers, "/", "bakerydemo"
        )


# --- nginx of this run: a static copy and the front cache ----------------------------------


def nginx_binary(flag):
    """The nginx program (Debian's package), or a message naming the flag that leaves it out."""
    found = shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)), None
    )
    if not found:
        sys.exit(f"nginx is not installed: `apt-get install nginx` (Debian), or run with {flag}")
    return found


def nginx_configuration(folder, worker_connections, http_block):
    """A whole nginx configuration of its own under ``folder``: pid, logs and temporary paths."""
    for temporary in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / temporary).mkdir(exist_ok=True)
    return (
        "daemon off;\n"
        "worker_processes 2;\n"  # as many as gunicorn's workers
        f"pid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log error;\n"
        f"events {{ worker_connections {worker_connections}; }}\n"
        "http {\n"
        "    access_log off;\n"
        "    types { }\n"
        + "".join(f"    {kind}_temp_path {folder}/{kind};\n" for kind in ("proxy", "fastcgi", "uwsgi", "scgi"))
        + f"    client_body_temp_path {folder}/client_body;\n"
        + http_block
        + "}\n"
    )


def start_nginx(binary, folder, configuration, probe):
    """nginx on a free port (``{port}`` in ``configuration``), once ``probe`` answers 200."""
    # A free port at each start; the braces of the config are nginx's, so no str.format.
    port = free_port()
    path = folder / "nginx-port.conf"
    path.write_text(configuration.replace("{port}", str(port)))
    command = [binary, "-p", str(folder), "-c", str(path), "-e", str(folder / "error.log")]
    return Server(
        command,
        None,
        folder,
        probe,
        "nginx",
        port=port,
        seconds=30,
        details=lambda: f"({(folder / 'error.log').read_text()[-500:]})",
    )


class StaticCopy:
    """nginx of this run serving, under /page-N, the bytes and type our site answered for each page."""

    # nginx adds its own ETag and Last-Modified (of the file), as the page cache does.
    HEADERS = ("Content-Type", "Content-Encoding", "Vary", "Cache-Control")

    def __init__(self, folder):
        self.nginx = nginx_binary("--no-nginx")
        self.folder = Path(folder)
        self.folder.chmod(0o755)  # nginx's workers run as another user when started by root
        self.urls = {}
        self.configuration = None

    def copy(self, port, urls):
        """Take each page's bytes from our running (cached) site."""
        locations = []
        for number, (name, url) in enumerate(urls.items()):
            response = fetch(port, url)
            if response.status != 200:
                sys.exit(f"{name} ({url}) answered {response.status}: nothing to copy for nginx")
            body = self.folder / f"page-{number}"
            body.write_bytes(response.body)
            body.chmod(0o644)
            received = {key.lower(): value for key, value in response.headers.items()}
            headers = {key: received[key.lower()] for key in self.HEADERS if received.get(key.lower())}
            content_type = headers.pop("Content-Type", "application/octet-stream")
            added = "".join(f'        add_header {key} "{value}";\n' for key, value in headers.items())
            locations.append(
                f"    location = /page-{number} {{\n        alias {body};\n"
                f'        default_type "{content_type}";\n{added}    }}\n'
            )
            self.urls[name] = f"/page-{number}"
        server = "    server {\n        listen 127.0.0.1:{port};\n" + "".join(locations) + "    }\n"
        self.configuration = nginx_configuration(self.folder, 256, server)

    def start(self):
        return start_nginx(self.nginx, self.folder, self.configuration, next(iter(self.urls.values())))


class FrontCache:
    """nginx of this run with the production front cache, ``nginx/default.conf``, before our gunicorn.

    The file is used as it is, with only what belongs to the compose network replaced: the cache
    folder, the upstream ``web:8000`` and the two ``listen`` ports. Each replaced text must occur
    exactly once, so a change to the file that this benchmark no longer matches stops the run
    instead of measuring another configuration.
    """

    PRODUCTION = ROOT / "nginx" / "default.conf"

    def __init__(self, folder):
        self.nginx = nginx_binary("--no-front")
        self.folder = Path(folder)
        self.folder.chmod(0o755)  # nginx's workers run as another user when started by root
        self.front = self.PRODUCTION.read_text()
        self.configuration(0)  # a mismatch stops the run now, not after load_demo

    def configuration(self, site_port):
        front = self.front
        replacements = {
            "proxy_cache_path /var/cache/nginx/pages ": f"proxy_cache_path {self.folder}/pages ",
            "server web:8000;": f"server 127.0.0.1:{site_port};",
            "listen 80;": "listen 127.0.0.1:{port};",
            "listen 8081;": f"listen 127.0.0.1:{free_port()};",  # the purge server, unused here
        }
        for production, here in replacements.items():
            if front.count(production) != 1:
                sys.exit(f"{self.PRODUCTION}: `{production}` is not there exactly once; update FrontCache")
            front = front.replace(production, here)
        # Each start with an empty cache: the warm-up requests fill it.
        shutil.rmtree(self.folder / "pages", ignore_errors=True)
        return nginx_configuration(self.folder, 1024, front)

    def start(self, site_port, probe):
        return start_nginx(self.nginx, self.folder, self.configuration(site_port), probe)


# --- the run --------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=0, help="catalogue services imported on top of the demo")
    parser.add_argument("--seconds", type=float, default=10, help="seconds of load per page type and side")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (each side in turn)")
    parser.add_argument("--concurrency", type=int, default=4, help="client connections (threads of the Python client)")
    parser.add_argument(
        "--client",
        choices=("wrk", "python"),
        default="wrk" if WRK else "python",
        help="the load client (default: wrk when installed, else python)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (at most 2 on a shared machine)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8", help="Redis URL (a database of its own)")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--reuse", metavar="NAME", help="use this existing bgro_bench… database as it is")
    parser.add_argument("--bakerydemo", metavar="PATH", help="a checkout of wagtail/bakerydemo to compare with")
    parser.add_argument("--bakerydemo-python", metavar="PYTHON", help="its Python (default PATH/.venv/bin/python)")
    parser.add_argument("--bakerydemo-reuse", metavar="NAME", help="an already loaded database of bakerydemo")
    parser.add_argument("--no-nginx", action="store_true", help="leave out nginx serving a static copy")
    parser.add_argument("--no-front", action="store_true", help="leave out the front cache (nginx/default.conf)")
    options = parser.parse_args()
    if options.client == "wrk" and not WRK:
        sys.exit("wrk is not installed: `apt-get install wrk` (Debian), or run with --client python")
    if options.concurrency > 4 or options.workers > 2:
        print("Note: more than 4 client connections or 2 workers on a shared 2-core machine measures the machine.")

    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = options.reuse or f"bgro_bench_pages_{os.getpid()}"
    database_url = urlsplit(server)._replace(path=f"/{name}").geturl()
    bakery_name = options.bakerydemo_reuse or f"bgro_bench_bakerydemo_{os.getpid()}"
    bakery_url = urlsplit(server)._replace(path=f"/{bakery_name}").geturl()
    key_prefix = f"bench-pages-{uuid.uuid4().hex[:8]}"
    bakerydemo = Bakerydemo(options.bakerydemo, options.bakerydemo_python, bakery_url) if options.bakerydemo else None
    with (
        tempfile.TemporaryDirectory() as static_root,
        tempfile.TemporaryDirectory() as copy_folder,
        tempfile.TemporaryDirectory() as front_folder,
    ):
        static_copy = None if options.no_nginx else StaticCopy(copy_folder)
        front_cache = None if options.no_front else FrontCache(front_folder)
        build = site_environment(database_url, options.redis, key_prefix, static_root, page_cache=False)
        os.environ.update(build)
        references = (bakerydemo, static_copy, front_cache)
        if options.reuse:
            run(options, database_url, build, key_prefix, *references, fresh=False)
        elif options.keep:
            with _created(database_url):
                run(options, database_url, build, key_prefix, *references, fresh=True)
            print(f"Database kept: {name} (run again with --reuse {name})")
        else:
            with throwaway_postgres(database_url):
                run(options, database_url, build, key_prefix, *references, fresh=True)


class _created:
    """Create the database (dropping one of that name first), keep it at the end."""

    def __init__(self, url):
        self.url = url

    def __enter__(self):
        import psycopg
        from psycopg import sql

        name = urlsplit(self.url).path.lstrip("/")
        maintenance = urlsplit(self.url)._replace(path="/postgres").geturl()
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def __exit__(self, *exc):
        return False


def prepare_bakerydemo(options, bakerydemo):
    """bakerydemo's database: loaded in a throwaway one, or the one given to reuse (kept)."""
    if options.bakerydemo_reuse:
        bakerydemo.prepare(fresh=False)
        return
    throwaway = throwaway_postgres(bakerydemo.environment["DATABASE_URL"])
    throwaway.__enter__()
    try:
        bakerydemo.prepare(fresh=True)
    except BaseException:
        throwaway.__exit__(None, None, None)
        raise
    return throwaway


def run(options, database_url, build, key_prefix, bakerydemo, static_copy, front_cache, fresh):
    started = time.monotonic()
    manage(build, "collectstatic", "--noinput", "--verbosity", "0")
    if fresh:
        manage(build, "migrate", "--verbosity", "0")
        manage(build, "load_demo")
        if options.services:
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as catalogue:
                json.dump(generate(options.services), catalogue)
            try:
                manage(build, "import_catalogue", catalogue.name)
            finally:
                os.unlink(catalogue.name)
    print(f"Site ready in {time.monotonic() - started:.0f} s ({options.services} generated services)")
    bakery_database = None
    if bakerydemo:
        started = time.monotonic()
        bakery_database = prepare_bakerydemo(options, bakerydemo)
        print(f"bakerydemo ready in {time.monotonic() - started:.0f} s")
    try:
        measure(options, database_url, key_prefix, bakerydemo, static_copy, front_cache)
    finally:
        if bakery_database:
            bakery_database.__exit__(None, None, None)


def measure(options, database_url, key_prefix, bakerydemo, static_copy, front_cache):
    import django

    django.setup()
    from django.core.cache import cache

    urls = page_urls()
    queries = count_queries(urls)
    left_out = {"bakerydemo": not bakerydemo, "nginx": not static_copy, "front": not front_cache}
    sides = [side for side in SIDES if not left_out.get(side)]
    results = {name: {side: [] for side in sides} for name in urls}
    front_misses = {}  # page → the X-Front-Cache of its answer after a load through the front cache
    static_root = os.environ["STATIC_ROOT"]  # collected once by ``run``

    def our_site(page_cache):
        environment = site_environment(database_url, options.redis, key_prefix, static_root, page_cache=page_cache)
        return gunicorn(GUNICORN, "bgro.wsgi:application", environment, ROOT, options.workers, "/healthz", "our site")

    try:
        for round_number in range(options.rounds):
            for side in sides:
                side_urls = urls
                servers = []  # stopped at the end of the side, the last started first
                try:
                    if side == "bakerydemo":
                        servers.append(bakerydemo.start(options.workers))
                        side_urls = {name: bakerydemo.pages[name]["url"] for name in urls if name in bakerydemo.pages}
                    elif side == "nginx":
                        servers.append(static_copy.start())
                        side_urls = static_copy.urls
                    elif side == "front":
                        servers.append(our_site(page_cache=True))
                        servers.append(front_cache.start(servers[0].port, "/healthz"))
                    else:
                        servers.append(our_site(page_cache=side == "cached"))
                    site = servers[-1]
                    if side == "cached" and static_copy and not static_copy.urls:
                        for url in urls.values():
                            fetch(site.port, url)  # a cached copy first: nginx gets the bytes visitors get
                        static_copy.copy(site.port, urls)
                    for name, url in side_urls.items():
                        results[name][side].append(load(site.port, url, options))
                        if side == "front":
                            status = header(fetch(site.port, url), "X-Front-Cache")
                            if status != "HIT":
                                front_misses[name] = status
                finally:
                    for server in reversed(servers):
                        server.stop()
            print(f"round {round_number + 1}/{options.rounds} done")
    finally:
        # This run's prefix only, every cache version (Wagtail's site root paths use version 2).
        connection = cache.client.get_client()
        for key in connection.scan_iter(f"{key_prefix}:*"):
            connection.delete(key)
    report(options, urls, results, queries, bakerydemo, front_misses)


def header(response, name):
    return next((value for key, value in response.headers.items() if key.lower() == name.lower()), None)


def best(measures):
    """The round with the most requests/s (the one least disturbed by the rest of the machine)."""
    return max(measures, key=lambda each: each[0]) if measures else None


def report(options, urls, results, queries, bakerydemo, front_misses):
    if options.client == "wrk":
        client = f"wrk with {min(2, options.concurrency)} threads and {options.concurrency} connections"
        seconds = max(1, round(options.seconds))
    else:
        client = f"the Python client with {options.concurrency} threads"
        seconds = options.seconds
    print(
        f"\n{options.workers} gunicorn workers, {client}, {seconds:g} s per measure, "
        f"best of {options.rounds} alternating rounds. "
        "r/s: requests per second; p50/p99 in ms; SQL: queries of a first → a repeated request."
    )

    def columns(measure):
        return f"{measure[0]:>8.1f} {measure[1]:>7.2f} {measure[2]:>7.2f}" if measure else f"{'–':>8} {'':>7} {'':>7}"

    def ratio(ours, theirs):
        return f"{ours[0] / theirs[0]:>6.2f}" if ours and theirs and theirs[0] else f"{'–':>6}"

    header = (
        f"{'page':<18} {'us r/s':>8} {'p50':>7} {'p99':>7} {'SQL':>7} | {'bakery':>8} {'p50':>7} {'p99':>7} "
        f"{'SQL':>7} | {'us/bakery':>9}"
    )
    print("\nUncached: our site with the page cache off, and Wagtail's bakerydemo")
    print(header)
    print("-" * len(header))
    for name in urls:
        ours, theirs = best(results[name]["uncached"]), best(results[name].get("bakerydemo", []))
        bakery_sql = bakerydemo.pages[name]["queries"] if bakerydemo and name in bakerydemo.pages else None
        errors = sum(each[3] for measures in results[name].values() for each in measures)
        our_sql = "{}→{}".format(*queries[name])
        their_sql = "{}→{}".format(*bakery_sql) if bakery_sql else "–"
        print(
            f"{name:<18} {columns(ours)} {our_sql:>7} | {columns(theirs)} {their_sql:>7} | {ratio(ours, theirs):>9}"
            + (f"  ({errors} errors)" if errors else "")
        )
    header = (
        f"{'page':<18} {'cached':>8} {'p50':>7} {'p99':>7} | {'front':>8} {'p50':>7} {'p99':>7} | "
        f"{'nginx':>8} {'p50':>7} {'p99':>7} | {'cached/nginx':>12} {'front/nginx':>11} {'cached/uncached':>15}"
    )
    print(
        "\nCached: our site with the page cache on (gunicorn answering from Redis), the same behind the front"
        "\ncache (nginx/default.conf's micro-cache, answering from its cache), and nginx serving a static copy"
    )
    print(header)
    print("-" * len(header))
    for name in urls:
        cached, front, static, uncached = (
            best(results[name].get(side, [])) for side in ("cached", "front", "nginx", "uncached")
        )
        print(
            f"{name:<18} {columns(cached)} | {columns(front)} | {columns(static)} | {ratio(cached, static):>12} "
            f"{ratio(front, static):>11} {ratio(cached, uncached):>15}"
        )
    if "front" in next(iter(results.values()), {}):
        if front_misses:
            misses = ", ".join(f"{name} ({status or 'no header'})" for name, status in front_misses.items())
            print(f"\nNot a front-cache HIT after the load: {misses}")
        else:
            print("\nFront cache: every page answered X-Front-Cache: HIT after its load.")


if __name__ == "__main__":
    main()
