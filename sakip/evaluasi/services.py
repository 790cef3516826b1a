"""Changes to an Evaluasi AKIP: creating it, assigning its evaluators,
answering its criteria and moving it through its stages.

Each stage has its owner. The unit's own staff answer the penilaian
mandiri; an assigned evaluator answers at the evaluasi stage; an assigned
pengendali mutu answers at the reviu mutu stage, starting from the
evaluator's answers, and makes the evaluation final. Nothing changes once
it is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakip.organisasi.models import Peran, Unit
from sakip.pengukuran import bukti as bukti_rules
from sakip.pengukuran.services.entri import check_tautan

from .bukti_data import usulan_kriteria
from .models import (
    TAHAP_OF_STATUS,
    Evaluasi,
    Jawaban,
    Kriteria,
    LangkahEvaluasi,
    LkeTemplate,
    NilaiJawaban,
    PenugasanEvaluator,
    Tahap,
)
from .selectors import evaluasi_nilai

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

Status = Evaluasi.Status

# The status that follows each one.
NEXT_STATUS = {
    Status.PENILAIAN_MANDIRI: Status.EVALUASI,
    Status.EVALUASI: Status.REVIU_MUTU,
    Status.REVIU_MUTU: Status.FINAL,
}


class KonflikVersi(ValidationError):
    """A save on an answer that someone changed after the user loaded it."""

    def __init__(self, message: str, *, terkini: Jawaban | None):
        super().__init__(message, code="versi_berubah")
        self.terkini = terkini


@dataclass
class IsianJawaban:
    """The input for one criterion: the answer code, a note, and the
    evidence as a file, a link, or both."""

    kode: str
    catatan: str = ""
    bukti: UploadedFile | None = None
    bukti_tautan: str = ""
    # The answer the data proposed and why the user chose another, which
    # ``usulan_putuskan`` fills. ``None`` (a save of the sheet's row) keeps
    # the stored decision.
    usulan: str | None = None
    alasan_beda_usulan: str | None = None


def evaluasi_create(
    *, user: Pengguna, unit: Unit, tahun: int, template: LkeTemplate
) -> Evaluasi:
    """Create the evaluation of ``unit`` (an OPD or the Pemda) for ``tahun``
    on ``template``, at the penilaian mandiri stage."""
    _ensure_inspektorat(user)
    if unit.jenis == Unit.Jenis.BIDANG:
        raise ValidationError(
            _(
                "Evaluasi AKIP dilakukan per Perangkat Daerah atau Pemda, bukan per "
                "bidang: pilih %(opd)s."
            )
            % {"opd": unit.opd or unit.induk}
        )
    if Evaluasi.objects.filter(unit=unit, tahun=tahun).exists():
        raise ValidationError(
            _("Evaluasi AKIP %(unit)s tahun %(tahun)s sudah ada.")
            % {"unit": unit, "tahun": tahun},
            code="sudah_ada",
        )
    evaluasi = Evaluasi(unit=unit, tahun=tahun, template=template, dibuat_oleh=user)
    evaluasi.full_clean(exclude=["dibuat_oleh"], validate_unique=False)
    evaluasi._history_user = user
    evaluasi.save()
    return evaluasi


def evaluator_assign(
    *,
    user: Pengguna,
    evaluasi: Evaluasi,
    evaluator: Pengguna,
    peran: str = PenugasanEvaluator.Peran.EVALUATOR,
) -> PenugasanEvaluator:
    """Assign ``evaluator``, an active user of the Evaluator role, to
    ``evaluasi`` as evaluator or pengendali mutu."""
    _ensure_inspektorat(user)
    _ensure_not_final(evaluasi)
    if not evaluator.is_active or evaluator.peran != Peran.EVALUATOR:
        raise ValidationError(
            _(
                "%(nama)s bukan evaluator. Hanya pengguna berperan Evaluator "
                "(Inspektorat) yang dapat ditugaskan."
            )
            % {"nama": _nama(evaluator)},
            code="bukan_evaluator",
        )
    unit_opd = evaluasi.unit.opd_id
    if unit_opd is not None and evaluator.opd_id == unit_opd:
        raise ValidationError(
            _(
                "%(nama)s bekerja di %(unit)s, sehingga tidak boleh mengevaluasi "
                "unitnya sendiri. Tugaskan evaluator dari unit lain."
            )
            % {"nama": _nama(evaluator), "unit": evaluasi.unit},
            code="unit_sendiri",
        )
    penugasan = PenugasanEvaluator(
        evaluasi=evaluasi, pengguna=evaluator, peran=peran, ditugaskan_oleh=user
    )
    penugasan._history_user = user
    try:
        with transaction.atomic():
            penugasan.save()
    except IntegrityError:
        raise ValidationError(
            _("%(nama)s sudah ditugaskan sebagai %(peran)s pada evaluasi ini.")
            % {"nama": _nama(evaluator), "peran": penugasan.get_peran_display()},
            code="sudah_ditugaskan",
        ) from None
    return penugasan


def jawaban_simpan(
    *,
    user: Pengguna,
    evaluasi: Evaluasi,
    kriteria: Kriteria,
    versi: int,
    isian: IsianJawaban,
) -> Jawaban:
    """Store ``user``'s answer to ``kriteria`` at the evaluation's current
    stage. ``versi`` is the answer's version the user loaded, 0 when it had
    none; an answer changed since then is not overwritten."""
    if kriteria.sub_komponen.komponen.template_id != evaluasi.template_id:
        raise ValidationError(
            _("Kriteria %(kode)s bukan bagian dari LKE evaluasi ini.")
            % {"kode": kriteria.kode}
        )
    tautan = check_tautan(isian.bukti_tautan)
    jenis = None if isian.bukti is None else bukti_rules.check_bukti(isian.bukti)

    with transaction.atomic():
        evaluasi = Evaluasi.objects.select_for_update().get(pk=evaluasi.pk)
        _ensure_not_final(evaluasi)
        tahap = TAHAP_OF_STATUS[evaluasi.status]
        _ensure_owner(user, evaluasi, tahap)
        skala = _nilai_of(evaluasi.template_id, kriteria, isian.kode)
        jawaban = (
            Jawaban.objects.select_related("diisi_oleh")
            .filter(evaluasi=evaluasi, kriteria=kriteria, tahap=tahap)
            .first()
        )
        _ensure_versi(jawaban, versi, kriteria)
        if jawaban is None:
            jawaban = Jawaban(evaluasi=evaluasi, kriteria=kriteria, tahap=tahap)
        jawaban.kode = skala.kode
        jawaban.nilai = skala.nilai
        jawaban.catatan = isian.catatan.strip()
        jawaban.bukti_tautan = tautan
        if isian.usulan is not None:
            jawaban.usulan = isian.usulan
            jawaban.alasan_beda_usulan = (isian.alasan_beda_usulan or "").strip()
        elif jawaban.usulan and jawaban.kode == jawaban.usulan:
            # The row now gives the proposed answer, so no reason applies.
            jawaban.alasan_beda_usulan = ""
        # NOTE: a row that changes an accepted proposal to another answer
        # stores no reason, because the row has no field for one.
        if isian.bukti is not None:
            jawaban.bukti_nama = bukti_rules.nama_asli(isian.bukti)
            # upload_to gives the stored file a random name with the checked
            # type's extension, so the uploaded name never reaches storage.
            jawaban.bukti.save(f"bukti{jenis.suffix}", isian.bukti, save=False)
        jawaban.diisi_oleh = user
        jawaban.diisi_pada = timezone.now()
        jawaban._history_user = user
        jawaban.save()
    return jawaban


def usulan_putuskan(
    *,
    user: Pengguna,
    evaluasi: Evaluasi,
    kriteria: Kriteria,
    versi: int,
    kode: str,
    alasan: str = "",
) -> Jawaban:
    """Answer ``kriteria`` with the answer the data proposes, or override it
    with ``kode`` and a reason, which is stored with the answer. The note
    and the evidence of an earlier answer at this stage are kept."""
    usulan = usulan_kriteria(evaluasi, kriteria)
    if usulan is None or not usulan.ada:
        raise ValidationError(
            _("Kriteria %(kode)s tidak memiliki usulan jawaban dari data.")
            % {"kode": kriteria.kode},
            code="tanpa_usulan",
        )
    alasan = alasan.strip()
    if kode != usulan.kode and not alasan:
        raise ValidationError(
            {
                "alasan": _(
                    "Jawaban %(kode)s berbeda dari usulan %(usulan)s: tuliskan "
                    "alasannya."
                )
                % {"kode": kode or "—", "usulan": usulan.kode}
            },
            code="alasan_wajib",
        )
    if kode == usulan.kode:
        alasan = ""
    sebelumnya = Jawaban.objects.filter(
        evaluasi=evaluasi,
        kriteria=kriteria,
        tahap=TAHAP_OF_STATUS.get(evaluasi.status, ""),
    ).first()
    isian = IsianJawaban(
        kode=kode,
        catatan="" if sebelumnya is None else sebelumnya.catatan,
        bukti_tautan="" if sebelumnya is None else sebelumnya.bukti_tautan,
        usulan=usulan.kode,
        alasan_beda_usulan=alasan,
    )
    return jawaban_simpan(
        user=user, evaluasi=evaluasi, kriteria=kriteria, versi=versi, isian=isian
    )


def evaluasi_lanjutkan(
    *,
    user: Pengguna,
    evaluasi: Evaluasi,
    catatan: str = "",
    dari_status: str | None = None,
) -> Evaluasi:
    """Move ``evaluasi`` to its next stage once every criterion of the
    current stage is answered. Moving to reviu mutu copies the evaluator's
    answers as the final ones to review; becoming final keeps the score and
    predikat on the evaluation.

    ``dari_status`` is the status the user's page showed: when the
    evaluation has moved since (a second click, another tab), nothing moves.
    """
    with transaction.atomic():
        evaluasi = Evaluasi.objects.select_for_update().get(pk=evaluasi.pk)
        if dari_status is not None and evaluasi.status != dari_status:
            raise ValidationError(
                _(
                    "Evaluasi ini sudah berada pada tahap %(status)s sejak halaman "
                    "Anda dimuat, sehingga tidak dilanjutkan lagi. Muat ulang "
                    "halaman."
                )
                % {"status": evaluasi.get_status_display().lower()},
                code="status_berubah",
            )
        _ensure_not_final(evaluasi)
        tahap = TAHAP_OF_STATUS[evaluasi.status]
        _ensure_owner(user, evaluasi, tahap)
        nilai = evaluasi_nilai(evaluasi, tahap=tahap)
        if not nilai.lengkap:
            raise ValidationError(
                _(
                    "%(jumlah)s kriteria belum dijawab pada tahap %(tahap)s, "
                    "sehingga evaluasi belum dapat dilanjutkan."
                )
                % {"jumlah": nilai.belum_dijawab, "tahap": Tahap(tahap).label},
                code="belum_lengkap",
            )
        dari = evaluasi.status
        evaluasi.status = NEXT_STATUS[dari]
        if evaluasi.status == Status.REVIU_MUTU:
            _copy_jawaban(evaluasi, Tahap.EVALUATOR, Tahap.FINAL, user)
        if evaluasi.status == Status.FINAL:
            evaluasi.nilai = nilai.total_dibulatkan
            evaluasi.predikat = nilai.predikat
        evaluasi._history_user = user
        evaluasi.save()
        LangkahEvaluasi.objects.create(
            evaluasi=evaluasi,
            dari=dari,
            ke=evaluasi.status,
            oleh=user,
            pada=timezone.now(),
            catatan=catatan.strip(),
        )
    return evaluasi


def evaluasi_tahap(evaluasi: Evaluasi) -> str | None:
    """Return the stage whose answers ``evaluasi`` takes now, None when it
    is final."""
    return TAHAP_OF_STATUS.get(evaluasi.status)


def evaluasi_boleh_isi(user: Pengguna, evaluasi: Evaluasi) -> bool:
    """Whether ``user`` may answer the current stage of ``evaluasi`` and move
    it on, by the same rule that ``jawaban_simpan`` enforces."""
    tahap = evaluasi_tahap(evaluasi)
    if tahap is None:
        return False
    try:
        _ensure_owner(user, evaluasi, tahap)
    except PermissionDenied:
        return False
    return True


def boleh_atur_evaluasi(user: Pengguna) -> bool:
    """Whether ``user`` may create evaluations and assign their evaluators:
    Admin Bappeda and the Inspektorat's evaluators."""
    try:
        _ensure_inspektorat(user)
    except PermissionDenied:
        return False
    return True


