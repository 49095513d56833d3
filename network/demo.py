"""Demo content for the network: fourteen members of every kind on both banks and six
cooperation agreements with their PDF. The public bodies are the region's real ones; the NGOs,
businesses and schools are invented for the demo; every address is an example.org one.
Running it again changes nothing."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model

from .models import AgreementStatus, CooperationAgreement, Member, MemberStatus

MEMBERS = (
    ("ruse-municipality", "Община Русе", "municipality", "BG", "Ruse", "Ruse", "public-administration",
     "Online local taxes and civil registration; a one-stop shop in the town hall.",
     "Partners to make our e-services usable from Giurgiu."),
    ("giurgiu-city-hall", "Primăria Municipiului Giurgiu", "municipality", "RO", "Giurgiu", "Giurgiu",
     "public-administration", "Shared experience with ghiseul.ro payments.", "Joint training for front-office staff."),
    ("vidin-regional-administration", "Областна администрация Видин", "regional-administration", "BG", "Vidin",
     "Vidin", "public-administration", "Data on the district's administrative services.",
     "Partners for a cross-border survey of e-services."),
    ("dolj-county-council", "Consiliul Județean Dolj", "regional-administration", "RO", "Dolj", "Craiova",
     "public-administration", "Regional development expertise.", "Partners along the Danube for joint projects."),
    ("calarasi-county-council", "Consiliul Județean Călărași", "regional-administration", "RO", "Calarasi",
     "Călărași", "public-administration", "Experience with the county's online registry.",
     "Digital skills courses for the staff of small communes."),
    ("silistra-municipality", "Община Силистра", "municipality", "BG", "Silistra", "Silistra",
     "public-administration", "A joint service point with Călărași.", "Translation of e-service pages into Romanian."),
    ("danube-digital-skills", "Asociația Dunărea Digitală", "ngo", "RO", "Giurgiu", "Giurgiu", "digital",
     "Training in digital skills for older people and small businesses.", "A Bulgarian partner for exchange visits."),
    ("ruse-civic-tech", "Сдружение Граждански технологии Русе", "ngo", "BG", "Ruse", "Ruse", "digital",
     "Volunteers who test e-services for accessibility.", "Municipalities that want their e-services tested."),
    ("ruse-chamber", "Русенска търговско-индустриална камара", "chamber", "BG", "Ruse", "Ruse", "economy",
     "Contacts with 600 companies of the district; cross-border business fairs.",
     "Information on Romanian e-procurement for our members."),
    ("constanta-chamber", "Camera de Comerț Constanța", "chamber", "RO", "Constanta", "Constanța", "economy",
     "Company registration advice for Bulgarian investors.", "Partners for a joint business guide."),
    ("ruse-university", "Русенски университет „Ангел Кънчев“", "education", "BG", "Ruse", "Ruse", "education",
     "Courses in e-government and cyber security; student interns.", "Data on public e-services for research."),
    ("craiova-university", "Universitatea din Craiova", "education", "RO", "Dolj", "Craiova", "education",
     "Research in public administration.", "Joint summer schools with Bulgarian universities."),
    ("vidin-danube-tours", "Дунав Турс Видин ЕООД", "business", "BG", "Vidin", "Vidin", "tourism",
     "Boat trips between Vidin and Calafat; bilingual guides.", "Online permits for river tourism."),
    ("giurgiu-software", "Software Dunărea SRL", "business", "RO", "Giurgiu", "Giurgiu", "digital",
     "Development of accessible web forms for institutions.", "Pilot institutions on both banks."),
)

AGREEMENTS = (
    ("ruse-giurgiu-e-services", "Joint e-services between Ruse and Giurgiu", datetime.date(2025, 3, 12),
     AgreementStatus.IN_FORCE, ("ruse-municipality", "giurgiu-city-hall"),
     "The two municipalities make their online services usable by the citizens of the other town."),
    ("silistra-calarasi-service-point", "A shared service point Silistra–Călărași", datetime.date(2025, 6, 2),
     AgreementStatus.IN_FORCE, ("silistra-municipality", "calarasi-county-council"),
     "A bilingual desk that helps people use the services of both banks."),
    ("digital-skills-exchange", "Digital skills across the Danube", datetime.date(2025, 9, 18),
     AgreementStatus.IN_FORCE, ("danube-digital-skills", "ruse-civic-tech", "ruse-university"),
     "Exchange of trainers and courses in digital skills."),
    ("chambers-business-guide", "A cross-border business guide", datetime.date(2024, 11, 5),
     AgreementStatus.IN_FORCE, ("ruse-chamber", "constanta-chamber"),
     "The chambers publish a joint guide to starting a business on the other bank."),
    ("universities-summer-school", "Summer school on e-government", datetime.date(2024, 4, 22),
     AgreementStatus.ENDED, ("ruse-university", "craiova-university"),
     "Two summer schools for students and civil servants (2024 and 2025)."),
    ("vidin-dolj-survey", "A survey of the region's e-services", datetime.date(2026, 2, 10),
     AgreementStatus.IN_FORCE, ("vidin-regional-administration", "dolj-county-council", "giurgiu-software"),
     "A yearly survey of the public e-services of the two districts."),
)


def _document(key, subject, summary, parties):
    from home.demo.artwork import summary_pdf

    document_model = get_document_model()
    title = f"demo-agreement-{key}"
    document = document_model.objects.filter(title=title).first()
    if document is None:
        pdf = summary_pdf(subject, subject, [summary, "Parties: " + "; ".join(parties)],
                          "BG-RO E-GoverNet · ROBG-168", "en")
        document = document_model(title=title)
        document.file.save(f"{title}.pdf", ContentFile(pdf), save=False)
        document.save()
    return document


@transaction.atomic
def build(log=print):
    changes = 0
    for slug, name, kind, country, region, city, sector, offers, seeks in MEMBERS:
        _member, created = Member.objects.get_or_create(slug=slug, defaults={
            "name": name, "kind": kind, "country": country, "region": region, "city": city, "sector": sector,
            "offers": offers, "seeks": seeks, "email": f"network@{slug}.example.org",
            "status": MemberStatus.APPROVED,
        })
        changes += created
    members = {member.slug: member for member in Member.objects.filter(slug__in=[row[0] for row in MEMBERS])}
    for key, subject, signed, status, parties, summary in AGREEMENTS:
        agreement, created = CooperationAgreement.objects.get_or_create(subject=subject, defaults={
            "date_signed": signed, "status": status, "summary": summary,
            "document": _document(key, subject, summary, [members[slug].name for slug in parties]),
        })
        if created:
            agreement.parties.set([members[slug] for slug in parties])
            changes += 1
    log(f"Network: {len(MEMBERS)} members, {len(AGREEMENTS)} agreements ({changes} new).")
    return changes
