"""Permissions proven through the admin's HTTP views: role × action × language tree.

Every admin and wagtail-localize view that changes content is requested (POST, or PUT for the
segment editor) by each editorial role, by an administrator and by a logged-in user without
admin access, on a page (or translation) of each language tree. Each cell asserts that the
action happened when the role may do it, and that nothing changed when it may not (the state
of every page, translation, revision, file and snippet, compared before and after; for
publishing, the live state: an editor who may not publish still saves a draft). What each role
may do is the README's *Roles* table: ``MAY`` below is that table, by tree.

One site is built for the module (``module_db``); each cell runs in its own savepoint.
``test_every_admin_view_that_writes_is_covered`` fails when an admin URL appears that neither
the matrix nor the list of read-only or administrators-only views names.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Page, PageViewRestriction, Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_localize.models import SegmentOverride, StringSegment, StringTranslation, Translation

from bgro import roles
from bgro.translation import translate_page
from catalogue.models import CatalogueImport, LifeEvent
from consultations.models import ConsultationComment, ConsultationPage, ModeratorAssignment
from search.models import GlossaryTerm
from tests.consultations.factories import ConsultationIndexPageFactory, ConsultationPageFactory
from tests.factories import (
    InstitutionIndexPageFactory,
    InstitutionPageFactory,
    StandardPageFactory,
    alias_into,
    translate,
)
from tests.rendering import LANGUAGES

pytestmark = pytest.mark.django_db

ROLES = {
    "officer": roles.COMMUNICATIONS_OFFICERS,
    "moderator": roles.MODERATORS,
    "translator-bg": roles.TRANSLATORS["bg"],
    "translator-ro": roles.TRANSLATORS["ro"],
    "translator-en": roles.TRANSLATORS["en"],
    # Issue 14: moderates the comments on the consultations of one institution (Ruse's, below).
    "consultation-moderator": roles.CONSULTATION_MODERATORS,
    "administrator": roles.ADMINISTRATORS,
    "no-admin-access": None,  # logged in, in no group
}
ALL = frozenset(LANGUAGES)
NONE = frozenset()

# The README's Roles table, by language tree: where each role may …
EDIT = {
    "officer": {"bg"},
    "moderator": {"bg"},
    "translator-bg": {"bg"},
    "translator-ro": {"ro"},
    "translator-en": {"en"},
    "administrator": ALL,
}
ADD = {**EDIT, "translator-bg": NONE}  # Bulgarian translators create no pages
PUBLISH = {**EDIT, "officer": NONE}  # officers submit for moderation
TAKE_DOWN = {"moderator": {"bg"}, "administrator": ALL}  # delete, unpublish, move
TRANSLATE = {"translator-bg": {"bg"}, "translator-ro": {"ro"}, "translator-en": {"en"}, "administrator": ALL}
# The approval tasks name the Moderators group, and approving publishes: Wagtail checks the
# approver's permission to publish, so moderators approve in the Bulgarian tree only.
APPROVE = {"moderator": {"bg"}}
LOCK = {"administrator": ALL}
# … and what each may do outside the trees.
KEEP_GLOSSARY = {"translator-bg", "translator-ro", "translator-en", "administrator"}
UPLOAD = {"officer", "moderator", "administrator"}
ADMINISTRATORS_ONLY = {"administrator"}
# Comments on the consultations of the institution assigned to the consultation moderator, and of another.
MODERATE_OWN_INSTITUTION = {"consultation-moderator", "administrator"}


def _both(first, second):
    return {role: set(first.get(role, NONE)) & set(second.get(role, NONE)) for role in ROLES}


@dataclass(frozen=True)
class Action:
    name: str
    may: object  # {role: trees} for actions on a tree, {roles} for the others
    urls: tuple  # the URL names it drives (for the coverage guard)
    live_only: bool = False  # refused: compare only the live state (a draft may be saved)
    tree_only: bool = False  # refused: compare only the target tree (other trees may change)
    settings: dict = field(default_factory=dict)

    @property
    def per_tree(self):
        return isinstance(self.may, dict)


# --- The site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(module_db):
    """Sections and a published page in each tree (a Bulgarian source, a Romanian record and an
    English page of their own), translations into each tree through wagtail-localize, pages
    and snippets not yet translated, an image, a document, a glossary term, and one user per role."""
    from tests.conftest import get_home_pages, get_locales

    locales = get_locales()
    homes = get_home_pages(locales)
    owner = get_user_model().objects.create_superuser("matrix-owner", password="x")

    def published(page):
        page.save_revision(user=owner).publish(user=owner)
        page.refresh_from_db()
        return page

    sections, others = {}, {}
    for name, store in (("Раздел", sections), ("Друг раздел", others)):
        bulgarian = StandardPageFactory(parent=homes["bg"], title=name)
        store["bg"] = bulgarian
        for code in ("ro", "en"):
            store[code] = translate(bulgarian, locales[code])

    sources = {
        "bg": published(StandardPageFactory(parent=sections["bg"], title="Източник")),
        "ro": published(StandardPageFactory(parent=sections["ro"], title="Sursă", aliases=False)),
        "en": published(StandardPageFactory(parent=sections["en"], title="Own page", aliases=False)),
    }
    # Translations into each tree: of the Bulgarian source into ro and en, of the Romanian record into bg.
    for code, source in (("ro", sources["bg"]), ("en", sources["bg"]), ("bg", sources["ro"])):
        translate_page(source, locales[code], {"title": f"{source.title} [{code}]"}, user=owner)
    translations = {
        code: Translation.objects.get(source__object_id=source.translation_key, target_locale=locales[code])
        for code, source in (("ro", sources["bg"]), ("en", sources["bg"]), ("bg", sources["ro"]))
    }
    untranslated_bg = published(StandardPageFactory(parent=sections["bg"], title="Непреведена"))  # aliases in ro, en
    untranslated_ro = published(StandardPageFactory(parent=sections["ro"], title="Netradusă", aliases=False))
    untranslated = {"ro": untranslated_bg, "en": untranslated_bg, "bg": untranslated_ro}
    aliases = {
        code: Page.objects.get(translation_key=page.translation_key, locale=locales[code], alias_of__isnull=False)
        for code, page in (("ro", untranslated_bg), ("en", untranslated_bg))
    }
    aliases["bg"] = alias_into(untranslated_ro, locales["bg"])
    event_bg = LifeEvent.objects.create(name="Раждане на дете", slug="matrix-child", locale=locales["bg"])
    event_ro = LifeEvent.objects.create(name="Pensionare", slug="matrix-retirement", locale=locales["ro"])
    events = {"ro": event_bg, "en": event_bg, "bg": event_ro}

    roles.setup_roles()
    users = {}
    for name, role in ROLES.items():
        user = get_user_model().objects.create_user(f"matrix-{name}", password="x")
        if role is not None:
            user.groups.add(Group.objects.get(name=role.name))
        users[name] = user.pk
    image = get_image_model().objects.create(title="Дунав", file=get_test_image_file(), uploaded_by_user=owner)
    # In the root collection, as uploads in the admin are (the factory makes a collection of its own).
    document = get_document_model().objects.create(
        title="Notice", file=ContentFile(b"Notice", name="notice.txt"), uploaded_by_user=owner
    )
    term = GlossaryTerm.objects.create(term_bg="пчелар", term_ro="apicultor", term_en="beekeeper")
    # Issue 14: a comment waiting for moderation on a consultation of each of two institutions;
    # the consultation moderator moderates Ruse's only.
    directory = InstitutionIndexPageFactory(parent=homes["bg"])
    consultation_index = ConsultationIndexPageFactory(parent=homes["bg"])
    comments, consultations = {}, {}
    for key, title in (("own", "Община Русе"), ("other", "Община Видин")):
        institution = InstitutionPageFactory(parent=directory, title=title)
        # Closed five days ago, so that its outcome report may be published once its comments are decided.
        consultation = ConsultationPageFactory(
            parent=consultation_index, institution=institution,
            opening_date=date.today() - timedelta(days=40), closing_date=date.today() - timedelta(days=5),
        )
        comments[key] = ConsultationComment.objects.create(
            consultation=consultation, author_name="Иван", email="ivan@example.org", language="bg",
            text="Предложение", status=ConsultationComment.Status.PENDING,
        ).pk
        consultations[key] = consultation.pk
        if key == "own":
            ModeratorAssignment.objects.create(user_id=users["consultation-moderator"], institution=institution)
    return {
        "locales": locales,
        "owner": owner.pk,
        "users": users,
        "sources": sources,
        "others": others,
        "translations": translations,
        "untranslated": untranslated,
        "aliases": aliases,
        "events": events,
        "image": image.pk,
        "document": document.pk,
        "term": term.pk,
        "comments": comments,
        "consultations": consultations,
    }


def _page(pk):
    return Page.objects.get(pk=pk).specific


def _target(site, tree):
    translation = Translation.objects.get(pk=site["translations"][tree].pk)
    return translation, translation.get_target_instance()


def _page_form(page, title, **extra):
    """The page editor's form as the browser sends it, for a StandardPage."""
    return (
        nested_form_data(
            {
                "title": title,
                "slug": page.slug,
                "introduction": page.introduction,
                "body": streamfield([]),
                "listing_summary": page.listing_summary,
                "comments": inline_formset([]),
            }
        )
        | extra
    )


