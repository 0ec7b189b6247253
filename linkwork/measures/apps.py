from django.apps import AppConfig
from django.core import checks


class MeasuresConfig(AppConfig):
    name = "linkwork.measures"
    label = "measures"
    verbose_name = "Wellbeing and outcome measures"

    def ready(self) -> None:
        checks.register(check_instrument_definitions)


def check_instrument_definitions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`linkwork check` (and runserver, migrate) report a malformed questionnaire definition, including a
    scheme's own in LINKWORK_EXTRA_INSTRUMENTS_DIR, before anyone tries to record one."""
    from linkwork.measures.instruments import InstrumentDefinitionError, registry
    from linkwork.measures.licences import LICENSED_PER_PCN
    from linkwork.measures.policy.schedule import ScheduleError, schedule

    try:
        known = set(registry().instrument_keys())
        plan = schedule()
        unknown = plan.instruments - known
    except (InstrumentDefinitionError, ScheduleError) as exc:
        return [checks.Error(str(exc), id="measures.E001")]
    if unknown:
        return [
            checks.Error(
                f"the measures schedule names instruments with no definition: {', '.join(sorted(unknown))}",
                id="measures.E002",
            )
        ]
    # A licensed instrument is scheduled only under a licence, and a point under a licence holds only such.
    mismatched = sorted({k for p in plan.points for k in p.instruments if p.pcn_licence != (k in LICENSED_PER_PCN)})
    if mismatched:
        return [
            checks.Error(
                "the measures schedule must mark the points of instruments licensed per PCN (and only those) "
                f"pcn_licence: true: {', '.join(mismatched)}",
                id="measures.E003",
            )
        ]
    return []
