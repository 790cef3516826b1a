"""Changes to the content of a planning document: elemen, indikator, targets
and the links of the cascade.

Each function checks the permission (``Dokumen.objects.editable_by`` and
``ensure_dokumen_editable``), validates, makes the change and records it in
the history, in that order and in one transaction. A function that changes an
existing row takes the ``versi`` its form was loaded with (``row_version``)
and raises ValidationError when the row has changed since, so that of two
people editing the same row the first save is kept and the second is rejected.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from sakip.organisasi.models import Unit
from sakip.referensi.models import Nomenklatur
from sakip.referensi.services import nomenklatur_for_year

from .kode import unique_kodes
from .models import (
    NILAI_DECIMAL_PLACES,
    Dokumen,
    Elemen,
    Indikator,
    Periode,
    RiwayatStatusDokumen,
    Target,
    TautanElemen,
)
from .services import ensure_dokumen_editable

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

J = Elemen.Jenis

# The kinds of elemen that each kind of document holds, top first.
JENIS_PER_DOKUMEN: dict[str, tuple[str, ...]] = {
    Dokumen.Jenis.RPJMD: (
        J.VISI,
        J.MISI,
        J.TUJUAN,
        J.SASARAN,
        J.STRATEGI,
        J.ARAH_KEBIJAKAN,
        J.PROGRAM,
    ),
    Dokumen.Jenis.RENSTRA: (J.TUJUAN, J.SASARAN, J.PROGRAM, J.KEGIATAN, J.SUB_KEGIATAN),
    Dokumen.Jenis.RKPD: (J.TUJUAN, J.SASARAN, J.PROGRAM),
    Dokumen.Jenis.RENJA: (J.SASARAN, J.PROGRAM, J.KEGIATAN, J.SUB_KEGIATAN),
}

KODE_PREFIX = {
    J.VISI: "VISI",
    J.MISI: "MISI",
    J.TUJUAN: "TUJ",
    J.SASARAN: "SAS",
    J.STRATEGI: "STR",
    J.ARAH_KEBIJAKAN: "AK",
    J.PROGRAM: "PRG",
    J.KEGIATAN: "KEG",
    J.SUB_KEGIATAN: "SUB",
}

# Which kinds of elemen of another document a kind may support (mendukung).
TAUTAN_KE = {
    J.TUJUAN: (J.TUJUAN, J.SASARAN),
    J.SASARAN: (J.TUJUAN, J.SASARAN),
    J.PROGRAM: (J.PROGRAM,),
}

# Indicator values: at most 15 significant digits and 4 decimals (see
# NILAI_MAX_DIGITS in models.py for why 15).
NILAI_SIGNIFICANT_DIGITS = 15

# A Program Penunjang Urusan Pemerintahan Daerah is listed once in the
# nomenklatur as X.XX.01 and used under every bidang urusan as U.BB.01.
PENUNJANG = re.compile(r"^\d\.\d\d\.(01)(\..+)?$")
PENUNJANG_UMUM = "X.XX"

ELEMEN_FIELDS = ("jenis", "induk_id", "uraian", "nomenklatur", "unit_pj_id")
INDIKATOR_FIELDS = (
    "uraian",
    "satuan",
    "polaritas",
    "agregasi",
    "definisi",
    "formula",
    "sumber_data",
    "kondisi_awal",
    "kondisi_awal_skala",
    "iku",
    "rumus_negatif",
    "skala_id",
)
TARGET_FIELDS = ("tahun", "nilai", "nilai_skala", "batas_bawah", "batas_atas")


@dataclass(frozen=True)
class NilaiTarget:
    """The values of one year's target as a form gives them; all empty means
    "no target for that year"."""

    nilai: Decimal | None = None
    nilai_skala: str = ""
    batas_bawah: Decimal | None = None
    batas_atas: Decimal | None = None

    @property
    def is_empty(self) -> bool:
        return (
            self.nilai is None
            and not self.nilai_skala
            and self.batas_bawah is None
            and self.batas_atas is None
        )


# Permission, versions and values.


def can_edit(*, dokumen: Dokumen, user: Pengguna) -> bool:
    """Whether ``user`` may change ``dokumen``'s content now (for the pages)."""
    from .services import dokumen_is_editable

    return (
        dokumen_is_editable(dokumen)
        and Dokumen.objects.editable_by(user).filter(pk=dokumen.pk).exists()
    )


def _ensure_can_edit(dokumen: Dokumen, user: Pengguna) -> Dokumen:
    """Lock ``dokumen`` and raise unless ``user`` may change its content.

    The status is read again under the lock, so that a document submitted
    while a form was open is not changed by that form.
    """
    if not Dokumen.objects.editable_by(user).filter(pk=dokumen.pk).exists():
        raise PermissionDenied(
            _(
                "Hanya Admin Bappeda atau Operator OPD pemilik dokumen yang dapat "
                "mengubah isinya."
            )
        )
    current = Dokumen.objects.select_for_update().get(pk=dokumen.pk)
    ensure_dokumen_editable(current)
    return current


