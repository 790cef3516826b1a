"""The editing pages of a planning document's content.

Each GET returns a form: a fragment that HTMX swaps into the document page,
or the whole page without HTMX. A valid POST returns, for HTMX, the document's
tree again (or the edited row for an inline uraian edit), and otherwise
redirects to the document page. An invalid POST returns the form with its
messages beside the fields.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakip.core.htmx import is_htmx_partial, render_page_or_partial

from .. import editing, selectors
from ..forms import ElemenForm, IndikatorForm, TargetForm, TautanForm, UnitPjForm
from ..models import Dokumen, Elemen, Indikator, TautanElemen

FORM_PAGE = "perencanaan/elemen_form.html"


def _ensure_editor(request: HttpRequest, dokumen: Dokumen) -> None:
    # A PK or a rencana aksi is changed on its own pages only.
    if dokumen.jenis in selectors.JENIS_DI_LUAR_PERENCANAAN:
        raise Http404
    if not Dokumen.objects.editable_by(request.user).filter(pk=dokumen.pk).exists():
        raise PermissionDenied


def _elemen(request: HttpRequest, pk: int) -> Elemen:
    elemen = get_object_or_404(
        Elemen.objects.visible_to(request.user).select_related(
            "dokumen__unit", "induk", "unit_pj"
        ),
        pk=pk,
    )
    _ensure_editor(request, elemen.dokumen)
    return elemen


def _indikator(request: HttpRequest, pk: int) -> Indikator:
    indikator = get_object_or_404(
        Indikator.objects.visible_to(request.user).select_related(
            "elemen__dokumen__unit", "skala"
        ),
        pk=pk,
    )
    _ensure_editor(request, indikator.elemen.dokumen)
    return indikator


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the form's fields, or above the
    form for a field that the form does not have."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _render_form(request, *, dokumen, elemen, form, title, action, **extra):
    context = {
        "dokumen": dokumen,
        "elemen": elemen,
        "form": form,
        "judul": title,
        "action": action,
        "slot": f"#elemen-{elemen.pk}-form" if elemen else "#pohon-dokumen-form",
        "tertutup": not editing.can_edit(dokumen=dokumen, user=request.user),
        **extra,
    }
    partial = extra.get("partial", "perencanaan/partials/edit_form.html")
    return render_page_or_partial(
        request, template_name=FORM_PAGE, partial_name=partial, context=context
    )


def _attach_picker(form, *, dokumen: Dokumen, punya_kode: bool, **params) -> None:
    """Make the form's code input the nomenklatur picker, or drop it when no
    kind offered by the form has a code."""
    if not punya_kode:
        form.fields.pop("nomenklatur", None)
        return
    daftar = f"nomenklatur-hasil-{params.get('elemen') or params.get('induk') or 0}"
    form.fields["nomenklatur"].widget.attrs.update(
        {
            "role": "combobox",
            "autocomplete": "off",
            "aria-autocomplete": "list",
            "aria-expanded": "false",
            "aria-controls": daftar,
            "data-nomenklatur-picker": "",
            "hx-get": reverse("perencanaan:nomenklatur_search", args=[dokumen.pk]),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{daftar}",
            "hx-swap": "outerHTML",
            "hx-include": "closest form",
            "hx-vals": json.dumps({"daftar": daftar, **params}),
        }
    )
    form.daftar_nomenklatur = daftar


def _done(request: HttpRequest, dokumen: Dokumen, elemen_pk: int | None):
    """The response to a valid change: the tree for HTMX, else the page."""
    if not is_htmx_partial(request):
        url = reverse("perencanaan:dokumen_detail", args=[dokumen.pk])
        return redirect(f"{url}#elemen-{elemen_pk}" if elemen_pk else url)
    response = render(
        request,
        "perencanaan/partials/edit_pohon.html",
        pohon_context(request, dokumen, fokus=elemen_pk),
    )
    response["HX-Retarget"] = "#pohon-dokumen"
    response["HX-Reswap"] = "outerHTML"
    return response


def pohon_context(request: HttpRequest, dokumen: Dokumen, fokus: int | None = None):
    """The context of the document's tree, with the edit controls when the
    user may change it. Computed in Python from ``elemen_tree``, so the
    number of queries does not grow with the number of nodes."""
    roots = selectors.elemen_tree(dokumen=dokumen, user=request.user)
    boleh_ubah = editing.can_edit(dokumen=dokumen, user=request.user)
    terbuka: set[int] = set()
    if boleh_ubah:
        by_jenis: dict[str, list] = {}
        labels = dict(Elemen.Jenis.choices)
        stack = [(node, ()) for node in roots]
        while stack:
            node, path = stack.pop()
            elemen = node.elemen
            if elemen.jenis not in by_jenis:
                by_jenis[elemen.jenis] = [
                    (jenis, labels[jenis])
                    for jenis in editing.allowed_jenis(dokumen=dokumen, induk=elemen)
                ]
            node.anak_jenis = by_jenis[elemen.jenis]
            node.versi = editing.row_version(elemen)
            node.boleh_tautan = (
                dokumen.jenis == Dokumen.Jenis.RENSTRA
                and elemen.jenis in editing.TAUTAN_KE
            )
            node.boleh_turunkan = (
                dokumen.jenis == Dokumen.Jenis.RENSTRA
                and elemen.jenis == Elemen.Jenis.SASARAN
            )
            for indikator in node.indikator:
                indikator.versi = editing.row_version(indikator)
            if elemen.pk == fokus:
                terbuka.update(path)
                terbuka.add(elemen.pk)
            stack.extend((child, (*path, elemen.pk)) for child in node.anak)
    labels = dict(Elemen.Jenis.choices)
    return {
        "dokumen": dokumen,
        "simpul_list": roots,
        "boleh_ubah": boleh_ubah,
        "terbuka_pk": terbuka,
        "fokus_pk": fokus,
        "akar_jenis": [
            (jenis, labels[jenis])
            for jenis in editing.allowed_jenis(dokumen=dokumen, induk=None)
        ],
    }


# Elemen.


@login_required
def elemen_create(request: HttpRequest, pk: int) -> HttpResponse:
    dokumen = get_object_or_404(
        Dokumen.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    _ensure_editor(request, dokumen)
    induk_pk = request.POST.get("induk") or request.GET.get("induk")
    induk = None
    if induk_pk:
        induk = get_object_or_404(Elemen, pk=induk_pk, dokumen=dokumen)
    jenis_choices = editing.allowed_jenis(dokumen=dokumen, induk=induk)
    initial = {"jenis": request.GET.get("jenis")}
    form = ElemenForm(
        request.POST or None, initial=initial, jenis_choices=jenis_choices
    )
    if request.method == "POST" and form.is_valid():
        try:
            elemen = editing.elemen_create(
                user=request.user,
                dokumen=dokumen,
                jenis=form.cleaned_data["jenis"],
                uraian=form.cleaned_data["uraian"],
                nomenklatur=form.cleaned_data.get("nomenklatur", ""),
                induk=induk,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, dokumen, elemen.pk)
    _attach_picker(
        form,
        dokumen=dokumen,
        punya_kode=any(j in Elemen.JENIS_BERKODE for j in jenis_choices),
    )
    title = (
        _("Tambah di bawah %(induk)s") % {"induk": induk.uraian}
        if induk
        else _("Tambah elemen")
    )
    return _render_form(
        request,
        dokumen=dokumen,
        elemen=induk,
        form=form,
        title=title,
        action=reverse("perencanaan:elemen_create", args=[dokumen.pk]),
        induk=induk,
    )


@login_required
def elemen_row(request: HttpRequest, pk: int) -> HttpResponse:
    elemen = _elemen(request, pk)
    return _render_row(request, elemen)


def _render_row(request: HttpRequest, elemen: Elemen) -> HttpResponse:
    context = {
        "elemen": elemen,
        "dokumen": elemen.dokumen,
        "versi": editing.row_version(elemen),
        "boleh_ubah": editing.can_edit(dokumen=elemen.dokumen, user=request.user),
        "oob": request.method == "POST",
    }
    if not is_htmx_partial(request):
        return redirect(
            reverse("perencanaan:dokumen_detail", args=[elemen.dokumen_id])
            + f"#elemen-{elemen.pk}"
        )
    return render(request, "perencanaan/partials/edit_elemen_baris.html", context)


@login_required
def elemen_update(request: HttpRequest, pk: int) -> HttpResponse:
    elemen = _elemen(request, pk)
    initial = {
        "uraian": elemen.uraian,
        "nomenklatur": elemen.nomenklatur,
        "versi": editing.row_version(elemen),
    }
    form = ElemenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            elemen = editing.elemen_update(
                user=request.user,
                elemen=elemen,
                versi=form.cleaned_data["versi"],
                uraian=form.cleaned_data["uraian"],
                nomenklatur=form.cleaned_data.get("nomenklatur"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _render_row(request, elemen)
    _attach_picker(
        form,
        dokumen=elemen.dokumen,
        punya_kode=elemen.jenis in Elemen.JENIS_BERKODE,
        elemen=elemen.pk,
    )
    return _render_form(
        request,
        dokumen=elemen.dokumen,
        elemen=elemen,
        form=form,
        title=_("Ubah %(jenis)s") % {"jenis": elemen.get_jenis_display().lower()},
        action=reverse("perencanaan:elemen_update", args=[elemen.pk]),
        partial="perencanaan/partials/edit_elemen_inline.html",
    )


@require_POST
@login_required
def elemen_delete(request: HttpRequest, pk: int) -> HttpResponse:
    elemen = _elemen(request, pk)
    try:
        editing.elemen_delete(
            user=request.user, elemen=elemen, versi=request.POST.get("versi", "")
        )
    except ValidationError as error:
        return _refused(request, elemen.dokumen, elemen.pk, error)
    return _done(request, elemen.dokumen, elemen.induk_id)


def _refused(request, dokumen: Dokumen, elemen_pk: int | None, error):
    """The response to a rejected button (delete, unlink): the message."""
    from django.contrib import messages

    if not is_htmx_partial(request):
        for message in error.messages:
            messages.error(request, message)
        return redirect("perencanaan:dokumen_detail", pk=dokumen.pk)
    response = render(
        request,
        "perencanaan/partials/edit_galat.html",
        {"pesan_list": error.messages},
    )
    response["HX-Retarget"] = f"#elemen-{elemen_pk}-form"
    response["HX-Reswap"] = "innerHTML"
    return response


@login_required
def elemen_unit_pj(request: HttpRequest, pk: int) -> HttpResponse:
    elemen = _elemen(request, pk)
    units = editing.bidang_choices(dokumen=elemen.dokumen)
    initial = {"unit_pj": elemen.unit_pj_id, "versi": editing.row_version(elemen)}
    form = UnitPjForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            editing.elemen_set_unit_pj(
                user=request.user,
                elemen=elemen,
                versi=form.cleaned_data["versi"],
                unit_pj=form.cleaned_data["unit_pj"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, elemen.dokumen, elemen.pk)
    return _render_form(
        request,
        dokumen=elemen.dokumen,
        elemen=elemen,
        form=form,
        title=_("Turunkan ke bidang"),
        action=reverse("perencanaan:elemen_unit_pj", args=[elemen.pk]),
    )


@login_required
def nomenklatur_search(request: HttpRequest, pk: int) -> HttpResponse:
    """The nomenklatur picker's matches, for the code input of an elemen form."""
    dokumen = get_object_or_404(Dokumen.objects.visible_to(request.user), pk=pk)
    _ensure_editor(request, dokumen)
    params = request.GET
    induk, jenis = None, params.get("jenis", "")
    if params.get("elemen"):
        elemen = get_object_or_404(
            Elemen.objects.select_related("induk"), pk=params["elemen"], dokumen=dokumen
        )
        induk, jenis = elemen.induk, elemen.jenis
    elif params.get("induk"):
        induk = get_object_or_404(Elemen, pk=params["induk"], dokumen=dokumen)
    query = params.get("nomenklatur", params.get("q", ""))
    context = {
        "pilihan_list": editing.nomenklatur_search(
            dokumen=dokumen, jenis=jenis, q=query, induk=induk
        )
        if query.strip()
        else [],
        "daftar_id": params.get("daftar", "nomenklatur-hasil"),
        "query": query,
    }
    return render(request, "perencanaan/partials/edit_nomenklatur_hasil.html", context)


