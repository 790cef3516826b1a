from django.urls import path

from . import views

app_name = "pelaksanaan"

urlpatterns = [
    path("", views.rencana_aksi_list, name="rencana_aksi_list"),
    path(
        "buat/<int:perjanjian>/", views.rencana_aksi_create, name="rencana_aksi_create"
    ),
    path("<int:pk>/", views.rencana_aksi_detail, name="rencana_aksi_detail"),
    path(
        "<int:pk>/tetapkan/", views.rencana_aksi_tetapkan, name="rencana_aksi_tetapkan"
    ),
    path("<int:pk>/baris/<int:baris>/", views.baris_row, name="baris_row"),
    path(
        "<int:pk>/baris/<int:baris>/target/",
        views.target_triwulan_edit,
        name="target_triwulan_edit",
    ),
    path("<int:pk>/baris/<int:baris>/aksi/", views.aksi_create, name="aksi_create"),
    path("<int:pk>/fisik/<int:elemen>/", views.fisik_row, name="fisik_row"),
    path(
        "<int:pk>/fisik/<int:elemen>/ubah/",
        views.target_fisik_edit,
        name="target_fisik_edit",
    ),
    path("aksi/<int:pk>/ubah/", views.aksi_update, name="aksi_update"),
    path("aksi/<int:pk>/hapus/", views.aksi_delete, name="aksi_delete"),
]
