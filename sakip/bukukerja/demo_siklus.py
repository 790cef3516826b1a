"""The demo's year 2025 carried through the cycle for two OPD.

The workbook contains the RPJMD, the Renstra and the 2025 pagu of the programs
and kegiatan of BPKAD (OPD-5) and Bapperida (OPD-7). From these the demo
builds what a Pemda does next, through the same services as the pages: the
programs join their OPD's Renstra, the documents are adopted, the 2025
Renja and RKPD are made, the DPA gets its sub kegiatan with pagu, anggaran
kas and a year of realisation, the officials come from a staff list CSV, and
the PKs of all four levels are made from their sources and most are signed,
Bapperida's signed PKs get an adopted rencana aksi, and the input windows of
December and the fourth quarter are reopened for the two OPD. The RPJMD, the
two Renstra and the signed PKs of the Bupati and the two Kepala OPD are
published on the portal, and Bapperida's LKjIP 2025 is written, adopted and
published; BPKAD's and the Pemda's LKjIP are left as drafts to try.

The bidang, the sub kegiatan chosen, the program and kegiatan indicators,
the monthly figures and the officials are invented for the demo (the source
dump has none of them); docs/buku-kerja.md says so to the user.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.anggaran.services import IsianBulan, keuangan_simpan
from sakip.core.statistik import analyze_database
from sakip.organisasi.models import Pengguna, Unit
from sakip.pelaksanaan.selectors import isi_rencana_aksi
from sakip.pelaksanaan.services import rencana_aksi_buat, rencana_aksi_tetapkan
from sakip.pelaporan import services as pelaporan
from sakip.pengukuran.jadwal import buka_ulang_buat, jadwal_isi_bawaan
from sakip.pengukuran.models import JadwalInput
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Periode, Target
from sakip.perencanaan.services import (
    dokumen_ajukan,
    dokumen_publikasikan,
    dokumen_tetapkan,
)
from sakip.perjanjian.models import Level, PerjanjianKinerja
from sakip.perjanjian.pejabat_import import import_pejabat
from sakip.perjanjian.services import pk_buat_dari_sumber, pk_tandatangani
from sakip.referensi.models import Nomenklatur
from sakip.tahunan.services import renja_buat_dari_renstra, rkpd_susun

TAHUN = 2025
TANGGAL_PK = datetime.date(2025, 1, 15)
PEJABAT_CSV = Path(__file__).parent / "data" / "demo-pejabat.csv"


@dataclass(frozen=True)
class Bidang:
    kode: str
    nama: str
    programs: tuple[str, ...]
    """The nomenklatur of the programs it is responsible for."""


# Per OPD: its bidang, and the Renstra sasaran each program serves (by
# nomenklatur; a program not listed goes under the OPD's first sasaran).
OPD_DEMO = {
    "OPD-5": {
        "bidang": (
            Bidang("OPD-5-SEK", "Sekretariat BPKAD", ("5.02.01",)),
            Bidang(
                "OPD-5-BKA",
                "Bidang Perbendaharaan dan Aset",
                ("5.02.02", "5.02.03"),
            ),
        ),
        "sasaran": {},
    },
    "OPD-7": {
        "bidang": (
            Bidang("OPD-7-SEK", "Sekretariat Bapperida", ("5.01.01",)),
            Bidang(
                "OPD-7-BPP",
                "Bidang Perencanaan, Pengendalian dan Evaluasi",
                ("5.01.02", "5.01.03", "5.05.02"),
            ),
        ),
        "sasaran": {"5.01.03": "RS7-SAS-3", "5.05.02": "RS7-SAS-171"},
    },
}

# The levels whose PKs are left unsigned, per OPD, so that a user of the
# demo can sign one.
DRAFT_LEVELS = {"OPD-5": {Level.KEPALA_BIDANG, Level.PPTK}}

# Share of the yearly pagu planned as anggaran kas in each month (percent),
# and the share of each month's anggaran kas actually spent.
KAS_PROFIL = (2, 5, 7, 8, 8, 9, 9, 9, 10, 10, 11, 12)
SERAPAN_PROFIL = (
    Decimal("0.60"),
    Decimal("0.85"),
    Decimal("0.90"),
    Decimal("0.95"),
    Decimal("0.92"),
    Decimal("0.97"),
    Decimal("0.94"),
    Decimal("0.96"),
    Decimal("0.93"),
    Decimal("0.98"),
    Decimal("0.95"),
    Decimal("0.97"),
)


@dataclass(frozen=True)
class DemoIndikator:
    uraian: str
    satuan: str
    target: Decimal
    agregasi: str


INDIKATOR_DEMO = {
    Elemen.Jenis.PROGRAM: DemoIndikator(
        "Persentase sasaran program yang tercapai",
        "%",
        Decimal(100),
        Indikator.Agregasi.AKHIR,
    ),
    Elemen.Jenis.KEGIATAN: DemoIndikator(
        "Persentase sub kegiatan yang terlaksana sesuai jadwal",
        "%",
        Decimal(100),
        Indikator.Agregasi.AKHIR,
    ),
    Elemen.Jenis.SUB_KEGIATAN: DemoIndikator(
        "Jumlah laporan hasil pelaksanaan yang disusun",
        "Laporan",
        Decimal(4),
        Indikator.Agregasi.KUMULATIF,
    ),
}


def demo_siklus_build(*, user: Pengguna) -> list[PerjanjianKinerja]:
    """Build the demo's 2025 cycle for BPKAD and Bapperida (see the module
    docstring) as ``user``, an Admin Bappeda; return the PKs made."""
    with transaction.atomic():
        bidang = _create_bidang()
        pagu_kegiatan = {}
        for opd_kode in OPD_DEMO:
            pagu_kegiatan.update(_move_programs_to_renstra(opd_kode, bidang=bidang))
        _adopt(Dokumen.objects.filter(jenis=Dokumen.Jenis.RPJMD), user=user)
        renstra_list = list(
            Dokumen.objects.filter(
                jenis=Dokumen.Jenis.RENSTRA, unit__kode__in=OPD_DEMO
            ).order_by("unit__kode")
        )
        _adopt(renstra_list, user=user)
        renja_list = [
            renja_buat_dari_renstra(renstra=renstra, tahun=TAHUN, user=user)
            for renstra in renstra_list
        ]
        _adopt(renja_list, user=user)
        analyze_database()
        for renja in renja_list:
            _fill_dpa(renja, pagu_kegiatan=pagu_kegiatan)
        analyze_database()
        rkpd = rkpd_susun(tahun=TAHUN, user=user)
        _adopt([rkpd], user=user)
        import_pejabat(PEJABAT_CSV.read_text(encoding="utf-8"), user=user)
        pks = _make_pks(user=user, bidang=bidang)
        analyze_database()
        _make_rencana_aksi(pks, user=user)
        _open_input_windows(user=user)
        _publish(pks, user=user)
        return pks


def demo_siklus_exists() -> bool:
    """Return True when this database contains the demo's cycle (its bidang)."""
    return Unit.objects.filter(
        kode__in=[b.kode for spec in OPD_DEMO.values() for b in spec["bidang"]]
    ).exists()


