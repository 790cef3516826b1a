"""The account pages: enrolling and entering the two-factor code."""

from sakip.core.tests.permission_cases import READ, Case


def url_cases(objects: dict) -> dict[str, Case]:
    return {
        "akun:dua_faktor_daftar": Case(READ, {"pemda": {}}),
        "akun:dua_faktor_verifikasi": Case(READ, {"pemda": {}}),
    }
