"""The programme area of Interreg Romania–Bulgaria: the eight Bulgarian districts (oblasti) and
seven Romanian counties (județe) along the Danube, west to east on each bank. Their boundaries
for the map are in ``digitalisation.boundaries``.
"""

from dataclasses import dataclass

from catalogue.regions import BULGARIAN_OBLASTS, ROMANIAN_COUNTIES, Country


@dataclass(frozen=True)
class AreaRegion:
    key: str  # catalogue.regions key ("Calarasi")
    country: str

    @property
    def label(self):
        return dict(BULGARIAN_OBLASTS + ROMANIAN_COUNTIES)[self.key]


AREA_REGIONS = (
    AreaRegion("Mehedinti", Country.ROMANIA),
    AreaRegion("Dolj", Country.ROMANIA),
    AreaRegion("Olt", Country.ROMANIA),
    AreaRegion("Teleorman", Country.ROMANIA),
    AreaRegion("Giurgiu", Country.ROMANIA),
    AreaRegion("Calarasi", Country.ROMANIA),
    AreaRegion("Constanta", Country.ROMANIA),
    AreaRegion("Vidin", Country.BULGARIA),
    AreaRegion("Montana", Country.BULGARIA),
    AreaRegion("Vratsa", Country.BULGARIA),
    AreaRegion("Pleven", Country.BULGARIA),
    AreaRegion("Ruse", Country.BULGARIA),
    AreaRegion("Silistra", Country.BULGARIA),
    AreaRegion("Dobrich", Country.BULGARIA),
    AreaRegion("Veliko Tarnovo", Country.BULGARIA),
)
AREA_REGION_KEYS = {region.key: region for region in AREA_REGIONS}
