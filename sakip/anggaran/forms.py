from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sakip.core.angka import TranslatableValueError, format_angka, parse_angka
from sakip.organisasi.models import Unit
from sakip.tahunan.forms import RupiahField as PaguField

from .models import Pagu
from .services import IsianBulan, KeuanganTersimpan, nama_bulan

SIPD_EXTENSIONS = (".xlsx", ".csv")
# A province's DPA export, about 10,000 sub kegiatan with twelve months each,
# is an estimated 2 MB as CSV.
SIPD_MAX_BYTES = 10 * 1024 * 1024
# The limit on an XLSX's content once unzipped, so that a small archive that
# expands to gigabytes is rejected before openpyxl reads it. Python's zipfile
# (3.11) stops reading a member at its declared size, so the sum of the
# declared sizes bounds what openpyxl can read.
SIPD_MAX_XLSX_UNZIPPED_BYTES = 100 * 1024 * 1024


class RupiahField(PaguField):
    """A whole number of rupiah that is not a pagu: the same parsing, with a
    message that does not speak of pagu."""

    negative_message = gettext_lazy("Jumlah rupiah tidak boleh negatif.")


class PersenInput(forms.TextInput):
    """A text input that shows a stored percentage with a decimal comma
    (95,50), the form that PersenField reads back."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_angka(value, 2)
        return super().format_value(value)


class PersenField(forms.Field):
    """A percentage from 0 to 100, written 97,5 or 97.5, with or without %."""

    widget = PersenInput(attrs={"inputmode": "decimal", "class": "form-control"})

    def to_python(self, value) -> Decimal | None:
        if value in self.empty_values:
            return None
        try:
            number = parse_angka(value if isinstance(value, Decimal) else str(value))
        except TranslatableValueError as error:
            raise ValidationError(_(error.template) % error.params) from None
        if number is None:
            return None
        if not Decimal(0) <= number <= Decimal(100):
            raise ValidationError(_("Realisasi fisik harus antara 0 dan 100 %."))
        if number.as_tuple().exponent < -2:
            raise ValidationError(
                _("Tulis realisasi fisik dengan paling banyak dua desimal.")
            )
        return number


class KeuanganForm(forms.Form):
    """The pagu murni and perubahan of one sub kegiatan, and for each month its
    anggaran kas, realisasi keuangan and realisasi fisik.

    Every value field sends back, hidden, the value the page was loaded with,
    and every month its row version, so that the service writes only what the
    user changed and rejects a change to something another user changed in
    the meantime.
    """

    pagu_murni = PaguField(
        label=gettext_lazy("Pagu murni (Rp)"), required=False, show_hidden_initial=True
    )
    pagu_perubahan = PaguField(
        label=gettext_lazy("Pagu perubahan (Rp)"),
        required=False,
        show_hidden_initial=True,
        help_text=gettext_lazy("Kosongkan bila belum ada DPA perubahan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bulan in range(1, 13):
            nama = nama_bulan(bulan)
            self.fields[f"anggaran_kas_{bulan}"] = RupiahField(
                label=_("Anggaran kas %(bulan)s") % {"bulan": nama},
                required=False,
                show_hidden_initial=True,
            )
            self.fields[f"realisasi_keuangan_{bulan}"] = RupiahField(
                label=_("Realisasi keuangan %(bulan)s") % {"bulan": nama},
                required=False,
                show_hidden_initial=True,
            )
            self.fields[f"realisasi_fisik_{bulan}"] = PersenField(
                label=_("Realisasi fisik %(bulan)s (%%)") % {"bulan": nama},
                required=False,
                show_hidden_initial=True,
            )
            self.fields[f"versi_{bulan}"] = forms.IntegerField(
                min_value=0, required=False, widget=forms.HiddenInput
            )

    @staticmethod
    def initial_of(keuangan: KeuanganTersimpan) -> dict:
        """Return the form's initial values for the stored ``keuangan``."""
        initial: dict = {
            "pagu_murni": keuangan.pagu_murni,
            "pagu_perubahan": keuangan.pagu_perubahan,
        }
        for bulan in range(1, 13):
            isian = keuangan.isian(bulan)
            initial[f"anggaran_kas_{bulan}"] = isian.anggaran_kas
            initial[f"realisasi_keuangan_{bulan}"] = isian.realisasi_keuangan
            initial[f"realisasi_fisik_{bulan}"] = isian.realisasi_fisik
            initial[f"versi_{bulan}"] = keuangan.versi.get(bulan, 0)
        return initial

    def bulan(self) -> dict[int, IsianBulan]:
        data = self.cleaned_data
        return {
            bulan: IsianBulan(
                anggaran_kas=data.get(f"anggaran_kas_{bulan}"),
                realisasi_keuangan=data.get(f"realisasi_keuangan_{bulan}"),
                realisasi_fisik=data.get(f"realisasi_fisik_{bulan}"),
            )
            for bulan in range(1, 13)
        }

    def dimuat(self) -> KeuanganTersimpan:
        """Return the stored state that the page was loaded with, read from
        the hidden values it sent back."""
        result = KeuanganTersimpan(
            pagu_murni=self._loaded("pagu_murni"),
            pagu_perubahan=self._loaded("pagu_perubahan"),
        )
        for bulan in range(1, 13):
            isian = IsianBulan(
                anggaran_kas=self._loaded(f"anggaran_kas_{bulan}"),
                realisasi_keuangan=self._loaded(f"realisasi_keuangan_{bulan}"),
                realisasi_fisik=self._loaded(f"realisasi_fisik_{bulan}"),
            )
            if not isian.kosong:
                result.bulan[bulan] = isian
            versi = self.cleaned_data.get(f"versi_{bulan}")
            if versi:
                result.versi[bulan] = versi
        return result

    def _loaded(self, name: str):
        """Return the hidden value that field ``name`` was loaded with, or
        None when it is missing or unreadable."""
        bound = self[name]
        try:
            return bound.field.to_python(self.data.get(bound.html_initial_name))
        except ValidationError:
            return None

    def show_terkini(self, terkini: KeuanganTersimpan) -> None:
        """Show the stored state ``terkini`` after a rejected save: the fields
        the user did not change take its values, and every hidden loaded
        value and version becomes its, so that a second save writes the
        user's changes over it."""
        changed = set(self.changed_data)
        data = self.data.copy()
        for name, value in self.initial_of(terkini).items():
            bound = self[name]
            formatted = bound.field.widget.format_value(value) or ""
            if name.startswith("versi_"):
                data[bound.html_name] = formatted
                continue
            data[bound.html_initial_name] = formatted
            if name not in changed:
                data[bound.html_name] = formatted
        self.data = data

    def pagu_fields(self) -> list[forms.BoundField]:
        return [self["pagu_murni"], self["pagu_perubahan"]]

    def baris_bulan(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The rows of the table: each month's name and its three fields."""
        return [
            (
                nama_bulan(bulan),
                [
                    self[f"anggaran_kas_{bulan}"],
                    self[f"realisasi_keuangan_{bulan}"],
                    self[f"realisasi_fisik_{bulan}"],
                ],
            )
            for bulan in range(1, 13)
        ]


class ImporSipdForm(forms.Form):
    """The SIPD DPA file to check, the year and DPA version it is for, and for
    Admin Bappeda an optional OPD. The form checks the file's type and size,
    and ``sakip.anggaran.sipd`` checks its content."""

    berkas = forms.FileField(
        label=gettext_lazy("Berkas DPA sub kegiatan dari SIPD"),
        error_messages={
            "required": gettext_lazy("Pilih berkas DPA yang akan diperiksa."),
            "empty": gettext_lazy(
                "Berkas yang diunggah kosong. Unggah ekspor DPA sub kegiatan dari SIPD."
            ),
        },
        widget=forms.FileInput(
            attrs={"accept": ",".join(SIPD_EXTENSIONS), "class": "form-control"}
        ),
    )
    tahun = forms.IntegerField(
        label=gettext_lazy("Tahun anggaran"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    versi = forms.ChoiceField(
        label=gettext_lazy("Versi DPA"),
        choices=Pagu.Versi.choices,
        initial=Pagu.Versi.MURNI,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    opd = forms.ModelChoiceField(
        label=gettext_lazy("OPD"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("Semua OPD, menurut kolom kode_skpd"),
        help_text=gettext_lazy(
            "Pilih OPD bila berkas hanya berisi sub kegiatan satu OPD; kolom "
            "kode_skpd lalu tidak dibaca."
        ),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, opd_list: QuerySet[Unit] | None, **kwargs):
        """``opd_list`` is the OPD the user may choose from. None hides the
        field, because the user's own unit then fixes the OPD."""
        super().__init__(*args, **kwargs)
        self.fields["berkas"].help_text = _(
            ".xlsx atau .csv, paling besar %(batas)s."
        ) % {"batas": filesizeformat(SIPD_MAX_BYTES)}
        if opd_list is None:
            del self.fields["opd"]
        else:
            self.fields["opd"].queryset = opd_list

    def clean_berkas(self) -> UploadedFile:
        berkas = self.cleaned_data["berkas"]
        nama = berkas.name or ""
        if Path(nama).suffix.lower() not in SIPD_EXTENSIONS:
            raise ValidationError(
                _(
                    "Berkas %(nama)s bukan .xlsx atau .csv. Unggah ekspor DPA sub "
                    "kegiatan dari SIPD dalam salah satu bentuk itu."
                )
                % {"nama": nama}
            )
        if berkas.size > SIPD_MAX_BYTES:
            raise ValidationError(
                _("Berkas berukuran %(ukuran)s, melebihi batas %(batas)s.")
                % {
                    "ukuran": filesizeformat(berkas.size),
                    "batas": filesizeformat(SIPD_MAX_BYTES),
                }
            )
        if Path(nama).suffix.lower() == ".xlsx":
            _check_xlsx(berkas, nama)
        berkas.seek(0)
        return berkas


def _check_xlsx(berkas: UploadedFile, nama: str) -> None:
    """Raise ValidationError unless ``berkas`` is a ZIP archive, as every XLSX
    is, of at most SIPD_MAX_XLSX_UNZIPPED_BYTES once unzipped."""
    not_xlsx = ValidationError(
        _(
            "Berkas %(nama)s bukan buku kerja Excel .xlsx, walaupun namanya "
            "berakhiran .xlsx. Buka di Excel lalu simpan ulang sebagai .xlsx, "
            "atau unggah CSV."
        )
        % {"nama": nama}
    )
    if not zipfile.is_zipfile(berkas):
        raise not_xlsx
    berkas.seek(0)
    try:
        with zipfile.ZipFile(berkas) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise not_xlsx from None
    if unzipped > SIPD_MAX_XLSX_UNZIPPED_BYTES:
        raise ValidationError(
            _(
                "Isi berkas %(nama)s berukuran %(ukuran)s setelah dibuka, melebihi "
                "batas %(batas)s. Unggah DPA sebagai CSV."
            )
            % {
                "nama": nama,
                "ukuran": filesizeformat(unzipped),
                "batas": filesizeformat(SIPD_MAX_XLSX_UNZIPPED_BYTES),
            }
        )
