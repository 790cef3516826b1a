"""The data proposals on the LKE sheet: a read-only summary in each mapped
criterion's row, and the decision forms below the sheet for the owner of the
current stage only."""

import re

import pytest
from django.urls import reverse

from sakip.evaluasi.models import Jawaban, Kriteria
from sakip.evaluasi.services import (
    IsianJawaban,
    evaluasi_lanjutkan,
    jawaban_simpan,
    usulan_putuskan,
)
from sakip.evaluasi.tests.test_pages_penilaian import _answer_all


@pytest.fixture
def tahap_evaluator(evaluasi_a, ani):
    """``evaluasi_a`` at the evaluator's stage, every mandiri answer given."""
    _answer_all(ani, evaluasi_a, "mandiri")
    evaluasi_lanjutkan(user=ani, evaluasi=evaluasi_a)
    return evaluasi_a


def _kriteria(lke, kode):
    return Kriteria.objects.select_related("sub_komponen__komponen").get(
        sub_komponen__komponen__template=lke, kode=kode
    )


def _row_html(html, kriteria):
    match = re.search(
        rf'<tr id="kriteria-{kriteria.pk}".*?</tr>', html, flags=re.DOTALL
    )
    assert match is not None
    return match.group(0)


def _detail(client, evaluasi):
    response = client.get(reverse("evaluasi:evaluasi_detail", args=[evaluasi.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_row_shows_proposal_read_only(client, tahap_evaluator, lke, evi):
    client.force_login(evi)
    kriteria = _kriteria(lke, "AREN001.1")

    row = _row_html(_detail(client, tahap_evaluator), kriteria)

    assert 'data-usulan="T"' in row
    assert "Belum ada Renstra" in row
    assert f'href="#usulan-{kriteria.pk}"' in row
    # The row posts every input inside it, so the summary adds none.
    assert row.count("<input") == 4
    assert 'name="alasan"' not in row
    assert "<form" not in row


def test_unmapped_row_has_no_proposal(client, tahap_evaluator, lke, evi):
    client.force_login(evi)

    row = _row_html(_detail(client, tahap_evaluator), _kriteria(lke, "AREN003.6"))

    assert "data-usulan" not in row


def test_decision_forms_below_sheet(client, tahap_evaluator, lke, evi):
    client.force_login(evi)
    kriteria = _kriteria(lke, "AREN001.1")

    html = _detail(client, tahap_evaluator)

    section = html[html.index('id="usulan-keputusan"') :]
    assert html.index("</table>") < html.index('id="usulan-keputusan"')
    assert f'id="usulan-{kriteria.pk}"' in section
    assert (
        reverse("evaluasi:usulan_putuskan", args=[tahap_evaluator.pk, kriteria.pk])
        in section
    )
    assert "Terima usulan T" in section


@pytest.mark.parametrize("pengguna", ["ani", "kadis", "mutu"])
def test_decision_forms_only_for_stage_owner(
    client, request, tahap_evaluator, lke, pengguna
):
    client.force_login(request.getfixturevalue(pengguna))

    html = _detail(client, tahap_evaluator)

    assert 'id="usulan-keputusan"' not in html
    assert "Terima usulan" not in html
    row = _row_html(html, _kriteria(lke, "AREN001.1"))
    assert 'data-usulan="T"' in row
    assert "#usulan-" not in row


def test_decision_refreshes_row(client, tahap_evaluator, lke, evi):
    kriteria = _kriteria(lke, "AREN001.1")
    client.force_login(evi)
    url = reverse("evaluasi:usulan_putuskan", args=[tahap_evaluator.pk, kriteria.pk])

    response = client.post(
        url,
        {"kode": "Y", "versi": "0", "alasan": "Renstra ditetapkan dengan Perbup"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    jawaban = Jawaban.objects.get(
        evaluasi=tahap_evaluator, kriteria=kriteria, tahap="evaluator"
    )
    row = _row_html(html, kriteria)
    assert response.status_code == 200
    assert 'hx-swap-oob="true"' in row
    assert f'id="versi-{kriteria.pk}" value="{jawaban.versi}"' in row
    assert '<option value="Y" selected>' in row


def test_failed_decision_leaves_row(client, tahap_evaluator, lke, evi):
    kriteria = _kriteria(lke, "AREN001.1")
    client.force_login(evi)
    url = reverse("evaluasi:usulan_putuskan", args=[tahap_evaluator.pk, kriteria.pk])

    response = client.post(url, {"kode": "Y", "versi": "0"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "tuliskan alasannya" in html
    assert f'id="kriteria-{kriteria.pk}"' not in html


def test_decision_without_htmx_redirects(client, tahap_evaluator, lke, evi):
    kriteria = _kriteria(lke, "AREN001.1")
    client.force_login(evi)
    url = reverse("evaluasi:usulan_putuskan", args=[tahap_evaluator.pk, kriteria.pk])

    response = client.post(url, {"kode": "T", "versi": "0"})

    detail = reverse("evaluasi:evaluasi_detail", args=[tahap_evaluator.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{detail}#usulan-{kriteria.pk}"


def test_row_save_keeps_decision(tahap_evaluator, lke, evi):
    kriteria = _kriteria(lke, "AREN001.1")
    putus = usulan_putuskan(
        user=evi,
        evaluasi=tahap_evaluator,
        kriteria=kriteria,
        versi=0,
        kode="Y",
        alasan="Renstra ditetapkan dengan Perbup",
    )

    jawaban = jawaban_simpan(
        user=evi,
        evaluasi=tahap_evaluator,
        kriteria=kriteria,
        versi=putus.versi,
        isian=IsianJawaban(kode="Y", catatan="Perbup 12/2025"),
    )

    jawaban.refresh_from_db()
    assert jawaban.catatan == "Perbup 12/2025"
    assert jawaban.usulan == "T"
    assert jawaban.alasan_beda_usulan == "Renstra ditetapkan dengan Perbup"


def test_row_save_to_proposal_clears_reason(tahap_evaluator, lke, evi):
    kriteria = _kriteria(lke, "AREN001.1")
    putus = usulan_putuskan(
        user=evi,
        evaluasi=tahap_evaluator,
        kriteria=kriteria,
        versi=0,
        kode="Y",
        alasan="Renstra ditetapkan dengan Perbup",
    )

    jawaban = jawaban_simpan(
        user=evi,
        evaluasi=tahap_evaluator,
        kriteria=kriteria,
        versi=putus.versi,
        isian=IsianJawaban(kode="T"),
    )

    jawaban.refresh_from_db()
    assert jawaban.usulan == "T"
    assert jawaban.alasan_beda_usulan == ""


def test_row_save_refreshes_decision_form(client, tahap_evaluator, lke, evi):
    kriteria = _kriteria(lke, "AREN001.1")
    client.force_login(evi)
    url = reverse("evaluasi:jawaban_baris", args=[tahap_evaluator.pk, kriteria.pk])

    response = client.post(url, {"kode": "Y", "versi": "0"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    jawaban = Jawaban.objects.get(
        evaluasi=tahap_evaluator, kriteria=kriteria, tahap="evaluator"
    )
    assert f'id="usulan-{kriteria.pk}"' in html
    assert f'name="versi" value="{jawaban.versi}"' in html


def test_sheet_reads_proposals_once(
    client, django_assert_max_num_queries, tahap_evaluator, evi
):
    """The panel of every row reads the proposals of the request's cache, so
    the sheet with 77 criteria stays within the flat query budget."""
    client.force_login(evi)

    with django_assert_max_num_queries(32) as captured:
        _detail(client, tahap_evaluator)

    tables = [query["sql"] for query in captured]
    assert sum('FROM "evaluasi_nilaijawaban"' in sql for sql in tables) <= 2
    assert sum('FROM "perencanaan_dokumen"' in sql for sql in tables) == 1