def _copy_jawaban(evaluasi: Evaluasi, dari: str, ke: str, user: Pengguna) -> None:
    for jawaban in Jawaban.objects.filter(evaluasi=evaluasi, tahap=dari):
        salinan = Jawaban(
            evaluasi=evaluasi,
            kriteria_id=jawaban.kriteria_id,
            tahap=ke,
            kode=jawaban.kode,
            nilai=jawaban.nilai,
            catatan=jawaban.catatan,
            bukti=jawaban.bukti.name,
            bukti_nama=jawaban.bukti_nama,
            bukti_tautan=jawaban.bukti_tautan,
            diisi_oleh=jawaban.diisi_oleh,
            diisi_pada=jawaban.diisi_pada,
        )
        salinan._history_user = user
        salinan.save()


def _nama(user: Pengguna) -> str:
    return user.get_full_name() or user.username


def _ensure_inspektorat(user: Pengguna) -> None:
    if not (
        user.is_admin_bappeda or (user.is_active and user.peran == Peran.EVALUATOR)
    ):
        raise PermissionDenied(
            _("Hanya Inspektorat atau Admin Bappeda yang mengatur evaluasi AKIP.")
        )


def _ensure_not_final(evaluasi: Evaluasi) -> None:
    if evaluasi.status == Status.FINAL:
        raise ValidationError(
            _("Evaluasi AKIP %(evaluasi)s sudah final dan tidak dapat diubah.")
            % {"evaluasi": evaluasi},
            code="final",
        )


