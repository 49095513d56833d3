"""A backup archive of the whole site, and putting one back.

The archive is a gzip-compressed tar file:

- ``manifest.json``: format, time, versions (Python, Django, Wagtail, wagtail-localize, the
  database), the applied migrations, the row count of every model, the SHA-256 and size of the
  data file and of every media file;
- ``database.jsonl``: every row of every model, one JSON object a line (Django's ``jsonl``
  serialisation, primary keys kept), written inside one transaction: on PostgreSQL
  REPEATABLE READ, READ ONLY (one snapshot however long it takes), on SQLite one read
  transaction;
- ``media/…``: every file of the default storage (uploads, documents, renditions).

Derived data is left out and rebuilt by ``update_index`` after a restore: the search indexes
(Wagtail's and the site search's entries, postings, lexicon, node backlog) and sessions.

A restore checks the whole archive (checksums, counts, the migrations) before it changes
anything, then in one transaction empties every table, loads the rows with their primary
keys (so ids stored inside JSON, such as revisions' content types, stay right), resets the
sequences and writes the media files; a failure leaves the database as it was.
"""

import hashlib
import io
import json
import platform
import shutil
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from bgro.framework_internals import quiet_raw_load_receivers

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "database.jsonl"
MEDIA_PREFIX = "media/"

# Rebuilt by update_index after a restore; never worth keeping (and Wagtail's database search
# index keeps a part in SQLite full-text tables that are no models).
DERIVED_MODELS = {
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    "search.searchentry",
    "search.searchentryversion",
    "search.searchposting",
    "search.lexiconentry",
    "search.nodebacklog",
    "sessions.session",
}


class BackupError(Exception):
    """The archive cannot be written or put back; the message says why and what to do."""


def backed_up_models():
    """Every model whose rows go into the archive, parents before children.

    Many-to-many links are their own rows (the auto-created through models) rather than lists
    inside their owner: modelcluster's ParentalManyToManyField would keep a loaded list in
    memory only, and rows load without m2m_changed signals.
    """
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module is not None]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    through = [
        m2m.remote_field.through
        for model in ordered
        for m2m in model._meta.local_many_to_many
        if m2m.remote_field.through._meta.auto_created
    ]
    return [
        model
        for model in [*ordered, *through]
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in DERIVED_MODELS
    ]


def _column_fields(model):
    """The fields written for ``model``: its own columns, never its many-to-many lists."""
    return [f.name for f in model._meta.local_fields if not f.primary_key]


def applied_migrations(connection):
    applied = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _versions(connection):
    def installed(distribution):
        try:
            return version(distribution)
        except PackageNotFoundError:
            return None

    return {
        "python": platform.python_version(),
        "django": installed("Django"),
        "wagtail": installed("wagtail"),
        "wagtail-localize": installed("wagtail-localize"),
        "database": f"{connection.vendor} {connection.Database.__name__} {'.'.join(map(str, connection.get_database_version()))}",
    }


def media_names(storage=None, directory=""):
    """Every file name in the storage, walked folder by folder (works on S3-like storages too)."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:  # no upload yet: MEDIA_ROOT does not exist
        return []
    names = [f"{directory}/{name}" if directory else name for name in files]
    for folder in folders:
        names.extend(media_names(storage, f"{directory}/{folder}" if directory else folder))
    return sorted(names)


def _sha256_file(fileobj):
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def media_checksums(storage=None):
    """{name: sha256} of every file in the storage."""
    storage = storage or default_storage
    checksums = {}
    for name in media_names(storage):
        with storage.open(name, "rb") as handle:
            checksums[name] = _sha256_file(handle)
    return checksums


class _HashingReader:
    """A file wrapper that hashes what is read through it."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


class _Counting:
    """Counts the objects a serializer takes from an iterator."""

    def __init__(self, iterable):
        self.iterable, self.count = iterable, 0

    def __iter__(self):
        for item in self.iterable:
            self.count += 1
            yield item


