"""The shapes of the API's requests and responses.

Numbers go out as decimal strings ("72.5"), as DRF writes a Decimal, so that
no value passes through a float. A realisation's value comes in as a JSON
number (read as Decimal) or as text, which the input page's rules read.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sakip.core.angka import decimal_text
from sakip.organisasi.models import Unit
from sakip.pengukuran.management.commands.capaian import as_json
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.selectors import CapaianIndikator
from sakip.perencanaan.editing import check_nilai
from sakip.perencanaan.models import (
    TAHUN_VALIDATORS,
    Dokumen,
    Elemen,
    Indikator,
    Periode,
)

from .selectors import find_dokumen, find_indikator, find_unit

# The lowest and highest year a target or realisation may have.
TAHUN_MIN = TAHUN_VALIDATORS[0].limit_value
TAHUN_MAX = TAHUN_VALIDATORS[1].limit_value


def nilai_as_input(value: Decimal) -> str:
    """Write ``value`` as the input page's text in Indonesian form ("1,123").

    The comma makes it unambiguous to ``parse_angka``, which would reject
    the plain form "1.123" as possibly meaning 1123.
    """
    return format(value, "f").replace(".", ",")


@extend_schema_field({"type": "string", "format": "decimal", "nullable": True})
class DecimalTextField(serializers.Field):
    """A stored value shown as decimal text, ``null`` when it is empty."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Decimal) -> str | None:
        return decimal_text(value)


@extend_schema_field(
    {
        "oneOf": [{"type": "number"}, {"type": "string"}],
        "nullable": True,
        "description": gettext_lazy(
            "Angka JSON (dibaca tepat), atau teks seperti di halaman isian: "
            '"1.234,5" atau "1234.5"; "144.000" ditolak karena bermakna ganda.'
        ),
    }
)
class NilaiField(serializers.Field):
    """The value of a realisation as sent, turned into the text that
    ``sakip.pengukuran.services`` parses; the service checks the number."""

    default_error_messages = {
        "invalid": gettext_lazy("Nilai harus angka atau teks angka."),
        "max_length": gettext_lazy(
            "Nilai paling panjang {max_length} karakter bila dikirim sebagai teks."
        ),
    }
    max_length = 64

    def to_internal_value(self, data) -> str:
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int):
            return str(data)
        if isinstance(data, float):
            # Only a parser other than DecimalJSONParser gives a float; its
            # repr is the shortest text that reads back as the same float.
            data = Decimal(repr(data))
        if isinstance(data, Decimal):
            if not data.is_finite():
                self.fail("invalid")
            # Checked before it is written out, because 1e999999999 would be a
            # billion digits long as text. The widest exponent range keeps
            # check_nilai from overflowing, or from rounding 1e-999999999 to 0.
            try:
                with decimal.localcontext() as context:
                    context.Emax = decimal.MAX_EMAX
                    context.Emin = decimal.MIN_EMIN
                    check_nilai(data)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.message_dict["nilai"]) from None
            return nilai_as_input(data)
        if isinstance(data, str):
            if len(data) > self.max_length:
                self.fail("max_length", max_length=self.max_length)
            return data
        self.fail("invalid")

    def to_representation(self, value: Decimal) -> str | None:
        return decimal_text(value)


class UnitRingkasSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["kode", "nama"]


class DokumenRingkasSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dokumen
        fields = ["kode", "jenis", "versi", "status"]


class ElemenRingkasSerializer(serializers.ModelSerializer):
    class Meta:
        model = Elemen
        fields = ["kode", "jenis", "uraian"]


class IndikatorSerializer(serializers.ModelSerializer):
    skala = serializers.SlugRelatedField(slug_field="nama", read_only=True)
    elemen = ElemenRingkasSerializer(read_only=True)
    dokumen = DokumenRingkasSerializer(source="elemen.dokumen", read_only=True)
    unit = UnitRingkasSerializer(source="elemen.dokumen.unit", read_only=True)

    class Meta:
        model = Indikator
        fields = [
            "kode",
            "uraian",
            "satuan",
            "polaritas",
            "agregasi",
            "skala",
            "iku",
            "elemen",
            "dokumen",
            "unit",
        ]


class TargetSerializer(serializers.Serializer):
    tahun = serializers.IntegerField()
    periode = serializers.ChoiceField(choices=Periode.choices)
    nilai = DecimalTextField()
    nilai_skala = serializers.CharField()
    batas_bawah = DecimalTextField()
    batas_atas = DecimalTextField()


