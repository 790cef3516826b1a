from sakip.core.tests.permission_cases import ADMIN, POST_ONLY, Case


def url_cases(objects: dict) -> dict[str, Case]:
    return {
        "arsip:audit_list": Case(ADMIN, {"pemda": {}}),
        "arsip:tahun_list": Case(ADMIN, {"pemda": {}}),
        "arsip:tahun_tutup": Case(POST_ONLY, {"pemda": {}}),
        "arsip:tahun_buka": Case(POST_ONLY, {"pemda": {"tahun": 2025}}),
    }
