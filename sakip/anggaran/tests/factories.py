"""Budgets for the tests: a Renja of one year with a sasaran, programs,
kegiatan and sub kegiatan, each sub kegiatan with a pagu."""

from __future__ import annotations

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.perencanaan.models import Dokumen, Elemen
from sakip.perencanaan.tests.factories import DokumenFactory, ElemenFactory


def renja_anggaran(
    unit, *, tahun: int = 2025, program: int = 1, sub: int = 2, pagu: int = 1_000_000
) -> dict:
    """Make a Renja of ``unit`` with ``program`` programs of one kegiatan and
    ``sub`` sub kegiatan each; every sub kegiatan gets a pagu murni ``pagu``.

    Sub kegiatan codes are ``{unit.kode}.{p}.{s}`` in the nomenklatur field.
    """
    renja = DokumenFactory(
        kode=f"RENJA-{unit.kode}-{tahun}",
        jenis=Dokumen.Jenis.RENJA,
        unit=unit,
        tahun_awal=tahun,
        tahun_akhir=None,
    )
    sasaran = ElemenFactory(dokumen=renja, jenis=Elemen.Jenis.SASARAN)
    result = {"renja": renja, "sasaran": sasaran, "program": [], "sub_kegiatan": []}
    for p in range(1, program + 1):
        prog = ElemenFactory(
            dokumen=renja, jenis=Elemen.Jenis.PROGRAM, induk=sasaran, urutan=p
        )
        keg = ElemenFactory(dokumen=renja, jenis=Elemen.Jenis.KEGIATAN, induk=prog)
        result["program"].append(prog)
        result.setdefault("kegiatan", []).append(keg)
        for s in range(1, sub + 1):
            elemen = ElemenFactory(
                dokumen=renja,
                jenis=Elemen.Jenis.SUB_KEGIATAN,
                induk=keg,
                urutan=s,
                nomenklatur=f"{unit.kode}.{p}.{s}",
                uraian=f"Sub kegiatan {p}.{s}",
            )
            Pagu.objects.create(elemen=elemen, tahun=tahun, pagu=pagu)
            result["sub_kegiatan"].append(elemen)
    return result


def keuangan(elemen, *, tahun: int = 2025, **months) -> None:
    """Store months given as ``b3=(kas, realisasi, fisik)``."""
    for key, (kas, realisasi, fisik) in months.items():
        KeuanganBulanan.objects.create(
            elemen=elemen,
            tahun=tahun,
            bulan=int(key[1:]),
            anggaran_kas=kas,
            realisasi_keuangan=realisasi,
            realisasi_fisik=fisik,
        )
