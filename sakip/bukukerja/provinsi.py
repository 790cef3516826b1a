"""A generated province of any size, for the benchmarks and the scale tests.

``build_provinsi()`` fills a migrated, empty database with one Pemda, ``opd``
OPD and ``bidang_per_opd`` bidang under each:

- an adopted RPJMD 2023–2027 of 20 tujuan and 60 sasaran, two indikator each;
- per OPD an adopted Renstra of two sasaran, each supporting one RPJMD
  sasaran and measured by three IKU. Under them are five programs, four
  kegiatan per program and eight sub kegiatan per kegiatan, with two
  indikator each and a target for each of the five years;
- realisation of 2023 and 2024 on the Renstra indikator, yearly and of each
  quarter, all accepted;
- the adopted Renja 2025 of every OPD and the RKPD 2025, made by the
  product's own services, with quarterly targets and an accepted realisation
  of each quarter;
- a pagu, anggaran kas and accepted realisasi keuangan and fisik of each month
  for every sub kegiatan of the Renjas, and of 2023 and 2024 for the
  Renstra's sub kegiatan;
- the signed PK 2025 of the Kepala Daerah and of every Kepala OPD.

Bulk inserts write the plans, targets and realisation (``save()`` checks and
history are skipped, so the plans are adopted at the end by an UPDATE), while
the yearly documents and the PKs come from the same services as the pages, so
that their links are the product's own.

The default ``Ukuran`` is the largest user the product is built for: 60 OPD,
600 bidang, 20 tujuan and 60 sasaran in the RPJMD, 1,500 program and kegiatan
and 9,600 sub kegiatan, 45,360 indikator (those of the RPJMD and the
Renstras, and their copies in the RKPD and the Renjas), 317,520 rows of
indikator realisation and 345,600 of monthly budget realisation. ``SKALA`` names it
``provinsi`` and a small one ``kecil`` for the tests; ``sakip generate_demo``
builds either.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

TAHUN_AWAL = 2023
TAHUN_AKHIR = 2027
TAHUN = 2025
TANGGAL_PK = datetime.date(2025, 1, 20)


@dataclass
class Ukuran:
    """The counts of the generated province; the defaults are the largest one."""

    opd: int = 60
    tujuan_rpjmd: int = 20
    sasaran_per_tujuan: int = 3
    sasaran_per_opd: int = 2
    iku_per_sasaran: int = 3
    program_per_opd: int = 5
    kegiatan_per_program: int = 4
    sub_per_kegiatan: int = 8
    indikator_per_elemen: int = 2
    bidang_per_opd: int = 10


SKALA = {
    "provinsi": Ukuran(),
    "kecil": Ukuran(
        opd=3,
        tujuan_rpjmd=2,
        sasaran_per_tujuan=2,
        program_per_opd=2,
        kegiatan_per_program=2,
        sub_per_kegiatan=2,
        bidang_per_opd=2,
    ),
}


@dataclass
class Provinsi:
    """The result of ``build_provinsi``: the Pemda, its OPD and the 2025 PKs."""

    pemda: object
    opd: list
    pk: list
    jumlah: dict


def build_provinsi(ukuran: Ukuran | None = None, *, seed: int = 2025) -> Provinsi:
    """Fill the empty database with a province of ``ukuran`` and return it."""
    from django.contrib.auth.hashers import make_password

    from sakip.organisasi.models import Pengguna, Peran, Unit

    ukuran = ukuran or Ukuran()
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not a secret
    admin = Pengguna.objects.create(
        username="admin-bench",
        password=make_password(None),
        peran=Peran.ADMIN_BAPPEDA,
        is_staff=True,
    )
    pemda = Unit.objects.create(
        kode="PROV", nama="Provinsi Uji Skala", jenis=Unit.Jenis.PEMDA
    )
    opd_list = []
    for nomor in range(1, ukuran.opd + 1):
        opd_list.append(
            Unit.objects.create(
                kode=f"OPD-{nomor:02d}",
                nama=f"Dinas Uji {nomor}",
                jenis=Unit.Jenis.PERANGKAT_DAERAH,
                induk=pemda,
                urutan=nomor,
            )
        )
    Unit.objects.bulk_create(
        Unit(
            kode=f"{opd.kode}-B{nomor:02d}",
            nama=f"Bidang Uji {nomor} {opd.nama}",
            jenis=Unit.Jenis.BIDANG,
            induk=opd,
            opd=opd,  # set by save(), which bulk_create skips
            urutan=nomor,
        )
        for opd in opd_list
        for nomor in range(1, ukuran.bidang_per_opd + 1)
    )

    builder = _Builder(rng=rng, ukuran=ukuran)
    sasaran_rpjmd = builder.rpjmd(pemda)
    renstra_list = [
        builder.renstra(opd, nomor, sasaran_rpjmd)
        for nomor, opd in enumerate(opd_list, start=1)
    ]
    builder.flush()
    builder.realisasi_renstra()
    _adopt_plans()

    renja_list, rkpd = _yearly_documents(renstra_list, admin)
    _quarterly_targets_and_realisasi([*renja_list, rkpd], rng)
    _budget(renja_list, TAHUN, rng)
    # No Renja of the past years is generated, so their budget sits on the
    # Renstra's sub kegiatan, which cover the whole period.
    for tahun in range(TAHUN_AWAL, TAHUN):
        _budget(renstra_list, tahun, rng)
    pk_list = _sign_pks(pemda, opd_list, admin)
    return Provinsi(pemda=pemda, opd=opd_list, pk=pk_list, jumlah=_counts())


class _Builder:
    """Collects the strategic plans' rows and writes them in a few bulk inserts."""

    def __init__(self, *, rng: random.Random, ukuran: Ukuran):
        self.rng = rng
        self.ukuran = ukuran
        self.indikator = []
        self.targets = []
        self.tautan = []

    def rpjmd(self, pemda):
        from sakip.perencanaan.models import Dokumen, Elemen

        dokumen = Dokumen.objects.create(
            kode="RPJMD-PROV",
            jenis=Dokumen.Jenis.RPJMD,
            unit=pemda,
            nama="RPJMD Provinsi Uji Skala 2023–2027",
            tahun_awal=TAHUN_AWAL,
            tahun_akhir=TAHUN_AKHIR,
        )
        tujuan = Elemen.objects.bulk_create(
            Elemen(
                dokumen=dokumen,
                jenis=Elemen.Jenis.TUJUAN,
                kode=f"RPJMD-T{nomor:02d}",
                uraian=f"Tujuan uji {nomor}",
                urutan=nomor,
            )
            for nomor in range(1, self.ukuran.tujuan_rpjmd + 1)
        )
        sasaran = Elemen.objects.bulk_create(
            Elemen(
                dokumen=dokumen,
                jenis=Elemen.Jenis.SASARAN,
                induk=induk,
                kode=f"{induk.kode}-S{nomor}",
                uraian=f"Sasaran uji {induk.kode}-{nomor}",
                urutan=nomor,
            )
            for induk in tujuan
            for nomor in range(1, self.ukuran.sasaran_per_tujuan + 1)
        )
        for elemen in sasaran:
            self._add_indikator(dokumen, elemen, self.ukuran.indikator_per_elemen)
        return sasaran

    def renstra(self, opd, nomor: int, sasaran_rpjmd):
        from sakip.perencanaan.models import Dokumen, Elemen, TautanElemen

        ukuran = self.ukuran
        dokumen = Dokumen.objects.create(
            kode=f"RENSTRA-{opd.kode}",
            jenis=Dokumen.Jenis.RENSTRA,
            unit=opd,
            nama=f"Renstra {opd.nama} 2023–2027",
            tahun_awal=TAHUN_AWAL,
            tahun_akhir=TAHUN_AKHIR,
        )
        [tujuan] = Elemen.objects.bulk_create(
            [
                Elemen(
                    dokumen=dokumen,
                    jenis=Elemen.Jenis.TUJUAN,
                    kode=f"{opd.kode}-T1",
                    uraian=f"Tujuan {opd.nama}",
                )
            ]
        )
        sasaran = Elemen.objects.bulk_create(
            Elemen(
                dokumen=dokumen,
                jenis=Elemen.Jenis.SASARAN,
                induk=tujuan,
                kode=f"{opd.kode}-S{urut}",
                uraian=f"Sasaran {urut} {opd.nama}",
                urutan=urut,
            )
            for urut in range(1, ukuran.sasaran_per_opd + 1)
        )
        for urut, elemen in enumerate(sasaran):
            didukung = sasaran_rpjmd[
                (nomor * ukuran.sasaran_per_opd + urut) % len(sasaran_rpjmd)
            ]
            self.tautan.append(
                TautanElemen(
                    dari=elemen, ke=didukung, jenis=TautanElemen.Jenis.MENDUKUNG
                )
            )
            self._add_indikator(dokumen, elemen, ukuran.iku_per_sasaran, iku=True)

        bidang = f"{nomor % 30 + 1}.{nomor:02d}"
        program = Elemen.objects.bulk_create(
            Elemen(
                dokumen=dokumen,
                jenis=Elemen.Jenis.PROGRAM,
                induk=sasaran[urut % len(sasaran)],
                kode=f"{opd.kode}-P{urut}",
                nomenklatur=f"{bidang}.{urut:02d}",
                uraian=f"Program uji {urut} {opd.nama}",
                urutan=urut,
            )
            for urut in range(1, ukuran.program_per_opd + 1)
        )
        kegiatan = Elemen.objects.bulk_create(
            Elemen(
                dokumen=dokumen,
                jenis=Elemen.Jenis.KEGIATAN,
                induk=induk,
                kode=f"{induk.kode}-K{urut}",
                nomenklatur=f"{induk.nomenklatur}.2.{urut:02d}",
                uraian=f"Kegiatan uji {induk.kode}-{urut}",
                urutan=urut,
            )
            for induk in program
            for urut in range(1, ukuran.kegiatan_per_program + 1)
        )
        sub = Elemen.objects.bulk_create(
            Elemen(
                dokumen=dokumen,
                jenis=Elemen.Jenis.SUB_KEGIATAN,
                induk=induk,
                kode=f"{induk.kode}-S{urut}",
                nomenklatur=f"{induk.nomenklatur}.{urut:04d}",
                uraian=f"Sub kegiatan uji {induk.kode}-{urut}",
                urutan=urut,
            )
            for induk in kegiatan
            for urut in range(1, ukuran.sub_per_kegiatan + 1)
        )
        for elemen in [*program, *kegiatan, *sub]:
            self._add_indikator(dokumen, elemen, ukuran.indikator_per_elemen)
        return dokumen

    def _add_indikator(self, dokumen, elemen, jumlah: int, *, iku: bool = False):
        from sakip.perencanaan.models import Indikator

        for urut in range(1, jumlah + 1):
            # One indikator in five is lower-is-better, one in four a sum of
            # the quarters, so that every rule of the engine is exercised.
            negatif = self.rng.random() < 0.2
            indikator = Indikator(
                elemen=elemen,
                kode=f"{elemen.kode}-I{urut}",
                uraian=f"Indikator uji {elemen.kode}-{urut}",
                satuan="%",
                formula="Jumlah capaian dibagi jumlah sasaran × 100",
                definisi="Persentase sasaran uji yang tercapai pada akhir periode.",
                kondisi_awal=Decimal(self.rng.randint(40, 60)),
                polaritas=(
                    Indikator.Polaritas.NEGATIF
                    if negatif
                    else Indikator.Polaritas.POSITIF
                ),
                agregasi=(
                    Indikator.Agregasi.KUMULATIF
                    if self.rng.random() < 0.25
                    else Indikator.Agregasi.AKHIR
                ),
                iku=iku,
                urutan=urut,
            )
            self.indikator.append((dokumen, indikator))

    def flush(self) -> None:
        from sakip.perencanaan.models import Indikator, Target, TautanElemen

        Indikator.objects.bulk_create(
            [item for _dokumen, item in self.indikator], batch_size=2000
        )
        for dokumen, indikator in self.indikator:
            awal = indikator.kondisi_awal
            step = (
                Decimal(-2)
                if indikator.polaritas == Indikator.Polaritas.NEGATIF
                else Decimal(3)
            )
            for tahun in range(TAHUN_AWAL, TAHUN_AKHIR + 1):
                self.targets.append(
                    Target(
                        indikator=indikator,
                        dokumen=dokumen,
                        tahun=tahun,
                        nilai=awal + step * (tahun - TAHUN_AWAL + 1),
                    )
                )
        Target.objects.bulk_create(self.targets, batch_size=5000)
        TautanElemen.objects.bulk_create(self.tautan)

    def realisasi_renstra(self) -> None:
        """Accepted realisation of 2023 and 2024, of the year and of each
        quarter, near each target."""
        from sakip.pengukuran.models import Realisasi

        rows = []
        for target in self.targets:
            if target.tahun >= TAHUN:
                continue
            for periode in ("tahunan", "TW1", "TW2", "TW3", "TW4"):
                rows.append(
                    Realisasi(
                        indikator_id=target.indikator_id,
                        tahun=target.tahun,
                        periode=periode,
                        nilai=target.nilai + Decimal(self.rng.randint(-4, 4)),
                        status=Realisasi.Status.DITERIMA,
                    )
                )
        Realisasi.objects.bulk_create(rows, batch_size=5000)