@dataclass
class BackupSummary:
    path: Path
    rows: int
    models: int
    media_files: int
    media_bytes: int
    manifest: dict = field(repr=False)


@contextmanager
def _snapshot_transaction(connection):
    """One transaction that sees the database as at its first statement; yields how."""
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                # Must be the transaction's first statement; every later read sees one snapshot.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield "repeatable read, read only"
        else:
            # SQLite: a read transaction holds one snapshot of the file (WAL) or keeps writers
            # out; inside a caller's transaction (tests, a script) that transaction's view.
            yield "one transaction"


def write_backup(path, *, using=DEFAULT_DB_ALIAS, log=lambda message: None):
    """Write the archive of the database ``using`` and the default storage to ``path``."""
    path = Path(path)
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="bgro-backup-") as work:
        data_path = Path(work) / DATA
        counts = {}
        with _snapshot_transaction(connection) as isolation, data_path.open("w", encoding="utf-8") as data:
            for model in backed_up_models():
                rows = _Counting(model._base_manager.using(using).order_by("pk").iterator(chunk_size=2000))
                serializers.serialize("jsonl", rows, stream=data, fields=_column_fields(model))
                counts[model._meta.label_lower] = rows.count
            migrations = applied_migrations(connection)
            versions = _versions(connection)
        log(f"Database: {sum(counts.values())} rows of {len(counts)} models ({isolation}).")

        with data_path.open("rb") as data:
            data_sha256 = _sha256_file(data)
        media = {}
        partial = path.with_name(path.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(data_path, arcname=DATA)
                for name in media_names():
                    info = tarfile.TarInfo(MEDIA_PREFIX + name)
                    info.size = default_storage.size(name)
                    info.mtime = int(timezone.now().timestamp())
                    with default_storage.open(name, "rb") as handle:
                        reader = _HashingReader(handle)
                        archive.addfile(info, reader)  # streamed: a large upload is never held in memory
                    media[name] = {"sha256": reader.digest.hexdigest(), "size": info.size}
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "isolation": isolation,
                    "versions": versions,
                    "migrations": migrations,
                    "counts": counts,
                    "data": {"name": DATA, "sha256": data_sha256, "size": data_path.stat().st_size},
                    "media": media,
                }
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
            partial.replace(path)  # a half-written archive never carries the final name
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    log(f"Media: {len(media)} files, {sum(item['size'] for item in media.values())} bytes.")
    return BackupSummary(
        path=path,
        rows=sum(counts.values()),
        models=len(counts),
        media_files=len(media),
        media_bytes=sum(item["size"] for item in media.values()),
        manifest=manifest,
    )


