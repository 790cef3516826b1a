"""The pohon kinerja: its layout, its content and its query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.perencanaan import pohon
from sakip.perencanaan.models import Elemen
from sakip.perencanaan.pohon import LEBAR_KOTAK, SimpulPohon, layout
from sakip.perencanaan.tests.factories import (
    ElemenFactory,
    IndikatorFactory,
    TautanElemenFactory,
)


def _node(kode, *anak, uraian="Uraian"):
    elemen = Elemen(kode=kode, jenis=Elemen.Jenis.SASARAN, uraian=uraian)
    return SimpulPohon(elemen=elemen, anak=list(anak))


def _unsaved_tree():
    # A root with a leaf, a subtree of three leaves and a subtree of one.
    return [
        _node(
            "R",
            _node("A"),
            _node("B", _node("B1"), _node("B2"), _node("B3")),
            _node("C", _node("C1", uraian="kata " * 40)),
        ),
        _node("S"),
    ]


def test_layout_parents_centred(monkeypatch):
    monkeypatch.setattr(SimpulPohon, "unit", property(lambda self: None))

    tree = layout(_unsaved_tree())

    for node in tree.nodes():
        if node.anak:
            middle = (node.anak[0].x + node.anak[-1].x) / 2
            assert node.x == middle, node.elemen.kode
            assert all(child.y > node.y + node.tinggi for child in node.anak)


def test_layout_no_overlap(monkeypatch):
    monkeypatch.setattr(SimpulPohon, "unit", property(lambda self: None))

    tree = layout(_unsaved_tree())

    boxes = [(n.x, n.y, n.x + LEBAR_KOTAK, n.y + n.tinggi) for n in tree.nodes()]
    for index, a in enumerate(boxes):
        for b in boxes[index + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a, b)
    assert max(box[2] for box in boxes) == tree.lebar
    assert max(box[3] for box in boxes) == tree.tinggi


def test_layout_leaves_in_order(monkeypatch):
    monkeypatch.setattr(SimpulPohon, "unit", property(lambda self: None))

    tree = layout(_unsaved_tree())

    leaves = [node for node in tree.nodes() if not node.anak]
    assert [node.elemen.kode for node in leaves] == ["A", "B1", "B2", "B3", "C1", "S"]
    xs = [node.x for node in leaves]
    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs)


def test_wrap_uraian_truncates():
    lines = pohon.wrap_uraian("kata " * 40, width=20)

    assert len(lines) == pohon.BARIS_URAIAN_MAX
    assert lines[-1].endswith("…")
    assert all(len(line) <= 20 for line in lines)


def _codes(tree):
    return [node.elemen.kode for node in tree.nodes()]


@pytest.mark.django_db
def test_pemda_tree_content(cast, rencana):
    tree = pohon.pohon_pemda(user=cast["admin"], tahun=2025)

    assert _codes(tree) == ["VISI", "MISI", "TUJ", "SAS", "SAS-A", "SAS-B"]
    sasaran = tree.nodes()[3]
    assert [item.kode for item in sasaran.indikator] == ["IKU-1"]
    assert [child.unit.nama for child in sasaran.anak] == ["Dinas A", "Dinas B"]
    assert sasaran.anak[0].indikator[0].kode == "IND-A"


@pytest.mark.django_db
def test_pemda_tree_operator_scope(cast, rencana):
    tree = pohon.pohon_pemda(user=cast["citra"], tahun=2025)

    assert _codes(tree) == ["VISI", "MISI", "TUJ", "SAS", "SAS-B"]


@pytest.mark.django_db
def test_pemda_tree_other_year(cast, rencana):
    tree = pohon.pohon_pemda(user=cast["admin"], tahun=2031)

    assert tree.roots == []


def _renstra_program(rencana, key, suffix=""):
    """Give Dinas ``key``'s sasaran a program, kegiatan and sub kegiatan."""
    sasaran = rencana[f"sasaran_{key}"]
    key = key + suffix
    program = ElemenFactory(
        kode=f"PRG-{key.upper()}",
        dokumen=sasaran.dokumen,
        jenis=Elemen.Jenis.PROGRAM,
        induk=sasaran,
    )
    kegiatan = ElemenFactory(
        kode=f"KEG-{key.upper()}",
        dokumen=sasaran.dokumen,
        jenis=Elemen.Jenis.KEGIATAN,
        induk=program,
    )
    sub = ElemenFactory(
        kode=f"SUB-{key.upper()}",
        dokumen=sasaran.dokumen,
        jenis=Elemen.Jenis.SUB_KEGIATAN,
        induk=kegiatan,
    )
    IndikatorFactory(elemen=sub, uraian="Jumlah peserta", satuan="orang")
    return program, kegiatan, sub


