"""The public survey page on a phone, answered with the keyboard, in Chinese."""

from __future__ import annotations

import pytest

from surveys.models import SurveyResponse
from tests.surveys.conftest import invite, published, questions_of

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    context.set_default_timeout(20_000)
    tab = context.new_page()
    tab.base_url = live_server.url
    yield tab
    context.close()


def test_customer_answers_on_a_phone_with_the_keyboard_and_the_link_then_stays_used(phone, world):
    # given a customer invited to a published survey, in Chinese
    template = published(world)
    invitation = invite(world, world.own)
    questions = questions_of(template)
    link = f"{phone.base_url}/surveys/r/{invitation.token}/?lang=zh-hans"

    # when they open the link on a phone and send it empty
    phone.goto(link)
    assert phone.locator("h1").inner_text() == "满意度调查"
    page_width = phone.evaluate("document.documentElement.scrollWidth")
    phone.get_by_role("button", name="提交我的回答").click()

    # then the page fits the screen, says what is missing in Chinese, and nothing is stored
    assert page_width <= PHONE["width"]
    assert phone.locator("#survey-errors").is_visible()
    assert phone.locator(".question-error").count() == 5  # the required questions
    assert "请回答此问题。" in phone.locator(".question-error").first.inner_text()
    assert not SurveyResponse.objects.exists()

    # when they answer the scales with the keyboard: Space picks the first, arrows move on
    overall = phone.locator(f"input[name=q{questions['Overall satisfaction'].pk}]").first
    overall.focus()
    phone.keyboard.press("Space")
    for _ in range(3):
        phone.keyboard.press("ArrowRight")
    phone.keyboard.press("Tab")  # to the recommendation scale
    phone.keyboard.press("Space")
    for _ in range(9):
        phone.keyboard.press("ArrowRight")
    for aspect, (expected, perceived) in {"Delivery": (4, 2), "Quality": (3, 3)}.items():
        key = f"q{questions[aspect].pk}"
        phone.locator(f"input[name={key}_expected][value='{expected}']").check(force=True)
        phone.locator(f"input[name={key}_perceived][value='{perceived}']").check(force=True)
    phone.get_by_label("否").first.check()
    phone.locator(f"#q{questions['Anything else?'].pk}").fill("送货要准时")
    screenshot(phone, "survey-public-phone-zh")
    phone.get_by_role("button", name="提交我的回答").focus()
    phone.keyboard.press("Enter")

    # then one response is stored with what they chose, and they are thanked
    phone.wait_for_selector(".survey-message")
    assert "谢谢" in phone.locator("h1").inner_text()
    response = SurveyResponse.objects.get()
    by_text = {a.question.text_en: a for a in response.answers.select_related("question")}
    assert by_text["Overall satisfaction"].score == 4
    assert response.nps == 9
    assert (by_text["Delivery"].expected, by_text["Delivery"].perceived) == (4, 2)
    assert by_text["Knew us before?"].choices == ["no"]
    assert by_text["Anything else?"].text == "送货要准时"

    # when they open the link again
    phone.goto(link)

    # then a friendly page says it was answered, and there is still one response
    assert phone.locator(".survey-message").is_visible()
    assert "已经回答过" in phone.locator(".survey-message").inner_text()
    assert SurveyResponse.objects.count() == 1