def _ensure_owner(user: Pengguna, evaluasi: Evaluasi, tahap: str) -> None:
    """Raise PermissionDenied unless ``user`` owns ``tahap`` of ``evaluasi``:
    staff of the evaluated unit for the penilaian mandiri (Admin Bappeda for
    the Pemda's own), an assigned evaluator or pengendali mutu after it."""
    if not user.is_active:
        raise PermissionDenied(_("Akun ini tidak aktif."))
    if tahap == Tahap.MANDIRI:
        unit = evaluasi.unit
        if unit.jenis == Unit.Jenis.PEMDA:
            allowed = user.is_admin_bappeda
        else:
            allowed = (
                user.peran in (Peran.OPERATOR_OPD, Peran.KEPALA_OPD)
                and user.opd_id == unit.opd_id
            )
        if not allowed:
            raise PermissionDenied(
                _("Penilaian mandiri %(unit)s hanya diisi oleh unit itu sendiri.")
                % {"unit": evaluasi.unit}
            )
        return
    peran = (
        PenugasanEvaluator.Peran.EVALUATOR
        if tahap == Tahap.EVALUATOR
        else PenugasanEvaluator.Peran.PENGENDALI_MUTU
    )
    if not evaluasi.penugasan.filter(pengguna=user, peran=peran).exists():
        raise PermissionDenied(
            _(
                "Tahap %(tahap)s evaluasi ini hanya diisi oleh %(peran)s yang "
                "ditugaskan."
            )
            % {
                "tahap": Tahap(tahap).label,
                "peran": PenugasanEvaluator.Peran(peran).label.lower(),
            }
        )


