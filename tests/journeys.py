"""Helpers for journeys through rendered pages (django-webtest)."""


def form_with(page, *field_names, index=0):
    """The page's form (the index-th one) that has all these fields: the header's forms come first
    on every page, so a journey finds a form by what it asks, not by where it sits."""
    forms = [page.forms[key] for key in sorted(key for key in page.forms if isinstance(key, int))]
    matches = [form for form in forms if all(name in form.fields for name in field_names)]
    if len(matches) <= index:
        raise AssertionError(f"No form with {field_names} on {page.request.url}")
    return matches[index]


def choices(field) -> list[str]:
    """The values a select or a set of radio buttons really offers on the page."""
    return [value for value, *_rest in field.options]


def form_sent_by(page, button_label: str):
    """The form whose submit button says this (for forms with no field to tell them apart)."""
    for key in sorted(key for key in page.forms if isinstance(key, int)):
        form = page.forms[key]
        if button_label in form.text:
            return form
    raise AssertionError(f"No form with a {button_label!r} button on {page.request.url}")
