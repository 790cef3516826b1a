"""Writing the DPA: the pagu and the twelve months of one sub kegiatan, in
one transaction and checked before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sakip.core.angka import format_angka
from sakip.perencanaan.models import Elemen, Periode

from .models import KeuanganBulanan, Pagu


@dataclass
class IsianBulan:
    """What was entered for one month; None where the field was left empty."""

    anggaran_kas: int | None = None
    realisasi_keuangan: int | None = None
    realisasi_fisik: Decimal | None = None

    @property
    def kosong(self) -> bool:
        return (
            self.anggaran_kas is None
            and self.realisasi_keuangan is None
            and self.realisasi_fisik is None
        )


def nama_bulan(bulan: int) -> str:
    return str(Periode(f"B{bulan:02d}").label)


def _rupiah(value: int) -> str:
    return "Rp " + number_format(value, 0, force_grouping=True)


def check_keuangan(
    *, pagu_murni: int | None, pagu_perubahan: int | None, bulan: dict[int, IsianBulan]
) -> None:
    """Raise ValidationError, keyed by the form's field names, when a month is
    outside 1–12, a value is negative, a fisik is above 100 % or the realisasi
    to date passes the pagu (the perubahan where there is one)."""
    errors = _keuangan_errors(
        pagu_murni=pagu_murni, pagu_perubahan=pagu_perubahan, bulan=bulan
    )
    if errors:
        raise ValidationError(errors)


def check_anggaran_kas(
    *, pagu_murni: int | None, pagu_perubahan: int | None, bulan: dict[int, IsianBulan]
) -> None:
    """Raise ValidationError, keyed by the form's field names, when the
    anggaran kas of the year passes the pagu (the perubahan where there is
    one), or when there is anggaran kas without a pagu."""
    errors = _anggaran_kas_errors(
        pagu_murni=pagu_murni, pagu_perubahan=pagu_perubahan, bulan=bulan
    )
    if errors:
        raise ValidationError(errors)


def _keuangan_errors(
    *, pagu_murni: int | None, pagu_perubahan: int | None, bulan: dict[int, IsianBulan]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for number, isian in bulan.items():
        if not 1 <= number <= 12:
            errors.setdefault("__all__", []).append(
                _("Bulan %(bulan)s tidak ada; bulan harus 1 sampai 12.")
                % {"bulan": number}
            )
            continue
        for name in ("anggaran_kas", "realisasi_keuangan"):
            value = getattr(isian, name)
            if value is not None and value < 0:
                errors[f"{name}_{number}"] = [_("Jumlah rupiah tidak boleh negatif.")]
        fisik = isian.realisasi_fisik
        if fisik is not None and not Decimal(0) <= fisik <= Decimal(100):
            errors[f"realisasi_fisik_{number}"] = [
                _("Realisasi fisik harus antara 0 dan 100 %.")
            ]
    pagu = pagu_perubahan if pagu_perubahan is not None else pagu_murni
    total = 0
    for number in sorted(n for n in bulan if 1 <= n <= 12):
        total += bulan[number].realisasi_keuangan or 0
        if pagu is not None and total > pagu:
            errors[f"realisasi_keuangan_{number}"] = [
                _(
                    "Realisasi keuangan sampai bulan %(bulan)s berjumlah %(total)s, "
                    "melebihi pagu %(pagu)s."
                )
                % {
                    "bulan": nama_bulan(number),
                    "total": _rupiah(total),
                    "pagu": _rupiah(pagu),
                }
            ]
            break
    if pagu is None and total:
        errors.setdefault("pagu_murni", []).append(
            _("Isi pagu sebelum realisasi keuangan.")
        )
    return errors


def check_fisik_urut(
    *, bulan: int, fisik: Decimal | None, fisik_bulan: dict[int, Decimal | None]
) -> None:
    """Raise ValidationError when the realisasi fisik ``fisik`` of ``bulan``
    is below that of the nearest earlier month with a value, or above that of
    the nearest later one, in ``fisik_bulan`` (month number to value).

    The realisasi fisik is the progress up to the end of the month, so it
    never goes down. The budget page and the realisation page both call
    this, with the same messages.
    """
    if fisik is None or not Decimal(0) <= fisik <= Decimal(100):
        return
    earlier = [n for n, v in fisik_bulan.items() if n < bulan and v is not None]
    if earlier:
        number = max(earlier)
        before = fisik_bulan[number]
        if fisik < before:
            raise ValidationError(
                _(
                    "Realisasi fisik %(bulan)s (%(nilai)s %%) tidak boleh "
                    "turun dari %(sebelum_bulan)s (%(sebelum)s %%): fisik "
                    "adalah kemajuan sampai akhir bulan."
                )
                % {
                    "bulan": nama_bulan(bulan),
                    "nilai": format_angka(fisik),
                    "sebelum_bulan": nama_bulan(number),
                    "sebelum": format_angka(before),
                },
                code="fisik_turun",
            )
    later = [n for n, v in fisik_bulan.items() if n > bulan and v is not None]
    if later:
        number = min(later)
        after = fisik_bulan[number]
        if fisik > after:
            raise ValidationError(
                _(
                    "Realisasi fisik %(bulan)s (%(nilai)s %%) melebihi "
                    "realisasi fisik %(sesudah_bulan)s yang sudah diisi "
                    "(%(sesudah)s %%); fisik tidak boleh turun."
                )
                % {
                    "bulan": nama_bulan(bulan),
                    "nilai": format_angka(fisik),
                    "sesudah_bulan": nama_bulan(number),
                    "sesudah": format_angka(after),
                },
                code="fisik_turun",
            )


def _fisik_urut_errors(
    hasil: KeuanganTersimpan, ubah_bulan: dict[int, dict]
) -> dict[str, list[str]]:
    """Check the realisasi fisik of each changed month against the other
    months as the save leaves them."""
    fisik_bulan = {n: isian.realisasi_fisik for n, isian in hasil.bulan.items()}
    errors: dict[str, list[str]] = {}
    for number in sorted(ubah_bulan):
        if "realisasi_fisik" not in ubah_bulan[number]:
            continue
        try:
            check_fisik_urut(
                bulan=number,
                fisik=fisik_bulan.get(number),
                fisik_bulan=fisik_bulan,
            )
        except ValidationError as error:
            errors[f"realisasi_fisik_{number}"] = error.messages
    return errors


def _anggaran_kas_errors(
    *, pagu_murni: int | None, pagu_perubahan: int | None, bulan: dict[int, IsianBulan]
) -> dict[str, list[str]]:
    pagu = pagu_perubahan if pagu_perubahan is not None else pagu_murni
    total = 0
    for number in sorted(n for n in bulan if 1 <= n <= 12):
        kas = bulan[number].anggaran_kas
        if kas is None or kas < 0:
            continue
        total += kas
        if pagu is not None and total > pagu:
            return {
                f"anggaran_kas_{number}": [
                    _(
                        "Anggaran kas sampai bulan %(bulan)s berjumlah %(total)s, "
                        "melebihi pagu %(pagu)s. Anggaran kas setahun paling "
                        "banyak sebesar pagu."
                    )
                    % {
                        "bulan": nama_bulan(number),
                        "total": _rupiah(total),
                        "pagu": _rupiah(pagu),
                    }
                ]
            }
    if pagu is None and total:
        return {"pagu_murni": [_("Isi pagu sebelum anggaran kas.")]}
    return {}


@dataclass
class KeuanganTersimpan:
    """The pagu and the months of one sub kegiatan for a year: as stored, or
    as a page was loaded with them. ``versi`` is each month's row version, and
    a month without a row has neither an entry in ``bulan`` nor a version."""

    pagu_murni: int | None = None
    pagu_perubahan: int | None = None
    bulan: dict[int, IsianBulan] = field(default_factory=dict)
    versi: dict[int, int] = field(default_factory=dict)

    def pagu(self, versi: str) -> int | None:
        return getattr(self, f"pagu_{versi}")

    def isian(self, bulan: int) -> IsianBulan:
        return self.bulan.get(bulan) or IsianBulan()


class KonflikKeuangan(ValidationError):
    """A save rejected because a value the user changed was changed by
    someone else after the user loaded the page. The errors are keyed by the
    form's field names; ``terkini`` is the stored state now."""

    def __init__(self, errors: dict[str, list[str]], *, terkini: KeuanganTersimpan):
        super().__init__(errors, code="versi_berubah")
        self.terkini = terkini


