"""Pages of the LKjIP workflow: the list by year, the report page with its
narrative fields edited in place, the downloads, adoption, publication,
revisions and the background build of every OPD's LKjIP."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sakip.core.htmx import is_htmx_partial, render_page_or_partial
from sakip.organisasi.models import Unit
from sakip.pengukuran.capaian import Kategori
from sakip.perencanaan.models import Elemen
from sakip.perencanaan.views.edit import add_errors

from .. import services
from ..forms import NarasiForm, PaketForm, RevisiForm, TetapkanForm
from ..models import (
    BAGIAN_ANALISIS,
    BAGIAN_LAPORAN,
    AnalisisSasaran,
    LaporanKinerja,
    PaketLaporanKinerja,
)

PAKET = "pelaporan.buat_paket_lkjip"
JENIS_LAPORAN = (Unit.Jenis.PEMDA, Unit.Jenis.PERANGKAT_DAERAH)


@dataclass
class Isian:
    """One narrative field as the page shows it: its text, or the text
    prefilled from the corrective actions (``usulan``) while it is empty."""

    unit: Unit
    tahun: int
    bagian: str
    label: str
    isi: str
    usulan: bool
    boleh_ubah: bool
    sasaran_kode: str | None = None
    fokus: bool = False

    @property
    def judul_di_kartu(self) -> bool:
        """Whether the card around the field already shows its name, as the
        report's own fields have (Ikhtisar eksekutif, Bab I, Bab IV), so the
        field's heading is for screen readers only."""
        return self.sasaran_kode is None

    @property
    def html_id(self) -> str:
        if self.sasaran_kode is None:
            return f"isian-{self.bagian}"
        # A kode may contain dots and other characters that a CSS selector
        # (hx-target) would read as syntax.
        kode = re.sub(r"[^A-Za-z0-9_-]", "-", self.sasaran_kode)
        return f"isian-{kode}-{self.bagian}"

    @property
    def url_args(self) -> list:
        args = [self.tahun, self.unit.pk]
        if self.sasaran_kode is not None:
            args.append(self.sasaran_kode)
        return [*args, self.bagian]

    @property
    def url_edit(self) -> str:
        name = (
            "laporan_narasi_edit"
            if self.sasaran_kode is None
            else "laporan_analisis_edit"
        )
        return reverse(f"pelaporan:{name}", args=self.url_args)

    @property
    def url_isi(self) -> str:
        name = (
            "laporan_narasi_isi"
            if self.sasaran_kode is None
            else "laporan_analisis_isi"
        )
        return reverse(f"pelaporan:{name}", args=self.url_args)


def _unit(request: HttpRequest, unit_id: int) -> Unit:
    return get_object_or_404(
        Unit.objects.visible_to(request.user).filter(jenis__in=JENIS_LAPORAN),
        pk=unit_id,
    )


def _check_tahun(tahun: int) -> None:
    if not 2000 <= tahun <= 2100:
        raise Http404(_("Tahun %(tahun)s di luar 2000–2100.") % {"tahun": tahun})


def _label(bagian: str, *, analisis: bool) -> str:
    model = AnalisisSasaran if analisis else LaporanKinerja
    label = str(model._meta.get_field(bagian).verbose_name)
    return label[:1].upper() + label[1:]


def _isian_list(
    *, unit: Unit, tahun: int, data: dict, narasi: dict, stored: dict, boleh_ubah: bool
) -> dict:
    """Build the Isian of the report's fields and of each sasaran's analysis.

    ``stored`` holds what was typed (``narasi`` without prefill), so that a
    prefilled text is marked as such."""
    laporan = {
        bagian: Isian(
            unit=unit,
            tahun=tahun,
            bagian=bagian,
            label=_label(bagian, analisis=False),
            isi=narasi.get(bagian, ""),
            usulan=False,
            boleh_ubah=boleh_ubah,
        )
        for bagian in BAGIAN_LAPORAN
    }
    analisis = {}
    for sasaran in data.get("sasaran", []):
        kode = sasaran["kode"]
        fields = narasi.get("analisis", {}).get(kode, {})
        typed = stored.get(kode, {})
        analisis[kode] = [
            Isian(
                unit=unit,
                tahun=tahun,
                bagian=bagian,
                label=_label(bagian, analisis=True),
                isi=fields.get(bagian, ""),
                usulan=bool(fields.get(bagian)) and not typed.get(bagian, "").strip(),
                boleh_ubah=boleh_ubah,
                sasaran_kode=kode,
            )
            for bagian in BAGIAN_ANALISIS
        ]
    return {"laporan": laporan, "analisis": analisis}


def _stored_analisis(laporan: LaporanKinerja | None) -> dict:
    if laporan is None:
        return {}
    return {
        row.sasaran_kode: {bagian: getattr(row, bagian) for bagian in BAGIAN_ANALISIS}
        for row in laporan.analisis.all()
    }