def _adopt_plans() -> None:
    from sakip.perencanaan.models import Dokumen

    Dokumen.objects.filter(
        jenis__in=[Dokumen.Jenis.RPJMD, Dokumen.Jenis.RENSTRA]
    ).update(status=Dokumen.Status.DITETAPKAN)


def _yearly_documents(renstra_list, admin) -> list:
    from sakip.perencanaan.models import Dokumen
    from sakip.tahunan.services import renja_buat_dari_renstra, rkpd_susun

    renja_list = [
        renja_buat_dari_renstra(renstra=renstra, tahun=TAHUN, user=admin)
        for renstra in renstra_list
    ]
    Dokumen.objects.filter(pk__in=[r.pk for r in renja_list]).update(
        status=Dokumen.Status.DITETAPKAN
    )
    rkpd = rkpd_susun(tahun=TAHUN, user=admin)
    Dokumen.objects.filter(pk=rkpd.pk).update(status=Dokumen.Status.DITETAPKAN)
    return renja_list, rkpd


def _quarterly_targets_and_realisasi(dokumen_list, rng: random.Random) -> None:
    """Quarterly targets on the indikator of the Renjas and the RKPD reaching
    the yearly one, and an accepted realisation of every quarter."""
    from sakip.pengukuran.models import Realisasi
    from sakip.perencanaan.models import Indikator, Target

    targets = []
    realisasi = []
    yearly = Target.objects.filter(
        dokumen__in=dokumen_list, tahun=TAHUN, periode="tahunan"
    ).select_related("indikator")
    for target in yearly.iterator(chunk_size=5000):
        kumulatif = target.indikator.agregasi == Indikator.Agregasi.KUMULATIF
        for nomor in range(1, 5):
            nilai = target.nilai / 4 if kumulatif else target.nilai
            targets.append(
                Target(
                    indikator_id=target.indikator_id,
                    dokumen_id=target.dokumen_id,
                    tahun=TAHUN,
                    periode=f"TW{nomor}",
                    nilai=nilai,
                )
            )
            realisasi.append(
                Realisasi(
                    indikator_id=target.indikator_id,
                    tahun=TAHUN,
                    periode=f"TW{nomor}",
                    nilai=nilai * Decimal(rng.randint(80, 110)) / 100,
                    status=Realisasi.Status.DITERIMA,
                )
            )
    Target.objects.bulk_create(targets, batch_size=5000)
    Realisasi.objects.bulk_create(realisasi, batch_size=5000)


