"""A service's postcode area ("LS") and district ("LS1") as indexed columns, so the place search is an equality
every database can index (a LIKE prefix on the postcode cannot use PostgreSQL's plain index). Filled here for the
services already stored; Service.save keeps them in step from now on."""

import re

from django.db import migrations, models

# Frozen here (a migration must not change when the model's code does): the same rule as models.postcode_parts.
POSTCODE_START = re.compile(r"^(?P<district>(?P<area>[A-Z]{1,2})[0-9][0-9A-Z]?)(?: ?[0-9][A-Z]{2})?$")
BATCH = 500  # ids in one UPDATE's IN list


def parts(postcode):
    compact = re.sub(r"\s", "", (postcode or "").upper())
    found = POSTCODE_START.match(compact[:-3] + " " + compact[-3:] if len(compact) >= 5 else compact)
    return (found["area"], found["district"]) if found else ("", "")


def fill(apps, schema_editor):
    """One UPDATE per district (a few hundred in a region), not one per service."""
    Service = apps.get_model("community", "Service")
    # Read first, then write: SQLite does not isolate a query being read from writes to the same table.
    by_place = {}
    for pk, postcode in Service.objects.exclude(postcode="").values_list("id", "postcode"):
        place = parts(postcode)
        if place[1]:
            by_place.setdefault(place, []).append(pk)
    for (area, district), ids in by_place.items():
        for start in range(0, len(ids), BATCH):
            Service.objects.filter(pk__in=ids[start : start + BATCH]).update(
                postcode_area=area, postcode_district=district
            )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="postcode_area",
            field=models.CharField(blank=True, editable=False, help_text="e.g. LS", max_length=2),
        ),
        migrations.AddField(
            model_name="service",
            name="postcode_district",
            field=models.CharField(blank=True, editable=False, help_text="e.g. LS1", max_length=4),
        ),
        # Filled before the indexes are built: one build over the filled columns, not an index update per row.
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="service",
            index=models.Index(fields=["postcode_area"], name="service_postcode_area"),
        ),
        migrations.AddIndex(
            model_name="service",
            index=models.Index(fields=["postcode_district"], name="service_postcode_district"),
        ),
    ]