def _create_bidang() -> dict[str, Unit]:
    """Create the demo bidang under their OPD; return them by program
    nomenklatur, per OPD kode."""
    by_program: dict[str, Unit] = {}
    for opd_kode, spec in OPD_DEMO.items():
        opd = Unit.objects.get(kode=opd_kode)
        for urutan, item in enumerate(spec["bidang"], start=1):
            unit = Unit.objects.create(
                kode=item.kode,
                nama=item.nama,
                jenis=Unit.Jenis.BIDANG,
                induk=opd,
                urutan=urutan,
            )
            for program in item.programs:
                by_program[f"{opd_kode}:{program}"] = unit
    return by_program


def _move_programs_to_renstra(
    opd_kode: str, *, bidang: dict[str, Unit]
) -> dict[tuple[str, str], int]:
    """Move the workbook's 2025 programs and kegiatan of ``opd_kode`` into
    its Renstra under the sasaran they serve, add sub kegiatan from the
    nomenklatur and give each an indicator with yearly targets.

    The workbook carries them in a document of jenis PK, without sub
    kegiatan; the PKs are made again below from the Renja, so that document
    is removed once emptied.
    """
    renstra = Dokumen.objects.get(jenis=Dokumen.Jenis.RENSTRA, unit__kode=opd_kode)
    sasaran = {
        e.kode: e
        for e in Elemen.objects.filter(
            dokumen=renstra, jenis=Elemen.Jenis.SASARAN
        ).order_by("urutan", "kode")
    }
    first_sasaran = next(iter(sasaran.values()))
    Indikator.objects.filter(elemen__in=sasaran.values()).update(iku=True)
    lama = Dokumen.objects.get(jenis=Dokumen.Jenis.PK, unit__kode=opd_kode)
    pagu_kegiatan = {
        (opd_kode, nomenklatur): pagu
        for nomenklatur, pagu in Pagu.objects.filter(
            elemen__dokumen=lama, elemen__jenis=Elemen.Jenis.KEGIATAN, tahun=TAHUN
        ).values_list("elemen__nomenklatur", "pagu")
    }
    Pagu.objects.filter(elemen__dokumen=lama).delete()
    peta_sasaran = OPD_DEMO[opd_kode]["sasaran"]
    for program in Elemen.objects.filter(dokumen=lama, jenis=Elemen.Jenis.PROGRAM):
        program.dokumen = renstra
        program.induk = sasaran.get(
            peta_sasaran.get(program.nomenklatur), first_sasaran
        )
        program.unit_pj = bidang[f"{opd_kode}:{program.nomenklatur}"]
        program.save()
        _add_indikator(program, renstra)
        for kegiatan in Elemen.objects.filter(induk=program):
            kegiatan.dokumen = renstra
            kegiatan.unit_pj = program.unit_pj
            kegiatan.save()
            _add_indikator(kegiatan, renstra)
            _add_sub_kegiatan(kegiatan, renstra)
    lama.delete()
    return pagu_kegiatan