def _budget(dokumen_list, tahun: int, rng: random.Random) -> None:
    """A pagu, anggaran kas and accepted realisation of each month of
    ``tahun`` for every sub kegiatan of the documents."""
    from sakip.anggaran.models import KeuanganBulanan, Pagu
    from sakip.perencanaan.models import Elemen

    sub = Elemen.objects.filter(
        dokumen__in=dokumen_list, jenis=Elemen.Jenis.SUB_KEGIATAN
    ).values_list("pk", flat=True)
    pagu = []
    bulan = []
    for elemen_id in sub.iterator(chunk_size=5000):
        kas = rng.randint(5, 50) * 1_000_000
        pagu.append(
            Pagu(
                elemen_id=elemen_id, tahun=tahun, versi=Pagu.Versi.MURNI, pagu=kas * 12
            )
        )
        for nomor in range(1, 13):
            bulan.append(
                KeuanganBulanan(
                    elemen_id=elemen_id,
                    tahun=tahun,
                    bulan=nomor,
                    anggaran_kas=kas,
                    realisasi_keuangan=kas * rng.randint(70, 100) // 100,
                    realisasi_fisik=Decimal(nomor * 100) / 12,
                    status=KeuanganBulanan.Status.DITERIMA,
                )
            )
    Pagu.objects.bulk_create(pagu, batch_size=5000)
    KeuanganBulanan.objects.bulk_create(bulan, batch_size=5000)


