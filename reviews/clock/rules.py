"""The rule table of the statutory clock: one row per (kind of review, nation).

Each rule names the date that starts its clock, the date that meets it, and the time allowed. Where a
figure is the partnership's own policy rather than statute or statutory guidance, the rule says so
(`policy=True`) and the review page shows it.

Sources: Working Together to Safeguard Children (England), the national Child Safeguarding Practice
Review Panel's guidance, Working Together to Safeguard People (Wales), the Care Act 2014 statutory
guidance (adults, England) and the Home Office statutory guidance on domestic homicide reviews.
"""

from dataclasses import dataclass
from enum import Enum

from agencies.models import Nation
from reviews.models import ReviewKind


class Unit(Enum):
    WORKING_DAYS = "working days"
    CALENDAR_DAYS = "calendar days"
    MONTHS = "months"


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    done_field: str
    # The first of these dates that is recorded starts the clock.
    start_fields: tuple[str, ...]
    amount: int
    unit: Unit
    basis: str
    # True: the deadline falls `amount` before its anchor date (the report goes out before publication).
    before: bool = False
    # The rule no longer applies once this date is recorded, unless it was met anyway.
    void_when: str = ""
    policy: bool = False


# --- England: children (Working Together to Safeguard Children) -----------------------------------

NOTIFY_PANEL = Rule(
    key="notify_panel",
    label="Notify the national Panel",
    done_field="notified_on",
    start_fields=("aware_on",),
    amount=5,
    unit=Unit.WORKING_DAYS,
    basis="Children Act 2004 and Working Together: within 5 working days of the local authority "
    "becoming aware of the serious incident.",
)

SEND_RAPID_REVIEW = Rule(
    key="send_rapid_review",
    label="Send the rapid review to the national Panel",
    done_field="rapid_review_sent_on",
    start_fields=("notified_on",),
    amount=15,
    unit=Unit.WORKING_DAYS,
    basis="Working Together and the national Panel's guidance: rapid review within 15 working days "
    "of the notification.",
)

# Working Together asks for the decision to be shared with the national Panel (in practice with the rapid
# review) but sets no separate time limit: the 5 working days are the partnership's own policy.
INFORM_PANEL_OF_DECISION = Rule(
    key="inform_panel_of_decision",
    label="Tell the national Panel the decision",
    done_field="panel_informed_on",
    start_fields=("decision_on",),
    amount=5,
    unit=Unit.WORKING_DAYS,
    basis="Partnership policy: statute asks for the decision to be shared, without a time limit.",
    policy=True,
)

# "About six months" from the decision to commission; when the decision date is missing (a review
# recorded from its commissioning onwards) the commissioning date stands in for it.
LCSPR_FINAL_REPORT = Rule(
    key="final_report",
    label="Receive the final report",
    done_field="final_report_on",
    start_fields=("decision_on", "commissioned_on"),
    amount=6,
    unit=Unit.MONTHS,
    basis="Working Together: final report expected within about 6 months of the decision to review.",
)

# The due date exists only once publication is dated: before that, a report already sent counts as met
# (with the earliest publication date it allows), and one not yet sent waits. A recorded decision not to
# publish takes the deadline away unless the report was sent anyway.
LCSPR_REPORT_BEFORE_PUBLICATION = Rule(
    key="report_before_publication",
    label="Send the report to the Panel and Secretary of State",
    done_field="report_sent_on",
    start_fields=("published_on",),
    amount=7,
    unit=Unit.WORKING_DAYS,
    before=True,
    void_when="not_published_on",
    basis="Working Together: at least 7 working days before publication.",
)

# Legacy serious case reviews (Working Together 2015 and earlier): notification within 5 working days,
# report within 6 months of the decision to initiate, copy to Ofsted and the DfE a week before publication.
SCR_NOTIFY = Rule(
    key="notify_panel",
    label="Notify the serious incident",
    done_field="notified_on",
    start_fields=("aware_on",),
    amount=5,
    unit=Unit.WORKING_DAYS,
    basis="Working Together 2015: serious incident notified within 5 working days of becoming aware.",
)

SCR_FINAL_REPORT = Rule(
    key="final_report",
    label="Receive the final report",
    done_field="final_report_on",
    start_fields=("decision_on", "commissioned_on"),
    amount=6,
    unit=Unit.MONTHS,
    basis="Working Together 2015: serious case review completed within 6 months of initiating it.",
)

SCR_REPORT_BEFORE_PUBLICATION = Rule(
    key="report_before_publication",
    label="Send the report to Ofsted and the Department for Education",
    done_field="report_sent_on",
    start_fields=("published_on",),
    amount=7,
    unit=Unit.CALENDAR_DAYS,
    before=True,
    void_when="not_published_on",
    basis="Working Together 2015: at least one week before publication.",
)

# --- Wales: children (Working Together to Safeguard People, volume 2: child practice reviews) -------

