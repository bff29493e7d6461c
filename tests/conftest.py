"""The named personas and the casework they work on, in one place.

Two partnerships: North, where almost everyone works, and South, where only `outsider` holds a role.
Each persona is a fixture named after the role it plays, so a test reads as
`def test_x(panel_chair, world): ...`; all of them come from the one `world` fixture.

North's casework (South has one review, "S", with one of everything):

    review A  LCSPR, commissioned from lead_reviewer
              findings    A1 concerns CSC, A2 police, A3 health
              recs        A1 to CSC, A2 to police, A3 to the partnership, A4 to health and education
              plan        CSC (actions A-csc-1 for rec A1, A-csc-2 for rec A3)
    review B  rapid review
              findings    B1 concerns police, B2 health
              recs        B1 to health, B2 to the partnership
              plans       police (B-police-1, for rec B2), health (B-health-1, for rec B1)
    review C  thematic review
              findings    C1 concerns nobody
              recs        C1 to the partnership

So CSC reads review A (a recommendation is addressed to it) and police reads A (recommendation) and
B (an action plan, with no recommendation addressed to police).
"""

import datetime
from dataclasses import dataclass, field

import pytest

from actions.models import ReminderKind, ReminderPolicy, ReminderPreference, VerificationOutcome
from agencies.models import Agency, AgencyKind, Partnership, Role, User
from agencies.permissions import review_syncs_batched
from reviews.models import ReviewKind, Theme

from .factories import (
    ActionFactory,
    ActionImportFactory,
    ActionPlanFactory,
    AgencyFactory,
    CaseCodingFactory,
    DisseminationFactory,
    EvidenceFactory,
    FindingFactory,
    LearningBriefFactory,
    MembershipFactory,
    MilestoneFactory,
    NotificationFactory,
    PartnershipFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    ReminderFactory,
    ReviewFactory,
    StageChangeFactory,
    TargetDateChangeFactory,
    UserFactory,
    VerificationFactory,
)


@dataclass
class World:
    north: Partnership
    south: Partnership
    agencies: dict[str, Agency]
    people: dict[str, User]
    # Casework, by the names in the module docstring.
    reviews: dict = field(default_factory=dict)
    findings: dict = field(default_factory=dict)
    recommendations: dict = field(default_factory=dict)
    plans: dict = field(default_factory=dict)
    actions: dict = field(default_factory=dict)

    def __getattr__(self, name):
        # world.panel_chair is world.people["panel_chair"].
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        raise AttributeError(name)


def _person(username: str, first_name: str, last_name: str, **extra) -> User:
    return UserFactory(username=username, first_name=first_name, last_name=last_name, **extra)


def _build_people(north: Partnership, south: Partnership, agencies: dict[str, Agency]) -> dict[str, User]:
    people = {
        "superuser": _person("superuser", "Sam", "Root", is_superuser=True, is_staff=True),
        "no_roles": _person("no_roles", "Nia", "Nobody"),
    }
    partnership_roles = {
        "partnership_admin": ("Ada", "Business", north, Role.PARTNERSHIP_ADMIN),
        "panel_chair": ("Priya", "Chair", north, Role.PANEL_CHAIR),
        "panel_member": ("Mo", "Member", north, Role.PANEL_MEMBER),
        "lead_reviewer": ("Lena", "Reviewer", north, Role.LEAD_REVIEWER),
        "board_member": ("Bola", "Board", north, Role.BOARD_MEMBER),
        "scrutineer": ("Sian", "Scrutineer", north, Role.SCRUTINEER),
        "outsider": ("Olu", "South", south, Role.PANEL_CHAIR),
    }
    for username, (first, last, partnership, role) in partnership_roles.items():
        people[username] = _person(username, first, last)
        MembershipFactory(user=people[username], partnership=partnership, role=role)
    agency_roles = {
        "csc_lead": ("Cara", "Social-Care", agencies["north_csc"], Role.AGENCY_LEAD),
        "csc_owner": ("Owen", "Social-Care", agencies["north_csc"], Role.ACTION_OWNER),
        "police_lead": ("Pat", "Police", agencies["north_police"], Role.AGENCY_LEAD),
    }
    for username, (first, last, agency, role) in agency_roles.items():
        people[username] = _person(username, first, last)
        MembershipFactory(user=people[username], agency=agency, role=role)
    return people


