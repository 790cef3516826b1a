from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakip.organisasi.models import Pengaturan

from .. import checks, editing, selectors, services
from ..forms import AlasanForm, BandingkanForm, DokumenCreateForm
from ..models import Dokumen, Elemen, Indikator
from . import edit


@login_required
def dokumen_list(request: HttpRequest) -> HttpResponse:
    groups = selectors.dokumen_list_by_jenis(user=request.user)
    context = {
        "groups": groups,
        "boleh_buat": bool(editing.dokumen_jenis_choices(user=request.user)),
    }
    return render(request, "perencanaan/dokumen_list.html", context)


@login_required
def dokumen_create(request: HttpRequest) -> HttpResponse:
    """The form of a new, empty RPJMD or Renstra."""
    jenis_choices = editing.dokumen_jenis_choices(user=request.user)
    if not jenis_choices:
        raise PermissionDenied(
            _("Hanya Admin Bappeda dan Operator OPD yang dapat membuat dokumen.")
        )
    tahun = timezone.localdate().year + 1
    initial = {
        "jenis": jenis_choices[-1],
        "tahun_awal": tahun,
        "tahun_akhir": tahun + editing.PERIODE_TAHUN - 1,
    }
    form = DokumenCreateForm(
        request.POST or None,
        initial=initial,
        jenis_choices=jenis_choices,
        units=editing.dokumen_unit_choices(user=request.user),
        periode_tahun=editing.PERIODE_TAHUN,
    )

    if request.method == "POST" and form.is_valid():
        try:
            dokumen = editing.dokumen_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            edit.add_errors(form, error)
        else:
            messages.success(
                request, _("Dokumen %(kode)s dibuat.") % {"kode": dokumen.kode}
            )
            return redirect("perencanaan:dokumen_detail", pk=dokumen.pk)
    return render(request, "perencanaan/dokumen_create.html", {"form": form})


@login_required
def dokumen_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dokumen = get_object_or_404(
        Dokumen.objects.visible_to(request.user)
        .exclude(jenis__in=selectors.JENIS_DI_LUAR_PERENCANAAN)
        .select_related("unit", "versi_sebelumnya"),
        pk=pk,
    )

    # NOTE: every node is rendered. 1,260 nodes with one indikator each took
    # about 1.1 s and 1.7 MB of HTML (Django test client, 2-core machine), so a
    # much larger document would need folded branches loaded later by HTMX.
    context = {
        # The tree, with the edit controls for a user who may change it.
        **edit.pohon_context(request, dokumen),
        "aksi": services.dokumen_allowed_actions(dokumen=dokumen, user=request.user),
        "riwayat_list": selectors.dokumen_riwayat_status(dokumen=dokumen),
        "versi_list": selectors.dokumen_lineage(dokumen=dokumen),
        "alasan_form": AlasanForm(),
    }
    return render(request, "perencanaan/dokumen_detail.html", context)


def _visible_dokumen(request: HttpRequest, pk: int) -> Dokumen:
    return get_object_or_404(
        Dokumen.objects.visible_to(request.user).exclude(
            jenis__in=selectors.JENIS_DI_LUAR_PERENCANAAN
        ),
        pk=pk,
    )


