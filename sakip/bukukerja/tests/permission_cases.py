from sakip.core.tests.permission_cases import ADMIN, Case


# Admin Bappeda only, because the workbook holds every OPD's rows.
def url_cases(objects: dict) -> dict[str, Case]:
    impor = {"pemda": {"pk": objects["impor"].pk}}
    return {
        "bukukerja:impor_create": Case(ADMIN, {"pemda": {}}),
        "bukukerja:impor_detail": Case(ADMIN, impor),
        "bukukerja:impor_progres": Case(ADMIN, impor),
        "bukukerja:ekspor": Case(ADMIN, {"pemda": {}}),
    }
