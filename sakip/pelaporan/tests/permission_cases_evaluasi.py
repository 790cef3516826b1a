from sakip.core.tests.permission_cases import READ, Case
from sakip.perjanjian.models import Level
from sakip.perjanjian.tests.permission_cases import make_perjanjian


def _pk_scopes(objects: dict) -> dict[str, dict]:
    """One PK per scope, shared with perjanjian's cases when they made them."""
    if "pk_pemda" not in objects:
        objects["pk_pemda"] = make_perjanjian(
            objects["rpjmd"].unit, Level.KEPALA_DAERAH, objects["rpjmd"]
        )
        for key in ("a", "b"):
            objects[f"pk_{key}"] = make_perjanjian(
                objects[f"opd_{key}"], Level.KEPALA_OPD, objects[f"renstra_{key}"]
            )
    return {scope: {"pk": objects[f"pk_{scope}"].pk} for scope in ("pemda", "a", "b")}


def url_cases(objects: dict) -> dict[str, Case]:
    opd = {"a": {"pk": objects["opd_a"].pk}, "b": {"pk": objects["opd_b"].pk}}
    unit = {"pemda": {"pk": objects["rpjmd"].unit_id}, **opd}
    strategis = {
        "pemda": {"pk": objects["rpjmd"].pk},
        "a": {"pk": objects["renstra_a"].pk},
        "b": {"pk": objects["renstra_b"].pk},
    }
    pk = _pk_scopes(objects)
    return {
        "pelaporan:evaluasi_index": Case(READ, {"pemda": {}}),
        "pelaporan:evaluasi_renja": Case(READ, opd),
        "pelaporan:evaluasi_renja_xlsx": Case(READ, opd),
        "pelaporan:evaluasi_rkpd": Case(READ, {"pemda": {}}),
        "pelaporan:evaluasi_rkpd_xlsx": Case(READ, {"pemda": {}}),
        "pelaporan:rekap_iku": Case(READ, unit),
        "pelaporan:rekap_iku_xlsx": Case(READ, unit),
        "pelaporan:rekap_iku_pdf": Case(READ, unit),
        "pelaporan:rekap_pk": Case(READ, pk),
        "pelaporan:rekap_pk_xlsx": Case(READ, pk),
        "pelaporan:rekap_pk_pdf": Case(READ, pk),
        "pelaporan:rekap_renstra": Case(READ, strategis),
        "pelaporan:rekap_renstra_xlsx": Case(READ, strategis),
        "pelaporan:rekap_renstra_pdf": Case(READ, strategis),
    }
