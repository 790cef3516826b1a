"""The API's URLs for the permission matrix.

The walk in ``sakip.core.tests.test_permissions`` expects an anonymous
request to be redirected to the login page, but the API returns 401. So
``url_cases`` lists the API's endpoints without a scope, which that walk
skips, and ``test_api_permissions`` walks ``api_cases`` with the same
expectations except 401 for anonymous, once with the session and once with
a token. The token pages are ordinary pages and stay in the main walk.
"""

from dataclasses import dataclass, field

from sakip.core.tests.permission_cases import POST_ONLY, READ, Case
from sakip.pengukuran.models import Realisasi


@dataclass(frozen=True)
class ApiCase:
    """An endpoint's kind, the URL keyword arguments per scope, and the
    query string every request sends (the required parameters)."""

    kind: str
    scopes: dict[str, dict] = field(default_factory=dict)
    query: str = ""


def api_cases(objects: dict) -> dict[str, ApiCase]:
    realisasi = {
        scope: Realisasi.objects.get(indikator=objects[key]).pk
        for scope, key in (("pemda", "iku"), ("a", "indikator_a"), ("b", "indikator_b"))
    }
    return {
        "api:indikator_list": ApiCase(READ, {"pemda": {}}),
        "api:indikator_target": ApiCase(
            READ,
            {
                "pemda": {"kode": objects["iku"].kode},
                "a": {"kode": objects["indikator_a"].kode},
                "b": {"kode": objects["indikator_b"].kode},
            },
        ),
        "api:capaian_list": ApiCase(READ, {"pemda": {}}, query="tahun=2025"),
        "api:realisasi_list": ApiCase(READ, {"pemda": {}}),
        "api:realisasi_detail": ApiCase(
            READ, {scope: {"pk": pk} for scope, pk in realisasi.items()}
        ),
        "api:schema": ApiCase(READ, {"pemda": {}}),
    }


def url_cases(objects: dict) -> dict[str, Case]:
    cases = {name: Case(case.kind) for name, case in api_cases(objects).items()}
    return {
        **cases,
        "api:token_detail": Case(READ, {"pemda": {}}),
        "api:token_buat": Case(POST_ONLY, {"pemda": {}}),
        "api:token_cabut": Case(POST_ONLY, {"pemda": {}}),
    }
