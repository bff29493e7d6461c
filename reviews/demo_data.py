"""Load the fictional demonstration partnerships (content in `demo_content`) for local use only.

Everything is created in one transaction and every object is validated with `full_clean()` before it
is saved, so the model constraints apply and a failure leaves nothing behind. Loading again finds the
demo partnership and only resets the demo users' passwords.
"""

import os
from base64 import b32decode
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from actions.dashboards.cache import figures_batched
from actions.models import (
    Action,
    ActionPlan,
    Evidence,
    Milestone,
    ProgressUpdate,
    Status,
    TargetDateChange,
    Verification,
    VerificationOutcome,
)
from actions.rag import effective_rag
from agencies.models import Agency, Membership, Partnership, Role, User
from agencies.permissions import review_syncs_batched
from agencies.two_factor import two_factor_required

from . import demo_content as content
from .clock import working_days_before
from .lifecycle import stages_for
from .models import (
    CaseCoding,
    Dissemination,
    Finding,
    LearningBrief,
    Recommendation,
    Review,
    Stage,
    StageChange,
    Theme,
)

# Published in the README and printed by the command: it protects nothing but local demo accounts.
DEFAULT_PASSWORD = "demo-password-2026"  # noqa: S105
# The authenticator key (base32, as typed into an authenticator app) of the demo users whose role
# needs a second factor (agencies.two_factor). Published in the README and printed by the command
# like the password; it protects nothing but local demo accounts. Given only to a demo user with no
# confirmed device, so a key someone set up for themselves is left alone.
DEMO_TWO_FACTOR_KEY = "PRTDEMOKEYLOCALONLYPRTDEMOKEY234"  # noqa: S105
DEMO_DEVICE_NAME = "Demo authenticator (local use only)"


class DemoDataError(Exception):
    """The demo data may not, or cannot, be loaded here; nothing has been saved."""


@dataclass(frozen=True)
class Account:
    """One row of the table printed after loading."""

    username: str
    role: str
    partnership: str
    agency: str


@dataclass(frozen=True)
class Outcome:
    created: bool
    password: str
    accounts: tuple
    # Demo users whose second factor is DEMO_TWO_FACTOR_KEY.
    two_factor_usernames: tuple = ()
    two_factor_key: str = DEMO_TWO_FACTOR_KEY


def demo_password() -> str:
    """The setting DEMO_PASSWORD, else the environment variable, else the published default."""
    return getattr(settings, "DEMO_PASSWORD", "") or os.environ.get("DEMO_PASSWORD", "") or DEFAULT_PASSWORD


def load(today: date | None = None) -> Outcome:
    """Load the demo data once; on later runs reset the demo users' passwords only."""
    if not getattr(settings, "DEMO_DATA_ALLOWED", False):
        raise DemoDataError(
            "Demo data is not allowed with these settings. It contains well-known accounts sharing one "
            "password, so it may only be loaded where settings.DEMO_DATA_ALLOWED is True (local and test)."
        )
    password = demo_password()
    with transaction.atomic():
        created = not Partnership.objects.filter(slug=content.NORTHBRIDGE.slug).exists()
        if created:
            _load_everything(today or timezone.localdate(), password)
        else:
            _reset_passwords(password)
        two_factor_usernames = _ensure_demo_devices()
    return Outcome(
        created=created, password=password, accounts=accounts(), two_factor_usernames=two_factor_usernames
    )


def accounts() -> tuple:
    """The demo users with their role, partnership and agency, as described in the content."""
    partnerships = {spec.slug: spec for spec in content.PARTNERSHIPS}
    rows = []
    for spec in content.USERS:
        if spec.superuser:
            rows.append(Account(spec.username, "Platform superuser (all partnerships)", "–", "–"))
            continue
        partnership = partnerships[spec.partnership]
        agency = next((a.name for a in partnership.agencies if a.key == spec.agency), "–")
        rows.append(Account(spec.username, Role(spec.role).label, partnership.name, agency))
    return tuple(rows)


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


