"""The endpoints under /api/v1/ (docs/api.md describes each one).

Every endpoint needs an authenticated user and reads its rows through
``visible_to`` (``selectors``). A realisation is stored only through
``sakip.pengukuran.services.realisasi_simpan``. Its errors come back as 400
for a value or field, or 403 when the user may not enter it. They come back
as 409 when the entry is locked, was changed since it was read, or its input
window is closed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.selectors import capaian_indikator_list
from sakip.pengukuran.services import KonflikVersi, describe_entri, realisasi_simpan
from sakip.perencanaan.models import Indikator

from . import selectors
from .errors import exception_handler
from .pagination import IdCursorPagination, KodeCursorPagination
from .serializers import (
    CapaianFilterSerializer,
    CapaianSerializer,
    IndikatorFilterSerializer,
    IndikatorSerializer,
    IndikatorTargetSerializer,
    RealisasiBuatSerializer,
    RealisasiFilterSerializer,
    RealisasiSerializer,
    RealisasiUbahSerializer,
    TargetFilterSerializer,
    capaian_data,
)
from .services import isian_from_data

# Service errors that are about the entry's state, not the request's fields.
KODE_KONFLIK = {"jadwal_ditutup", "terkunci", "versi_berubah"}
NON_FIELD = "non_field_errors"

ERROR_RESPONSES = {
    400: OpenApiResponse(description=gettext_lazy("Isian tidak sah; pesan per kolom.")),
    403: OpenApiResponse(
        description=gettext_lazy("Pengguna tidak boleh mengisi realisasi ini.")
    ),
    409: OpenApiResponse(
        description=gettext_lazy(
            "Realisasi terkunci, sudah diubah sejak dibaca, atau jadwal input "
            "periodenya ditutup."
        )
    ),
}


class ApiErrorMixin:
    """Answer every error of the endpoint as JSON (``errors``)."""

    def get_exception_handler(self):
        return exception_handler


def read_filters(serializer_class: type[Serializer], request: Request) -> dict:
    """Validate the query parameters; raise a 400 with each one's message."""
    serializer = serializer_class(
        data=request.query_params.dict(), context={"request": request}
    )
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class IndikatorList(ApiErrorMixin, generics.ListAPIView):
    serializer_class = IndikatorSerializer
    pagination_class = KodeCursorPagination

    @extend_schema(
        operation_id="indikator_list",
        summary=gettext_lazy("Daftar indikator"),
        description=gettext_lazy(
            "Indikator yang boleh dilihat pengguna, urut kode, per halaman."
        ),
        parameters=[IndikatorFilterSerializer],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Indikator.objects.none()
        filters = read_filters(IndikatorFilterSerializer, self.request)
        rows = selectors.indikator_list(user=self.request.user, **filters)
        return rows.select_related("skala", "elemen__dokumen__unit")


class IndikatorTarget(ApiErrorMixin, generics.GenericAPIView):
    serializer_class = IndikatorTargetSerializer
    pagination_class = None

    @extend_schema(
        operation_id="indikator_target",
        summary=gettext_lazy("Target indikator per dokumen dan periode"),
        parameters=[TargetFilterSerializer],
    )
    def get(self, request: Request, kode: str) -> Response:
        indikator = selectors.find_indikator(user=request.user, kode=kode)
        if indikator is None:
            raise NotFound(
                _("Indikator dengan kode %(kode)s tidak ditemukan.") % {"kode": kode}
            )

        filters = read_filters(TargetFilterSerializer, request)
        groups = selectors.target_by_dokumen(indikator=indikator, **filters)

        data = {"indikator": indikator.kode, "dokumen": groups}
        return Response(self.get_serializer(data).data)


class CapaianList(ApiErrorMixin, generics.GenericAPIView):
    serializer_class = CapaianSerializer
    pagination_class = KodeCursorPagination

    def get_filters(self) -> dict:
        if not hasattr(self, "_filters"):
            self._filters = read_filters(CapaianFilterSerializer, self.request)
        return self._filters

    def get_queryset(self):
        """Return the indikator of the capaian; the browsable API calls this too."""
        if getattr(self, "swagger_fake_view", False):
            return Indikator.objects.none()
        filters = self.get_filters()
        return selectors.indikator_list(
            user=self.request.user, tahun=filters["tahun"], unit=filters.get("unit")
        )

    @extend_schema(
        operation_id="capaian_list",
        summary=gettext_lazy("Capaian indikator"),
        description=gettext_lazy(
            "Capaian setiap indikator yang memiliki target pada tahun itu, urut "
            "kode, per halaman; angkanya sama dengan sakip capaian --format json."
        ),
        parameters=[CapaianFilterSerializer],
        responses=CapaianSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = self.get_filters()

        # One page of indikator by kode, then the capaian of that page only:
        # the selector's queries do not grow with the page or the Pemda.
        page = self.paginate_queryset(self.get_queryset().only("pk", "kode"))
        hasil = capaian_indikator_list(
            indikator=Indikator.objects.filter(pk__in=[row.pk for row in page]),
            tahun=filters["tahun"],
            periode=filters["periode"],
            hanya_terverifikasi=filters["terverifikasi"],
        )

        rows = sorted(hasil, key=lambda item: item.indikator.kode)
        return self.get_paginated_response([capaian_data(item) for item in rows])


class RealisasiList(ApiErrorMixin, generics.GenericAPIView):
    serializer_class = RealisasiSerializer
    pagination_class = IdCursorPagination

    def get_serializer_class(self):
        if self.request.method == "POST":
            return RealisasiBuatSerializer
        return RealisasiSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Realisasi.objects.none()
        filters = read_filters(RealisasiFilterSerializer, self.request)
        return selectors.realisasi_list(user=self.request.user, **filters)

    @extend_schema(
        operation_id="realisasi_list",
        summary=gettext_lazy("Daftar realisasi"),
        parameters=[RealisasiFilterSerializer],
        responses=RealisasiSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = RealisasiSerializer(page, many=True).data
        return self.get_paginated_response(rows)

    @extend_schema(
        operation_id="realisasi_create",
        summary=gettext_lazy("Isi realisasi indikator untuk satu triwulan"),
        description=gettext_lazy(
            "Disimpan sebagai draft dengan aturan halaman isian; dengan "
            "ajukan=true langsung diajukan ke verifikator."
        ),
        request=RealisasiBuatSerializer,
        responses={201: RealisasiSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        try:
            entri = realisasi_simpan(
                user=request.user,
                indikator=data["indikator"],
                tahun=data["tahun"],
                periode=data["periode"],
                versi=0,
                isian=isian_from_data(data),
                ajukan=data["ajukan"],
            )
        except (DjangoValidationError, PermissionDenied) as error:
            return service_error_response(error, request=request, baru=True)

        if entri is None:
            message = _(
                "Isian kosong: kirim nilai, nilai_skala, keterangan, bukti_tautan "
                "atau bukti."
            )
            return Response({NON_FIELD: [message]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(show_realisasi(request, entri), status=status.HTTP_201_CREATED)


class RealisasiDetail(ApiErrorMixin, generics.GenericAPIView):
    serializer_class = RealisasiSerializer

    def get_serializer_class(self):
        if self.request.method == "PATCH":
            return RealisasiUbahSerializer
        return RealisasiSerializer

    def get_object(self) -> Realisasi:
        entri = selectors.find_realisasi(user=self.request.user, pk=self.kwargs["pk"])
        if entri is None:
            raise NotFound(_("Realisasi tidak ditemukan."))
        return entri

    @extend_schema(
        operation_id="realisasi_retrieve", summary=gettext_lazy("Satu realisasi")
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(RealisasiSerializer(self.get_object()).data)

    @extend_schema(
        operation_id="realisasi_partial_update",
        summary=gettext_lazy("Perbaiki realisasi"),
        description=gettext_lazy(
            "Kirim versi yang terakhir dibaca; kolom yang tidak dikirim tetap."
        ),
        request=RealisasiUbahSerializer,
        responses={200: RealisasiSerializer, **ERROR_RESPONSES},
    )
    def patch(self, request: Request, pk: int) -> Response:
        entri = self.get_object()
        serializer = self.get_serializer(
            data=request.data,
            context={**self.get_serializer_context(), "realisasi": entri},
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        try:
            hasil = realisasi_simpan(
                user=request.user,
                indikator=entri.indikator,
                tahun=entri.tahun,
                periode=entri.periode,
                versi=data["versi"],
                isian=isian_from_data(data, entri=entri),
                ajukan=data["ajukan"],
            )
        except (DjangoValidationError, PermissionDenied) as error:
            return service_error_response(error, request=request)

        return Response(show_realisasi(request, hasil or entri))


def show_realisasi(request: Request, entri: Realisasi) -> dict | None:
    """Serialise ``entri`` as it is stored now, read again in one query."""
    current = selectors.find_realisasi(user=request.user, pk=entri.pk)
    return None if current is None else RealisasiSerializer(current).data


def service_error_response(
    error: DjangoValidationError | PermissionDenied,
    *,
    request: Request,
    baru: bool = False,
) -> Response:
    """Turn an error of the pengukuran services into the API's response.

    ``baru`` marks a POST, whose version conflict means that the entry
    already exists and should be changed with PATCH.
    """
    if isinstance(error, PermissionDenied):
        return Response({"detail": str(error)}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(error, KonflikVersi):
        return _konflik_versi(error, request=request, baru=baru)
    if hasattr(error, "error_dict"):
        errors = _field_errors(error, request)
        return Response(errors, status=status.HTTP_400_BAD_REQUEST)
    code = getattr(error, "code", None)
    if code in KODE_KONFLIK:
        detail = " ".join(error.messages)
        body = {"detail": detail, "code": code}
        return Response(body, status=status.HTTP_409_CONFLICT)
    return Response({NON_FIELD: error.messages}, status=status.HTTP_400_BAD_REQUEST)


def _field_errors(error: DjangoValidationError, request: Request) -> dict:
    # The service reads a scale value from its "nilai"; a client that sent
    # "nilai_skala" gets the message under that name.
    sent_skala = bool(request.data.get("nilai_skala"))
    errors = {}
    for field, messages in error.message_dict.items():
        if field == "__all__":
            field = NON_FIELD
        elif field == "nilai" and sent_skala:
            field = "nilai_skala"
        errors[field] = messages
    return errors


def _konflik_versi(error: KonflikVersi, *, request: Request, baru: bool) -> Response:
    terkini = error.terkini
    detail = error.messages[0]
    if baru and terkini is not None:
        detail = _(
            "Realisasi %(entri)s sudah ada (id %(id)s, versi %(versi)s). Ubah "
            "dengan PATCH /api/v1/realisasi/%(id)s/ dan kirim versi itu."
        ) % {"entri": describe_entri(terkini), "id": terkini.pk, "versi": terkini.versi}
    body = {
        "detail": detail,
        "code": "versi_berubah",
        "terkini": None if terkini is None else show_realisasi(request, terkini),
    }
    return Response(body, status=status.HTTP_409_CONFLICT)