def _invalid(field: str, message: str, code: str) -> ValidationError:
    """Build a ValidationError on ``field`` whose message keeps ``code``."""
    return ValidationError({field: ValidationError(message, code=code)})


def _values(obj, fields: Iterable[str]) -> tuple:
    return tuple(str(getattr(obj, name)) for name in fields)


def _digest(values: Iterable) -> str:
    return hashlib.sha256(repr(list(values)).encode()).hexdigest()[:16]


def row_version(obj: Elemen | Indikator) -> str:
    """The version of a row for an edit form: a hash of its editable fields."""
    fields = ELEMEN_FIELDS if isinstance(obj, Elemen) else INDIKATOR_FIELDS
    return _digest(_values(obj, fields))


def target_version(*, indikator: Indikator, dokumen: Dokumen) -> str:
    """The version of the yearly targets that ``dokumen`` set for ``indikator``."""
    targets = Target.objects.filter(
        indikator=indikator, dokumen=dokumen, periode=Periode.TAHUNAN
    ).order_by("tahun")
    return _digest(_values(target, TARGET_FIELDS) for target in targets)


def _ensure_version(current: str, versi: str) -> None:
    if current != versi:
        raise ValidationError(
            _(
                "Data ini telah diubah oleh orang lain sejak formulir dibuka, "
                "sehingga perubahan Anda tidak disimpan. Muat ulang untuk melihat "
                "isinya sekarang, lalu ulangi perubahan Anda."
            ),
            code="versi_berubah",
        )


def check_nilai(value: Decimal | None, field: str = "nilai") -> Decimal | None:
    """Raise ValidationError on ``field`` when ``value`` has more than 15
    significant digits or 4 decimals, the limits of the database column."""
    if value is None:
        return None
    if not value.is_finite():
        raise ValidationError({field: _("Nilai harus berupa angka.")})
    sign, digits, exponent = value.normalize().as_tuple()
    if exponent < -NILAI_DECIMAL_PLACES:
        raise ValidationError(
            {field: _("Nilai paling banyak memiliki 4 angka di belakang koma.")},
            code="desimal",
        )
    integer_digits = max(len(digits) + exponent, 0)
    significant = max(len(digits), integer_digits)
    if significant > NILAI_SIGNIFICANT_DIGITS:
        raise ValidationError(
            {field: _("Nilai paling banyak memiliki 15 angka bermakna.")},
            code="digit",
        )
    return value


# Elemen.


def allowed_jenis(*, dokumen: Dokumen, induk: Elemen | None) -> list[str]:
    """The kinds of elemen that may be added to ``dokumen`` under ``induk``
    (at the root when it is None): the document's kinds below the parent's."""
    jenis_list = JENIS_PER_DOKUMEN.get(dokumen.jenis, ())
    if induk is None:
        return list(jenis_list)
    depth = Elemen.KEDALAMAN[induk.jenis]
    return [jenis for jenis in jenis_list if Elemen.KEDALAMAN[jenis] > depth]


def _next_urutan(dokumen: Dokumen, induk_id: int | None) -> int:
    last = Elemen.objects.filter(dokumen=dokumen, induk_id=induk_id).aggregate(
        Max("urutan")
    )["urutan__max"]
    return (last or 0) + 1


def _ensure_induk(*, elemen: Elemen, induk: Elemen | None) -> None:
    """Raise unless ``induk`` may be the parent of ``elemen``: in the same
    document, of a higher level, and not ``elemen`` itself or a descendant."""
    if induk is None:
        return
    if induk.dokumen_id != elemen.dokumen_id:
        raise ValidationError({"induk": _("Induk harus berada di dokumen yang sama.")})
    if elemen.pk is not None:
        node: Elemen | None = induk
        seen: set[int] = set()
        while node is not None and node.pk not in seen:
            if node.pk == elemen.pk:
                raise _invalid(
                    "induk",
                    _(
                        "Elemen tidak dapat dipindahkan ke bawah dirinya sendiri "
                        "atau ke bawah salah satu turunannya."
                    ),
                    "siklus",
                )
            seen.add(node.pk)
            node = node.induk
    if Elemen.KEDALAMAN[induk.jenis] >= Elemen.KEDALAMAN[elemen.jenis]:
        raise ValidationError(
            {
                "induk": _(
                    "%(jenis)s tidak dapat berada di bawah %(induk)s: induk harus "
                    "berada di tingkat di atasnya."
                )
                % {
                    "jenis": elemen.get_jenis_display(),
                    "induk": induk.get_jenis_display().lower(),
                }
            }
        )


def find_nomenklatur(*, kode: str, tahun: int) -> Nomenklatur | None:
    """The nomenklatur entry of ``kode`` in the version of ``tahun``.

    ``U.BB.01…`` (a Program Penunjang under bidang U.BB, and its kegiatan)
    is found as ``X.XX.01…`` when the version lists it only in that form.
    """
    versi = nomenklatur_for_year(tahun)
    if versi is None:
        return None
    found = versi.kode.filter(kode=kode).first()
    if found is None and PENUNJANG.match(kode):
        found = versi.kode.filter(kode=PENUNJANG_UMUM + kode[4:]).first()
    return found


