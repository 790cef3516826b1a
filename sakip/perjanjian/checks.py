"""The Perjanjian Kinerja part of the planning consistency check.

``check_perjanjian`` is registered with ``sakip.core.checks_registry`` in
``PerjanjianConfig.ready()``, so ``check_plans`` lists its findings with its
own. It reads the plans, PKs, posts, officials and rencana aksi targets of the
year in seven queries, whatever their size, and checks four things: that a
PK target equals its source target or says why not, that every unit that
should have a PK has one, that every PK and every such unit has an official,
and that every PK target has a rencana aksi.

Which unit should have a PK follows ``pk_buat_dari_sumber``: the Pemda when an
RKPD of the year is in force, each OPD with a Renja, and each bidang that is
the unit penanggung jawab of a Renja program (Kepala Bidang) or of a Renja
kegiatan or sub kegiatan (PPTK). A bidang has one PPTK post (``Jabatan``
allows one post per level of a unit), so a bidang has at most one PPTK PK.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sakip.organisasi.models import Unit
from sakip.perencanaan.checks import GALAT, PERINGATAN, Temuan, format_target
from sakip.perencanaan.models import Dokumen, Elemen, Periode, Target

from .models import BarisPK, Jabatan, Level, PerjanjianKinerja

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

# Each kind of finding and its heading, in the order the page lists them.
JENIS_TEMUAN_PK = {
    "pk_target_berbeda": gettext_lazy("Target PK berbeda dengan target sumbernya"),
    "pk_tidak_ada": gettext_lazy("Unit yang belum memiliki PK"),
    "pk_tanpa_pejabat": gettext_lazy("PK atau unit tanpa pejabat"),
    "pk_tanpa_renaksi": gettext_lazy("Target PK tanpa rencana aksi"),
}
PERIODE_TRIWULAN = (Periode.TW1, Periode.TW2, Periode.TW3, Periode.TW4)
# The Renja elemen whose unit penanggung jawab signs a PK of that level.
LEVEL_ELEMEN = {
    Elemen.Jenis.PROGRAM: Level.KEPALA_BIDANG,
    Elemen.Jenis.KEGIATAN: Level.PPTK,
    Elemen.Jenis.SUB_KEGIATAN: Level.PPTK,
}


def check_perjanjian(tahun: int, user: Pengguna | None = None) -> list[Temuan]:
    """List what is inconsistent in the Perjanjian Kinerja of ``tahun``. With
    ``user``, only the plans and PKs that user may see count. Seven queries."""
    return _PemeriksaPK(tahun=tahun, user=user).run()


def _has_holder_on(jabatan: Jabatan, tanggal: datetime.date) -> bool:
    return any(
        p.mulai <= tanggal and (p.selesai is None or p.selesai >= tanggal)
        for p in jabatan.penugasan.all()
    )


class _PemeriksaPK:
    def __init__(self, *, tahun: int, user: Pengguna | None) -> None:
        self.tahun = tahun
        self.user = user
        self.temuan: list[Temuan] = []

    def run(self) -> list[Temuan]:
        self._load()
        self._check_targets()
        self._check_missing()
        self._check_pejabat()
        return self.temuan

    def _load(self) -> None:
        plans = Dokumen.objects.filter(
            Q(tahun_akhir__gte=self.tahun)
            | Q(tahun_akhir__isnull=True, tahun_awal=self.tahun),
            tahun_awal__lte=self.tahun,
            jenis__in=[Dokumen.Jenis.RKPD, Dokumen.Jenis.RENJA],
            versi_berikutnya__isnull=True,
        ).select_related("unit")
        perjanjian = PerjanjianKinerja.objects.filter(
            tahun=self.tahun, dokumen__versi_berikutnya__isnull=True
        ).select_related("unit", "dokumen", "sumber")
        if self.user is not None:
            plans = plans.visible_to(self.user)
            perjanjian = perjanjian.visible_to(self.user)

        # (unit id, level) -> (unit kode, unit nama, source document kode).
        self.expected: dict[tuple[int, str], tuple[str, str, str]] = {}
        renja_ids = []
        for dokumen in plans.order_by("unit__urutan", "unit__kode", "kode"):
            if dokumen.jenis == Dokumen.Jenis.RKPD:
                level = Level.KEPALA_DAERAH
            else:
                level = Level.KEPALA_OPD
                renja_ids.append(dokumen.pk)
            key = (dokumen.unit_id, level)
            unit = dokumen.unit
            self.expected.setdefault(key, (unit.kode, unit.nama, dokumen.kode))
        penanggung_jawab = (
            Elemen.objects.filter(
                dokumen_id__in=renja_ids,
                jenis__in=list(LEVEL_ELEMEN),
                unit_pj__jenis=Unit.Jenis.BIDANG,
            )
            .values_list(
                "jenis", "unit_pj_id", "unit_pj__kode", "unit_pj__nama", "dokumen__kode"
            )
            .order_by("unit_pj__urutan", "unit_pj__kode", "jenis")
            .distinct()
        )
        for jenis, unit_id, kode, nama, dokumen_kode in penanggung_jawab:
            key = (unit_id, LEVEL_ELEMEN[jenis])
            self.expected.setdefault(key, (kode, nama, dokumen_kode))

        self.perjanjian = list(perjanjian)
        self.ada = {(pk.unit_id, pk.level) for pk in self.perjanjian}
        jabatan_ids = {
            jabatan_id
            for pk in self.perjanjian
            for jabatan_id in (pk.pihak_pertama_jabatan_id, pk.pihak_kedua_jabatan_id)
            if jabatan_id is not None
        }
        units = {unit_id for unit_id, _level in self.expected}
        jabatan = Jabatan.objects.filter(
            Q(unit_id__in=units) | Q(pk__in=jabatan_ids)
        ).prefetch_related("penugasan")
        self.jabatan = {item.pk: item for item in jabatan}
        self.jabatan_unit = {(j.unit_id, j.level) for j in self.jabatan.values()}

        self.baris: dict[int, list[BarisPK]] = defaultdict(list)
        for baris in BarisPK.objects.filter(
            perjanjian__in=[pk.pk for pk in self.perjanjian]
        ).select_related("indikator", "target", "target_sumber"):
            self.baris[baris.perjanjian_id].append(baris)

        indikator_ids = {b.indikator_id for rows in self.baris.values() for b in rows}
        self.renaksi = set(
            Target.objects.filter(
                dokumen__jenis=Dokumen.Jenis.RENAKSI,
                dokumen__versi_berikutnya__isnull=True,
                tahun=self.tahun,
                periode__in=PERIODE_TRIWULAN,
                indikator_id__in=indikator_ids,
            )
            .values_list("indikator_id", "dokumen__unit_id")
            .distinct()
        )

    def _add_baris(
        self,
        jenis: str,
        tingkat: str,
        pesan: str,
        *,
        perjanjian: PerjanjianKinerja,
        baris: BarisPK,
        nilai: tuple[str, ...] = (),
    ) -> None:
        self.temuan.append(
            Temuan(
                kode=baris.indikator.kode,
                jenis=jenis,
                tingkat=tingkat,
                pesan=pesan,
                dokumen=perjanjian.dokumen.kode,
                unit=perjanjian.unit.nama,
                nilai=nilai,
                indikator_id=baris.indikator_id,
            )
        )

    def _check_targets(self) -> None:
        for perjanjian in self.perjanjian:
            for baris in self.baris.get(perjanjian.pk, []):
                self._compare_target(perjanjian, baris)
                if (baris.indikator_id, perjanjian.unit_id) not in self.renaksi:
                    self._add_baris(
                        "pk_tanpa_renaksi",
                        PERINGATAN,
                        _(
                            "Target PK ini belum dijabarkan dalam rencana aksi "
                            "%(unit)s tahun %(tahun)s: tidak ada target triwulan "
                            "(TW I–TW IV) untuk indikator ini, jadi kemajuannya "
                            "selama tahun berjalan tidak dapat dipantau. Susun "
                            "rencana aksinya dengan target tiap triwulan."
                        )
                        % {"unit": perjanjian.unit.nama, "tahun": self.tahun},
                        perjanjian=perjanjian,
                        baris=baris,
                    )

    def _compare_target(self, perjanjian: PerjanjianKinerja, baris: BarisPK) -> None:
        nilai_pk = format_target(baris.target)
        sumber = baris.target_sumber
        nilai_sumber = format_target(sumber) if sumber is not None else "—"
        if nilai_pk == nilai_sumber:
            return
        values = {
            "pk": nilai_pk,
            "sumber": nilai_sumber,
            "dokumen": perjanjian.sumber.kode,
            "alasan": baris.alasan_perubahan_target.strip(),
        }
        if not values["alasan"]:
            self._add_baris(
                "pk_target_berbeda",
                GALAT,
                _(
                    "Target PK %(pk)s berbeda dengan target %(dokumen)s "
                    "%(sumber)s, tanpa alasan perubahan. Samakan target PK "
                    "dengan target sumbernya, atau catat alasan perubahannya "
                    "pada baris PK ini."
                )
                % values,
                perjanjian=perjanjian,
                baris=baris,
                nilai=(nilai_pk, nilai_sumber),
            )
            return
        self._add_baris(
            "pk_target_berbeda",
            PERINGATAN,
            _(
                "Target PK %(pk)s berbeda dengan target %(dokumen)s %(sumber)s, "
                "dengan alasan: %(alasan)s. Periksa bahwa alasan itu masih "
                "berlaku; bila tidak, samakan targetnya."
            )
            % values,
            perjanjian=perjanjian,
            baris=baris,
            nilai=(nilai_pk, nilai_sumber),
        )

    def _reason(self, level: str, dokumen: str) -> str:
        if level == Level.KEPALA_DAERAH:
            text = _("RKPD %(dokumen)s berlaku tahun itu")
        elif level == Level.KEPALA_OPD:
            text = _("unit ini memiliki Renja %(dokumen)s")
        elif level == Level.KEPALA_BIDANG:
            text = _("bidang ini penanggung jawab program di Renja %(dokumen)s")
        else:
            text = _(
                "bidang ini penanggung jawab kegiatan atau sub kegiatan di "
                "Renja %(dokumen)s"
            )
        return text % {"dokumen": dokumen}

    def _check_missing(self) -> None:
        for (unit_id, level), (kode, nama, dokumen) in self.expected.items():
            if (unit_id, level) in self.ada:
                continue
            values = {
                "unit": nama,
                "level": Level(level).label,
                "tahun": self.tahun,
                "dokumen": dokumen,
                "alasan": self._reason(level, dokumen),
            }
            self.temuan.append(
                Temuan(
                    kode=kode,
                    jenis="pk_tidak_ada",
                    tingkat=GALAT,
                    pesan=_(
                        "%(unit)s belum memiliki PK %(level)s tahun %(tahun)s, "
                        "padahal %(alasan)s, jadi targetnya tidak diperjanjikan "
                        "oleh siapa pun. Buat PK-nya dari %(dokumen)s di halaman "
                        "Perjanjian Kinerja."
                    )
                    % values,
                    dokumen=dokumen,
                    unit=nama,
                    nilai=(str(level),),
                )
            )
            if (unit_id, level) not in self.jabatan_unit:
                self.temuan.append(
                    Temuan(
                        kode=kode,
                        jenis="pk_tanpa_pejabat",
                        tingkat=GALAT,
                        pesan=_(
                            "%(unit)s belum mencatat jabatan %(level)s, jadi PK "
                            "%(level)s-nya tidak dapat dibuat karena penanda "
                            "tangannya tidak diketahui. Catat jabatan itu dan "
                            "pejabatnya di halaman Pejabat."
                        )
                        % values,
                        dokumen=dokumen,
                        unit=nama,
                        nilai=(str(level),),
                    )
                )

    def _check_pejabat(self) -> None:
        for perjanjian in self.perjanjian:
            for jabatan_id in (
                perjanjian.pihak_pertama_jabatan_id,
                perjanjian.pihak_kedua_jabatan_id,
            ):
                jabatan = self.jabatan.get(jabatan_id)
                if jabatan is None or _has_holder_on(jabatan, perjanjian.tanggal):
                    continue
                self.temuan.append(
                    Temuan(
                        kode=perjanjian.dokumen.kode,
                        jenis="pk_tanpa_pejabat",
                        tingkat=GALAT,
                        pesan=_(
                            "Menurut data pejabat, jabatan %(jabatan)s tidak "
                            "dipegang siapa pun pada tanggal PK ini "
                            "(%(tanggal)s), jadi penanda tangannya tidak "
                            "tercatat. Catat penugasan pejabat (definitif, Plt "
                            "atau Plh) pada tanggal itu, atau perbaiki tanggal "
                            "PK."
                        )
                        % {
                            "jabatan": jabatan.nama,
                            "tanggal": date_format(perjanjian.tanggal, "j F Y"),
                        },
                        dokumen=perjanjian.dokumen.kode,
                        unit=perjanjian.unit.nama,
                        nilai=(jabatan.nama, perjanjian.tanggal.isoformat()),
                    )
                )