# The Welsh Government is told of the Board's decision to hold a child practice review; the guidance sets
# no working-day figure, so the 5 working days are the partnership's own policy. The field records it.
CPR_INFORM_WELSH_GOVERNMENT = Rule(
    key="inform_panel_of_decision",
    label="Tell the Welsh Government the decision",
    done_field="panel_informed_on",
    start_fields=("decision_on",),
    amount=5,
    unit=Unit.WORKING_DAYS,
    basis="Partnership policy: Welsh guidance asks for the decision to be notified, without a time limit.",
    policy=True,
)

# Concise and extended reviews follow the same process and timescale. There is no English-style rapid
# review, national Panel notification or 7-working-day rule in Wales, so none is listed.
CPR_FINAL_REPORT = Rule(
    key="final_report",
    label="Receive the final report",
    done_field="final_report_on",
    start_fields=("decision_on", "commissioned_on"),
    amount=6,
    unit=Unit.MONTHS,
    basis="Welsh child practice review guidance: review completed within about 6 months of the decision.",
)

# --- Adults and domestic homicide --------------------------------------------------------------------

SAR_FINAL_REPORT = Rule(
    key="final_report",
    label="Complete the safeguarding adults review",
    done_field="final_report_on",
    start_fields=("decision_on", "commissioned_on"),
    amount=6,
    unit=Unit.MONTHS,
    basis="Care Act 2014 statutory guidance: within 6 months of initiating the review, unless there is "
    "good reason for longer.",
)

# Adult practice reviews in Wales follow the same framework as child practice reviews (volume 3).
APR_FINAL_REPORT = Rule(
    key="final_report",
    label="Complete the adult practice review",
    done_field="final_report_on",
    start_fields=("decision_on", "commissioned_on"),
    amount=6,
    unit=Unit.MONTHS,
    basis="Welsh adult practice review guidance: same timescale as a child practice review.",
)

# Domestic homicide reviews are the same in England and Wales (one Home Office guidance).
DHR_FINAL_REPORT = Rule(
    key="final_report",
    label="Complete the overview report",
    done_field="final_report_on",
    start_fields=("decision_on", "commissioned_on"),
    amount=6,
    unit=Unit.MONTHS,
    basis="Home Office statutory guidance: overview report within 6 months of the decision to hold "
    "the review.",
)

_ENGLISH_CHILD_FRONT = (NOTIFY_PANEL, SEND_RAPID_REVIEW, INFORM_PANEL_OF_DECISION)
_LCSPR = (*_ENGLISH_CHILD_FRONT, LCSPR_FINAL_REPORT, LCSPR_REPORT_BEFORE_PUBLICATION)
_CPR = (CPR_INFORM_WELSH_GOVERNMENT, CPR_FINAL_REPORT)

RULES: dict[tuple[str, str], tuple[Rule, ...]] = {
    (ReviewKind.RAPID_REVIEW, Nation.ENGLAND): _ENGLISH_CHILD_FRONT,
    (ReviewKind.LCSPR, Nation.ENGLAND): _LCSPR,
    # The national Panel runs a national review itself; the partnership still notifies and sends the
    # rapid review that led to it.
    (ReviewKind.NATIONAL, Nation.ENGLAND): (NOTIFY_PANEL, SEND_RAPID_REVIEW),
    (ReviewKind.SCR, Nation.ENGLAND): (SCR_NOTIFY, SCR_FINAL_REPORT, SCR_REPORT_BEFORE_PUBLICATION),
    (ReviewKind.CPR_CONCISE, Nation.WALES): _CPR,
    (ReviewKind.CPR_EXTENDED, Nation.WALES): _CPR,
    (ReviewKind.SAR, Nation.ENGLAND): (SAR_FINAL_REPORT,),
    (ReviewKind.SAR, Nation.WALES): (APR_FINAL_REPORT,),
    (ReviewKind.DHR, Nation.ENGLAND): (DHR_FINAL_REPORT,),
    (ReviewKind.DHR, Nation.WALES): (DHR_FINAL_REPORT,),
    # Thematic and other learning reviews are the partnership's own choice: no statutory clock.
    (ReviewKind.THEMATIC, Nation.ENGLAND): (),
    (ReviewKind.THEMATIC, Nation.WALES): (),
}

# Each process belongs to the nation whose law created it: a child practice review recorded by an English
# partnership (a cross-border case) still runs on the Welsh rules, an LCSPR on the English ones.
HOME_NATION = {
    ReviewKind.RAPID_REVIEW: Nation.ENGLAND,
    ReviewKind.LCSPR: Nation.ENGLAND,
    ReviewKind.NATIONAL: Nation.ENGLAND,
    ReviewKind.SCR: Nation.ENGLAND,
    ReviewKind.CPR_CONCISE: Nation.WALES,
    ReviewKind.CPR_EXTENDED: Nation.WALES,
}


def rules_for(kind: str, nation: str) -> tuple[Rule, ...]:
    """The rules of this kind of review in this nation; failing that, in the kind's home nation."""
    if (kind, nation) in RULES:
        return RULES[(kind, nation)]
    return RULES.get((kind, HOME_NATION.get(kind, Nation.ENGLAND)), ())
