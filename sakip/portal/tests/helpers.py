"""Published documents for the portal's tests, written directly so that a
test states only what it is about."""

from __future__ import annotations

import datetime
from decimal import Decimal

from sakip.perencanaan.models import Dokumen, Indikator, Target
from sakip.perjanjian.models import BarisPK, Jabatan, Level, PerjanjianKinerja


def publish(dokumen: Dokumen) -> Dokumen:
    """Mark ``dokumen`` ditetapkan and published, bypassing the workflow."""
    Dokumen.objects.filter(pk=dokumen.pk).update(
        status=Dokumen.Status.DITETAPKAN, dipublikasikan=True
    )
    dokumen.refresh_from_db()
    return dokumen


def make_signed_pk(
    *,
    unit,
    sumber: Dokumen,
    kode: str,
    tahun: int = 2025,
    published: bool = True,
    baris: tuple[tuple[Indikator, Decimal], ...] = (),
) -> PerjanjianKinerja:
    """A signed Kepala Daerah PK of ``unit`` with a row per (indikator,
    target) of ``baris``, published unless ``published`` is False."""
    jabatan, _created = Jabatan.objects.get_or_create(
        unit=unit, level=Level.KEPALA_DAERAH, defaults={"nama": "Bupati Contoh"}
    )
    dokumen = Dokumen.objects.create(
        kode=kode,
        jenis=Dokumen.Jenis.PK,
        unit=unit,
        nama=f"Perjanjian Kinerja {kode}",
        tahun_awal=tahun,
    )
    perjanjian = PerjanjianKinerja.objects.create(
        dokumen=dokumen,
        level=Level.KEPALA_DAERAH,
        unit=unit,
        tahun=tahun,
        tanggal=datetime.date(tahun, 1, 15),
        sumber=sumber,
        pihak_pertama_jabatan=jabatan,
        pihak_pertama_nama_jabatan=jabatan.nama,
        pihak_pertama_nama="Bupati Contoh",
        status=PerjanjianKinerja.Status.DITANDATANGANI,
    )
    for urutan, (indikator, nilai) in enumerate(baris):
        target = Target.objects.create(
            indikator=indikator, dokumen=dokumen, tahun=tahun, nilai=nilai
        )
        BarisPK.objects.create(
            perjanjian=perjanjian, indikator=indikator, target=target, urutan=urutan
        )
    # Signed last: the rows of a ditetapkan document can no longer be saved.
    Dokumen.objects.filter(pk=dokumen.pk).update(
        status=Dokumen.Status.DITETAPKAN, dipublikasikan=published
    )
    perjanjian.dokumen.refresh_from_db()
    return perjanjian
