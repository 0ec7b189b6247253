from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "linkwork.geography"
    label = "geography"
    verbose_name = "Postcodes and where they are: coordinates, small areas, regions and deprivation"