@pytest.mark.django_db
def test_pemda_tree_cut_depth(cast, rencana):
    _renstra_program(rencana, "a")

    full = pohon.pohon_pemda(user=cast["admin"], tahun=2025)
    cut = pohon.pohon_pemda(user=cast["admin"], tahun=2025, sampai="program")

    assert "SUB-A" in _codes(full)
    assert "PRG-A" in _codes(cut)
    assert "KEG-A" not in _codes(cut)


@pytest.mark.django_db
def test_opd_tree_content(cast, rencana, opd_a):
    _renstra_program(rencana, "a")

    tree = pohon.pohon_opd(user=cast["ani"], opd=opd_a, tahun=2025)

    assert _codes(tree) == ["SAS", "SAS-A", "PRG-A", "KEG-A", "SUB-A"]
    assert tree.roots[0].elemen.dokumen.kode == "RPJMD"
    assert tree.nodes()[-1].indikator[0].satuan == "orang"


@pytest.mark.django_db
def test_opd_tree_unlinked_root(cast, rencana, opd_a):
    renstra = rencana["renstra_a"]
    ElemenFactory(kode="SAS-LEPAS", dokumen=renstra)

    tree = pohon.pohon_opd(user=cast["admin"], opd=opd_a, tahun=2025)

    assert [root.elemen.kode for root in tree.roots] == ["SAS", "SAS-LEPAS"]


@pytest.mark.django_db
def test_tujuan_link_carries_subtree(cast, rencana):
    # A Renstra tujuan that supports the sasaran brings its own sasaran along.
    renstra = rencana["renstra_a"]
    tujuan = ElemenFactory(kode="TUJ-A", dokumen=renstra, jenis=Elemen.Jenis.TUJUAN)
    ElemenFactory(kode="SAS-A2", dokumen=renstra, induk=tujuan)
    TautanElemenFactory(dari=tujuan, ke=rencana["sasaran"])

    tree = pohon.pohon_pemda(user=cast["admin"], tahun=2025)

    sasaran = tree.nodes()[3]
    assert [child.elemen.kode for child in sasaran.anak] == ["SAS-A", "TUJ-A", "SAS-B"]
    assert [child.elemen.kode for child in sasaran.anak[1].anak] == ["SAS-A2"]


def _count_queries(function, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        function(**kwargs)
    return len(queries)


@pytest.mark.django_db
def test_query_count_flat(cast, rencana, opd_a):
    small_pemda = _count_queries(pohon.pohon_pemda, user=cast["ani"], tahun=2025)
    small_opd = _count_queries(pohon.pohon_opd, user=cast["ani"], opd=opd_a, tahun=2025)
    small_cc = _count_queries(pohon.crosscutting_list, user=cast["ani"], tahun=2025)
    for number in range(5):
        _renstra_program(rencana, "a", suffix=f"-{number}")
        extra = ElemenFactory(dokumen=rencana["rpjmd"], induk=rencana["sasaran"].induk)
        TautanElemenFactory(dari=rencana["sasaran_a"], ke=extra)

    assert _count_queries(pohon.pohon_pemda, user=cast["ani"], tahun=2025) == (
        small_pemda
    )
    assert (
        _count_queries(pohon.pohon_opd, user=cast["ani"], opd=opd_a, tahun=2025)
        == small_opd
    )
    assert (
        _count_queries(pohon.crosscutting_list, user=cast["ani"], tahun=2025)
        == small_cc
    )


@pytest.mark.django_db
def test_crosscutting_list(cast, rencana):
    ElemenFactory(kode="SAS-SENDIRI", dokumen=rencana["rpjmd"])

    rows = pohon.crosscutting_list(user=cast["admin"], tahun=2025)

    by_kode = {row.sasaran.kode: row for row in rows}
    assert by_kode["SAS"].crosscutting
    assert [d.opd.nama for d in by_kode["SAS"].dukungan] == ["Dinas A", "Dinas B"]
    assert by_kode["SAS"].dukungan[0].elemen[0].kode == "SAS-A"
    assert not by_kode["SAS-SENDIRI"].crosscutting
    assert by_kode["SAS-SENDIRI"].dukungan == []


@pytest.mark.django_db
def test_crosscutting_operator_scope(cast, rencana):
    rows = pohon.crosscutting_list(user=cast["citra"], tahun=2025)

    assert [d.opd.nama for d in rows[0].dukungan] == ["Dinas B"]
    assert not rows[0].crosscutting
