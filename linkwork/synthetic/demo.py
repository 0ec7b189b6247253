"""The named demo world `make run` signs in to: one ICB, one PCN with three practices, a VCSE partner, a user in
every role (all with the same published password), and about 300 synthetic people in the PCN.

Idempotent: organisations and users are created only if missing, people only if the PCN has none, so a
second run changes nothing and prints the same logins.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.services import create_user
from linkwork.coding.models import CodingEvent, CodingStatus
from linkwork.core.auditor import Auditor
from linkwork.organisations.models import Organisation
from linkwork.organisations.services import create_organisation
from linkwork.people.models import Person
from linkwork.referrals import episode_rules
from linkwork.referrals.models import Referral, Urgency
from linkwork.synthetic.generator import generate

PASSWORD = "demo-linkwork-2026"
EMAIL_DOMAIN = "demo.linkwork.test"
PCN = "U00001"
PEOPLE = 300
SEED = 2026
# What the demo should show on the first screens: enough of each, topped up if the draw left too few.
URGENT_WAITING = 3
OVERDUE_CODES = 3
REVIEWS_DUE = 2  # the link worker's plans whose review is due or overdue
MEASURES_DUE = 1  # the link worker's episodes with a measure due or overdue

ORGANISATIONS = (  # kind, code, name, parent code
    ("icb", "QWO", "NHS Demo Integrated Care Board", None),
    ("pcn", PCN, "Riverside Primary Care Network", "QWO"),
    ("practice", "D81001", "Riverside Surgery", PCN),
    ("practice", "D81002", "Bridge Street Medical Centre", PCN),
    ("practice", "D81003", "Hillview Health Centre", PCN),
    ("vcse", "1100001", "Riverside Community Trust", "QWO"),
)
USERS = (  # role, full name, organisation code
    ("link_worker", "Sam Patel", PCN),
    ("health_and_wellbeing_coach", "Jo Okafor", PCN),
    ("care_coordinator", "Chris Wilson", PCN),
    ("gp_supervisor", "Dr Priya Shah", PCN),
    ("pcn_manager", "Helen Brooks", PCN),
    ("practice_staff", "Tom Clarke", "D81001"),
    ("vcse_partner", "Maya Green", "1100001"),
    ("commissioner", "Rachel Adams", "QWO"),
    ("admin", "Alex Morgan", "QWO"),
)


def email_for(role: str) -> str:
    return f"{role.replace('_', '.')}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class Login:
    role: str
    email: str
    organisation: str


@dataclass
class DemoResult:
    logins: list[Login]
    created_organisations: int = 0
    created_users: int = 0
    people_generated: int = 0


@transaction.atomic
def _world(auditor: Auditor, result: DemoResult) -> None:
    for kind, code, name, parent in ORGANISATIONS:
        if not Organisation.objects.filter(code=code).exists():
            create_organisation(kind=kind, code=code, name=name, parent_code=parent, auditor=auditor)
            result.created_organisations += 1
    for role, full_name, org in USERS:
        if not User.objects.filter(email=email_for(role)).exists():
            create_user(
                email=email_for(role),
                role=role,
                organisation_code=org,
                full_name=full_name,
                password=PASSWORD,
                auditor=auditor,
            )
            result.created_users += 1


def _top_up(link_worker: User, practice_staff: User) -> None:
    """Make sure the first screens have something to show, whatever the random draw gave."""
    waiting = Referral.objects.filter(pcn__code=PCN, status=episode_rules.WAITING).filter(
        assigned_to__in=[link_worker.pk, None]
    )
    short = URGENT_WAITING - waiting.filter(urgency=Urgency.URGENT).count()
    if short > 0:
        ids = list(
            waiting.filter(urgency=Urgency.ROUTINE).order_by("-received_on", "id").values_list("pk", flat=True)[:short]
        )
        Referral.objects.filter(pk__in=ids).update(urgency=Urgency.URGENT)
    today = timezone.localdate()
    codes = CodingEvent.objects.filter(practice_id=practice_staff.organisation_id)
    # Codes still within their week are on the worklist, not yet entered.
    for event in codes.filter(status=CodingStatus.ENTERED, due_by__gte=today):
        CodingEvent.objects.filter(pk=event.pk).update(
            status=CodingStatus.PENDING, entered_by=None, entered_at=None, updated_at=event.created_at
        )
    short = OVERDUE_CODES - codes.filter(status=CodingStatus.PENDING, due_by__lt=today).count()
    if short > 0:
        # The most recent codes already past their due date are shown as not yet entered.
        late = codes.filter(status=CodingStatus.ENTERED, due_by__lt=today).order_by("-contact_date", "id")[:short]
        for event in late:
            CodingEvent.objects.filter(pk=event.pk).update(
                status=CodingStatus.PENDING, entered_by=None, entered_at=None, updated_at=event.created_at
            )


def build_demo() -> DemoResult:
    result = DemoResult(logins=[Login(role, email_for(role), org) for role, _, org in USERS])
    _world(Auditor(system="demo"), result)
    if not Person.objects.filter(gp_practice__parent__code=PCN).exists():
        with transaction.atomic():  # all the people or none, so a second run can tell
            generate(people=PEOPLE, seed=SEED, today=timezone.localdate(), into_pcn=PCN, progress=False)
            worker, staff = (User.objects.get(email=email_for(r)) for r in ("link_worker", "practice_staff"))
            _top_up(worker, staff)
        result.people_generated = PEOPLE
    return result