def read_keuangan(
    *, elemen: Elemen, tahun: int, for_update: bool = False
) -> KeuanganTersimpan:
    """Return the stored pagu and months of ``elemen`` for ``tahun``; with
    ``for_update``, lock their rows until the transaction ends."""
    pagu = Pagu.objects.filter(elemen=elemen, tahun=tahun)
    months = KeuanganBulanan.objects.filter(elemen=elemen, tahun=tahun)
    if for_update:
        pagu = pagu.select_for_update()
        months = months.select_for_update()
    result = KeuanganTersimpan()
    for row in pagu:
        setattr(result, f"pagu_{row.versi}", row.pagu)
    for row in months:
        result.bulan[row.bulan] = IsianBulan(
            anggaran_kas=row.anggaran_kas,
            realisasi_keuangan=row.realisasi_keuangan,
            realisasi_fisik=row.realisasi_fisik,
        )
        result.versi[row.bulan] = row.versi
    return result


@transaction.atomic
def keuangan_simpan(
    *,
    elemen: Elemen,
    tahun: int,
    pagu_murni: int | None,
    pagu_perubahan: int | None,
    bulan: dict[int, IsianBulan],
    dimuat: KeuanganTersimpan | None = None,
) -> None:
    """Store the pagu and the months of the sub kegiatan ``elemen`` for ``tahun``.

    ``dimuat`` is the state the user's page was loaded with. Only the values
    that differ from it are written, so that a save does not undo what
    someone else stored in the meantime. A changed value whose pagu or month
    was changed since raises KonflikKeuangan, and nothing is written. Without
    ``dimuat`` every given value that differs from the stored one is written.

    An empty pagu removes the stored one. A month whose three values become
    empty loses its row, unless the realisation workflow keeps a note,
    evidence or a status on it. Months not in ``bulan`` stay as they are.
    """
    if elemen.jenis != Elemen.Jenis.SUB_KEGIATAN:
        raise ValidationError(_("Anggaran diisi per sub kegiatan."))
    for number in bulan:
        if not 1 <= number <= 12:
            raise ValidationError(
                _("Bulan %(bulan)s tidak ada; bulan harus 1 sampai 12.")
                % {"bulan": number}
            )
    # The sub kegiatan's row is the lock that the realisation pages take too,
    # so that no month changes between this check and the writes.
    Elemen.objects.select_for_update().filter(pk=elemen.pk).first()
    tersimpan = read_keuangan(elemen=elemen, tahun=tahun, for_update=True)
    isian = KeuanganTersimpan(
        pagu_murni=pagu_murni, pagu_perubahan=pagu_perubahan, bulan=bulan
    )
    ubah_pagu, ubah_bulan = _changes(isian, dimuat or tersimpan)
    if dimuat is not None:
        _ensure_unchanged(
            elemen=elemen,
            tahun=tahun,
            ubah_pagu=ubah_pagu,
            ubah_bulan=ubah_bulan,
            dimuat=dimuat,
            tersimpan=tersimpan,
        )

    _ensure_realisasi_not_locked(elemen=elemen, tahun=tahun, ubah_bulan=ubah_bulan)

    hasil = _merged(tersimpan, ubah_pagu, ubah_bulan)
    values = {
        "pagu_murni": hasil.pagu_murni,
        "pagu_perubahan": hasil.pagu_perubahan,
        "bulan": hasil.bulan,
    }
    errors = _keuangan_errors(**values)
    for key, messages in _anggaran_kas_errors(**values).items():
        errors.setdefault(key, []).extend(messages)
    for key, messages in _fisik_urut_errors(hasil, ubah_bulan).items():
        errors.setdefault(key, messages)
    if errors:
        raise ValidationError(errors)

    _write_pagu(elemen=elemen, tahun=tahun, ubah_pagu=ubah_pagu)
    _write_bulan(elemen=elemen, tahun=tahun, ubah_bulan=ubah_bulan)


