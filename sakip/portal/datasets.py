"""The datasets of the open data, with the description of every column that
the index page shows (docs/data-terbuka.md describes the same for developers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .data_terbuka import (
    Filter,
    rows_anggaran,
    rows_capaian,
    rows_indikator,
    rows_realisasi,
    rows_target,
)


@dataclass(frozen=True)
class Kolom:
    """A column of a dataset and what it holds, for the index page."""

    nama: str
    keterangan: str | Promise


@dataclass(frozen=True)
class Dataset:
    """One downloadable dataset: its name in the URL, its title, what it
    holds, its columns and the generator of its rows."""

    nama: str
    judul: str | Promise
    keterangan: str | Promise
    kolom: tuple[Kolom, ...]
    rows: Callable[[Filter], Iterator[dict]]

    @property
    def nama_kolom(self) -> list[str]:
        return [kolom.nama for kolom in self.kolom]


K = Kolom
KOLOM_DOKUMEN = K("dokumen_kode", _("Kode dokumen publik tempat indikator dimuat."))

DATASETS: dict[str, Dataset] = {
    dataset.nama: dataset
    for dataset in (
        Dataset(
            "indikator",
            _("Indikator kinerja"),
            _(
                "Indikator dari RPJMD, Renstra dan Perjanjian Kinerja yang "
                "dipublikasikan. Indikator PK dicatat sekali untuk setiap PK."
            ),
            (
                K("kode", _("Kode indikator, unik dan tetap.")),
                K("uraian", _("Uraian indikator.")),
                K("satuan", _("Satuan.")),
                K("definisi", _("Definisi operasional.")),
                K("formula", _("Formula perhitungan.")),
                K("sumber_data", _("Sumber data.")),
                K("kondisi_awal", _("Kondisi awal (baseline) periode.")),
                K("polaritas", _("positif, negatif atau rentang.")),
                K("agregasi", _("akhir, kumulatif atau rata_rata antarperiode.")),
                K("skala", _("Nama skala ordinal; kosong untuk indikator angka.")),
                K("iku", _("true bila Indikator Kinerja Utama.")),
                K("elemen_kode", _("Kode sasaran/program tempat indikator.")),
                K("elemen_jenis", _("Jenis elemen: tujuan, sasaran, program …")),
                K("elemen_uraian", _("Uraian elemen.")),
                KOLOM_DOKUMEN,
                K("dokumen_jenis", _("RPJMD, RENSTRA atau PK.")),
                K("unit_kode", _("Kode unit pemilik dokumen.")),
            ),
            rows_indikator,
        ),
        Dataset(
            "target",
            _("Target"),
            _("Target yang ditetapkan dalam dokumen publik, per tahun dan periode."),
            (
                K("indikator_kode", _("Kode indikator.")),
                K("dokumen_kode", _("Kode dokumen yang menetapkan target.")),
                K("tahun", _("Tahun.")),
                K("periode", _("tahunan, TW1–TW4 atau B01–B12.")),
                K("nilai", _("Nilai target.")),
                K("nilai_skala", _("Nilai target pada skala ordinal.")),
                K("batas_bawah", _("Batas bawah target rentang.")),
                K("batas_atas", _("Batas atas target rentang.")),
            ),
            rows_target,
        ),
        Dataset(
            "realisasi",
            _("Realisasi"),
            _(
                "Realisasi yang sudah diverifikasi (diterima) dari setiap indikator "
                "publik, per tahun dan periode dalam rentang dokumennya."
            ),
            (
                K("indikator_kode", _("Kode indikator.")),
                KOLOM_DOKUMEN,
                K("tahun", _("Tahun.")),
                K("periode", _("tahunan, TW1–TW4 atau B01–B12.")),
                K("nilai", _("Nilai realisasi.")),
                K("nilai_skala", _("Nilai realisasi pada skala ordinal.")),
            ),
            rows_realisasi,
        ),
        Dataset(
            "capaian",
            _("Capaian"),
            _(
                "Capaian setiap indikator publik per tahun dan triwulan, dihitung "
                "dari realisasi terverifikasi dengan aturan yang sama dengan "
                "laporan resmi."
            ),
            (
                K("indikator_kode", _("Kode indikator.")),
                KOLOM_DOKUMEN,
                K("tahun", _("Tahun.")),
                K("periode", _("tahunan atau TW1–TW4 (target sampai triwulan itu).")),
                K("target", _("Target yang dipakai (angka atau nilai skala).")),
                K("target_batas_bawah", _("Batas bawah target rentang.")),
                K("target_batas_atas", _("Batas atas target rentang.")),
                K(
                    "target_dokumen_kode",
                    _(
                        "Dokumen sumber target; hanya target dokumen yang "
                        "dipublikasikan yang dipakai."
                    ),
                ),
                K(
                    "realisasi",
                    _("Realisasi sampai periode itu; kosong = belum diisi."),
                ),
                K("capaian", _("Capaian dalam persen, dua desimal.")),
                K("kategori", _("Kategori capaian (Permendagri 86/2017).")),
                K("nilai_rumus", _("Hasil rumus bila capaian dibatasi 0 %.")),
                K("keterangan", _("Alasan bila capaian tidak dapat dihitung.")),
            ),
            rows_capaian,
        ),
        Dataset(
            "anggaran",
            _("Anggaran per program"),
            _(
                "Pagu dan realisasi keuangan terverifikasi setiap program dari "
                "Renja/DPA yang ditetapkan, per tahun dan OPD, dalam rupiah."
            ),
            (
                K("tahun", _("Tahun anggaran.")),
                K("unit_kode", _("Kode OPD.")),
                K("program_kode", _("Kode program dalam Renja.")),
                K("nomenklatur", _("Kode nomenklatur program.")),
                K("uraian", _("Nama program.")),
                K("pagu_murni", _("Pagu murni (Rp).")),
                K("pagu_perubahan", _("Pagu perubahan (Rp), bila ada.")),
                K("pagu", _("Pagu yang berlaku (Rp).")),
                K("realisasi", _("Realisasi keuangan terverifikasi (Rp).")),
                K("serapan", _("Realisasi / pagu × 100, dua desimal.")),
            ),
            rows_anggaran,
        ),
    )
}