def _bidang(kode: str) -> str:
    return ".".join(kode.split(".")[:2])


@dataclass(frozen=True)
class PilihanNomenklatur:
    """One match of the nomenklatur picker."""

    kode: str
    nama: str


NOMENKLATUR_SEARCH_LIMIT = 20


def nomenklatur_search(
    *, dokumen: Dokumen, jenis: str, q: str, induk: Elemen | None = None
) -> list[PilihanNomenklatur]:
    """Return at most 20 codes of the level of ``jenis`` in the nomenklatur of
    ``dokumen``'s first year whose code starts with a word of ``q`` or whose
    name contains it (every word must match, case-insensitive).

    Under a coded ``induk`` only the codes that extend its code are listed.
    Under a Program Penunjang ``U.BB.01`` the version's ``X.XX.01`` codes are
    listed, written with the parent's ``U.BB``.
    """
    if jenis not in Elemen.JENIS_BERKODE:
        return []
    versi = nomenklatur_for_year(dokumen.tahun_awal)
    if versi is None:
        return []
    codes = versi.kode.filter(tingkat=jenis)
    prefix, bidang = "", ""
    if induk is not None and induk.nomenklatur:
        prefix = induk.nomenklatur + "."
        if (
            PENUNJANG.match(induk.nomenklatur)
            and not versi.kode.filter(kode__startswith=prefix, tingkat=jenis).exists()
        ):
            bidang = induk.nomenklatur[:4]
            prefix = PENUNJANG_UMUM + prefix[4:]
        codes = codes.filter(kode__startswith=prefix)
    for word in q.split():
        if bidang and word.startswith(bidang):
            word = PENUNJANG_UMUM + word[4:]
        codes = codes.filter(Q(kode__istartswith=word) | Q(nama__icontains=word))
    result = []
    for item in codes.order_by("kode")[:NOMENKLATUR_SEARCH_LIMIT]:
        kode = bidang + item.kode[4:] if bidang else item.kode
        result.append(PilihanNomenklatur(kode=kode, nama=item.nama))
    return result


def _ensure_nomenklatur(*, elemen: Elemen, user: Pengguna) -> None:
    """Raise unless ``elemen.nomenklatur`` is a code of its kind in the
    nomenklatur of the document's year, extending its parent's code."""
    kode = elemen.nomenklatur
    if not kode:
        return
    if elemen.jenis not in Elemen.JENIS_BERKODE:
        raise ValidationError(
            {
                "nomenklatur": _(
                    "Hanya program, kegiatan dan sub kegiatan yang memiliki kode "
                    "nomenklatur."
                )
            }
        )
    tahun = elemen.dokumen.tahun_awal
    found = find_nomenklatur(kode=kode, tahun=tahun)
    if found is None:
        raise _invalid(
            "nomenklatur",
            _(
                "Kode %(kode)s tidak ada dalam nomenklatur yang berlaku pada "
                "tahun %(tahun)s. Pilih kode dari daftar."
            )
            % {"kode": kode, "tahun": tahun},
            "nomenklatur_tidak_ada",
        )
    if found.tingkat != elemen.jenis:
        raise _invalid(
            "nomenklatur",
            _("Kode %(kode)s adalah kode %(tingkat)s, bukan %(jenis)s.")
            % {
                "kode": kode,
                "tingkat": found.get_tingkat_display().lower(),
                "jenis": elemen.get_jenis_display().lower(),
            },
            "nomenklatur_tingkat",
        )
    induk = elemen.induk
    kode_induk = induk.nomenklatur if induk is not None else ""
    under_coded = kode_induk and induk.jenis in Elemen.JENIS_BERKODE
    if under_coded and not kode.startswith(kode_induk + "."):
        raise _invalid(
            "nomenklatur",
            _("Kode %(kode)s bukan turunan kode induknya %(induk)s.")
            % {"kode": kode, "induk": induk.nomenklatur},
            "nomenklatur_induk",
        )
    if elemen.jenis == J.PROGRAM:
        _ensure_bidang_urusan(elemen=elemen, user=user)


