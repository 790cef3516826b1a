"""The workflow rules that both kinds of entry share: their version, their
lock, the input window, the evidence, and the messages that name them."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from sakip.anggaran.models import KeuanganBulanan
from sakip.core.angka import format_angka, format_nilai

from .. import bukti as bukti_rules
from ..jadwal import ensure_jadwal_terbuka, label_periode
from ..models import Realisasi
from ..periode import periode_keuangan

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

Status = Realisasi.Status


Entri = Realisasi | KeuanganBulanan


URL_VALIDATOR = URLValidator(schemes=["http", "https"])


class KonflikVersi(ValidationError):
    """A save or verification on an entry that someone changed after the user
    loaded it. ``terkini`` is the entry as it is now, to show its values."""

    def __init__(self, message: str, *, terkini: Entri | None):
        super().__init__(message, code="versi_berubah")
        self.terkini = terkini


def periode_of(entri: Entri) -> str:
    if isinstance(entri, Realisasi):
        return entri.periode
    return periode_keuangan(entri.bulan)


def describe_entri(entri: Entri) -> str:
    """Return the name of an entry in a message: "IND-1 Triwulan II 2025"."""
    if isinstance(entri, Realisasi):
        kode = entri.indikator.kode
    else:
        kode = entri.elemen.nomenklatur or entri.elemen.kode
    return f"{kode} {label_periode(periode_of(entri), entri.tahun)}"


def describe_nilai(entri: Entri | None) -> str:
    """Return the entry's values in words, for the message of a rejected save."""
    if entri is None:
        return _("kosong")
    if isinstance(entri, Realisasi):
        if entri.nilai_skala:
            return entri.nilai_skala
        if entri.nilai is None:
            return _("kosong")
        return format_nilai(entri.nilai)
    keuangan = (
        "—"
        if entri.realisasi_keuangan is None
        else f"Rp {format_angka(Decimal(entri.realisasi_keuangan), 0)}"
    )
    fisik = (
        "—"
        if entri.realisasi_fisik is None
        else f"{format_angka(entri.realisasi_fisik)} %"
    )
    return _("realisasi keuangan %(keuangan)s, realisasi fisik %(fisik)s") % {
        "keuangan": keuangan,
        "fisik": fisik,
    }


def ensure_versi(entri: Entri | None, versi: int) -> None:
    """Raise KonflikVersi when ``entri`` (None: not stored yet) is no longer
    at ``versi``, the version the user loaded."""
    current = 0 if entri is None else entri.versi
    if current == versi:
        return
    if entri is None:
        raise KonflikVersi(
            _(
                "Isian ini telah dihapus sejak halaman Anda dimuat. Isian Anda tidak "
                "disimpan: muat ulang halaman, lalu isi kembali bila masih perlu."
            ),
            terkini=None,
        )
    oleh = _("pengguna lain")
    if entri.diisi_oleh is not None:
        oleh = entri.diisi_oleh.get_full_name() or entri.diisi_oleh.username
    raise KonflikVersi(
        _(
            "%(entri)s telah diubah oleh %(oleh)s sejak halaman Anda dimuat; isinya "
            "sekarang %(nilai)s (status %(status)s). Isian Anda tidak disimpan: "
            "periksa isian terkini, lalu ulangi perubahan Anda bila masih perlu."
        )
        % {
            "entri": describe_entri(entri),
            "oleh": oleh,
            "nilai": describe_nilai(entri),
            "status": entri.get_status_display().lower(),
        },
        terkini=entri,
    )


def ensure_not_locked(entri: Entri | None) -> None:
    if entri is not None and entri.status == Status.DITERIMA:
        raise ValidationError(
            _(
                "%(entri)s sudah diterima verifikator dan terkunci. Minta "
                "verifikator membuka kuncinya bila isiannya perlu diubah."
            )
            % {"entri": describe_entri(entri)},
            code="terkunci",
        )


def ensure_window(
    *, user: Pengguna, entri: Entri | None, opd_id: int | None, tahun: int, periode: str
) -> None:
    if entri is not None and entri.status == Status.DIKEMBALIKAN:
        return
    ensure_jadwal_terbuka(
        user=user, unit_id=opd_id, tahun=tahun, periode=periode, now=timezone.now()
    )


def check_tautan(tautan: str) -> str:
    tautan = tautan.strip()
    if not tautan:
        return ""
    try:
        URL_VALIDATOR(tautan)
    except ValidationError as error:
        raise ValidationError(
            {
                "bukti_tautan": _(
                    "Tautan bukti harus alamat web lengkap yang diawali http:// "
                    "atau https://."
                )
            }
        ) from error
    if len(tautan) > 500:
        raise ValidationError(
            {"bukti_tautan": _("Tautan bukti paling panjang 500 karakter.")}
        )
    return tautan


def attach_bukti(entri: Entri, berkas: UploadedFile, jenis: bukti_rules.JenisBukti):
    entri.bukti_nama = bukti_rules.nama_asli(berkas)
    # The storage name comes from the checked type; upload_to adds a random
    # name, so the uploaded name never reaches the storage.
    entri.bukti.save(f"bukti{jenis.suffix}", berkas, save=False)


def all_empty(values: dict) -> bool:
    return all(value is None or value == "" for value in values.values())


def entri_changed(entri: Entri, values: dict, berkas: UploadedFile | None) -> bool:
    if entri.pk is None or berkas is not None:
        return True
    return any(getattr(entri, name) != value for name, value in values.items())


def save_entri(entri: Entri, *, user: Pengguna, reason: str) -> None:
    """Save ``entri`` with ``user`` and ``reason`` on its history record."""
    entri._history_user = user
    entri._change_reason = reason
    entri.save()


def status_after_edit(entri: Entri, *, ajukan: bool) -> str:
    if ajukan:
        return Status.DIAJUKAN
    if entri.status == Status.DIKEMBALIKAN:
        return Status.DIKEMBALIKAN
    return Status.DRAFT


def set_status(entri: Entri, status: str) -> None:
    """Set the status of ``entri``. The return reason is cleared once the
    entry is no longer dikembalikan, and its history records keep it."""
    entri.status = status
    if status != Status.DIKEMBALIKAN:
        entri.alasan_dikembalikan = ""


def reason_of(ajukan: bool) -> str:
    return _("Diajukan") if ajukan else _("Disimpan")


def ensure_can_submit(entri: Entri) -> None:
    """Raise ValidationError when ``entri`` may not be submitted: it has no
    value, or, for an indikator, no evidence."""
    if not entri.ada_realisasi:
        raise ValidationError(
            _("%(entri)s belum diisi, sehingga belum dapat diajukan.")
            % {"entri": describe_entri(entri)},
            code="kosong",
        )
    if isinstance(entri, Realisasi) and not (entri.bukti or entri.bukti_tautan):
        raise ValidationError(
            _(
                "%(entri)s belum memiliki bukti. Unggah berkas bukti atau isi "
                "tautannya sebelum diajukan."
            )
            % {"entri": describe_entri(entri)},
            code="tanpa_bukti",
        )