# --- What changed ---------------------------------------------------------------------------


def fingerprint(tree=None, live_only=False):
    """The state the matrix's views can change (``tree``: only that language's pages and translations)."""
    pages = Page.objects.all()
    translations = Translation.objects.all()
    strings = StringTranslation.objects.all()
    overrides = SegmentOverride.objects.all()
    if tree is not None:
        pages = pages.filter(locale__language_code=tree)
        translations = translations.filter(target_locale__language_code=tree)
        strings = strings.filter(locale__language_code=tree)
        overrides = overrides.filter(locale__language_code=tree)
    page_fields = ["pk", "path", "title", "slug", "live", "alias_of_id", "live_revision_id", "locked", "url_path"]
    if not live_only:
        page_fields += ["draft_title", "latest_revision_id", "has_unpublished_changes"]
    state = {
        "pages": list(pages.order_by("pk").values_list(*page_fields)),
        "translations": list(translations.order_by("pk").values_list("pk", "enabled")),
        "strings": list(strings.order_by("pk").values_list("pk", "data")),
        "overrides": list(overrides.order_by("pk").values_list("pk", "data_json")),
        "restrictions": list(
            PageViewRestriction.objects.filter(page__in=pages).order_by("pk").values_list("pk", "restriction_type")
        ),
    }
    if tree is None:
        state.update(
            images=list(get_image_model().objects.order_by("pk").values_list("pk", "title")),
            documents=list(get_document_model().objects.order_by("pk").values_list("pk", "title")),
            glossary=list(GlossaryTerm.objects.order_by("pk").values_list("pk", "term_bg", "term_ro", "term_en")),
            life_events=list(LifeEvent.objects.order_by("pk").values_list("pk", "name", "locale_id")),
            catalogue_imports=CatalogueImport.objects.exclude(status=CatalogueImport.Status.CHECKED).count(),
            workflow_states=list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
            comments=list(ConsultationComment.objects.order_by("pk").values_list("pk", "status", "moderated_at")),
        )
        if not live_only:
            state["revisions"] = Revision.objects.count()
    return state


