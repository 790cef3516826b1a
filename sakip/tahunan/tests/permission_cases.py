from sakip.core.tests.permission_cases import ADMIN, CREATE, EDIT, READ, Case
from sakip.perencanaan.models import Dokumen


def _renja(objects: dict, key: str) -> Dokumen:
    """The Renja of 2025 of OPD ``key``, made once per test."""
    name = f"renja_{key}"
    if name not in objects:
        objects[name] = Dokumen.objects.create(
            kode=f"RENJA-{key.upper()}-2025",
            jenis=Dokumen.Jenis.RENJA,
            unit=objects[f"opd_{key}"],
            nama=f"Renja {key.upper()} 2025",
            tahun_awal=2025,
        )
    return objects[name]


def url_cases(objects: dict) -> dict[str, Case]:
    return {
        "tahunan:renja_list": Case(READ, {"pemda": {}}),
        "tahunan:renja_create": Case(CREATE, {"pemda": {}}),
        "tahunan:pagu_edit": Case(
            EDIT,
            {
                "a": {"pk": _renja(objects, "a").pk},
                "b": {"pk": _renja(objects, "b").pk},
            },
        ),
        "tahunan:rkpd_create": Case(ADMIN, {"pemda": {}}),
        # The Permendagri 86/2017 matrices; a Renstra and a Renja belong to an
        # OPD, so there is no Pemda-wide object.
        "tahunan:matriks_renstra": Case(
            READ,
            {
                "a": {"pk": objects["renstra_a"].pk},
                "b": {"pk": objects["renstra_b"].pk},
            },
        ),
        "tahunan:matriks_renja": Case(
            READ,
            {
                "a": {"pk": _renja(objects, "a").pk},
                "b": {"pk": _renja(objects, "b").pk},
            },
        ),
    }