def _build_casework(world: World) -> None:
    """The reviews, findings, recommendations, plans and actions drawn in the module docstring."""
    ag = world.agencies
    neglect = Theme.objects.get(slug="neglect")
    info_sharing = Theme.objects.get(slug="information-sharing")

    def review(name, partnership, **kwargs):
        world.reviews[name] = ReviewFactory(partnership=partnership, reference=f"REF-{name}", **kwargs)
        return world.reviews[name]

    def finding(name, review, agencies):
        world.findings[name] = FindingFactory(
            review=review, agencies=agencies, themes=[neglect, info_sharing]
        )

    def recommendation(name, review, agencies=(), to_partnership=False):
        world.recommendations[name] = RecommendationFactory(
            review=review, agencies=list(agencies), to_partnership=to_partnership
        )

    def plan(name, review, agency):
        world.plans[name] = ActionPlanFactory(review=review, agency=agency)

    def action(name, plan_name, recommendation_names):
        world.actions[name] = ActionFactory(
            plan=world.plans[plan_name],
            recommendations=[world.recommendations[r] for r in recommendation_names],
        )

    a = review("A", world.north, lead_reviewer=world.lead_reviewer)
    finding("A1", a, [ag["north_csc"]])
    finding("A2", a, [ag["north_police"]])
    finding("A3", a, [ag["north_health"]])
    recommendation("A1", a, [ag["north_csc"]])
    recommendation("A2", a, [ag["north_police"]])
    recommendation("A3", a, to_partnership=True)
    recommendation("A4", a, [ag["north_health"], ag["north_education"]])
    plan("A-csc", a, ag["north_csc"])
    action("A-csc-1", "A-csc", ["A1"])
    action("A-csc-2", "A-csc", ["A3"])

    b = review("B", world.north, rapid=True)
    finding("B1", b, [ag["north_police"]])
    finding("B2", b, [ag["north_health"]])
    recommendation("B1", b, [ag["north_health"]])
    recommendation("B2", b, to_partnership=True)
    plan("B-police", b, ag["north_police"])
    plan("B-health", b, ag["north_health"])
    action("B-police-1", "B-police", ["B2"])
    action("B-health-1", "B-health", ["B1"])

    c = review("C", world.north, kind=ReviewKind.THEMATIC, pseudonym="")
    finding("C1", c, [])
    recommendation("C1", c, to_partnership=True)

    s = review("S", world.south)
    finding("S1", s, [ag["south_csc"]])
    recommendation("S1", s, [ag["south_csc"]])
    recommendation("S2", s, to_partnership=True)
    plan("S-csc", s, ag["south_csc"])
    action("S-csc-1", "S-csc", ["S1"])

    # One row of each remaining model, so every admin page and history view has something to show.
    CaseCodingFactory(review=a)
    first_action = world.actions["A-csc-1"]
    MilestoneFactory(action=first_action)
    ProgressUpdateFactory(action=first_action, author=world.csc_owner)
    EvidenceFactory(action=first_action, added_by=world.csc_owner)
    EvidenceFactory(action=first_action, added_by=world.csc_owner, impact=True)
    StageChangeFactory(review=a, changed_by=world.panel_chair)
    LearningBriefFactory(review=a)
    DisseminationFactory(review=a, agency=ag["north_csc"], recorded_by=world.csc_lead)
    DisseminationFactory(review=a, agency=ag["north_police"], recorded_by=world.panel_chair)
    TargetDateChangeFactory(
        action=world.actions["A-csc-2"],
        previous_date=datetime.date(2025, 3, 31),
        new_date=datetime.date(2025, 6, 30),
        changed_by=world.csc_lead,
    )
    VerificationFactory(
        action=first_action,
        decision=VerificationOutcome.RETURNED,
        reason="The audit report is a draft: attach the one the board signed off.",
        decided_by=world.panel_chair,
        decided_at=datetime.datetime(2025, 4, 2, 10, 30, tzinfo=datetime.UTC),
    )
    ActionImportFactory(review=a, uploaded_by=world.csc_lead, agency=ag["north_csc"])
    reminder = ReminderFactory(action=first_action, recipient=world.csc_owner)
    NotificationFactory(recipient=world.csc_owner, reminder=reminder, url=f"/actions/{first_action.pk}/")
    ReminderPolicy.objects.create(partnership=world.north, due_soon_days=[14, 3])
    ReminderPreference.objects.create(user=world.csc_lead, kind=ReminderKind.WEEKLY_DIGEST, by_email=False)


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The world of the module docstring, saved to the database. Tests ask for the `world` fixture; a
    module whose tests only read may build it once (see tests/config/test_url_permissions.py)."""
    north = PartnershipFactory(name="Northshire Safeguarding Children Partnership", slug="northshire")
    south = PartnershipFactory(name="Southvale Safeguarding Children Partnership", slug="southvale")
    agencies = {
        "north_csc": AgencyFactory(
            partnership=north,
            name="Northshire Children's Social Care",
            short_name="CSC",
            kind=AgencyKind.CHILDRENS_SOCIAL_CARE,
        ),
        "north_police": AgencyFactory(
            partnership=north, name="Northshire Police", short_name="Police", kind=AgencyKind.POLICE
        ),
        "north_health": AgencyFactory(
            partnership=north,
            name="Northshire Integrated Care Board",
            short_name="ICB",
            kind=AgencyKind.HEALTH,
        ),
        "north_education": AgencyFactory(
            partnership=north, name="Northshire Schools", short_name="Schools", kind=AgencyKind.EDUCATION
        ),
        "south_csc": AgencyFactory(
            partnership=south,
            name="Southvale Children's Social Care",
            short_name="CSC",
            kind=AgencyKind.CHILDRENS_SOCIAL_CARE,
        ),
    }
    world = World(north=north, south=south, agencies=agencies, people=_build_people(north, south, agencies))
    # Grants are computed once per review at the end, as an import does, not after every row.
    with review_syncs_batched():
        _build_casework(world)
    return world


# One fixture per persona, so a test asks for the people it needs by name.


@pytest.fixture
def superuser(world):
    return world.superuser


@pytest.fixture
def partnership_admin(world):
    return world.partnership_admin


@pytest.fixture
def panel_chair(world):
    return world.panel_chair


@pytest.fixture
def panel_member(world):
    return world.panel_member


@pytest.fixture
def lead_reviewer(world):
    """Holds the lead reviewer role in North; review A is commissioned from them."""
    return world.lead_reviewer


@pytest.fixture
def csc_lead(world):
    return world.csc_lead


@pytest.fixture
def csc_owner(world):
    return world.csc_owner


@pytest.fixture
def police_lead(world):
    return world.police_lead


@pytest.fixture
def board_member(world):
    return world.board_member


@pytest.fixture
def scrutineer(world):
    return world.scrutineer


@pytest.fixture
def outsider(world):
    """Panel chair in South: a real role, in the other partnership."""
    return world.outsider


@pytest.fixture
def no_roles(world):
    """Signs in, but holds no role anywhere."""
    return world.no_roles


# Signing in as the sign-in pages would, second factor included.


def sign_in(client, user):
    """Sign `user` in on `client`; if their role needs a second factor, give it with a test device.

    `client.force_login` alone leaves such a person (superusers, partnership administrators, panel
    chairs) at the two-factor page.
    """
    import copy

    import django_otp
    from django.http import HttpRequest
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from agencies.two_factor import two_factor_required

    client.force_login(user)
    if two_factor_required(user):
        device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
        request = HttpRequest()
        request.session = client.session
        # A copy: django_otp.login marks the user object verified, and a later force_login of the
        # persona itself would then pass the second factor without being asked.
        request.user = copy.copy(user)
        django_otp.login(request, device)
        request.session.save()
    return client


@pytest.fixture
def signed_in(client):
    """`signed_in(user)`: the test client, signed in as `user` with any second factor given."""
    return lambda user: sign_in(client, user)


@pytest.fixture
def api_as():
    """`api_as(user)`: an API client sending a personal token of `user` (no session, no second factor to
    give: the token was made by someone already signed in). `api_as(None)` sends no credentials."""
    from knox.models import AuthToken
    from rest_framework.test import APIClient

    def client_for(user):
        client = APIClient()
        if user is not None:
            _token, raw = AuthToken.objects.create(user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        return client

    return client_for


@pytest.fixture
def clock(monkeypatch):
    """`clock.forward(seconds)` moves django.utils.timezone.now on (for the live server too: same process)."""
    from datetime import timedelta

    from django.utils import timezone

    real_now = timezone.now
    offset = timedelta()

    class Clock:
        def forward(self, seconds):
            nonlocal offset
            offset += timedelta(seconds=seconds)

    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)
    return Clock()
