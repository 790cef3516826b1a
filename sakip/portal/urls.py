from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("dokumen/", views.dokumen_list, name="dokumen_list"),
    path("dokumen/<str:kode>/", views.dokumen_detail, name="dokumen_detail"),
    path("pk/<str:kode>/", views.pk_detail, name="pk_detail"),
    path("pk/<str:kode>/pdf/", views.pk_pdf, name="pk_pdf"),
    path("lkjip/<str:unit>/<int:tahun>/pdf/", views.lkjip_pdf, name="lkjip_pdf"),
    path(
        "lkjip/<str:unit>/<int:tahun>/revisi/<int:nomor>/pdf/",
        views.lkjip_pdf,
        name="lkjip_revisi_pdf",
    ),
    # Open data: the index of the datasets and each dataset as CSV or JSON.
    path("data/", views.data_index, name="data_index"),
    path("data/<slug:nama>.<slug:format>", views.data_unduh, name="data_unduh"),
]
