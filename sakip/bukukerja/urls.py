from django.urls import path

from . import views

app_name = "bukukerja"

urlpatterns = [
    path("impor/", views.impor_create, name="impor_create"),
    path("impor/<int:pk>/", views.impor_detail, name="impor_detail"),
    path("impor/<int:pk>/progres/", views.impor_progres, name="impor_progres"),
    path("ekspor/", views.ekspor, name="ekspor"),
]
