"""The content the browser tests visit: one page of every type, in the Bulgarian tree with its
Romanian and English versions (some translated, some aliases), built with the factories."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale

from bgro.indexing import deferred_indexing
from catalogue.models import InstitutionIndexPage, ServiceIndexPage
from consultations.models import ConsultationComment
from home.models import HomePage
from tests.consultations.factories import ConsultationIndexPageFactory, ConsultationPageFactory
from tests.factories import (
    DeliverableIndexPageFactory,
    DeliverablePageFactory,
    ImageFactory,
    InstitutionIndexPageFactory,
    InstitutionPageFactory,
    LifeEventFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    StandardPageFactory,
    body_stream,
    translate,
    translate_snippet,
)

LANGUAGES = ("bg", "ro", "en")
SEARCH_WORD = "Удостоверение"
# The editor the admin tests sign in as (test database only; the test settings hash fast).
EDITOR_USERNAME = "a11y-editor"
EDITOR_PASSWORD = "correct horse battery staple 19"


@dataclass
class BrowserSite:
    # Page type → language → path (with its query string where the page type needs one).
    paths: dict = field(default_factory=dict)
    service_paths: set = field(default_factory=set)  # every language version of every service
    news_path_with_image: str = ""
    # Page types reached by an action on the page at their path rather than by the address
    # alone (a form sent with errors, a facet followed): page type → Action.
    actions: dict = field(default_factory=dict)
    # The HTTP status a page type answers with when it is not 200 (404, a form sent with errors).
    statuses: dict = field(default_factory=dict)
    # The admin views of objects the site holds (issue 19): view → path.
    admin_paths: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Action:
    """What the browser does on the page before it is checked: fill ``fields`` (CSS selector →
    value; an empty value leaves a field empty) of the form ``form`` and send it, or follow the
    first link matching ``follow``."""

    form: str = ""
    fields: tuple = ()
    follow: str = ""


def build_site():
    # Search and reference index updates in bulk at the end: a third of the time otherwise.
    with deferred_indexing():
        return _build_site()


def _build_site():
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    home = HomePage.objects.get(locale=locales["bg"], depth=2)

    about = StandardPageFactory(
        parent=home,
        title="За проекта",
        slug="za-proekta",
        body=body_stream(image=ImageFactory(file__width=1600, file__height=900)),
    )
    StandardPageFactory(parent=home, title="Достъпност", slug="accessibility", body=body_stream())

    institution_index = InstitutionIndexPageFactory(parent=home, title="Институции", slug="institutsii")
    ruse = InstitutionPageFactory(parent=institution_index, title="Община Русе", catalogue_id="ruse-municipality")
    giurgiu = InstitutionPageFactory(
        parent=institution_index,
        title="Primăria Giurgiu",
        catalogue_id="giurgiu-city-hall",
        country="RO",
        region="Giurgiu",
        address="Bulevardul București nr. 49–51, Giurgiu",
        phone="+40 246 213 588",
    )

    child = LifeEventFactory(name="Раждане на дете", slug="having-a-child", icon="child", sort_order=1)
    translate_snippet(child, locales["ro"], name="Nașterea unui copil", description="Înregistrarea nașterii.")
    translate_snippet(child, locales["en"], name="Having a child", description="Registering the birth.")
    business = LifeEventFactory(name="Започване на бизнес", slug="starting-a-business", icon="briefcase", sort_order=2)

    service_index = ServiceIndexPageFactory(parent=home, title="Услуги", slug="uslugi")
    birth = ServicePageFactory(
        parent=service_index,
        title="Удостоверение за раждане",
        slug="udostoverenie-za-razhdane",
        institution=ruse,
        life_events=[child],
    )
    ServicePageFactory(
        parent=service_index,
        title="Certificat fiscal",
        slug="certificat-fiscal",
        institution=giurgiu,
        life_events=[business],
        summary="Certificat de atestare fiscală pentru persoane fizice și juridice.",
    )
    ServicePageFactory(
        parent=service_index,
        title="Разрешение за търговия на открито",
        slug="razreshenie-za-targoviya",
        institution=ruse,
        life_events=[business, child],
        channels=["in-person"],
        online_url="",
        digitalisation_level=1,
    )

    news_index = NewsIndexPageFactory(parent=home, title="Новини", slug="novini")
    news = [
        NewsPageFactory(
            parent=news_index,
            title=f"Нова услуга онлайн {number}",
            slug=f"novina-{number}",
            listing_image=ImageFactory(file__width=1600, file__height=900),
            body=body_stream(image=ImageFactory(file__width=1600, file__height=900)),
        )
        for number in range(3)
    ]
    news[0].tags.add("услуги")
    news[0].save_revision().publish()

    deliverable_index = DeliverableIndexPageFactory(parent=about, title="Резултати", slug="rezultati")
    deliverable = DeliverablePageFactory(parent=deliverable_index, title="Проучване на нуждите", slug="prouchvane")

    # Consultations: one open (with the comment form), one concluded (with its outcome report).
    consultation_index = ConsultationIndexPageFactory(parent=home, title="Консултации", slug="konsultatsii")
    open_consultation = ConsultationPageFactory(parent=consultation_index, institution=ruse, slug="naredba")
    today = timezone.localdate()
    concluded = ConsultationPageFactory(
        parent=consultation_index, institution=ruse, slug="reshenie", title="Решение за отпадъците",
        opening_date=today - timedelta(days=90), closing_date=today - timedelta(days=60),
        outcome_published_on=today - timedelta(days=30), outcome_summary="<p>Решението е прието.</p>",
    )
    moderated_comment = ConsultationComment.objects.create(
        consultation=concluded, section_id=concluded.sections[0].id, section_number=1, author_name="Иван Петров",
        email="ivan@example.org", language="bg", text="Предлагам по-чест график.",
        status=ConsultationComment.Status.PUBLISHED, confirmed_at=timezone.now(),
        outcome=ConsultationComment.Outcome.ACCEPTED, outcome_reason="Графикът е променен.",
    )

    home.featured_services = [{"type": "service", "value": birth.pk}]
    home.partners = [
        {
            "type": "partner",
            "value": {
                "name": "Областна администрация Русе",
                "role": "lead-partner",
                "country": "BG",
                "logo": None,
                "url": "https://ruse.example.bg/",
            },
        },
    ]
    home.save_revision().publish()

    # Translated into Romanian and English: the home page, two sections, one service and one
    # news item. Everything else stays an alias of the Bulgarian page (the notice, lang="bg").
    for page in (home, service_index, news_index, birth, news[0], consultation_index, open_consultation):
        for code in ("ro", "en"):
            translate(page, locales[code])
    deliverable_index.refresh_from_db()

    def paths_of(page, query=""):
        return {code: page.get_translation(locales[code]).get_url() + query for code in LANGUAGES}

    site = BrowserSite()
    home_versions = {code: HomePage.objects.get(locale=locales[code], depth=2) for code in LANGUAGES}
    site.paths = {
        "home": {code: page.get_url() for code, page in home_versions.items()},
        "standard-page": paths_of(about),
        "institution-index": paths_of(InstitutionIndexPage.objects.get(pk=institution_index.pk)),
        "institution-page": paths_of(giurgiu),
        "service-index": paths_of(ServiceIndexPage.objects.get(pk=service_index.pk)),
        "service-index-filtered": paths_of(service_index, "?life_event=having-a-child&country=BG&online=1"),
        "service-page": paths_of(birth),
        "news-index": paths_of(news_index),
        "news-page": paths_of(news[0]),
        "deliverable-index": paths_of(deliverable_index),
        "deliverable-page": paths_of(deliverable),
        "consultation-index": paths_of(consultation_index),
        "consultation-page": paths_of(open_consultation),
        "consultation-concluded": paths_of(concluded),
        "comment-policy": paths_of(consultation_index, "comment-policy/"),
        "search": {code: f"/{code}/search/?q={SEARCH_WORD}" for code in LANGUAGES},
        "not-found": {code: f"/{code}/no-such-page/" for code in LANGUAGES},
        "display": {code: f"/{code}/display/" for code in LANGUAGES},
        "privacy": {code: f"/{code}/privacy/" for code in LANGUAGES},
        "alerts": {code: f"/{code}/alerts/" for code in LANGUAGES},  # issue 14: e-mail alerts
        "accessibility-statement": {code: f"/{code}/accessibility-statement/" for code in LANGUAGES},
    }
    # --- Issue 15: the network and the digitalisation map ---
    _network_and_indicators(site)
    # --- Issue 19: the states of the forms and the pages their e-mails lead to ---
    _form_states(site, open_consultation)
    for service in service_index.get_children():
        for version in service.get_translations(inclusive=True):
            site.service_paths.add(version.get_url())
    site.news_path_with_image = site.paths["news-page"]["bg"]
    site.admin_paths.update({
        "consultation comment moderation form": f"/admin/consultation_comments/edit/{moderated_comment.pk}/",
        "page editor: service page": f"/admin/pages/{birth.pk}/edit/",
        "page editor: news page": f"/admin/pages/{news[0].pk}/edit/",
    })
    get_user_model().objects.create_superuser(EDITOR_USERNAME, "editor@example.bg", EDITOR_PASSWORD)
    return site


def _network_and_indicators(site):
    import datetime

    from digitalisation.snapshots import record_snapshot
    from network.models import CooperationAgreement, Member

    ruse = Member.objects.create(
        name="Община Русе", slug="ruse", kind="municipality", country="BG", region="Ruse", sector="digital",
        email="network@ruse.example.org", status="approved", offers="Онлайн местни данъци.",
        seeks="Партньори за дигитални умения.", contact_name="Иван Петров", website="https://ruse.example.org/",
    )
    giurgiu = Member.objects.create(
        name="Asociația Dunărea Digitală", slug="dunarea-digitala", kind="ngo", country="RO", region="Giurgiu",
        sector="digital", email="network@dunarea.example.org", status="approved",
        offers="Cursuri de competențe digitale.",
    )
    agreement = CooperationAgreement.objects.create(
        subject="Дигитални умения по Дунав", date_signed=datetime.date(2025, 5, 9), summary="Обмен на обучители."
    )
    agreement.parties.set([ruse, giurgiu])
    request = Member.objects.create(
        name="Община Тутракан", slug="tutrakan", kind="municipality", country="BG", region="Silistra",
        sector="public-administration", email="network@tutrakan.example.org", status="pending",
        contact_name="Мария Иванова",
    )
    site.admin_paths["network join request"] = f"/admin/snippets/network/member/edit/{request.pk}/"
    record_snapshot(datetime.date(2026, 1, 1))
    record_snapshot(datetime.date(2026, 2, 1))
    site.paths.update({
        "network-directory": {code: f"/{code}/network/?q=digital&country=BG" for code in LANGUAGES},
        "network-member": {code: f"/{code}/network/members/ruse/" for code in LANGUAGES},
        "network-join": {code: f"/{code}/network/join/" for code in LANGUAGES},
        "digitalisation": {code: f"/{code}/digitalisation/" for code in LANGUAGES},
        "digitalisation-region": {code: f"/{code}/digitalisation/regions/Ruse/" for code in LANGUAGES},
    })


def _form_states(site, open_consultation):
    """The pages a visitor meets around the public forms: each form sent with an error, what the
    confirmation, management and unsubscribe links of the alerts open, the thanks and received
    pages, a link that is not valid; and the search page with a facet chosen and with no result."""
    from alerts import links
    from alerts.models import Subscriber, Subscription

    unconfirmed = Subscriber.objects.create(email="alerts-new@example.org", language="bg")
    confirmed = Subscriber.objects.create(email="alerts@example.org", language="bg", confirmed_at=timezone.now())
    Subscription.objects.create(subscriber=confirmed, kind="news", value="")
    confirm_token = links.make_token(unconfirmed, links.CONFIRM)
    manage_token = links.make_token(confirmed, links.MANAGE)
    unconfirmed_comment = ConsultationComment.objects.create(
        consultation=open_consultation, section_id=open_consultation.sections[0].id, section_number=1,
        author_name="Мария", email="maria@example.org", language="bg", text="Предлагам по-ниска такса.",
    )
    from consultations.views import confirmation_token

    comment_token = confirmation_token(unconfirmed_comment)
    service, consultation = site.paths["service-page"], site.paths["consultation-page"]
    site.paths.update({
        "alerts-check-mailbox": {code: f"/{code}/alerts/check-your-mailbox/" for code in LANGUAGES},
        "alerts-confirm": {code: f"/{code}/alerts/confirm/?t={confirm_token}" for code in LANGUAGES},
        "alerts-manage": {code: f"/{code}/alerts/manage/?t={manage_token}&confirmed=1" for code in LANGUAGES},
        "alerts-unsubscribe": {code: f"/{code}/alerts/unsubscribe/?t={manage_token}" for code in LANGUAGES},
        "alerts-subscribe-errors": site.paths["alerts"],
        "link-not-valid": {code: f"/{code}/alerts/manage/?t=not-a-token" for code in LANGUAGES},
        "page-feedback-errors": service,
        "page-feedback-thanks": {code: f"{path}?feedback=thanks" for code, path in service.items()},
        "consultation-comment-errors": consultation,
        "consultation-comment-confirm": {code: f"{path}confirm/?token={comment_token}" for code, path in consultation.items()},
        "network-join-errors": site.paths["network-join"],
        "network-join-received": {code: f"/{code}/network/join/received/" for code in LANGUAGES},
        "network-agreements": {code: f"/{code}/network/agreements/" for code in LANGUAGES},
        "accessibility-feedback": {code: f"/{code}/accessibility-statement/feedback/" for code in LANGUAGES},
        "accessibility-feedback-errors": {code: f"/{code}/accessibility-statement/feedback/" for code in LANGUAGES},
        "search-filtered": site.paths["search"],
        "search-no-results": {code: f"/{code}/search/?q=zzxqvw" for code in LANGUAGES},
    })
    site.actions.update({
        "alerts-subscribe-errors": Action(form="main form", fields=(("input[name=email]", "not-an-address"),)),
        "page-feedback-errors": Action(form="#page-feedback form"),
        "consultation-comment-errors": Action(form="form.comment-form", fields=(("[name=email]", "not-an-address"),)),
        "network-join-errors": Action(form="main form", fields=(("[name=name]", "Община Тутракан"),)),
        "accessibility-feedback-errors": Action(form="main form", fields=(("[name=email]", "not-an-address"),)),
        "search-filtered": Action(follow=".search-facets__link"),
    })
    site.statuses.update({
        "not-found": 404,
        "link-not-valid": 400,
        "alerts-subscribe-errors": 400,
        "page-feedback-errors": 400,
        "consultation-comment-errors": 400,
        "network-join-errors": 400,
        "accessibility-feedback-errors": 400,
    })