BULAN_FIELDS = ("anggaran_kas", "realisasi_keuangan", "realisasi_fisik")
PAGU_VERSI = (Pagu.Versi.MURNI, Pagu.Versi.PERUBAHAN)


def _changes(
    isian: KeuanganTersimpan, dasar: KeuanganTersimpan
) -> tuple[dict[str, int | None], dict[int, dict]]:
    """Return the pagu by version and the month fields by month in which
    ``isian`` differs from ``dasar``."""
    ubah_pagu = {
        versi: isian.pagu(versi)
        for versi in PAGU_VERSI
        if isian.pagu(versi) != dasar.pagu(versi)
    }
    ubah_bulan: dict[int, dict] = {}
    for number, month in isian.bulan.items():
        before = dasar.isian(number)
        fields = {
            name: getattr(month, name)
            for name in BULAN_FIELDS
            if getattr(month, name) != getattr(before, name)
        }
        if fields:
            ubah_bulan[number] = fields
    return ubah_pagu, ubah_bulan


REALISASI_FIELDS = ("realisasi_keuangan", "realisasi_fisik")


def _ensure_realisasi_not_locked(
    *, elemen: Elemen, tahun: int, ubah_bulan: dict[int, dict]
) -> None:
    """Reject a change to the realisation of a month that is submitted or
    accepted: from then on only the verification workflow changes it."""
    months = [
        number
        for number, fields in ubah_bulan.items()
        if any(name in fields for name in REALISASI_FIELDS)
    ]
    if not months:
        return
    locked = KeuanganBulanan.objects.filter(
        elemen=elemen,
        tahun=tahun,
        bulan__in=months,
        status__in=[KeuanganBulanan.Status.DIAJUKAN, KeuanganBulanan.Status.DITERIMA],
    ).values_list("bulan", "status")
    errors = {
        f"realisasi_keuangan_{number}": [
            _(
                "Realisasi bulan %(bulan)s sudah %(status)s, sehingga tidak dapat "
                "diubah di halaman ini. Minta verifikator mengembalikannya, lalu "
                "perbaiki di halaman isian realisasi."
            )
            % {
                "bulan": nama_bulan(number),
                "status": KeuanganBulanan.Status(status).label.lower(),
            }
        ]
        for number, status in locked
    }
    if errors:
        raise ValidationError(errors)


