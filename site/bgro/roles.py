"""Editorial roles: the Wagtail groups editors are put in, each with exactly the permissions it needs.

Content is written in Bulgarian, the source language: communications officers create and edit
it in the Bulgarian tree and submit it for moderation, moderators publish it, and translators
carry it into their own language tree only. Administrators hold every permission.

``manage.py setup_roles`` applies these definitions: it creates what is missing and takes away
what a role should not hold, so running it again changes nothing. Group names are data (the
same in every admin language), so they are not translated.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    PAGE_PERMISSION_TYPES,
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
    get_default_page_content_type,
)

from .page_permissions import TAKE_DOWN_PERMISSION

SOURCE_LANGUAGE = "bg"
ROOT = None  # a page permission held on the root page: in every language tree

ACCESS_ADMIN = "wagtailadmin.access_admin"
SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"

# Upload and choose images and documents; Wagtail lets uploaders edit their own files.
UPLOAD_MEDIA = frozenset(
    {
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    }
)
# Everything Wagtail grants per collection: images, documents and the collections themselves.
ALL_COLLECTION_PERMISSIONS = frozenset(
    {
        *(f"wagtailimages.{action}_image" for action in ("add", "change", "choose", "delete")),
        *(f"wagtaildocs.{action}_document" for action in ("add", "change", "choose", "delete")),
        *(f"wagtailcore.{action}_collection" for action in ("add", "change", "delete")),
    }
)
# Translators keep the search glossary (search.GlossaryTerm): the same terms in three languages.
KEEP_GLOSSARY = frozenset(f"search.{action}_glossaryterm" for action in ("add", "change", "delete", "view"))
ALL_PAGE_ACTIONS = frozenset(action for action, _short, _long in PAGE_PERMISSION_TYPES)

REVIEW_WORKFLOW = "Review and publish"
REVIEW_TASK = "Moderator review"
# The workflow covers the Bulgarian news section (news items are what officers publish most).
REVIEWED_SECTION = "news.NewsIndexPage"


@dataclass(frozen=True)
class Role:
    """A Wagtail group and the permissions its members hold.

    ``page_permissions`` maps the language code of a tree (``ROOT``: every tree) to the page
    actions (Wagtail's ``add``, ``change``, ``publish``…) held on its home page and below.
    ``collection_permissions`` are held on the root collection, so on every image and document.
    """

    name: str
    permissions: frozenset = frozenset()
    page_permissions: dict = field(default_factory=dict)
    collection_permissions: frozenset = frozenset()
    all_permissions: bool = False


COMMUNICATIONS_OFFICERS = Role(
    name="Communications officers",
    permissions=frozenset({ACCESS_ADMIN}),
    page_permissions={SOURCE_LANGUAGE: frozenset({"add", "change"})},
    collection_permissions=UPLOAD_MEDIA,
)

MODERATORS = Role(
    name="Moderators",
    permissions=frozenset({ACCESS_ADMIN}),
    # Deleting, unpublishing and moving pages need the take-down permission (bgro.page_permissions):
    # moderators hold it in the Bulgarian tree, administrators everywhere, officers and translators never.
    page_permissions={SOURCE_LANGUAGE: frozenset({"add", "change", "publish", TAKE_DOWN_PERMISSION})},
    collection_permissions=UPLOAD_MEDIA,
)

TRANSLATORS = {
    "ro": Role(
        name="Translators — Romanian",
        permissions=frozenset({ACCESS_ADMIN, SUBMIT_TRANSLATION, *KEEP_GLOSSARY}),
        page_permissions={"ro": frozenset({"add", "change", "publish"})},
    ),
    "en": Role(
        name="Translators — English",
        permissions=frozenset({ACCESS_ADMIN, SUBMIT_TRANSLATION, *KEEP_GLOSSARY}),
        page_permissions={"en": frozenset({"add", "change", "publish"})},
    ),
    # The Bulgarian tree is the source tree: Bulgarian translators translate records whose
    # source is Romanian (their Bulgarian versions live there) but create no pages of their own.
    "bg": Role(
        name="Translators — Bulgarian",
        permissions=frozenset({ACCESS_ADMIN, SUBMIT_TRANSLATION, *KEEP_GLOSSARY}),
        page_permissions={"bg": frozenset({"change", "publish"})},
    ),
}

# --- Issue 14: consultation moderators, one group for all; each moderator's institutions are
# data (consultations.ModeratorAssignment, set by administrators), so that the comment queue
# shows and changes only the comments on their institutions' consultations. No page permission.
CONSULTATION_MODERATORS = Role(
    name="Consultation moderators",
    permissions=frozenset(
        {
            ACCESS_ADMIN,
            "consultations.view_consultationcomment",
            "consultations.change_consultationcomment",
        }
    ),
)

ADMINISTRATORS = Role(
    name="Administrators",
    page_permissions={ROOT: ALL_PAGE_ACTIONS},
    collection_permissions=ALL_COLLECTION_PERMISSIONS,
    all_permissions=True,
)

ROLES = [COMMUNICATIONS_OFFICERS, MODERATORS, *TRANSLATORS.values(), CONSULTATION_MODERATORS, ADMINISTRATORS]


class RoleSetupError(Exception):
    """The database lacks something the roles need (a permission, a language tree)."""


@dataclass
class Outcome:
    """What :func:`setup_roles` changed, and what the operator should know."""

    changes: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def setup_roles(roles=ROLES):
    """Create or correct the groups of ``roles`` and the review workflow; return an :class:`Outcome`."""
    outcome = Outcome()
    with transaction.atomic():
        trees = _language_trees()
        groups = {role.name: _apply_role(role, trees, outcome) for role in roles}
        if MODERATORS.name in groups:
            _apply_review_workflow(groups[MODERATORS.name], trees[SOURCE_LANGUAGE], outcome)
        _note_other_groups_on_every_tree(set(groups), outcome)
    return outcome


# --- Groups ---------------------------------------------------------------------------------


def _apply_role(role, trees, outcome):
    group, created = Group.objects.get_or_create(name=role.name)
    if created:
        outcome.changes.append(f"Created group “{role.name}”.")
    _sync_model_permissions(group, role, outcome)
    _sync_page_permissions(group, role, trees, outcome)
    _sync_collection_permissions(group, role, outcome)
    return group


def _sync_model_permissions(group, role, outcome):
    if role.all_permissions:
        wanted = set(Permission.objects.select_related("content_type"))
    else:
        wanted = {_permission(label) for label in role.permissions}
    current = set(group.permissions.select_related("content_type"))
    if wanted - current:
        group.permissions.add(*(wanted - current))
        outcome.changes.append(f"{role.name}: added {_labels(wanted - current)}.")
    if current - wanted:
        group.permissions.remove(*(current - wanted))
        outcome.changes.append(f"{role.name}: removed {_labels(current - wanted)}.")


def _sync_page_permissions(group, role, trees, outcome):
    page_permission = {action: _page_permission(action) for action in ALL_PAGE_ACTIONS}
    wanted = {
        (trees[language].pk, page_permission[action].pk)
        for language, actions in role.page_permissions.items()
        for action in actions
    }
    current = {
        (grant.page_id, grant.permission_id): grant
        for grant in group.page_permissions.select_related("page__locale", "permission")
    }
    for page_id, permission_id in sorted(wanted - set(current)):
        grant = GroupPagePermission.objects.create(group=group, page_id=page_id, permission_id=permission_id)
        outcome.changes.append(f"{role.name}: may now {_page_grant(grant)}.")
    for key in sorted(set(current) - wanted):
        outcome.changes.append(f"{role.name}: may no longer {_page_grant(current[key])}.")
        current[key].delete()


def _sync_collection_permissions(group, role, outcome):
    root = Collection.get_first_root_node()
    wanted = {(root.pk, _permission(label).pk) for label in role.collection_permissions}
    current = {
        (grant.collection_id, grant.permission_id): grant
        for grant in group.collection_permissions.select_related("collection", "permission__content_type")
    }
    added = [
        GroupCollectionPermission.objects.create(group=group, collection_id=collection_id, permission_id=permission_id)
        for collection_id, permission_id in sorted(wanted - set(current))
    ]
    if added:
        outcome.changes.append(
            f"{role.name}: added {_labels(grant.permission for grant in added)} on every collection."
        )
    removed = [current[key] for key in sorted(set(current) - wanted)]
    for grant in removed:
        outcome.changes.append(
            f"{role.name}: removed {_labels([grant.permission])} on the collection “{grant.collection.name}”."
        )
        grant.delete()


# --- The review workflow --------------------------------------------------------------------


def _apply_review_workflow(moderators, bulgarian_home, outcome):
    workflow, created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    if created:
        outcome.changes.append(f"Created workflow “{REVIEW_WORKFLOW}”.")
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
        outcome.changes.append(f"Re-activated workflow “{REVIEW_WORKFLOW}”.")

    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).order_by("pk").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
        outcome.changes.append(f"Created task “{REVIEW_TASK}”.")
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
        outcome.changes.append(f"Re-activated task “{REVIEW_TASK}”.")
    if set(task.groups.all()) != {moderators}:
        task.groups.set([moderators])
        outcome.changes.append(f"Task “{REVIEW_TASK}” is now approved by the group “{moderators.name}” only.")
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        last = WorkflowTask.objects.filter(workflow=workflow).order_by("-sort_order").first()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=(last.sort_order + 1) if last else 0)
        outcome.changes.append(f"Workflow “{REVIEW_WORKFLOW}” now has the task “{REVIEW_TASK}”.")

    section = (
        apps.get_model(REVIEWED_SECTION)
        .objects.descendant_of(bulgarian_home)
        .filter(locale_id=bulgarian_home.locale_id)
        .order_by("path")
        .first()
    )
    if section is None:
        outcome.notes.append(
            f"The Bulgarian tree has no news index yet: the workflow “{REVIEW_WORKFLOW}” is assigned to no page. "
            "Run setup_roles again once it exists."
        )
        return
    where = f"“{section.title}” ({section.get_url() or section.url_path})"
    assignment = WorkflowPage.objects.filter(page=section).select_related("workflow").first()
    if assignment is None:
        WorkflowPage.objects.create(page=section, workflow=workflow)
        outcome.changes.append(f"Workflow “{REVIEW_WORKFLOW}” assigned to {where} and the pages below it.")
    elif assignment.workflow_id != workflow.pk:
        previous = assignment.workflow.name
        assignment.workflow = workflow
        assignment.save(update_fields=["workflow"])
        outcome.changes.append(f"Workflow “{REVIEW_WORKFLOW}” assigned to {where} in place of “{previous}”.")


def _note_other_groups_on_every_tree(role_names, outcome):
    """Wagtail's initial data gives its "Editors" group rights on the root page, so in every
    language tree; setup_roles leaves groups that are not roles alone, but says so."""
    grants = (
        GroupPagePermission.objects.filter(page__depth=1)
        .exclude(group__name__in=role_names)
        .select_related("group", "permission")
        .order_by("group__name", "permission__codename")
    )
    by_group = {}
    for grant in grants:
        by_group.setdefault(grant.group.name, []).append(_action(grant.permission))
    for name, actions in by_group.items():
        outcome.notes.append(
            f"The group “{name}” is not a role and holds page permissions in every language tree "
            f"({', '.join(actions)}): remove them, or the group, unless that is intended."
        )


# --- Lookups --------------------------------------------------------------------------------


def _language_trees():
    """The home page of each language (language code → page), and the root page as ``ROOT``."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise RoleSetupError("The site has no default Wagtail site: run migrate first.")
    source_home = site.root_page
    trees = {ROOT: Page.get_first_root_node()}
    for locale in Locale.objects.all():
        home = source_home.get_translation_or_none(locale)
        if home is not None:
            trees[locale.language_code] = home
    missing = {SOURCE_LANGUAGE, *TRANSLATORS} - set(trees)
    if missing:
        raise RoleSetupError(
            f"No home page in {', '.join(sorted(missing))}: the language trees are made by migrate "
            "(home.0002 and its post-migrate synchronisation)."
        )
    return trees


def _permission(label):
    app_label, codename = label.split(".", 1)
    try:
        return Permission.objects.select_related("content_type").get(
            content_type__app_label=app_label, codename=codename
        )
    except Permission.DoesNotExist as error:
        raise RoleSetupError(f"The permission {label} does not exist: run migrate first.") from error


def _page_permission(action):
    try:
        return Permission.objects.get(content_type=get_default_page_content_type(), codename=f"{action}_page")
    except Permission.DoesNotExist as error:
        raise RoleSetupError(f"The page permission {action}_page does not exist: run migrate first.") from error


def _action(permission):
    return permission.codename.rsplit("_", 1)[0]


PAGE_ACTION_WORDS = {
    "add": "add pages",
    "change": "edit pages",
    "publish": "publish pages",
    "bulk_delete": "delete, unpublish and move pages (with their children)",
    "lock": "lock pages",
    "unlock": "unlock pages locked by others",
}


def _page_grant(grant):
    page = grant.page
    action = _action(grant.permission)
    where = (
        "every language tree" if page.depth == 1 else f"the {page.locale.language_code} tree (“{page.title}” and below)"
    )
    return f"{PAGE_ACTION_WORDS.get(action, f'{action} pages')} in {where}"


def _labels(permissions, listed=12):
    """Permissions as app_label.codename, or their number when there are many (administrators)."""
    labels = sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)
    return ", ".join(labels) if len(labels) <= listed else f"{len(labels)} permissions"