def _add_sub_kegiatan(kegiatan: Elemen, renstra: Dokumen) -> None:
    """Add the first two sub kegiatan of ``kegiatan`` in the nomenklatur, or
    one named after the kegiatan where the nomenklatur lists none, so that
    the whole pagu of the kegiatan finds a sub kegiatan."""
    kode = kegiatan.nomenklatur
    # A Program Penunjang is listed once in the nomenklatur, as X.XX.01.
    umum = "X.XX" + kode[4:] if kode[5:7] == "01" else kode
    found = [
        (kode + item.kode[len(umum) :], item.nama)
        for item in Nomenklatur.objects.filter(
            tingkat="sub_kegiatan", kode__startswith=f"{umum}."
        ).order_by("kode")[:2]
    ] or [(f"{kode}.0001", kegiatan.uraian)]
    for urutan, (nomenklatur, uraian) in enumerate(found, start=1):
        sub = Elemen.objects.create(
            kode=f"{kegiatan.kode}-{urutan}",
            dokumen=renstra,
            jenis=Elemen.Jenis.SUB_KEGIATAN,
            induk=kegiatan,
            uraian=uraian,
            nomenklatur=nomenklatur,
            unit_pj=kegiatan.unit_pj,
            urutan=urutan,
        )
        _add_indikator(sub, renstra)


def _add_indikator(elemen: Elemen, renstra: Dokumen) -> None:
    spec = INDIKATOR_DEMO[elemen.jenis]
    indikator = Indikator.objects.create(
        kode=f"IND-{elemen.kode}",
        elemen=elemen,
        uraian=spec.uraian,
        satuan=spec.satuan,
        agregasi=spec.agregasi,
        polaritas=Indikator.Polaritas.POSITIF,
    )
    Target.objects.bulk_create(
        Target(
            indikator=indikator,
            dokumen=renstra,
            tahun=tahun,
            periode=Periode.TAHUNAN,
            nilai=spec.target,
        )
        for tahun in range(renstra.tahun_awal, renstra.tahun_akhir + 1)
    )


