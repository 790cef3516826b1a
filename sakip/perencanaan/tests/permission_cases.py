from sakip.core.tests.permission_cases import READ, Case


def url_cases(objects: dict) -> dict[str, Case]:
    return {
        "perencanaan:dokumen_list": Case(READ, {"pemda": {}}),
        "perencanaan:dokumen_detail": Case(
            READ,
            {
                "pemda": {"pk": objects["rpjmd"].pk},
                "a": {"pk": objects["renstra_a"].pk},
                "b": {"pk": objects["renstra_b"].pk},
            },
        ),
        "perencanaan:elemen_detail": Case(
            READ,
            {
                "pemda": {"pk": objects["sasaran"].pk},
                "a": {"pk": objects["sasaran_a"].pk},
                "b": {"pk": objects["sasaran_b"].pk},
            },
        ),
        "perencanaan:indikator_detail": Case(
            READ,
            {
                "pemda": {"pk": objects["iku"].pk},
                "a": {"pk": objects["indikator_a"].pk},
                "b": {"pk": objects["indikator_b"].pk},
            },
        ),
    }
