"""The service finder of the service index page (``catalogue.finder``).

Seven services of four institutions on both banks of the Danube, built once for the module:

=====================  ===========  ==================  =====================  ==========
service                institution  country / region    audience               online
=====================  ===========  ==================  =====================  ==========
Birth certificate      Ruse         BG / Ruse           citizens               yes
Street trade permit    Ruse         BG / Ruse           businesses             no
Taxi permit            Silistra     BG / Silistra       citizens, businesses   yes
Property tax           Giurgiu      RO / Giurgiu        businesses             yes
Parking permit         Giurgiu      RO / Giurgiu        citizens               no
NGO registration       Giurgiu      RO / Giurgiu        ngos                   no
Fiscal certificate     Călărași     RO / Calarasi       citizens, businesses   yes
=====================  ===========  ==================  =====================  ==========

Giurgiu City Hall is translated into Romanian; the other institutions are aliases there.

Life events: "Having a child" (Birth certificate, Parking permit), translated into Romanian and
English; "Starting a business" (Street trade permit, Taxi permit, Property tax), Bulgarian only;
Taxi permit chose the Romanian version of "Having a child" too. "Retirement" has no services.
"""

import itertools
from types import SimpleNamespace

import pytest

from catalogue.finder import ServiceFilter
from catalogue.models import ServiceIndexPage, ServicePage
from tests.catalogue.test_queries import SERVICE_INDEX_KEPT_QUERIES, SERVICE_INDEX_QUERIES
from tests.conftest import get_home_pages, get_locales
from tests.factories import (
    InstitutionIndexPageFactory,
    InstitutionPageFactory,
    LifeEventFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    alias_into,
    translate,
    translate_snippet,
)
from tests.rendering import QUERY_CASES, assert_queries_do_not_grow, query_budget

pytestmark = pytest.mark.django_db

INSTITUTIONS = {
    "ruse-municipality": ("Община Русе", "BG", "Ruse"),
    "silistra-municipality": ("Община Силистра", "BG", "Silistra"),
    "giurgiu-city-hall": ("Primăria Giurgiu", "RO", "Giurgiu"),
    "calarasi-city-hall": ("Primăria Călărași", "RO", "Calarasi"),
}
SERVICES = [
    ("Birth certificate", "ruse-municipality", ["citizens"], ["in-person", "online"]),
    ("Street trade permit", "ruse-municipality", ["businesses"], ["in-person"]),
    ("Taxi permit", "silistra-municipality", ["citizens", "businesses"], ["online"]),
    ("Property tax", "giurgiu-city-hall", ["businesses"], ["online"]),
    ("Parking permit", "giurgiu-city-hall", ["citizens"], ["in-person"]),
    ("NGO registration", "giurgiu-city-hall", ["ngos"], ["in-person", "post"]),
    ("Fiscal certificate", "calarasi-city-hall", ["citizens", "businesses"], ["in-person", "online"]),
]
ALL_SERVICES = sorted(title for title, *_rest in SERVICES)


@pytest.fixture(scope="module")
def finder_site(module_db):
    locales = get_locales()
    home = get_home_pages(locales)["bg"]
    institution_index = InstitutionIndexPageFactory(parent=home)
    service_index = ServiceIndexPageFactory(parent=home)
    institutions = {
        key: InstitutionPageFactory(parent=institution_index, title=title, catalogue_id=key, country=country, region=region)
        for key, (title, country, region) in INSTITUTIONS.items()
    }
    child = LifeEventFactory(name="Раждане на дете", slug="having-a-child", sort_order=1)
    child_ro = translate_snippet(child, locales["ro"], name="Nașterea unui copil")
    translate_snippet(child, locales["en"], name="Having a child")
    business = LifeEventFactory(name="Започване на бизнес", slug="starting-a-business", sort_order=2)
    LifeEventFactory(name="Пенсиониране", slug="retirement", sort_order=3)
    life_events = {
        "Birth certificate": [child],
        "Parking permit": [child],
        "Street trade permit": [business],
        "Taxi permit": [business, child_ro],
        "Property tax": [business],
    }
    for title, key, audience, channels in SERVICES:
        ServicePageFactory(
            life_events=life_events.get(title, []),
            parent=service_index,
            title=title,
            institution=institutions[key],
            audience=audience,
            channels=channels,
            digitalisation_level=3 if "online" in channels else 2,
        )
    translate(institutions["giurgiu-city-hall"], locales["ro"])
    return SimpleNamespace(
        url=service_index.get_url(),
        ro_url=service_index.get_translation(locales["ro"]).get_url(),
        # Assertions on the interface's text read the English page.
        en_url=service_index.get_translation(locales["en"]).get_url(),
        index=service_index,
        institutions=institutions,
        locales=locales,
    )


