from django.db import migrations

# A frozen copy: a migration must not change when reviews/themes.py does.
THEMES = [
    ("neglect", "Neglect and its cumulative impact"),
    ("poverty", "Poverty"),
    ("vulnerable-adolescents", "Vulnerable adolescents"),
    ("exploitation", "Exploitation"),
    ("multi-agency-working", "Multi-agency working"),
    ("information-sharing", "Information sharing"),
    ("language-dilutes-concerns", "Language that dilutes concerns"),
    ("childs-voice", "The child's voice and lived experience"),
    ("hostile-resistant-parents", "Hostile or resistant parents"),
    ("disguised-compliance", "Disguised compliance"),
    ("transitions", "Transitions and changes of worker"),
    ("supervision", "Supervision and oversight"),
    ("drift", "Drift and delay"),
    ("professional-challenge", "Professional challenge and escalation"),
    ("assessment", "Assessment"),
    ("ethnicity-culture", "Ethnicity and culture"),
    ("pre-birth", "Pre-birth"),
    ("housing", "Housing"),
    ("mental-health", "Mental health"),
    ("substance-misuse", "Substance misuse"),
    ("domestic-abuse", "Domestic abuse"),
]


def seed_themes(apps, schema_editor):
    Theme = apps.get_model("reviews", "Theme")
    for slug, name in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})


def unseed_themes(apps, schema_editor):
    Theme = apps.get_model("reviews", "Theme")
    Theme.objects.filter(slug__in=[slug for slug, _ in THEMES], findings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(seed_themes, unseed_themes)]
