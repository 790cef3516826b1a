"""The publication panel that the portal adds to the document page of
perencanaan and to the PK page of perjanjian, both earlier stages that may
not import this app."""

from __future__ import annotations

from django.http import HttpRequest

from sakip.perencanaan.models import Dokumen, RiwayatPublikasiDokumen
from sakip.perjanjian.models import PerjanjianKinerja

# The panel lists the latest changes of the publication flag, newest first.
RIWAYAT_TERAKHIR = 5


def publikasi_panel_context(request: HttpRequest, obj) -> dict:
    """Build the panel's context for a Dokumen or a PerjanjianKinerja: whether
    it is public, who may change that, and the latest changes."""
    dokumen = obj.dokumen if isinstance(obj, PerjanjianKinerja) else obj
    if dokumen.jenis not in Dokumen.JENIS_PUBLIKASI:
        return {"tampil": False}

    riwayat = (
        RiwayatPublikasiDokumen.objects.filter(dokumen=dokumen)
        .select_related("oleh")
        .order_by("-pada", "-pk")[:RIWAYAT_TERAKHIR]
    )
    return {
        "tampil": True,
        "dokumen": dokumen,
        "publik": dokumen.dipublikasikan and dokumen.is_ditetapkan,
        "boleh_ubah": request.user.has_perm(
            "perencanaan.publikasikan_dokumen", dokumen
        ),
        "riwayat_publikasi": list(riwayat),
        "kembali": request.get_full_path(),
    }