def _report_invalid(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@login_required
def dokumen_ajukan(request: HttpRequest, pk: int) -> HttpResponse:
    dokumen = _visible_dokumen(request, pk)

    try:
        services.dokumen_ajukan(dokumen=dokumen, user=request.user)
    except ValidationError as error:
        _report_invalid(request, error)
    else:
        messages.success(request, _("Dokumen diajukan untuk diverifikasi."))
    return redirect("perencanaan:dokumen_detail", pk=dokumen.pk)


@require_POST
@login_required
def dokumen_kembalikan(request: HttpRequest, pk: int) -> HttpResponse:
    dokumen = _visible_dokumen(request, pk)
    form = AlasanForm(request.POST)

    try:
        alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
        services.dokumen_kembalikan(dokumen=dokumen, user=request.user, alasan=alasan)
    except ValidationError as error:
        _report_invalid(request, error)
    else:
        messages.success(request, _("Dokumen dikembalikan kepada OPD."))
    return redirect("perencanaan:dokumen_detail", pk=dokumen.pk)


@require_POST
@login_required
def dokumen_tetapkan(request: HttpRequest, pk: int) -> HttpResponse:
    dokumen = _visible_dokumen(request, pk)

    try:
        services.dokumen_tetapkan(dokumen=dokumen, user=request.user)
    except ValidationError as error:
        _report_invalid(request, error)
    else:
        messages.success(request, _("Dokumen ditetapkan."))
    return redirect("perencanaan:dokumen_detail", pk=dokumen.pk)


@require_POST
@login_required
def dokumen_buat_perubahan(request: HttpRequest, pk: int) -> HttpResponse:
    dokumen = _visible_dokumen(request, pk)
    form = AlasanForm(request.POST)

    try:
        alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
        baru = services.dokumen_buat_perubahan(
            dokumen=dokumen, user=request.user, alasan=alasan
        )
    except ValidationError as error:
        _report_invalid(request, error)
        return redirect("perencanaan:dokumen_detail", pk=dokumen.pk)

    messages.success(
        request, _("Versi %(versi)s dibuat sebagai draft.") % {"versi": baru.versi}
    )
    return redirect("perencanaan:dokumen_detail", pk=baru.pk)


def _back_to_dokumen(request: HttpRequest, dokumen: Dokumen) -> HttpResponse:
    """Redirect to the page the form came from (the PK page for a PK), or
    else to the document's page."""
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    if dokumen.jenis in selectors.JENIS_DI_LUAR_PERENCANAAN:
        return redirect("perencanaan:dokumen_list")
    return redirect("perencanaan:dokumen_detail", pk=dokumen.pk)


def _publikasi_dokumen(request: HttpRequest, pk: int) -> Dokumen:
    return get_object_or_404(
        Dokumen.objects.visible_to(request.user).filter(
            jenis__in=Dokumen.JENIS_PUBLIKASI
        ),
        pk=pk,
    )


@require_POST
@login_required
def dokumen_publikasikan(request: HttpRequest, pk: int) -> HttpResponse:
    dokumen = _publikasi_dokumen(request, pk)

    try:
        services.dokumen_publikasikan(dokumen=dokumen, user=request.user)
    except ValidationError as error:
        _report_invalid(request, error)
    else:
        messages.success(request, _("Dokumen dipublikasikan di portal publik."))
    return _back_to_dokumen(request, dokumen)


@require_POST
@login_required
def dokumen_tarik_publikasi(request: HttpRequest, pk: int) -> HttpResponse:
    dokumen = _publikasi_dokumen(request, pk)

    try:
        services.dokumen_tarik_publikasi(dokumen=dokumen, user=request.user)
    except ValidationError as error:
        _report_invalid(request, error)
    else:
        messages.success(request, _("Dokumen ditarik dari portal publik."))
    return _back_to_dokumen(request, dokumen)


@login_required
def dokumen_compare(request: HttpRequest, pk: int) -> HttpResponse:
    dokumen = _visible_dokumen(request, pk)
    versi_list = selectors.dokumen_lineage(dokumen=dokumen)
    initial = {"a": (dokumen.versi_sebelumnya_id or dokumen.pk), "b": dokumen.pk}
    form = BandingkanForm(request.GET or initial, versi_list=versi_list)

    baris_list, pasangan = None, None
    if form.is_valid():
        by_pk = {item.pk: item for item in versi_list}
        pasangan = (by_pk[form.cleaned_data["a"]], by_pk[form.cleaned_data["b"]])
        baris_list = selectors.dokumen_compare(a=pasangan[0], b=pasangan[1])
    context = {
        "dokumen": dokumen,
        "form": form,
        "versi_list": versi_list,
        "pasangan": pasangan,
        "baris_list": baris_list,
    }
    return render(request, "perencanaan/dokumen_compare.html", context)


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


# The consistency check of the plans ("rantai kinerja").


@login_required
def rantai_kinerja(request: HttpRequest) -> HttpResponse:
    years = checks.check_years()
    try:
        tahun = int(request.GET.get("tahun", ""))
    except ValueError:
        tahun = checks.default_check_year(years, timezone.localdate().year)
    temuan = checks.check_plans(tahun=tahun, user=request.user)
    context = {
        "tahun": tahun,
        "tahun_list": sorted({*years, tahun}),
        "groups": checks.group_by_jenis(temuan),
        "jumlah": len(temuan),
        "jumlah_galat": sum(1 for item in temuan if item.tingkat == checks.GALAT),
    }
    return render(request, "perencanaan/rantai_kinerja.html", context)
