"""The named demo world `make run` signs in to: one ICB, one PCN with three practices, a VCSE partner, a user in
every role (all with the same published password), and about 300 synthetic people in the PCN.

The ICB has a small community directory (directory.build: a few dozen services, Riverside Community Trust's
among them) with its capacity (Riverside's: accepting, now a short waiting list), the PCN's agreements to connect
(Riverside's current, one lapsed), catch-ups and confidence surveys (Riverside's due); the people's episodes have
onward connections, some of the link worker's still waiting for Riverside to act on, some accepted or completed. The
PCN's practitioners have two years of activity not about one person (synthetic.activities), and, where the local
settings license the demo PCN for PAM (they do), PAM on the schedule.
The directory's services and the people are in the same postcode area (DEMO_AREA), and every postcode of either is in
the postcode directory (synthetic.postcodes), so searching near a person's postcode finds services near them.

Idempotent: organisations and users are created only if missing, the directory only if Riverside has no services,
people only if the PCN has none, so a second run changes nothing and prints the same logins.
"""

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.services import create_user
from linkwork.coding.models import CodingEvent, CodingStatus
from linkwork.community.models import CapacityStatement, ConfidenceSurvey, Service
from linkwork.community.quality import policy as qa_policy
from linkwork.community.quality import presenters as quality
from linkwork.community.quality import services as qa_services
from linkwork.community.quality.sheets import confidence_survey
from linkwork.connections import policy as connection_policy
from linkwork.connections import services as connection_services
from linkwork.connections.models import Connection
from linkwork.core.auditor import Auditor
from linkwork.core.dates import add_months
from linkwork.core.roles import Role
from linkwork.organisations.models import Organisation
from linkwork.organisations.services import create_organisation
from linkwork.people.models import Person
from linkwork.referrals import policy as episode_policy
from linkwork.referrals.models import Referral, Urgency
from linkwork.synthetic import assurance, names, postcodes, world
from linkwork.synthetic import directory as directories
from linkwork.synthetic.clock import Clock
from linkwork.synthetic.generator import generate
from linkwork.synthetic.loader import DIRECTORY_ORDER, Loader

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
VCSE = "1100001"
DIRECTORY_SERVICES = 36  # the ICB's directory
RIVERSIDE_SERVICES = 5
RIVERSIDE_DEMAND = 40.0  # Riverside is the busiest organisation in the ICB
WORKS_WITH_OTHERS = 0.7  # the demo PCN works with most of the ICB's organisations
RIVERSIDE_WAIT_DAYS = 21
DEMO_AREA = "LS"
WAITING_FOR_RIVERSIDE = 3  # the link worker's connections Riverside has not answered yet

