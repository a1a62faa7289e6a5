"""Headers that keep what a member sees on their own device and in their own hands."""

from django.utils.cache import add_never_cache_headers, has_vary_header

# Every powerful browser feature the site never uses, switched off for it and anything it embeds
# (only names Chromium knows: an unknown one is a console warning on every page).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "speaker-selection",
        "usb",
        "xr-spatial-tracking",
    )
)


class PrivateResponseMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in member and on any response that
    varies by who asks (it read the session or the cookies), so a private page never comes back from
    the browser's cache, or a shared proxy's, after logging out on a shared device. Plus a
    Permissions-Policy switching off the browser features the site never uses.

    publickey-credentials-get stays off: two-factor here is TOTP and recovery codes only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Outside the session and authentication middleware, so their Vary: Cookie is already on
        # the response; that also covers the log-out answer, after which the user is a visitor.
        user = getattr(request, "user", None)
        if has_vary_header(response, "Cookie") or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