# Indikator and targets.


@login_required
def indikator_create(request: HttpRequest, pk: int) -> HttpResponse:
    elemen = _elemen(request, pk)
    form = IndikatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            editing.indikator_create(
                user=request.user, elemen=elemen, values=form.values()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, elemen.dokumen, elemen.pk)
    return _render_form(
        request,
        dokumen=elemen.dokumen,
        elemen=elemen,
        form=form,
        title=_("Tambah indikator"),
        action=reverse("perencanaan:indikator_create", args=[elemen.pk]),
    )


@login_required
def indikator_update(request: HttpRequest, pk: int) -> HttpResponse:
    indikator = _indikator(request, pk)
    initial = {
        name: getattr(indikator, name)
        for name in IndikatorForm.base_fields
        if name not in ("versi", "skala")
    }
    initial["skala"] = indikator.skala_id
    initial["versi"] = editing.row_version(indikator)
    form = IndikatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            editing.indikator_update(
                user=request.user,
                indikator=indikator,
                versi=form.cleaned_data["versi"],
                values=form.values(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, indikator.elemen.dokumen, indikator.elemen_id)
    return _render_form(
        request,
        dokumen=indikator.elemen.dokumen,
        elemen=indikator.elemen,
        form=form,
        title=_("Ubah indikator %(kode)s") % {"kode": indikator.kode},
        action=reverse("perencanaan:indikator_update", args=[indikator.pk]),
    )


@require_POST
@login_required
def indikator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    indikator = _indikator(request, pk)
    dokumen = indikator.elemen.dokumen
    try:
        editing.indikator_delete(
            user=request.user, indikator=indikator, versi=request.POST.get("versi", "")
        )
    except ValidationError as error:
        return _refused(request, dokumen, indikator.elemen_id, error)
    return _done(request, dokumen, indikator.elemen_id)


@login_required
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indikator = _indikator(request, pk)
    dokumen = indikator.elemen.dokumen
    targets = {
        target.tahun: target
        for target in indikator.target.filter(dokumen=dokumen, periode="tahunan")
    }
    initial = {"versi": editing.target_version(indikator=indikator, dokumen=dokumen)}
    for tahun, target in targets.items():
        if indikator.skala_id is not None:
            initial[f"tahun_{tahun}"] = target.nilai_skala
        elif indikator.polaritas == Indikator.Polaritas.RENTANG:
            initial[f"tahun_{tahun}"] = _angka(target.batas_bawah)
            initial[f"tahun_{tahun}_atas"] = _angka(target.batas_atas)
        else:
            initial[f"tahun_{tahun}"] = _angka(target.nilai)
    form = TargetForm(
        request.POST or None,
        initial=initial,
        indikator=indikator,
        tahun_list=dokumen.rentang_tahun,
    )
    if request.method == "POST" and form.is_valid():
        try:
            editing.target_set(
                user=request.user,
                indikator=indikator,
                versi=form.cleaned_data["versi"],
                values=form.values(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, dokumen, indikator.elemen_id)
    return _render_form(
        request,
        dokumen=dokumen,
        elemen=indikator.elemen,
        form=form,
        title=_("Target %(indikator)s") % {"indikator": indikator.uraian},
        action=reverse("perencanaan:target_edit", args=[indikator.pk]),
        partial="perencanaan/partials/edit_target_form.html",
        indikator=indikator,
    )


def _angka(value) -> str:
    """A stored value in the Indonesian form the target inputs take."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


# Links of the cascade.


@login_required
def tautan_add(request: HttpRequest, pk: int) -> HttpResponse:
    elemen = _elemen(request, pk)
    candidates = editing.tautan_candidates(elemen=elemen, user=request.user)
    form = TautanForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            editing.tautan_add(
                user=request.user, dari=elemen, ke=form.cleaned_data["ke"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, elemen.dokumen, elemen.pk)
    return _render_form(
        request,
        dokumen=elemen.dokumen,
        elemen=elemen,
        form=form,
        title=_("Dukung %(jenis)s RPJMD")
        % {"jenis": elemen.get_jenis_display().lower()},
        action=reverse("perencanaan:tautan_add", args=[elemen.pk]),
        kosong=not candidates,
    )


@require_POST
@login_required
def tautan_remove(request: HttpRequest, pk: int) -> HttpResponse:
    tautan = get_object_or_404(
        TautanElemen.objects.select_related("dari__dokumen"),
        pk=pk,
        dari__in=Elemen.objects.visible_to(request.user),
    )
    dokumen = tautan.dari.dokumen
    _ensure_editor(request, dokumen)
    try:
        editing.tautan_remove(user=request.user, tautan=tautan)
    except ValidationError as error:
        return _refused(request, dokumen, tautan.dari_id, error)
    return _done(request, dokumen, tautan.dari_id)
