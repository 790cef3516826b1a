from sakip.perencanaan.kode import unique_kodes
from sakip.perencanaan.models import Elemen
from sakip.perencanaan.tests.factories import ElemenFactory


def test_free_base_kept(db):
    assert unique_kodes(Elemen, ["RJ-1", "RJ-2"]) == ["RJ-1", "RJ-2"]


def test_taken_base_numbered(db):
    ElemenFactory(kode="RJ-SAS")
    ElemenFactory(kode="RJ-SAS-2")

    assert unique_kodes(Elemen, ["RJ-SAS"]) == ["RJ-SAS-3"]


def test_same_base_twice_in_one_call(db):
    assert unique_kodes(Elemen, ["X", "X", "X"]) == ["X", "X-2", "X-3"]


def test_long_base_cut_to_field_length(db):
    base = "K" * 64
    ElemenFactory(kode=base)

    [kode] = unique_kodes(Elemen, [base])

    assert len(kode) == 64
    assert kode.endswith("-2")


def test_same_base_twice_skips_taken_numbers(db):
    ElemenFactory(kode="Y-2")

    assert unique_kodes(Elemen, ["Y", "Y"]) == ["Y", "Y-3"]
