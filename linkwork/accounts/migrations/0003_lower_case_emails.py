"""Store every user's email lower-case: sign-in now looks emails up lower-case (any capitalisation signs in), so
an email stored with capitals could no longer sign in."""

from django.db import migrations


def lower_case_emails(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    stored = list(User.objects.values_list("pk", "email"))
    lowered = {}
    for pk, email in stored:
        lowered.setdefault(email.strip().lower(), []).append(pk)
    clashes = sorted(email for email, pks in lowered.items() if len(pks) > 1)
    if clashes:
        raise RuntimeError(
            "these emails belong to more than one user once lower-cased; give each user a distinct email (or "
            f"deactivate and rename one) before migrating: {', '.join(clashes)}"
        )
    for pk, email in stored:
        if email != email.strip().lower():
            User.objects.filter(pk=pk).update(email=email.strip().lower())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [migrations.RunPython(lower_case_emails, migrations.RunPython.noop)]