def _with_warna(data: dict) -> list[dict]:
    """Return the sasaran of ``data`` with the colour of each kategori, for
    the traffic lights; the frozen dict itself is left as it is."""
    rows = []
    for sasaran in data.get("sasaran", []):
        indikator = [
            {**item, "warna": _warna(item.get("kategori"))}
            for item in sasaran.get("indikator", [])
        ]
        rows.append(
            {
                **sasaran,
                "indikator": indikator,
                "warna": _warna(sasaran.get("kategori")),
            }
        )
    return rows


def _warna(kategori: str | None) -> str | None:
    return Kategori(kategori).warna if kategori else None


@login_required
@require_GET
def laporan_list(request: HttpRequest) -> HttpResponse:
    try:
        tahun = int(request.GET.get("tahun", ""))
    except ValueError:
        # The LKjIP of a year is written early in the next one.
        tahun = timezone.localdate().year - 1
    _check_tahun(tahun)
    units = Unit.objects.visible_to(request.user).filter(jenis__in=JENIS_LAPORAN)
    laporan = {
        row.unit_id: row
        for row in LaporanKinerja.objects.visible_to(request.user).filter(tahun=tahun)
    }
    baris = [
        (unit, laporan.get(unit.pk))
        for unit in units.order_by("jenis", "urutan", "kode")
    ]
    context = {
        "tahun": tahun,
        "baris_list": baris,
        "tahun_sebelumnya": tahun - 1,
        "tahun_berikutnya": tahun + 1,
        "dapat_membuat_paket": request.user.has_perm(PAKET),
    }
    return render(request, "pelaporan/laporan_list.html", context)


@login_required
@require_GET
def laporan_detail(request: HttpRequest, tahun: int, unit: int) -> HttpResponse:
    _check_tahun(tahun)
    unit = _unit(request, unit)
    data, narasi, laporan = services.laporan_isi(unit=unit, tahun=tahun)
    beku = laporan is not None and laporan.is_ditetapkan
    boleh_tulis = not beku and services.can_write(request.user, unit)
    boleh_tetapkan = services.can_adopt(request.user, unit)
    stored = narasi.get("analisis", {}) if beku else _stored_analisis(laporan)

    revisi_list = []
    if beku:
        for revisi in laporan.revisi.select_related("dibuat_oleh"):
            perbedaan = services.perbedaan_capaian(laporan.isi_beku, revisi.isi_beku)
            revisi_list.append((revisi, [row for row in perbedaan if row.berubah]))

    isian = _isian_list(
        unit=unit,
        tahun=tahun,
        data=data,
        narasi=narasi,
        stored=stored,
        boleh_ubah=boleh_tulis,
    )
    context = {
        "unit": unit,
        "tahun": tahun,
        "laporan": laporan,
        "beku": beku,
        "data": data,
        "sasaran_list": [
            (sasaran, isian["analisis"][sasaran["kode"]])
            for sasaran in _with_warna(data)
        ],
        "isian": isian["laporan"],
        "boleh_tulis": boleh_tulis,
        "dapat_menetapkan": not beku and boleh_tetapkan,
        "dapat_publikasi": beku and boleh_tetapkan,
        "dapat_revisi": beku and boleh_tetapkan,
        "tetapkan_form": TetapkanForm(),
        "bagian_kosong": [] if beku else services.bagian_wajib_kosong(narasi),
        "analisis_kosong": [] if beku else services.analisis_kosong(data, narasi),
        "revisi_form": RevisiForm(),
        "revisi_list": revisi_list,
    }
    return render(request, "pelaporan/laporan_detail.html", context)


def _isian_for(
    request: HttpRequest,
    *,
    unit: Unit,
    tahun: int,
    bagian: str,
    sasaran_kode: str | None,
) -> tuple[Isian, LaporanKinerja | None, dict]:
    """Return the field's Isian as stored now, the LKjIP row and the data."""
    analisis = sasaran_kode is not None
    allowed = BAGIAN_ANALISIS if analisis else BAGIAN_LAPORAN
    if bagian not in allowed:
        raise Http404(_("Bagian LKjIP %(bagian)s tidak dikenal.") % {"bagian": bagian})
    if analisis and not _is_sasaran_of(unit, sasaran_kode):
        raise Http404(_("Sasaran %(kode)s tidak ditemukan.") % {"kode": sasaran_kode})
    data, narasi, laporan = services.laporan_isi(unit=unit, tahun=tahun)
    beku = laporan is not None and laporan.is_ditetapkan
    if analisis:
        fields = narasi.get("analisis", {}).get(sasaran_kode, {})
        typed = fields if beku else _stored_analisis(laporan).get(sasaran_kode, {})
        isi = fields.get(bagian, "")
        usulan = bool(isi) and not typed.get(bagian, "").strip()
    else:
        isi, usulan = narasi.get(bagian, ""), False
    isian = Isian(
        unit=unit,
        tahun=tahun,
        bagian=bagian,
        label=_label(bagian, analisis=analisis),
        isi=isi,
        usulan=usulan,
        boleh_ubah=not beku and services.can_write(request.user, unit),
        sasaran_kode=sasaran_kode,
    )
    return isian, laporan, data


