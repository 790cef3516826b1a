"""The consistency check of the plans in force in a year ("rantai kinerja").

``check_plans`` reads the documents that cover the year, their elemen, links,
indikator and targets in a fixed number of queries, then checks the cascade in
Python and returns one ``Temuan`` per broken link, each with how to fix it.
Later stages of the cycle add their findings through
``sakip.core.checks_registry`` (the Perjanjian Kinerja checks do), so that
this app imports none of them.

Two checks are left out. Whether a program's urusan or bidang matches the
OPD's is not checked, because a unit records no urusan or bidang. The RKPD's
sources are not checked, because the RKPD is compiled from the RPJMD and the
Renja.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sakip.core.checks_registry import registered_jenis, run_checks
from sakip.referensi.models import Nomenklatur
from sakip.referensi.services import nomenklatur_for_year

from .models import Dokumen, Elemen, Indikator, Periode, Target, TautanElemen

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

GALAT = "galat"
PERINGATAN = "peringatan"

# Each kind of finding and its heading, in the order the page lists them.
JENIS_TEMUAN = {
    "sasaran_tanpa_dukungan": gettext_lazy(
        "Sasaran Renstra yang tidak mendukung sasaran RPJMD"
    ),
    "tautan_versi_lama": gettext_lazy("Tautan ke versi dokumen yang sudah diganti"),
    "tautan_beda_periode": gettext_lazy("Tautan ke dokumen periode lain"),
    "renja_tanpa_sumber": gettext_lazy("Elemen Renja tanpa sumber di Renstra"),
    "target_tidak_lengkap": gettext_lazy("Indikator tanpa target pada tahun periode"),
    "target_renja_berbeda": gettext_lazy("Target Renja berbeda dengan target Renstra"),
    "nomenklatur_kosong": gettext_lazy("Kode nomenklatur kosong"),
    "nomenklatur_tidak_dikenal": gettext_lazy("Kode di luar nomenklatur tahun itu"),
    "nomenklatur_tingkat_salah": gettext_lazy("Kode nomenklatur untuk tingkat lain"),
    "iku_tanpa_definisi": gettext_lazy("IKU tanpa definisi operasional"),
    "indikator_berulang": gettext_lazy("Indikator berulang di dua tingkat"),
    "indikator_keluaran": gettext_lazy(
        "Indikator tujuan, sasaran atau program yang mengukur kegiatan"
    ),
}

# An outcome indicator should measure a result. These words mark one that
# counts an activity, a meeting or a document instead. Compared after
# ``normalize_uraian``, as whole words. AWALAN_KELUARAN must open the
# indicator; KATA_KELUARAN may stand anywhere in it. "laporan", "dokumen" and
# "pelatihan" count only at the start, because "Opini BPK atas Laporan
# Keuangan" or "peserta pelatihan yang bekerja" measure a result.
AWALAN_KELUARAN = (
    "dokumen",
    "laporan",
    "rapat",
    "pelatihan",
    "penyusunan",
    "penyelenggaraan",
    "pelaksanaan",
)
KATA_KELUARAN = (
    "jumlah dokumen",
    "jumlah laporan",
    "jumlah rapat",
    "jumlah kegiatan",
    "jumlah sosialisasi",
    "jumlah pelatihan",
    "terlaksana",
    "terlaksananya",
    "tersusunnya",
    "tersedianya dokumen",
    "sosialisasi",
    "bimtek",
    "bimbingan teknis",
)
JENIS_HASIL = (Elemen.Jenis.TUJUAN, Elemen.Jenis.SASARAN, Elemen.Jenis.PROGRAM)
JENIS_NOMENKLATUR = {
    Elemen.Jenis.PROGRAM: Nomenklatur.Tingkat.PROGRAM,
    Elemen.Jenis.KEGIATAN: Nomenklatur.Tingkat.KEGIATAN,
    Elemen.Jenis.SUB_KEGIATAN: Nomenklatur.Tingkat.SUB_KEGIATAN,
}
# The nomenklatur lists the Program Penunjang once under this generic bidang,
# and plans write it under their own bidang code (1.02.01 for X.XX.01).
BIDANG_GENERIK = "X.XX"
PROGRAM_PENUNJANG = "01"


@dataclass(frozen=True)
class Temuan:
    """One broken link of the cascade: what is wrong, where, and how to fix it.

    ``kode`` is the elemen's or indikator's; ``elemen_id`` or ``indikator_id``
    points at its page. ``nilai`` contains the values compared, as text.
    """

    kode: str
    jenis: str
    tingkat: str
    pesan: str
    dokumen: str = ""
    unit: str = ""
    nilai: tuple[str, ...] = ()
    elemen_id: int | None = None
    indikator_id: int | None = None


def normalize_uraian(text: str) -> str:
    """Return ``text`` in lower case, with punctuation as spaces and one space
    between words."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def reads_as_activity(uraian: str) -> bool:
    """Return whether an indicator's text counts an activity or a document."""
    text = f" {normalize_uraian(uraian)} "
    if any(text.startswith(f" {word} ") for word in AWALAN_KELUARAN):
        return True
    return any(f" {word} " in text for word in KATA_KELUARAN)


