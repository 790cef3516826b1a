import io

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import services
from .exporter import export_workbook
from .forms import ImporForm
from .models import ImporBukuKerja

IMPOR = "bukukerja.impor_buku_kerja"
EKSPOR = "bukukerja.ekspor_buku_kerja"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@permission_required(IMPOR, raise_exception=True)
def impor_create(request):
    form = ImporForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        impor = services.impor_create(
            berkas=form.cleaned_data["berkas"],
            hanya_periksa=form.cleaned_data["hanya_periksa"],
            user=request.user,
        )
        return redirect("bukukerja:impor_detail", pk=impor.pk)

    terakhir = ImporBukuKerja.objects.select_related("diunggah_oleh")[:10]
    context = {"form": form, "terakhir": terakhir}
    return render(request, "bukukerja/impor_create.html", context)


@login_required
@permission_required(IMPOR, raise_exception=True)
@require_GET
def impor_detail(request, pk: int):
    impor = get_object_or_404(ImporBukuKerja, pk=pk)
    return render(request, "bukukerja/impor_detail.html", {"impor": impor})


@login_required
@permission_required(IMPOR, raise_exception=True)
@require_GET
def impor_progres(request, pk: int):
    impor = get_object_or_404(ImporBukuKerja, pk=pk)
    return render(request, "bukukerja/partials/impor_progres.html", {"impor": impor})


@login_required
@permission_required(EKSPOR, raise_exception=True)
@require_GET
def ekspor(request):
    # NOTE: the workbook is built in memory. A province's full data (an
    # estimated million rows) would need a background task and a download
    # link instead.
    buffer = io.BytesIO()
    export_workbook(buffer)
    buffer.seek(0)
    filename = f"buku-kerja-{timezone.localdate():%Y-%m-%d}.xlsx"
    return FileResponse(
        buffer, as_attachment=True, filename=filename, content_type=XLSX
    )
