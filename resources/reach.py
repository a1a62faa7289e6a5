"""How to reach a service: its numbers written the way people in its own country read them, and
the links a phone dials or texts. Worked out once, where the data is read (the crisis snapshot,
the directory's selectors), so templates only display the result."""

import re
from urllib.parse import quote

import phonenumbers

from resources.models import ANYWHERE

# Short codes (988, 116 123, 85258) only work dialled as they are, inside their own country: the
# E.164 form (+44116123) reaches nothing, so they are linked as written.
_SEPARATORS = re.compile(r"[\s().\-]+")


def _parse(raw: str, countries) -> tuple[phonenumbers.PhoneNumber, str, bool] | None:
    """(number, region, is_short) for the first of the service's countries where the number is
    real, or None when it is not a number any of them would connect."""
    regions = [c for c in countries if c and c != ANYWHERE] or [None]
    if raw.startswith("+"):
        regions = [None, *regions]
    for region in regions:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number, phonenumbers.region_code_for_number(number) or region, False
        if region and not raw.startswith("+") and phonenumbers.is_valid_short_number_for_region(number, region):
            return number, region, True
    return None


def _short_display(digits: str) -> str:
    # Six-digit service numbers are published in two groups of three ("116 123"); shorter ones
    # are read as one unit ("988", "1737", "85258").
    return f"{digits[:3]} {digits[3:]}" if len(digits) == 6 else digits


def _national_display(number: phonenumbers.PhoneNumber) -> str:
    text = _SEPARATORS.sub(" ", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)).strip()
    # North American freephone numbers are dialled and published with their leading 1
    # ("1800 668 6868"), which the national format leaves out.
    if number.country_code == 1 and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.TOLL_FREE:
        text = "1" + text
    return text


def phone_reach(raw: str, countries) -> tuple[str, str]:
    """(display, dial target) for a stored number; the dial target is "" when the number is not
    one we can be sure a phone would connect (it is then shown as written, without a link)."""
    raw = (raw or "").strip()
    if not raw:
        return "", ""
    parsed = _parse(raw, countries)
    if parsed is None:
        return raw, ""
    number, region, is_short = parsed
    if is_short:
        digits = phonenumbers.national_significant_number(number)
        return _short_display(digits), digits
    if not phonenumbers.can_be_internationally_dialled(number):
        # Numbers such as Australia's 13 11 14 answer only when dialled from inside the country,
        # the way they are written there.
        return _national_display(number), phonenumbers.format_number_for_mobile_dialing(number, region, False)
    return _national_display(number), phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def reach_for(*, phone: str, sms_number: str, sms_keyword: str, countries) -> dict:
    """The display text and links for a service's phone and text numbers."""
    phone_display, phone_target = phone_reach(phone, countries)
    sms_display, sms_target = phone_reach(sms_number, countries)
    sms_href = ""
    if sms_target:
        sms_href = f"sms:{sms_target}" + (f"?body={quote(sms_keyword)}" if sms_keyword else "")
    return {
        "phone_display": phone_display,
        "phone_href": f"tel:{phone_target}" if phone_target else "",
        "sms_display": sms_display,
        "sms_href": sms_href,
    }