def nomenklatur_lookup_codes(kode: str) -> list[str]:
    """Return the code and, for a Program Penunjang code, its generic form."""
    parts = kode.split(".")
    if len(parts) >= 3 and parts[2] == PROGRAM_PENUNJANG:
        return [kode, ".".join([BIDANG_GENERIK, *parts[2:]])]
    return [kode]


def check_plans(*, tahun: int, user: Pengguna | None = None) -> list[Temuan]:
    """List every broken link of the plans in force in ``tahun``.

    A plan is in force when it covers the year and has no newer version. With
    ``user``, only the documents that user may see are checked. Seven or eight
    queries whatever the size of the plans, plus the fixed number of each
    check registered in ``sakip.core.checks_registry``.
    """
    return _Pemeriksa(tahun=tahun, user=user).run()


def format_target(target: Target) -> str:
    """Return a target's value as text: its value, its scale value or its
    bounds as ``low–high``."""
    if target.batas_bawah is not None or target.batas_atas is not None:
        return f"{_angka(target.batas_bawah)}–{_angka(target.batas_atas)}"
    if target.nilai_skala:
        return target.nilai_skala
    return _angka(target.nilai)


def _angka(value) -> str:
    if value is None:
        return "—"
    return format(value.normalize(), "f")


class _Pemeriksa:
    def __init__(self, *, tahun: int, user: Pengguna | None) -> None:
        self.tahun = tahun
        self.user = user
        self.temuan: list[Temuan] = []

    def run(self) -> list[Temuan]:
        self._load()
        self._check_links()
        self._check_sasaran_renstra()
        self._check_renja_sources()
        self._check_targets()
        self._check_nomenklatur()
        self._check_indikator()
        self.temuan.extend(run_checks(tahun=self.tahun, user=self.user))
        urutan = {jenis: index for index, jenis in enumerate(all_jenis())}
        return sorted(
            self.temuan,
            key=lambda t: (
                t.tingkat != GALAT,
                urutan.get(t.jenis, len(urutan)),
                t.dokumen,
                t.kode,
            ),
        )

    # Loading ------------------------------------------------------------

    def _load(self) -> None:
        dokumen = Dokumen.objects.filter(
            Q(tahun_akhir__gte=self.tahun)
            | Q(tahun_akhir__isnull=True, tahun_awal=self.tahun),
            tahun_awal__lte=self.tahun,
            versi_berikutnya__isnull=True,
        ).select_related("unit")
        if self.user is not None:
            dokumen = dokumen.visible_to(self.user)
        self.dokumen = {item.pk: item for item in dokumen}
        ids = list(self.dokumen)

        self.elemen = {
            item.pk: item for item in Elemen.objects.filter(dokumen_id__in=ids)
        }
        newer = Dokumen.objects.filter(versi_sebelumnya=OuterRef("ke__dokumen"))
        self.tautan = list(
            TautanElemen.objects.filter(dari__dokumen_id__in=ids)
            .select_related("ke__dokumen")
            .annotate(ke_diganti=Exists(newer))
        )
        self.tautan_dari: dict[int, list[TautanElemen]] = defaultdict(list)
        for tautan in self.tautan:
            self.tautan_dari[tautan.dari_id].append(tautan)

        self.indikator = list(
            Indikator.objects.filter(elemen__dokumen_id__in=ids).order_by(
                "elemen_id", "urutan", "kode"
            )
        )
        self.indikator_elemen: dict[int, list[Indikator]] = defaultdict(list)
        for item in self.indikator:
            self.indikator_elemen[item.elemen_id].append(item)

        # (indikator, dokumen, tahun) -> target, of the yearly period only.
        self.target: dict[tuple[int, int, int], Target] = {}
        for target in Target.objects.filter(
            indikator__elemen__dokumen_id__in=ids, periode=Periode.TAHUNAN
        ):
            key = (target.indikator_id, target.dokumen_id, target.tahun)
            self.target[key] = target

        codes = {
            lookup
            for item in self.elemen.values()
            if item.jenis in JENIS_NOMENKLATUR and item.nomenklatur
            for lookup in nomenklatur_lookup_codes(item.nomenklatur.strip())
        }
        self.versi = nomenklatur_for_year(self.tahun)
        self.nomenklatur: dict[str, str] = {}
        if self.versi is not None and codes:
            self.nomenklatur = dict(
                Nomenklatur.objects.filter(
                    versi=self.versi, kode__in=codes
                ).values_list("kode", "tingkat")
            )

    # Helpers ------------------------------------------------------------

    def _add(
        self,
        jenis: str,
        tingkat: str,
        pesan: str,
        *,
        elemen: Elemen | None = None,
        indikator: Indikator | None = None,
        nilai: tuple[str, ...] = (),
    ) -> None:
        if indikator is not None:
            elemen = self.elemen[indikator.elemen_id]
        dokumen = self.dokumen[elemen.dokumen_id]
        self.temuan.append(
            Temuan(
                kode=indikator.kode if indikator is not None else elemen.kode,
                jenis=jenis,
                tingkat=tingkat,
                pesan=pesan,
                dokumen=dokumen.kode,
                unit=dokumen.unit.nama,
                nilai=nilai,
                elemen_id=elemen.pk if indikator is None else None,
                indikator_id=indikator.pk if indikator is not None else None,
            )
        )

    def _jenis_dokumen(self, elemen: Elemen) -> str:
        return self.dokumen[elemen.dokumen_id].jenis

    def _ancestors(self, elemen: Elemen) -> list[Elemen]:
        """Return the elemen and its ancestors in its document, itself first."""
        chain = [elemen]
        seen = {elemen.pk}
        while chain[-1].induk_id in self.elemen and chain[-1].induk_id not in seen:
            parent = self.elemen[chain[-1].induk_id]
            seen.add(parent.pk)
            chain.append(parent)
        return chain

    def _source_renstra(self, elemen: Elemen) -> list[Elemen]:
        """Return the Renstra elemen of the same jenis that a yearly elemen
        comes from. A workbook can only write ``mendukung`` links, so both
        kinds of link count."""
        sources = []
        for tautan in self.tautan_dari.get(elemen.pk, []):
            ke = tautan.ke
            if ke.jenis == elemen.jenis and ke.dokumen.jenis == Dokumen.Jenis.RENSTRA:
                sources.append(ke)
        return sources

    # Checks -------------------------------------------------------------

    def _check_links(self) -> None:
        for tautan in self.tautan:
            dari = self.elemen[tautan.dari_id]
            ke_dokumen = tautan.ke.dokumen
            if tautan.ke_diganti:
                self._add(
                    "tautan_versi_lama",
                    GALAT,
                    _(
                        "%(dari)s tertaut ke %(ke)s di %(dokumen)s, versi yang "
                        "sudah diganti versi baru. Tautkan ke elemen yang sama "
                        "di versi terbaru dokumen itu."
                    )
                    % {"dari": dari.kode, "ke": tautan.ke.kode, "dokumen": ke_dokumen},
                    elemen=dari,
                )
            elif not ke_dokumen.mencakup_tahun(self.tahun):
                self._add(
                    "tautan_beda_periode",
                    GALAT,
                    _(
                        "%(dari)s tertaut ke %(ke)s di %(dokumen)s (%(awal)s–"
                        "%(akhir)s), yang tidak mencakup tahun %(tahun)s. "
                        "Tautkan ke elemen dokumen periode yang berlaku."
                    )
                    % {
                        "dari": dari.kode,
                        "ke": tautan.ke.kode,
                        "dokumen": ke_dokumen,
                        "awal": ke_dokumen.tahun_awal,
                        "akhir": ke_dokumen.tahun_terakhir,
                        "tahun": self.tahun,
                    },
                    elemen=dari,
                )

    def _check_sasaran_renstra(self) -> None:
        for elemen in self.elemen.values():
            if elemen.jenis != Elemen.Jenis.SASARAN:
                continue
            if self._jenis_dokumen(elemen) != Dokumen.Jenis.RENSTRA:
                continue
            # The link may sit on the sasaran or on its tujuan.
            supports = any(
                tautan.ke.jenis == Elemen.Jenis.SASARAN
                and tautan.ke.dokumen.jenis == Dokumen.Jenis.RPJMD
                for node in self._ancestors(elemen)
                for tautan in self.tautan_dari.get(node.pk, [])
            )
            if not supports:
                self._add(
                    "sasaran_tanpa_dukungan",
                    GALAT,
                    _(
                        "Sasaran Renstra ini, dan tujuannya, tidak mendukung "
                        "satu pun sasaran RPJMD, jadi kinerjanya tidak "
                        "tersambung ke kinerja Pemda. Tautkan sasaran ini atau "
                        "tujuannya ke sasaran RPJMD yang didukungnya."
                    ),
                    elemen=elemen,
                )

    def _check_renja_sources(self) -> None:
        for elemen in self.elemen.values():
            if elemen.jenis not in Elemen.JENIS_BERKODE:
                continue
            if self._jenis_dokumen(elemen) != Dokumen.Jenis.RENJA:
                continue
            if not self._source_renstra(elemen):
                self._add(
                    "renja_tanpa_sumber",
                    GALAT,
                    _(
                        "%(jenis)s Renja ini tidak berasal dari %(jenis_kecil)s "
                        "Renstra mana pun, jadi tidak terlihat rencana lima "
                        "tahunan mana yang dilaksanakannya. Tautkan ke "
                        "%(jenis_kecil)s Renstra asalnya."
                    )
                    % {
                        "jenis": elemen.get_jenis_display(),
                        "jenis_kecil": elemen.get_jenis_display().lower(),
                    },
                    elemen=elemen,
                )

    def _check_targets(self) -> None:
        for indikator in self.indikator:
            elemen = self.elemen[indikator.elemen_id]
            dokumen = self.dokumen[elemen.dokumen_id]
            missing = [
                str(tahun)
                for tahun in dokumen.rentang_tahun
                if not self._target_ada(indikator.pk, dokumen.pk, tahun)
            ]
            if missing:
                self._add(
                    "target_tidak_lengkap",
                    GALAT,
                    _(
                        "Indikator ini belum punya target %(dokumen)s untuk "
                        "tahun %(tahun)s, jadi capaiannya tahun itu tidak dapat "
                        "dihitung. Isi target tahunannya."
                    )
                    % {"dokumen": dokumen.kode, "tahun": ", ".join(missing)},
                    indikator=indikator,
                    nilai=tuple(missing),
                )
            if dokumen.jenis == Dokumen.Jenis.RENJA:
                self._compare_renstra_target(indikator, elemen, dokumen)

    def _target_ada(self, indikator_id: int, dokumen_id: int, tahun: int) -> bool:
        target = self.target.get((indikator_id, dokumen_id, tahun))
        return target is not None and target.has_value()

    def _compare_renstra_target(
        self, indikator: Indikator, elemen: Elemen, dokumen: Dokumen
    ) -> None:
        renja = self.target.get((indikator.pk, dokumen.pk, self.tahun))
        if renja is None or not renja.has_value():
            return
        uraian = normalize_uraian(indikator.uraian)
        for source in self._source_renstra(elemen):
            if source.dokumen_id not in self.dokumen:
                continue
            for asal in self.indikator_elemen.get(source.pk, []):
                if normalize_uraian(asal.uraian) != uraian:
                    continue
                renstra = self.target.get((asal.pk, source.dokumen_id, self.tahun))
                if renstra is None or not renstra.has_value():
                    continue
                nilai_renja, nilai_renstra = (
                    format_target(renja),
                    format_target(renstra),
                )
                if nilai_renja == nilai_renstra:
                    continue
                self._add(
                    "target_renja_berbeda",
                    PERINGATAN,
                    _(
                        "Target %(tahun)s di Renja %(renja)s berbeda dengan "
                        "target Renstra %(renstra)s (%(asal)s). Samakan, atau "
                        "catat alasan perubahannya bila memang disengaja."
                    )
                    % {
                        "tahun": self.tahun,
                        "renja": nilai_renja,
                        "renstra": nilai_renstra,
                        "asal": asal.kode,
                    },
                    indikator=indikator,
                    nilai=(nilai_renja, nilai_renstra),
                )

    def _check_nomenklatur(self) -> None:
        for elemen in self.elemen.values():
            tingkat = JENIS_NOMENKLATUR.get(elemen.jenis)
            if tingkat is None:
                continue
            kode = elemen.nomenklatur.strip()
            if not kode:
                self._add(
                    "nomenklatur_kosong",
                    GALAT,
                    _(
                        "%(jenis)s ini tidak punya kode nomenklatur, jadi tidak "
                        "dapat dicocokkan dengan anggaran dan SIPD. Pilih "
                        "kodenya dari nomenklatur."
                    )
                    % {"jenis": elemen.get_jenis_display()},
                    elemen=elemen,
                )
                continue
            if self.versi is None:
                continue
            found = [
                self.nomenklatur[code]
                for code in nomenklatur_lookup_codes(kode)
                if code in self.nomenklatur
            ]
            if not found:
                self._add(
                    "nomenklatur_tidak_dikenal",
                    GALAT,
                    _(
                        "Kode %(kode)s tidak ada di nomenklatur yang berlaku "
                        "tahun %(tahun)s (%(versi)s). Perbaiki kodenya, atau "
                        "muat versi nomenklatur yang memuatnya."
                    )
                    % {"kode": kode, "tahun": self.tahun, "versi": self.versi},
                    elemen=elemen,
                    nilai=(kode,),
                )
            elif tingkat not in found:
                self._add(
                    "nomenklatur_tingkat_salah",
                    GALAT,
                    _(
                        "Kode %(kode)s adalah kode %(tingkat)s, bukan kode "
                        "%(jenis)s. Pilih kode tingkat %(jenis)s."
                    )
                    % {
                        "kode": kode,
                        "tingkat": Nomenklatur.Tingkat(found[0]).label.lower(),
                        "jenis": elemen.get_jenis_display().lower(),
                    },
                    elemen=elemen,
                    nilai=(kode,),
                )

    def _check_indikator(self) -> None:
        chains: dict[int, list[Elemen]] = {}
        for indikator in self.indikator:
            elemen = self.elemen[indikator.elemen_id]
            if indikator.iku and not indikator.definisi.strip():
                self._add(
                    "iku_tanpa_definisi",
                    GALAT,
                    _(
                        "IKU ini tidak punya definisi operasional, jadi tidak "
                        "jelas apa yang diukur dan bagaimana menghitungnya. "
                        "Tulis definisi operasional dan rumusnya."
                    ),
                    indikator=indikator,
                )
            if elemen.jenis in JENIS_HASIL and reads_as_activity(indikator.uraian):
                self._add(
                    "indikator_keluaran",
                    PERINGATAN,
                    _(
                        "Indikator %(jenis)s seharusnya mengukur hasil "
                        "(outcome), tetapi indikator ini menghitung kegiatan, "
                        "rapat atau dokumen. Ganti dengan ukuran perubahan yang "
                        "dihasilkan, atau pindahkan ke tingkat kegiatan."
                    )
                    % {"jenis": elemen.get_jenis_display().lower()},
                    indikator=indikator,
                )
            if elemen.pk not in chains:
                chains[elemen.pk] = self._upper_chain(elemen)
            self._check_repeated(indikator, elemen, chains[elemen.pk])

    def _upper_chain(self, elemen: Elemen) -> list[Elemen]:
        """Return every elemen above ``elemen`` in its cascade: its ancestors, what
        they support or come from, and their ancestors, of the loaded plans."""
        found: dict[int, Elemen] = {}
        stack = [elemen]
        while stack:
            node = stack.pop()
            for upper in self._ancestors(node)[1:]:
                if upper.pk not in found and upper.pk != elemen.pk:
                    found[upper.pk] = upper
                    stack.append(upper)
            for tautan in self.tautan_dari.get(node.pk, []):
                upper = self.elemen.get(tautan.ke_id)
                if upper is not None and upper.pk not in found:
                    found[upper.pk] = upper
                    stack.append(upper)
        return list(found.values())

    def _check_repeated(
        self, indikator: Indikator, elemen: Elemen, chain: list[Elemen]
    ) -> None:
        uraian = normalize_uraian(indikator.uraian)
        for upper in chain:
            if upper.jenis == elemen.jenis:
                continue
            for other in self.indikator_elemen.get(upper.pk, []):
                if normalize_uraian(other.uraian) != uraian:
                    continue
                self._add(
                    "indikator_berulang",
                    PERINGATAN,
                    _(
                        "Indikator ini sama persis dengan %(lain)s pada "
                        "%(jenis_lain)s %(elemen_lain)s. Tiap tingkat kaskade "
                        "perlu ukurannya sendiri: %(jenis)s mengukur "
                        "sumbangannya pada %(jenis_lain)s, bukan hal yang sama."
                    )
                    % {
                        "lain": other.kode,
                        "jenis_lain": upper.get_jenis_display().lower(),
                        "elemen_lain": upper.kode,
                        "jenis": elemen.get_jenis_display().lower(),
                    },
                    indikator=indikator,
                    nilai=(indikator.kode, other.kode),
                )


