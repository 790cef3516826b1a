"""Rate limits of the API."""

from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle


class PenggunaRateThrottle(UserRateThrottle):
    """Limit each user to the rate ``DEFAULT_THROTTLE_RATES["pengguna"]``.

    DRF's own class reads the rates once, when it is imported. This one reads
    them on each request, so a changed setting (a test's
    ``override_settings``) applies at once.
    """

    scope = "pengguna"

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
