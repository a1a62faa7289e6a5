"""Numbers on crisis lines: written the way the service's own country reads them, linked so a
phone dials or texts them, and never linked when we cannot be sure they would connect."""

import pytest

from resources.reach import phone_reach, reach_for


@pytest.mark.parametrize(
    ("raw", "countries", "display", "href"),
    [
        ("116123", ["GB", "IE"], "116 123", "tel:116123"),  # a European service number, dialled as written
        ("988", ["US"], "988", "tel:988"),
        ("1737", ["NZ"], "1737", "tel:1737"),
        ("18006686868", ["CA"], "1800 668 6868", "tel:+18006686868"),
        ("+18006686868", ["CA"], "1800 668 6868", "tel:+18006686868"),
        ("+12125551234", ["US"], "212 555 1234", "tel:+12125551234"),
        ("131114", ["AU"], "13 11 14", "tel:131114"),  # answers only from inside Australia
        ("0477131114", ["AU"], "0477 131 114", "tel:+61477131114"),
        ("+442079460000", ["GB"], "020 7946 0000", "tel:+442079460000"),
        ("1800247247", ["IE"], "1800 247 247", "tel:+3531800247247"),
        ("+33145678901", ["*"], "01 45 67 89 01", "tel:+33145678901"),  # online services: the number says where
    ],
)
def test_phone_reach_formats_for_the_lines_own_country_and_links_in_dialable_form(raw, countries, display, href):
    shown, target = phone_reach(raw, countries)
    assert shown == display
    assert f"tel:{target}" == href


@pytest.mark.parametrize(
    ("raw", "countries"),
    [
        ("+441632960123", ["GB"]),  # a number reserved for drama: no phone connects it
        ("12345", ["GB"]),
        ("116123", []),  # a short code with no country to dial it in
        ("555", ["*"]),
        ("not a number", ["US"]),
    ],
)
def test_phone_reach_shows_a_number_it_cannot_vouch_for_as_written_without_a_link(raw, countries):
    assert phone_reach(raw, countries) == (raw, "")


def test_phone_reach_of_nothing_is_nothing():
    assert phone_reach("", ["GB"]) == ("", "")
    assert phone_reach("   ", ["GB"]) == ("", "")


def test_reach_for_links_text_services_with_their_keyword():
    assert reach_for(phone="", sms_number="741741", sms_keyword="HOME", countries=["US"]) == {
        "phone_display": "",
        "phone_href": "",
        "sms_display": "741 741",
        "sms_href": "sms:741741?body=HOME",
    }
    lifeline = reach_for(phone="131114", sms_number="0477131114", sms_keyword="", countries=["AU"])
    assert lifeline["sms_href"] == "sms:+61477131114" and lifeline["sms_display"] == "0477 131 114"
    spaced = reach_for(phone="", sms_number="85258", sms_keyword="SHOUT NOW", countries=["GB"])
    assert spaced["sms_href"] == "sms:85258?body=SHOUT%20NOW" and spaced["sms_display"] == "85258"
    unknown = reach_for(phone="", sms_number="12", sms_keyword="HI", countries=["GB"])
    assert unknown["sms_href"] == "" and unknown["sms_display"] == "12"