def check_years() -> list[int]:
    """Return the years that have a yearly target, oldest first: the years
    that a check can be run for."""
    return sorted(
        Target.objects.filter(periode=Periode.TAHUNAN)
        .values_list("tahun", flat=True)
        .distinct()
    )


def default_check_year(years: list[int], this_year: int) -> int:
    """Return the latest year with targets that is not after ``this_year``.

    When every such year is later, return the first; when there is none,
    ``this_year``."""
    past = [year for year in years if year <= this_year]
    if past:
        return past[-1]
    return years[0] if years else this_year


def all_jenis() -> dict[str, str]:
    """Return the heading of every jenis of finding, planning's own first,
    then those of the registered checks."""
    return {**JENIS_TEMUAN, **registered_jenis()}


def group_by_jenis(temuan: list[Temuan]) -> list[tuple[str, str, list[Temuan]]]:
    """Group findings by jenis, in the order of ``all_jenis()``, as
    (jenis, heading, findings); empty groups are left out."""
    groups: dict[str, list[Temuan]] = defaultdict(list)
    for item in temuan:
        groups[item.jenis].append(item)
    headings = all_jenis()
    order = [*headings, *sorted(set(groups) - set(headings))]
    return [
        (jenis, str(headings.get(jenis, jenis)), groups[jenis])
        for jenis in order
        if groups.get(jenis)
    ]
