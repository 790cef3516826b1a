from django import template

register = template.Library()


@register.filter
def nama_pengguna(user) -> str:
    """Return a user's full name, else their username; a dash for a user
    who was deleted (the row keeps None)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username
