from django.urls import path

from . import views

app_name = "perencanaan"

urlpatterns = [
    path("dokumen/", views.dokumen_list, name="dokumen_list"),
    path("dokumen/<int:pk>/", views.dokumen_detail, name="dokumen_detail"),
    path("elemen/<int:pk>/", views.elemen_detail, name="elemen_detail"),
    path("indikator/<int:pk>/", views.indikator_detail, name="indikator_detail"),
]
