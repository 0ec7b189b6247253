"""A person's record belongs to one PCN (ADR 0009).

Every record is given the PCN of the practice it is registered with. A record that episodes of another PCN also
used (the person moved practice, and the old model shared one record between PCNs) is split: that PCN gets its own
copy, with the practice its latest episode recorded, and its episodes and everything hanging off them (coding
events, measures, connections) move to the copy. Then (0003) NHS numbers are unique within a PCN instead of everywhere.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

COPIED = ("nhs_number", "given_name", "family_name", "birth_date", "sex", "postcode", "imd_decile", "created_by_id")


def give_each_record_its_pcn(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    Organisation = apps.get_model("organisations", "Organisation")
    parent = Organisation.objects.filter(pk=OuterRef("gp_practice_id")).values("parent_id")[:1]
    Person.objects.update(pcn_id=Subquery(parent))


def split_records_shared_between_pcns(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    Referral = apps.get_model("referrals", "Referral")
    shared = (
        Referral.objects.exclude(pcn_id=models.F("person__pcn_id"))
        .order_by("person_id", "pcn_id", "-received_on")
        .values_list("person_id", "pcn_id", "practice_id")
    )
    copies: dict[tuple, uuid.UUID] = {}
    for person_id, pcn_id, practice_id in shared:
        if (person_id, pcn_id) in copies:
            continue  # the latest episode's practice is already the copy's
        original = Person.objects.get(pk=person_id)
        copy = Person(
            id=uuid.uuid4(),
            pcn_id=pcn_id,
            gp_practice_id=practice_id,
            **{name: getattr(original, name) for name in COPIED},
        )
        copy.save(force_insert=True)
        copies[(person_id, pcn_id)] = copy.pk
    for (person_id, pcn_id), copy_id in copies.items():
        episodes = Referral.objects.filter(person_id=person_id, pcn_id=pcn_id)
        for app_label, model_name in (
            ("coding", "CodingEvent"),
            ("measures", "MeasureResponse"),
            ("connections", "Connection"),
        ):
            apps.get_model(app_label, model_name).objects.filter(referral__in=episodes).update(person_id=copy_id)
        episodes.update(person_id=copy_id)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("organisations", "0002_alter_organisation_kind"),
        ("referrals", "0002_vocabulary_labels"),
        ("coding", "0001_initial"),
        ("measures", "0001_initial"),
        ("connections", "0002_contact_details"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="pcn",
            field=models.ForeignKey(
                db_index=False,
                help_text="The PCN whose record this is",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="nhs_number",
            field=models.CharField(max_length=10),
        ),
        # Data only from here: PostgreSQL refuses to alter a table with pending deferred checks, so making the
        # column required and unique within the PCN is the next migration.
        migrations.RunPython(give_each_record_its_pcn, migrations.RunPython.noop),
        migrations.RunPython(split_records_shared_between_pcns, migrations.RunPython.noop),
    ]
