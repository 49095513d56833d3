"""The programme area of Interreg Romania–Bulgaria: the eight Bulgarian districts (oblasti) and
seven Romanian counties (județe) along the Danube, with their place on the schematic map.

No package that the project can install (PyPI, npm, Debian) ships the administrative
boundaries of these districts under an open licence (world-atlas has countries only; the
Eurostat/GISCO packages download boundaries at run time, and this site loads nothing from
elsewhere). So the map is a schematic one: one tile per district, in the order they lie along
the Danube (column, west to east) and the bank (row), labelled as a schematic, not a map.
"""

from dataclasses import dataclass

from catalogue.regions import BULGARIAN_OBLASTS, ROMANIAN_COUNTIES, Country


@dataclass(frozen=True)
class AreaRegion:
    key: str  # catalogue.regions key ("Calarasi")
    country: str
    column: float  # west → east
    row: float  # 0: the Romanian bank, 1 and 2: the Bulgarian bank

    @property
    def label(self):
        return dict(BULGARIAN_OBLASTS + ROMANIAN_COUNTIES)[self.key]


AREA_REGIONS = (
    AreaRegion("Mehedinti", Country.ROMANIA, 0, 0),
    AreaRegion("Dolj", Country.ROMANIA, 1, 0),
    AreaRegion("Olt", Country.ROMANIA, 2, 0),
    AreaRegion("Teleorman", Country.ROMANIA, 3, 0),
    AreaRegion("Giurgiu", Country.ROMANIA, 4, 0),
    AreaRegion("Calarasi", Country.ROMANIA, 5, 0),
    AreaRegion("Constanta", Country.ROMANIA, 6, 0),
    AreaRegion("Vidin", Country.BULGARIA, 0, 1),
    AreaRegion("Montana", Country.BULGARIA, 1, 1),
    AreaRegion("Vratsa", Country.BULGARIA, 2, 1),
    AreaRegion("Pleven", Country.BULGARIA, 3, 1),
    AreaRegion("Ruse", Country.BULGARIA, 4, 1),
    AreaRegion("Silistra", Country.BULGARIA, 5, 1),
    AreaRegion("Dobrich", Country.BULGARIA, 6, 1),
    AreaRegion("Veliko Tarnovo", Country.BULGARIA, 3.5, 2),
)
AREA_REGION_KEYS = {region.key: region for region in AREA_REGIONS}
