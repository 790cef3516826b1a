from sakip.core.tests.permission_cases import POST_ONLY, READ, Case


# Each user sees only their own notifications, whatever their role or OPD; the
# page tests check that. Opening one is a POST, so any primary key will do.
def url_cases(objects: dict) -> dict[str, Case]:
    return {
        "notifikasi:notifikasi_list": Case(READ, {"pemda": {}}),
        "notifikasi:notifikasi_buka": Case(POST_ONLY, {"pemda": {"pk": 1}}),
        "notifikasi:notifikasi_baca_semua": Case(POST_ONLY, {"pemda": {}}),
    }
