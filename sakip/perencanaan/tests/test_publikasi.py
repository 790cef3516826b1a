"""Publishing an adopted document on the public portal, and taking it back."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from sakip.perencanaan import services
from sakip.perencanaan.models import Dokumen, RiwayatPublikasiDokumen
from sakip.perencanaan.tests.factories import DokumenFactory
from sakip.perjanjian.models import Level
from sakip.perjanjian.tests.permission_cases import make_perjanjian

Status = Dokumen.Status


def _set_status(dokumen, status):
    Dokumen.objects.filter(pk=dokumen.pk).update(status=status)
    dokumen.refresh_from_db()


def test_publikasikan_ditetapkan(cast, rencana):
    dokumen = rencana["rpjmd"]
    _set_status(dokumen, Status.DITETAPKAN)

    riwayat = services.dokumen_publikasikan(dokumen=dokumen, user=cast["admin"])

    dokumen.refresh_from_db()
    assert dokumen.dipublikasikan is True
    assert riwayat.dipublikasikan is True
    assert riwayat.oleh == cast["admin"]
    assert dokumen.history.first().history_user == cast["admin"]
    assert dokumen.history.first().dipublikasikan is True


@pytest.mark.parametrize("status", [Status.DRAFT, Status.DIAJUKAN, Status.DIKEMBALIKAN])
def test_publikasikan_rejects_draft(cast, rencana, status):
    dokumen = rencana["rpjmd"]
    _set_status(dokumen, status)

    with pytest.raises(ValidationError) as error:
        services.dokumen_publikasikan(dokumen=dokumen, user=cast["admin"])

    assert "belum dapat dipublikasikan" in error.value.messages[0]
    dokumen.refresh_from_db()
    assert dokumen.dipublikasikan is False
    assert not RiwayatPublikasiDokumen.objects.exists()


@pytest.mark.parametrize(
    "username", ["ani", "budi", "citra", "kadis", "vera", "vino", "evi", "bupati"]
)
def test_publikasikan_admin_only(cast, rencana, username):
    dokumen = rencana["rpjmd"]
    _set_status(dokumen, Status.DITETAPKAN)

    with pytest.raises(PermissionDenied):
        services.dokumen_publikasikan(dokumen=dokumen, user=cast[username])

    dokumen.refresh_from_db()
    assert dokumen.dipublikasikan is False


def test_publikasikan_rejects_renja(cast, opd_a):
    renja = DokumenFactory(
        jenis=Dokumen.Jenis.RENJA,
        unit=opd_a,
        tahun_akhir=None,
        status=Status.DITETAPKAN,
    )

    with pytest.raises(ValidationError) as error:
        services.dokumen_publikasikan(dokumen=renja, user=cast["admin"])

    assert "RPJMD, Renstra dan Perjanjian Kinerja" in error.value.messages[0]


def test_publikasikan_unsigned_pk(cast, rencana):
    perjanjian = make_perjanjian(
        rencana["rpjmd"].unit, Level.KEPALA_DAERAH, rencana["rpjmd"]
    )

    with pytest.raises(ValidationError) as error:
        services.dokumen_publikasikan(dokumen=perjanjian.dokumen, user=cast["admin"])

    assert "belum ditandatangani" in error.value.messages[0]


def test_publikasikan_twice(cast, rencana):
    dokumen = rencana["rpjmd"]
    _set_status(dokumen, Status.DITETAPKAN)
    services.dokumen_publikasikan(dokumen=dokumen, user=cast["admin"])

    with pytest.raises(ValidationError) as error:
        services.dokumen_publikasikan(dokumen=dokumen, user=cast["admin"])

    assert "sudah dipublikasikan" in error.value.messages[0]
    assert RiwayatPublikasiDokumen.objects.count() == 1


def test_tarik_publikasi(cast, rencana):
    dokumen = rencana["rpjmd"]
    _set_status(dokumen, Status.DITETAPKAN)
    services.dokumen_publikasikan(dokumen=dokumen, user=cast["admin"])

    riwayat = services.dokumen_tarik_publikasi(dokumen=dokumen, user=cast["admin"])

    dokumen.refresh_from_db()
    assert dokumen.dipublikasikan is False
    assert dokumen.status == Status.DITETAPKAN
    assert riwayat.dipublikasikan is False
    assert [r.dipublikasikan for r in dokumen.riwayat_publikasi.all()] == [True, False]


def test_tarik_unpublished(cast, rencana):
    dokumen = rencana["rpjmd"]
    _set_status(dokumen, Status.DITETAPKAN)

    with pytest.raises(ValidationError) as error:
        services.dokumen_tarik_publikasi(dokumen=dokumen, user=cast["admin"])

    assert "tidak sedang dipublikasikan" in error.value.messages[0]


def test_constraint_rejects_published_draft(rencana):
    with pytest.raises(IntegrityError), transaction.atomic():
        Dokumen.objects.filter(pk=rencana["rpjmd"].pk).update(dipublikasikan=True)


def test_perubahan_is_not_published(cast, rencana):
    dokumen = rencana["rpjmd"]
    _set_status(dokumen, Status.DITETAPKAN)
    services.dokumen_publikasikan(dokumen=dokumen, user=cast["admin"])
    dokumen.refresh_from_db()

    baru = services.dokumen_buat_perubahan(
        dokumen=dokumen, user=cast["admin"], alasan="Perubahan RPJMD"
    )

    assert baru.dipublikasikan is False
    dokumen.refresh_from_db()
    assert dokumen.dipublikasikan is True


def test_view_publikasikan(client, cast, rencana):
    dokumen = rencana["rpjmd"]
    _set_status(dokumen, Status.DITETAPKAN)
    client.force_login(cast["admin"])
    detail = reverse("perencanaan:dokumen_detail", args=[dokumen.pk])

    page = client.get(detail)
    response = client.post(
        reverse("perencanaan:dokumen_publikasikan", args=[dokumen.pk]),
        {"next": detail},
        follow=True,
    )

    assert 'id="panel-publikasi"' in page.content.decode()
    assert "Publikasikan" in page.content.decode()
    assert response.redirect_chain[-1][0] == detail
    assert "Dokumen dipublikasikan di portal publik." in response.content.decode()
    assert 'data-publikasi="ya"' in response.content.decode()
    assert reverse("portal:dokumen_detail", args=[dokumen.kode]) in (
        response.content.decode()
    )


def test_view_rejects_draft_with_message(client, cast, rencana):
    dokumen = rencana["rpjmd"]
    client.force_login(cast["admin"])

    response = client.post(
        reverse("perencanaan:dokumen_publikasikan", args=[dokumen.pk]), follow=True
    )

    assert "belum dapat dipublikasikan" in response.content.decode()
    dokumen.refresh_from_db()
    assert dokumen.dipublikasikan is False


def test_view_ignores_foreign_next(client, cast, rencana):
    dokumen = rencana["rpjmd"]
    _set_status(dokumen, Status.DITETAPKAN)
    client.force_login(cast["admin"])

    response = client.post(
        reverse("perencanaan:dokumen_publikasikan", args=[dokumen.pk]),
        {"next": "https://contoh.invalid/"},
    )

    assert response.url == reverse("perencanaan:dokumen_detail", args=[dokumen.pk])


def test_view_operator_forbidden(client, cast, rencana):
    dokumen = rencana["renstra_a"]
    _set_status(dokumen, Status.DITETAPKAN)
    client.force_login(cast["ani"])

    page = client.get(reverse("perencanaan:dokumen_detail", args=[dokumen.pk]))
    client.post(reverse("perencanaan:dokumen_publikasikan", args=[dokumen.pk]))

    assert 'id="panel-publikasi"' in page.content.decode()
    action = reverse("perencanaan:dokumen_publikasikan", args=[dokumen.pk])
    assert action not in page.content.decode()
    dokumen.refresh_from_db()
    assert dokumen.dipublikasikan is False


def test_panel_on_pk_page(client, cast, rencana):
    perjanjian = make_perjanjian(
        rencana["rpjmd"].unit, Level.KEPALA_DAERAH, rencana["rpjmd"]
    )
    client.force_login(cast["admin"])

    page = client.get(reverse("perjanjian:pk_detail", args=[perjanjian.pk]))

    content = page.content.decode()
    assert 'id="panel-publikasi"' in content
    assert "belum ditandatangani" in content
