"""Static files as production serves them: collected by WhiteNoise's CompressedManifestStaticFilesStorage
(the production setting), so each file has a content hash in its name, is kept by browsers for a
year without asking again (``immutable``), and goes out compressed (Brotli, else gzip)."""

import gzip

import brotli
import pytest
from django.conf import settings as project_settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_production_collects_static_files_with_hashes_and_compressed_copies():
    from bgro.settings import base

    assert base.STORAGES["staticfiles"]["BACKEND"] == PRODUCTION_STORAGE
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in project_settings.MIDDLEWARE


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """Collected once for the module (compressing every file takes a while)."""
    root = tmp_path_factory.mktemp("static")
    storages = {**project_settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    with override_settings(STATIC_ROOT=str(root), STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
        yield root


@pytest.mark.parametrize(
    ("accepted", "encoding", "decode"), [("br, gzip", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress)]
)
def test_a_stylesheet_is_hashed_immutable_and_compressed(collected, client, accepted, encoding, decode):
    url = staticfiles_storage.url("bgro/css/site.css")
    assert url != "/static/bgro/css/site.css", "the name has the file's hash"

    response = client.get(url, HTTP_ACCEPT_ENCODING=accepted)

    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    assert "immutable" in response["Cache-Control"] and "max-age=315360000" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert decode(body) == (collected / "bgro/css/site.css").read_bytes()
    assert len(body) < len(decode(body))


def test_a_name_without_hash_is_not_kept_for_ever(collected, client):
    response = client.get("/static/bgro/css/site.css")

    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
