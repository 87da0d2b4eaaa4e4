"""The public response page and endpoint: no login, friendly answers for every link state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from surveys.models import Invitation, SurveyResponse

from .conftest import answers, invite, questions_of


def _form_data(template) -> dict[str, object]:
    q = questions_of(template)
    return {
        f"q{q['Overall satisfaction'].pk}": "4",
        f"q{q['Would you recommend us?'].pk}": "10",
        f"q{q['Delivery'].pk}_expected": "4",
        f"q{q['Delivery'].pk}_perceived": "4",
        f"q{q['Quality'].pk}_expected": "3",
        f"q{q['Quality'].pk}_perceived": "5",
        f"q{q['Knew us before?'].pk}": "no",
        f"q{q['What matters?'].pk}": ["yes", "maybe"],
    }


def test_a_customer_answers_without_logging_in(world, template):
    invitation = invite(world, world.own)
    client = Client()

    page = client.get(f"/surveys/r/{invitation.token}/?lang=en")
    done = client.post(f"/surveys/r/{invitation.token}/", _form_data(template))

    assert page.status_code == 200
    assert "How are we doing?" in page.content.decode()
    assert done.status_code == 200
    assert "Thank you!" in done.content.decode()
    response = SurveyResponse.objects.get()
    assert response.nps == 10
    assert sorted(response.answers.get(question__kind="multiple").choices) == ["maybe", "yes"]


def test_the_free_text_answer_starts_empty_and_keeps_what_was_typed(world, template):
    invitation = invite(world, world.own)
    key = f"q{questions_of(template)['Anything else?'].pk}"
    data = _form_data(template)
    del data[f"q{questions_of(template)['Overall satisfaction'].pk}"]

    fresh = Client().get(f"/surveys/r/{invitation.token}/?lang=en").content.decode()
    again = Client().post(f"/surveys/r/{invitation.token}/?lang=en", {**data, key: "Fast"})

    assert 'maxlength="4000"></textarea>' in fresh
    assert f'name="{key}" rows="3" maxlength="4000">Fast</textarea>' in again.content.decode()


def test_the_page_speaks_the_invitation_language_and_can_switch(world, template):
    invitation = invite(world, world.own)
    Invitation.objects.filter(pk=invitation.pk).update(language="zh-hans")

    chinese = Client().get(f"/surveys/r/{invitation.token}/").content.decode()
    english = Client().get(f"/surveys/r/{invitation.token}/?lang=en").content.decode()

    assert "满意度调查" in chinese
    assert 'lang="zh-hans"' in chinese
    assert "How are we doing?" in english
    assert 'lang="en"' in english


def test_missing_answers_are_shown_next_to_their_questions(world, template):
    invitation = invite(world, world.own)
    data = _form_data(template)
    del data[f"q{questions_of(template)['Overall satisfaction'].pk}"]

    response = Client().post(f"/surveys/r/{invitation.token}/?lang=en", data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Please answer this question." in html
    assert 'role="alert"' in html
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    ("state", "status", "text"),
    [
        ("used", 200, "answered this survey already"),
        ("expired", 410, "expired"),
        ("unknown", 404, "does not work"),
    ],
)
def test_used_expired_and_unknown_links_get_a_friendly_page(world, template, state, status, text):
    invitation = invite(world, world.own)
    token = invitation.token
    if state == "used":
        Client().post(f"/surveys/r/{token}/", _form_data(template))
    elif state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    else:
        token = "z" * 43

    response = Client().get(f"/surveys/r/{token}/?lang=en")

    assert response.status_code == status
    assert text in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_a_second_submit_never_makes_a_second_response(world, template):
    invitation = invite(world, world.own)
    client = Client()

    client.post(f"/surveys/r/{invitation.token}/", _form_data(template))
    again = client.post(f"/surveys/r/{invitation.token}/?lang=en", _form_data(template))

    assert again.status_code == 200
    assert "already" in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_the_page_is_rate_limited_per_address(world, template, settings):
    settings.SURVEY_RATE_LIMIT = "3/min"
    invitation = invite(world, world.own)
    client = Client(REMOTE_ADDR="203.0.113.7")

    statuses = [client.get(f"/surveys/r/{invitation.token}/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_the_form_is_keyboard_and_phone_friendly(world, template):
    invitation = invite(world, world.own)

    html = Client().get(f"/surveys/r/{invitation.token}/?lang=en").content.decode()

    assert 'name="viewport"' in html
    assert html.count("<fieldset") == 7
    assert html.count("<legend>") == 7
    assert 'type="radio"' in html  # native controls: arrow keys move within a question
    assert "<script" not in html


def test_the_public_api_reads_and_submits_once(world, template, api_client):
    invitation = invite(world, world.own)
    url = f"/api/v1/surveys/public/{invitation.token}/"

    survey = api_client.get(f"{url}?lang=en").json()
    first = api_client.post(url, {"answers": answers(template)}, format="json")
    second = api_client.post(url, {"answers": answers(template)}, format="json")
    bad = api_client.post(
        f"/api/v1/surveys/public/{invite(world, world.same_department).token}/",
        {"answers": answers(template, Overall_satisfaction=9)},
        format="json",
    )
    unknown = api_client.get("/api/v1/surveys/public/" + "z" * 43 + "/")

    assert survey["title"] == "How are we doing?"
    assert len(survey["questions"]) == 7
    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["code"] == "already_answered"
    assert bad.status_code == 400
    assert unknown.status_code == 404
    assert SurveyResponse.objects.count() == 1