def get(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, f"GET {url} {params}: {response.status_code}"
    return response


def titles(response):
    return [service.title for service in response.context["services_page"].object_list]


def counts(options):
    return {option.value: option.count for option in options}


def region_counts(finder):
    return {option.value: option.count for group in finder.region_groups for option in group.options}


# --- Each filter alone and combined ----------------------------------------------------------


@pytest.mark.smoke
def test_without_filters_every_service_is_listed(client, finder_site):
    response = get(client, finder_site.en_url)

    assert titles(response) == ALL_SERVICES
    assert response.context["services_page"].paginator.count == 7
    assert not response.context["finder"].is_active
    assert "7 services" in response.content.decode()


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "BG"}, ["Birth certificate", "Street trade permit", "Taxi permit"]),
        ({"country": "RO"}, ["Fiscal certificate", "NGO registration", "Parking permit", "Property tax"]),
        ({"region": "Giurgiu"}, ["NGO registration", "Parking permit", "Property tax"]),
        ({"institution": "ruse-municipality"}, ["Birth certificate", "Street trade permit"]),
        ({"audience": "businesses"}, ["Fiscal certificate", "Property tax", "Street trade permit", "Taxi permit"]),
        ({"audience": "ngos"}, ["NGO registration"]),
        ({"online": "1"}, ["Birth certificate", "Fiscal certificate", "Property tax", "Taxi permit"]),
    ],
    ids=lambda value: "-".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else "",
)
def test_each_filter_alone(client, finder_site, params, expected):
    response = get(client, finder_site.url, params)

    assert titles(response) == expected
    assert response.context["finder"].is_active
    assert not response.context["finder"].problems


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "RO", "audience": "businesses", "online": "1"}, ["Fiscal certificate", "Property tax"]),
        ({"country": "RO", "region": "Giurgiu", "audience": "businesses"}, ["Property tax"]),
        ({"country": "BG", "audience": "citizens", "online": "1"}, ["Birth certificate", "Taxi permit"]),
        ({"institution": "giurgiu-city-hall", "audience": "citizens"}, ["Parking permit"]),
        # A valid combination that matches nothing is an empty list, not an error.
        ({"country": "BG", "audience": "ngos"}, []),
        ({"institution": "ruse-municipality", "region": "Giurgiu"}, []),
    ],
)
def test_filters_combine(client, finder_site, params, expected):
    response = get(client, finder_site.en_url, params)

    assert titles(response) == expected
    if not expected:
        assert "No services match these filters." in response.content.decode()


def test_the_filters_work_in_a_language_tree_of_aliases(client, finder_site):
    response = get(client, finder_site.ro_url, {"country": "RO", "audience": "businesses", "online": "1"})

    assert titles(response) == ["Fiscal certificate", "Property tax"]
    assert all(service.locale_id == finder_site.locales["ro"].id for service in response.context["services_page"])