def _sign_pks(pemda, opd_list, admin) -> list:
    from sakip.perjanjian.models import Jabatan, Level, PenugasanJabatan
    from sakip.perjanjian.services import pk_buat_dari_sumber, pk_tandatangani

    mulai = datetime.date(TAHUN, 1, 1)
    posts = [(pemda, Level.KEPALA_DAERAH, "Gubernur Uji Skala")]
    posts += [(opd, Level.KEPALA_OPD, f"Kepala {opd.nama}") for opd in opd_list]
    for unit, level, nama in posts:
        jabatan = Jabatan.objects.create(unit=unit, level=level, nama=nama)
        PenugasanJabatan.objects.create(
            jabatan=jabatan, nama=f"Pejabat {unit.kode}", mulai=mulai
        )
    signed = []
    for unit, level, _nama in posts:
        perjanjian = pk_buat_dari_sumber(
            level=level, unit=unit, tahun=TAHUN, user=admin, tanggal=TANGGAL_PK
        )
        pk_tandatangani(perjanjian=perjanjian, user=admin)
        signed.append(perjanjian)
    return signed


def _counts() -> dict:
    from sakip.anggaran.models import KeuanganBulanan
    from sakip.organisasi.models import Unit
    from sakip.pengukuran.models import Realisasi
    from sakip.perencanaan.models import Elemen, Indikator, Target

    return {
        "unit": Unit.objects.count(),
        "elemen": Elemen.objects.count(),
        "indikator": Indikator.objects.count(),
        "target": Target.objects.count(),
        "realisasi": Realisasi.objects.count(),
        "keuangan_bulanan": KeuanganBulanan.objects.count(),
    }