def _nilai_of(template_id: int, kriteria: Kriteria, kode: str) -> NilaiJawaban:
    skala = list(
        NilaiJawaban.objects.filter(
            template_id=template_id, jenis_jawaban=kriteria.jenis_jawaban
        )
    )
    for item in skala:
        if item.kode == kode:
            return item
    raise ValidationError(
        {
            "kode": _(
                "Jawaban %(kode)s tidak ada pada skala %(jenis)s kriteria "
                "%(kriteria)s; pilih salah satu dari %(pilihan)s."
            )
            % {
                "kode": kode or "—",
                "jenis": kriteria.jenis_jawaban,
                "kriteria": kriteria.kode,
                "pilihan": ", ".join(item.kode for item in skala) or "—",
            }
        },
        code="di_luar_skala",
    )


def _ensure_versi(jawaban: Jawaban | None, versi: int, kriteria: Kriteria) -> None:
    current = 0 if jawaban is None else jawaban.versi
    if current == versi:
        return
    if jawaban is None:
        raise KonflikVersi(
            _(
                "Jawaban kriteria %(kriteria)s telah dihapus sejak halaman Anda "
                "dimuat. Jawaban Anda tidak disimpan: muat ulang halaman."
            )
            % {"kriteria": kriteria.kode},
            terkini=None,
        )
    oleh = (
        _("pengguna lain") if jawaban.diisi_oleh is None else _nama(jawaban.diisi_oleh)
    )
    raise KonflikVersi(
        _(
            "Jawaban kriteria %(kriteria)s telah diubah oleh %(oleh)s menjadi "
            "%(kode)s sejak halaman Anda dimuat. Jawaban Anda tidak disimpan: "
            "periksa jawaban terkini, lalu ulangi bila masih perlu."
        )
        % {"kriteria": kriteria.kode, "oleh": oleh, "kode": jawaban.kode},
        terkini=jawaban,
    )
