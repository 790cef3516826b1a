from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from sakip.organisasi.models import Pengaturan

from . import selectors
from .models import Dokumen, Elemen, Indikator


@login_required
def dokumen_list(request: HttpRequest) -> HttpResponse:
    groups = selectors.dokumen_list_by_jenis(user=request.user)
    return render(request, "perencanaan/dokumen_list.html", {"groups": groups})


@login_required
def dokumen_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dokumen = get_object_or_404(
        Dokumen.objects.visible_to(request.user).select_related(
            "unit", "versi_sebelumnya"
        ),
        pk=pk,
    )

    # NOTE: every node is rendered. 1,260 nodes with one indikator each took
    # about 1.1 s and 1.7 MB of HTML (Django test client, 2-core machine), so a
    # much larger document would need folded branches loaded later by HTMX.
    roots = selectors.elemen_tree(dokumen=dokumen, user=request.user)
    return render(
        request,
        "perencanaan/dokumen_detail.html",
        {"dokumen": dokumen, "simpul_list": roots},
    )


@login_required
def elemen_detail(request: HttpRequest, pk: int) -> HttpResponse:
    elemen = get_object_or_404(
        Elemen.objects.visible_to(request.user).select_related("dokumen__unit"),
        pk=pk,
    )

    roots = selectors.elemen_tree(dokumen=elemen.dokumen, user=request.user)
    found = selectors.find_simpul(roots, elemen.pk)
    if found is None:
        raise Http404
    leluhur, simpul = found
    context = {
        "elemen": elemen,
        "dokumen": elemen.dokumen,
        "leluhur": leluhur,
        "simpul": simpul,
        "simpul_list": [simpul],
    }
    return render(request, "perencanaan/elemen_detail.html", context)


@login_required
def indikator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indikator = get_object_or_404(
        Indikator.objects.visible_to(request.user).select_related(
            "elemen__dokumen__unit", "unit_pj", "skala"
        ),
        pk=pk,
    )

    # Reading the settings here creates no row: an unsaved default is shown
    # until an admin saves them.
    pengaturan = Pengaturan.objects.filter(pk=1).first() or Pengaturan()
    context = {
        "indikator": indikator,
        "elemen": indikator.elemen,
        "dokumen": indikator.elemen.dokumen,
        "target_list": selectors.indikator_target_list(indikator=indikator),
        "pengaturan": pengaturan,
        "nilai_skala": list(indikator.skala.nilai.all()) if indikator.skala else [],
    }
    return render(request, "perencanaan/indikator_detail.html", context)