def _ensure_bidang_urusan(*, elemen: Elemen, user: Pengguna) -> None:
    """Raise when a program's bidang urusan is not one of its OPD's.

    A unit stores no urusan, so an OPD's bidang urusan are read from the codes
    of the programs in its Renstra (every version and period). An OPD with no
    coded program yet may take any bidang. Admin Bappeda may add a bidang that
    the OPD has not used yet, because assigning urusan to OPD is Bappeda's
    decision; an Operator OPD may not.
    """
    opd_id = elemen.dokumen.unit.opd_id
    if opd_id is None or user.is_admin_bappeda:
        return
    codes = (
        Elemen.objects.filter(
            dokumen__unit__opd_id=opd_id,
            dokumen__jenis=Dokumen.Jenis.RENSTRA,
            jenis=J.PROGRAM,
        )
        .exclude(nomenklatur="")
        .exclude(pk=elemen.pk)
        .values_list("nomenklatur", flat=True)
    )
    used = {_bidang(code) for code in codes}
    bidang = _bidang(elemen.nomenklatur)
    if used and bidang != PENUNJANG_UMUM and bidang not in used:
        raise _invalid(
            "nomenklatur",
            _(
                "Bidang urusan %(bidang)s bukan bidang urusan %(opd)s (yang "
                "dipakai Renstra-nya: %(daftar)s). Minta Admin Bappeda bila "
                "OPD ini memang menangani bidang urusan tersebut."
            )
            % {
                "bidang": _bidang(elemen.nomenklatur),
                "opd": elemen.dokumen.unit.nama,
                "daftar": ", ".join(sorted(used)),
            },
            "bidang_urusan",
        )


def _validate_elemen(elemen: Elemen, user: Pengguna) -> None:
    elemen.uraian = (elemen.uraian or "").strip()
    elemen.nomenklatur = (elemen.nomenklatur or "").strip()
    if not elemen.uraian:
        raise ValidationError({"uraian": _("Uraian wajib diisi.")}, code="required")
    if elemen.jenis not in JENIS_PER_DOKUMEN.get(elemen.dokumen.jenis, ()):
        raise ValidationError(
            {
                "jenis": _("%(dokumen)s tidak memuat %(jenis)s.")
                % {
                    "dokumen": elemen.dokumen.get_jenis_display(),
                    "jenis": elemen.get_jenis_display().lower(),
                }
            }
        )
    _ensure_induk(elemen=elemen, induk=elemen.induk)
    _ensure_nomenklatur(elemen=elemen, user=user)