ORGANISATIONS = (  # kind, code, name, parent code
    ("icb", "QWO", "NHS Demo Integrated Care Board", None),
    ("pcn", PCN, "Riverside Primary Care Network", "QWO"),
    ("practice", "D81001", "Riverside Surgery", PCN),
    ("practice", "D81002", "Bridge Street Medical Centre", PCN),
    ("practice", "D81003", "Hillview Health Centre", PCN),
    ("vcse", "1100001", "Riverside Community Trust", "QWO"),
)
USERS = (  # role, full name, organisation code
    (Role.LINK_WORKER, "Sam Patel", PCN),
    (Role.HEALTH_AND_WELLBEING_COACH, "Jo Okafor", PCN),
    (Role.CARE_COORDINATOR, "Chris Wilson", PCN),
    (Role.GP_SUPERVISOR, "Dr Priya Shah", PCN),
    (Role.PCN_MANAGER, "Helen Brooks", PCN),
    (Role.PRACTICE_STAFF, "Tom Clarke", "D81001"),
    (Role.VCSE_PARTNER, "Maya Green", "1100001"),
    (Role.COMMISSIONER, "Rachel Adams", "QWO"),
    (Role.ADMIN, "Alex Morgan", "QWO"),
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
    waiting = Referral.objects.filter(pcn__code=PCN, status=episode_policy.WAITING).filter(
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


def _directory(today) -> None:
    """The ICB's directory, made by directory.build around Riverside Community Trust, then put in order for the
    first screens: Riverside's agreement with the PCN current, one other lapsed, Riverside's survey due."""
    icb, pcn, vcse = (Organisation.objects.get(code=code) for code in ("QWO", PCN, VCSE))
    by_role = {
        role: User.objects.get(email=email_for(role))
        for role in (Role.PCN_MANAGER, Role.LINK_WORKER, Role.VCSE_PARTNER)
    }
    manager = by_role[Role.PCN_MANAGER]
    built = directories.build(
        seed=SEED,
        clock=Clock(today),
        icb_ids=[icb.pk.hex.encode()],
        icb_areas=[DEMO_AREA],
        pcns=[
            directories.Pcn(
                id=pcn.pk.hex.encode(),
                icb=0,
                manager=manager.pk.hex.encode(),
                manager_name=manager.full_name,
                link_workers=[by_role[Role.LINK_WORKER].pk.hex.encode()],
            )
        ],
        services=DIRECTORY_SERVICES,
        providers=[
            directories.Provider(
                id=vcse.pk.hex.encode(),
                code=vcse.code,
                kind=vcse.kind,
                name=vcse.name,
                icb=0,
                partner=by_role[Role.VCSE_PARTNER].pk.hex.encode(),
                demand=RIVERSIDE_DEMAND,
                services=RIVERSIDE_SERVICES,
            )
        ],
        codes={kind: world._next_number(kind) for kind in ("vcse", "community_group", "statutory")},
        places=np.arange(len(names.PLACE_STARTS) * len(names.PLACE_ENDS)),
        works_with_others=WORKS_WITH_OTHERS,
    )
    assurance.confident_before_signing(built.rows, SEED, Clock(today))
    postcodes.load([DEMO_AREA])
    loader = Loader(connection)
    loader.load("organisation", built.rows["organisation"])
    loader.load("user", built.rows["user"])
    for key in DIRECTORY_ORDER:
        loader.load(key, built.rows[key])
    Service.objects.filter(organisation=vcse).update(status="active")
    # Riverside has taken people all along, and keeps a short waiting list now.
    statements = CapacityStatement.objects.filter(organisation=vcse)
    statements.update(status="accepting", typical_wait_days=None)
    latest = statements.order_by("-stated_on", "-created_at").first()
    if latest is not None:
        statements.filter(pk=latest.pk).update(status="waiting_list", typical_wait_days=RIVERSIDE_WAIT_DAYS)
    auditor = Auditor(manager)
    if not quality.may_connect(vcse.pk, pcn.pk, today).allowed:
        signed = today - timedelta(days=14)
        # The prompt sheet is worked through again first, and the link worker is confident (seed 003 Appendix 5).
        qa_services.record_assessment(
            vcse,
            sheet="vcse_provider",
            documents=dict.fromkeys(("registration", "accounts", "insurance"), True),
            checks={},
            notes="Reviewed with the chief executive; policies seen.",
            confident=True,
            assessed_on=signed - timedelta(days=7),
            user=manager,
            auditor=auditor,
        )
        qa_services.sign_agreement(
            vcse,
            sheet="vcse_provider",
            pcn_signatory=manager.full_name,
            pcn_signed_on=signed,
            organisation_signatory=f"{by_role['vcse_partner'].full_name}, Chief executive",
            organisation_signed_on=signed,
            user=manager,
            auditor=auditor,
        )
    standings = quality.standings(pcn.pk, today)
    if not any(s.agreement_state == qa_policy.OVERDUE for s in standings):
        other = next(
            s
            for s in standings
            if s.organisation.pk != vcse.pk
            and s.agreement is not None
            and s.agreement_state in (qa_policy.CURRENT, qa_policy.DUE)
        )
        assert other.agreement is not None
        signed = max(other.agreement.pcn_signed_on, other.agreement.organisation_signed_on)
        qa_services.record_leadership_change(
            other.organisation, changed_on=max(today - timedelta(days=20), signed), user=manager, auditor=auditor
        )
    # Riverside's confidence survey falls due: the last answers are nearly six months old, or there are none.
    recent = add_months(today, -confidence_survey()["every_months"]) + timedelta(days=20)
    ConfidenceSurvey.objects.filter(organisation=vcse, answered_on__gt=recent).delete()


def _connections_top_up(today) -> None:
    """A few of the link worker's connections waiting for Riverside to act on (sent through the service today),
    and at least one Riverside has accepted and one it has completed."""
    worker = User.objects.get(email=email_for(Role.LINK_WORKER))
    partner = User.objects.get(email=email_for(Role.VCSE_PARTNER))
    vcse = partner.organisation
    mine = Connection.objects.filter(organisation=vcse, referral__assigned_to=worker)
    short = WAITING_FOR_RIVERSIDE - mine.filter(status=connection_policy.REQUESTED).count()
    service = Service.objects.filter(organisation=vcse, status="active").order_by("name").first()
    if short > 0 and service is not None:
        open_to_it = Connection.objects.filter(service=service).exclude(status__in=connection_policy.CLOSED)
        referrals = (
            Referral.objects.filter(assigned_to=worker, status=episode_policy.ACTIVE)
            .exclude(pk__in=open_to_it.values("referral_id"))
            .order_by("-accepted_on", "id")[:short]
        )
        for number, referral in enumerate(referrals):
            item = connection_services.ConnectionItem(
                service=service.pk,
                kind="referral",
                reason="Would like to meet people nearby.",
                shared_fields=("name", "contact_details"),
                consent=True,
                contact_details=f"Mobile 07700 900{number + 100:03d}",
            )
            connection_services.make_connections(referral, [item], user=worker, auditor=Auditor(worker))
    waiting = list(mine.filter(status=connection_policy.REQUESTED, sent_on__lt=today).order_by("sent_on", "id"))
    auditor = Auditor(partner)
    for status in (connection_policy.ACCEPTED, connection_policy.COMPLETED):
        if not mine.filter(status=status).exists() and waiting:
            made = connection_services.change_status(
                waiting.pop(0), connection_policy.ACCEPTED, expected_start_on=today, user=partner, auditor=auditor
            )
            if status == connection_policy.COMPLETED:
                made = connection_services.change_status(
                    made, connection_policy.IN_PROGRESS, user=partner, auditor=auditor
                )
                connection_services.change_status(made, connection_policy.COMPLETED, user=partner, auditor=auditor)


def build_demo() -> DemoResult:
    result = DemoResult(logins=[Login(role, email_for(role), org) for role, _, org in USERS])
    _world(Auditor(system="demo"), result)
    today = timezone.localdate()
    if not Service.objects.filter(organisation__code=VCSE).exists():
        with transaction.atomic():
            _directory(today)
    if not Person.objects.filter(gp_practice__parent__code=PCN).exists():
        with transaction.atomic():  # all the people or none, so a second run can tell
            generate(people=PEOPLE, seed=SEED, today=today, into_pcn=PCN, progress=False)
            worker, staff = (User.objects.get(email=email_for(r)) for r in (Role.LINK_WORKER, Role.PRACTICE_STAFF))
            _top_up(worker, staff)
            _connections_top_up(today)
        result.people_generated = PEOPLE
    return result
