"""The data proposals on the LKE sheet: a read-only summary in each
criterion's row (the ``evaluasi_kriteria`` slot) and, below the sheet, the
forms that accept a proposal or override it with a reason.

The decision forms stay outside the table because each row posts every
input inside it when any of them changes, and the forms' ``kode`` and
``versi`` fields would be sent with the row's own.
"""

from __future__ import annotations

from django.http import HttpRequest

from ..bukti_data import Usulan, usulan_evaluasi
from ..models import Evaluasi
from ..selectors import BarisKriteria, LembarEvaluasi
from ..services import evaluasi_boleh_isi

# The attribute of the request that caches the proposals per evaluation pk.
CACHE_ATTR = "_evaluasi_usulan"


def usulan_request(request: HttpRequest, evaluasi: Evaluasi) -> dict[str, Usulan]:
    """Return the proposals of ``evaluasi`` by criterion code, read once per
    request, because the sheet renders one panel per criterion."""
    cache = getattr(request, CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(request, CACHE_ATTR, cache)
    if evaluasi.pk not in cache:
        cache[evaluasi.pk] = usulan_evaluasi(evaluasi)
    return cache[evaluasi.pk]


def boleh_isi_request(request: HttpRequest, evaluasi: Evaluasi) -> bool:
    """Whether the request's user owns the current stage, cached on the
    request like the proposals."""
    attr = f"_evaluasi_boleh_isi_{evaluasi.pk}"
    if not hasattr(request, attr):
        setattr(request, attr, evaluasi_boleh_isi(request.user, evaluasi))
    return getattr(request, attr)


def usulan_panel_context(request: HttpRequest, baris: BarisKriteria) -> dict:
    """Return the context of the row's summary: the proposal of the
    criterion (``None`` without a check) and whether the user may decide."""
    usulan = usulan_request(request, baris.evaluasi).get(baris.kriteria.kode)
    return {
        "usulan": usulan,
        "baris": baris,
        "boleh_putuskan": (
            usulan is not None
            and usulan.ada
            and boleh_isi_request(request, baris.evaluasi)
        ),
    }


def usulan_keputusan_list(
    request: HttpRequest, evaluasi: Evaluasi, lembar: LembarEvaluasi
) -> list[dict]:
    """Return, for the owner of the current stage, the context of
    ``evaluasi/partials/usulan_kriteria.html`` for every criterion with a
    proposed answer, built from the sheet's rows without further queries."""
    if not boleh_isi_request(request, evaluasi):
        return []
    semua = usulan_request(request, evaluasi)
    keputusan = []
    for _komponen, subs in lembar.komponen:
        for _sub, rows in subs:
            for baris in rows:
                usulan = semua.get(baris.kriteria.kode)
                if usulan is None or not usulan.ada or baris.tahap is None:
                    continue
                jawaban = baris.jawaban.get(baris.tahap)
                keputusan.append(
                    {
                        "evaluasi": evaluasi,
                        "kriteria": baris.kriteria,
                        "usulan": usulan,
                        "jawaban": jawaban,
                        "versi": 0 if jawaban is None else jawaban.versi,
                        "pilihan": [
                            (skala.kode, skala.nilai, skala.keterangan)
                            for skala in baris.skala
                        ],
                        "bisa_diputuskan": True,
                    }
                )
    return keputusan
