from django import template
from django.utils.safestring import SafeString

from sakip.core import extensions

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panels(context, slot: str, obj) -> SafeString:
    """Render the panels that other apps registered for ``slot``, for ``obj``."""
    return extensions.render_panels(slot, context["request"], obj)
