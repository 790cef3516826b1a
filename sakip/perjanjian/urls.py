from django.urls import path

from . import views

app_name = "perjanjian"

urlpatterns = [
    path("", views.pk_list, name="pk_list"),
    path("baru/", views.pk_create, name="pk_create"),
    path("<int:pk>/", views.pk_detail, name="pk_detail"),
    path("<int:pk>/tandatangani/", views.pk_tandatangani, name="pk_tandatangani"),
    path("<int:pk>/perubahan/", views.pk_perubahan, name="pk_perubahan"),
    path("<int:pk>/pdf/", views.pk_pdf, name="pk_pdf"),
    path("<int:pk>/docx/", views.pk_docx, name="pk_docx"),
    path("baris/<int:pk>/", views.baris_row, name="baris_row"),
    path("baris/<int:pk>/target/", views.baris_target_edit, name="baris_target_edit"),
    path("verifikasi/<str:kode>/", views.pk_verifikasi, name="pk_verifikasi"),
]