def test_an_institution_is_found_whatever_the_language_of_the_version_a_service_points_to(client, finder_site):
    """A service may name the Romanian version of its institution: it is still that institution's."""
    giurgiu_ro = finder_site.institutions["giurgiu-city-hall"].get_translation(finder_site.locales["ro"])
    ServicePageFactory(parent=finder_site.index, title="Market stall", institution=giurgiu_ro, aliases=False)

    response = get(client, finder_site.url, {"institution": "giurgiu-city-hall"})

    assert titles(response) == ["Market stall", "NGO registration", "Parking permit", "Property tax"]
    institution_options = response.context["finder"].institution_options
    assert [option.value for option in institution_options].count("giurgiu-city-hall") == 1
    assert counts(institution_options)["giurgiu-city-hall"] == 4
    assert counts(response.context["finder"].country_options) == {"": 4, "BG": 0, "RO": 4}


# --- Counts -------------------------------------------------------------------------------------


@pytest.mark.smoke
def test_counts_without_filters(client, finder_site):
    finder = get(client, finder_site.url).context["finder"]

    assert counts(finder.country_options) == {"": 7, "BG": 3, "RO": 4}
    assert region_counts(finder) == {"Ruse": 2, "Silistra": 1, "Giurgiu": 3, "Calarasi": 1}
    assert finder.all_regions_option.count == 7
    assert counts(finder.institution_options) == {
        "ruse-municipality": 2,
        "silistra-municipality": 1,
        "giurgiu-city-hall": 3,
        "calarasi-city-hall": 1,
    }
    assert counts(finder.audience_options) == {"": 7, "citizens": 4, "businesses": 4, "ngos": 1}
    assert finder.online_option.count == 4


def test_each_count_leaves_out_its_own_filter_and_keeps_the_others(client, finder_site):
    finder = get(client, finder_site.url, {"country": "RO", "audience": "businesses"}).context["finder"]

    # Countries: businesses services in each country.
    assert counts(finder.country_options) == {"": 4, "BG": 2, "RO": 2}
    # Regions and institutions: only Romanian ones, businesses services.
    assert [group.label for group in finder.region_groups] == [""]
    assert region_counts(finder) == {"Giurgiu": 1, "Calarasi": 1}
    assert counts(finder.institution_options) == {"giurgiu-city-hall": 1, "calarasi-city-hall": 1}
    # Audiences: Romanian services for each audience.
    assert counts(finder.audience_options) == {"": 4, "citizens": 2, "businesses": 2, "ngos": 1}
    # Online: Romanian businesses services used online.
    assert finder.online_option.count == 2


def _choosing(finder):
    """Each option of each filter as the parameters that choose it, with its count."""
    current = {name: value for name, value in finder._parameters().items() if value}
    for option in finder.country_options:
        yield {**current, "country": option.value}, option.count
    for group in finder.region_groups:
        for option in group.options:
            yield {**current, "region": option.value}, option.count
    for option in finder.institution_options:
        yield {**current, "institution": option.value}, option.count
    for option in finder.audience_options:
        yield {**current, "audience": option.value}, option.count
    yield {**current, "online": "1"}, finder.online_option.count


@pytest.mark.parametrize(
    "params",
    [{}, {"country": "RO", "audience": "businesses"}, {"region": "Ruse", "online": "1"}, {"institution": "giurgiu-city-hall"}],
)
def test_each_count_is_the_number_of_services_found_by_choosing_the_option(client, finder_site, params):
    finder = get(client, finder_site.url, params).context["finder"]

    for chosen, count in _choosing(finder):
        chosen = {name: value for name, value in chosen.items() if value}
        response = get(client, finder_site.url, chosen)
        assert response.context["services_page"].paginator.count == count, f"{chosen}: {count} announced"


def test_the_total_is_shown_and_is_in_the_page_title(client, finder_site):
    response = get(client, finder_site.en_url, {"country": "RO"})
    content = response.content.decode()

    assert response.context["finder"].count == response.context["services_page"].paginator.count == 4
    assert 'role="status"' in content
    assert "4 services" in content.split("<title>")[1].split("</title>")[0]
    assert '<meta name="robots" content="noindex, follow">' in content