def _save(obj, user: Pengguna, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def elemen_create(
    *,
    user: Pengguna,
    dokumen: Dokumen,
    jenis: str,
    uraian: str,
    induk: Elemen | None = None,
    nomenklatur: str = "",
) -> Elemen:
    """Add an elemen of ``jenis`` to ``dokumen``, under ``induk`` or at the root."""
    with transaction.atomic():
        dokumen = _ensure_can_edit(dokumen, user)
        elemen = Elemen(
            dokumen=dokumen,
            jenis=jenis,
            induk=induk,
            uraian=uraian,
            nomenklatur=nomenklatur,
        )
        _validate_elemen(elemen, user)
        base = f"{dokumen.kode}-{elemen.nomenklatur or KODE_PREFIX[jenis]}"
        if not elemen.nomenklatur:
            count = Elemen.objects.filter(dokumen=dokumen, jenis=jenis).count()
            base = f"{base}-{count + 1}"
        elemen.kode = unique_kodes(Elemen, [base])[0]
        elemen.urutan = _next_urutan(dokumen, induk.pk if induk else None)
        _save(elemen, user, _("Ditambahkan"))
    return elemen


def elemen_update(
    *,
    user: Pengguna,
    elemen: Elemen,
    versi: str,
    uraian: str,
    nomenklatur: str | None = None,
    induk: Elemen | None | bool = False,
) -> Elemen:
    """Change ``elemen``'s uraian and, when given, its code or parent.

    ``induk=False`` (the default) keeps the parent; None moves it to the root.
    """
    with transaction.atomic():
        _ensure_can_edit(elemen.dokumen, user)
        current = Elemen.objects.select_for_update().get(pk=elemen.pk)
        _ensure_version(row_version(current), versi)
        current.uraian = uraian
        if nomenklatur is not None:
            current.nomenklatur = nomenklatur
        if induk is not False:
            current.induk = induk
        _validate_elemen(current, user)
        _save(current, user, _("Diubah"))
    return current


def elemen_set_unit_pj(
    *, user: Pengguna, elemen: Elemen, versi: str, unit_pj: Unit | None
) -> Elemen:
    """Cascade ``elemen`` down to a bidang or seksi of the document's OPD by
    making it the unit penanggung jawab; None takes it back to the OPD."""
    with transaction.atomic():
        dokumen = _ensure_can_edit(elemen.dokumen, user)
        current = Elemen.objects.select_for_update().get(pk=elemen.pk)
        _ensure_version(row_version(current), versi)
        if unit_pj is not None and (
            unit_pj.jenis != Unit.Jenis.BIDANG
            or unit_pj.opd_id is None
            or unit_pj.opd_id != dokumen.unit.opd_id
        ):
            raise ValidationError(
                {
                    "unit_pj": _(
                        "Unit penanggung jawab harus bidang atau seksi dari %(opd)s."
                    )
                    % {"opd": dokumen.unit.nama}
                }
            )
        current.unit_pj = unit_pj
        _save(current, user, _("Diturunkan ke bidang"))
    return current


def bidang_choices(*, dokumen: Dokumen) -> list[Unit]:
    """The bidang and seksi of ``dokumen``'s OPD, to cascade an elemen to."""
    if dokumen.unit.opd_id is None:
        return []
    return list(
        Unit.objects.filter(jenis=Unit.Jenis.BIDANG, opd_id=dokumen.unit.opd_id)
    )


def elemen_delete(*, user: Pengguna, elemen: Elemen, versi: str) -> None:
    """Delete an elemen that has no children, with its indikator and links.

    Rejected while other documents' elemen support it (their links belong to
    those documents) or while one of its indikator has realisation.
    """
    with transaction.atomic():
        _ensure_can_edit(elemen.dokumen, user)
        current = Elemen.objects.select_for_update().get(pk=elemen.pk)
        _ensure_version(row_version(current), versi)
        if current.anak.exists():
            raise ValidationError(
                _("Hapus dulu elemen di bawahnya, lalu hapus elemen ini."),
                code="punya_anak",
            )
        incoming = TautanElemen.objects.filter(ke=current).exclude(
            dari__dokumen_id=current.dokumen_id
        )
        if incoming.exists():
            raise ValidationError(
                _(
                    "Elemen ini didukung oleh elemen dokumen lain, sehingga tidak "
                    "dapat dihapus. Minta pemilik dokumen itu melepas tautannya."
                ),
                code="didukung",
            )
        for indikator in current.indikator.all():
            _ensure_no_realisasi(indikator)
        current._history_user = user
        current.delete()


# Indikator.


def _ensure_no_realisasi(indikator: Indikator) -> None:
    # The realisation model belongs to a later app; its reverse accessor
    # is read by name so that this app does not import it.
    realisasi = getattr(indikator, "realisasi", None)
    if realisasi is not None and realisasi.exists():
        raise ValidationError(
            _(
                "Indikator %(kode)s sudah memiliki realisasi, sehingga tidak dapat "
                "dihapus."
            )
            % {"kode": indikator.kode},
            code="punya_realisasi",
        )


def _validate_indikator(indikator: Indikator) -> None:
    indikator.uraian = (indikator.uraian or "").strip()
    indikator.satuan = (indikator.satuan or "").strip()
    errors = {}
    if not indikator.uraian:
        errors["uraian"] = _("Uraian indikator wajib diisi.")
    if not indikator.satuan:
        errors["satuan"] = _("Satuan wajib diisi.")
    if indikator.polaritas not in Indikator.Polaritas.values:
        errors["polaritas"] = _("Pilih polaritas.")
    if indikator.agregasi not in Indikator.Agregasi.values:
        errors["agregasi"] = _("Pilih agregasi.")
    if errors:
        raise ValidationError(errors, code="required")
    check_nilai(indikator.kondisi_awal, "kondisi_awal")
    if indikator.skala_id is not None:
        if indikator.kondisi_awal is not None:
            raise ValidationError(
                {
                    "kondisi_awal": _(
                        "Indikator berskala memakai kondisi awal berupa nilai skala."
                    )
                }
            )
        values = set(indikator.skala.nilai.values_list("nilai", flat=True))
        if indikator.kondisi_awal_skala and indikator.kondisi_awal_skala not in values:
            raise ValidationError(
                {"kondisi_awal_skala": _("Nilai ini tidak ada dalam skala.")}
            )
    elif indikator.kondisi_awal_skala:
        raise ValidationError(
            {"kondisi_awal_skala": _("Nilai skala hanya untuk indikator berskala.")}
        )


def indikator_create(
    *, user: Pengguna, elemen: Elemen, values: Mapping[str, object]
) -> Indikator:
    """Add an indikator to ``elemen``; ``values`` are fields of INDIKATOR_FIELDS
    (with ``skala`` as a Skala or None)."""
    with transaction.atomic():
        _ensure_can_edit(elemen.dokumen, user)
        indikator = Indikator(elemen=elemen, **_indikator_values(values))
        _validate_indikator(indikator)
        count = Indikator.objects.filter(elemen=elemen).count()
        indikator.kode = unique_kodes(Indikator, [f"{elemen.kode}-IND-{count + 1}"])[0]
        last = elemen.indikator.aggregate(Max("urutan"))["urutan__max"]
        indikator.urutan = (last or 0) + 1
        _save(indikator, user, _("Ditambahkan"))
    return indikator


def _indikator_values(values: Mapping[str, object]) -> dict:
    allowed = {*INDIKATOR_FIELDS, "skala"} - {"skala_id"}
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"Unknown indikator fields: {sorted(unknown)}")
    result = dict(values)
    for name in ("definisi", "formula", "sumber_data", "kondisi_awal_skala"):
        result[name] = (result.get(name) or "").strip()
    result.setdefault("rumus_negatif", "")
    result["rumus_negatif"] = result["rumus_negatif"] or ""
    return result


