from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sakip.core import views as core_views

urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/", include("sakip.organisasi.urls")),
    path("admin/", admin.site.urls),
    path("", core_views.beranda, name="beranda"),
    path("notifikasi/", include("sakip.notifikasi.urls")),
    path("perencanaan/", include("sakip.perencanaan.urls")),
    path("tahunan/", include("sakip.tahunan.urls")),
    path("perjanjian/", include("sakip.perjanjian.urls")),
    path("anggaran/", include("sakip.anggaran.urls")),
    path("rencana-aksi/", include("sakip.pelaksanaan.urls")),
    path("pengukuran/", include("sakip.pengukuran.urls")),
    path("pelaporan/", include("sakip.pelaporan.urls")),
    path("evaluasi/", include("sakip.evaluasi.urls")),
    path("arsip/", include("sakip.arsip.urls")),
    path("publik/", include("sakip.portal.urls")),
    path("api/v1/", include("sakip.api.urls")),
    path("buku-kerja/", include("sakip.bukukerja.urls")),
]

# Single sign-on through OpenID Connect, wired only when configured.
if settings.SAKIP_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

# A form whose data passes DATA_UPLOAD_MAX_MEMORY_SIZE gets a page explaining the limit.
handler400 = core_views.bad_request