def test_regions_are_grouped_by_country_until_a_country_is_chosen(client, finder_site):
    finder = get(client, finder_site.en_url).context["finder"]

    assert [group.label for group in finder.region_groups] == ["Bulgaria", "Romania"]
    assert [option.value for option in finder.region_groups[0].options] == ["Ruse", "Silistra"]


# --- Institution names in the visitor's language ---------------------------------------------


def test_institutions_are_named_in_the_visitors_language(client, finder_site):
    finder = get(client, finder_site.ro_url).context["finder"]
    names = {option.value: (option.label, option.lang) for option in finder.institution_options}

    # Translated into Romanian: its Romanian name. Not yet translated (an alias): the Bulgarian
    # name, marked as Bulgarian for screen readers.
    assert names["giurgiu-city-hall"] == ("Primăria Giurgiu [ro]", "")
    assert names["ruse-municipality"] == ("Община Русе", "bg")


def test_institution_names_in_the_default_language(client, finder_site):
    response = get(client, finder_site.url, {"institution": "calarasi-city-hall"})
    finder = response.context["finder"]

    assert [option.label for option in finder.institution_options] == [
        "Primăria Călărași", "Primăria Giurgiu", "Община Русе", "Община Силистра",
    ]
    assert [option.value for option in finder.institution_options if option.selected] == ["calarasi-city-hall"]
    assert [active.label for active in finder.active_filters] == ["Primăria Călărași"]


# --- Links: shareable addresses, pagination, clearing -------------------------------------------