def indikator_update(
    *, user: Pengguna, indikator: Indikator, versi: str, values: Mapping[str, object]
) -> Indikator:
    """Change the fields of ``indikator`` given in ``values``."""
    with transaction.atomic():
        _ensure_can_edit(indikator.elemen.dokumen, user)
        current = Indikator.objects.select_for_update().get(pk=indikator.pk)
        _ensure_version(row_version(current), versi)
        for name, value in _indikator_values(values).items():
            setattr(current, name, value)
        _validate_indikator(current)
        _save(current, user, _("Diubah"))
    return current


def indikator_delete(*, user: Pengguna, indikator: Indikator, versi: str) -> None:
    """Delete ``indikator`` and its targets, unless it has realisation."""
    with transaction.atomic():
        _ensure_can_edit(indikator.elemen.dokumen, user)
        current = Indikator.objects.select_for_update().get(pk=indikator.pk)
        _ensure_version(row_version(current), versi)
        _ensure_no_realisasi(current)
        current._history_user = user
        current.delete()


# Targets.


def _validate_target(
    indikator: Indikator, tahun: int, nilai: NilaiTarget, skala_values: set[str]
) -> None:
    field = f"tahun_{tahun}"
    try:
        for value in (nilai.nilai, nilai.batas_bawah, nilai.batas_atas):
            check_nilai(value, field)
    except ValidationError as error:
        raise ValidationError(
            {field: f"{tahun}: {' '.join(error.messages)}"}
        ) from error
    if indikator.skala_id is not None:
        if nilai.nilai is not None or nilai.batas_bawah is not None:
            raise ValidationError(
                {field: _("%(tahun)s: pilih nilai skala.") % {"tahun": tahun}}
            )
        if nilai.nilai_skala and nilai.nilai_skala not in skala_values:
            raise ValidationError(
                {
                    field: _("%(tahun)s: %(nilai)s tidak ada dalam skala.")
                    % {"tahun": tahun, "nilai": nilai.nilai_skala}
                }
            )
        return
    if nilai.nilai_skala:
        raise ValidationError(
            {
                field: _("%(tahun)s: nilai skala hanya untuk indikator berskala.")
                % {"tahun": tahun}
            }
        )
    if indikator.polaritas == Indikator.Polaritas.RENTANG:
        if nilai.nilai is not None:
            raise ValidationError(
                {
                    field: _("%(tahun)s: target rentang diisi batas bawah dan atas.")
                    % {"tahun": tahun}
                }
            )
        if (nilai.batas_bawah is None) != (nilai.batas_atas is None):
            raise ValidationError(
                {
                    field: _("%(tahun)s: isi batas bawah dan batas atas.")
                    % {"tahun": tahun}
                }
            )
        if nilai.batas_bawah is not None and nilai.batas_bawah > nilai.batas_atas:
            raise ValidationError(
                {
                    field: _("%(tahun)s: batas bawah melebihi batas atas.")
                    % {"tahun": tahun}
                }
            )
    elif nilai.batas_bawah is not None or nilai.batas_atas is not None:
        raise ValidationError(
            {
                field: _("%(tahun)s: batas hanya untuk indikator rentang.")
                % {"tahun": tahun}
            }
        )


def target_set(
    *,
    user: Pengguna,
    indikator: Indikator,
    versi: str,
    values: Mapping[int, NilaiTarget],
) -> list[Target]:
    """Set the yearly targets of ``indikator`` in its own document.

    ``values`` maps a year of the document's period to its target; an empty
    NilaiTarget deletes that year's target, and years not in ``values`` stay
    as they are. A year outside the period is rejected.
    """
    with transaction.atomic():
        dokumen = _ensure_can_edit(indikator.elemen.dokumen, user)
        _ensure_version(target_version(indikator=indikator, dokumen=dokumen), versi)
        indikator = Indikator.objects.select_related("skala").get(pk=indikator.pk)
        outside = sorted(tahun for tahun in values if not dokumen.mencakup_tahun(tahun))
        if outside:
            raise ValidationError(
                _("Tahun %(tahun)s di luar periode dokumen (%(awal)s–%(akhir)s).")
                % {
                    "tahun": ", ".join(str(tahun) for tahun in outside),
                    "awal": dokumen.tahun_awal,
                    "akhir": dokumen.tahun_terakhir,
                },
                code="tahun_di_luar_periode",
            )
        skala_values = set()
        if indikator.skala_id is not None:
            skala_values = set(indikator.skala.nilai.values_list("nilai", flat=True))
        for tahun, nilai in values.items():
            _validate_target(indikator, tahun, nilai, skala_values)

        existing = {
            target.tahun: target
            for target in Target.objects.filter(
                indikator=indikator, dokumen=dokumen, periode=Periode.TAHUNAN
            )
        }
        for tahun, nilai in sorted(values.items()):
            target = existing.get(tahun)
            if nilai.is_empty:
                if target is not None:
                    target._history_user = user
                    target.delete()
                    del existing[tahun]
                continue
            if target is None:
                target = Target(
                    indikator=indikator,
                    dokumen=dokumen,
                    tahun=tahun,
                    periode=Periode.TAHUNAN,
                )
            changed = _values(target, TARGET_FIELDS[1:]) != (
                str(nilai.nilai),
                nilai.nilai_skala,
                str(nilai.batas_bawah),
                str(nilai.batas_atas),
            )
            if target.pk is None or changed:
                target.nilai = nilai.nilai
                target.nilai_skala = nilai.nilai_skala
                target.batas_bawah = nilai.batas_bawah
                target.batas_atas = nilai.batas_atas
                _save(target, user, _("Target diubah"))
            existing[tahun] = target
    return [existing[tahun] for tahun in sorted(existing)]