# --- The actions: how each is requested, and what shows it happened -------------------------
# Each ``request_<action>(client, site, tree, prepared)`` makes the request and returns a function
# that tells whether the action happened; ``prepare_<action>(site, tree)``, where there is one,
# sets the stage first (a revision waiting for approval, a stopped translation).


def request_edit(client, site, tree, _prepared):
    page = site["sources"][tree]
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), _page_form(page, "Changed"))
    return response, lambda: _page(page.pk).draft_title == "Changed"


def request_publish(client, site, tree, _prepared):
    page = site["sources"][tree]
    data = _page_form(page, "Published", **{"action-publish": "action-publish"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    return response, lambda: _page(page.pk).title == "Published"


def request_revert(client, site, tree, _prepared):
    page = site["sources"][tree]
    revision = page.revisions.order_by("pk").first()
    url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk])
    response = client.post(url, _page_form(page, "Reverted"))
    return response, lambda: _page(page.pk).draft_title == "Reverted"


def request_add(client, site, tree, _prepared):
    parent = site["sources"][tree]
    url = reverse("wagtailadmin_pages:add", args=["bgro", "standardpage", parent.pk])
    data = _page_form(parent, "New page") | {"slug": "matrix-new"}
    response = client.post(url, data)
    return response, lambda: Page.objects.filter(slug="matrix-new").exists()


def request_set_privacy(client, site, tree, _prepared):
    page = site["sources"][tree]
    response = client.post(reverse("wagtailadmin_pages:set_privacy", args=[page.pk]), {"restriction_type": "login"})
    return response, lambda: PageViewRestriction.objects.filter(page_id=page.pk).exists()


def prepare_unlock(site, tree):
    Page.objects.filter(pk=site["sources"][tree].pk).update(locked=True, locked_by_id=site["owner"])


def request_unlock(client, site, tree, _prepared):
    page = site["sources"][tree]
    response = client.post(reverse("wagtailadmin_pages:unlock", args=[page.pk]))
    return response, lambda: not _page(page.pk).locked


def request_convert_alias(client, site, tree, _prepared):
    """Wagtail's own *Convert alias into ordinary page* (a translation not started yet is an alias)."""
    alias = site["aliases"][tree]
    response = client.post(reverse("wagtailadmin_pages:convert_alias", args=[alias.pk]))
    return response, lambda: _page(alias.pk).alias_of_id is None


def request_bulk_delete(client, site, tree, _prepared):
    page = site["sources"][tree]
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={page.pk}"
    response = client.post(url)
    return response, lambda: not Page.objects.filter(pk=page.pk).exists()


def request_unpublish(client, site, tree, _prepared):
    page = site["sources"][tree]
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    return response, lambda: not _page(page.pk).live


def request_delete(client, site, tree, _prepared):
    page = site["sources"][tree]
    response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    return response, lambda: not Page.objects.filter(pk=page.pk).exists()


def request_move(client, site, tree, _prepared):
    page, destination = site["sources"][tree], site["others"][tree]
    response = client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk]))
    return response, lambda: _page(page.pk).get_parent().pk == destination.pk


def request_copy(client, site, tree, _prepared):
    page, destination = site["sources"][tree], site["others"][tree]
    data = {"new_title": "Copy", "new_slug": "matrix-copy", "new_parent_page": destination.pk, "alias": ""}
    response = client.post(reverse("wagtailadmin_pages:copy", args=[page.pk]), data)
    return response, lambda: Page.objects.filter(slug="matrix-copy").exists()


def request_lock(client, site, tree, _prepared):
    page = site["sources"][tree]
    response = client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
    return response, lambda: _page(page.pk).locked


def prepare_approve(site, tree):
    """A new revision of the page, waiting in its workflow's first task."""
    owner = get_user_model().objects.get(pk=site["owner"])
    page = _page(site["sources"][tree].pk)
    page.title = "Approved"
    page.save_revision(user=owner)
    return page.get_workflow().start(page, owner).current_task_state


def request_approve(client, site, tree, task_state):
    page = site["sources"][tree]
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""})
    return response, lambda: _page(page.pk).title == "Approved"


def request_sync(client, site, tree, _prepared):
    translation, target = _target(site, tree)
    before = target.live_revision_id
    url = reverse("wagtail_localize:update_translations", args=[translation.source_id])
    # wagtail-localize publishes the new revisions when the transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"publish_translations": "on"})
    return response, lambda: _page(target.pk).live_revision_id != before


def request_translate(client, site, tree, _prepared):
    page, locale = site["untranslated"][tree], site["locales"][tree]
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    response = client.post(url, {"locales": [locale.pk]})
    return response, lambda: Page.objects.filter(
        translation_key=page.translation_key, locale=locale, alias_of__isnull=True
    ).exists()


def request_translate_snippet(client, site, tree, _prepared):
    event, locale = site["events"][tree], site["locales"][tree]
    url = reverse("wagtail_localize:submit_snippet_translation", args=["catalogue", "lifeevent", event.pk])
    response = client.post(url, {"locales": [locale.pk]})
    return response, lambda: LifeEvent.objects.filter(translation_key=event.translation_key, locale=locale).exists()


def request_convert_to_alias(client, site, tree, _prepared):
    _translation, target = _target(site, tree)
    response = client.post(reverse("wagtail_localize:convert_to_alias", args=[target.pk]))
    return response, lambda: _page(target.pk).alias_of_id is not None


def _strings(translation):
    return StringTranslation.objects.filter(
        locale=translation.target_locale, context__object_id=translation.source.object_id
    )