def _add_bytes(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


# --- restore ---


def site_content(using=DEFAULT_DB_ALIAS):
    """What a database holds beyond what ``migrate`` creates: {what: count}, only the non-zero."""
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    counts = {
        "users": get_user_model()._base_manager.using(using).count(),
        # migrate leaves the root and one home page per language (depth 2)
        "pages": Page._base_manager.using(using).filter(depth__gt=2).count(),
        "images": get_image_model()._base_manager.using(using).count(),
        "documents": get_document_model()._base_manager.using(using).count(),
    }
    return {what: count for what, count in counts.items() if count}


@dataclass
class RestoreSummary:
    rows: int
    media_files: int
    manifest: dict = field(repr=False)


def read_manifest(archive_path):
    try:
        archive = tarfile.open(archive_path, "r:gz")
    except FileNotFoundError:
        raise BackupError(f"{archive_path} does not exist.") from None
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{archive_path} is not a backup archive (a .tar.gz written by `backup`): {error}") from None
    with archive:
        try:
            manifest = json.load(archive.extractfile(MANIFEST))
        except (KeyError, ValueError, tarfile.TarError, OSError):
            raise BackupError(f"{archive_path} has no readable {MANIFEST}: it was not written by `backup`.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} is in format {manifest.get('format')!r}; this version reads format {FORMAT}.")
    return manifest


def _unpack_and_verify(archive_path, manifest, work):
    """Extract the data and media into ``work``, checking every checksum; nothing is trusted."""
    expected = {DATA: manifest["data"]["sha256"]}
    expected.update({MEDIA_PREFIX + name: item["sha256"] for name, item in manifest["media"].items()})
    seen = set()
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive:
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile():
                raise BackupError(f"The archive holds {member.name!r}, which its manifest does not list.")
            target = Path(work, *PurePosixPath(member.name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
            with target.open("rb") as copy:
                if _sha256_file(copy) != expected[member.name]:
                    raise BackupError(f"{member.name} in the archive is damaged (its checksum differs from the manifest's).")
            seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"The archive lacks {len(missing)} files its manifest lists, e.g. {missing[0]}.")


def _check_migrations(manifest, connection):
    here = applied_migrations(connection)
    there = manifest["migrations"]
    if here == there:
        return
    differences = []
    for app_label in sorted(set(here) | set(there)):
        ours, theirs = set(here.get(app_label, [])), set(there.get(app_label, []))
        if ours - theirs:
            differences.append(f"{app_label}: this database has {', '.join(sorted(ours - theirs))}")
        if theirs - ours:
            differences.append(f"{app_label}: the backup has {', '.join(sorted(theirs - ours))}")
    raise BackupError(
        "The backup was made with other migrations than this database has ("
        + "; ".join(differences[:5])
        + (" …" if len(differences) > 5 else "")
        + "). Check out the version of the code the backup was made with, run `migrate`, then restore."
    )


def restore_backup(archive_path, *, force=False, using=DEFAULT_DB_ALIAS, log=lambda message: None):
    """Replace the database ``using`` and the default storage's files with the archive's."""
    connection = connections[using]
    manifest = read_manifest(archive_path)
    _check_migrations(manifest, connection)
    content = site_content(using)
    if content and not force:
        found = ", ".join(f"{count} {what}" for what, count in content.items())
        raise BackupError(
            f"The database is not empty ({found}): a restore replaces everything in it. "
            "Restore into a freshly migrated database, or add --force to replace this content."
        )
    with tempfile.TemporaryDirectory(prefix="bgro-restore-") as work:
        _unpack_and_verify(archive_path, manifest, work)
        log(f"Archive checked: {sum(manifest['counts'].values())} rows, {len(manifest['media'])} media files.")
        models = backed_up_models()
        with transaction.atomic(using=using):
            _empty_every_table(connection)
            loaded = _load_rows(Path(work) / DATA, using)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
            _compare_counts(manifest["counts"], models, using)
            # Inside the transaction: a storage that refuses a file undoes the database too.
            for name in manifest["media"]:
                _put_media(name, Path(work, *PurePosixPath(MEDIA_PREFIX + name).parts))
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # the ids came back with the rows
    return RestoreSummary(rows=loaded, media_files=len(manifest["media"]), manifest=manifest)


def _empty_every_table(connection):
    # PostgreSQL refuses to TRUNCATE a table with deferred constraint checks still pending in
    # this transaction (a caller that wrote first, as tests do): run them now.
    connection.check_constraints()
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    sql = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=False)
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


def _load_rows(data_path, using):
    loaded = 0
    connection = connections[using]
    with quiet_raw_load_receivers(), connection.constraint_checks_disabled(), data_path.open(encoding="utf-8") as data:
        for row in serializers.deserialize("jsonl", data, using=using):
            row.save(using=using)
            loaded += 1
    connection.check_constraints()
    return loaded


def _compare_counts(expected, models, using):
    for model in models:
        label = model._meta.label_lower
        if label not in expected:
            continue
        count = model._base_manager.using(using).count()
        if count != expected[label]:
            raise BackupError(f"{label}: {count} rows after loading, the backup had {expected[label]}.")


def _put_media(name, source):
    if default_storage.exists(name):
        default_storage.delete(name)
    with source.open("rb") as handle:
        saved = default_storage.save(name, File(handle))
    if saved != name:
        raise BackupError(f"The storage saved {name} as {saved}.")