# Links of the cascade.


def tautan_candidates(*, elemen: Elemen, user: Pengguna, q: str = "") -> list[Elemen]:
    """The elemen that ``elemen`` may support: those of the kinds TAUTAN_KE
    allows, in the newest version of the RPJMD whose period covers the first
    year of ``elemen``'s document (at most 50, filtered by ``q``)."""
    kinds = TAUTAN_KE.get(elemen.jenis)
    if not kinds:
        return []
    dokumen = elemen.dokumen
    candidates = (
        Elemen.objects.visible_to(user)
        .filter(
            dokumen__jenis=Dokumen.Jenis.RPJMD,
            dokumen__tahun_awal__lte=dokumen.tahun_awal,
            dokumen__tahun_akhir__gte=dokumen.tahun_awal,
            dokumen__versi_berikutnya__isnull=True,
            jenis__in=kinds,
        )
        .exclude(dokumen=dokumen)
        .exclude(pk__in=elemen.tautan_keluar.values("ke_id"))
        .select_related("dokumen")
        .order_by("dokumen__kode", "urutan", "kode")
    )
    for word in q.split():
        candidates = candidates.filter(
            Q(uraian__icontains=word) | Q(kode__icontains=word)
        )
    return list(candidates[:50])


def tautan_add(
    *,
    user: Pengguna,
    dari: Elemen,
    ke: Elemen,
    jenis: str = TautanElemen.Jenis.MENDUKUNG,
) -> TautanElemen:
    """Link ``dari`` to the elemen ``ke`` of another document that it supports.

    The target document must be in force in the first year of ``dari``'s
    document: it may not start later (a Renstra cannot support an RPJMD
    that does not exist yet) and may not have ended before. Renstra periods
    are often shifted by a year from the RPJMD's, so a full cover of the
    period is not required.
    """
    with transaction.atomic():
        dokumen = _ensure_can_edit(dari.dokumen, user)
        if not Elemen.objects.visible_to(user).filter(pk=ke.pk).exists():
            raise ValidationError({"ke": _("Elemen tujuan tidak ditemukan.")})
        if ke.dokumen_id == dokumen.pk:
            raise _invalid(
                "ke",
                _("Elemen tidak dapat ditautkan ke elemen dokumen yang sama."),
                "dokumen_sama",
            )
        target = ke.dokumen
        if not target.mencakup_tahun(dokumen.tahun_awal):
            raise _invalid(
                "ke",
                _(
                    "%(kode)s berasal dari dokumen periode %(awal)s–%(akhir)s, "
                    "yang tidak berlaku pada tahun %(tahun)s, awal periode "
                    "dokumen ini."
                )
                % {
                    "kode": ke.kode,
                    "awal": target.tahun_awal,
                    "akhir": target.tahun_terakhir,
                    "tahun": dokumen.tahun_awal,
                },
                "periode",
            )
        if jenis == TautanElemen.Jenis.MENDUKUNG and ke.jenis not in TAUTAN_KE.get(
            dari.jenis, ()
        ):
            raise ValidationError(
                {
                    "ke": _("%(dari)s tidak dapat mendukung %(ke)s.")
                    % {
                        "dari": dari.get_jenis_display(),
                        "ke": ke.get_jenis_display().lower(),
                    }
                }
            )
        if TautanElemen.objects.filter(dari=dari, ke=ke, jenis=jenis).exists():
            raise _invalid("ke", _("Tautan ini sudah ada."), "ganda")
        tautan = TautanElemen(dari=dari, ke=ke, jenis=jenis)
        _save(tautan, user, _("Ditautkan"))
    return tautan


def tautan_remove(*, user: Pengguna, tautan: TautanElemen) -> None:
    """Remove a link out of an elemen of a document that ``user`` may change."""
    with transaction.atomic():
        _ensure_can_edit(tautan.dari.dokumen, user)
        tautan._history_user = user
        tautan.delete()


# New documents.

# The default length of an RPJMD or Renstra period, in years.
PERIODE_TAHUN = 5


def dokumen_jenis_choices(*, user: Pengguna) -> list[str]:
    """The kinds of empty document that ``user`` may create: RPJMD and
    Renstra for Admin Bappeda, a Renstra of their own OPD for an Operator OPD."""
    if user.is_admin_bappeda:
        return [Dokumen.Jenis.RPJMD, Dokumen.Jenis.RENSTRA]
    if user.is_operator_opd and user.opd_id is not None:
        return [Dokumen.Jenis.RENSTRA]
    return []


