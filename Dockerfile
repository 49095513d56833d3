# The production image: gunicorn serving the site, WhiteNoise serving the static files.
#
#   docker build -t bgro .
#   docker run --env-file .env -p 8000:8000 -v bgro-media:/app/media bgro
#   docker run --env-file .env bgro python manage.py migrate      # on each release
#   docker compose up -d --build   # the whole production shape: see compose.yaml
#   docker run --env-file .env -v bgro-media:/app/media bgro python manage.py db_worker --queue-name '*'
#   docker run --env-file .env bgro python manage.py run_schedule   # the background jobs (issue 13)
#
# SECRET_KEY and ALLOWED_HOSTS are required at run time (see .env.example); the values given
# to the build steps below exist only during those steps and are not kept in the image.
# Uploads in /app/media are for the web server in front to serve; with none, SERVE_MEDIA=true.

# --- Build: dependencies, compiled translations, collected static files ----------------------
FROM python:3.11-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# msgfmt for compilemessages; only in this stage.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv

WORKDIR /app

# Dependencies first, so this layer is rebuilt only when pyproject.toml changes. The project
# declares no packages (it runs from its checkout): installing it installs its dependencies.
COPY pyproject.toml README.md ./
RUN pip install . && rm -rf build ./*.egg-info

COPY . .

RUN if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
        DJANGO_SETTINGS_MODULE=bgro.settings.production SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=localhost \
        python manage.py compilemessages --verbosity 0; \
    fi

RUN DJANGO_SETTINGS_MODULE=bgro.settings.production SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=localhost \
    STATIC_ROOT=/app/static python manage.py collectstatic --noinput --verbosity 1

# --- Run ---------------------------------------------------------------------------------------
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=bgro.settings.production \
    STATIC_ROOT=/app/static \
    MEDIA_ROOT=/app/media \
    WEB_CONCURRENCY=2

# WeasyPrint (tagged PDF/UA deliverables of load_demo, issue 19) needs Pango at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 bgro \
    && useradd --system --uid 10001 --gid bgro --home-dir /app --no-create-home --shell /usr/sbin/nologin bgro

COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app

WORKDIR /app

# Uploads are written at run time: the only folder the site's user may write to.
RUN mkdir -p /app/media && chown bgro:bgro /app/media
VOLUME ["/app/media"]

USER bgro

EXPOSE 8000

# Liveness: 200 while the site's process answers (/healthz touches no database, cache or node, so
# a database outage does not get healthy containers restarted; /readyz is for the load balancer).
# The request names the first of ALLOWED_HOSTS, because Django refuses other Host headers;
# /healthz is exempt from the HTTPS redirect.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["python", "-c", "import os, sys, urllib.request; host = (os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.') or 'localhost').replace('*', 'localhost'); request = urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}); sys.exit(0 if urllib.request.urlopen(request, timeout=4).status == 200 else 1)"]

# Workers: WEB_CONCURRENCY (gunicorn reads it; default 2 here). More options: GUNICORN_CMD_ARGS.
# No gunicorn access log: it would write visitors' IP addresses and query strings; the site
# writes one line per request without them (operations.request_log, LOG_FORMAT).
CMD ["gunicorn", "--pythonpath", "site", "bgro.wsgi:application", "--bind", "0.0.0.0:8000"]
