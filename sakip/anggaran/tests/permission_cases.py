from sakip.core.tests.permission_cases import CREATE, EDIT, POST_ONLY, READ, Case
from sakip.perencanaan.models import Dokumen, Elemen


def _sub_kegiatan(objects: dict, key: str) -> Elemen:
    """A sub kegiatan of a 2025 Renja of OPD ``key``, made once per test."""
    name = f"sub_kegiatan_anggaran_{key}"
    if name not in objects:
        renja = Dokumen.objects.create(
            kode=f"RENJA-ANGGARAN-{key.upper()}-2025",
            jenis=Dokumen.Jenis.RENJA,
            unit=objects[f"opd_{key}"],
            tahun_awal=2025,
        )
        objects[name] = Elemen.objects.create(
            kode=f"SUBKEG-ANGGARAN-{key.upper()}",
            dokumen=renja,
            jenis=Elemen.Jenis.SUB_KEGIATAN,
            uraian="Sub kegiatan",
        )
    return objects[name]


def url_cases(objects: dict) -> dict[str, Case]:
    return {
        # An OPD user is sent on to their own OPD's page, which they may see.
        "anggaran:anggaran_pemda": Case(READ, {"pemda": {}}),
        "anggaran:anggaran_opd": Case(
            READ,
            {"a": {"pk": objects["opd_a"].pk}, "b": {"pk": objects["opd_b"].pk}},
        ),
        "anggaran:keuangan_edit": Case(
            EDIT,
            {
                "a": {"pk": _sub_kegiatan(objects, "a").pk},
                "b": {"pk": _sub_kegiatan(objects, "b").pk},
            },
        ),
        # Writes pagu: Admin Bappeda for any OPD, an Operator OPD for their own.
        "anggaran:sipd_periksa": Case(CREATE, {"pemda": {}}),
        "anggaran:sipd_simpan": Case(POST_ONLY, {"pemda": {}}),
    }
