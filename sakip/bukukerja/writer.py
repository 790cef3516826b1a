"""Writing a checked ImportPlan to the database.

Everything goes through bulk queries, a few per sheet and none per row, and
every created or changed row gets its django-simple-history record in bulk
too, with the importing user and the reason. Rows that the plan marks as
unchanged are not touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.organisasi.models import Pengaturan, Unit
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target, TautanElemen
from sakip.referensi.models import NilaiSkala, Skala

from .validation import CREATE, SAME, UPDATE, ImportPlan, Record

BATCH_SIZE = 1000
# Ranks that a scale value takes for a moment while ranks are swapped, so
# that the unique (skala, peringkat) constraint is met after every statement.
# Validation keeps real ranks far below these.
PERINGKAT_SEMENTARA = 30000


def apply_plan(plan: ImportPlan, *, user: Any = None, reason: str = "") -> None:
    """Write a valid plan to the database; call it inside a transaction."""
    _Writer(plan, user=user, reason=reason).run()


# Foreign keys of each model: field -> the id map that resolves its kode.
UNIT_KEYS = {"induk": "unit"}
DOKUMEN_KEYS = {"unit": "unit"}
ELEMEN_KEYS = {"dokumen": "dokumen", "induk": "elemen", "unit_pj": "unit"}
INDIKATOR_KEYS = {"elemen": "elemen", "skala": "skala"}


class _Writer:
    def __init__(self, plan: ImportPlan, *, user: Any, reason: str) -> None:
        self.plan = plan
        self.user = user if getattr(user, "pk", None) else None
        self.reason = reason
        self.now = timezone.now()
        self.ids: dict[str, dict[str, int]] = {
            "unit": dict(Unit.objects.values_list("kode", "id")),
            "dokumen": dict(Dokumen.objects.values_list("kode", "id")),
            "elemen": dict(Elemen.objects.values_list("kode", "id")),
            "indikator": dict(Indikator.objects.values_list("kode", "id")),
            "skala": dict(Skala.objects.values_list("nama", "id")),
        }

    def run(self) -> None:
        self._pengaturan()
        self._unit()
        self._skala()
        self._simple("Dokumen", Dokumen, DOKUMEN_KEYS, "dokumen")
        self._elemen()
        self._simple("Indikator", Indikator, INDIKATOR_KEYS, "indikator")
        self._target()
        self._realisasi()
        self._by_elemen("Anggaran", Pagu, ("tahun", "versi"))
        self._by_elemen("Keuangan", KeuanganBulanan, ("tahun", "bulan"))

    def _assign(self, obj: models.Model, name: str, value: Any, keys: dict) -> None:
        if name in keys:
            target = None if value is None else self.ids[keys[name]][value]
            setattr(obj, f"{name}_id", target)
        else:
            setattr(obj, name, value)

    def _build(self, model: type[models.Model], values: dict, keys: dict, **extra):
        obj = model(**extra)
        for name, value in values.items():
            if name != "mendukung":
                self._assign(obj, name, value, keys)
        return obj

    def _insert(self, model: type[models.Model], objs: list) -> list:
        model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        if objs and objs[0].pk is None:
            # bulk_create returns ids on PostgreSQL and SQLite 3.35+, which
            # this project requires; the history rows need them.
            raise RuntimeError(f"bulk_create did not return ids for {model.__name__}")
        return objs

    def _change(
        self, model: type[models.Model], records: list[Record], keys: dict
    ) -> tuple[list, set[str]]:
        """Load the rows that ``records`` update and set their changed fields,
        without saving; return them and the names of the fields set."""
        if not records:
            return [], set()
        loaded = model.objects.in_bulk([record.id for record in records])
        changed: set[str] = set()
        objs = []
        for record in records:
            obj = loaded[record.id]
            for name in record.changed:
                if name == "mendukung":
                    continue
                self._assign(obj, name, record.fields[name], keys)
                changed.add(name)
            objs.append(obj)
        return objs, changed

    def _save_changes(self, model: type[models.Model], objs: list, names: set[str]):
        if objs and names:
            model.objects.bulk_update(objs, sorted(names), batch_size=BATCH_SIZE)

    def _history(self, model: type[models.Model], objs: list, *, update: bool) -> None:
        if objs:
            model.history.bulk_history_create(
                objs,
                batch_size=BATCH_SIZE,
                update=update,
                default_user=self.user,
                default_change_reason=self.reason,
                default_date=self.now,
            )

    def _simple(
        self, sheet: str, model: type[models.Model], keys: dict, id_map: str
    ) -> None:
        """Create and update the rows of a sheet keyed by kode."""
        created = self._insert(
            model,
            [
                self._build(model, record.values, keys, kode=record.key)
                for record in self.plan.changes(sheet, CREATE)
            ],
        )
        self.ids[id_map].update((obj.kode, obj.pk) for obj in created)
        updated, names = self._change(model, self.plan.changes(sheet, UPDATE), keys)
        self._save_changes(model, updated, names)
        self._history(model, created, update=False)
        self._history(model, updated, update=True)

    def _pengaturan(self) -> None:
        records = [
            record
            for record in self.plan.records["Pengaturan"].values()
            if record.action != SAME
        ]
        if not records:
            return
        pengaturan = Pengaturan.objects.filter(pk=1).first() or Pengaturan(pk=1)
        for record in records:
            setattr(pengaturan, record.key, record.fields[record.key])
        pengaturan._history_user = self.user
        pengaturan._change_reason = self.reason
        pengaturan.save()

    def _unit(self) -> None:
        new = {record.key: record for record in self.plan.changes("Unit", CREATE)}
        created: list[Unit] = []
        for level in _levels(new, lambda record: record.values["induk"]):
            objs = [
                self._build(Unit, record.values, UNIT_KEYS, kode=record.key)
                for record in level
            ]
            created.extend(self._insert(Unit, objs))
            self.ids["unit"].update((obj.kode, obj.pk) for obj in objs)
        updated, names = self._change(
            Unit, self.plan.changes("Unit", UPDATE), UNIT_KEYS
        )
        self._save_changes(Unit, updated, names)
        moved = self._fix_opd(created, updated)
        self._history(Unit, created, update=False)
        self._history(Unit, [*updated, *moved], update=True)

    def _fix_opd(self, created: list[Unit], updated: list[Unit]) -> list[Unit]:
        """Set ``Unit.opd`` as Unit.save() would, for every unit whose OPD the
        import changed; return the units changed only for that."""
        tree = {
            pk: (jenis, induk_id)
            for pk, jenis, induk_id in Unit.objects.values_list(
                "id", "jenis", "induk_id"
            )
        }
        current = dict(Unit.objects.values_list("id", "opd_id"))
        wrong = {pk: _find_opd(pk, tree) for pk in tree}
        wrong = {pk: opd for pk, opd in wrong.items() if current[pk] != opd}
        if not wrong:
            return []
        known = {obj.pk: obj for obj in [*created, *updated]}
        others = Unit.objects.in_bulk([pk for pk in wrong if pk not in known])
        for pk, opd in wrong.items():
            (known.get(pk) or others[pk]).opd_id = opd
        Unit.objects.bulk_update(
            [known.get(pk) or others[pk] for pk in wrong],
            ["opd"],
            batch_size=BATCH_SIZE,
        )
        return list(others.values())

    def _skala(self) -> None:
        created_skala = self._insert(
            Skala, [Skala(nama=nama) for nama in self.plan.skala_baru]
        )
        self.ids["skala"].update((obj.nama, obj.pk) for obj in created_skala)
        self._history(Skala, created_skala, update=False)

        # Two values may swap ranks, so every changed rank first moves out of
        # the way; only the final ranks get history rows.
        updated, _names = self._change(
            NilaiSkala, self.plan.changes("Skala", UPDATE), {}
        )
        final = [obj.peringkat for obj in updated]
        for index, obj in enumerate(updated):
            obj.peringkat = PERINGKAT_SEMENTARA + index
        self._save_changes(NilaiSkala, updated, {"peringkat"})
        for obj, peringkat in zip(updated, final, strict=True):
            obj.peringkat = peringkat
        self._save_changes(NilaiSkala, updated, {"peringkat"})

        created = self._insert(
            NilaiSkala,
            [
                NilaiSkala(
                    skala_id=self.ids["skala"][nama],
                    nilai=nilai,
                    peringkat=record.values["peringkat"],
                )
                for record in self.plan.changes("Skala", CREATE)
                for nama, nilai in [record.key]
            ],
        )
        self._history(NilaiSkala, created, update=False)
        self._history(NilaiSkala, updated, update=True)

    def _elemen(self) -> None:
        new = {record.key: record for record in self.plan.changes("Elemen", CREATE)}
        created: list[Elemen] = []
        by_depth = sorted(
            new.values(), key=lambda r: Elemen.KEDALAMAN[r.values["jenis"]]
        )
        for depth in sorted({Elemen.KEDALAMAN[r.values["jenis"]] for r in by_depth}):
            objs = [
                self._build(Elemen, record.values, ELEMEN_KEYS, kode=record.key)
                for record in by_depth
                if Elemen.KEDALAMAN[record.values["jenis"]] == depth
            ]
            created.extend(self._insert(Elemen, objs))
            self.ids["elemen"].update((obj.kode, obj.pk) for obj in objs)
        records = self.plan.changes("Elemen", UPDATE)
        # A row whose only change is its mendukung links changes TautanElemen
        # rows, not the elemen itself.
        field_changes = [r for r in records if set(r.changed) - {"mendukung"}]
        updated, names = self._change(Elemen, field_changes, ELEMEN_KEYS)
        self._save_changes(Elemen, updated, names)
        self._history(Elemen, created, update=False)
        self._history(Elemen, updated, update=True)
        self._mendukung([*new.values(), *records])

    def _mendukung(self, records: Iterable[Record]) -> None:
        elemen_ids = self.ids["elemen"]
        wanted: set[tuple[int, int]] = set()
        unwanted: set[tuple[int, int]] = set()
        for record in records:
            if "mendukung" not in record.fields:
                continue
            before = record.current["mendukung"] if record.current else frozenset()
            after = record.fields["mendukung"]
            dari = elemen_ids[record.key]
            wanted.update((dari, elemen_ids[ke]) for ke in after - before)
            unwanted.update((dari, elemen_ids[ke]) for ke in before - after)
        links = self._insert(
            TautanElemen,
            [
                TautanElemen(dari_id=dari, ke_id=ke, jenis=TautanElemen.Jenis.MENDUKUNG)
                for dari, ke in sorted(wanted)
            ],
        )
        self._history(TautanElemen, links, update=False)
        if unwanted:
            candidates = TautanElemen.objects.filter(
                jenis=TautanElemen.Jenis.MENDUKUNG,
                dari_id__in={dari for dari, _ke in unwanted},
            )
            # One delete per removed link, so that each gets its history row
            # with the importing user; removals are rare.
            for link in candidates:
                if (link.dari_id, link.ke_id) in unwanted:
                    link._history_user = self.user
                    link._change_reason = self.reason
                    link.delete()

    def _target(self) -> None:
        indikator, dokumen = self.ids["indikator"], self.ids["dokumen"]
        created = self._insert(
            Target,
            [
                self._build(
                    Target,
                    record.values,
                    {},
                    indikator_id=indikator[record.key[0]],
                    dokumen_id=dokumen[record.key[1]],
                    tahun=record.key[2],
                    periode=record.key[3],
                )
                for record in self.plan.changes("Target", CREATE)
            ],
        )
        updated, names = self._change(Target, self.plan.changes("Target", UPDATE), {})
        self._save_changes(Target, updated, names)
        self._history(Target, created, update=False)
        self._history(Target, updated, update=True)

    def _realisasi(self) -> None:
        indikator = self.ids["indikator"]
        created = self._insert(
            Realisasi,
            [
                self._build(
                    Realisasi,
                    record.values,
                    {},
                    indikator_id=indikator[record.key[0]],
                    tahun=record.key[1],
                    periode=record.key[2],
                    diisi_oleh=self.user,
                    diverifikasi_oleh=self.user,
                )
                for record in self.plan.changes("Realisasi", CREATE)
            ],
        )
        updated, names = self._change(
            Realisasi, self.plan.changes("Realisasi", UPDATE), {}
        )
        for obj in updated:
            # bulk_update skips auto_now, so the time of change is set here.
            obj.diverifikasi_oleh = self.user
            obj.alasan_dikembalikan = ""
            obj.diubah_pada = self.now
        names |= {"diverifikasi_oleh", "alasan_dikembalikan", "diubah_pada"}
        self._save_changes(Realisasi, updated, names)
        self._history(Realisasi, created, update=False)
        self._history(Realisasi, updated, update=True)

    def _by_elemen(
        self, sheet: str, model: type[models.Model], key_fields: tuple[str, str]
    ) -> None:
        elemen = self.ids["elemen"]
        created = self._insert(
            model,
            [
                self._build(
                    model,
                    record.values,
                    {},
                    elemen_id=elemen[record.key[0]],
                    **dict(zip(key_fields, record.key[1:], strict=True)),
                )
                for record in self.plan.changes(sheet, CREATE)
            ],
        )
        updated, names = self._change(model, self.plan.changes(sheet, UPDATE), {})
        self._save_changes(model, updated, names)
        self._history(model, created, update=False)
        self._history(model, updated, update=True)


def _levels(records: dict[str, Record], parent_of: Callable[[Record], str | None]):
    """Group new rows so that each row's parent is in an earlier group or is
    not new. Validation has already rejected cycles."""
    depth: dict[str, int] = {}

    def depth_of(kode: str) -> int:
        if kode not in depth:
            parent = parent_of(records[kode])
            depth[kode] = depth_of(parent) + 1 if parent in records else 0
        return depth[kode]

    groups: dict[int, list[Record]] = {}
    for kode, record in records.items():
        groups.setdefault(depth_of(kode), []).append(record)
    return [groups[level] for level in sorted(groups)]


def _find_opd(pk: int, tree: dict[int, tuple[str, int | None]]) -> int | None:
    """Return the OPD of unit ``pk`` by the rule of Unit.find_opd_id."""
    jenis, parent = tree[pk]
    if jenis == Unit.Jenis.PEMDA:
        return None
    if jenis == Unit.Jenis.PERANGKAT_DAERAH:
        return pk
    while parent is not None:
        parent_jenis, grandparent = tree[parent]
        if parent_jenis == Unit.Jenis.PERANGKAT_DAERAH:
            return parent
        parent = grandparent
    return None
