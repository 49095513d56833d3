"""Catalogue uploads in an S3-compatible bucket (django-storages), as production configures it
with AWS_STORAGE_BUCKET_NAME: the admin stores the file there and the import job reads it back.
The bucket is served by moto's S3 server over HTTP, started by the test on a free port."""

import json
import socket

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from moto.server import ThreadedMotoServer

from catalogue.models import CatalogueImport, ServicePage
from tests.catalogue.test_importer import CATALOGUE

BUCKET = "bgro-test-uploads"
CREDENTIALS = {"access_key": "test-key", "secret_key": "test-secret", "region_name": "eu-central-1"}


@pytest.fixture
def s3_endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name=CREDENTIALS["region_name"],
    ).create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["region_name"]})
    yield endpoint
    server.stop()


def test_an_upload_goes_to_the_bucket_and_the_import_job_reads_it_from_there(s3_endpoint, admin_client):
    s3_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": s3_endpoint, "file_overwrite": False, **CREDENTIALS},
    }
    raw = json.dumps(CATALOGUE).encode()
    with override_settings(STORAGES={"default": s3_storage, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
        url = reverse("catalogue_import")
        admin_client.post(url, {"file": SimpleUploadedFile("catalogue.json", raw, content_type="application/json")})
        record = CatalogueImport.objects.get()
        bucket = boto3.client(
            "s3",
            endpoint_url=s3_endpoint,
            aws_access_key_id=CREDENTIALS["access_key"],
            aws_secret_access_key=CREDENTIALS["secret_key"],
            region_name=CREDENTIALS["region_name"],
        )
        assert bucket.get_object(Bucket=BUCKET, Key=record.file.name)["Body"].read() == raw

        # The immediate backend of the tests runs the job at once; it reads the file from the bucket.
        admin_client.post(url, {"token": str(record.token)})

    record.refresh_from_db()
    assert record.status == CatalogueImport.Status.SUCCEEDED, record.error
    assert ServicePage.objects.filter(catalogue_id="giurgiu-building-permit").exists()
