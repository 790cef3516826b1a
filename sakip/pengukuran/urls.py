from django.urls import path

from . import views

app_name = "pengukuran"

urlpatterns = [
    path("dasbor/", views.dasbor_pemda, name="dasbor_pemda"),
    path("dasbor/opd/<int:pk>/", views.dasbor_opd, name="dasbor_opd"),
]
