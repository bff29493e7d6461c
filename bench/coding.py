"""The case coding of a generated review, drawn from the national analysis (briefing seed 004)."""

import random

from reviews.models import (
    UNDER_SIX,
    AgeBand,
    CaseCoding,
    ChildProtectionPlan,
    Ethnicity,
    Gender,
    HarmCategory,
    LivingSituation,
    Methodology,
    Nature,
    SocialCareInvolvement,
    YesNoUnknown,
)


def _pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# Table 5 (review method, 2014-17); the Welsh method is for Welsh partnerships only.
ENGLISH_METHODS = {
    Methodology.TRADITIONAL: 63,
    Methodology.LEARNING_TOGETHER: 38,
    Methodology.SILP: 16,
    Methodology.SYSTEMS: 51,
    Methodology.UNCLEAR: 68,
    Methodology.OTHER: 19,
}
AGES = {
    AgeBand.UNDER_1: 42,
    AgeBand.AGE_1_5: 21,
    AgeBand.AGE_6_10: 5,
    AgeBand.AGE_11_15: 17,
    AgeBand.AGE_16_PLUS: 14,
}
HARM = {
    HarmCategory.PHYSICAL_ABUSE: 30,
    HarmCategory.NEGLECT: 19,
    HarmCategory.SEXUAL_ABUSE: 8,
    HarmCategory.CSE: 7,
    HarmCategory.CRIMINAL_EXPLOITATION: 6,
    HarmCategory.SUICIDE: 8,
    HarmCategory.SUDI: 13,
    HarmCategory.OTHER: 9,
}
ETHNICITY = {
    Ethnicity.WHITE: 76,
    Ethnicity.MIXED: 8,
    Ethnicity.ASIAN: 5,
    Ethnicity.BLACK: 6,
    Ethnicity.OTHER: 2,
    Ethnicity.NOT_RECORDED: 3,
}
LIVING = {
    LivingSituation.HOME: 83,
    LivingSituation.RELATIVES: 2,
    LivingSituation.FOSTER: 4,
    LivingSituation.RESIDENTIAL: 4,
    LivingSituation.OTHER: 7,
}
SOCIAL_CARE = {
    SocialCareInvolvement.CURRENT: 55,
    SocialCareInvolvement.PREVIOUS: 22,
    SocialCareInvolvement.NEVER: 16,
}
PLAN = {ChildProtectionPlan.CURRENT: 15, ChildProtectionPlan.PAST: 15, ChildProtectionPlan.NEVER: 70}
# Tables 1 and 2: share of reviews noting each characteristic.
PARENTS = {
    "parent_alcohol_misuse": 0.36,
    "parent_drug_misuse": 0.36,
    "parent_mental_health": 0.55,
    "parent_adverse_childhood": 0.37,
    "parent_intellectual_disability": 0.13,
}
FAMILY = {
    "family_domestic_abuse": 0.59,
    "family_social_isolation": 0.18,
    "family_transient_lifestyle": 0.29,
    "family_multiple_partners": 0.24,
    "family_poverty": 0.35,
}
# Table 3: child characteristics, counted from age 6 (behaviour problems from age 1).
OLDER_CHILD = {
    "child_alcohol_misuse": 0.24,
    "child_drug_misuse": 0.29,
    "child_mental_health": 0.47,
    "child_bullying": 0.28,
    "child_cse": 0.24,
}

COLUMNS = tuple(field.attname for field in CaseCoding._meta.concrete_fields if field.attname not in ("id",))


def coding_row(review_id: int, rng: random.Random) -> tuple:
    """One review's coding, in the order of `COLUMNS`."""
    age = _pick(rng, AGES)
    values = {
        "review_id": review_id,
        "nature": Nature.DEATH if rng.random() < 0.56 else Nature.SERIOUS_HARM,
        "harm_category": _pick(rng, HARM),
        "age_band": age,
        "gender": Gender.BOY if rng.random() < 0.54 else Gender.GIRL,
        "ethnicity": _pick(rng, ETHNICITY),
        "disability": YesNoUnknown.YES if rng.random() < 0.14 else YesNoUnknown.NO,
        "living_situation": _pick(rng, LIVING),
        "social_care_involvement": _pick(rng, SOCIAL_CARE),
        "child_protection_plan": _pick(rng, PLAN),
    }
    for name, share in (PARENTS | FAMILY).items():
        values[name] = rng.random() < share
    values["parent_criminal_record"] = rng.random() < 0.30
    values["parent_violent_crime"] = values["parent_criminal_record"] and rng.random() < 0.5
    values["family_separation"] = rng.random() < 0.54
    values["family_separation_acrimonious"] = values["family_separation"] and rng.random() < 0.27
    values["child_behaviour_problems"] = age != AgeBand.UNDER_1 and rng.random() < 0.38
    for name, share in OLDER_CHILD.items():
        values[name] = age not in UNDER_SIX and rng.random() < share
    return tuple(values[name] for name in COLUMNS)


def methodology(welsh: bool, rng: random.Random) -> str:
    return Methodology.WELSH_CPR if welsh else _pick(rng, ENGLISH_METHODS)
