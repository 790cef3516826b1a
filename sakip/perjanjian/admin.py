from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .docx_template import DOCX_CONTENT_TYPE, build_default_template
from .models import (
    Jabatan,
    Level,
    PenugasanJabatan,
    PerjanjianKinerja,
    TemplatDokumenPK,
)
from .templat_docx import (
    TEMPLAT_MAX_BYTES,
    docx_tag_names,
    save_templat,
    validate_templat,
)


class PenugasanJabatanInline(admin.TabularInline):
    model = PenugasanJabatan
    extra = 0


@admin.register(Jabatan)
class JabatanAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "unit", "level", "eselon"]
    list_filter = ["level"]
    search_fields = ["nama", "unit__nama", "unit__kode"]
    list_select_related = ["unit"]
    inlines = [PenugasanJabatanInline]


@admin.register(PenugasanJabatan)
class PenugasanJabatanAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "nip", "jabatan", "jenis", "mulai", "selesai"]
    list_filter = ["jenis"]
    search_fields = ["nama", "nip", "jabatan__nama"]
    list_select_related = ["jabatan"]


@admin.register(PerjanjianKinerja)
class PerjanjianKinerjaAdmin(SimpleHistoryAdmin):
    """Read-only: a PK changes only through ``sakip.perjanjian.services``."""

    list_display = ["dokumen", "level", "unit", "tahun", "status"]
    list_filter = ["level", "status", "tahun"]
    list_select_related = ["dokumen", "unit"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AdminBappedaOnlyMixin:
    """Let only Admin Bappeda and superusers open the pages of a model, whatever
    Django permissions another staff account holds. The admin site itself
    still requires ``is_staff``."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_admin_bappeda

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_admin_bappeda

    def has_add_permission(self, request) -> bool:
        return request.user.is_admin_bappeda

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_admin_bappeda


class TemplatDokumenPKForm(forms.ModelForm):
    class Meta:
        model = TemplatDokumenPK
        fields = ["berkas", "level", "aktif", "keterangan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "berkas" in self.fields:
            self.fields["berkas"].help_text = _berkas_help_text()
        self.fields["level"].choices = [("", _("Semua level")), *Level.choices]

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        # Only a new upload is checked, because the change page shows the
        # stored file read-only.
        if isinstance(berkas, UploadedFile):
            validate_templat(berkas)
        return berkas


@admin.register(TemplatDokumenPK)
class TemplatDokumenPKAdmin(AdminBappedaOnlyMixin, SimpleHistoryAdmin):
    """Upload of a Pemda's own DOCX template of the PK. A stored file is never
    replaced: a new letterhead is a new upload, which deactivates the old one
    of its level, and a template is turned off rather than deleted."""

    form = TemplatDokumenPKForm
    list_display = [
        "__str__",
        "berlaku_untuk",
        "aktif",
        "diunggah_pada",
        "diunggah_oleh",
    ]
    list_filter = ["aktif", "level"]
    list_select_related = ["diunggah_oleh"]
    search_fields = ["nama_berkas", "keterangan"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["berkas", "level", "aktif", "keterangan"]
        return [
            "unduh_berkas",
            "level",
            "aktif",
            "keterangan",
            "diunggah_pada",
            "diunggah_oleh",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["unduh_berkas", "diunggah_pada", "diunggah_oleh"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        save_templat(templat=obj, user=request.user)

    @admin.display(description=gettext_lazy("berlaku untuk"), ordering="level")
    def berlaku_untuk(self, obj: TemplatDokumenPK) -> str:
        return obj.get_level_display() or _("Semua level")

    @admin.display(description=gettext_lazy("berkas templat"))
    def unduh_berkas(self, obj: TemplatDokumenPK) -> str:
        url = reverse("admin:perjanjian_templatdokumenpk_berkas", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a>', url, obj.nama_berkas or obj.berkas.name
        )

    def get_urls(self):
        # Before the default URLs, whose "<path:object_id>/" would match these.
        return [
            path(
                "templat-bawaan/",
                self.admin_site.admin_view(self.templat_bawaan_view),
                name="perjanjian_templatdokumenpk_bawaan",
            ),
            path(
                "<int:object_id>/berkas/",
                self.admin_site.admin_view(self.berkas_view),
                name="perjanjian_templatdokumenpk_berkas",
            ),
            *super().get_urls(),
        ]

    def templat_bawaan_view(self, request: HttpRequest) -> HttpResponse:
        """Send the default PK template, from which a Pemda starts its own."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            build_default_template(), content_type=DOCX_CONTENT_TYPE
        )
        response["Content-Disposition"] = (
            'attachment; filename="templat-pk-bawaan.docx"'
        )
        return response

    def berkas_view(self, request: HttpRequest, object_id: int) -> FileResponse:
        """Send a stored template file under its original name."""
        templat = get_object_or_404(TemplatDokumenPK, pk=object_id)
        if not self.has_view_permission(request, templat):
            raise PermissionDenied
        try:
            berkas = templat.berkas.open("rb")
        except OSError as error:
            raise Http404(_("Berkas templat tidak ada di penyimpanan.")) from error
        return FileResponse(
            berkas,
            as_attachment=True,
            filename=templat.nama_berkas or "templat-pk.docx",
            content_type=DOCX_CONTENT_TYPE,
        )


def _berkas_help_text() -> str:
    """Return the upload field's help: the limit, a link to the default
    template and the tags, listed from the keys of the DOCX context."""
    values, lists = docx_tag_names()
    tags = ", ".join(f"{{{{ {name} }}}}" for name in values)
    loops = "; ".join(
        _("{loop} … {endfor} dengan {tags}").format(
            loop=f"{{%tr for baris in {name} %}}",
            endfor="{%tr endfor %}",
            tags=", ".join(f"{{{{ baris.{key} }}}}" for key in keys),
        )
        for name, keys in lists.items()
    )
    return format_html(
        _(
            "Berkas DOCX dengan tag docxtpl, paling besar {batas}. Mulailah dari "
            '<a href="{url}">templat bawaan</a>. Tag yang tersedia: {tags}. '
            "Baris tabel diulang dengan {loops}."
        ),
        batas=filesizeformat(TEMPLAT_MAX_BYTES),
        url=reverse("admin:perjanjian_templatdokumenpk_bawaan"),
        tags=tags,
        loops=loops,
    )
