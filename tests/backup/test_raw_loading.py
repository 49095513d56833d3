"""Contract of bgro.framework_internals.quiet_raw_load_receivers (used by backup.archive): the wagtail-localize receivers it silences during a restore
exist, are connected where it expects them, are silent inside the block and back afterwards.
An upgrade of wagtail-localize that renames, moves or reconnects them fails here first."""

from importlib.metadata import version

import pytest
from django.db.models.signals import post_save

from bgro.framework_internals import CHECKED_AGAINST, quiet_raw_load_receivers, raw_unsafe_receivers

pytestmark = pytest.mark.smoke


def connected(receiver, sender):
    """Whether ``receiver`` is connected, asked through the signal's public API only."""
    was_connected = post_save.disconnect(receiver, sender=sender)
    if was_connected:
        post_save.connect(receiver, sender=sender)
    return was_connected


def test_the_fenced_receivers_are_connected_as_expected():
    for receiver, sender in raw_unsafe_receivers():
        assert connected(receiver, sender), f"{receiver.__qualname__} is no longer a post_save receiver of {sender}"


def test_they_are_silent_inside_the_block_and_back_after_it():
    with quiet_raw_load_receivers():
        for receiver, sender in raw_unsafe_receivers():
            assert not connected(receiver, sender)
    for receiver, sender in raw_unsafe_receivers():
        assert connected(receiver, sender)


def test_they_come_back_when_the_block_fails():
    with pytest.raises(RuntimeError), quiet_raw_load_receivers():
        raise RuntimeError("the load failed")
    for receiver, sender in raw_unsafe_receivers():
        assert connected(receiver, sender)


def test_the_checked_wagtail_localize_version_is_installed():
    # A new version may add receivers that change data on a raw load: read its models.py for
    # post_save receivers without a `raw` check, update the list, then this version.
    assert version("wagtail-localize").startswith(CHECKED_AGAINST["wagtail-localize"] + ".")
