"""Entering realisation: an indikator's value for a quarter (``Realisasi``) and
a sub kegiatan's spending and physical progress for a month
(``KeuanganBulanan``).

Both kinds of entry follow one workflow. A save stores a draft, and
submitting (``isian_ajukan``, or ``ajukan=True``) makes it diajukan. A
verifikator then accepts it (diterima, locked) or returns it with a reason
(dikembalikan), in ``sakip.pengukuran.verifikasi``. Changing a diajukan
entry takes it back to draft, so that a verifikator never accepts a value
that is still being typed.
A returned entry stays dikembalikan while it is corrected, until it is
submitted again.

The rules of every save, in order: the user may edit the entry's OPD; the
value fits the indikator (or the pagu and the fisik of the other months);
the evidence file matches its name; the entry has not changed since the
user loaded it (``versi``); it is not locked; and the input window of its
period is open. Admin Bappeda is not bound by the window, and an entry that a
verifikator returned may be corrected and submitted after the window closed,
because the return asks for it.
"""

from .ajukan import HasilAjukan, isian_ajukan
from .entri import (
    Entri,
    KonflikVersi,
    Status,
    describe_entri,
    describe_nilai,
    ensure_versi,
    periode_of,
    save_entri,
)
from .keuangan import IsianKeuangan, keuangan_realisasi_simpan
from .kinerja import IsianKinerja, parse_nilai_kinerja, realisasi_simpan

__all__ = [
    "Entri",
    "HasilAjukan",
    "IsianKeuangan",
    "IsianKinerja",
    "KonflikVersi",
    "Status",
    "describe_entri",
    "describe_nilai",
    "ensure_versi",
    "isian_ajukan",
    "keuangan_realisasi_simpan",
    "parse_nilai_kinerja",
    "periode_of",
    "realisasi_simpan",
    "save_entri",
]
