from sakip.core.tests.permission_cases import POST_ONLY, READ, Case
from sakip.evaluasi.lke import lke_bawaan_load
from sakip.evaluasi.models import Evaluasi, Kriteria

TAHUN = 2025


def _evaluasi_scopes(objects: dict) -> dict[str, dict]:
    """An evaluation of Dinas A and one of Dinas B. Other cases may have made
    them already, so each is found or created by its unit and year."""
    if "hasil_evaluasi" not in objects:
        template = lke_bawaan_load()
        objects["hasil_evaluasi"] = {
            key: Evaluasi.objects.get_or_create(
                unit=objects[f"opd_{key}"],
                tahun=TAHUN,
                defaults={"template": template},
            )[0]
            for key in ("a", "b")
        }
    return {key: {"pk": item.pk} for key, item in objects["hasil_evaluasi"].items()}


def _usulan_scopes(objects: dict) -> dict[str, dict]:
    scopes = _evaluasi_scopes(objects)
    evaluasi = objects["hasil_evaluasi"]["a"]
    kriteria = Kriteria.objects.filter(
        sub_komponen__komponen__template_id=evaluasi.template_id
    ).first()
    return {key: {**kwargs, "kriteria": kriteria.pk} for key, kwargs in scopes.items()}


def url_cases(objects: dict) -> dict[str, Case]:
    evaluasi = _evaluasi_scopes(objects)
    return {
        "evaluasi:hasil_peringkat": Case(READ, {"pemda": {}}),
        "evaluasi:hasil_detail": Case(READ, evaluasi),
        "evaluasi:hasil_lke_xlsx": Case(READ, evaluasi),
        "evaluasi:hasil_lhe_docx": Case(READ, evaluasi),
        "evaluasi:hasil_lhe_pdf": Case(READ, evaluasi),
        "evaluasi:usulan_putuskan": Case(POST_ONLY, _usulan_scopes(objects)),
    }
