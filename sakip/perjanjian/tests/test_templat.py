"""A Pemda's own DOCX template of the PK: upload in the admin, the checks that
reject a bad file, and which template the PK's Word document uses."""

import io
import logging
import zipfile
from contextlib import contextmanager

import docx
import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from sakip.anggaran.models import Pagu
from sakip.perencanaan.models import Elemen
from sakip.perjanjian import services
from sakip.perjanjian.docx_template import docx_context, sample_docx_context
from sakip.perjanjian.models import Level, TemplatDokumenPK
from sakip.perjanjian.templat_docx import TEMPLAT_MAX_BYTES, save_templat

from .conftest import TANGGAL

ADD_URL = "admin:perjanjian_templatdokumenpk_add"
LETTERHEAD = "PEMERINTAH KABUPATEN CONTOH"


def _template(*paragraphs: str, header: str = LETTERHEAD, tables: bool = True):
    """A letterhead template built with python-docx: ``header`` in the page
    header, the paragraphs, and the two row tables of the default template."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = header
    document.add_paragraph("PERJANJIAN KINERJA {{ unit_upper }} {{ tahun }}")
    for text in paragraphs:
        document.add_paragraph(text)
    if tables:
        _add_rows(
            document,
            "baris_list",
            ["{{ baris.no }}", "{{ baris.indikator }}", "{{ baris.target }}"],
        )
        _add_rows(document, "anggaran_list", ["{{ baris.uraian }}", "{{ baris.pagu }}"])
    document.add_paragraph("{{ pihak_pertama_nama }}, {{ tanggal }}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_rows(document, name: str, cells: list[str]) -> None:
    table = document.add_table(rows=3, cols=len(cells))
    table.rows[0].cells[0].text = f"{{%tr for baris in {name} %}}"
    for cell, text in zip(table.rows[1].cells, cells, strict=True):
        cell.text = text
    table.rows[2].cells[0].text = "{%tr endfor %}"


def _docx_text(content: bytes) -> str:
    """The text of the page headers, paragraphs and table cells."""
    document = docx.Document(io.BytesIO(content))
    lines = [
        paragraph.text
        for section in document.sections
        for paragraph in section.header.paragraphs
    ]
    lines += [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


def _upload(content: bytes, name: str = "kop-kabupaten.docx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _stored(level: str, header: str, *, aktif: bool = True) -> TemplatDokumenPK:
    templat = TemplatDokumenPK(
        berkas=ContentFile(_template(header=header), name="kop.docx"),
        level=level,
        aktif=aktif,
    )
    return save_templat(templat=templat, user=None)


def _stored_files(media_root) -> list:
    folder = media_root / "perjanjian" / "templat"
    return sorted(folder.iterdir()) if folder.exists() else []


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def _logged(name: str):
    """Collect what the logger ``name`` emits; pytest's own capture may be off."""
    handler = _Records()
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


@pytest.fixture
def staff_admin(admin):
    """Admin Bappeda with the staff flag that Django's admin site requires."""
    admin.is_staff = True
    admin.save()
    return admin


@pytest.fixture
def pk_bidang(tahunan, jabatan, admin, bidang_a):
    """The Kepala Bidang's draft PK: two program rows with a target of
    10,00 % each and Rp 2.500.000 per program."""
    for elemen in Elemen.objects.filter(
        dokumen=tahunan["renja"], jenis=Elemen.Jenis.SUB_KEGIATAN
    ):
        Pagu.objects.create(elemen=elemen, tahun=2025, pagu=1_250_000)
    return services.pk_buat_dari_sumber(
        level=Level.KEPALA_BIDANG,
        unit=bidang_a,
        tahun=2025,
        user=admin,
        tanggal=TANGGAL,
    )


@pytest.fixture
def pk_opd(tahunan, jabatan, admin, opd_a):
    return services.pk_buat_dari_sumber(
        level=Level.KEPALA_OPD, unit=opd_a, tahun=2025, user=admin, tanggal=TANGGAL
    )


def _pk_docx_text(client, user, perjanjian) -> str:
    client.force_login(user)
    response = client.get(reverse("perjanjian:pk_docx", args=[perjanjian.pk]))
    assert response.status_code == 200
    return _docx_text(response.content)


