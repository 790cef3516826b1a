from django.urls import path

from . import views

app_name = "tahunan"

urlpatterns = [
    path("renja/", views.renja_list, name="renja_list"),
    path("renja/baru/", views.renja_create, name="renja_create"),
    path("renja/<int:pk>/pagu/", views.pagu_edit, name="pagu_edit"),
    path(
        "renstra/<int:pk>/matriks.xlsx", views.matriks_renstra, name="matriks_renstra"
    ),
    path("renja/<int:pk>/matriks.xlsx", views.matriks_renja, name="matriks_renja"),
    path("rkpd/baru/", views.rkpd_create, name="rkpd_create"),
]
