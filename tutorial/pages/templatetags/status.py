from django import template

register = template.Library()


@register.filter
def status_class(code: int) -> int:
    """The class digit of a status code: 404 -> 4 (used for colour coding)."""
    return int(code) // 100
