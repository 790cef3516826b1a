from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from sakip.evaluasi.lke import (
    LKE_BAWAAN,
    LkeError,
    lke_bawaan_load,
    lke_load,
)
from sakip.evaluasi.models import Komponen, Kriteria, LkeTemplate, NilaiJawaban

HEADER = (
    "komponen_kode,komponen,komponen_bobot,subkomponen_kode,subkomponen,"
    "subkomponen_bobot,kriteria_kode,kriteria,bukti_dukung,jawaban\n"
)
VALID = HEADER + (
    "K1,Perencanaan,60,S1,Pemenuhan,20,K1.1,Ada renstra,Renstra;Renja,Y/T\n"
    "K1,Perencanaan,60,S2,Kualitas,40,K1.2,Renstra bermutu,,A/B/C/D\n"
    "K2,Pelaporan,40,S3,Pemenuhan,40,K2.1,Ada LKjIP,LKjIP,Y/T\n"
)


def _write(tmp_path, text, name="lke.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _errors(tmp_path, text):
    with pytest.raises(LkeError) as info:
        lke_load(lke=_write(tmp_path, text), kode="UJI", nama="Uji")
    assert not LkeTemplate.objects.exists()
    return info.value.messages


def test_bawaan_loads_all_criteria(db):
    template = lke_bawaan_load()

    assert template.komponen.count() == 4
    assert (
        Kriteria.objects.filter(sub_komponen__komponen__template=template).count() == 76
    )
    assert sum(k.bobot for k in template.komponen.all()) == Decimal(100)
    assert template.predikat.count() == 7
    assert NilaiJawaban.objects.get(template=template, kode="B").nilai == Decimal(
        "0.66"
    )
    first = Kriteria.objects.get(kode="AREN001.1")
    assert first.bukti_dukung == ["RPJMD", "Renstra PD", "Pokin PD"]
    assert first.jenis_jawaban == "Y/T"


def test_bawaan_load_twice_returns_same(db):
    assert lke_bawaan_load() == lke_bawaan_load()
    assert LkeTemplate.objects.count() == 1


def test_criteria_keep_history(db):
    lke_bawaan_load()

    assert Kriteria.history.count() == 76


def test_small_file_loads(db, tmp_path):
    template = lke_load(lke=_write(tmp_path, VALID), kode="UJI", nama="Uji")

    assert list(template.komponen.values_list("kode", flat=True)) == ["K1", "K2"]
    assert Komponen.objects.get(kode="K1").sub_komponen.count() == 2


def test_sub_weights_must_add_up(db, tmp_path):
    text = VALID.replace("S2,Kualitas,40", "S2,Kualitas,39")

    messages = _errors(tmp_path, text)

    # The sum is reported at the komponen's first row.
    assert any("baris 2, kolom subkomponen_bobot" in m for m in messages)
    assert any(
        "bobot sub komponen K1 berjumlah 59, padahal bobot komponennya 60" in m
        for m in messages
    )


def test_component_weights_must_add_to_100(db, tmp_path):
    text = VALID.replace(
        "K2,Pelaporan,40,S3,Pemenuhan,40", "K2,Pelaporan,30,S3,Pemenuhan,30"
    )

    messages = _errors(tmp_path, text)

    assert messages == ["Berkas lke.csv: bobot komponen berjumlah 90, seharusnya 100."]


def test_unknown_answer_type(db, tmp_path):
    messages = _errors(tmp_path, VALID.replace("LKjIP,Y/T", "LKjIP,Ya/Tidak"))

    assert len(messages) == 1
    assert messages[0].startswith("Berkas lke.csv, baris 4, kolom jawaban:")
    assert "Ya/Tidak" in messages[0]


def test_duplicate_criterion_code(db, tmp_path):
    messages = _errors(tmp_path, VALID.replace("K2.1,Ada", "K1.1,Ada"))

    assert messages == [
        "Berkas lke.csv, baris 4, kolom kriteria_kode: kode kriteria K1.1 sudah "
        "dipakai di baris 2."
    ]


def test_sub_component_in_two_components(db, tmp_path):
    messages = _errors(
        tmp_path, VALID.replace("K2,Pelaporan,40,S3", "K2,Pelaporan,40,S1")
    )

    assert any("kolom subkomponen_kode" in m and "S1" in m for m in messages)


def test_bad_number_and_missing_cell(db, tmp_path):
    text = VALID.replace("S1,Pemenuhan,20", "S1,Pemenuhan,dua puluh").replace(
        "Renstra bermutu", ""
    )

    messages = _errors(tmp_path, text)

    assert any(
        "baris 2, kolom subkomponen_bobot: dua puluh bukan angka" in m for m in messages
    )
    assert any("baris 3, kolom kriteria: wajib diisi." in m for m in messages)


def test_missing_column(db, tmp_path):
    messages = _errors(tmp_path, VALID.replace(",jawaban\n", ",jenis\n", 1))

    assert messages == [
        "Berkas lke.csv, baris 1: kolom jawaban tidak ada di baris judul."
    ]


def test_scale_value_out_of_range(db, tmp_path):
    skala = _write(tmp_path, "jenis_jawaban,kode,nilai\nY/T,Y,1.5\nY/T,T,0\n", "s.csv")

    with pytest.raises(LkeError) as info:
        lke_load(lke=LKE_BAWAAN, kode="UJI", nama="Uji", skala=skala)

    assert (
        "Berkas s.csv, baris 2, kolom nilai: nilai jawaban 1.5 harus antara 0 dan 1."
        in (info.value.messages)
    )
    assert not LkeTemplate.objects.exists()


def test_predikat_needs_zero_band(db, tmp_path):
    predikat = _write(tmp_path, "predikat,nilai_di_atas\nA,50\nB,10\n", "p.csv")

    with pytest.raises(LkeError) as info:
        lke_load(lke=LKE_BAWAAN, kode="UJI", nama="Uji", predikat=predikat)

    assert any("predikat terendah harus berbatas 0" in m for m in info.value.messages)


def test_existing_code_rejected(db, tmp_path):
    lke_load(lke=_write(tmp_path, VALID), kode="UJI", nama="Uji")

    with pytest.raises(LkeError, match="sudah ada"):
        lke_load(lke=_write(tmp_path, VALID), kode="UJI", nama="Uji lagi")


def test_command_loads_file(db, tmp_path, capsys):
    call_command("load_lke", str(_write(tmp_path, VALID)), "--kode", "VARIAN")

    assert LkeTemplate.objects.get().kode == "VARIAN"
    assert "3 kriteria" in capsys.readouterr().out


def test_command_reports_errors(db, tmp_path):
    path = _write(tmp_path, VALID.replace("LKjIP,Y/T", "LKjIP,X"))

    with pytest.raises(CommandError, match="baris 4, kolom jawaban"):
        call_command("load_lke", str(path))
    assert not LkeTemplate.objects.exists()
