from django.urls import path

from .views import hasil as views

# The results of one evaluation (addressed by its pk), the ranking of a year
# (the ``tahun`` query parameter), and the decision on a data proposal.
urlpatterns = [
    path("hasil/", views.hasil_peringkat, name="hasil_peringkat"),
    path("hasil/<int:pk>/", views.hasil_detail, name="hasil_detail"),
    path("hasil/<int:pk>/lke.xlsx", views.hasil_lke_xlsx, name="hasil_lke_xlsx"),
    path("hasil/<int:pk>/lhe.docx", views.hasil_lhe_docx, name="hasil_lhe_docx"),
    path("hasil/<int:pk>/lhe.pdf", views.hasil_lhe_pdf, name="hasil_lhe_pdf"),
    path(
        "<int:pk>/usulan/<int:kriteria>/",
        views.usulan_putuskan_view,
        name="usulan_putuskan",
    ),
]