def dokumen_unit_choices(*, user: Pengguna):
    """The units for which ``user`` may create a document: the Pemda and its
    OPD for Admin Bappeda, only their own OPD for an Operator OPD."""
    if not dokumen_jenis_choices(user=user):
        return Unit.objects.none()
    if not user.is_admin_bappeda:
        return Unit.objects.filter(pk=user.opd_id)
    return Unit.objects.filter(
        jenis__in=[Unit.Jenis.PEMDA, Unit.Jenis.PERANGKAT_DAERAH]
    ).order_by("urutan", "kode")


def dokumen_create(
    *,
    user: Pengguna,
    jenis: str,
    unit: Unit,
    tahun_awal: int,
    tahun_akhir: int,
    nama: str,
) -> Dokumen:
    """Create an empty draft RPJMD or Renstra of ``unit`` for the period
    ``tahun_awal``–``tahun_akhir``.

    Raises PermissionDenied unless ``user`` may create that kind of document
    for ``unit`` (see ``dokumen_jenis_choices`` and ``dokumen_unit_choices``),
    and ValidationError for a unit of the wrong kind (an RPJMD belongs to the
    Pemda, a Renstra to an OPD), years out of order, or a Renstra whose period
    overlaps another current Renstra of the same OPD.
    """
    if jenis not in dokumen_jenis_choices(user=user):
        raise PermissionDenied(
            _(
                "Hanya Admin Bappeda yang dapat membuat RPJMD, dan hanya Admin "
                "Bappeda atau Operator OPD yang dapat membuat Renstra."
            )
        )
    if not dokumen_unit_choices(user=user).filter(pk=unit.pk).exists():
        raise PermissionDenied(
            _("Anda tidak dapat membuat dokumen untuk %(unit)s.") % {"unit": unit.nama}
        )
    unit_jenis = {
        Dokumen.Jenis.RPJMD: Unit.Jenis.PEMDA,
        Dokumen.Jenis.RENSTRA: Unit.Jenis.PERANGKAT_DAERAH,
    }[jenis]
    if unit.jenis != unit_jenis:
        raise _invalid(
            "unit",
            _("%(jenis)s dibuat untuk sebuah %(unit_jenis)s, bukan %(unit)s.")
            % {
                "jenis": Dokumen.Jenis(jenis).label,
                "unit_jenis": Unit.Jenis(unit_jenis).label,
                "unit": unit.nama,
            },
            "unit_jenis",
        )
    if tahun_akhir < tahun_awal:
        raise _invalid(
            "tahun_akhir",
            _("Tahun akhir (%(akhir)s) tidak boleh sebelum tahun awal (%(awal)s).")
            % {"akhir": tahun_akhir, "awal": tahun_awal},
            "urutan_tahun",
        )

    with transaction.atomic():
        # Lock the unit so that two forms sent at once cannot both pass the
        # overlap check below.
        Unit.objects.select_for_update().get(pk=unit.pk)
        if jenis == Dokumen.Jenis.RENSTRA:
            _ensure_no_overlapping_renstra(
                unit=unit, tahun_awal=tahun_awal, tahun_akhir=tahun_akhir
            )
        prefix = "RPJMD" if jenis == Dokumen.Jenis.RPJMD else "RENSTRA"
        [kode] = unique_kodes(
            Dokumen, [f"{prefix}-{unit.kode}-{tahun_awal}-{tahun_akhir}"]
        )
        dokumen = Dokumen(
            kode=kode,
            jenis=jenis,
            unit=unit,
            nama=nama.strip(),
            tahun_awal=tahun_awal,
            tahun_akhir=tahun_akhir,
            status=Dokumen.Status.DRAFT,
        )
        dokumen.full_clean()
        _save(dokumen, user, _("Dibuat"))
        RiwayatStatusDokumen.objects.create(
            dokumen=dokumen, dari="", ke=Dokumen.Status.DRAFT, oleh=user
        )
    return dokumen


def _ensure_no_overlapping_renstra(
    *, unit: Unit, tahun_awal: int, tahun_akhir: int
) -> None:
    overlapping = (
        Dokumen.objects.filter(
            jenis=Dokumen.Jenis.RENSTRA,
            unit=unit,
            versi_berikutnya__isnull=True,
            tahun_awal__lte=tahun_akhir,
        )
        .filter(Q(tahun_akhir__gte=tahun_awal) | Q(tahun_akhir__isnull=True))
        .order_by("tahun_awal")
        .first()
    )
    if overlapping is not None:
        raise _invalid(
            "tahun_awal",
            _(
                "%(unit)s sudah memiliki Renstra %(kode)s untuk periode "
                "%(awal)s–%(akhir)s, yang beririsan dengan periode ini. Ubah "
                "Renstra itu atau buat perubahannya."
            )
            % {
                "unit": unit.nama,
                "kode": overlapping.kode,
                "awal": overlapping.tahun_awal,
                "akhir": overlapping.tahun_terakhir,
            },
            "periode_beririsan",
        )
