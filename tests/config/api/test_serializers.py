"""Strict input: a field the API does not accept is refused by name, never dropped."""

from rest_framework import serializers

from config.api.serializers import NOT_ACCEPTED, StrictSerializer


class Answers(StrictSerializer):
    refusals = {"plan": "An action stays in its plan."}

    title = serializers.CharField()
    created_at = serializers.DateTimeField(read_only=True)


def test_accepted_fields_pass():
    answers = Answers(data={"title": "Audit"})

    assert answers.is_valid(), answers.errors
    assert answers.validated_data == {"title": "Audit"}


def test_unknown_and_read_only_fields_are_refused_with_their_reason():
    answers = Answers(
        data={"title": "Audit", "plan": 3, "created_at": "2026-01-01T00:00:00Z", "colour": "red"}
    )

    assert not answers.is_valid()
    assert answers.errors == {
        "colour": [NOT_ACCEPTED],
        "created_at": [NOT_ACCEPTED],
        "plan": ["An action stays in its plan."],
    }


def test_partial_input_is_strict_too():
    answers = Answers(data={"plan": 3}, partial=True)

    assert not answers.is_valid()
    assert list(answers.errors) == ["plan"]
