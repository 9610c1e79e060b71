"""The self-assessment's first statements: two or three for each of the five conditions.

The secretariat edits, retires and adds to them in the portal. Undoing the
migration removes these statements again, unless a round has used them.
"""

from django.db import migrations

from secretariat.services.survey import DEFAULT_QUESTIONS, add_default_questions


def add_questions(apps, schema_editor):
    add_default_questions(apps.get_model("secretariat", "SurveyQuestion"))


def remove_questions(apps, schema_editor):
    SurveyQuestion = apps.get_model("secretariat", "SurveyQuestion")
    SurveyQuestion.objects.filter(
        text__in=[text for _condition, text in DEFAULT_QUESTIONS],
        rounds__isnull=True,
        answers__isnull=True,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("secretariat", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_questions, remove_questions),
    ]
