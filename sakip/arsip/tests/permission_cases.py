from sakip.core.tests.permission_cases import ADMIN, POST_ONLY, READ, Case


def url_cases(objects: dict) -> dict[str, Case]:
    return {
        "arsip:audit_list": Case(ADMIN, {"pemda": {}}),
        "arsip:tahun_list": Case(ADMIN, {"pemda": {}}),
        "arsip:riwayat_panel": Case(
            READ,
            {
                "pemda": {"jenis": "dokumen", "pk": objects["rpjmd"].pk},
                "a": {"jenis": "indikator", "pk": objects["indikator_a"].pk},
                "b": {"jenis": "dokumen", "pk": objects["renstra_b"].pk},
            },
        ),
        "arsip:tahun_tutup": Case(POST_ONLY, {"pemda": {}}),
        "arsip:tahun_buka": Case(POST_ONLY, {"pemda": {"tahun": 2025}}),
    }
