from django.urls import path  # noqa: F401

from . import urls_evaluasi, urls_lkjip

app_name = "pelaporan"

# Each part of the reports keeps its routes in its own module.
urlpatterns = [*urls_lkjip.urlpatterns, *urls_evaluasi.urlpatterns]
