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
    from linkwork.measures.policy.schedule import ScheduleError, schedule

    try:
        known = set(registry().instrument_keys())
        unknown = schedule().instruments - known
    except (InstrumentDefinitionError, ScheduleError) as exc:
        return [checks.Error(str(exc), id="measures.E001")]
    if unknown:
        return [
            checks.Error(
                f"the measures schedule names instruments with no definition: {', '.join(sorted(unknown))}",
                id="measures.E002",
            )
        ]
    return []
