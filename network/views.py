"""The network's public pages: the directory with the partner search, a member's page with its
agreements, the list of agreements, and the form to ask to join."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from security.public_forms import refuse_if_abusive

from .filters import MemberFilter
from .forms import JoinRequestForm
from .models import AgreementStatus, CooperationAgreement, Member

PAGE_SIZE = 20
# Five requests an hour from one address: an organisation sends one; a robot is stopped early.
JOIN_RATE = "5/h"


def directory(request):
    members = Member.objects.approved().order_by("name")
    finder = MemberFilter(request.GET, queryset=members)
    paginator = Paginator(finder.qs.prefetch_related("translations"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    language = get_language()
    for organisation in page.object_list:
        organisation.texts = organisation.texts_in(language)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "finder": finder,
        "paginator": paginator,
        "members_page": page,
        "page_query": query.urlencode(),
        "member_count": Member.objects.approved().count(),
        "agreement_count": CooperationAgreement.objects.exclude(status=AgreementStatus.IN_PREPARATION).count(),
    }
    return TemplateResponse(request, "network/directory.html", context)


def member(request, slug):
    organisation = get_object_or_404(Member.objects.approved().prefetch_related("translations"), slug=slug)
    organisation.texts = organisation.texts_in(get_language())
    agreements = organisation.agreements().select_related("document").prefetch_related(
        Prefetch("parties", queryset=Member.objects.approved().order_by("name"))
    )
    return TemplateResponse(request, "network/member.html", {"member": organisation, "agreements": agreements})


def agreements(request):
    listed = CooperationAgreement.objects.select_related("document").prefetch_related(
        Prefetch("parties", queryset=Member.objects.approved().order_by("name"))
    )
    return TemplateResponse(request, "network/agreements.html", {"agreements": listed})


def _unique_slug(name):
    base = slugify(name, allow_unicode=False)[:70] or "member"
    slug, number = base, 2
    while Member.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@require_http_methods(["GET", "POST"])
def join(request):
    if request.method == "POST":
        form = JoinRequestForm(request.POST)
        refused = refuse_if_abusive(request, form, "network-join", JOIN_RATE)
        if refused is not None:
            return refused
        if form.is_valid():
            organisation = form.save(commit=False)
            organisation.slug = _unique_slug(organisation.name)
            # The texts are in the language of the form the organisation filled in.
            organisation.language = get_language()
            organisation.save()
            return redirect("network:join_received")
        status = 400
    else:
        form = JoinRequestForm()
        status = 200
    return TemplateResponse(request, "network/join.html", {"form": form, "title": _("Join the network")}, status=status)


def join_received(request):
    return TemplateResponse(request, "network/join_received.html")
