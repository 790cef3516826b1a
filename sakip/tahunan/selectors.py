"""Questions the yearly-plan pages ask, each answered in a fixed number of
queries; the sums of pagu indikatif are computed by the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet, Sum

from sakip.perencanaan.models import Dokumen, Elemen

from .models import PaguIndikatif

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna


@dataclass
class BarisPagu:
    """One row of the pagu indikatif table: a program, kegiatan or sub
    kegiatan with its pagu (its own for a sub kegiatan, the sum of its sub
    kegiatan for a program or kegiatan)."""

    elemen: Elemen
    pagu: int | None = None
    prakiraan_maju: int | None = None
    anak: list[BarisPagu] = field(default_factory=list)


@dataclass
class TabelPagu:
    """The pagu indikatif of one Renja: its programs as a tree, and the total."""

    program: list[BarisPagu]
    total_pagu: int | None
    total_prakiraan_maju: int | None

    def baris(self) -> list[BarisPagu]:
        """Return every row, depth first, in the order of the table."""
        result = []
        stack = list(reversed(self.program))
        while stack:
            row = stack.pop()
            result.append(row)
            stack.extend(reversed(row.anak))
        return result


def renja_list(*, user: Pengguna) -> QuerySet[Dokumen]:
    """Return the Renjas ``user`` may see, newest year first, then by OPD.

    Each carries ``total_pagu``, the sum of its sub kegiatan's pagu indikatif.
    """
    return (
        Dokumen.objects.visible_to(user)
        .filter(jenis=Dokumen.Jenis.RENJA)
        .select_related("unit")
        .annotate(
            total_pagu=Sum(
                "elemen__pagu_indikatif__pagu",
                filter=Q(elemen__jenis=Elemen.Jenis.SUB_KEGIATAN),
            )
        )
        .order_by("-tahun_awal", "unit__urutan", "unit__kode", "kode")
    )


def rkpd_list(*, user: Pengguna) -> QuerySet[Dokumen]:
    return (
        Dokumen.objects.visible_to(user)
        .filter(jenis=Dokumen.Jenis.RKPD)
        .select_related("unit")
        .order_by("-tahun_awal", "kode")
    )


def renstra_editable_list(*, user: Pengguna) -> QuerySet[Dokumen]:
    """Return the current Renstra versions from which ``user`` may make a Renja."""
    return (
        Dokumen.objects.editable_by(user)
        .filter(jenis=Dokumen.Jenis.RENSTRA, versi_berikutnya__isnull=True)
        .select_related("unit")
        .order_by("unit__urutan", "unit__kode", "-tahun_awal")
    )


def pagu_table(*, renja: Dokumen) -> TabelPagu:
    """Build the pagu indikatif table of ``renja``.

    Five queries whatever the size: the elemen, the pagu of each sub kegiatan,
    their sums per kegiatan, per program and in total. A sum counts the sub
    kegiatan directly under a kegiatan, and the kegiatan directly under a
    program.
    """
    tahun = renja.tahun_awal
    elemen = list(
        Elemen.objects.filter(dokumen=renja, jenis__in=Elemen.JENIS_BERKODE).order_by(
            "urutan", "kode"
        )
    )
    sub_kegiatan = PaguIndikatif.objects.filter(
        elemen__dokumen=renja,
        elemen__jenis=Elemen.Jenis.SUB_KEGIATAN,
        tahun=tahun,
    )
    sendiri = {
        row["elemen_id"]: row
        for row in sub_kegiatan.values("elemen_id", "pagu", "prakiraan_maju")
    }
    per_kegiatan = _sum_by(sub_kegiatan, "elemen__induk")
    per_program = _sum_by(sub_kegiatan, "elemen__induk__induk")
    total = sub_kegiatan.aggregate(pagu=Sum("pagu"), maju=Sum("prakiraan_maju"))

    rows = {}
    for item in elemen:
        if item.jenis == Elemen.Jenis.SUB_KEGIATAN:
            values = sendiri.get(item.pk, {})
        elif item.jenis == Elemen.Jenis.KEGIATAN:
            values = per_kegiatan.get(item.pk, {})
        else:
            values = per_program.get(item.pk, {})
        rows[item.pk] = BarisPagu(
            elemen=item,
            pagu=values.get("pagu"),
            prakiraan_maju=values.get("prakiraan_maju"),
        )
    roots = []
    for row in rows.values():
        parent = rows.get(row.elemen.induk_id)
        if parent is None:
            roots.append(row)
        else:
            parent.anak.append(row)
    return TabelPagu(
        program=roots, total_pagu=total["pagu"], total_prakiraan_maju=total["maju"]
    )


def _sum_by(pagu: QuerySet[PaguIndikatif], path: str) -> dict[int, dict]:
    rows = (
        pagu.order_by()
        .values(path)
        .annotate(jumlah_pagu=Sum("pagu"), jumlah_maju=Sum("prakiraan_maju"))
    )
    return {
        row[path]: {"pagu": row["jumlah_pagu"], "prakiraan_maju": row["jumlah_maju"]}
        for row in rows
        if row[path] is not None
    }