def _ensure_unchanged(
    *,
    elemen: Elemen,
    tahun: int,
    ubah_pagu: dict[str, int | None],
    ubah_bulan: dict[int, dict],
    dimuat: KeuanganTersimpan,
    tersimpan: KeuanganTersimpan,
) -> None:
    """Raise KonflikKeuangan when a pagu or a month that the user changed
    was changed by someone else after ``dimuat`` was loaded."""
    errors: dict[str, list[str]] = {}
    for versi in ubah_pagu:
        if tersimpan.pagu(versi) == dimuat.pagu(versi):
            continue
        history = Pagu.history.filter(elemen=elemen, tahun=tahun, versi=versi)
        errors[f"pagu_{versi}"] = [
            _(
                "Pagu %(versi)s telah diubah oleh %(oleh)s sejak halaman ini "
                "dimuat; nilainya sekarang %(nilai)s."
            )
            % {
                "versi": Pagu.Versi(versi).label.lower(),
                "oleh": _changed_by(history),
                "nilai": _rupiah_or_empty(tersimpan.pagu(versi)),
            }
        ]
    for number, fields in sorted(ubah_bulan.items()):
        if tersimpan.versi.get(number, 0) == dimuat.versi.get(number, 0):
            continue
        history = KeuanganBulanan.history.filter(
            elemen=elemen, tahun=tahun, bulan=number
        )
        first_field = next(name for name in BULAN_FIELDS if name in fields)
        errors[f"{first_field}_{number}"] = [
            _(
                "Bulan %(bulan)s telah diubah oleh %(oleh)s sejak halaman ini "
                "dimuat; isinya sekarang: %(isi)s."
            )
            % {
                "bulan": nama_bulan(number),
                "oleh": _changed_by(history),
                "isi": _describe_bulan(tersimpan.bulan.get(number)),
            }
        ]
    if errors:
        errors["__all__"] = [
            _(
                "Isian Anda belum disimpan karena pengguna lain mengubah sub "
                "kegiatan ini sejak halaman dimuat. Isian yang tidak Anda ubah kini "
                "menampilkan nilai terkini; periksa isian yang ditandai, lalu simpan "
                "lagi bila isian Anda tetap yang benar."
            )
        ]
        raise KonflikKeuangan(errors, terkini=tersimpan)


