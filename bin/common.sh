# Helpers shared by the bin/ scripts (sourced, not run). The scripts work from the
# repository root and never rely on an activated virtualenv: they call .venv/bin/python.

VENV_PYTHON=".venv/bin/python"

say() {
    printf '\n==> %s\n' "$*"
}

die() {
    printf '\nerror: %s\n' "$*" >&2
    exit 1
}

is_root() {
    [ "$(id -u)" -eq 0 ]
}

# Install Debian packages when we are root on a Debian-like system; otherwise say what is missing.
# The package lists are refreshed only when there are none or the first attempt fails.
apt_install() {
    if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
        die "missing $*: install it (Debian/Ubuntu: sudo apt-get install $*) and run again"
    fi
    export DEBIAN_FRONTEND=noninteractive
    if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
        say "apt-get update"
        apt-get update -qq
    fi
    say "apt-get install $*"
    if ! apt-get install -y -qq --no-install-recommends "$@"; then
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "$@"
    fi
}

# The interpreter to build .venv with: python3.11, or python3 when it is 3.11–3.13.
find_python() {
    local candidate
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 14) else 1)' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# A random string of letters and digits, for generated passwords and build-only keys.
random_token() {
    "${VENV_PYTHON}" -c "import secrets, string; print(''.join(secrets.choice(string.ascii_letters + string.digits) for _ in range(${1:-50})))"
}

# A Redis server on 127.0.0.1:6379 for the tests that use a shared cache (Debian's redis-server,
# installed when missing; no data kept on disk). Does nothing when one answers already.
redis_answers() {
    (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null
}

start_redis() {
    redis_answers && return 0
    command -v redis-server >/dev/null 2>&1 || apt_install redis-server
    say "Starting Redis on 127.0.0.1:6379"
    mkdir -p var
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no \
        --logfile "${PWD}/var/redis.log" --dir /tmp >/dev/null
    for _ in $(seq 1 20); do
        redis_answers && return 0
        sleep 0.5
    done
    die "Redis did not start on 127.0.0.1:6379 (see var/redis.log)"
}