def _is_sasaran_of(unit: Unit, kode: str) -> bool:
    return Elemen.objects.filter(
        kode=kode, jenis=Elemen.Jenis.SASARAN, dokumen__unit=unit
    ).exists()


def _sasaran_of(data: dict, kode: str | None) -> dict | None:
    for sasaran in _with_warna(data):
        if sasaran["kode"] == kode:
            return sasaran
    return None


@login_required
@require_GET
def laporan_narasi_isi(
    request: HttpRequest, tahun: int, unit: int, bagian: str, sasaran: str | None = None
) -> HttpResponse:
    """Return one narrative field's block, for the Batal button of its form."""
    _check_tahun(tahun)
    unit = _unit(request, unit)
    isian, _laporan, _data = _isian_for(
        request, unit=unit, tahun=tahun, bagian=bagian, sasaran_kode=sasaran
    )
    if not is_htmx_partial(request):
        url = reverse("pelaporan:laporan_detail", args=[tahun, unit.pk])
        return redirect(f"{url}#{isian.html_id}")
    isian.fokus = True
    return render(request, "pelaporan/partials/laporan_isian.html", {"isian": isian})


@login_required
def laporan_narasi_edit(
    request: HttpRequest, tahun: int, unit: int, bagian: str, sasaran: str | None = None
) -> HttpResponse:
    _check_tahun(tahun)
    unit = _unit(request, unit)
    if not services.can_write(request.user, unit):
        raise PermissionDenied(services.PESAN_PENULIS)
    isian, laporan, data = _isian_for(
        request, unit=unit, tahun=tahun, bagian=bagian, sasaran_kode=sasaran
    )
    versi = services.versi_isian(laporan, bagian, sasaran_kode=sasaran)
    form_args = {"bagian": bagian, "analisis": sasaran is not None}
    form = NarasiForm(
        request.POST or None, initial={"isi": isian.isi, "versi": versi}, **form_args
    )
    terkini = None

    if request.method == "POST" and form.is_valid():
        try:
            services.narasi_simpan(
                user=request.user,
                unit=unit,
                tahun=tahun,
                bagian=bagian,
                isi=form.cleaned_data["isi"],
                versi=form.cleaned_data["versi"],
                sasaran_kode=sasaran,
            )
        except services.KonflikVersi as error:
            terkini = error.terkini
            # The user's text stays in the form, now at the current version,
            # so that a second save after merging goes through.
            current = services.versi_isian(
                services.laporan_get(unit=unit, tahun=tahun),
                bagian,
                sasaran_kode=sasaran,
            )
            form = NarasiForm({**request.POST.dict(), "versi": current}, **form_args)
            form.is_valid()
            form.add_error(None, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _after_save(request, unit=unit, tahun=tahun, isian=isian)

    context = {
        "unit": unit,
        "tahun": tahun,
        "isian": isian,
        "form": form,
        "terkini": terkini,
        "tertutup": laporan is not None and laporan.is_ditetapkan,
        "sasaran": _sasaran_of(data, sasaran),
    }
    return render_page_or_partial(
        request,
        template_name="pelaporan/laporan_isian_form.html",
        partial_name="pelaporan/partials/laporan_isian_form.html",
        context=context,
    )


def _after_save(request: HttpRequest, *, unit: Unit, tahun: int, isian: Isian):
    url = reverse("pelaporan:laporan_detail", args=[tahun, unit.pk])
    if not is_htmx_partial(request):
        messages.success(request, _("%(bagian)s disimpan.") % {"bagian": isian.label})
        return redirect(f"{url}#{isian.html_id}")
    saved, _laporan, _data = _isian_for(
        request,
        unit=unit,
        tahun=tahun,
        bagian=isian.bagian,
        sasaran_kode=isian.sasaran_kode,
    )
    saved.fokus = True
    return render(request, "pelaporan/partials/laporan_isian.html", {"isian": saved})


def _download(data: dict, narasi: dict, *, format: str) -> HttpResponse:
    content = services.render_dokumen(data, narasi, format=format)
    response = HttpResponse(content, content_type=services.CONTENT_TYPES[format])
    nama = services.nama_berkas(data, format=format)
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


@login_required
@require_GET
def laporan_unduh(request: HttpRequest, tahun: int, unit: int, format: str):
    """Send the LKjIP as DOCX or PDF: the frozen one once adopted, else
    rendered now from the live data."""
    _check_tahun(tahun)
    unit = _unit(request, unit)
    data, narasi, _laporan = services.laporan_isi(unit=unit, tahun=tahun)
    return _download(data, narasi, format=format)


@login_required
@require_GET
def revisi_unduh(request: HttpRequest, tahun: int, unit: int, nomor: int, format: str):
    _check_tahun(tahun)
    unit = _unit(request, unit)
    laporan = get_object_or_404(LaporanKinerja, unit=unit, tahun=tahun)
    revisi = get_object_or_404(laporan.revisi, nomor=nomor)
    return _download(revisi.isi_beku, revisi.narasi_beku, format=format)


@require_POST
@login_required
def laporan_tetapkan(request: HttpRequest, tahun: int, unit: int) -> HttpResponse:
    _check_tahun(tahun)
    unit = _unit(request, unit)
    url = reverse("pelaporan:laporan_detail", args=[tahun, unit.pk])
    form = TetapkanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Centang pernyataan penetapan lebih dulu."))
        return redirect(url)

    try:
        services.laporan_tetapkan(user=request.user, unit=unit, tahun=tahun)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("LKjIP ditetapkan."))
    return redirect(url)