def _changed_by(history) -> str:
    record = history.select_related("history_user").first()
    user = record.history_user if record is not None else None
    if user is None:
        return _("pengguna lain")
    return user.get_full_name() or user.username


def _rupiah_or_empty(value: int | None) -> str:
    return _("kosong") if value is None else _rupiah(value)


def _describe_bulan(isian: IsianBulan | None) -> str:
    if isian is None or isian.kosong:
        return _("kosong")
    fisik = isian.realisasi_fisik
    return _(
        "anggaran kas %(kas)s, realisasi keuangan %(keuangan)s, realisasi fisik "
        "%(fisik)s"
    ) % {
        "kas": _rupiah_or_empty(isian.anggaran_kas),
        "keuangan": _rupiah_or_empty(isian.realisasi_keuangan),
        "fisik": _("kosong") if fisik is None else f"{format_angka(fisik)} %",
    }


def _merged(
    tersimpan: KeuanganTersimpan,
    ubah_pagu: dict[str, int | None],
    ubah_bulan: dict[int, dict],
) -> KeuanganTersimpan:
    """Return the stored state with the changes applied: what a save leaves."""
    result = KeuanganTersimpan(
        pagu_murni=ubah_pagu.get(Pagu.Versi.MURNI, tersimpan.pagu_murni),
        pagu_perubahan=ubah_pagu.get(Pagu.Versi.PERUBAHAN, tersimpan.pagu_perubahan),
        bulan=dict(tersimpan.bulan),
    )
    for number, fields in ubah_bulan.items():
        result.bulan[number] = replace(tersimpan.isian(number), **fields)
    return result


def _write_pagu(*, elemen: Elemen, tahun: int, ubah_pagu: dict) -> None:
    for versi, nilai in ubah_pagu.items():
        if nilai is None:
            Pagu.objects.filter(elemen=elemen, tahun=tahun, versi=versi).delete()
        else:
            Pagu.objects.update_or_create(
                elemen=elemen, tahun=tahun, versi=versi, defaults={"pagu": nilai}
            )


def _write_bulan(*, elemen: Elemen, tahun: int, ubah_bulan: dict) -> None:
    rows = {
        row.bulan: row
        for row in KeuanganBulanan.objects.filter(
            elemen=elemen, tahun=tahun, bulan__in=ubah_bulan
        )
    }
    for number, fields in ubah_bulan.items():
        row = rows.get(number)
        if row is None:
            row = KeuanganBulanan(elemen=elemen, tahun=tahun, bulan=number)
            if all(value is None for value in fields.values()):
                continue
        for name, value in fields.items():
            setattr(row, name, value)
        if row.pk is None:
            row.save()
        elif _row_is_empty(row):
            row.delete()
        else:
            row.save(update_fields=list(fields))


def _row_is_empty(row: KeuanganBulanan) -> bool:
    """Return True when a month row contains nothing worth keeping: no value, and
    nothing from the realisation workflow (note, evidence, a status past
    draft)."""
    return (
        row.anggaran_kas is None
        and row.realisasi_keuangan is None
        and row.realisasi_fisik is None
        and not row.keterangan
        and not row.bukti
        and not row.bukti_tautan
        and row.status == KeuanganBulanan.Status.DRAFT
    )
