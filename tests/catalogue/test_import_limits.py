"""A catalogue file too deep or too big is refused with a message before it is decoded, in
bounded memory: the admin upload and the command (issue 16).

Before: a file nested 100,000 levels deep was a 500 in the admin (RecursionError in json.loads),
and the command read a file of a million tiny records into 1.1 GB and a minute and a half.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue import exchange_format
from catalogue.exchange_format import CatalogueFileError, check_size, parse
from catalogue.models import ServicePage

ROOT = Path(__file__).resolve().parents[2]
DEEP = b"[" * 100_000 + b"]" * 100_000
# One process, nothing but the command: Python, Django and the site's apps take about 130 MB.
PEAK_MEMORY_BUDGET = 300 * 1024 * 1024


def tiny_records(count):
    records = ",".join(f'{{"id":"s{index}"}}' for index in range(count))
    return f'{{"format":"bgro-catalogue/1","services":[{records}]}}'.encode()


def expected_structure(value):
    """The brackets, braces and commas json.dumps writes for ``value`` outside its strings."""
    if isinstance(value, dict):
        return "{" + ",".join(expected_structure(item) for item in value.values()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(expected_structure(item) for item in value) + "]"
    return ""


# Strings made of what could fool a scanner: quotes, backslashes, brackets, commas, escapes.
tricky_text = st.text(alphabet=st.sampled_from('"\\[]{},:\n\t\u00e9ș\u0000ab'), max_size=12)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), tricky_text),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(tricky_text, children, max_size=4)),
    max_leaves=30,
)


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(value=json_values, chunk=st.integers(1, 64), ascii_only=st.booleans())
def test_the_scan_finds_the_structure_outside_strings_wherever_the_chunks_cut(value, chunk, ascii_only):
    raw = json.dumps({"data": value}, ensure_ascii=ascii_only).encode()
    original = exchange_format._CHUNK
    exchange_format._CHUNK = chunk  # cuts inside escapes and strings
    try:
        scanned = b"".join(exchange_format._structure(raw)).decode()
    finally:
        exchange_format._CHUNK = original

    assert scanned == expected_structure({"data": value})


@pytest.mark.smoke
@pytest.mark.parametrize("raw", [DEEP, b'{"a":' * 50_000 + b"1" + b"}" * 50_000, b"[" * 17 + b"]" * 17])
def test_a_deep_file_is_refused_before_it_is_decoded(raw):
    with pytest.raises(CatalogueFileError) as error:
        parse(raw)

    assert "levels deep" in error.value.problems[0]
    assert "at most 16" in error.value.problems[0]


@pytest.mark.smoke
def test_brackets_inside_strings_are_not_depth():
    raw = json.dumps({"format": "bgro-catalogue/1", "services": [], "note": "[" * 1000 + '\\"{' * 1000}).encode()

    assert check_size(raw) == []


@pytest.mark.smoke
@override_settings(CATALOGUE_IMPORT_MAX_RECORDS=3)
def test_records_beyond_the_setting_are_refused():
    assert check_size(tiny_records(3)) == []
    [problem] = check_size(tiny_records(4))
    assert "more than 3 records" in problem
    assert "CATALOGUE_IMPORT_MAX_RECORDS" in problem


@pytest.mark.smoke
@override_settings(CATALOGUE_IMPORT_MAX_RECORDS=3)
def test_values_beyond_a_hundred_per_record_are_refused():
    assert check_size(json.dumps({"services": [list(range(250))]}).encode()) == []
    [problem] = check_size(json.dumps({"services": [list(range(400))]}).encode())
    assert "more than 300 JSON values" in problem


@pytest.mark.smoke
@override_settings(CATALOGUE_IMPORT_MAX_BYTES=1000)
def test_bytes_beyond_the_setting_are_refused():
    [problem] = check_size(b" " * 1001)
    assert "CATALOGUE_IMPORT_MAX_BYTES" in problem


def _command_in_a_process(path):
    """``manage.py import_catalogue PATH --dry-run`` in a process of its own: exit code, error
    output and the process's peak resident memory (bytes).

    The peak is the kernel's VmHWM of the process's own memory, read at its end: getrusage's
    ru_maxrss would also count the pytest process it was forked from (Linux keeps it across exec).
    """
    script = (
        "import runpy, sys\n"
        "sys.argv = ['manage.py', 'import_catalogue', sys.argv[1], '--dry-run']\n"
        "try:\n"
        "    runpy.run_path('manage.py', run_name='__main__')\n"
        "finally:\n"
        "    status = open('/proc/self/status').read()\n"
        "    peak = next(line.split()[1] for line in status.splitlines() if line.startswith('VmHWM:'))\n"
        "    sys.stderr.write(f'\\npeak-kb={peak}\\n')\n"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "bgro.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    peak = int(result.stderr.rsplit("peak-kb=", 1)[1].split()[0]) * 1024
    return result.returncode, result.stderr, peak


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak memory from Linux's /proc")
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deep.json", DEEP, "nested 100,000 levels deep"),
        ("tiny-records.json", tiny_records(1_000_000), "more than 20,000 records"),
    ],
)
def test_the_command_refuses_a_hostile_file_within_300_mb(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    status, errors, peak = _command_in_a_process(path)

    assert status == 1, errors[-2000:]
    assert message in errors
    assert "nothing was imported" in errors
    assert peak < PEAK_MEMORY_BUDGET, f"peak {peak / 2**20:.0f} MB"


def test_the_admin_upload_refuses_a_deep_file_with_a_message(sections, admin_client):
    upload = SimpleUploadedFile("deep.json", DEEP, content_type="application/json")

    response = admin_client.post(reverse("catalogue_import"), {"file": upload}, follow=True)

    # The check job (run at once by the tests' immediate backend) rejected it; its page says why.
    assert response.status_code == 200
    assert "levels deep" in response.context["problems"][0]
    assert "token" not in response.context
    assert not ServicePage.objects.exists()


def test_the_admin_upload_refuses_a_million_tiny_records_with_a_message(sections, admin_client):
    upload = SimpleUploadedFile("tiny.json", tiny_records(1_000_000), content_type="application/json")

    response = admin_client.post(reverse("catalogue_import"), {"file": upload}, follow=True)

    assert response.status_code == 200
    assert "more than 20,000 records" in response.context["problems"][0]
    assert not ServicePage.objects.exists()
