from sakip.core.tests.permission_cases import CREATE, EDIT, POST_ONLY, READ, Case


def url_cases(objects: dict) -> dict[str, Case]:
    return {
        "perencanaan:dokumen_list": Case(READ, {"pemda": {}}),
        # A new, empty RPJMD or Renstra.
        "perencanaan:dokumen_create": Case(CREATE, {"pemda": {}}),
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
                "dokumen_publikasikan",
                "dokumen_tarik_publikasi",
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
        # The pohon kinerja and the crosscutting sasaran.
        **{
            f"perencanaan:{name}": Case(READ, {"pemda": {}})
            for name in ("pohon_pemda", "pohon_pemda_svg", "crosscutting")
        },
        **{
            f"perencanaan:{name}": Case(
                READ,
                {"a": {"pk": objects["opd_a"].pk}, "b": {"pk": objects["opd_b"].pk}},
            )
            for name in ("pohon_opd", "pohon_opd_svg")
        },
        # The PDFs take a second each to draw, so one user of each OPD is
        # enough: test_pages_pohon.py opens them.
        **{
            f"perencanaan:{name}": Case(READ, {})
            for name in ("pohon_pemda_pdf", "pohon_opd_pdf")
        },
        # Editing a document's content: the forms are edit pages, the
        # deletions take a POST.
        **{
            f"perencanaan:{name}": Case(EDIT, _dokumen_scopes(objects))
            for name in ("elemen_create", "nomenklatur_search")
        },
        **{
            f"perencanaan:{name}": Case(EDIT, _elemen_scopes(objects))
            for name in (
                "elemen_row",
                "elemen_update",
                "elemen_unit_pj",
                "tautan_add",
                "indikator_create",
            )
        },
        **{
            f"perencanaan:{name}": Case(EDIT, _indikator_scopes(objects))
            for name in ("indikator_update", "target_edit")
        },
        "perencanaan:elemen_delete": Case(POST_ONLY, _elemen_scopes(objects)),
        "perencanaan:indikator_delete": Case(POST_ONLY, _indikator_scopes(objects)),
        "perencanaan:tautan_remove": Case(
            POST_ONLY,
            {
                "a": {"pk": objects["sasaran_a"].tautan_keluar.get().pk},
                "b": {"pk": objects["sasaran_b"].tautan_keluar.get().pk},
            },
        ),
    }


def _elemen_scopes(objects: dict) -> dict[str, dict]:
    return {
        "pemda": {"pk": objects["sasaran"].pk},
        "a": {"pk": objects["sasaran_a"].pk},
        "b": {"pk": objects["sasaran_b"].pk},
    }


def _indikator_scopes(objects: dict) -> dict[str, dict]:
    return {
        "pemda": {"pk": objects["iku"].pk},
        "a": {"pk": objects["indikator_a"].pk},
        "b": {"pk": objects["indikator_b"].pk},
    }


def _dokumen_scopes(objects: dict) -> dict[str, dict]:
    return {
        "pemda": {"pk": objects["rpjmd"].pk},
        "a": {"pk": objects["renstra_a"].pk},
        "b": {"pk": objects["renstra_b"].pk},
    }
