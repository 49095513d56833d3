"""The regions of the cross-border area's two countries, keyed by their English name.

Bulgarian oblasti and Romanian județe are fixed by law, so they are choices rather than
editable snippets; their labels are translated through the gettext catalogues. The key is
the ASCII English name used by the catalogue exchange format (``"Ruse"``, ``"Calarasi"``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    BULGARIA = "BG", _("Bulgaria")
    ROMANIA = "RO", _("Romania")


BULGARIAN_OBLASTS = [
    ("Blagoevgrad", _("Blagoevgrad")),
    ("Burgas", _("Burgas")),
    ("Dobrich", _("Dobrich")),
    ("Gabrovo", _("Gabrovo")),
    ("Haskovo", _("Haskovo")),
    ("Kardzhali", _("Kardzhali")),
    ("Kyustendil", _("Kyustendil")),
    ("Lovech", _("Lovech")),
    ("Montana", _("Montana")),
    ("Pazardzhik", _("Pazardzhik")),
    ("Pernik", _("Pernik")),
    ("Pleven", _("Pleven")),
    ("Plovdiv", _("Plovdiv")),
    ("Razgrad", _("Razgrad")),
    ("Ruse", _("Ruse")),
    ("Shumen", _("Shumen")),
    ("Silistra", _("Silistra")),
    ("Sliven", _("Sliven")),
    ("Smolyan", _("Smolyan")),
    ("Sofia City", _("Sofia City")),
    ("Sofia Province", _("Sofia Province")),
    ("Stara Zagora", _("Stara Zagora")),
    ("Targovishte", _("Targovishte")),
    ("Varna", _("Varna")),
    ("Veliko Tarnovo", _("Veliko Tarnovo")),
    ("Vidin", _("Vidin")),
    ("Vratsa", _("Vratsa")),
    ("Yambol", _("Yambol")),
]

ROMANIAN_COUNTIES = [
    ("Alba", _("Alba")),
    ("Arad", _("Arad")),
    ("Arges", _("Argeș")),
    ("Bacau", _("Bacău")),
    ("Bihor", _("Bihor")),
    ("Bistrita-Nasaud", _("Bistrița-Năsăud")),
    ("Botosani", _("Botoșani")),
    ("Braila", _("Brăila")),
    ("Brasov", _("Brașov")),
    ("Bucharest", _("Bucharest")),
    ("Buzau", _("Buzău")),
    ("Calarasi", _("Călărași")),
    ("Caras-Severin", _("Caraș-Severin")),
    ("Cluj", _("Cluj")),
    ("Constanta", _("Constanța")),
    ("Covasna", _("Covasna")),
    ("Dambovita", _("Dâmbovița")),
    ("Dolj", _("Dolj")),
    ("Galati", _("Galați")),
    ("Giurgiu", _("Giurgiu")),
    ("Gorj", _("Gorj")),
    ("Harghita", _("Harghita")),
    ("Hunedoara", _("Hunedoara")),
    ("Ialomita", _("Ialomița")),
    ("Iasi", _("Iași")),
    ("Ilfov", _("Ilfov")),
    ("Maramures", _("Maramureș")),
    ("Mehedinti", _("Mehedinți")),
    ("Mures", _("Mureș")),
    ("Neamt", _("Neamț")),
    ("Olt", _("Olt")),
    ("Prahova", _("Prahova")),
    ("Salaj", _("Sălaj")),
    ("Satu Mare", _("Satu Mare")),
    ("Sibiu", _("Sibiu")),
    ("Suceava", _("Suceava")),
    ("Teleorman", _("Teleorman")),
    ("Timis", _("Timiș")),
    ("Tulcea", _("Tulcea")),
    ("Valcea", _("Vâlcea")),
    ("Vaslui", _("Vaslui")),
    ("Vrancea", _("Vrancea")),
]

REGIONS_BY_COUNTRY = {
    Country.BULGARIA: {key for key, _label in BULGARIAN_OBLASTS},
    Country.ROMANIA: {key for key, _label in ROMANIAN_COUNTIES},
}

REGION_CHOICES = [
    (_("Bulgaria"), BULGARIAN_OBLASTS),
    (_("Romania"), ROMANIAN_COUNTIES),
]


def country_of_region(region):
    for country, regions in REGIONS_BY_COUNTRY.items():
        if region in regions:
            return country
    return None
