from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sakip.core.templatetags.sakip_format import angka
from sakip.evaluasi.models import Evaluasi, Jawaban, Kriteria, LangkahEvaluasi
from sakip.evaluasi.selectors import evaluasi_nilai
from sakip.evaluasi.services import (
    IsianJawaban,
    evaluasi_create,
    evaluasi_lanjutkan,
    evaluator_assign,
    jawaban_simpan,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n%bukti\n"


def _kriteria(template):
    return list(
        Kriteria.objects.filter(sub_komponen__komponen__template=template).order_by(
            "sub_komponen__komponen__urutan", "sub_komponen__urutan", "urutan"
        )
    )


def _top(kriteria):
    return "Y" if kriteria.jenis_jawaban == "Y/T" else "A"


def _answer_all(user, evaluasi, tahap, limit=None):
    for kriteria in _kriteria(evaluasi.template)[:limit]:
        versi = (
            Jawaban.objects.filter(evaluasi=evaluasi, kriteria=kriteria, tahap=tahap)
            .values_list("versi", flat=True)
            .first()
        )
        jawaban_simpan(
            user=user,
            evaluasi=evaluasi,
            kriteria=kriteria,
            versi=versi or 0,
            isian=IsianJawaban(kode=_top(kriteria)),
        )


def _baris_url(evaluasi, kriteria):
    return reverse("evaluasi:jawaban_baris", args=[evaluasi.pk, kriteria.pk])


def _post(client, evaluasi, kriteria, **data):
    payload = {"kode": "", "catatan": "", "bukti_tautan": "", "versi": 0, **data}
    return client.post(_baris_url(evaluasi, kriteria), payload, **HTMX)


def test_list_shows_status_and_live_score(client, evaluasi_a, admin, ani, pemda, evi):
    pemda_evaluasi = evaluasi_create(
        user=evi, unit=pemda, tahun=2025, template=evaluasi_a.template
    )
    _answer_all(ani, evaluasi_a, "mandiri", limit=3)
    client.force_login(admin)

    response = client.get(reverse("evaluasi:evaluasi_list"), {"tahun": 2025})

    text = response.content.decode()
    sementara = evaluasi_nilai(evaluasi_a, tahap="mandiri").total_dibulatkan
    assert response.status_code == 200
    assert sementara > 0
    assert text.index("Kabupaten Contoh") < text.index("Dinas A")
    assert 'data-status="penilaian_mandiri"' in text
    assert f"{angka(sementara, 2)}*" in text
    assert reverse("evaluasi:evaluasi_detail", args=[pemda_evaluasi.pk]) in text


def test_list_hides_other_opd(client, evaluasi_a, citra):
    client.force_login(citra)

    response = client.get(reverse("evaluasi:evaluasi_list"), {"tahun": 2025})

    assert "Dinas A" not in response.content.decode()


def test_detail_shows_lke_and_evidence(client, evaluasi_a, ani):
    client.force_login(ani)

    response = client.get(reverse("evaluasi:evaluasi_detail", args=[evaluasi_a.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("data-baris") == 76
    assert "Perencanaan Kinerja" in text
    assert "Bukti dukung: RPJMD; Renstra PD; Pokin PD" in text
    assert 'id="form-lanjutkan"' in text
    assert 'hx-post="' in text


def test_detail_read_only_for_evaluator_during_mandiri(client, evaluasi_a, evi):
    client.force_login(evi)

    response = client.get(reverse("evaluasi:evaluasi_detail", args=[evaluasi_a.pk]))

    text = response.content.decode()
    assert 'id="form-lanjutkan"' not in text
    assert "hx-post" not in text
    assert 'id="bukan-pengisi"' in text


def test_answer_saved_in_place(client, evaluasi_a, ani):
    kriteria = _kriteria(evaluasi_a.template)[0]
    client.force_login(ani)

    response = client.post(
        _baris_url(evaluasi_a, kriteria),
        {
            "kode": "Y",
            "catatan": "Renstra ditetapkan",
            "bukti_tautan": "https://x.id/renstra",
            "versi": 0,
            "bukti": SimpleUploadedFile("renstra.pdf", PDF),
        },
        **HTMX,
    )

    text = response.content.decode()
    jawaban = Jawaban.objects.get()
    assert "data-tersimpan" in text
    assert f'id="versi-{kriteria.pk}" value="1" hx-swap-oob="true"' in text
    assert '<section class="card shadow-sm" id="nilai-evaluasi"' in text
    assert 'aria-labelledby="judul-nilai" hx-swap-oob="true"' in text
    assert reverse("evaluasi:jawaban_bukti", args=[jawaban.pk]) in text
    assert jawaban.catatan == "Renstra ditetapkan"
    assert jawaban.tahap == "mandiri"


def test_answer_outside_scale_rejected(client, evaluasi_a, ani):
    kriteria = _kriteria(evaluasi_a.template)[0]
    client.force_login(ani)

    response = _post(client, evaluasi_a, kriteria, kode="B")

    text = response.content.decode()
    assert "tidak ada pada skala Y/T" in text
    assert 'data-galat="kode"' in text
    assert not Jawaban.objects.exists()


def test_stale_version_keeps_first_answer(client, evaluasi_a, ani, budi):
    kriteria = _kriteria(evaluasi_a.template)[0]
    client.force_login(ani)
    _post(client, evaluasi_a, kriteria, kode="Y")
    client.force_login(budi)

    response = _post(client, evaluasi_a, kriteria, kode="T", versi=0)

    text = response.content.decode()
    assert "telah diubah oleh ani" in text
    assert "Muat ulang baris" in text
    assert Jawaban.objects.get().kode == "Y"


def test_reload_row_gives_current_version(client, evaluasi_a, ani):
    kriteria = _kriteria(evaluasi_a.template)[0]
    client.force_login(ani)
    _post(client, evaluasi_a, kriteria, kode="Y")

    response = client.get(_baris_url(evaluasi_a, kriteria), **HTMX)

    text = response.content.decode()
    assert f'id="versi-{kriteria.pk}" value="1"' in text
    assert '<option value="Y" selected>' in text


def test_answer_by_other_opd_rejected(client, evaluasi_a, evi):
    kriteria = _kriteria(evaluasi_a.template)[0]
    client.force_login(evi)

    response = _post(client, evaluasi_a, kriteria, kode="Y")

    assert "hanya diisi oleh unit itu sendiri" in response.content.decode()
    assert not Jawaban.objects.exists()


def test_move_on_with_missing_answers_rejected(client, evaluasi_a, ani):
    client.force_login(ani)

    response = client.post(
        reverse("evaluasi:evaluasi_lanjutkan", args=[evaluasi_a.pk]), follow=True
    )

    assert "76 kriteria belum dijawab" in response.content.decode()
    evaluasi_a.refresh_from_db()
    assert evaluasi_a.status == Evaluasi.Status.PENILAIAN_MANDIRI


def test_move_on_records_step(client, evaluasi_a, ani):
    _answer_all(ani, evaluasi_a, "mandiri")
    client.force_login(ani)

    response = client.post(
        reverse("evaluasi:evaluasi_lanjutkan", args=[evaluasi_a.pk]),
        {"catatan": "sudah lengkap"},
        follow=True,
    )

    text = response.content.decode()
    langkah = LangkahEvaluasi.objects.get()
    assert langkah.oleh == ani
    assert langkah.catatan == "sudah lengkap"
    assert "sudah lengkap" in text
    assert "Evaluasi dilanjutkan ke tahap evaluasi" in text


def test_double_click_moves_once(client, evaluasi_a, ani):
    _answer_all(ani, evaluasi_a, "mandiri")
    client.force_login(ani)
    url = reverse("evaluasi:evaluasi_lanjutkan", args=[evaluasi_a.pk])

    client.post(url, {"status": "penilaian_mandiri"})
    response = client.post(url, {"status": "penilaian_mandiri"}, follow=True)

    evaluasi_a.refresh_from_db()
    assert evaluasi_a.status == Evaluasi.Status.EVALUASI
    assert LangkahEvaluasi.objects.count() == 1
    assert "sudah berada pada tahap evaluasi" in response.content.decode()


def test_change_after_final_rejected(client, evaluasi_a, ani, evi, mutu):
    _answer_all(ani, evaluasi_a, "mandiri")
    evaluasi_lanjutkan(user=ani, evaluasi=evaluasi_a)
    _answer_all(evi, evaluasi_a, "evaluator")
    evaluasi_lanjutkan(user=evi, evaluasi=evaluasi_a)
    evaluasi_lanjutkan(user=mutu, evaluasi=evaluasi_a)
    kriteria = _kriteria(evaluasi_a.template)[0]
    final = Jawaban.objects.get(evaluasi=evaluasi_a, kriteria=kriteria, tahap="final")
    client.force_login(mutu)

    response = _post(client, evaluasi_a, kriteria, kode="T", versi=final.versi)
    page = client.get(reverse("evaluasi:evaluasi_detail", args=[evaluasi_a.pk]))

    assert "sudah final" in response.content.decode()
    assert Jawaban.objects.get(pk=final.pk).kode == "Y"
    text = page.content.decode()
    assert "data-nilai-final>100,00<" in text
    assert "data-predikat-final>AA<" in text
    assert "hx-post" not in text


def test_create_page_by_evaluator(client, lke, opd_b, evi):
    client.force_login(evi)

    response = client.post(
        reverse("evaluasi:evaluasi_create"),
        {"unit": opd_b.pk, "tahun": 2025, "template": lke.pk},
    )

    evaluasi = Evaluasi.objects.get(unit=opd_b)
    assert response.url == reverse("evaluasi:evaluasi_penugasan", args=[evaluasi.pk])
    assert evaluasi.dibuat_oleh == evi


def test_create_twice_shows_message(client, evaluasi_a, lke, opd_a, evi):
    client.force_login(evi)

    response = client.post(
        reverse("evaluasi:evaluasi_create"),
        {"unit": opd_a.pk, "tahun": 2025, "template": lke.pk},
    )

    assert "sudah ada" in response.content.decode()


def test_create_page_refused_to_operator(client, ani):
    client.force_login(ani)

    response = client.get(reverse("evaluasi:evaluasi_create"))

    assert response.status_code == 403


def test_assign_own_opd_evaluator_refused(client, lke, inspektorat, iwan, evi):
    evaluasi = evaluasi_create(user=evi, unit=inspektorat, tahun=2025, template=lke)
    client.force_login(evi)

    response = client.post(
        reverse("evaluasi:evaluasi_penugasan", args=[evaluasi.pk]),
        {"pengguna": iwan.pk, "peran": "evaluator"},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "tidak boleh mengevaluasi unitnya sendiri" in text
    assert not evaluasi.penugasan.exists()


def test_assign_evaluator_page(client, lke, opd_b, iwan, evi):
    evaluasi = evaluasi_create(user=evi, unit=opd_b, tahun=2025, template=lke)
    client.force_login(evi)

    client.post(
        reverse("evaluasi:evaluasi_penugasan", args=[evaluasi.pk]),
        {"pengguna": iwan.pk, "peran": "pengendali_mutu"},
    )

    assert evaluasi.penugasan.get().pengguna == iwan


def _queries_of_detail(client, django_assert_max_num_queries, evaluasi, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(reverse("evaluasi:evaluasi_detail", args=[evaluasi.pk]))
    assert response.status_code == 200
    return len(captured)


def test_detail_queries_flat(
    client, django_assert_max_num_queries, evaluasi_a, lke, opd_b, ani, evi, mutu
):
    """The evaluation page reads the same number of rows-independent queries
    with no answers as with every criterion answered at two stages."""
    client.force_login(evi)
    empty = _queries_of_detail(client, django_assert_max_num_queries, evaluasi_a, 30)

    _answer_all(ani, evaluasi_a, "mandiri")
    evaluasi_lanjutkan(user=ani, evaluasi=evaluasi_a)
    _answer_all(evi, evaluasi_a, "evaluator")
    full = _queries_of_detail(client, django_assert_max_num_queries, evaluasi_a, 30)

    assert Jawaban.objects.filter(evaluasi=evaluasi_a).count() == 152
    # One more query at the evaluator stage: its owners are the assignments.
    assert full <= empty + 1


def test_list_queries_flat(client, django_assert_max_num_queries, lke, pemda, evi):
    from sakip.organisasi.tests.factories import UnitFactory

    client.force_login(evi)
    for index in range(6):
        unit = UnitFactory(kode=f"OPD-Q{index}", nama=f"Dinas Q{index}", induk=pemda)
        evaluasi = evaluasi_create(user=evi, unit=unit, tahun=2025, template=lke)
        if index == 0:
            with django_assert_max_num_queries(20) as one:
                client.get(reverse("evaluasi:evaluasi_list"), {"tahun": 2025})
    evaluator_assign(user=evi, evaluasi=evaluasi, evaluator=evi)

    with django_assert_max_num_queries(20) as six:
        response = client.get(reverse("evaluasi:evaluasi_list"), {"tahun": 2025})

    assert response.content.decode().count('data-status="penilaian_mandiri"') == 6
    assert len(six) == len(one)


@pytest.mark.parametrize("kode,expected", [("Y", Decimal(1)), ("T", Decimal(0))])
def test_answer_value_from_scale(client, evaluasi_a, ani, kode, expected):
    kriteria = _kriteria(evaluasi_a.template)[0]
    client.force_login(ani)

    _post(client, evaluasi_a, kriteria, kode=kode)

    assert Jawaban.objects.get().nilai == expected


@pytest.mark.parametrize(
    "username,shown", [("evi", True), ("ani", True), ("bupati", True), ("vera", False)]
)
def test_navigation_link_by_role(client, cast, username, shown):
    client.force_login(cast[username])

    text = client.get(reverse("evaluasi:rekomendasi_list")).content.decode()

    assert ('id="navbar-evaluasi"' in text) is shown


def test_detail_has_riwayat_panel(client, evaluasi_a, ani, citra):
    _answer_all(ani, evaluasi_a, "mandiri", limit=1)
    panel_url = reverse("arsip:riwayat_panel", args=["evaluasi", evaluasi_a.pk])
    client.force_login(ani)

    page = client.get(reverse("evaluasi:evaluasi_detail", args=[evaluasi_a.pk]))
    panel = client.get(panel_url, HTTP_HX_REQUEST="true")
    client.force_login(citra)
    other_opd = client.get(panel_url, HTTP_HX_REQUEST="true")

    assert f'hx-get="{panel_url}"' in page.content.decode()
    assert 'data-model="evaluasi.jawaban"' in panel.content.decode()
    assert other_opd.status_code == 404