def request_upload_po(client, site, tree, _prepared):
    translation, _target_page = _target(site, tree)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = f"{entry.msgid} [po]"
    upload = SimpleUploadedFile("translation.po", str(po).encode(), content_type="text/x-gettext-translation")
    url = reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    response = client.post(url, {"file": upload, "next": "/admin/"})
    return response, lambda: _strings(translation).filter(data__endswith=" [po]").exists()


def request_edit_segment(client, site, tree, _prepared):
    translation, _target_page = _target(site, tree)
    segment = StringSegment.objects.filter(source=translation.source).order_by("order").last()
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    response = client.put(url, "value=Segment", content_type="application/x-www-form-urlencoded")
    return response, lambda: _strings(translation).filter(data="Segment").exists()


def prepare_machine_translate(site, tree):
    """Segments left to translate (translate_page translated them all)."""
    _strings(Translation.objects.get(pk=site["translations"][tree].pk)).delete()


def request_machine_translate(client, site, tree, _prepared):
    translation, _target_page = _target(site, tree)
    before = _strings(translation).count()
    response = client.post(reverse("wagtail_localize:machine_translate", args=[translation.pk]), {"next": "/admin/"})
    return response, lambda: _strings(translation).count() > before


def request_stop_translation(client, site, tree, _prepared):
    translation, _target_page = _target(site, tree)
    response = client.post(reverse("wagtail_localize:stop_translation", args=[translation.pk]), {"next": "/admin/"})
    return response, lambda: not Translation.objects.get(pk=translation.pk).enabled


def prepare_restart_translation(site, tree):
    Translation.objects.filter(pk=site["translations"][tree].pk).update(enabled=False)


def request_restart_translation(client, site, tree, _prepared):
    translation, target = _target(site, tree)
    url = reverse("wagtailadmin_pages:edit", args=[target.pk])
    response = client.post(url, {"localize-restart-translation": "1"})
    return response, lambda: Translation.objects.get(pk=translation.pk).enabled


def request_glossary_add(client, site, tree, _prepared):
    url = reverse("wagtailsnippets_search_glossaryterm:add")
    response = client.post(url, {"term_bg": "митница", "term_ro": "vamă", "term_en": "customs", "note": ""})
    return response, lambda: GlossaryTerm.objects.filter(term_ro="vamă").exists()


def request_glossary_edit(client, site, tree, _prepared):
    url = reverse("wagtailsnippets_search_glossaryterm:edit", args=[site["term"]])
    response = client.post(url, {"term_bg": "пчелар", "term_ro": "apicultor", "term_en": "apiarist", "note": ""})
    return response, lambda: GlossaryTerm.objects.get(pk=site["term"]).term_en == "apiarist"


def request_glossary_delete(client, site, tree, _prepared):
    response = client.post(reverse("wagtailsnippets_search_glossaryterm:delete", args=[site["term"]]))
    return response, lambda: not GlossaryTerm.objects.filter(pk=site["term"]).exists()


def request_life_event_delete(client, site, tree, _prepared):
    event = site["events"]["ro"]
    response = client.post(reverse("wagtailsnippets_catalogue_lifeevent:delete", args=[event.pk]))
    return response, lambda: not LifeEvent.objects.filter(pk=event.pk).exists()


def request_image_upload(client, site, tree, _prepared):
    upload = SimpleUploadedFile("danube.png", get_test_image_file().file.getvalue(), content_type="image/png")
    data = {"title": "Upload", "file": upload, "collection": Collection.get_first_root_node().pk}
    response = client.post(reverse("wagtailimages:add"), data)
    return response, lambda: get_image_model().objects.filter(title="Upload").exists()


def request_image_edit(client, site, tree, _prepared):
    data = {"title": "Renamed", "collection": Collection.get_first_root_node().pk, "tags": ""}
    response = client.post(reverse("wagtailimages:edit", args=[site["image"]]), data)
    return response, lambda: get_image_model().objects.get(pk=site["image"]).title == "Renamed"


def request_image_delete(client, site, tree, _prepared):
    response = client.post(reverse("wagtailimages:delete", args=[site["image"]]))
    return response, lambda: not get_image_model().objects.filter(pk=site["image"]).exists()


def request_document_upload(client, site, tree, _prepared):
    upload = SimpleUploadedFile("notice.txt", b"Notice", content_type="text/plain")
    data = {"title": "Upload", "file": upload, "collection": Collection.get_first_root_node().pk}
    response = client.post(reverse("wagtaildocs:add"), data)
    return response, lambda: get_document_model().objects.filter(title="Upload").exists()


def request_document_edit(client, site, tree, _prepared):
    data = {"title": "Renamed", "collection": Collection.get_first_root_node().pk, "tags": ""}
    response = client.post(reverse("wagtaildocs:edit", args=[site["document"]]), data)
    return response, lambda: get_document_model().objects.get(pk=site["document"]).title == "Renamed"


def request_document_delete(client, site, tree, _prepared):
    response = client.post(reverse("wagtaildocs:delete", args=[site["document"]]))
    return response, lambda: not get_document_model().objects.filter(pk=site["document"]).exists()


def request_catalogue_import(client, site, tree, _prepared):
    """Both writing steps: the upload (stores the file; the check job, run at once by the tests'
    immediate backend, dry-runs it) and the confirmation (the import job)."""
    empty = b'{"format": "bgro-catalogue/1", "institutions": [], "services": []}'
    upload = SimpleUploadedFile("empty.json", empty, content_type="application/json")
    response = client.post(reverse("catalogue_import"), {"file": upload, "draft": "1"})
    checked = CatalogueImport.objects.filter(status=CatalogueImport.Status.CHECKED).first()
    token = str(checked.token) if checked else str(uuid.uuid4())
    confirmation = client.post(reverse("catalogue_import"), {"token": token})
    if confirmation.status_code >= 500:
        response = confirmation
    return response, lambda: CatalogueImport.objects.exists()


