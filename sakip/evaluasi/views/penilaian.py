"""The pages of an Evaluasi AKIP: the year's list, creating one and
assigning its evaluators, and the LKE sheet where each stage's owner
answers the criteria and moves the evaluation on.

Each criterion's row saves itself when a field changes (HTMX posts the
row). The response is the row's result cell, with the row's new version,
its evidence and the score table swapped out of band, so the field the
user moved on to keeps its focus.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakip.core.htmx import is_htmx_partial
from sakip.organisasi.models import Unit
from sakip.pengukuran import bukti as bukti_rules

from ..bukti_data import load_pemetaan, usulan_context
from ..forms import EvaluasiCreateForm, JawabanForm, LanjutkanForm, PenugasanForm
from ..models import Evaluasi, Jawaban, Kriteria, Tahap
from ..selectors import (
    TAHAP_URUT,
    baris_kriteria,
    evaluasi_lembar,
    evaluasi_nilai_sementara,
)
from ..services import (
    NEXT_STATUS,
    IsianJawaban,
    KonflikVersi,
    boleh_atur_evaluasi,
    evaluasi_create,
    evaluasi_lanjutkan,
    evaluasi_tahap,
    evaluator_assign,
    jawaban_simpan,
)
from .bukti import serve_bukti, too_large
from .usulan import boleh_isi_request, usulan_keputusan_list


def get_evaluasi(request: HttpRequest, pk: int) -> Evaluasi:
    """Return evaluation ``pk``; raise Http404 unless the user may see it."""
    return get_object_or_404(
        Evaluasi.objects.visible_to(request.user).select_related("unit", "template"),
        pk=pk,
    )


def _ensure_atur(request: HttpRequest) -> None:
    if not boleh_atur_evaluasi(request.user):
        raise PermissionDenied(
            _("Hanya Inspektorat atau Admin Bappeda yang mengatur evaluasi AKIP.")
        )


@login_required
def evaluasi_list(request: HttpRequest) -> HttpResponse:
    """Show the evaluations of a year that the user may see, the Pemda's
    self-assessment first, with status, score and predikat."""
    visible = Evaluasi.objects.visible_to(request.user)
    tahun_list = sorted(set(visible.values_list("tahun", flat=True)), reverse=True)
    try:
        tahun = int(request.GET.get("tahun") or 0)
    except ValueError:
        tahun = 0
    if not tahun:
        tahun = tahun_list[0] if tahun_list else timezone.localdate().year - 1

    evaluasi_list = list(
        visible.filter(tahun=tahun)
        .select_related("unit", "template")
        .order_by("unit__jenis", "unit__urutan", "unit__kode")
    )
    evaluasi_list.sort(key=lambda item: item.unit.jenis != Unit.Jenis.PEMDA)
    sementara = evaluasi_nilai_sementara(evaluasi_list)
    for item in evaluasi_list:
        item.nilai_sementara = sementara.get(item.pk)
    context = {
        "tahun": tahun,
        "tahun_list": tahun_list,
        "evaluasi_list": evaluasi_list,
        "boleh_atur": boleh_atur_evaluasi(request.user),
    }
    return render(request, "evaluasi/evaluasi_list.html", context)


@login_required
def evaluasi_create_view(request: HttpRequest) -> HttpResponse:
    _ensure_atur(request)

    form = EvaluasiCreateForm(
        request.POST or None,
        initial={"tahun": timezone.localdate().year - 1},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluasi = evaluasi_create(
                user=request.user,
                unit=data["unit"],
                tahun=data["tahun"],
                template=data["template"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Evaluasi AKIP %(evaluasi)s dibuat. Tugaskan evaluatornya.")
                % {"evaluasi": evaluasi},
            )
            return redirect("evaluasi:evaluasi_penugasan", evaluasi.pk)
    return render(request, "evaluasi/evaluasi_create.html", {"form": form})


@login_required
def evaluasi_penugasan(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the evaluators and the pengendali mutu of an evaluation, and the
    form that assigns one more."""
    evaluasi = get_evaluasi(request, pk)
    _ensure_atur(request)

    form = PenugasanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluator_assign(
                user=request.user,
                evaluasi=evaluasi,
                evaluator=form.cleaned_data["pengguna"],
                peran=form.cleaned_data["peran"],
            )
        except ValidationError as error:
            form.add_error("pengguna", error)
        else:
            messages.success(request, _("Penugasan disimpan."))
            return redirect("evaluasi:evaluasi_penugasan", evaluasi.pk)
    context = {
        "evaluasi": evaluasi,
        "form": form,
        "penugasan_list": evaluasi.penugasan.select_related("pengguna__unit"),
    }
    return render(request, "evaluasi/evaluasi_penugasan.html", context)