@dataclass
class _Context:
    """What later objects refer to: created partnerships, agencies, users, themes and reviews."""

    today: date
    partnerships: dict = field(default_factory=dict)  # slug -> Partnership
    agencies: dict = field(default_factory=dict)  # (partnership slug, key) -> Agency
    users: dict = field(default_factory=dict)  # username -> User
    themes: dict = field(default_factory=dict)  # slug -> Theme
    reviews: dict = field(default_factory=dict)  # (partnership slug, reference) -> Review

    def when(self, value):
        """A content date: fixed, relative to today, or a count of working days before today."""
        if isinstance(value, content.Days):
            return self.today + timedelta(days=value.offset)
        if isinstance(value, content.WorkingDaysAgo):
            return working_days_before(self.today, value.count)
        return value

    def user(self, username: str):
        return self.users[username] if username else None

    def theme(self, slug: str) -> Theme:
        try:
            return self.themes[slug]
        except KeyError:
            raise DemoDataError(f"The theme '{slug}' is missing: run the migrations first.") from None


def _save(obj):
    """Validate against every field rule and constraint, then save."""
    obj.full_clean()
    obj.save()
    return obj


def _load_everything(today: date, password: str) -> None:
    ctx = _Context(today=today, themes=Theme.objects.in_bulk(field_name="slug"))
    for spec in content.PARTNERSHIPS:
        _create_partnership(spec, ctx)
    _create_users(password, ctx)
    with review_syncs_batched(), figures_batched():
        for spec in content.reviews(today):
            _create_review(spec, ctx)


def _create_partnership(spec: content.PartnershipSpec, ctx: _Context) -> None:
    partnership = _save(Partnership(name=spec.name, slug=spec.slug))
    ctx.partnerships[spec.slug] = partnership
    for agency in spec.agencies:
        ctx.agencies[spec.slug, agency.key] = _save(
            Agency(partnership=partnership, name=agency.name, short_name=agency.short_name, kind=agency.kind)
        )


