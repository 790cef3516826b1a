"""Login through an OpenID Connect provider (mozilla-django-oidc), when
``SAKIP_OIDC_CLIENT_ID`` and the provider's endpoints are set."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class PenggunaOIDCBackend(OIDCAuthenticationBackend):
    """Log in the existing, active user whose e-mail address the provider
    confirmed. No user is created or changed: roles and units stay SAKIP's."""

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is False:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)
