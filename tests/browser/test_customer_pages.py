from __future__ import annotations

import pytest
from playwright.sync_api import expect

from customers.models import Customer, Interaction
from tests.factories import TEST_PASSWORD, RegionFactory, make_customer

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_finds_customer_logs_contact_and_sees_it_on_the_timeline(page, world):
    # given a manager with a customer
    make_customer(owner=world.manager, name="Hangzhou Tea House", personality_type="composed")

    # when they log in, search and open the customer
    log_in(page, "manager", TEST_PASSWORD)
    page.fill("form[role=search] input[name=q]", "Tea House")
    page.click("form[role=search] button[type=submit]")
    page.click("text=Hangzhou Tea House")

    # then the 360 page shows the personality advice
    assert page.locator("#advice-title").is_visible()
    assert "Analyse and compare" in page.content()

    # when they log a contact
    page.select_option("#id_channel", "visit")
    page.fill("#id_summary", "Visited the shop, tasted the new oolong.")
    page.fill("#id_promise", "Send the price list")
    page.click("text=Log contact")

    # then it is saved and shown first on the timeline
    assert page.locator(".message-success").is_visible()
    first = page.locator(".timeline-item").first
    assert "Visited the shop" in first.inner_text()
    assert Interaction.objects.filter(summary__startswith="Visited the shop").count() == 1
    screenshot(page, "customer-360-en")


def test_customer_form_shows_field_errors_inline_then_saves(page, world):
    # given a logged-in manager on the new-customer form
    RegionFactory.create(code="south", name_en="South China")
    log_in(page, "manager", TEST_PASSWORD)
    page.click(".sidebar a[href='/customers/']")
    page.click("text=New customer")

    # when they submit without a name
    page.select_option("#id_kind", "enterprise")
    page.select_option("#id_region", label="South China")
    page.click("button:has-text('Save')")

    # then the name field shows its error and nothing is saved
    assert page.locator(".field-error #id_name").count() == 1
    assert page.locator("#id_name_errors").is_visible()
    assert not Customer.objects.filter(owner=world.manager, kind="enterprise").exists()

    # when they fill it in and add a key contact
    page.fill("#id_name", "Shenzhen Robotics Ltd")
    page.fill("#id_contacts-0-name", "Chen Jing")
    page.select_option("#id_contacts-0-decision_role", "decision_maker")
    page.click("button:has-text('Save')")

    # then the customer exists with its contact, owned by the manager
    page.wait_for_selector("text=Customer saved.")
    customer = Customer.objects.get(name="Shenzhen Robotics Ltd")
    assert customer.owner == world.manager
    assert customer.key_contacts.get().name == "Chen Jing"


def test_language_switch_shows_the_page_in_chinese(page, world):
    # given a logged-in manager
    log_in(page, "manager", TEST_PASSWORD)
    page.click(".sidebar a[href='/customers/']")

    # when they choose 简体中文
    page.select_option("#language-select", "zh-hans")

    # then the navigation and headings are in Chinese
    expect(page.locator("h1")).to_have_text("客户")
    expect(page.locator(".sidebar nav a[href='/customers/']")).to_have_text("客户")
    screenshot(page, "customer-list-zh")


def test_phone_layout_hides_the_sidebar_behind_the_menu_button(page, world):
    # given a phone-sized screen
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "manager", TEST_PASSWORD)
    sidebar = page.locator(".sidebar")

    # then the home page fits the screen, the sidebar starts hidden and the menu button opens it
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "home-phone")
    assert not sidebar.is_visible() or sidebar.bounding_box()["x"] < 0
    page.click(".nav-button")
    page.wait_for_timeout(300)
    assert sidebar.bounding_box()["x"] >= 0
    screenshot(page, "home-phone-menu")
