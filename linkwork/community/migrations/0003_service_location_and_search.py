"""Where each service is (its postcode's latitude and longitude from the postcode directory, for the distance
search), filled for the services already stored; and the directory's full-text index (community.search_index): its
table, the triggers that keep it current on every write, and its rows for the services already stored, on SQLite or
PostgreSQL. The model ServiceSearchEntry is unmanaged: Django only joins it."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from linkwork.community import search_index


def locate(apps, schema_editor):
    Service = apps.get_model("community", "Service")
    Postcode = apps.get_model("geography", "Postcode")
    known = Postcode.objects.filter(postcode=OuterRef("postcode"))
    Service.objects.filter(postcode__in=Postcode.objects.values("postcode")).update(
        latitude=Subquery(known.values("latitude")[:1]), longitude=Subquery(known.values("longitude")[:1])
    )


def install_search(apps, schema_editor):
    search_index.install(schema_editor)


def uninstall_search(apps, schema_editor):
    search_index.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0002_service_postcode_area_district"),
        ("geography", "0001_initial"),
        ("organisations", "0002_alter_organisation_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="latitude",
            field=models.FloatField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="service",
            name="longitude",
            field=models.FloatField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="service",
            index=models.Index(fields=["latitude", "longitude"], name="service_location"),
        ),
        migrations.RunPython(locate, migrations.RunPython.noop),
        migrations.CreateModel(
            name="ServiceSearchEntry",
            fields=[
                (
                    "service",
                    models.OneToOneField(
                        db_column="service_id",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="community.service",
                    ),
                ),
            ],
            options={
                "db_table": "community_service_search",
                "managed": False,
            },
        ),
        migrations.RunPython(install_search, uninstall_search),
    ]
