"""Template helpers shared by every app."""

from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def bs(field):
    """Render a bound field with Bootstrap's class for its kind of widget, marked invalid on error."""
    widget = field.field.widget
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
        css = "form-check-input"
    elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def percent_of(value, total) -> int:
    """Whole percent of value in total; 0 when the total is empty."""
    try:
        return round(100 * float(value or 0) / float(total)) if total else 0
    except (TypeError, ValueError, ZeroDivisionError):
        return 0