def test_the_forms_empty_fields_redirect_to_the_short_address(client, finder_site):
    response = client.get(
        finder_site.url, {"country": "", "region": "", "institution": "", "audience": "businesses", "online": "1"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{finder_site.url}?audience=businesses&online=1"


def test_a_form_with_every_field_empty_redirects_to_the_plain_list(client, finder_site):
    response = client.get(finder_site.url, {"country": "", "region": "", "institution": "", "audience": ""})

    assert response.status_code == 302
    assert response["Location"] == finder_site.url


def test_pagination_keeps_the_filters(client, finder_site, monkeypatch):
    monkeypatch.setattr(ServiceIndexPage, "page_size", 1)
    params = {"country": "RO", "audience": "citizens"}  # Fiscal certificate, Parking permit

    first = get(client, finder_site.en_url, params)
    second = get(client, finder_site.en_url, {**params, "page": "2"})

    assert titles(first) == ["Fiscal certificate"]
    assert 'href="?country=RO&amp;audience=citizens&amp;page=2"' in first.content.decode()
    assert titles(second) == ["Parking permit"]
    assert "page 2 of 2" in second.content.decode()
    assert 'href="?country=RO&amp;audience=citizens&amp;page=1"' in second.content.decode()


def test_each_filter_in_use_has_a_link_that_removes_it_and_one_clears_them_all(client, finder_site):
    response = get(client, finder_site.en_url, {"country": "RO", "region": "Giurgiu", "online": "1"})
    finder = response.context["finder"]
    content = response.content.decode()

    assert [(active.name, active.remove_query) for active in finder.active_filters] == [
        ("country", "?region=Giurgiu&online=1"),
        ("region", "?country=RO&online=1"),
        ("online", "?country=RO&region=Giurgiu"),
    ]
    assert f'href="{finder_site.en_url}?country=RO&amp;online=1"' in content
    assert f'<a href="{finder_site.en_url}">Clear filters</a>' in content


@pytest.mark.smoke
def test_the_form_works_without_javascript(client, finder_site):
    content = get(client, finder_site.en_url, {"country": "BG", "online": "1"}).content.decode()

    assert f'<form class="finder__form" method="get" action="{finder_site.en_url}"' in content
    assert '<legend class="finder__legend">Country</legend>' in content
    assert 'type="radio" name="country" id="finder-country-2" value="BG" checked' in content
    assert '<label class="finder__legend" for="finder-region">Region</label>' in content
    assert '<label class="finder__legend" for="finder-institution">Institution</label>' in content
    assert 'type="checkbox" name="online" id="finder-online" value="1" checked' in content
    assert '<button type="submit"' in content


# --- Bad parameters -------------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("params", "expected_count", "problems"),
    [
        ({"country": "XX"}, 7, 1),
        ({"country": "Bulgaria"}, 7, 1),
        ({"country": "bg"}, 3, 0),  # the code in lower case is still the code
        ({"region": "Atlantis"}, 7, 1),
        ({"country": "BG", "region": "Giurgiu"}, 3, 1),  # Giurgiu is in Romania: left out
        ({"institution": "no-such-institution"}, 7, 1),
        ({"institution": "Not A Catalogue Id!"}, 7, 1),
        ({"institution": "ruse\x00municipality"}, 7, 1),
        ({"audience": "martians"}, 7, 1),
        ({"online": "maybe"}, 7, 1),
        ({"page": "abc"}, 7, 0),
        ({"page": "-3"}, 7, 0),
        ({"page": "²"}, 7, 0),
        ({"page": "9" * 5000}, 7, 0),
        ({"region": "a" * 10000, "institution": "b" * 10000, "country": "c" * 10000}, 7, 3),
        ({"audience": "<script>alert(1)</script>"}, 7, 1),
        ({"country": "XX", "region": "\x00", "audience": "zz", "institution": "x", "online": "2", "page": "x"}, 7, 5),
    ],
)
def test_bad_parameters_are_left_out_and_said_so(client, finder_site, params, expected_count, problems):
    response = get(client, finder_site.en_url, params)
    finder = response.context["finder"]

    assert response.context["services_page"].paginator.count == expected_count
    assert len(finder.problems) == problems
    content = response.content.decode()
    for problem in finder.problems:
        assert problem in content
    assert "<script>alert(1)</script>" not in content


def test_a_region_outside_the_chosen_country_is_named_in_the_message(client, finder_site):
    finder = get(client, finder_site.en_url, {"country": "BG", "region": "Giurgiu"}).context["finder"]

    assert finder.problems == ["Giurgiu is not in Bulgaria, so the region filter has been left out."]
    assert finder.region == ""
    assert [active.name for active in finder.active_filters] == ["country"]


def test_repeated_parameters_use_the_last_value(client, finder_site):
    response = get(client, finder_site.url + "?country=BG&country=RO")

    assert response.context["finder"].country == "RO"
    assert response.context["services_page"].paginator.count == 4


@pytest.mark.smoke
def test_an_index_without_services_says_so(client, home_page, locales):
    index = ServiceIndexPageFactory(parent=home_page, title="No services yet")

    response = get(client, index.get_translation(locales["en"]).get_url(), {"country": "RO"})

    assert "No services have been published yet." in response.content.decode()
    assert response.context["services_page"].paginator.count == 0


def test_the_filter_is_a_plain_object_over_any_queryset(finder_site):
    services = ServicePage.objects.child_of(finder_site.index).live()
    finder = ServiceFilter(lambda: services, {"country": "RO", "online": "1"}, locale_id=finder_site.locales["bg"].id)

    assert sorted(finder.results().values_list("title", flat=True)) == ["Fiscal certificate", "Property tax"]
    assert finder.query_string() == "?country=RO&online=1"
    assert finder.query_string(country="") == "?online=1"


# --- Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "cold_cache"), QUERY_CASES)
def test_the_finder_costs_the_same_queries_with_5_and_50_services(client, home_page, locales, language, cold_cache):
    """Every filter in use, 5 then 50 services of 10 institutions in two countries.

    The budget is the service index's (see ``tests/catalogue/test_queries.py``): the finder's
    counts are one GROUP BY query and the institutions' names one more, whatever the filters;
    the list of these filters is kept as a fragment like the unfiltered one.
    """
    # Beside the module's indexes: slugs of their own.
    institution_index = InstitutionIndexPageFactory(parent=home_page, title="More institutions", aliases=False)
    places = itertools.cycle([("BG", "Ruse"), ("RO", "Giurgiu")])
    institutions = []
    for _ in range(10):
        country, region = next(places)
        institutions.append(
            InstitutionPageFactory(parent=institution_index, country=country, region=region, aliases=False)
        )
    source_index = ServiceIndexPageFactory(parent=home_page, title="More services", aliases=False)
    index = source_index if language == "bg" else alias_into(source_index, locales[language])
    if language != "bg":
        alias_into(institution_index, locales[language])
        for institution in institutions:
            alias_into(institution, locales[language])
    cycle = itertools.cycle(institutions)
    events = [LifeEventFactory() for _ in range(3)]
    life_events = itertools.cycle(events)

    def add_services(count):
        for _ in range(count):
            service = ServicePageFactory(
                parent=source_index, institution=next(cycle), life_events=[next(life_events)], aliases=False
            )
            if language != "bg":
                alias_into(service, locales[language])

    add_services(5)
    chosen = institutions[0]
    url = (
        f"{index.get_url()}?country=BG&region=Ruse&institution={chosen.catalogue_id}&audience=citizens&online=1"
        f"&life_event={events[0].slug}"  # the first service's: the list is not empty
    )

    assert_queries_do_not_grow(
        client,
        url,
        lambda: add_services(45),
        budget=query_budget(
            SERVICE_INDEX_QUERIES - (0 if cold_cache else SERVICE_INDEX_KEPT_QUERIES),
            alias_tree=language != "bg",
            cold_cache=cold_cache,
        ),
        cold_cache=cold_cache,
    )


# --- Life events ----------------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Taxi permit chose the Romanian version of "Having a child": the slug is the same.
        ({"life_event": "having-a-child"}, ["Birth certificate", "Parking permit", "Taxi permit"]),
        ({"life_event": "starting-a-business"}, ["Property tax", "Street trade permit", "Taxi permit"]),
        ({"life_event": "starting-a-business", "country": "BG"}, ["Street trade permit", "Taxi permit"]),
        ({"life_event": "having-a-child", "online": "1"}, ["Birth certificate", "Taxi permit"]),
        ({"life_event": "retirement"}, []),
    ],
)
def test_the_life_event_filter(client, finder_site, params, expected):
    response = get(client, finder_site.en_url, params)

    assert titles(response) == expected
    assert not response.context["finder"].problems