@login_required
def evaluasi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the LKE sheet: every criterion with its answers, the answer form of
    the current stage for its owner, the scores, the stage history."""
    evaluasi = get_evaluasi(request, pk)

    tahap = evaluasi_tahap(evaluasi)
    lembar = evaluasi_lembar(evaluasi)
    berikut = NEXT_STATUS.get(evaluasi.status)
    context = {
        "evaluasi": evaluasi,
        "tahap": tahap,
        "tahap_label": Tahap(tahap).label if tahap else "",
        "tahap_list": [Tahap(t) for t in TAHAP_URUT],
        "status_list": Evaluasi.Status.choices,
        "status_berikut": Evaluasi.Status(berikut).label if berikut else "",
        "lembar": lembar,
        "nilai_sekarang": lembar.nilai.get(tahap) if tahap else None,
        "boleh_isi": boleh_isi_request(request, evaluasi),
        "boleh_atur": boleh_atur_evaluasi(request.user),
        "langkah_list": evaluasi.langkah.select_related("oleh"),
        "penugasan_list": evaluasi.penugasan.select_related("pengguna"),
        "jumlah_rekomendasi": evaluasi.rekomendasi.count(),
        "catatan_form": LanjutkanForm(initial={"status": evaluasi.status}),
        "bukti_max_bytes": bukti_rules.bukti_max_bytes(),
        "usulan_keputusan": usulan_keputusan_list(request, evaluasi, lembar),
    }
    return render(request, "evaluasi/evaluasi_detail.html", context)


@require_POST
@login_required
def evaluasi_lanjutkan_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluasi = get_evaluasi(request, pk)
    form = LanjutkanForm(request.POST)

    if not form.is_valid():
        messages.error(request, _("Catatan terlalu panjang."))
        return redirect("evaluasi:evaluasi_detail", evaluasi.pk)
    try:
        evaluasi = evaluasi_lanjutkan(
            user=request.user,
            evaluasi=evaluasi,
            catatan=form.cleaned_data["catatan"],
            dari_status=form.cleaned_data["status"] or None,
        )
    except (ValidationError, PermissionDenied) as error:
        for pesan in _messages_of(error):
            messages.error(request, pesan)
    else:
        messages.success(
            request,
            _("Evaluasi dilanjutkan ke tahap %(status)s.")
            % {"status": evaluasi.get_status_display().lower()},
        )
    return redirect("evaluasi:evaluasi_detail", evaluasi.pk)


@login_required
def jawaban_baris(request: HttpRequest, pk: int, kriteria_pk: int) -> HttpResponse:
    """GET: a criterion's row (for "Muat ulang baris"); POST: save it."""
    evaluasi = get_evaluasi(request, pk)
    kriteria = get_object_or_404(
        Kriteria.objects.select_related("sub_komponen__komponen"),
        pk=kriteria_pk,
        sub_komponen__komponen__template_id=evaluasi.template_id,
    )

    if request.method != "POST":
        if not is_htmx_partial(request):
            return redirect("evaluasi:evaluasi_detail", evaluasi.pk)
        return _render_row(request, evaluasi, kriteria)
    if too_large(request):
        pesan = _(
            "Berkas bukti melebihi batas %(batas)s. Perkecil berkasnya atau berikan "
            "tautan ke berkas itu."
        ) % {"batas": filesizeformat(bukti_rules.bukti_max_bytes())}
        return _render_hasil(
            request, evaluasi, kriteria, pesan_list=[pesan], galat=["bukti"]
        )

    form = JawabanForm(request.POST, request.FILES)
    if not form.is_valid():
        pesan = [str(m) for errors in form.errors.values() for m in errors]
        return _render_hasil(
            request, evaluasi, kriteria, pesan_list=pesan, galat=list(form.errors)
        )
    data = form.cleaned_data
    isian = IsianJawaban(
        kode=data["kode"],
        catatan=data["catatan"],
        bukti=data["bukti"],
        bukti_tautan=data["bukti_tautan"],
    )
    try:
        jawaban = jawaban_simpan(
            user=request.user,
            evaluasi=evaluasi,
            kriteria=kriteria,
            versi=data["versi"],
            isian=isian,
        )
    except KonflikVersi as error:
        return _render_hasil(
            request,
            evaluasi,
            kriteria,
            pesan_list=error.messages,
            konflik=True,
            jawaban=error.terkini,
        )
    except (ValidationError, PermissionDenied) as error:
        galat = list(getattr(error, "error_dict", {}))
        return _render_hasil(
            request, evaluasi, kriteria, pesan_list=_messages_of(error), galat=galat
        )
    return _render_hasil(request, evaluasi, kriteria, jawaban=jawaban)


