"""The demo: the Pringsewu workbook and one account for every role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from sakip.core.statistik import analyze_database
from sakip.organisasi.models import Pengguna, Peran, Unit
from sakip.referensi.models import NomenklaturVersi
from sakip.referensi.services import (
    SHIPPED_BERLAKU_MULAI,
    SHIPPED_NAMA,
    SHIPPED_NOMENKLATUR,
    nomenklatur_load,
)

from .demo_evaluasi import demo_evaluasi_build
from .demo_siklus import demo_siklus_build, demo_siklus_exists
from .importer import ImportResult, import_workbook

DEMO_WORKBOOK = Path(__file__).parent / "data" / "demo-pringsewu.xlsx"
PEMDA_KODE = "PEMDA"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    peran: str
    unit: Unit | None
    tugas: str = ""
    """The account's task in the demo when its role alone does not say it."""

    @property
    def peran_label(self) -> str:
        label = str(Peran(self.peran).label)
        return f"{label} ({self.tugas})" if self.tugas else label


def demo_load(
    *, keep_data: bool = False
) -> tuple[ImportResult | None, list[DemoAccount]]:
    """Load the shipped nomenklatur when none is loaded, import the demo
    workbook, carry its 2025 through budget and PK (``demo_siklus``), create
    the demo accounts and evaluate the two OPD of the cycle
    (``demo_evaluasi``); running it again changes nothing.

    With ``keep_data``, a database that already has a Pemda keeps its data
    (the result is then None), and only the accounts are made again. A
    database that contains the demo's 2025 cycle always keeps its data: the
    cycle moves the workbook's programs into the Renstra, so importing the
    workbook again would contradict it.
    """
    if not NomenklaturVersi.objects.exists():
        nomenklatur_load(
            path=SHIPPED_NOMENKLATUR,
            berlaku_mulai=SHIPPED_BERLAKU_MULAI,
            nama=SHIPPED_NAMA,
        )
    has_pemda = Unit.objects.filter(jenis=Unit.Jenis.PEMDA).exists()
    if (keep_data and has_pemda) or demo_siklus_exists():
        return None, demo_accounts_create()
    result = import_workbook(DEMO_WORKBOOK, reason="Data demo (load_demo)")
    if not result.ok:
        return result, []
    accounts = demo_accounts_create()
    demo_siklus_build(user=Pengguna.objects.get(username="admin"))
    analyze_database()
    users = {account.username: account for account in accounts}
    demo_evaluasi_build(
        operator={
            DEMO_OPD_KODE: _pengguna(users["operator"]),
            BAPPERIDA_KODE: _pengguna(users["operator-bapperida"]),
        },
        evaluator=_pengguna(users["evaluator"]),
        pengendali_mutu=_pengguna(users["pengendali"]),
    )
    return result, accounts


def _pengguna(account: DemoAccount) -> Pengguna:
    return Pengguna.objects.get(username=account.username)


# The demo operator's and kepala's OPD: BPKAD, which the demo carries through
# the 2025 DPA and PK (demo_siklus), with its bidang-level PKs left for the
# kepala to sign.
DEMO_OPD_KODE = "OPD-5"
# Bapperida, the other OPD of the demo cycle, has an operator of its own so
# that it answers its own penilaian mandiri.
BAPPERIDA_KODE = "OPD-7"


@transaction.atomic
def demo_accounts_create() -> list[DemoAccount]:
    """Create or reset one account per role, with its printed password."""
    pemda = Unit.objects.get(kode=PEMDA_KODE)
    opd = Unit.objects.get(kode=DEMO_OPD_KODE)
    bapperida = Unit.objects.get(kode=BAPPERIDA_KODE)
    # Known passwords are acceptable only because this is demo data; the
    # command prints them.
    accounts = [
        DemoAccount("admin", "demo-admin-sakip", Peran.ADMIN_BAPPEDA, pemda),
        DemoAccount("operator", "demo-operator-sakip", Peran.OPERATOR_OPD, opd),
        DemoAccount("kepala", "demo-kepala-sakip", Peran.KEPALA_OPD, opd),
        DemoAccount(
            "operator-bapperida",
            "demo-opd-tujuh-sakip",
            Peran.OPERATOR_OPD,
            bapperida,
        ),
        DemoAccount("verifikator", "demo-verifikator-sakip", Peran.VERIFIKATOR, None),
        DemoAccount(
            "evaluator",
            "demo-evaluator-sakip",
            Peran.EVALUATOR,
            None,
            "evaluator Inspektorat",
        ),
        DemoAccount(
            "pengendali",
            "demo-pengendali-sakip",
            Peran.EVALUATOR,
            None,
            "pengendali mutu Inspektorat",
        ),
        DemoAccount("pimpinan", "demo-pimpinan-sakip", Peran.PIMPINAN, pemda),
    ]
    for account in accounts:
        user, _created = Pengguna.objects.get_or_create(username=account.username)
        user.peran = account.peran
        user.unit = account.unit
        user.is_active = True
        # Admin Bappeda manages the DOCX templates in the Django admin.
        user.is_staff = account.peran == Peran.ADMIN_BAPPEDA
        validate_password(account.password, user)
        user.set_password(account.password)
        user.save()
    return accounts
