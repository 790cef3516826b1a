"""The sign and unit rules that quarterly targets share with realisation: a
negative percentage, and a percent sign on an indikator that is no
percentage."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sakip.pelaksanaan import selectors, services
from sakip.pelaksanaan.targets import NilaiTarget
from sakip.perencanaan.models import Indikator, Target
from sakip.perencanaan.nilai import check_nilai_indikator, is_persen
from sakip.perjanjian.models import Level

from .conftest import buat_ra

D = Decimal
HTMX = {"HX-Request": "true"}
LAPORAN = {"satuan": "Laporan", "uraian": "Jumlah laporan yang disusun"}
PERSEN = {"satuan": "%", "uraian": "Persentase sasaran tercapai"}
PERTUMBUHAN = {"satuan": "persen", "uraian": "Laju pertumbuhan ekonomi"}


@pytest.mark.parametrize(
    ("satuan", "expected"),
    [("%", True), ("persen", True), (" Persentase ", True), ("Laporan", False)],
)
def test_is_persen(satuan, expected):
    assert is_persen(satuan) is expected


@pytest.mark.parametrize(
    ("nilai", "teks", "indikator", "kode"),
    [
        (D(-5), "-5", PERSEN, "persen_negatif"),
        (D("-0.5"), "", PERSEN, "persen_negatif"),
        (D(-5), "-5", PERTUMBUHAN, None),
        (D(-5), "-5", LAPORAN, None),
        (D(50), "50%", LAPORAN, "persen_untuk_bukan_persen"),
        (D(50), "50 %", LAPORAN, "persen_untuk_bukan_persen"),
        (D(50), "50%", PERSEN, None),
        (D(50), "50%", {"satuan": "", "uraian": "Tanpa satuan"}, None),
        (D(50), "50", LAPORAN, None),
        (None, "", PERSEN, None),
    ],
)
def test_check_nilai_indikator(nilai, teks, indikator, kode):
    pesan = check_nilai_indikator(nilai, teks=teks, **indikator)

    kode_pesan = None if pesan is None else pesan.kode
    assert kode_pesan == kode


def test_negative_target_message():
    pesan = check_nilai_indikator(D("-2.5"), jenis="target", **PERSEN)

    assert str(pesan) == (
        "Target Persentase sasaran tercapai dalam persen tidak boleh negatif; "
        "tertulis -2,50."
    )


def test_percent_sign_message():
    pesan = check_nilai_indikator(D(50), teks="50%", jenis="target", **LAPORAN)

    assert str(pesan) == (
        "Indikator Jumlah laporan yang disusun bersatuan Laporan, bukan persen. "
        "Tulis 50 tanpa tanda %."
    )


@pytest.fixture
def ra_opd(semua_pk, ani):
    return buat_ra(semua_pk[Level.KEPALA_OPD], ani)


def _baris(rencana_aksi, **indikator):
    baris = rencana_aksi.perjanjian.baris.get()
    Indikator.objects.filter(pk=baris.indikator_id).update(**indikator)
    return rencana_aksi.perjanjian.baris.select_related("indikator").get()


def _tersimpan(rencana_aksi) -> dict:
    return dict(
        Target.objects.filter(dokumen=rencana_aksi.dokumen).values_list(
            "periode", "nilai"
        )
    )


def _simpan(rencana_aksi, user, baris, values):
    [row] = selectors.isi_rencana_aksi(rencana_aksi, baris_id=baris.pk).baris
    services.target_triwulan_simpan(
        rencana_aksi=rencana_aksi,
        baris=baris,
        versi=row.versi,
        values={tw: NilaiTarget(nilai=v) for tw, v in values.items()},
        user=user,
    )


def test_simpan_negative_percentage_rejected(ra_opd, ani):
    baris = _baris(ra_opd, **PERSEN)
    before = _tersimpan(ra_opd)

    with pytest.raises(ValidationError) as error:
        _simpan(ra_opd, ani, baris, {"TW1": D(-5), "TW2": D(1)})

    assert error.value.message_dict == {
        "TW1": [
            "Triwulan I: Target Persentase sasaran tercapai dalam persen tidak boleh "
            "negatif; tertulis -5."
        ]
    }
    assert _tersimpan(ra_opd) == before


def test_simpan_negative_growth_saved(ra_opd, ani):
    baris = _baris(ra_opd, **PERTUMBUHAN)

    _simpan(ra_opd, ani, baris, {"TW1": D("-1.5")})

    assert _tersimpan(ra_opd)["TW1"] == D("-1.5")


def _post(client, rencana_aksi, baris, values):
    url = reverse("pelaksanaan:target_triwulan_edit", args=[rencana_aksi.pk, baris.pk])
    versi = client.get(url, headers=HTMX).context["form"].initial["versi"]
    return client.post(url, {"versi": versi, **values}, headers=HTMX)


def test_page_percent_sign_on_count_rejected(client, ra_opd, ani):
    baris = _baris(ra_opd, **LAPORAN)
    before = _tersimpan(ra_opd)
    client.force_login(ani)

    response = _post(
        client, ra_opd, baris, {"TW1": "50%", "TW2": "1", "TW3": "1", "TW4": "1"}
    )

    errors = response.context["form"].errors
    assert errors["TW1"] == [
        "Indikator Jumlah laporan yang disusun bersatuan Laporan, bukan persen. "
        "Tulis 50 tanpa tanda %."
    ]
    assert set(errors) == {"TW1"}
    assert _tersimpan(ra_opd) == before


def test_page_negative_percentage_rejected(client, ra_opd, ani):
    baris = _baris(ra_opd, **PERSEN)
    before = _tersimpan(ra_opd)
    client.force_login(ani)

    response = _post(
        client, ra_opd, baris, {"TW1": "-5", "TW2": "1", "TW3": "1", "TW4": "1"}
    )

    errors = response.context["form"].errors
    assert errors["TW1"] == [
        "Target Persentase sasaran tercapai dalam persen tidak boleh negatif; "
        "tertulis -5."
    ]
    assert _tersimpan(ra_opd) == before


def test_page_percent_sign_on_percentage_saved(client, ra_opd, ani):
    baris = _baris(ra_opd, **PERSEN)
    client.force_login(ani)

    response = _post(
        client, ra_opd, baris, {"TW1": "50%", "TW2": "50", "TW3": "50", "TW4": "50"}
    )

    assert response.status_code == 200
    assert _tersimpan(ra_opd)["TW1"] == D(50)
