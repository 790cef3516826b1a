import datetime

from sakip.core.tests.permission_cases import EDIT, POST_ONLY, READ, Case
from sakip.pelaksanaan.models import Aksi, RencanaAksi
from sakip.perencanaan.models import Dokumen, Elemen, Target
from sakip.perencanaan.tests.factories import ElemenFactory, IndikatorFactory
from sakip.perjanjian.models import BarisPK, Jabatan, Level, PerjanjianKinerja


def make_rencana_aksi(unit, level, sumber, indikator_list) -> RencanaAksi:
    """A draft PK of ``unit`` with one row per indikator, its draft rencana
    aksi and one action on the first row, written directly for page tests."""
    # The perjanjian cases may have made the post already.
    jabatan, _created = Jabatan.objects.get_or_create(
        unit=unit, level=level, defaults={"nama": f"Kepala {unit}"}
    )
    pk_dokumen = Dokumen.objects.create(
        kode=f"PK-RA-{unit.kode}-{level}",
        jenis=Dokumen.Jenis.PK,
        unit=unit,
        tahun_awal=2025,
    )
    perjanjian = PerjanjianKinerja.objects.create(
        dokumen=pk_dokumen,
        level=level,
        unit=unit,
        tahun=2025,
        tanggal=datetime.date(2025, 1, 15),
        sumber=sumber,
        pihak_pertama_jabatan=jabatan,
        pihak_pertama_nama_jabatan=jabatan.nama,
        pihak_pertama_nama="Pejabat",
    )
    baris = [
        BarisPK.objects.create(
            perjanjian=perjanjian,
            indikator=indikator,
            target=Target.objects.create(
                indikator=indikator, dokumen=pk_dokumen, tahun=2025, nilai=10
            ),
        )
        for indikator in indikator_list
    ]
    dokumen = Dokumen.objects.create(
        kode=f"RA-{unit.kode}-{level}",
        jenis=Dokumen.Jenis.RENAKSI,
        unit=unit,
        tahun_awal=2025,
    )
    rencana_aksi = RencanaAksi.objects.create(perjanjian=perjanjian, dokumen=dokumen)
    Aksi.objects.create(
        rencana_aksi=rencana_aksi,
        baris=baris[0],
        periode="TW1",
        uraian="Aksi uji",
        unit_pj=unit,
    )
    return rencana_aksi


def _objects(objects: dict) -> dict:
    """Per scope, a rencana aksi: the Kepala Daerah's for the Pemda, and a
    PPTK's with a sub kegiatan row for each OPD."""
    if "rencana_aksi_pemda" not in objects:
        objects["rencana_aksi_pemda"] = make_rencana_aksi(
            objects["rpjmd"].unit,
            Level.KEPALA_DAERAH,
            objects["rpjmd"],
            [objects["iku"]],
        )
        for key in ("a", "b"):
            renstra = objects[f"renstra_{key}"]
            sub_kegiatan = ElemenFactory(
                dokumen=renstra, jenis=Elemen.Jenis.SUB_KEGIATAN
            )
            objects[f"sub_kegiatan_{key}"] = sub_kegiatan
            objects[f"rencana_aksi_{key}"] = make_rencana_aksi(
                objects[f"opd_{key}"],
                Level.PPTK,
                renstra,
                [objects[f"indikator_{key}"], IndikatorFactory(elemen=sub_kegiatan)],
            )
    return {scope: objects[f"rencana_aksi_{scope}"] for scope in ("pemda", "a", "b")}


def url_cases(objects: dict) -> dict[str, Case]:
    rencana = _objects(objects)
    by_pk = {scope: {"pk": ra.pk} for scope, ra in rencana.items()}
    by_perjanjian = {
        scope: {"perjanjian": ra.perjanjian_id} for scope, ra in rencana.items()
    }
    by_baris = {
        scope: {"pk": ra.pk, "baris": ra.perjanjian.baris.first().pk}
        for scope, ra in rencana.items()
    }
    by_elemen = {
        scope: {"pk": rencana[scope].pk, "elemen": objects[f"sub_kegiatan_{scope}"].pk}
        for scope in ("a", "b")
    }
    by_aksi = {scope: {"pk": ra.aksi.get().pk} for scope, ra in rencana.items()}
    return {
        "pelaksanaan:rencana_aksi_list": Case(READ, {"pemda": {}}),
        "pelaksanaan:rencana_aksi_create": Case(POST_ONLY, by_perjanjian),
        "pelaksanaan:rencana_aksi_detail": Case(READ, by_pk),
        "pelaksanaan:rencana_aksi_tetapkan": Case(POST_ONLY, by_pk),
        "pelaksanaan:baris_row": Case(READ, by_baris),
        "pelaksanaan:target_triwulan_edit": Case(EDIT, by_baris),
        "pelaksanaan:aksi_create": Case(EDIT, by_baris),
        "pelaksanaan:fisik_row": Case(READ, by_elemen),
        "pelaksanaan:target_fisik_edit": Case(EDIT, by_elemen),
        "pelaksanaan:aksi_update": Case(EDIT, by_aksi),
        "pelaksanaan:aksi_delete": Case(POST_ONLY, by_aksi),
    }