def _adopt(dokumen_list, *, user: Pengguna) -> None:
    for dokumen in dokumen_list:
        dokumen_ajukan(dokumen=dokumen, user=user)
        dokumen_tetapkan(dokumen=dokumen, user=user)


def _fill_dpa(renja: Dokumen, *, pagu_kegiatan: dict[tuple[str, str], int]) -> None:
    """Give every sub kegiatan of ``renja`` its share of its kegiatan's pagu,
    the anggaran kas per month and a year of realisation."""
    sub_list = list(
        Elemen.objects.filter(dokumen=renja, jenis=Elemen.Jenis.SUB_KEGIATAN)
        .select_related("induk", "dokumen__unit")
        .order_by("induk_id", "urutan")
    )
    by_kegiatan: dict[int, list[Elemen]] = {}
    for sub in sub_list:
        by_kegiatan.setdefault(sub.induk_id, []).append(sub)
    for subs in by_kegiatan.values():
        kegiatan = subs[0].induk
        pagu = pagu_kegiatan.get((renja.unit.kode, kegiatan.nomenklatur))
        if pagu is None:
            continue
        shares = _split(pagu, [3, 2][: len(subs)])
        for nomor, (sub, share) in enumerate(zip(subs, shares, strict=True)):
            keuangan_simpan(
                elemen=sub,
                tahun=TAHUN,
                pagu_murni=share,
                pagu_perubahan=None,
                bulan=_months(share, nomor),
            )
    # The months filled above stand for figures already verified.
    KeuanganBulanan.objects.filter(
        elemen__dokumen=renja, realisasi_keuangan__isnull=False
    ).update(status=KeuanganBulanan.Status.DITERIMA)


