"""Demo content for the network: fourteen members of every kind on both banks, their texts in
three languages, and six cooperation agreements with their PDF. The public bodies are the region's real ones; the NGOs,
businesses and schools are invented for the demo; every address is an example.org one.
Running it again changes nothing."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model

from .models import COUNTRY_LANGUAGES, AgreementStatus, CooperationAgreement, Member, MemberStatus, MemberTranslation

# The agreements were signed in English, the language the partners of both banks share.
AGREEMENT_LANGUAGE = "en"

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

# What each member offers and seeks, in Bulgarian and Romanian (the English is in MEMBERS). A
# member writes in its country's language; the other two are its translations (MemberTranslation).
TEXTS = {
    "ruse-municipality": {
        "bg": ("Местни данъци и гражданска регистрация онлайн; обслужване на едно гише в сградата на общината.",
               "Партньори, с които да направим електронните ни услуги достъпни и от Гюргево."),
        "ro": ("Taxe locale și stare civilă online; un ghișeu unic la sediul administrației locale.",
               "Parteneri pentru ca serviciile noastre electronice să poată fi folosite și din Giurgiu."),
    },
    "giurgiu-city-hall": {
        "bg": ("Опит с плащанията през ghiseul.ro, който споделяме с партньорите.",
               "Съвместно обучение на служителите в звената за обслужване на граждани."),
        "ro": ("Experiența noastră cu plățile prin ghiseul.ro, pe care o împărtășim partenerilor.",
               "Instruire comună pentru personalul de la ghișeele de relații cu publicul."),
    },
    "vidin-regional-administration": {
        "bg": ("Данни за административните услуги в областта.",
               "Партньори за трансгранично проучване на електронните услуги."),
        "ro": ("Date despre serviciile administrative din Vidin și împrejurimi.",
               "Parteneri pentru un studiu transfrontalier al serviciilor electronice."),
    },
    "dolj-county-council": {
        "bg": ("Експертен опит в регионалното развитие.",
               "Партньори по поречието на Дунав за съвместни проекти."),
        "ro": ("Expertiză în dezvoltare regională.",
               "Parteneri de-a lungul Dunării pentru proiecte comune."),
    },
    "calarasi-county-council": {
        "bg": ("Опит с онлайн регистратурата на окръга.",
               "Курсове по дигитални умения за служителите на малките комуни."),
        "ro": ("Experiența registraturii online a județului.",
               "Cursuri de competențe digitale pentru personalul comunelor mici."),
    },
    "silistra-municipality": {
        "bg": ("Съвместен център за обслужване с Кълъраш.",
               "Превод на страниците на електронните услуги на румънски език."),
        "ro": ("Un punct comun de servicii cu Călărași.",
               "Traducerea în limba română a paginilor serviciilor electronice."),
    },
    "danube-digital-skills": {
        "bg": ("Обучения по дигитални умения за възрастни хора и малки предприятия.",
               "Български партньор за посещения за обмен на опит."),
        "ro": ("Instruire în competențe digitale pentru vârstnici și întreprinderi mici.",
               "Un partener bulgar pentru vizite de schimb de experiență."),
    },
    "ruse-civic-tech": {
        "bg": ("Доброволци, които проверяват достъпността на електронните услуги.",
               "Общини, които искат електронните им услуги да бъдат проверени."),
        "ro": ("Voluntari care testează accesibilitatea serviciilor electronice.",
               "Administrații locale care doresc testarea serviciilor lor electronice."),
    },
    "ruse-chamber": {
        "bg": ("Контакти с 600 фирми от областта; трансгранични бизнес изложения.",
               "Информация за електронните обществени поръчки в Румъния за нашите членове."),
        "ro": ("Contacte cu 600 de firme din zona Ruse; târguri de afaceri transfrontaliere.",
               "Informații despre achizițiile publice electronice din România pentru membrii noștri."),
    },
    "constanta-chamber": {
        "bg": ("Консултации за регистрация на фирми за български инвеститори.",
               "Партньори за съвместен наръчник за бизнеса."),
        "ro": ("Consultanță privind înregistrarea firmelor pentru investitorii bulgari.",
               "Parteneri pentru un ghid de afaceri comun."),
    },
    "ruse-university": {
        "bg": ("Курсове по електронно управление и киберсигурност; студенти стажанти.",
               "Данни за публичните електронни услуги за научни изследвания."),
        "ro": ("Cursuri de e-guvernare și securitate cibernetică; studenți stagiari.",
               "Date despre serviciile publice electronice, pentru cercetare."),
    },
    "craiova-university": {
        "bg": ("Научни изследвания в областта на публичната администрация.",
               "Съвместни летни училища с български университети."),
        "ro": ("Cercetare în domeniul administrației publice.",
               "Școli de vară comune cu universități din Bulgaria."),
    },
    "vidin-danube-tours": {
        "bg": ("Разходки с лодка между Видин и Калафат; двуезични екскурзоводи.",
               "Онлайн разрешителни за речен туризъм."),
        "ro": ("Excursii cu barca între Vidin și Calafat; ghizi bilingvi.",
               "Autorizații online pentru turismul fluvial."),
    },
    "giurgiu-software": {
        "bg": ("Разработване на достъпни уеб формуляри за институции.",
               "Пилотни институции на двата бряга на Дунав."),
        "ro": ("Dezvoltarea de formulare web accesibile pentru instituții.",
               "Instituții-pilot de pe ambele maluri ale Dunării."),
    },
}

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


def _texts(member, language, texts):
    """Give ``member`` its texts in its own language and its translations; the number of changes.
    A demo loaded before the texts were translated (in English, for every member) is updated."""
    changes = 0
    own_offers, own_seeks = texts[language]
    if (member.language, member.offers, member.seeks) != (language, own_offers, own_seeks):
        member.language, member.offers, member.seeks = language, own_offers, own_seeks
        member.save(update_fields=["language", "offers", "seeks"])
        changes += 1
    for code, (offers, seeks) in texts.items():
        if code == language:
            continue
        translation, created = MemberTranslation.objects.get_or_create(
            member=member, language=code, defaults={"offers": offers, "seeks": seeks}
        )
        if created:
            changes += 1
        elif (translation.offers, translation.seeks) != (offers, seeks):
            translation.offers, translation.seeks = offers, seeks
            translation.save(update_fields=["offers", "seeks"])
            changes += 1
    return changes


@transaction.atomic
def build(log=print):
    changes = 0
    for slug, name, kind, country, region, city, sector, offers, seeks in MEMBERS:
        texts = {**TEXTS[slug], "en": (offers, seeks)}
        language = COUNTRY_LANGUAGES[country]
        own_offers, own_seeks = texts[language]
        member, created = Member.objects.get_or_create(slug=slug, defaults={
            "name": name, "kind": kind, "country": country, "region": region, "city": city, "sector": sector,
            "offers": own_offers, "seeks": own_seeks, "language": language, "email": f"network@{slug}.example.org",
            "status": MemberStatus.APPROVED,
        })
        changes += created
        changes += _texts(member, language, texts)
    members = {member.slug: member for member in Member.objects.filter(slug__in=[row[0] for row in MEMBERS])}
    for key, subject, signed, status, parties, summary in AGREEMENTS:
        agreement, created = CooperationAgreement.objects.get_or_create(subject=subject, defaults={
            "date_signed": signed, "status": status, "summary": summary, "language": AGREEMENT_LANGUAGE,
            "document": _document(key, subject, summary, [members[slug].name for slug in parties]),
        })
        if created:
            agreement.parties.set([members[slug] for slug in parties])
            changes += 1
        elif agreement.language != AGREEMENT_LANGUAGE:
            agreement.language = AGREEMENT_LANGUAGE
            agreement.save(update_fields=["language"])
            changes += 1
    log(f"Network: {len(MEMBERS)} members, {len(AGREEMENTS)} agreements ({changes} new).")
    return changes