def test_the_life_event_filter_works_in_a_language_tree_of_aliases(client, finder_site):
    response = get(client, finder_site.ro_url, {"life_event": "having-a-child", "country": "RO"})

    assert titles(response) == ["Parking permit"]


def test_life_event_counts_keep_the_other_filters(client, finder_site):
    finder = get(client, finder_site.en_url).context["finder"]

    # Retirement has no services: not offered.
    assert counts(finder.life_event_options) == {"having-a-child": 3, "starting-a-business": 3}
    assert finder.all_life_events_option.count == 7

    finder = get(client, finder_site.en_url, {"country": "RO", "life_event": "having-a-child"}).context["finder"]
    assert counts(finder.life_event_options) == {"having-a-child": 1, "starting-a-business": 1}
    assert finder.all_life_events_option.count == 4
    # The other filters' counts keep the life event.
    assert counts(finder.country_options) == {"": 3, "BG": 2, "RO": 1}
    assert counts(finder.audience_options) == {"": 1, "citizens": 1, "businesses": 0, "ngos": 0}


@pytest.mark.parametrize("params", [{"life_event": "having-a-child"}, {"life_event": "starting-a-business", "online": "1"}])
def test_each_life_event_count_is_the_number_of_services_found(client, finder_site, params):
    finder = get(client, finder_site.url, params).context["finder"]

    options = [(option.value, option.count) for option in finder.life_event_options]
    for chosen, count in list(_choosing(finder)) + [({**params, "life_event": value}, n) for value, n in options]:
        chosen = {name: value for name, value in chosen.items() if value}
        response = get(client, finder_site.url, chosen)
        assert response.context["services_page"].paginator.count == count, f"{chosen}: {count} announced"