def _split(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` rupiah by ``weights``; the last part takes the rest so
    that the parts add up exactly."""
    parts = [total * w // sum(weights) for w in weights[:-1]]
    return [*parts, total - sum(parts)]


def _months(pagu: int, nomor: int) -> dict[int, IsianBulan]:
    """Return the twelve months of a sub kegiatan with ``pagu``: anggaran kas
    by KAS_PROFIL, spending by SERAPAN_PROFIL, and fisik to date. The
    ``nomor``-th sub kegiatan of its kegiatan runs a little behind."""
    kas = _split(pagu, list(KAS_PROFIL))
    result = {}
    fisik = Decimal(0)
    for bulan, (rencana, serapan) in enumerate(
        zip(kas, SERAPAN_PROFIL, strict=True), start=1
    ):
        faktor = serapan - Decimal("0.05") * nomor
        fisik = min(Decimal(100), fisik + Decimal(KAS_PROFIL[bulan - 1]) * faktor)
        if bulan == 12:
            # December is left for the demo operator to fill.
            result[bulan] = IsianBulan(anggaran_kas=rencana)
            continue
        result[bulan] = IsianBulan(
            anggaran_kas=rencana,
            realisasi_keuangan=int(rencana * faktor),
            realisasi_fisik=fisik.quantize(Decimal("0.01")),
        )
    return result


def _make_pks(*, user: Pengguna, bidang: dict[str, Unit]) -> list[PerjanjianKinerja]:
    """Make the PKs top down, so that each row links to its superior's row,
    and sign all but the DRAFT_LEVELS."""
    made = []
    pemda = Unit.objects.get(jenis=Unit.Jenis.PEMDA)
    made.append((None, _pk(Level.KEPALA_DAERAH, pemda, user)))
    for opd_kode in OPD_DEMO:
        made.append(
            (opd_kode, _pk(Level.KEPALA_OPD, Unit.objects.get(kode=opd_kode), user))
        )
    for level in (Level.KEPALA_BIDANG, Level.PPTK):
        for opd_kode, spec in OPD_DEMO.items():
            for item in spec["bidang"]:
                unit = Unit.objects.get(kode=item.kode)
                made.append((opd_kode, _pk(level, unit, user)))
    result = []
    for opd_kode, perjanjian in made:
        if perjanjian.level not in DRAFT_LEVELS.get(opd_kode, set()):
            pk_tandatangani(perjanjian=perjanjian, user=user)
        result.append(perjanjian)
    return result


def _make_rencana_aksi(pks: list[PerjanjianKinerja], *, user: Pengguna) -> None:
    """Make and adopt the rencana aksi of Bapperida's and the Bupati's signed
    PKs, prefilled from their yearly targets; BPKAD's are left to make."""
    for perjanjian in pks:
        signed = perjanjian.dokumen.status == Dokumen.Status.DITETAPKAN
        if not signed or perjanjian.unit.opd_id == _opd_id("OPD-5"):
            continue
        rencana_aksi = rencana_aksi_buat(perjanjian=perjanjian, user=user)
        peringatan = isi_rencana_aksi(rencana_aksi).jumlah_peringatan
        rencana_aksi_tetapkan(
            rencana_aksi=rencana_aksi, user=user, peringatan_dikonfirmasi=peringatan
        )


def _opd_id(kode: str) -> int:
    return Unit.objects.values_list("pk", flat=True).get(kode=kode)


# How long the demo's input windows of December and the fourth quarter stay
# open for its two OPD after the demo is loaded.
DEMO_BUKA_ULANG = datetime.timedelta(days=365)


def _open_input_windows(*, user: Pengguna) -> None:
    """Give 2025 its default input windows (all closed by now) and reopen
    December and the fourth quarter for BPKAD and Bapperida, so that the
    demo's operator can enter realisation."""
    jadwal_isi_bawaan(user=user, tahun=TAHUN)
    sampai = timezone.now() + DEMO_BUKA_ULANG
    for jadwal in JadwalInput.objects.filter(tahun=TAHUN, periode__in=["B12", "TW4"]):
        for opd in Unit.objects.filter(kode__in=OPD_DEMO):
            buka_ulang_buat(
                user=user,
                jadwal=jadwal,
                unit=opd,
                sampai=sampai,
                alasan="Data demo: dibuka agar isian realisasi dapat dicoba.",
            )


def _pk(level: str, unit: Unit, user: Pengguna) -> PerjanjianKinerja:
    return pk_buat_dari_sumber(
        level=level, unit=unit, tahun=TAHUN, user=user, tanggal=TANGGAL_PK
    )


# The narrative of Bapperida's demo LKjIP: invented, and it says so.
NARASI_DEMO = {
    "ikhtisar": (
        "Teks contoh data demo. Laporan ini merangkum capaian kinerja Bapperida "
        "tahun 2025 terhadap Perjanjian Kinerja Kepala Badan."
    ),
    "pendahuluan": (
        "Teks contoh data demo. Bapperida menyusun, mengendalikan dan "
        "mengevaluasi rencana pembangunan daerah."
    ),
    "penutup": (
        "Teks contoh data demo. Capaian yang belum memenuhi target ditindaklanjuti "
        "dalam Renja tahun berikutnya."
    ),
}


def _publish(pks: list[PerjanjianKinerja], *, user: Pengguna) -> None:
    """Publish the adopted plans and the signed PKs of the Bupati and the two
    Kepala OPD, and write, adopt and publish Bapperida's LKjIP."""
    plans = Dokumen.objects.filter(
        Q(jenis=Dokumen.Jenis.RPJMD)
        | Q(jenis=Dokumen.Jenis.RENSTRA, unit__kode__in=OPD_DEMO),
        status=Dokumen.Status.DITETAPKAN,
    )
    for dokumen in plans:
        dokumen_publikasikan(dokumen=dokumen, user=user)
    for perjanjian in pks:
        signed = perjanjian.dokumen.status == Dokumen.Status.DITETAPKAN
        if signed and perjanjian.level in (Level.KEPALA_DAERAH, Level.KEPALA_OPD):
            dokumen_publikasikan(dokumen=perjanjian.dokumen, user=user)

    bapperida = Unit.objects.get(kode="OPD-7")
    for bagian, isi in NARASI_DEMO.items():
        pelaporan.narasi_simpan(
            user=user, unit=bapperida, tahun=TAHUN, bagian=bagian, isi=isi, versi=0
        )
    laporan = pelaporan.laporan_tetapkan(user=user, unit=bapperida, tahun=TAHUN)
    pelaporan.laporan_publikasikan(user=user, laporan=laporan, dipublikasikan=True)
