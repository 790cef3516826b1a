"""API tokens stay out of the admin: DRF's token admin lists every key, and a
key is shown only to its user, once, on the "Token API" page. An admin cuts
off a user's API access by deactivating the user."""

from django.contrib import admin
from rest_framework.authtoken import admin as authtoken_admin  # noqa: F401
from rest_framework.authtoken.models import TokenProxy

# The import above registers DRF's token admin now, although
# rest_framework.authtoken comes after this app in INSTALLED_APPS.
admin.site.unregister(TokenProxy)
