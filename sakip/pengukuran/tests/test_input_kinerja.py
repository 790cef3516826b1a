"""Saving and submitting an indikator's quarterly realisation."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.services import (
    IsianKinerja,
    KonflikVersi,
    isian_ajukan,
    realisasi_simpan,
)
from sakip.referensi.models import NilaiSkala, Skala

from .conftest import PDF_BYTES, upload

Status = Realisasi.Status


def _simpan(user, indikator, nilai="40", *, versi=0, periode="TW1", **extra):
    return realisasi_simpan(
        user=user,
        indikator=indikator,
        tahun=2025,
        periode=periode,
        versi=versi,
        isian=IsianKinerja(nilai=nilai, **extra),
    )


def _error(callable_, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        callable_(*args, **kwargs)
    return error.value


@pytest.fixture
def iku(indikator_iku, jadwal_terbuka):
    return indikator_iku


def test_save_creates_draft(ani, iku):
    entri = _simpan(ani, iku, "72,5", keterangan="  data BPS  ")

    assert entri.nilai == Decimal("72.5")
    assert entri.status == Status.DRAFT
    assert entri.diisi_oleh == ani
    assert entri.diisi_pada is not None
    assert entri.keterangan == "data BPS"
    assert entri.versi == 1


def test_save_zero_is_a_value(ani, iku):
    entri = _simpan(ani, iku, "0")

    assert entri is not None
    assert entri.nilai == Decimal("0")


def test_save_nothing_creates_nothing(ani, iku):
    entri = _simpan(ani, iku, "")

    assert entri is None
    assert Realisasi.objects.filter(indikator=iku, periode="TW1").count() == 0


def test_unchanged_save_keeps_version(ani, iku):
    first = _simpan(ani, iku, "40")

    again = _simpan(ani, iku, "40,0", versi=first.versi)

    assert again.versi == first.versi
    assert iku.realisasi.get(periode="TW1").history.count() == 1


def test_budi_same_opd_may_enter(budi, iku):
    entri = _simpan(budi, iku, "40")

    assert entri.diisi_oleh == budi


@pytest.mark.parametrize("username", ["citra", "kadis", "vera", "bupati"])
def test_others_may_not_enter(cast, iku, username):
    with pytest.raises(PermissionDenied):
        _simpan(cast[username], iku, "40")

    assert not Realisasi.objects.filter(indikator=iku, periode="TW1").exists()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("144.000", "bermakna ganda"),
        ("banyak", "bukan angka yang sah"),
        ("1,23456", "4 angka di belakang koma"),
        ("1234567890123456", "15 angka bermakna"),
    ],
)
def test_invalid_number_rejected(ani, iku, text, fragment):
    error = _error(_simpan, ani, iku, text)

    assert fragment in error.message_dict["nilai"][0]
    assert not Realisasi.objects.filter(indikator=iku, periode="TW1").exists()


def test_negative_percentage_rejected(ani, iku):
    type(iku).objects.filter(pk=iku.pk).update(
        satuan="%", uraian="Persentase sasaran tercapai"
    )

    error = _error(_simpan, ani, iku, "-2,5")

    assert error.message_dict["nilai"] == [
        "Realisasi Persentase sasaran tercapai dalam persen tidak boleh negatif; "
        "tertulis -2,5."
    ]


def test_negative_growth_allowed(ani, iku):
    type(iku).objects.filter(pk=iku.pk).update(
        satuan="%", uraian="Laju pertumbuhan ekonomi"
    )

    entri = _simpan(ani, iku, "-2,07")

    assert entri.nilai == Decimal("-2.07")


def test_negative_count_allowed(ani, iku):
    type(iku).objects.filter(pk=iku.pk).update(satuan="poin")

    entri = _simpan(ani, iku, "-1")

    assert entri.nilai == Decimal("-1")


def test_percent_sign_on_count_rejected(ani, iku):
    type(iku).objects.filter(pk=iku.pk).update(
        satuan="Laporan", uraian="Jumlah laporan yang disusun"
    )

    error = _error(_simpan, ani, iku, "50%")

    assert error.message_dict["nilai"] == [
        "Indikator Jumlah laporan yang disusun bersatuan Laporan, bukan persen. "
        "Tulis 50 tanpa tanda %."
    ]
    assert not Realisasi.objects.filter(indikator=iku, periode="TW1").exists()


def test_percent_sign_on_percentage_allowed(ani, iku):
    type(iku).objects.filter(pk=iku.pk).update(satuan="%")

    entri = _simpan(ani, iku, "97,5%")

    assert entri.nilai == Decimal("97.5")


@pytest.fixture
def opini(iku):
    skala = Skala.objects.create(nama="opini-uji")
    for peringkat, nilai in enumerate(["TMP", "TW", "WDP", "WTP"], start=1):
        NilaiSkala.objects.create(skala=skala, nilai=nilai, peringkat=peringkat)
    type(iku).objects.filter(pk=iku.pk).update(skala=skala)
    iku.refresh_from_db()
    return iku


def test_scale_value_saved(ani, opini):
    entri = _simpan(ani, opini, "WDP")

    assert entri.nilai_skala == "WDP"
    assert entri.nilai is None


def test_value_outside_scale_rejected(ani, opini):
    error = _error(_simpan, ani, opini, "A")

    assert error.message_dict["nilai"] == [
        "A tidak ada dalam skala indikator ini; pilih salah satu dari: TMP, TW, "
        "WDP, WTP."
    ]


def test_number_on_scale_rejected(ani, opini):
    error = _error(_simpan, ani, opini, "3")

    assert "tidak ada dalam skala" in error.message_dict["nilai"][0]


def test_month_period_rejected(ani, iku):
    error = _error(_simpan, ani, iku, "40", periode="B01")

    assert "periode" in error.message_dict


def test_invalid_link_rejected(ani, iku):
    error = _error(_simpan, ani, iku, "40", bukti_tautan="javascript:alert(1)")

    assert "bukti_tautan" in error.message_dict


def test_second_save_same_version_rejected(ani, budi, iku):
    first = _simpan(ani, iku, "40")

    with pytest.raises(KonflikVersi) as error:
        _simpan(budi, iku, "55", versi=0)

    stored = Realisasi.objects.get(pk=first.pk)
    assert stored.nilai == Decimal("40")
    assert stored.diisi_oleh == ani
    assert "isinya sekarang 40,00" in error.value.messages[0]
    assert "ani" in error.value.messages[0]
    assert error.value.terkini.pk == first.pk


def test_save_with_loaded_version_accepted(ani, budi, iku):
    first = _simpan(ani, iku, "40")

    second = _simpan(budi, iku, "55", versi=first.versi)

    assert second.nilai == Decimal("55")
    assert second.versi == first.versi + 1


def test_evidence_file_stored_by_type(ani, iku):
    entri = _simpan(ani, iku, "40", bukti=upload("Laporan TW1 final.PDF", PDF_BYTES))

    assert entri.bukti_nama == "Laporan TW1 final.PDF"
    assert entri.bukti.name.startswith("bukti/kinerja/2025/")
    assert entri.bukti.name.endswith(".pdf")
    assert "Laporan" not in entri.bukti.name
    with entri.bukti.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_submit_without_evidence_rejected(ani, iku):
    _simpan(ani, iku, "40")

    hasil = isian_ajukan(
        user=ani, unit=iku.elemen.dokumen.unit, tahun=2025, periode="TW1"
    )

    assert hasil.diajukan == 0
    assert "belum memiliki bukti" in hasil.ditolak[0]
    assert Realisasi.objects.get(indikator=iku, periode="TW1").status == Status.DRAFT


def test_submit_with_link(ani, opd_a, iku):
    _simpan(ani, iku, "40", bukti_tautan="https://data.contoh.go.id/tw1")

    hasil = isian_ajukan(user=ani, unit=opd_a, tahun=2025, periode="TW1")

    assert hasil.diajukan == 1
    assert hasil.ditolak == []
    assert Realisasi.objects.get(indikator=iku, periode="TW1").status == Status.DIAJUKAN


def test_submit_skips_empty_entries(ani, opd_a, iku):
    entri = _simpan(ani, iku, "40", bukti_tautan="https://data.contoh.go.id/tw1")
    _simpan(ani, iku, "", versi=entri.versi, bukti_tautan="https://data.contoh.go.id")

    hasil = isian_ajukan(user=ani, unit=opd_a, tahun=2025, periode="TW1")

    assert hasil.diajukan == 0
    assert hasil.ditolak == []


def test_submit_other_opd_denied(citra, opd_a, iku):
    with pytest.raises(PermissionDenied):
        isian_ajukan(user=citra, unit=opd_a, tahun=2025, periode="TW1")


def test_save_and_submit_at_once(ani, iku):
    entri = realisasi_simpan(
        user=ani,
        indikator=iku,
        tahun=2025,
        periode="TW1",
        versi=0,
        isian=IsianKinerja(nilai="40", bukti_tautan="https://data.contoh.go.id"),
        ajukan=True,
    )

    assert entri.status == Status.DIAJUKAN


def test_edit_of_submitted_entry_back_to_draft(ani, iku):
    entri = realisasi_simpan(
        user=ani,
        indikator=iku,
        tahun=2025,
        periode="TW1",
        versi=0,
        isian=IsianKinerja(nilai="40", bukti_tautan="https://data.contoh.go.id"),
        ajukan=True,
    )

    changed = _simpan(
        ani, iku, "41", versi=entri.versi, bukti_tautan="https://data.contoh.go.id"
    )

    assert changed.status == Status.DRAFT


def test_accepted_entry_locked(ani, iku):
    entri = _simpan(ani, iku, "40")
    Realisasi.objects.filter(pk=entri.pk).update(status=Status.DITERIMA)

    error = _error(_simpan, ani, iku, "50", versi=entri.versi)

    assert error.code == "terkunci"
    assert Realisasi.objects.get(pk=entri.pk).nilai == Decimal("40")


def test_history_records_each_save(ani, budi, iku):
    first = _simpan(ani, iku, "40")
    _simpan(budi, iku, "45", versi=first.versi)

    records = list(Realisasi.objects.get(pk=first.pk).history.order_by("history_date"))

    assert [r.history_user.username for r in records] == ["ani", "budi"]
    assert [r.nilai for r in records] == [Decimal("40"), Decimal("45")]
    assert records[0].history_change_reason == "Disimpan"
