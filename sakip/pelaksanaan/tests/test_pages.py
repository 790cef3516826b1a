"""The rencana aksi pages, through the test client."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.pelaksanaan.models import Aksi, RencanaAksi, TargetFisikBulanan
from sakip.perencanaan.models import Dokumen, Target
from sakip.perjanjian import services as pk_services
from sakip.perjanjian.models import Level

from .conftest import buat_ra

HTMX = {"HX-Request": "true"}


@pytest.fixture
def ra_opd(semua_pk, ani):
    return buat_ra(semua_pk[Level.KEPALA_OPD], ani)


@pytest.fixture
def ra_pptk(semua_pk, anggaran_kas, ani):
    return buat_ra(semua_pk[Level.PPTK], ani)


def _url(name, *args):
    return reverse(f"pelaksanaan:{name}", args=args)


def test_pk_page_offers_create(client, semua_pk, ani):
    perjanjian = semua_pk[Level.KEPALA_OPD]
    client.force_login(ani)

    page = client.get(reverse("perjanjian:pk_detail", args=[perjanjian.pk]))
    response = client.post(_url("rencana_aksi_create", perjanjian.pk))

    assert "Buat rencana aksi" in page.content.decode()
    rencana_aksi = RencanaAksi.objects.get()
    assert response.status_code == 302
    assert response.url == _url("rencana_aksi_detail", rencana_aksi.pk)
    page = client.get(reverse("perjanjian:pk_detail", args=[perjanjian.pk]))
    assert "Buka rencana aksi" in page.content.decode()
    assert "Buat rencana aksi" not in page.content.decode()


def test_pk_page_no_button_for_reader(client, semua_pk, kadis):
    client.force_login(kadis)

    page = client.get(reverse("perjanjian:pk_detail", args=[semua_pk[Level.PPTK].pk]))

    text = page.content.decode()
    assert "PK ini belum memiliki rencana aksi." in text
    assert "Buat rencana aksi" not in text


def test_create_twice_shows_message(client, ra_opd, ani):
    client.force_login(ani)

    response = client.post(
        _url("rencana_aksi_create", ra_opd.perjanjian_id), follow=True
    )

    assert "sudah memiliki rencana aksi" in response.content.decode()
    assert RencanaAksi.objects.count() == 1


def test_create_denied_other_opd(client, semua_pk, citra):
    client.force_login(citra)

    response = client.post(_url("rencana_aksi_create", semua_pk[Level.KEPALA_OPD].pk))

    assert response.status_code == 404
    assert not RencanaAksi.objects.exists()


def test_list_filters_by_opd(client, semua_pk, admin, opd_a, opd_b):
    for perjanjian in semua_pk.values():
        buat_ra(perjanjian, admin)
    client.force_login(admin)

    semua = client.get(_url("rencana_aksi_list"))
    dinas_a = client.get(_url("rencana_aksi_list"), {"opd": opd_a.pk, "tahun": 2025})
    dinas_b = client.get(_url("rencana_aksi_list"), {"opd": opd_b.pk})

    assert len(semua.context["rencana_aksi_list"]) == 4
    assert len(dinas_a.context["rencana_aksi_list"]) == 3
    assert len(dinas_b.context["rencana_aksi_list"]) == 0
    assert "RA-OPD-A-kepala_opd-2025" in semua.content.decode()


def test_list_scoped(client, ra_opd, citra):
    client.force_login(citra)

    response = client.get(_url("rencana_aksi_list"))

    assert list(response.context["rencana_aksi_list"]) == []


def test_detail_shows_rows_and_warnings(client, ra_pptk, ani):
    baris = ra_pptk.perjanjian.baris.first()
    Target.objects.filter(
        dokumen=ra_pptk.dokumen, indikator=baris.indikator, periode="TW4"
    ).update(nilai=Decimal(8))
    client.force_login(ani)

    response = client.get(_url("rencana_aksi_detail", ra_pptk.pk))

    text = response.content.decode()
    isi = response.context["isi"]
    assert len(isi.baris) == 6
    assert len(isi.fisik) == 4
    assert isi.jumlah_peringatan == 1
    assert "Target TW IV (8) belum sama dengan target tahunan PK (10)." in text
    assert "1 baris atau sub kegiatan memiliki peringatan." in text
    assert "Rp 1.200.000" in text
    assert ">100.000<" in text
    assert ">8,33<" in text
    assert response.context["boleh_ubah"]
    assert not response.context["dapat_menetapkan"]


def test_detail_read_only_for_other_roles(client, ra_opd, kadis):
    client.force_login(kadis)

    response = client.get(_url("rencana_aksi_detail", ra_opd.pk))

    assert not response.context["boleh_ubah"]
    assert "Tambah aksi" not in response.content.decode()


def test_triwulan_inline_edit(client, ra_opd, ani):
    baris = ra_opd.perjanjian.baris.get()
    url = _url("target_triwulan_edit", ra_opd.pk, baris.pk)
    client.force_login(ani)

    form = client.get(url, headers=HTMX)
    versi = form.context["form"].initial["versi"]
    response = client.post(
        url,
        {"versi": versi, "TW1": "12,5", "TW2": "25", "TW3": "37,5", "TW4": "45"},
        headers=HTMX,
    )

    assert form.status_code == 200
    assert 'name="TW1"' in form.content.decode()
    text = response.content.decode()
    assert response.status_code == 200
    assert "Target TW IV (45) belum sama dengan target tahunan PK (50)." in text
    assert 'id="ringkasan-rencana-aksi" hx-swap-oob="true"' in text
    assert "data-fokus" in text
    values = dict(
        Target.objects.filter(dokumen=ra_opd.dokumen).values_list("periode", "nilai")
    )
    assert values == {
        "TW1": Decimal("12.5"),
        "TW2": Decimal(25),
        "TW3": Decimal("37.5"),
        "TW4": Decimal(45),
    }


def test_triwulan_bad_number_shown(client, ra_opd, ani):
    baris = ra_opd.perjanjian.baris.get()
    url = _url("target_triwulan_edit", ra_opd.pk, baris.pk)
    client.force_login(ani)
    versi = client.get(url, headers=HTMX).context["form"].initial["versi"]

    response = client.post(
        url,
        {"versi": versi, "TW1": "144.000", "TW2": "dua", "TW3": "", "TW4": "50"},
        headers=HTMX,
    )

    form = response.context["form"]
    assert "bermakna ganda" in form.errors["TW1"][0]
    assert "bukan angka yang sah" in form.errors["TW2"][0]
    assert 'name="TW1"' in response.content.decode()
    values = set(
        Target.objects.filter(dokumen=ra_opd.dokumen).values_list("nilai", flat=True)
    )
    assert values == {Decimal(50)}


def test_triwulan_stale_form_shown(client, ra_opd, ani, budi):
    baris = ra_opd.perjanjian.baris.get()
    url = _url("target_triwulan_edit", ra_opd.pk, baris.pk)
    client.force_login(ani)
    versi = client.get(url, headers=HTMX).context["form"].initial["versi"]
    client.post(
        url, {"versi": versi, "TW1": "10", "TW2": "20", "TW3": "30", "TW4": "50"}
    )
    client.force_login(budi)

    response = client.post(
        url,
        {"versi": versi, "TW1": "1", "TW2": "2", "TW3": "3", "TW4": "50"},
        headers=HTMX,
    )

    assert "telah diubah oleh orang lain" in response.content.decode()
    tw1 = Target.objects.get(dokumen=ra_opd.dokumen, periode="TW1")
    assert tw1.nilai == Decimal(10)


def test_triwulan_without_htmx_redirects(client, ra_opd, ani):
    baris = ra_opd.perjanjian.baris.get()
    url = _url("target_triwulan_edit", ra_opd.pk, baris.pk)
    client.force_login(ani)

    page = client.get(url)
    versi = page.context["form"].initial["versi"]
    response = client.post(
        url, {"versi": versi, "TW1": "5", "TW2": "5", "TW3": "5", "TW4": "50"}
    )

    assert "<html" in page.content.decode()
    assert response.status_code == 302
    assert response.url == _url("rencana_aksi_detail", ra_opd.pk) + f"#baris-{baris.pk}"


def test_triwulan_form_closed_after_ditetapkan(client, ra_opd, admin):
    Dokumen.objects.filter(pk=ra_opd.dokumen_id).update(
        status=Dokumen.Status.DITETAPKAN
    )
    baris = ra_opd.perjanjian.baris.get()
    client.force_login(admin)

    response = client.get(
        _url("target_triwulan_edit", ra_opd.pk, baris.pk), headers=HTMX
    )

    assert "tidak sedang dapat diubah" in response.content.decode()
    assert "Simpan" not in response.content.decode()


def test_row_cancel_returns_row(client, ra_opd, kadis):
    baris = ra_opd.perjanjian.baris.get()
    client.force_login(kadis)

    response = client.get(_url("baris_row", ra_opd.pk, baris.pk), headers=HTMX)

    text = response.content.decode()
    assert f'id="baris-{baris.pk}-target"' in text
    assert "hx-swap-oob" not in text


def test_fisik_inline_edit(client, ra_pptk, anggaran_kas, ani):
    elemen = anggaran_kas[0]
    url = _url("target_fisik_edit", ra_pptk.pk, elemen.pk)
    client.force_login(ani)
    form = client.get(url, headers=HTMX)
    data = dict(form.context["form"].initial)
    data.update({"bulan_1": "5", "bulan_2": "10,5", "bulan_12": "100"})

    response = client.post(url, data, headers=HTMX)

    assert response.status_code == 200
    assert f'id="fisik-{elemen.pk}"' in response.content.decode()
    plan = dict(
        TargetFisikBulanan.objects.filter(
            rencana_aksi=ra_pptk, elemen=elemen
        ).values_list("bulan", "nilai")
    )
    assert plan[1] == Decimal(5)
    assert plan[2] == Decimal("10.5")
    assert plan[3] == Decimal(25)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"bulan_3": "10"}, "bulan_3", "lebih rendah dari Februari"),
        ({"bulan_12": "120"}, "bulan_12", "harus antara 0 dan 100 %"),
        ({"bulan_4": "abc"}, "bulan_4", "bukan angka yang sah"),
    ],
)
def test_fisik_rejected_on_page(
    client, ra_pptk, anggaran_kas, ani, changes, field, message
):
    elemen = anggaran_kas[0]
    url = _url("target_fisik_edit", ra_pptk.pk, elemen.pk)
    client.force_login(ani)
    data = dict(client.get(url, headers=HTMX).context["form"].initial)
    before = set(TargetFisikBulanan.objects.values_list("pk", "nilai"))

    response = client.post(url, {**data, **changes}, headers=HTMX)

    assert message in " ".join(response.context["form"].errors[field])
    assert set(TargetFisikBulanan.objects.values_list("pk", "nilai")) == before


def test_fisik_of_non_pptk_not_found(client, ra_opd, anggaran_kas, ani):
    client.force_login(ani)

    response = client.get(
        _url("target_fisik_edit", ra_opd.pk, anggaran_kas[0].pk), headers=HTMX
    )

    assert response.status_code == 404


def test_aksi_add_edit_delete(client, ra_opd, ani, bidang_a):
    baris = ra_opd.perjanjian.baris.get()
    client.force_login(ani)
    create_url = _url("aksi_create", ra_opd.pk, baris.pk)

    form = client.get(create_url, headers=HTMX)
    added = client.post(
        create_url,
        {"periode": "TW2", "uraian": "Sosialisasi", "unit_pj": bidang_a.pk},
        headers=HTMX,
    )

    assert form.status_code == 200
    assert added["HX-Retarget"] == f"#baris-{baris.pk}-aksi"
    assert "Sosialisasi" in added.content.decode()
    aksi = Aksi.objects.get()
    update_url = _url("aksi_update", aksi.pk)
    versi = client.get(update_url, headers=HTMX).context["form"].initial["versi"]
    client.post(
        update_url,
        {
            "versi": versi,
            "periode": "B07",
            "uraian": "Evaluasi",
            "unit_pj": bidang_a.pk,
        },
        headers=HTMX,
    )
    aksi.refresh_from_db()
    assert (aksi.periode, aksi.uraian) == ("B07", "Evaluasi")

    deleted = client.post(_url("aksi_delete", aksi.pk), {"versi": "lama"}, headers=HTMX)
    assert "telah diubah oleh orang lain" in deleted.content.decode()
    assert Aksi.objects.exists()
    page = client.get(_url("rencana_aksi_detail", ra_opd.pk))
    [aksi_row] = page.context["isi"].baris[0].aksi
    client.post(_url("aksi_delete", aksi.pk), {"versi": aksi_row.versi}, headers=HTMX)
    assert not Aksi.objects.exists()


def test_aksi_unit_choices_within_opd(client, ra_opd, ani, opd_b):
    baris = ra_opd.perjanjian.baris.get()
    client.force_login(ani)

    response = client.post(
        _url("aksi_create", ra_opd.pk, baris.pk),
        {"periode": "TW1", "uraian": "Uji", "unit_pj": opd_b.pk},
        headers=HTMX,
    )

    assert "unit_pj" in response.context["form"].errors
    assert not Aksi.objects.exists()


def test_tetapkan_page_confirms_warnings(client, semua_pk, admin, kadis):
    perjanjian = semua_pk[Level.KEPALA_OPD]
    pk_services.pk_tandatangani(perjanjian=perjanjian, user=admin)
    rencana_aksi = buat_ra(perjanjian, admin)
    Target.objects.filter(dokumen=rencana_aksi.dokumen, periode="TW4").update(
        nilai=Decimal(45)
    )
    client.force_login(kadis)
    url = _url("rencana_aksi_tetapkan", rencana_aksi.pk)

    page = client.get(_url("rencana_aksi_detail", rencana_aksi.pk))
    unconfirmed = client.post(url, {"peringatan_dikonfirmasi": "1"}, follow=True)
    rencana_aksi.dokumen.refresh_from_db()
    status_after_unconfirmed = rencana_aksi.dokumen.status
    client.post(url, {"peringatan_dikonfirmasi": "1", "setuju": "1"})
    rencana_aksi.dokumen.refresh_from_db()

    assert page.context["dapat_menetapkan"]
    assert 'name="setuju"' in page.content.decode()
    assert "masih memiliki peringatan" in unconfirmed.content.decode()
    assert status_after_unconfirmed == Dokumen.Status.DRAFT
    assert rencana_aksi.dokumen.status == Dokumen.Status.DITETAPKAN


def test_detail_queries_flat(client, ra_pptk, ani):
    client.force_login(ani)
    url = _url("rencana_aksi_detail", ra_pptk.pk)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    baris_list = list(ra_pptk.perjanjian.baris.all())
    for baris in baris_list:
        for periode in ("TW1", "TW2", "B05"):
            Aksi.objects.create(
                rencana_aksi=ra_pptk,
                baris=baris,
                periode=periode,
                uraian="Aksi",
                unit_pj=ra_pptk.perjanjian.unit,
            )

    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)
    assert len(many) <= 20


def test_detail_has_riwayat_panel(client, ra_pptk, ani):
    client.force_login(ani)
    panel_url = reverse("arsip:riwayat_panel", args=["rencana-aksi", ra_pptk.pk])

    page = client.get(_url("rencana_aksi_detail", ra_pptk.pk))
    panel = client.get(panel_url, HTTP_HX_REQUEST="true")

    assert f'hx-get="{panel_url}"' in page.content.decode()
    assert panel.status_code == 200
    # The newest changes come first: the monthly targets made with the plan.
    assert 'data-model="pelaksanaan.' in panel.content.decode()
