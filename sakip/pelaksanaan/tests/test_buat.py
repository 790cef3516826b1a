"""Making a rencana aksi from its PK: rows, prefilled targets and refusals."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sakip.anggaran.models import KeuanganBulanan
from sakip.pelaksanaan.models import RencanaAksi, TargetFisikBulanan
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target
from sakip.perjanjian import services as pk_services
from sakip.perjanjian.models import Level
from sakip.referensi.models import NilaiSkala, Skala

from .conftest import buat_pk, buat_ra

TRIWULAN = ["TW1", "TW2", "TW3", "TW4"]


def quarterly(rencana_aksi, baris):
    rows = Target.objects.filter(
        dokumen=rencana_aksi.dokumen, indikator=baris.indikator
    ).order_by("periode")
    return {t.periode: t for t in rows}


def test_buat_document_of_pk(semua_pk, ani):
    perjanjian = semua_pk[Level.KEPALA_OPD]

    rencana_aksi = buat_ra(perjanjian, ani)

    dokumen = rencana_aksi.dokumen
    assert dokumen.jenis == Dokumen.Jenis.RENAKSI
    assert dokumen.unit == perjanjian.unit
    assert dokumen.tahun_awal == 2025
    assert dokumen.tahun_akhir is None
    assert dokumen.status == Dokumen.Status.DRAFT
    assert dokumen.kode == "RA-OPD-A-kepala_opd-2025"
    assert dokumen.riwayat_status.get().oleh == ani
    assert rencana_aksi.history.get().history_user == ani


@pytest.mark.parametrize(
    ("level", "rows"),
    [
        (Level.KEPALA_DAERAH, 1),
        (Level.KEPALA_OPD, 1),
        (Level.KEPALA_BIDANG, 2),
        (Level.PPTK, 6),
    ],
)
def test_buat_quarters_for_every_row(semua_pk, admin, level, rows):
    perjanjian = semua_pk[level]

    rencana_aksi = buat_ra(perjanjian, admin)

    baris_list = list(perjanjian.baris.select_related("indikator", "target"))
    assert len(baris_list) == rows
    for baris in baris_list:
        targets = quarterly(rencana_aksi, baris)
        assert list(targets) == TRIWULAN
        # Every demo indikator is "akhir": each quarter gets the yearly value.
        assert {t.nilai for t in targets.values()} == {baris.target.nilai}
        assert {t.tahun for t in targets.values()} == {2025}


def test_buat_kumulatif_split(semua_pk, admin):
    perjanjian = semua_pk[Level.KEPALA_BIDANG]
    baris = perjanjian.baris.select_related("target").first()
    Indikator.objects.filter(pk=baris.indikator_id).update(
        agregasi=Indikator.Agregasi.KUMULATIF
    )

    rencana_aksi = buat_ra(perjanjian, admin)

    values = [t.nilai for t in quarterly(rencana_aksi, baris).values()]
    assert values == [Decimal(2), Decimal(2), Decimal(2), Decimal(4)]
    assert sum(values) == baris.target.nilai


def test_buat_rata_rata_full(semua_pk, admin):
    perjanjian = semua_pk[Level.KEPALA_OPD]
    baris = perjanjian.baris.get()
    Indikator.objects.filter(pk=baris.indikator_id).update(
        agregasi=Indikator.Agregasi.RATA_RATA
    )

    rencana_aksi = buat_ra(perjanjian, admin)

    values = {t.nilai for t in quarterly(rencana_aksi, baris).values()}
    assert values == {Decimal(50)}


def test_buat_skala_and_rentang(semua_pk, admin):
    perjanjian = semua_pk[Level.KEPALA_BIDANG]
    skala_row, rentang_row = perjanjian.baris.all()
    skala = Skala.objects.create(nama="opini-uji")
    for peringkat, nilai in enumerate(["TMP", "TW", "WDP", "WTP"], start=1):
        NilaiSkala.objects.create(skala=skala, nilai=nilai, peringkat=peringkat)
    Indikator.objects.filter(pk=skala_row.indikator_id).update(skala=skala)
    Target.objects.filter(pk=skala_row.target_id).update(nilai=None, nilai_skala="WTP")
    Indikator.objects.filter(pk=rentang_row.indikator_id).update(
        polaritas=Indikator.Polaritas.RENTANG, agregasi=Indikator.Agregasi.KUMULATIF
    )
    Target.objects.filter(pk=rentang_row.target_id).update(
        nilai=None, batas_bawah=Decimal(3), batas_atas=Decimal(5)
    )

    rencana_aksi = buat_ra(perjanjian, admin)

    skala_targets = quarterly(rencana_aksi, skala_row).values()
    assert [t.nilai_skala for t in skala_targets] == ["WTP"] * 4
    assert {t.nilai for t in skala_targets} == {None}
    bands = [
        (t.batas_bawah, t.batas_atas)
        for t in quarterly(rencana_aksi, rentang_row).values()
    ]
    assert bands == [(Decimal("0.75"), Decimal("1.25"))] * 4


def test_buat_without_yearly_target(semua_pk, admin):
    perjanjian = semua_pk[Level.KEPALA_OPD]
    baris = perjanjian.baris.get()
    Target.objects.filter(pk=baris.target_id).update(nilai=None)

    rencana_aksi = buat_ra(perjanjian, admin)

    assert quarterly(rencana_aksi, baris) == {}


def test_buat_fisik_from_anggaran_kas(semua_pk, anggaran_kas, admin):
    perjanjian = semua_pk[Level.PPTK]
    first = anggaran_kas[0]
    KeuanganBulanan.objects.filter(elemen=first, bulan__in=[1, 2, 3]).update(
        anggaran_kas=0
    )

    rencana_aksi = buat_ra(perjanjian, admin)

    # The PK's four sub kegiatan rows (the kegiatan rows add none of their own).
    elemen_ids = set(
        TargetFisikBulanan.objects.filter(rencana_aksi=rencana_aksi).values_list(
            "elemen_id", flat=True
        )
    )
    assert elemen_ids == {e.pk for e in anggaran_kas}
    plan = dict(
        TargetFisikBulanan.objects.filter(
            rencana_aksi=rencana_aksi, elemen=first
        ).values_list("bulan", "nilai")
    )
    # 900.000 planned from April: 100.000 a month is 11,11 % of it.
    assert plan[3] == Decimal("0.00")
    assert plan[4] == Decimal("11.11")
    assert plan[5] == Decimal("22.22")
    assert plan[11] == Decimal("88.89")
    assert plan[12] == Decimal("100.00")
    other = dict(
        TargetFisikBulanan.objects.filter(
            rencana_aksi=rencana_aksi, elemen=anggaran_kas[1]
        ).values_list("bulan", "nilai")
    )
    assert other[1] == Decimal("8.33")
    assert other[6] == Decimal("50.00")


def test_buat_fisik_without_anggaran_kas(semua_pk, admin):
    rencana_aksi = buat_ra(semua_pk[Level.PPTK], admin)

    rows = TargetFisikBulanan.objects.filter(rencana_aksi=rencana_aksi)
    assert rows.count() == 4
    assert set(rows.values_list("bulan", "nilai")) == {(12, Decimal(100))}


def test_buat_fisik_of_kegiatan_children(semua_pk, anggaran_kas, admin):
    """A PPTK PK with only kegiatan rows plans the sub kegiatan under them,
    except one that another bidang is responsible for."""
    perjanjian = semua_pk[Level.PPTK]
    perjanjian.baris.filter(indikator__elemen__jenis=Elemen.Jenis.SUB_KEGIATAN).delete()
    Elemen.objects.filter(pk=anggaran_kas[0].pk).update(unit_pj=perjanjian.unit.opd)

    rencana_aksi = buat_ra(perjanjian, admin)

    elemen_ids = set(
        TargetFisikBulanan.objects.filter(rencana_aksi=rencana_aksi).values_list(
            "elemen_id", flat=True
        )
    )
    assert elemen_ids == {e.pk for e in anggaran_kas[1:]}


@pytest.mark.parametrize("level", [Level.KEPALA_OPD, Level.KEPALA_BIDANG])
def test_buat_no_fisik_above_pptk(semua_pk, anggaran_kas, admin, level):
    rencana_aksi = buat_ra(semua_pk[level], admin)

    assert not TargetFisikBulanan.objects.filter(rencana_aksi=rencana_aksi).exists()


def test_buat_twice_rejected(semua_pk, admin):
    buat_ra(semua_pk[Level.KEPALA_OPD], admin)

    with pytest.raises(ValidationError, match="sudah memiliki rencana aksi"):
        buat_ra(semua_pk[Level.KEPALA_OPD], admin)
    assert RencanaAksi.objects.count() == 1


@pytest.mark.parametrize("username", ["citra", "kadis", "vera", "vino", "bupati"])
def test_buat_denied(semua_pk, cast, username):
    with pytest.raises(PermissionDenied):
        buat_ra(semua_pk[Level.KEPALA_OPD], cast[username])
    assert not RencanaAksi.objects.exists()


def test_buat_kepala_daerah_admin_only(semua_pk, ani, admin):
    with pytest.raises(PermissionDenied):
        buat_ra(semua_pk[Level.KEPALA_DAERAH], ani)

    assert buat_ra(semua_pk[Level.KEPALA_DAERAH], admin).dokumen.unit.jenis == "pemda"


def test_buat_perubahan_links_versions(semua_pk, admin):
    perjanjian = semua_pk[Level.KEPALA_OPD]
    lama = buat_ra(perjanjian, admin)
    pk_services.pk_tandatangani(perjanjian=perjanjian, user=admin)
    perubahan = pk_services.pk_buat_perubahan(
        perjanjian=perjanjian, alasan="APBD-P", user=admin
    )

    with pytest.raises(ValidationError, match="versi perubahan"):
        buat_ra(perjanjian, admin)
    baru = buat_ra(perubahan, admin)

    assert baru.dokumen.versi_sebelumnya == lama.dokumen
    assert baru.dokumen.versi == perubahan.dokumen.versi
    assert baru.dokumen.kode == "RA-OPD-A-kepala_opd-2025-P1"


def test_buat_single_pk(tahunan, jabatan, admin, opd_a):
    perjanjian = buat_pk(Level.KEPALA_OPD, opd_a, admin)

    rencana_aksi = buat_ra(perjanjian, admin)

    assert rencana_aksi.perjanjian == perjanjian
    assert rencana_aksi.tahun == 2025