def _moderate(client, site, which):
    pk = site["comments"][which]
    data = {"status": ConsultationComment.Status.PUBLISHED, "rejection_reason": "", "outcome": "", "outcome_reason": ""}
    response = client.post(reverse("consultation_comments:edit", args=[pk]), data)
    return response, lambda: ConsultationComment.objects.get(pk=pk).status == ConsultationComment.Status.PUBLISHED


def request_moderate_own_institution(client, site, tree, _prepared):
    return _moderate(client, site, "own")


def request_moderate_other_institution(client, site, tree, _prepared):
    return _moderate(client, site, "other")


def _report(client, site, which):
    """The outcome report of a closed consultation whose only comment was rejected (prepared)."""
    pk = site["consultations"][which]
    data = {"outcome_published_on": date.today().isoformat(), "outcome_summary": rich_text("<p>Без промени.</p>")}
    response = client.post(reverse("consultation_outcome_report", args=[pk]), data)
    return response, lambda: ConsultationPage.objects.get(pk=pk).outcome_published_on is not None


def _reject_comment(site, which):
    ConsultationComment.objects.filter(pk=site["comments"][which]).update(
        status=ConsultationComment.Status.REJECTED, rejection_reason="off-topic"
    )


def prepare_report_own_institution(site, tree):
    _reject_comment(site, "own")


def request_report_own_institution(client, site, tree, _prepared):
    return _report(client, site, "own")


def prepare_report_other_institution(site, tree):
    _reject_comment(site, "other")


def request_report_other_institution(client, site, tree, _prepared):
    return _report(client, site, "other")


def request_delete_comment(client, site, tree, _prepared):
    pk = site["comments"]["own"]
    response = client.post(reverse("consultation_comments:delete", args=[pk]))
    return response, lambda: not ConsultationComment.objects.filter(pk=pk).exists()


DUMMY_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
PAGES = "wagtailadmin_pages"
LOCALIZE = "wagtail_localize"

ACTIONS = {
    action.name: action
    for action in (
        Action("add", ADD, (f"{PAGES}:add",)),
        Action("edit", EDIT, (f"{PAGES}:edit",)),
        Action("publish", PUBLISH, (f"{PAGES}:edit",), live_only=True),
        Action("revert", EDIT, (f"{PAGES}:revisions_revert",)),
        Action("unpublish", TAKE_DOWN, (f"{PAGES}:unpublish",)),
        Action("delete", TAKE_DOWN, (f"{PAGES}:delete",)),
        Action("move", TAKE_DOWN, (f"{PAGES}:move_confirm",)),
        Action("copy", _both(EDIT, ADD), (f"{PAGES}:copy",)),
        Action("lock", LOCK, (f"{PAGES}:lock",)),
        Action("unlock", LOCK, (f"{PAGES}:unlock",)),
        Action("set_privacy", PUBLISH, (f"{PAGES}:set_privacy",)),
        Action("convert_alias", EDIT, (f"{PAGES}:convert_alias",)),
        Action("bulk_delete", TAKE_DOWN, ("wagtail_bulk_action",)),
        Action("approve", APPROVE, (f"{PAGES}:workflow_action",)),
        Action("sync", _both(TRANSLATE, PUBLISH), (f"{LOCALIZE}:update_translations",), tree_only=True),
        Action("translate", TRANSLATE, (f"{LOCALIZE}:submit_page_translation",)),
        Action("translate_snippet", TRANSLATE, (f"{LOCALIZE}:submit_snippet_translation",)),
        Action("convert_to_alias", PUBLISH, (f"{LOCALIZE}:convert_to_alias",)),
        Action("upload_po", EDIT, (f"{LOCALIZE}:upload_pofile",)),
        Action("edit_segment", EDIT, (f"{LOCALIZE}:edit_string_translation",)),
        Action(
            "machine_translate",
            EDIT,
            (f"{LOCALIZE}:machine_translate",),
            settings={"WAGTAILLOCALIZE_MACHINE_TRANSLATOR": DUMMY_TRANSLATOR},
        ),
        Action("stop_translation", EDIT, (f"{LOCALIZE}:stop_translation",)),
        Action("restart_translation", EDIT, (f"{PAGES}:edit",)),
        Action("glossary_add", KEEP_GLOSSARY, ("wagtailsnippets_search_glossaryterm:add",)),
        Action("glossary_edit", KEEP_GLOSSARY, ("wagtailsnippets_search_glossaryterm:edit",)),
        Action("glossary_delete", KEEP_GLOSSARY, ("wagtailsnippets_search_glossaryterm:delete",)),
        Action("life_event_delete", ADMINISTRATORS_ONLY, ("wagtailsnippets_catalogue_lifeevent:delete",)),
        Action("image_upload", UPLOAD, ("wagtailimages:add",)),
        Action("image_edit", ADMINISTRATORS_ONLY, ("wagtailimages:edit",)),
        Action("image_delete", ADMINISTRATORS_ONLY, ("wagtailimages:delete",)),
        Action("document_upload", UPLOAD, ("wagtaildocs:add",)),
        Action("document_edit", ADMINISTRATORS_ONLY, ("wagtaildocs:edit",)),
        Action("document_delete", ADMINISTRATORS_ONLY, ("wagtaildocs:delete",)),
        Action("catalogue_import", ADMINISTRATORS_ONLY, ("catalogue_import",)),
        Action("moderate_own_institution", MODERATE_OWN_INSTITUTION, ("consultation_comments:edit",)),
        Action("moderate_other_institution", ADMINISTRATORS_ONLY, ("consultation_comments:edit",)),
        Action("delete_comment", ADMINISTRATORS_ONLY, ("consultation_comments:delete",)),
        Action("report_own_institution", MODERATE_OWN_INSTITUTION, ("consultation_outcome_report",)),
        Action("report_other_institution", ADMINISTRATORS_ONLY, ("consultation_outcome_report",)),
    )
}


