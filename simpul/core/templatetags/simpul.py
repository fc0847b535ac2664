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
