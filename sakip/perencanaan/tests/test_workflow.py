"""The document workflow: draft → diajukan → ditetapkan, or dikembalikan."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sakip.perencanaan import services
from sakip.perencanaan.models import Dokumen, RiwayatStatusDokumen
from sakip.perencanaan.tests.factories import (
    DokumenFactory,
    ElemenFactory,
    TargetFactory,
)

Status = Dokumen.Status


def _set_status(dokumen, status):
    Dokumen.objects.filter(pk=dokumen.pk).update(status=status)
    dokumen.refresh_from_db()


@pytest.mark.parametrize("username", ["ani", "budi", "admin"])
def test_ajukan_by_editor(cast, rencana, username):
    dokumen = rencana["renstra_a"]

    riwayat = services.dokumen_ajukan(dokumen=dokumen, user=cast[username])

    assert dokumen.status == Status.DIAJUKAN
    assert riwayat.dari == Status.DRAFT
    assert riwayat.ke == Status.DIAJUKAN
    assert riwayat.oleh == cast[username]


@pytest.mark.parametrize(
    "username", ["citra", "kadis", "vera", "vino", "evi", "bupati"]
)
def test_ajukan_denied(cast, rencana, username):
    dokumen = rencana["renstra_a"]

    with pytest.raises(PermissionDenied):
        services.dokumen_ajukan(dokumen=dokumen, user=cast[username])

    dokumen.refresh_from_db()
    assert dokumen.status == Status.DRAFT
    assert not RiwayatStatusDokumen.objects.exists()


@pytest.mark.parametrize("username", ["vera", "vino", "admin"])
def test_kembalikan_by_verifikator(cast, rencana, username):
    dokumen = rencana["renstra_a"]
    _set_status(dokumen, Status.DIAJUKAN)

    riwayat = services.dokumen_kembalikan(
        dokumen=dokumen, user=cast[username], alasan="  Target 2026 kosong  "
    )

    assert dokumen.status == Status.DIKEMBALIKAN
    assert dokumen.alasan_dikembalikan == "Target 2026 kosong"
    assert riwayat.alasan == "Target 2026 kosong"


@pytest.mark.parametrize("username", ["ani", "citra", "kadis", "evi", "bupati"])
def test_kembalikan_denied(cast, rencana, username):
    dokumen = rencana["renstra_a"]
    _set_status(dokumen, Status.DIAJUKAN)

    with pytest.raises(PermissionDenied):
        services.dokumen_kembalikan(dokumen=dokumen, user=cast[username], alasan="x")


def test_kembalikan_other_opd_denied_to_vino(cast, rencana):
    dokumen = rencana["renstra_b"]
    _set_status(dokumen, Status.DIAJUKAN)

    with pytest.raises(PermissionDenied):
        services.dokumen_kembalikan(dokumen=dokumen, user=cast["vino"], alasan="x")


def test_kembalikan_requires_reason(vera, rencana):
    dokumen = rencana["renstra_a"]
    _set_status(dokumen, Status.DIAJUKAN)

    with pytest.raises(ValidationError) as error:
        services.dokumen_kembalikan(dokumen=dokumen, user=vera, alasan="   ")

    assert "Alasan pengembalian wajib diisi." in error.value.messages
    dokumen.refresh_from_db()
    assert dokumen.status == Status.DIAJUKAN


def test_tetapkan_by_admin(admin, rencana):
    dokumen = rencana["renstra_a"]
    _set_status(dokumen, Status.DIAJUKAN)

    services.dokumen_tetapkan(dokumen=dokumen, user=admin)

    assert dokumen.status == Status.DITETAPKAN
    assert dokumen.history.first().history_user == admin


@pytest.mark.parametrize("username", ["ani", "vera", "vino", "kadis", "bupati"])
def test_tetapkan_denied(cast, rencana, username):
    dokumen = rencana["renstra_a"]
    _set_status(dokumen, Status.DIAJUKAN)

    with pytest.raises(PermissionDenied):
        services.dokumen_tetapkan(dokumen=dokumen, user=cast[username])


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.DIAJUKAN, "ajukan"),
        (Status.DITETAPKAN, "ajukan"),
        (Status.DRAFT, "kembalikan"),
        (Status.DITETAPKAN, "kembalikan"),
        (Status.DRAFT, "tetapkan"),
        (Status.DIKEMBALIKAN, "tetapkan"),
    ],
)
def test_wrong_transition_rejected(admin, rencana, status, action):
    dokumen = rencana["renstra_a"]
    _set_status(dokumen, status)
    call = {
        "ajukan": lambda: services.dokumen_ajukan(dokumen=dokumen, user=admin),
        "kembalikan": lambda: services.dokumen_kembalikan(
            dokumen=dokumen, user=admin, alasan="x"
        ),
        "tetapkan": lambda: services.dokumen_tetapkan(dokumen=dokumen, user=admin),
    }[action]

    with pytest.raises(ValidationError) as error:
        call()

    assert "tidak dapat diubah menjadi" in error.value.messages[0]
    dokumen.refresh_from_db()
    assert dokumen.status == status


def test_double_submit_moves_once(ani, rencana):
    first = rencana["renstra_a"]
    second = Dokumen.objects.get(pk=first.pk)

    services.dokumen_ajukan(dokumen=first, user=ani)
    with pytest.raises(ValidationError):
        services.dokumen_ajukan(dokumen=second, user=ani)

    assert RiwayatStatusDokumen.objects.filter(dokumen=first).count() == 1


def test_full_cycle_recorded(ani, vera, admin, rencana):
    dokumen = rencana["renstra_a"]

    services.dokumen_ajukan(dokumen=dokumen, user=ani)
    services.dokumen_kembalikan(dokumen=dokumen, user=vera, alasan="Perbaiki")
    services.dokumen_ajukan(dokumen=dokumen, user=ani)
    services.dokumen_tetapkan(dokumen=dokumen, user=admin)

    steps = list(
        RiwayatStatusDokumen.objects.filter(dokumen=dokumen).values_list("dari", "ke")
    )
    assert steps == [
        (Status.DRAFT, Status.DIAJUKAN),
        (Status.DIAJUKAN, Status.DIKEMBALIKAN),
        (Status.DIKEMBALIKAN, Status.DIAJUKAN),
        (Status.DIAJUKAN, Status.DITETAPKAN),
    ]
    assert dokumen.alasan_dikembalikan == ""


@pytest.mark.parametrize(
    ("status", "editable"),
    [
        (Status.DRAFT, True),
        (Status.DIKEMBALIKAN, True),
        (Status.DIAJUKAN, False),
        (Status.DITETAPKAN, False),
    ],
)
def test_dokumen_is_editable(rencana, status, editable):
    dokumen = rencana["renstra_a"]
    _set_status(dokumen, status)

    assert services.dokumen_is_editable(dokumen) is editable


def test_ensure_editable_rejects_ditetapkan(rencana):
    dokumen = rencana["renstra_a"]
    _set_status(dokumen, Status.DITETAPKAN)

    with pytest.raises(ValidationError) as error:
        services.ensure_dokumen_editable(dokumen)

    assert "RENSTRA-A sudah ditetapkan" in error.value.messages[0]


def test_ensure_editable_rejects_diajukan(rencana):
    dokumen = rencana["renstra_a"]
    _set_status(dokumen, Status.DIAJUKAN)

    with pytest.raises(ValidationError):
        services.ensure_dokumen_editable(dokumen)


def test_save_guard_on_ditetapkan(rencana):
    dokumen = rencana["renstra_a"]
    sasaran = rencana["sasaran_a"]
    indikator = rencana["indikator_a"]
    target = indikator.target.get()
    link = sasaran.tautan_keluar.get()
    _set_status(dokumen, Status.DITETAPKAN)

    for row in (sasaran, indikator, target, link):
        with pytest.raises(ValidationError, match="sudah ditetapkan"):
            row.save()
    with pytest.raises(ValidationError):
        ElemenFactory(dokumen=dokumen)
    with pytest.raises(ValidationError):
        TargetFactory(indikator=indikator, dokumen=dokumen, tahun=2026)


def test_save_guard_allows_draft(rencana):
    sasaran = rencana["sasaran_a"]
    sasaran.uraian = "Sasaran baru"

    sasaran.save()

    sasaran.refresh_from_db()
    assert sasaran.uraian == "Sasaran baru"


def test_pk_document_outside_planning_workflow(admin, opd_a):
    pk = DokumenFactory(kode="PK-A", jenis=Dokumen.Jenis.PK, unit=opd_a)

    with pytest.raises(ValidationError, match="Perjanjian Kinerja"):
        services.dokumen_ajukan(dokumen=pk, user=admin)

    Dokumen.objects.filter(pk=pk.pk).update(status=Dokumen.Status.DITETAPKAN)
    pk.refresh_from_db()
    with pytest.raises(ValidationError, match="Perjanjian Kinerja"):
        services.dokumen_buat_perubahan(dokumen=pk, user=admin, alasan="uji")
    assert not any(services.dokumen_allowed_actions(dokumen=pk, user=admin).values())
    assert Dokumen.objects.get(pk=pk.pk).status == Dokumen.Status.DITETAPKAN


def test_renaksi_document_outside_planning_workflow(admin, opd_a):
    renaksi = DokumenFactory(kode="RA-A", jenis=Dokumen.Jenis.RENAKSI, unit=opd_a)

    with pytest.raises(ValidationError, match="rencana aksi"):
        services.dokumen_ajukan(dokumen=renaksi, user=admin)
    with pytest.raises(ValidationError, match="rencana aksi"):
        services.dokumen_tetapkan(dokumen=renaksi, user=admin)
    assert not any(
        services.dokumen_allowed_actions(dokumen=renaksi, user=admin).values()
    )
    assert Dokumen.objects.get(pk=renaksi.pk).status == Dokumen.Status.DRAFT
