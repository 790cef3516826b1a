"""Every change to planning data is recorded: who, when, before and after."""

from decimal import Decimal

from sakip.perencanaan.tests.factories import TargetFactory


def test_target_change_recorded_with_user(ani):
    target = TargetFactory(nilai=Decimal("80"))
    target._history_user = ani
    target.nilai = Decimal("85")

    target.save()

    latest, first = target.history.all()[:2]
    assert first.nilai == Decimal("80")
    assert latest.nilai == Decimal("85")
    assert latest.history_user == ani
    assert latest.history_type == "~"
    delta = latest.diff_against(first)
    assert delta.changed_fields == ["nilai"]
