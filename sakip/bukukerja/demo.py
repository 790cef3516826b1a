"""The demo: the Pringsewu workbook and one account for every role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import Count

from sakip.organisasi.models import Pengguna, Peran, Unit
from sakip.pengukuran.models import Realisasi
from sakip.referensi.models import NomenklaturVersi
from sakip.referensi.services import (
    SHIPPED_BERLAKU_MULAI,
    SHIPPED_NAMA,
    SHIPPED_NOMENKLATUR,
    nomenklatur_load,
)

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

    @property
    def peran_label(self) -> str:
        return str(Peran(self.peran).label)


def demo_load(
    *, keep_data: bool = False
) -> tuple[ImportResult | None, list[DemoAccount]]:
    """Load the shipped nomenklatur when none is loaded, import the demo
    workbook, carry its 2025 through budget and PK (``demo_siklus``) and
    create the demo accounts; running it again changes nothing.

    With ``keep_data``, a database that already has a Pemda keeps its data
    (the result is then None), and only the accounts are made again. A
    database that holds the demo's 2025 cycle always keeps its data: the
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
    return result, accounts


# The demo operator's OPD: Disporapar, the OPD with the most realisation in
# the demo workbook. A fixed code keeps the account on the same OPD after
# the data is edited.
DEMO_OPD_KODE = "OPD-15"


def opd_with_most_realisasi() -> Unit:
    """Return the OPD whose indicators have the most realisation rows, the
    lowest kode on a tie."""
    opd_path = "indikator__elemen__dokumen__unit__opd"
    top = (
        Realisasi.objects.filter(**{f"{opd_path}__isnull": False})
        .values(opd_path, f"{opd_path}__kode")
        .annotate(jumlah=Count("id"))
        .order_by("-jumlah", f"{opd_path}__kode")
        .first()
    )
    if top is None:
        raise Unit.DoesNotExist("No OPD has realisation rows.")
    return Unit.objects.get(pk=top[opd_path])


@transaction.atomic
def demo_accounts_create() -> list[DemoAccount]:
    """Create or reset one account per role, with its printed password."""
    pemda = Unit.objects.get(kode=PEMDA_KODE)
    opd = Unit.objects.filter(kode=DEMO_OPD_KODE).first() or opd_with_most_realisasi()
    # Known passwords are acceptable only because this is demo data; the
    # command prints them.
    accounts = [
        DemoAccount("admin", "demo-admin-sakip", Peran.ADMIN_BAPPEDA, pemda),
        DemoAccount("operator", "demo-operator-sakip", Peran.OPERATOR_OPD, opd),
        DemoAccount("kepala", "demo-kepala-sakip", Peran.KEPALA_OPD, opd),
        DemoAccount("verifikator", "demo-verifikator-sakip", Peran.VERIFIKATOR, None),
        DemoAccount("evaluator", "demo-evaluator-sakip", Peran.EVALUATOR, None),
        DemoAccount("pimpinan", "demo-pimpinan-sakip", Peran.PIMPINAN, pemda),
    ]
    for account in accounts:
        user, _created = Pengguna.objects.get_or_create(username=account.username)
        user.peran = account.peran
        user.unit = account.unit
        user.is_active = True
        validate_password(account.password, user)
        user.set_password(account.password)
        user.save()
    return accounts
