from sakip.core.tests.permission_cases import READ, Case


def url_cases(objects: dict) -> dict[str, Case]:
    return {
        "pengukuran:dasbor_pemda": Case(READ, {"pemda": {}}),
        "pengukuran:dasbor_opd": Case(
            READ,
            {"a": {"pk": objects["opd_a"].pk}, "b": {"pk": objects["opd_b"].pk}},
        ),
    }