@require_POST
@login_required
def laporan_publikasi(request: HttpRequest, tahun: int, unit: int) -> HttpResponse:
    _check_tahun(tahun)
    unit = _unit(request, unit)
    laporan = get_object_or_404(LaporanKinerja, unit=unit, tahun=tahun)
    dipublikasikan = request.POST.get("dipublikasikan") == "1"

    try:
        services.laporan_publikasikan(
            user=request.user, laporan=laporan, dipublikasikan=dipublikasikan
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        pesan = (
            _("LKjIP dipublikasikan di portal publik.")
            if dipublikasikan
            else _("LKjIP tidak lagi ditampilkan di portal publik.")
        )
        messages.success(request, pesan)
    return redirect("pelaporan:laporan_detail", tahun=tahun, unit=unit.pk)


@require_POST
@login_required
def laporan_revisi_create(request: HttpRequest, tahun: int, unit: int) -> HttpResponse:
    _check_tahun(tahun)
    unit = _unit(request, unit)
    laporan = get_object_or_404(LaporanKinerja, unit=unit, tahun=tahun)
    form = RevisiForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            messages.error(request, f"{form.fields[name].label}: {' '.join(errors)}")
        return redirect("pelaporan:laporan_detail", tahun=tahun, unit=unit.pk)

    try:
        revisi = services.revisi_buat(
            user=request.user, laporan=laporan, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Revisi %(nomor)s dibuat.") % {"nomor": revisi.nomor}
        )
    return redirect("pelaporan:laporan_detail", tahun=tahun, unit=unit.pk)


@login_required
@permission_required(PAKET, raise_exception=True)
def laporan_paket_create(request: HttpRequest) -> HttpResponse:
    initial = {"tahun": timezone.localdate().year - 1}
    form = PaketForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        paket = services.paket_buat(user=request.user, **form.cleaned_data)
        return redirect("pelaporan:laporan_paket_detail", pk=paket.pk)

    terakhir = PaketLaporanKinerja.objects.select_related("dibuat_oleh")[:10]
    context = {"form": form, "terakhir": terakhir}
    return render(request, "pelaporan/laporan_paket_create.html", context)


@login_required
@permission_required(PAKET, raise_exception=True)
@require_GET
def laporan_paket_detail(request: HttpRequest, pk: int) -> HttpResponse:
    paket = get_object_or_404(PaketLaporanKinerja, pk=pk)
    return render(request, "pelaporan/laporan_paket_detail.html", {"paket": paket})


@login_required
@permission_required(PAKET, raise_exception=True)
@require_GET
def laporan_paket_progres(request: HttpRequest, pk: int) -> HttpResponse:
    paket = get_object_or_404(PaketLaporanKinerja, pk=pk)
    return render(
        request, "pelaporan/partials/laporan_paket_progres.html", {"paket": paket}
    )


@login_required
@permission_required(PAKET, raise_exception=True)
@require_GET
def laporan_paket_unduh(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the job's ZIP, or go back to the job page while it has none."""
    paket = get_object_or_404(PaketLaporanKinerja, pk=pk)
    if paket.status != PaketLaporanKinerja.Status.BERHASIL or not paket.berkas:
        messages.info(request, _("Berkas ZIP paket ini belum tersedia."))
        return redirect("pelaporan:laporan_paket_detail", pk=paket.pk)
    return FileResponse(
        paket.berkas.open("rb"),
        as_attachment=True,
        filename=paket.nama_berkas,
        content_type="application/zip",
    )