# The targets that one document set for an indikator.
class TargetDokumenSerializer(serializers.Serializer):
    dokumen = DokumenRingkasSerializer()
    target = TargetSerializer(many=True)


class IndikatorTargetSerializer(serializers.Serializer):
    indikator = serializers.CharField()
    dokumen = TargetDokumenSerializer(many=True)


# The shape of ``capaian_data``, for the schema only: the view writes the data.
class CapaianSerializer(serializers.Serializer):
    indikator = serializers.CharField()
    tahun = serializers.IntegerField()
    periode = serializers.ChoiceField(choices=Periode.choices)
    target = serializers.CharField(allow_null=True)
    realisasi = serializers.CharField(allow_null=True)
    capaian = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("Persen, dua desimal.")
    )
    kategori = serializers.CharField(allow_null=True)
    sumber_target = serializers.CharField(allow_null=True)
    batas_bawah = serializers.CharField(required=False)
    batas_atas = serializers.CharField(required=False)
    keterangan = serializers.CharField(required=False)
    uraian = serializers.CharField()
    satuan = serializers.CharField()
    warna = serializers.CharField(allow_null=True)


def capaian_data(item: CapaianIndikator) -> dict:
    """Return the capaian as ``sakip capaian --format json`` writes it, so
    that the two agree, then the indikator's uraian and satuan and the
    category's colour."""
    return {
        **as_json(item),
        "uraian": item.indikator.uraian,
        "satuan": item.indikator.satuan,
        "warna": item.warna,
    }


class RealisasiSerializer(serializers.ModelSerializer):
    indikator = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    unit = serializers.CharField(
        source="indikator.elemen.dokumen.unit.kode", read_only=True
    )
    nilai = DecimalTextField()
    ada_berkas_bukti = serializers.SerializerMethodField()
    diisi_oleh = serializers.CharField(
        source="diisi_oleh.username",
        allow_null=True,
        read_only=True,
        help_text=gettext_lazy("Nama pengguna yang terakhir mengisi."),
    )
    diverifikasi_oleh = serializers.CharField(
        source="diverifikasi_oleh.username",
        allow_null=True,
        read_only=True,
        help_text=gettext_lazy("Nama pengguna verifikator."),
    )

    class Meta:
        model = Realisasi
        fields = [
            "id",
            "indikator",
            "unit",
            "tahun",
            "periode",
            "nilai",
            "nilai_skala",
            "keterangan",
            "bukti_tautan",
            "ada_berkas_bukti",
            "bukti_nama",
            "status",
            "alasan_dikembalikan",
            "diisi_oleh",
            "diisi_pada",
            "diverifikasi_oleh",
            "diverifikasi_pada",
            "versi",
        ]
        read_only_fields = fields

    def get_ada_berkas_bukti(self, obj: Realisasi) -> bool:
        return bool(obj.bukti)


# The fields that a save of a realisation may send.
class _IsianSerializer(serializers.Serializer):
    nilai = NilaiField(required=False, allow_null=True)
    nilai_skala = serializers.CharField(required=False, allow_blank=True, max_length=32)
    keterangan = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False
    )
    # The service checks the address, with the input page's message.
    bukti_tautan = serializers.CharField(required=False, allow_blank=True)
    bukti = serializers.FileField(
        required=False,
        write_only=True,
        help_text=gettext_lazy(
            "Berkas bukti (PDF, JPEG, PNG, XLSX atau DOCX), dengan multipart/form-data."
        ),
    )
    ajukan = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Ajukan ke verifikator setelah disimpan."),
    )

    def check_nilai_kind(self, indikator: Indikator, attrs: dict) -> None:
        """Reject a number for a scale indikator and a scale value for a
        number one, naming the field the client should send instead."""
        nilai = attrs.get("nilai")
        nilai_skala = attrs.get("nilai_skala")
        if nilai not in (None, "") and nilai_skala:
            raise serializers.ValidationError(
                {"nilai_skala": _("Kirim nilai atau nilai_skala, tidak keduanya.")}
            )
        if indikator.skala_id is not None and nilai not in (None, ""):
            raise serializers.ValidationError(
                {
                    "nilai": _(
                        "Indikator %(kode)s memakai skala %(skala)s; kirim "
                        "realisasinya sebagai nilai_skala."
                    )
                    % {"kode": indikator.kode, "skala": indikator.skala.nama}
                }
            )
        if indikator.skala_id is None and nilai_skala:
            raise serializers.ValidationError(
                {
                    "nilai_skala": _(
                        "Indikator %(kode)s diisi dengan angka; kirim "
                        "realisasinya sebagai nilai."
                    )
                    % {"kode": indikator.kode}
                }
            )


