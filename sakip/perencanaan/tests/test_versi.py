"""New versions of adopted documents (perubahan), and comparing two versions."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.perencanaan import selectors, services
from sakip.perencanaan.models import (
    Dokumen,
    Elemen,
    Indikator,
    RiwayatStatusDokumen,
    Target,
    TautanElemen,
)
from sakip.perencanaan.tests.factories import (
    ElemenFactory,
    IndikatorFactory,
    TargetFactory,
)

Status = Dokumen.Status


def _adopt(dokumen):
    Dokumen.objects.filter(pk=dokumen.pk).update(status=Status.DITETAPKAN)
    dokumen.refresh_from_db()
    return dokumen


def _add_programs(dokumen, induk, count):
    """Add ``count`` programs under ``induk``, each with a kegiatan and an
    indikator with two targets."""
    for n in range(count):
        program = ElemenFactory(
            kode=f"{induk.kode}-PRG-{n}",
            dokumen=dokumen,
            jenis=Elemen.Jenis.PROGRAM,
            induk=induk,
        )
        ElemenFactory(
            kode=f"{program.kode}-KEG",
            dokumen=dokumen,
            jenis=Elemen.Jenis.KEGIATAN,
            induk=program,
        )
        indikator = IndikatorFactory(kode=f"{program.kode}-IND", elemen=program)
        for tahun in (2025, 2026):
            TargetFactory(indikator=indikator, dokumen=dokumen, tahun=tahun)


def test_perubahan_copies_content(ani, rencana):
    lama = rencana["renstra_a"]
    _add_programs(lama, rencana["sasaran_a"], 2)
    _adopt(lama)

    baru = services.dokumen_buat_perubahan(
        dokumen=lama, user=ani, alasan="Refocusing anggaran"
    )

    assert baru.status == Status.DRAFT
    assert baru.versi == "perubahan"
    assert baru.kode == "RENSTRA-A-P1"
    assert baru.versi_sebelumnya == lama
    assert baru.alasan_perubahan == "Refocusing anggaran"
    assert baru.elemen.count() == lama.elemen.count() == 5
    assert Indikator.objects.filter(elemen__dokumen=baru).count() == 3
    assert Target.objects.filter(dokumen=baru).count() == 5
    assert Target.objects.filter(dokumen=lama).count() == 5


def test_perubahan_keeps_tree_and_asal(ani, rencana):
    lama = rencana["renstra_a"]
    _add_programs(lama, rencana["sasaran_a"], 1)
    _adopt(lama)

    baru = services.dokumen_buat_perubahan(dokumen=lama, user=ani, alasan="x")

    for copy in baru.elemen.select_related("asal", "induk"):
        assert copy.asal.dokumen_id == lama.pk
        assert copy.kode == f"{copy.asal.kode}-P1"
        if copy.asal.induk_id is None:
            assert copy.induk_id is None
        else:
            assert copy.induk.asal_id == copy.asal.induk_id
            assert copy.induk.dokumen_id == baru.pk
    for copy in Indikator.objects.filter(elemen__dokumen=baru).select_related("asal"):
        assert copy.elemen.asal_id == copy.asal.elemen_id
        targets = set(copy.target.values_list("tahun", "nilai", "dokumen"))
        old = set(copy.asal.target.values_list("tahun", "nilai"))
        assert targets == {(tahun, nilai, baru.pk) for tahun, nilai in old}


def test_perubahan_copies_outgoing_links(ani, rencana):
    lama = _adopt(rencana["renstra_a"])

    baru = services.dokumen_buat_perubahan(dokumen=lama, user=ani, alasan="x")

    link = TautanElemen.objects.get(dari__dokumen=baru)
    assert link.ke == rencana["sasaran"]
    assert TautanElemen.objects.filter(dari=rencana["sasaran_a"]).exists()


def test_perubahan_leaves_incoming_links(admin, rencana):
    rpjmd = _adopt(rencana["rpjmd"])

    baru = services.dokumen_buat_perubahan(dokumen=rpjmd, user=admin, alasan="x")

    assert not TautanElemen.objects.filter(ke__dokumen=baru).exists()
    assert TautanElemen.objects.filter(ke=rencana["sasaran"]).count() == 2


def test_perubahan_records_history(ani, rencana):
    lama = _adopt(rencana["renstra_a"])

    baru = services.dokumen_buat_perubahan(dokumen=lama, user=ani, alasan="Revisi")

    copy = baru.elemen.get()
    record = copy.history.get()
    assert record.history_type == "+"
    assert record.history_user == ani
    assert record.history_change_reason == "Revisi"
    assert baru.history.get().history_user == ani
    indikator = Indikator.objects.get(elemen=copy)
    assert indikator.history.count() == 1
    assert Target.history.filter(dokumen_id=baru.pk).count() == 1
    riwayat = RiwayatStatusDokumen.objects.get(dokumen=baru)
    assert (riwayat.dari, riwayat.ke, riwayat.alasan) == ("", Status.DRAFT, "Revisi")


def test_perubahan_codes_unique(ani, rencana):
    lama = _adopt(rencana["renstra_a"])
    ElemenFactory(kode="SAS-A-P1", dokumen=rencana["renstra_b"])

    baru = services.dokumen_buat_perubahan(dokumen=lama, user=ani, alasan="x")

    assert baru.elemen.get().kode == "SAS-A-P1-2"


def test_second_perubahan_numbered(ani, admin, rencana):
    lama = _adopt(rencana["renstra_a"])
    first = services.dokumen_buat_perubahan(dokumen=lama, user=ani, alasan="x")
    services.dokumen_ajukan(dokumen=first, user=ani)
    services.dokumen_tetapkan(dokumen=first, user=admin)

    second = services.dokumen_buat_perubahan(dokumen=first, user=ani, alasan="y")

    assert second.versi == "perubahan 2"
    assert second.kode == "RENSTRA-A-P2"
    assert second.elemen.get().kode == "SAS-A-P2"
    lineage = selectors.dokumen_lineage(dokumen=first)
    assert [item.pk for item in lineage] == [lama.pk, first.pk, second.pk]


def test_perubahan_only_from_newest(ani, rencana):
    lama = _adopt(rencana["renstra_a"])
    services.dokumen_buat_perubahan(dokumen=lama, user=ani, alasan="x")

    with pytest.raises(ValidationError, match="sudah memiliki versi berikutnya"):
        services.dokumen_buat_perubahan(dokumen=lama, user=ani, alasan="y")

    assert Dokumen.objects.filter(versi_sebelumnya=lama).count() == 1


def test_perubahan_only_from_ditetapkan(ani, rencana):
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        services.dokumen_buat_perubahan(
            dokumen=rencana["renstra_a"], user=ani, alasan="x"
        )


def test_perubahan_requires_reason(ani, rencana):
    lama = _adopt(rencana["renstra_a"])

    with pytest.raises(ValidationError, match="wajib diisi"):
        services.dokumen_buat_perubahan(dokumen=lama, user=ani, alasan=" ")


@pytest.mark.parametrize("username", ["citra", "kadis", "vera", "vino", "bupati"])
def test_perubahan_denied(cast, rencana, username):
    lama = _adopt(rencana["renstra_a"])

    with pytest.raises(PermissionDenied):
        services.dokumen_buat_perubahan(dokumen=lama, user=cast[username], alasan="x")


def _count_copy_queries(user, dokumen):
    with CaptureQueriesContext(connection) as queries:
        services.dokumen_buat_perubahan(dokumen=dokumen, user=user, alasan="x")
    return len(queries)


def test_perubahan_query_count_flat(admin, rencana):
    small = rencana["renstra_a"]
    _add_programs(small, rencana["sasaran_a"], 1)
    large = rencana["renstra_b"]
    _add_programs(large, rencana["sasaran_b"], 30)
    _adopt(small)
    _adopt(large)

    few = _count_copy_queries(admin, small)
    many = _count_copy_queries(admin, large)

    assert Elemen.objects.filter(dokumen__versi_sebelumnya=large).count() == 61
    assert many == few


def test_compare_added_removed_changed(ani, rencana):
    lama = rencana["renstra_a"]
    _add_programs(lama, rencana["sasaran_a"], 2)
    _adopt(lama)
    baru = services.dokumen_buat_perubahan(dokumen=lama, user=ani, alasan="x")
    changed = baru.elemen.get(kode="SAS-A-PRG-0-P1")
    Elemen.objects.filter(pk=changed.pk).update(uraian="Program diganti")
    removed = baru.elemen.get(kode="SAS-A-PRG-1-KEG-P1")
    removed.delete()
    ElemenFactory(
        kode="BARU", dokumen=baru, jenis=Elemen.Jenis.PROGRAM, induk=changed.induk
    )

    rows = selectors.dokumen_compare(a=lama, b=baru)

    by_kode = {
        (row.a.kode if row.a else None, row.b.kode if row.b else None): row
        for row in rows
    }
    assert by_kode[("SAS-A-PRG-0", "SAS-A-PRG-0-P1")].status == "diubah"
    assert by_kode[("SAS-A-PRG-0", "SAS-A-PRG-0-P1")].berubah == ["uraian"]
    assert by_kode[("SAS-A-PRG-1-KEG", None)].status == "dihapus"
    assert by_kode[(None, "BARU")].status == "ditambah"
    assert by_kode[("SAS-A", "SAS-A-P1")].status == "sama"
    assert rows[0].kedalaman == 0
    assert by_kode[("SAS-A-PRG-1-KEG", None)].kedalaman == 2


def test_compare_targets_changed(ani, rencana):
    lama = rencana["renstra_a"]
    _add_programs(lama, rencana["sasaran_a"], 1)
    _adopt(lama)
    baru = services.dokumen_buat_perubahan(dokumen=lama, user=ani, alasan="x")
    Target.objects.filter(dokumen=baru, tahun=2026).update(nilai=Decimal("95"))
    indikator = Indikator.objects.get(kode="SAS-A-PRG-0-IND-P1")
    TargetFactory(indikator=indikator, dokumen=baru, tahun=2027)

    rows = selectors.dokumen_compare(a=lama, b=baru)

    program = next(row for row in rows if row.b and row.b.kode == "SAS-A-PRG-0-P1")
    (baris_indikator,) = program.indikator
    assert baris_indikator.status == "diubah"
    targets = {(t.tahun, t.periode): t for t in baris_indikator.target}
    assert targets[(2025, "tahunan")].status == "sama"
    assert targets[(2026, "tahunan")].status == "diubah"
    assert targets[(2026, "tahunan")].a.nilai == Decimal("80")
    assert targets[(2026, "tahunan")].b.nilai == Decimal("95")
    assert targets[(2027, "tahunan")].status == "ditambah"


def test_compare_matches_by_kode_without_asal(rencana):
    lama = _adopt(rencana["renstra_a"])
    baru = Dokumen.objects.create(
        kode="RENSTRA-A-P1",
        jenis=lama.jenis,
        unit=lama.unit,
        tahun_awal=2025,
        tahun_akhir=2029,
        versi="perubahan",
        versi_sebelumnya=lama,
    )
    ElemenFactory(kode="SAS-A-P1", dokumen=baru, uraian=rencana["sasaran_a"].uraian)

    rows = selectors.dokumen_compare(a=lama, b=baru)

    assert [(row.a.kode, row.b.kode, row.status) for row in rows] == [
        ("SAS-A", "SAS-A-P1", "sama")
    ]


def test_compare_query_count_flat(admin, rencana):
    small = _adopt(rencana["renstra_a"])
    small_baru = services.dokumen_buat_perubahan(dokumen=small, user=admin, alasan="x")
    large = rencana["renstra_b"]
    _add_programs(large, rencana["sasaran_b"], 20)
    _adopt(large)
    large_baru = services.dokumen_buat_perubahan(dokumen=large, user=admin, alasan="x")

    with CaptureQueriesContext(connection) as few:
        selectors.dokumen_compare(a=small, b=small_baru)
    with CaptureQueriesContext(connection) as many:
        selectors.dokumen_compare(a=large, b=large_baru)

    assert len(many) == len(few)