def test_life_events_are_named_in_the_visitors_language(client, finder_site):
    ro = {option.value: (option.label, option.lang) for option in get(client, finder_site.ro_url).context["finder"].life_event_options}
    en_finder = get(client, finder_site.en_url, {"life_event": "having-a-child"}).context["finder"]

    # Translated: its Romanian name. Not translated: the Bulgarian name, marked as Bulgarian.
    assert ro == {"having-a-child": ("Nașterea unui copil", ""), "starting-a-business": ("Започване на бизнес", "bg")}
    assert [active.label for active in en_finder.active_filters] == ["Having a child"]
    assert en_finder.active_filters[0].remove_query == ""
    content = get(client, finder_site.en_url, {"life_event": "having-a-child"}).content.decode()
    assert '<label class="finder__legend" for="finder-life-event">Life event</label>' in content
    assert '<option value="having-a-child" selected>Having a child (3)</option>' in content


@pytest.mark.parametrize("slug", ["no-such-event", "Not A Slug!", "child\x00", "x" * 500])
def test_an_unknown_life_event_is_left_out_and_said_so(client, finder_site, slug):
    response = get(client, finder_site.en_url, {"life_event": slug, "country": "RO"})
    finder = response.context["finder"]

    assert response.context["services_page"].paginator.count == 4
    assert finder.problems == ["The life event in the address is not known, so services for every life event are shown."]
    assert finder.life_event == ""


def test_the_life_event_is_kept_in_links(client, finder_site):
    finder = get(client, finder_site.en_url, {"life_event": "having-a-child", "country": "BG"}).context["finder"]

    assert finder.query_string() == "?life_event=having-a-child&country=BG"
    assert finder.query_string(page="2") == "?life_event=having-a-child&country=BG&page=2"
    response = client.get(finder_site.en_url, {"life_event": "having-a-child", "country": ""})
    assert response["Location"] == f"{finder_site.en_url}?life_event=having-a-child"


# --- The language switcher -------------------------------------------------------------------------


def test_the_language_switcher_keeps_the_filters(client, finder_site):
    """/bg/uslugi/?country=RO in Romanian is /ro/servicii/?country=RO, not the whole list."""
    content = get(client, finder_site.url, {"country": "RO", "life_event": "having-a-child"}).content.decode()

    for url in (finder_site.url, finder_site.ro_url, finder_site.en_url):
        assert f'class="language-switcher__link" href="{url}?country=RO&amp;life_event=having-a-child"' in content


def test_the_language_switcher_escapes_the_query(client, finder_site):
    content = get(client, finder_site.url, {"country": '"><script>alert(1)</script>'}).content.decode()

    assert "<script>alert(1)" not in content
    assert f'href="{finder_site.ro_url}?country=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"' in content


def test_a_service_page_links_to_the_finder_for_each_of_its_life_events(client, finder_site):
    taxi = ServicePage.objects.get(title="Taxi permit", locale=finder_site.locales["bg"])
    content = get(client, taxi.get_translation(finder_site.locales["en"]).get_url()).content.decode()

    # Its life events in the life events' order, in English where translated.
    assert content.index("Having a child") < content.index("Започване на бизнес")
    assert f'<a class="tag-link" href="{finder_site.en_url}?life_event=having-a-child">Having a child</a>' in content
    assert (
        f'<a class="tag-link" href="{finder_site.en_url}?life_event=starting-a-business" lang="bg">Започване на бизнес</a>'
        in content
    )
