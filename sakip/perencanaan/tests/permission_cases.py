from sakip.core.tests.permission_cases import POST_ONLY, READ, Case


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
        # The workflow actions take a POST from the document page's forms.
        **{
            f"perencanaan:{name}": Case(POST_ONLY, _dokumen_scopes(objects))
            for name in (
                "dokumen_ajukan",
                "dokumen_kembalikan",
                "dokumen_tetapkan",
                "dokumen_buat_perubahan",
            )
        },
        "perencanaan:dokumen_compare": Case(READ, _dokumen_scopes(objects)),
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
        # The consistency check ("rantai kinerja").
        "perencanaan:rantai_kinerja": Case(READ, {"pemda": {}}),
    }


def _dokumen_scopes(objects: dict) -> dict[str, dict]:
    return {
        "pemda": {"pk": objects["rpjmd"].pk},
        "a": {"pk": objects["renstra_a"].pk},
        "b": {"pk": objects["renstra_b"].pk},
    }
