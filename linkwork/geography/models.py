"""The postcode directory: where each postcode is, its small area and region, and the deprivation of its area.

Reference data loaded from the ONS postcode products (`linkwork import postcodes`), or made up for synthetic data.
Not a record anyone keeps by hand, so not a BaseModel: no UUID, no who or when; the postcode is its own key, and
the rows of a whole country (about 2.7 million) stay as small as they can.
"""

from django.db import models


class Postcode(models.Model):
    postcode = models.CharField(max_length=8, primary_key=True, help_text="Normalised, e.g. LS1 4AP")
    # WGS84 degrees; null for the few postcodes the ONS file gives no grid reference (e.g. some PO boxes).
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    lsoa = models.CharField(max_length=9, blank=True, help_text="Lower layer super output area (or data zone)")
    region = models.CharField(max_length=9, blank=True, help_text="ONS region code, e.g. E12000003")
    country = models.CharField(max_length=9, blank=True, help_text="ONS country code, e.g. E92000001")
    imd_rank = models.PositiveIntegerField(
        null=True, help_text="Rank of the area in its country's index, 1 most deprived"
    )
    imd_decile = models.PositiveSmallIntegerField(null=True, help_text="1 most deprived tenth .. 10 least")

    def __str__(self) -> str:
        return self.postcode

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None