def _cells():
    for action in ACTIONS.values():
        for role in ROLES:
            for tree in LANGUAGES if action.per_tree else (None,):
                allowed = tree in action.may.get(role, NONE) if action.per_tree else role in action.may
                verdict = "allowed" if allowed else "refused"
                yield pytest.param(
                    action.name, role, tree, allowed, id=f"{action.name}-{role}-{tree or 'any'}-{verdict}"
                )


@pytest.mark.parametrize(("action_name", "role", "tree", "allowed"), list(_cells()))
def test_permission_matrix(site, db, client, action_name, role, tree, allowed):
    action = ACTIONS[action_name]
    client.force_login(get_user_model().objects.get(pk=site["users"][role]))
    prepare = globals().get(f"prepare_{action_name}")
    prepared = prepare(site, tree) if prepare else None
    scope = {"tree": tree if action.tree_only else None, "live_only": action.live_only}
    before = None if allowed else fingerprint(**scope)

    with override_settings(**action.settings):
        response, happened = globals()[f"request_{action_name}"](client, site, tree, prepared)

    assert response.status_code < 500
    if allowed:
        assert happened(), f"{role} could not {action_name} in {tree}: {response.status_code}"
    else:
        assert not happened(), f"{role} could {action_name} in {tree}"
        assert response.status_code in (200, 302, 403)
        assert fingerprint(**scope) == before


# --- Every admin view that writes is covered -------------------------------------------------

# Views that change nothing (listings, choosers, previews, reports, history, the admin API).
READ_ONLY = {
    "background_jobs",
    "catalogue_import_status",
    "catalogue_import_status_json",
    "search_report",
    "feedback_report",  # issue 14: answers to "Was this page useful?" (GET, CSV)
    "consultation_outcome_reports",  # issue 14: the list of the moderator's consultations to report on
    # Issue 14: the comment queue's listing and read-only views (filtered to the moderator's institutions).
    *(f"consultation_comments:{view}" for view in ("history", "history_results", "index", "index_results", "inspect", "usage")),
    "translations_coverage",
    "wagtail_localize:download_pofile",
    "wagtail_localize:javascript_catalog",
    "wagtail_localize:preview_translation",
    "wagtail_localize:snippets_api_detail",
    "wagtail_localize:snippets_api_listing",
    "wagtail_localize:translations_report",
    "wagtail_localize:translations_report_results",
    "wagtailadmin_api:documents:detail",
    "wagtailadmin_api:documents:find",
    "wagtailadmin_api:documents:listing",
    "wagtailadmin_api:images:detail",
    "wagtailadmin_api:images:find",
    "wagtailadmin_api:images:listing",
    "wagtailadmin_api:pages:detail",
    "wagtailadmin_api:pages:find",
    "wagtailadmin_api:pages:listing",
    "wagtailadmin_block_preview",
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_anchor_link",
    "wagtailadmin_choose_page_child",
    "wagtailadmin_choose_page_chosen_multiple",
    "wagtailadmin_choose_page_email_link",
    "wagtailadmin_choose_page_external_link",
    "wagtailadmin_choose_page_phone_link",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_error_test",
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_explore_root",
    "wagtailadmin_home",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_pages:add_subpage",  # the choice of a page type; the page is created by :add
    "wagtailadmin_pages:choose_parent",
    "wagtailadmin_pages:collect_workflow_action_data",  # the modal form; the action is :workflow_action
    "wagtailadmin_pages:confirm_workflow_cancellation",
    "wagtailadmin_pages:history",
    "wagtailadmin_pages:history_results",
    "wagtailadmin_pages:move",  # the choice of a destination; the move is :move_confirm
    "wagtailadmin_pages:preview_on_add",
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:revisions_compare",
    "wagtailadmin_pages:revisions_index",
    "wagtailadmin_pages:revisions_view",
    "wagtailadmin_pages:search",
    "wagtailadmin_pages:search_results",
    "wagtailadmin_pages:type_use",
    "wagtailadmin_pages:type_use_results",
    "wagtailadmin_pages:usage",
    "wagtailadmin_pages:view_draft",
    "wagtailadmin_pages:workflow_history",
    "wagtailadmin_pages:workflow_history_detail",
    "wagtailadmin_pages:workflow_preview",
    "wagtailadmin_sprite",
    "wagtailadmin_tag_autocomplete",
    "wagtailadmin_tag_model_autocomplete",
    "wagtaildocs:document_usage",
    "wagtaildocs:index",
    "wagtaildocs:index_results",
    "wagtaildocs_chooser:choose",
    "wagtaildocs_chooser:choose_results",
    "wagtaildocs_chooser:chosen",
    "wagtaildocs_chooser:chosen_multiple",
    "wagtailembeds:chooser",
    "wagtailimages:image_usage",
    "wagtailimages:index",
    "wagtailimages:index_results",
    "wagtailimages:preview",
    "wagtailimages:url_generator",
    "wagtailimages:url_generator_output",
    "wagtailimages_chooser:choose",
    "wagtailimages_chooser:choose_results",
    "wagtailimages_chooser:chosen",
    "wagtailimages_chooser:chosen_multiple",
    "wagtailimages_chooser:select_format",
    "wagtailsnippets:index",
    *(
        f"{namespace}:{view}"
        for namespace in ("wagtailsnippetchoosers_catalogue_lifeevent", "wagtailsnippetchoosers_search_glossaryterm")
        for view in ("choose", "choose_results", "chosen", "chosen_multiple")
    ),
    *(
        f"{namespace}:{view}"
        for namespace in ("wagtailsnippets_catalogue_lifeevent", "wagtailsnippets_search_glossaryterm")
        for view in ("history", "history_results", "list", "list_results", "usage")
    ),
}