def test_uploaded_letterhead_in_pk_docx(client, staff_admin, kadis, pk_bidang):
    client.force_login(staff_admin)

    response = client.post(
        reverse(ADD_URL),
        {
            "berkas": _upload(_template()),
            "level": "",
            "aktif": "on",
            "keterangan": "Kop surat 2025",
        },
    )
    text = _pk_docx_text(client, kadis, pk_bidang)

    templat = TemplatDokumenPK.objects.get()
    assert response.status_code == 302
    assert templat.diunggah_oleh == staff_admin
    assert templat.nama_berkas == "kop-kabupaten.docx"
    assert templat.berkas.name.startswith("perjanjian/templat/")
    assert LETTERHEAD in text
    assert "PERJANJIAN KINERJA BIDANG SATU 2025" in text
    assert text.count("10,00 %") == 2
    assert text.count("2.500.000") == 2
    assert "Bela, 15 Januari 2025" in text
    assert "berjanji akan mewujudkan" not in text


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("isi.txt", "bukan dokumen")
    return buffer.getvalue()


REJECTED_UPLOADS = {
    "pdf": (b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n", ["bukan dokumen Word"]),
    "teks": (b"PEMERINTAH KABUPATEN CONTOH {{ tahun }}", ["bukan dokumen Word"]),
    "zip": (_zip_without_document(), ["bukan dokumen Word"]),
    "besar": (
        b"0" * (TEMPLAT_MAX_BYTES + 1),
        ["berukuran 5.242.881 byte, melebihi batas 5.242.880 byte"],
    ),
    "tag_rusak": (
        _template("Tahun {{ tahun "),
        ["Tag Jinja di templat rusak", "“Tahun {{ tahun"],
    ),
    "filter": (
        _template("Pagu {{ tahun|rupiah }}"),
        ["filter atau tes Jinja yang tidak dikenal", "rupiah"],
    ),
    "nama": (
        _template("{{ nama_pejabat }}"),
        ["nama yang tidak tersedia", "nama_pejabat"],
    ),
    # The sample without budget rows catches a template that assumes one.
    "tanpa_anggaran": (
        _template("{{ anggaran_list[0].pagu }}"),
        ["nama yang tidak tersedia"],
    ),
    "sandbox": (
        _template("{{ tahun.__class__ }}"),
        ["ekspresi Jinja yang tidak diizinkan", "__class__"],
    ),
}


@pytest.mark.parametrize("case", REJECTED_UPLOADS)
def test_upload_rejected(client, staff_admin, media_root, case):
    content, fragments = REJECTED_UPLOADS[case]
    client.force_login(staff_admin)

    response = client.post(
        reverse(ADD_URL), {"berkas": _upload(content), "level": "", "aktif": "on"}
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["berkas"]
    for fragment in fragments:
        assert fragment in errors[0]
    assert escape(errors[0]) in response.content.decode()
    assert TemplatDokumenPK.objects.count() == 0
    assert TemplatDokumenPK.history.count() == 0
    assert _stored_files(media_root) == []


def test_upload_rejects_other_extension(client, staff_admin):
    client.force_login(staff_admin)

    response = client.post(
        reverse(ADD_URL),
        {"berkas": _upload(_template(), name="kop.doc"), "level": "", "aktif": "on"},
    )

    assert response.status_code == 200
    assert "docx" in " ".join(response.context["adminform"].form.errors["berkas"])
    assert TemplatDokumenPK.objects.count() == 0


def test_level_template_wins(client, kadis, pk_bidang, pk_opd):
    _stored("", "KOP SEMUA LEVEL")
    _stored(Level.KEPALA_BIDANG, "KOP BIDANG")
    _stored(Level.PPTK, "KOP PPTK")

    bidang = _pk_docx_text(client, kadis, pk_bidang)
    opd = _pk_docx_text(client, kadis, pk_opd)

    assert "KOP BIDANG" in bidang
    assert "KOP SEMUA LEVEL" not in bidang
    assert "KOP SEMUA LEVEL" in opd
    assert "KOP PPTK" not in opd


def test_inactive_template_ignored(client, kadis, pk_bidang):
    _stored(Level.KEPALA_BIDANG, "KOP LAMA", aktif=False)

    text = _pk_docx_text(client, kadis, pk_bidang)

    assert "KOP LAMA" not in text
    assert "berjanji akan mewujudkan target kinerja" in text


def test_new_upload_deactivates_old(client, staff_admin):
    client.force_login(staff_admin)
    for name in ("kop-lama.docx", "kop-baru.docx"):
        client.post(
            reverse(ADD_URL),
            {"berkas": _upload(_template(), name=name), "level": "", "aktif": "on"},
        )

    lama = TemplatDokumenPK.objects.get(nama_berkas="kop-lama.docx")
    baru = TemplatDokumenPK.objects.get(nama_berkas="kop-baru.docx")
    assert baru.aktif
    assert not lama.aktif
    assert [record.aktif for record in lama.history.order_by("history_id")] == [
        True,
        False,
    ]


def test_other_level_stays_active(db):
    semua = _stored("", "KOP SEMUA LEVEL")

    _stored(Level.PPTK, "KOP PPTK")

    semua.refresh_from_db()
    assert semua.aktif


def test_change_activates_old_template(client, staff_admin):
    lama = _stored("", "KOP LAMA", aktif=False)
    baru = _stored("", "KOP BARU")
    client.force_login(staff_admin)

    response = client.post(
        reverse("admin:perjanjian_templatdokumenpk_change", args=[lama.pk]),
        {"level": "", "aktif": "on", "keterangan": "Kembali ke kop lama"},
    )

    lama.refresh_from_db()
    baru.refresh_from_db()
    assert response.status_code == 302
    assert lama.aktif
    assert not baru.aktif


def test_lost_file_falls_back(client, kadis, pk_bidang):
    templat = _stored("", "KOP HILANG")
    templat.berkas.storage.delete(templat.berkas.name)

    with _logged("sakip.perjanjian.docx_template") as records:
        text = _pk_docx_text(client, kadis, pk_bidang)

    assert "berjanji akan mewujudkan target kinerja" in text
    assert "KOP HILANG" not in text
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert f"DOCX template {templat.pk} " in records[0].getMessage()


def test_ampersand_in_unit_name(client, kadis, pk_bidang, bidang_a):
    bidang_a.nama = "Bidang Jalan & Jembatan <Utama>"
    bidang_a.save()

    text = _pk_docx_text(client, kadis, pk_bidang)

    assert "BIDANG JALAN & JEMBATAN <UTAMA>" in text


def test_default_template_download(client, staff_admin):
    client.force_login(staff_admin)

    response = client.get(reverse("admin:perjanjian_templatdokumenpk_bawaan"))

    text = _docx_text(response.content)
    assert response.status_code == 200
    assert "templat-pk-bawaan.docx" in response["Content-Disposition"]
    assert "{{ judul }}" in text
    assert "{%tr for baris in baris_list %}" in text


def test_changelist_links_default_template(client, staff_admin):
    client.force_login(staff_admin)

    response = client.get(reverse("admin:perjanjian_templatdokumenpk_changelist"))

    assert response.status_code == 200
    assert reverse("admin:perjanjian_templatdokumenpk_bawaan") in (
        response.content.decode()
    )


def test_stored_file_download(client, staff_admin):
    templat = _stored("", "KOP UNDUH")
    client.force_login(staff_admin)

    response = client.get(
        reverse("admin:perjanjian_templatdokumenpk_berkas", args=[templat.pk])
    )

    assert response.status_code == 200
    assert "kop.docx" in response["Content-Disposition"]
    assert "KOP UNDUH" in _docx_text(b"".join(response.streaming_content))


def test_help_text_lists_every_tag(client, staff_admin, pk_bidang):
    client.force_login(staff_admin)

    content = client.get(reverse(ADD_URL)).content.decode()

    for key, value in docx_context(pk_bidang).items():
        if isinstance(value, list):
            for item_key in value[0]:
                assert escape(f"{{{{ baris.{item_key} }}}}") in content
        else:
            assert escape(f"{{{{ {key} }}}}") in content


def test_sample_context_keys(pk_bidang):
    real = docx_context(pk_bidang)

    for pihak_kedua in (True, False):
        sample = sample_docx_context(pihak_kedua=pihak_kedua)
        assert sample.keys() == real.keys()
        assert sample["baris_list"][0].keys() == real["baris_list"][0].keys()
    sample = sample_docx_context()
    assert sample["anggaran_list"][0].keys() == real["anggaran_list"][0].keys()


def test_operator_forbidden_in_admin(client, ani):
    ani.is_staff = True
    ani.save()
    ani.user_permissions.set(
        Permission.objects.filter(content_type__model="templatdokumenpk")
    )
    client.force_login(ani)
    templat = _stored("", "KOP")

    urls = [
        reverse("admin:perjanjian_templatdokumenpk_changelist"),
        reverse(ADD_URL),
        reverse("admin:perjanjian_templatdokumenpk_change", args=[templat.pk]),
        reverse("admin:perjanjian_templatdokumenpk_history", args=[templat.pk]),
        reverse("admin:perjanjian_templatdokumenpk_bawaan"),
        reverse("admin:perjanjian_templatdokumenpk_berkas", args=[templat.pk]),
    ]
    index = client.get(reverse("admin:index"))

    assert ani.has_perm("perjanjian.add_templatdokumenpk")
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert reverse("admin:perjanjian_templatdokumenpk_changelist") not in (
        index.content.decode()
    )


def test_operator_without_staff_sent_to_login(client, ani):
    client.force_login(ani)

    response = client.get(reverse(ADD_URL))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