def _create_users(password: str, ctx: _Context) -> None:
    usernames = [spec.username for spec in content.USERS]
    taken = sorted(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    if taken:
        raise DemoDataError(
            f"These usernames already belong to accounts outside the demo data: {', '.join(taken)}. "
            "Rename or remove them, or use a fresh database."
        )
    for spec in content.USERS:
        user = User(
            username=spec.username,
            first_name="Demo",
            last_name=spec.title,
            email=f"{spec.username}@example.org",
            is_staff=spec.superuser,
            is_superuser=spec.superuser,
        )
        user.set_password(password)
        ctx.users[spec.username] = _save(user)
        if spec.role:
            _save(
                Membership(
                    user=user,
                    partnership=ctx.partnerships[spec.partnership],
                    role=spec.role,
                    agency=ctx.agencies[spec.partnership, spec.agency] if spec.agency else None,
                )
            )


def _reset_passwords(password: str) -> None:
    for user in User.objects.filter(username__in=[spec.username for spec in content.USERS]):
        user.set_password(password)
        _save(user)


def _ensure_demo_devices() -> tuple:
    """Give each demo user who needs a second factor, and has no device, one with the demo key.

    Returns the demo users (in content order) whose device holds the demo key.
    """
    key = b32decode(DEMO_TWO_FACTOR_KEY).hex()
    users = User.objects.filter(username__in=[spec.username for spec in content.USERS]).in_bulk(
        field_name="username"
    )
    usernames = []
    for spec in content.USERS:
        user = users.get(spec.username)
        if user is None or not two_factor_required(user):
            continue
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
        if not devices.exists():
            _save(TOTPDevice(user=user, name=DEMO_DEVICE_NAME, key=key, confirmed=True))
        if devices.filter(key=key).exists():
            usernames.append(spec.username)
    return tuple(usernames)


def _create_review(spec: content.ReviewSpec, ctx: _Context) -> None:
    converted_from = ctx.reviews[spec.partnership, spec.converted_from] if spec.converted_from else None
    review = _save(
        Review(
            partnership=ctx.partnerships[spec.partnership],
            reference=spec.reference,
            kind=spec.kind,
            methodology=spec.methodology,
            pseudonym=spec.pseudonym,
            title=spec.title,
            background=spec.background,
            status=spec.status,
            converted_from=converted_from,
            lead_reviewer=ctx.user(spec.lead_reviewer),
            decision=spec.decision,
            decision_rationale=spec.decision_rationale,
            closure_rationale=spec.closure_rationale,
            **{name: ctx.when(value) for name, value in spec.dates.items()},
        )
    )
    ctx.reviews[spec.partnership, spec.reference] = review
    if spec.coding:
        _save(CaseCoding(review=review, **spec.coding))
    findings = _create_findings(review, spec, ctx)
    recommendations = _create_recommendations(review, spec, findings, ctx)
    for plan in spec.plans:
        _create_plan(review, plan, recommendations, ctx)
    if brief := content.BRIEFS.get(spec.reference):
        _create_brief(review, brief, ctx)
    _create_stage_history(review, ctx)


def _agencies(spec: content.ReviewSpec, keys, ctx: _Context) -> list:
    return [ctx.agencies[spec.partnership, key] for key in keys]


def _create_findings(review: Review, spec: content.ReviewSpec, ctx: _Context) -> dict:
    findings = {}
    for number, item in enumerate(spec.findings, start=1):
        finding = _save(
            Finding(review=review, number=number, kind=item.kind, title=item.title, text=item.text)
        )
        finding.themes.set([ctx.theme(slug) for slug in item.themes])
        finding.agencies.set(_agencies(spec, item.agencies, ctx))
        findings[number] = finding
    return findings


def _create_recommendations(review: Review, spec: content.ReviewSpec, findings: dict, ctx: _Context) -> dict:
    recommendations = {}
    for number, item in enumerate(spec.recommendations, start=1):
        recommendation = _save(
            Recommendation(
                review=review,
                number=number,
                text=item.text,
                to_partnership=item.to_partnership,
                response=item.response,
                response_reason=item.reason,
                responded_on=ctx.when(item.responded_on),
            )
        )
        recommendation.agencies.set(_agencies(spec, item.agencies, ctx))
        recommendation.findings.set([findings[n] for n in item.findings])
        recommendations[number] = recommendation
    return recommendations


def _create_plan(review: Review, spec: content.PlanSpec, recommendations: dict, ctx: _Context) -> None:
    plan = _save(
        ActionPlan(
            review=review,
            agency=ctx.agencies[review.partnership.slug, spec.agency],
            agreed_on=ctx.when(spec.agreed_on),
        )
    )
    for item in spec.actions:
        _create_action(plan, item, recommendations, ctx)


def _create_action(plan: ActionPlan, spec: content.ActionSpec, recommendations: dict, ctx: _Context) -> None:
    # A verified action is first saved as the owner left it, so its history shows the panel's verification.
    action = _save(
        Action(
            plan=plan,
            number=spec.number,
            description=spec.description,
            success_measure=spec.success_measure,
            owner=ctx.user(spec.owner),
            accountable_officer=ctx.user(spec.accountable),
            target_date=ctx.when(spec.target_date),
            status=Status.AWAITING_VERIFICATION if spec.status == Status.VERIFIED else spec.status,
        )
    )
    action.recommendations.set([recommendations[n] for n in spec.recommendations])
    _create_action_detail(action, spec, ctx)
    if spec.revised_target_date:
        action.revised_target_date = ctx.when(spec.revised_target_date)
        action.revision_reason = spec.revision_reason
        _save(action)
        _save(
            TargetDateChange(
                action=action,
                previous_date=action.target_date,
                new_date=action.revised_target_date,
                reason=spec.revision_reason,
                changed_by=action.accountable_officer or action.owner,
                changed_at=_at_eleven(action.target_date - timedelta(days=14)),
            )
        )
    if action.status in (Status.AWAITING_VERIFICATION, Status.VERIFIED):
        verified_on = ctx.when(spec.verified_on) if spec.status == Status.VERIFIED else None
        completed_on = (verified_on or ctx.today) - timedelta(days=7)
        action.completed_by = action.owner
        action.completed_at = _at_eleven(completed_on)
        _save(action)
    # The agency's own rating, where it differs from the one the dates and status give.
    if spec.rag != effective_rag(action, ctx.today):
        action.rag_override = spec.rag
        action.rag_override_reason = "Rated by the agency lead at the last panel meeting."
        _save(action)
    if spec.status == Status.VERIFIED:
        action.status = Status.VERIFIED
        action.verified_by = ctx.user(content.VERIFIER)
        action.verified_at = _at_eleven(ctx.when(spec.verified_on))
        _save(action)
        _save(
            Verification(
                action=action,
                decision=VerificationOutcome.VERIFIED,
                decided_by=action.verified_by,
                decided_at=action.verified_at,
            )
        )


def _create_action_detail(action: Action, spec: content.ActionSpec, ctx: _Context) -> None:
    for milestone in spec.milestones:
        _save(
            Milestone(
                action=action,
                description=milestone.description,
                due_on=ctx.when(milestone.due_on),
                completed_on=ctx.when(milestone.completed_on),
            )
        )
    for update in spec.updates:
        _save(
            ProgressUpdate(
                action=action,
                author=action.owner,
                written_on=ctx.when(update.written_on),
                narrative=update.narrative,
                status=update.status,
                rag=update.rag,
            )
        )
    for evidence in spec.evidence:
        _save(
            Evidence(
                action=action,
                purpose=evidence.purpose,
                title=evidence.title,
                description=evidence.description,
                link=evidence.link,
                recheck_on=ctx.when(evidence.recheck_on),
                added_by=action.owner,
            )
        )


# The date each stage was entered, from the first of these dates the review has recorded; a stage with
# none of them recorded is dated with the stage before it.
_STAGE_ENTERED_ON = {
    Stage.RAPID_REVIEW: ("notified_on",),
    Stage.DECISION: ("rapid_review_sent_on", "decision_on"),
    Stage.SCOPING: ("decision_on", "notified_on"),
    Stage.EVIDENCE: ("commissioned_on",),
    Stage.FINAL_REPORT: ("final_report_on",),
    Stage.PUBLICATION: ("published_on", "not_published_on", "report_sent_on"),
    Stage.CLOSED: ("closed_on",),
}


def _create_stage_history(review: Review, ctx: _Context) -> None:
    """The stage changes that brought the review to its current stage, one per stage of its kind."""
    stages = stages_for(review.kind)
    reached = stages[: stages.index(Stage(review.status)) + 1]
    if review.converted_from_id:
        # A converted review starts where its rapid review's decision left off.
        reached = reached[reached.index(Stage.DECISION) :]
    # Action planning and monitoring start when the first action plan is agreed.
    agreed = sorted(d for d in review.action_plans.values_list("agreed_on", flat=True) if d)
    entered_on = review.notified_on or review.incident_on or ctx.today
    # Northbridge's panel chair moved its reviews on; Eastmoor has no panel user in the demo.
    by = ctx.users[content.VERIFIER if review.partnership.slug == content.NORTHBRIDGE.slug else "superuser"]
    for before, stage in zip(reached, reached[1:], strict=False):
        dates = [getattr(review, name) for name in _STAGE_ENTERED_ON.get(stage, ())]
        if stage in (Stage.ACTION_PLANNING, Stage.MONITORING):
            dates.append(agreed[0] if agreed else None)
        known = next((d for d in dates if d), None)
        entered_on = min(max(known or entered_on, entered_on), ctx.today)
        rationale = ""
        if review.converted_from_id and before == Stage.DECISION:
            rationale = f"Converted from the rapid review {review.converted_from.reference}."
        _save(
            StageChange(
                review=review,
                from_stage=before,
                to_stage=stage,
                changed_on=entered_on,
                changed_by=by,
                rationale=rationale,
            )
        )


def _create_brief(review: Review, spec: content.BriefSpec, ctx: _Context) -> None:
    _save(
        LearningBrief(
            review=review,
            why_it_matters=spec.why_it_matters,
            reflective_questions="\n".join(spec.reflective_questions),
            partnership_response=spec.partnership_response,
            issued_on=ctx.when(spec.issued_on),
        )
    )
    for item in spec.disseminations:
        _save(
            Dissemination(
                review=review,
                agency=ctx.agencies[review.partnership.slug, item.agency],
                received_on=ctx.when(item.received_on),
                used_how=item.used_how,
                used_on=ctx.when(item.used_on),
                reached=item.reached,
                notes=item.notes,
                recorded_by=ctx.user(content.VERIFIER),
            )
        )


def _at_eleven(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))