# Views that write but only change the user's own session or account, not content.
OWN_ACCOUNT = {
    "security_two_factor_enrol",
    "security_two_factor_verify",
    "wagtailadmin_account",
    "wagtailadmin_dismissibles",
    "wagtailadmin_editing_sessions:ping",
    "wagtailadmin_editing_sessions:release",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_done",
}

# Sections only administrators use: each view checks a model permission that no other role
# holds (``test_administrators_only_sections_refuse_every_other_role`` posts to one writing
# view of each as every other role).
ADMINISTRATORS_ONLY_SECTIONS = {
    "wagtailusers_users": ("add", "copy", "delete", "edit", "history", "history_results", "index", "index_results", "usage"),
    "wagtailusers_groups": ("add", "delete", "edit", "history", "history_results", "index", "index_results", "usage"),
    "wagtailsites": ("add", "copy", "delete", "edit", "history", "history_results", "index", "index_results", "usage"),
    "wagtaillocales": ("add", "copy", "delete", "edit", "history", "history_results", "index", "index_results", "usage"),
    "wagtailredirects": ("add", "delete", "edit", "index", "index_results", "process_import", "start_import"),
    "wagtailadmin_collections": ("add", "delete", "edit", "index", "set_privacy"),
    "wagtailadmin_workflows": (
        "add", "add_task", "disable", "disable_task", "edit", "edit_task", "enable", "enable_task", "index",
        "index_results", "remove", "select_task_type", "task_chooser", "task_chooser_create",
        "task_chooser_results", "task_chosen", "task_index", "task_index_results", "usage", "usage_results",
    ),
    "wagtailsettings": ("edit", "preview_on_edit"),
    "wagtailforms": ("delete_submissions", "index", "index_results", "list_submissions", "list_submissions_results"),
    "wagtailadmin_reports": (
        "aging_pages", "aging_pages_results", "locked_pages", "locked_pages_results", "page_types_usage",
        "page_types_usage_results", "site_history", "site_history_results", "workflow", "workflow_results",
        "workflow_tasks", "workflow_tasks_results",
    ),
    "wagtailsnippets_catalogue_lifeevent": ("add", "copy", "edit"),
    # Issues 14, 15, 19: adding comments (nobody may: they come from visitors), who moderates
    # which institution, the network's members and agreements, accessibility feedback: model
    # permissions no role of setup_roles holds but administrators.
    "consultation_comments": ("add", "copy"),
    "consultation_moderators": (
        "add", "copy", "delete", "edit", "history", "history_results", "index", "index_results", "usage",
    ),
    "wagtailsnippets_network_member": (
        "add", "copy", "delete", "edit", "history", "history_results", "list", "list_results", "usage",
    ),
    "wagtailsnippets_network_cooperationagreement": (
        "add", "copy", "delete", "edit", "history", "history_results", "list", "list_results", "usage",
    ),
    "wagtailsnippets_accessibility_accessibilityfeedback": (
        "add", "copy", "delete", "edit", "history", "history_results", "list", "list_results", "usage",
    ),
}  # fmt: skip
for _model in ("accessibility_accessibilityfeedback", "network_cooperationagreement", "network_member"):
    ADMINISTRATORS_ONLY_SECTIONS[f"wagtailsnippetchoosers_{_model}"] = (
        "choose", "choose_results", "chosen", "chosen_multiple", "create",
    )

# Views that write with the same permission check as a view of the matrix (Wagtail's own code
# calls the same permission policy or tester method): the matrix's view stands for them.
SAME_CHECK_AS = {
    "wagtailadmin_pages:revisions_unschedule": "wagtailadmin_pages:set_privacy",  # can_publish
    "wagtailadmin_pages:set_page_position": "wagtailadmin_pages:set_privacy",  # can_reorder_children: publish
    "wagtailadmin_api:pages:action": "wagtailadmin_pages:copy",  # copy/move/… actions run the same checks
    "wagtailimages:add_multiple": "wagtailimages:add",
    "wagtailimages:create_multiple_from_uploaded_image": "wagtailimages:add",
    "wagtailimages:edit_multiple": "wagtailimages:edit",
    "wagtailimages:delete_multiple": "wagtailimages:delete",
    "wagtailimages:delete_upload_multiple": "wagtailimages:add",
    "wagtailimages_chooser:create": "wagtailimages:add",
    "wagtaildocs:add_multiple": "wagtaildocs:add",
    "wagtaildocs:create_multiple_from_uploaded_document": "wagtaildocs:add",
    "wagtaildocs:edit_multiple": "wagtaildocs:edit",
    "wagtaildocs:delete_multiple": "wagtaildocs:delete",
    "wagtaildocs:delete_upload_multiple": "wagtaildocs:add",
    "wagtaildocs_chooser:create": "wagtaildocs:add",
    "wagtailembeds:chooser_upload": "wagtailadmin_pages:edit",  # embeds are fetched for an editor's form
    "wagtailsnippetchoosers_search_glossaryterm:create": "wagtailsnippets_search_glossaryterm:add",
    "wagtailsnippets_search_glossaryterm:copy": "wagtailsnippets_search_glossaryterm:add",
    "wagtailsnippetchoosers_catalogue_lifeevent:create": "wagtailsnippets_catalogue_lifeevent:add",
    "wagtail_localize:edit_override": "wagtail_localize:edit_string_translation",  # translations.guards, same check
}

