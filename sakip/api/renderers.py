from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's browsable API without the ``<style>`` element that it adds for
    code highlighting when Pygments is installed, because the Content
    Security Policy rejects ``<style>`` elements. Only that highlighting of
    Markdown code in endpoint descriptions is lost."""

    def get_context(self, *args, **kwargs):
        context = super().get_context(*args, **kwargs)
        context["code_style"] = None
        return context