@login_required
def jawaban_bukti(request: HttpRequest, pk: int) -> FileResponse:
    jawaban = get_object_or_404(
        Jawaban.objects.filter(evaluasi__in=Evaluasi.objects.visible_to(request.user)),
        pk=pk,
    )
    return serve_bukti(jawaban.bukti, jawaban.bukti_nama)


def _messages_of(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error) or _("Anda tidak berwenang melakukan ini.")]


def baris_context(request: HttpRequest, evaluasi: Evaluasi, kriteria: Kriteria) -> dict:
    """Return the context of ``evaluasi/partials/baris_kriteria.html``."""
    return {
        "baris": baris_kriteria(evaluasi, kriteria),
        "evaluasi": evaluasi,
        "tahap": evaluasi_tahap(evaluasi),
        "boleh_isi": boleh_isi_request(request, evaluasi),
        "bukti_max_bytes": bukti_rules.bukti_max_bytes(),
    }


def _render_row(
    request: HttpRequest, evaluasi: Evaluasi, kriteria: Kriteria
) -> HttpResponse:
    context = baris_context(request, evaluasi, kriteria)
    return render(request, "evaluasi/partials/baris_kriteria.html", context)


def _render_hasil(
    request: HttpRequest,
    evaluasi: Evaluasi,
    kriteria: Kriteria,
    *,
    pesan_list=(),
    galat=(),
    konflik: bool = False,
    jawaban: Jawaban | None = None,
) -> HttpResponse:
    """Render a row's result cell; after a save, also its version, its
    evidence and the score table, out of band."""
    tersimpan = not pesan_list
    context = {
        "evaluasi": evaluasi,
        "kriteria": kriteria,
        "jawaban": jawaban,
        "pesan_list": list(pesan_list),
        "galat": " ".join(name for name in galat if name != "__all__"),
        "konflik": konflik,
        "tersimpan": tersimpan,
        "waktu": timezone.localtime(),
        "tahap": evaluasi_tahap(evaluasi),
    }
    if tersimpan:
        context["lembar"] = evaluasi_lembar(evaluasi)
        context["tahap_list"] = [Tahap(t) for t in TAHAP_URUT]
        # The decision form of the criterion's proposal, below the sheet,
        # must post the version this save made.
        if kriteria.kode in load_pemetaan():
            context["usulan"] = usulan_context(evaluasi, kriteria)
    return render(request, "evaluasi/partials/hasil_jawaban.html", context)