class RealisasiBuatSerializer(_IsianSerializer):
    indikator = serializers.CharField(
        max_length=64, help_text=gettext_lazy("Kode indikator.")
    )
    tahun = serializers.IntegerField(min_value=TAHUN_MIN, max_value=TAHUN_MAX)
    periode = serializers.ChoiceField(choices=Periode.choices)

    def validate_indikator(self, kode: str) -> Indikator:
        indikator = find_indikator(user=self.context["request"].user, kode=kode)
        if indikator is None:
            raise serializers.ValidationError(
                _("Indikator dengan kode %(kode)s tidak ditemukan.") % {"kode": kode}
            )
        return indikator

    def validate(self, attrs: dict) -> dict:
        self.check_nilai_kind(attrs["indikator"], attrs)
        return attrs


# A correction: the fields it leaves out keep their stored values.
class RealisasiUbahSerializer(_IsianSerializer):
    versi = serializers.IntegerField(
        min_value=0,
        help_text=gettext_lazy(
            "Versi realisasi yang terakhir dibaca klien; bila realisasi sudah "
            "diubah sejak itu, perubahan ditolak (409)."
        ),
    )

    def validate(self, attrs: dict) -> dict:
        self.check_nilai_kind(self.context["realisasi"].indikator, attrs)
        return attrs


# Query parameters; ``unit`` names a unit the user may see.
class _FilterSerializer(serializers.Serializer):
    def validate_unit(self, kode: str) -> Unit | None:
        if not kode:
            return None
        unit = find_unit(user=self.context["request"].user, kode=kode)
        if unit is None:
            raise serializers.ValidationError(
                _("Unit dengan kode %(kode)s tidak ditemukan.") % {"kode": kode}
            )
        return unit


def _tahun_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=TAHUN_MIN, max_value=TAHUN_MAX, **kwargs)


def _unit_field() -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy(
            "Kode unit. Untuk perangkat daerah termasuk bidangnya; untuk pemda, "
            "dokumen pemda dan indikator yang penanggung jawabnya pemda."
        ),
    )


class IndikatorFilterSerializer(_FilterSerializer):
    tahun = _tahun_field(
        required=False,
        help_text=gettext_lazy("Hanya indikator yang memiliki target tahun ini."),
    )
    unit = _unit_field()
    dokumen = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("Kode dokumen.")
    )
    jenis_elemen = serializers.ChoiceField(choices=Elemen.Jenis.choices, required=False)
    iku = serializers.BooleanField(required=False, allow_null=True, default=None)

    def validate_dokumen(self, kode: str) -> Dokumen | None:
        if not kode:
            return None
        dokumen = find_dokumen(user=self.context["request"].user, kode=kode)
        if dokumen is None:
            raise serializers.ValidationError(
                _("Dokumen dengan kode %(kode)s tidak ditemukan.") % {"kode": kode}
            )
        return dokumen


class TargetFilterSerializer(serializers.Serializer):
    tahun = _tahun_field(required=False)


class CapaianFilterSerializer(_FilterSerializer):
    tahun = _tahun_field()
    periode = serializers.ChoiceField(
        choices=Periode.choices, required=False, default=Periode.TAHUNAN
    )
    unit = _unit_field()
    terverifikasi = serializers.BooleanField(
        required=False,
        default=True,
        help_text=gettext_lazy(
            "1 (bawaan): hanya realisasi yang diterima verifikator, seperti "
            "laporan resmi. 0: semua realisasi yang sudah diisi."
        ),
    )


class RealisasiFilterSerializer(_FilterSerializer):
    tahun = _tahun_field(required=False)
    periode = serializers.ChoiceField(choices=Periode.choices, required=False)
    unit = _unit_field()
    indikator = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("Kode indikator.")
    )
    status = serializers.ChoiceField(choices=Realisasi.Status.choices, required=False)