# wagtail-localize's views that write, each taken over by this site's language-checked view.
TAKEN_OVER = {
    "wagtail_localize:submit_page_translation": "translations_submit_page_translation",
    "wagtail_localize:submit_snippet_translation": "translations_submit_snippet_translation",
    "wagtail_localize:update_translations": "translations_update_translations",
    "wagtail_localize:edit_string_translation": "translations_edit_string_translation",
    "wagtail_localize:edit_override": "translations_edit_override",
    "wagtail_localize:upload_pofile": "translations_upload_pofile",
    "wagtail_localize:machine_translate": "translations_machine_translate",
    "wagtail_localize:stop_translation": "translations_stop_translation",
    "wagtail_localize:convert_to_alias": "translations_convert_to_alias",
}


def admin_url_names():
    """The name of every URL pattern under /admin/ (namespaced), with its route."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(part for part in (namespace, pattern.namespace) if part)
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = ":".join(part for part in (namespace, pattern.name) if part) if pattern.name else None
                yield name, prefix + str(pattern.pattern)

    admin_prefix = reverse("wagtailadmin_home").lstrip("/")
    return {
        (name, route)
        for name, route in walk(get_resolver().url_patterns, "", None)
        if route.startswith(admin_prefix)
    }


def test_every_admin_view_that_writes_is_covered():
    in_matrix = {url for action in ACTIONS.values() for url in action.urls}
    known = (
        in_matrix
        | READ_ONLY
        | OWN_ACCOUNT
        | set(SAME_CHECK_AS)
        | set(TAKEN_OVER.values())
        | {f"{namespace}:{view}" for namespace, views in ADMINISTRATORS_ONLY_SECTIONS.items() for view in views}
    )
    routes = admin_url_names()
    unnamed = sorted(route for name, route in routes if name is None)
    # Wagtail's two unnamed admin routes: a 404 page for its tests and the catch-all that answers
    # 404 for unknown admin paths; neither writes.
    assert len(unnamed) <= 2, f"Unnamed admin URLs (name them or list them): {unnamed}"
    uncovered = sorted({name for name, _route in routes if name} - known)
    assert not uncovered, (
        "Admin URLs that the permission matrix does not cover: add an action to ACTIONS, or list "
        f"them as read-only, own-account, administrators-only or same-check: {uncovered}"
    )
    administrators_only = {f"{namespace}:{view}" for namespace, views in ADMINISTRATORS_ONLY_SECTIONS.items() for view in views}
    assert set(SAME_CHECK_AS.values()) <= in_matrix | administrators_only


def test_wagtail_localize_views_that_write_are_taken_over():
    """Each of wagtail-localize's writing URLs resolves to this site's language-checked view."""
    for localize_name, ours in TAKEN_OVER.items():
        route = next(route for name, route in admin_url_names() if name == localize_name)
        path = "/" + route.replace("<int:", "<").replace("<slug:", "<").replace("<str:", "<")
        for placeholder in ("<app_label>", "<model_name>"):
            path = path.replace(placeholder, "catalogue" if placeholder == "<app_label>" else "lifeevent")
        path = path.replace("<translation_source_id>", "1").replace("<translation_id>", "1")
        path = path.replace("<string_segment_id>", "1").replace("<overridable_segment_id>", "1")
        path = path.replace("<page_id>", "1").replace("<pk>", "1")
        assert resolve(path).view_name == ours, localize_name


ADMINISTRATORS_ONLY_WRITES = {
    # section: (URL name, the model whose rows it would add)
    "users": ("wagtailusers_users:add", get_user_model()),
    "groups": ("wagtailusers_groups:add", Group),
    "sites": ("wagtailsites:add", "wagtailcore.Site"),
    "locales": ("wagtaillocales:add", "wagtailcore.Locale"),
    "redirects": ("wagtailredirects:add", "wagtailredirects.Redirect"),
    "collections": ("wagtailadmin_collections:add", Collection),
    "workflows": ("wagtailadmin_workflows:add", "wagtailcore.Workflow"),
    "life-events": ("wagtailsnippets_catalogue_lifeevent:add", LifeEvent),
    "network-members": ("wagtailsnippets_network_member:add", "network.Member"),
    "agreements": ("wagtailsnippets_network_cooperationagreement:add", "network.CooperationAgreement"),
    "accessibility-feedback": ("wagtailsnippets_accessibility_accessibilityfeedback:add", "accessibility.AccessibilityFeedback"),
    "consultation-comments": ("consultation_comments:add", "consultations.ConsultationComment"),
    "consultation-moderators": ("consultation_moderators:add", "consultations.ModeratorAssignment"),
}


@pytest.mark.parametrize("role", [role for role in ROLES if role != "administrator"])
def test_administrators_only_sections_refuse_every_other_role(site, db, client, role):
    from django.apps import apps

    client.force_login(get_user_model().objects.get(pk=site["users"][role]))
    for section, (url_name, model) in ADMINISTRATORS_ONLY_WRITES.items():
        url = reverse(url_name)
        model = apps.get_model(model) if isinstance(model, str) else model
        before = model.objects.count()
        response = client.post(url, {"name": "Intruder", "title": "Intruder", "hostname": "intruder.example"})
        assert response.status_code in (302, 403), section
        if response.status_code == 302:
            assert response.url.startswith((reverse("wagtailadmin_home"), reverse("wagtailadmin_login"))), section
        assert model.objects.count() == before, section
