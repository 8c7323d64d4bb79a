"""Form fields tuned for a person on a phone: plain-language errors, the right keyboard, ISO dates."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services.refusals import TOO_LONG_MESSAGE

# One wording for every text that is too long, with the person's own count (the services' own).
TOO_LONG = {"max_length": TOO_LONG_MESSAGE}


class MoneyField(forms.DecimalField):
    """An amount in yuan: digits, at most two decimals, never negative, shown with a decimal keypad."""

    default_error_messages = {
        "invalid": _("Enter an amount in digits, for example 1250.50."),
        "max_decimal_places": _("Use at most two decimals (fen), for example 1250.50."),
        "max_digits": _("This amount is too large."),
        "max_whole_digits": _("This amount is too large."),
        "min_value": _("The amount cannot be negative."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "money-input"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            # People paste "¥1,250.50" or "1 250"; the separators carry no meaning here.
            value = value.strip().replace("¥", "").replace("￥", "").replace(",", "").replace("，", "")
            value = value.replace(" ", "")
            if any(c in value for c in "eE"):
                # "1e3" is a number to Python, not an amount a person typed.
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A text input with a decimal keypad: type=number would swallow letters and commas silently.
        attrs.pop("step", None)
        attrs.pop("min", None)
        attrs.pop("max", None)
        return attrs


class DateField(forms.DateField):
    """A calendar date picked with the phone's date picker (ISO yyyy-mm-dd)."""

    default_error_messages = {"invalid": _("Enter a date such as 2026-12-10.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


class DateTimeField(forms.DateTimeField):
    """A date and time in Asia/Shanghai, picked with the phone's picker."""

    default_error_messages = {"invalid": _("Enter a date and time such as 2026-12-10 14:30.")}

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        )
        super().__init__(**kwargs)


class TextField(forms.CharField):
    """Free text with a stated length limit; the limit is enforced and said next to the field."""

    def __init__(self, *, max_length: int, rows: int = 4, **kwargs):
        kwargs.setdefault("required", False)
        kwargs["error_messages"] = {**TOO_LONG, **kwargs.get("error_messages", {})}
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        # Browsers send line breaks as CRLF; count and keep them as one character, as the counter does.
        return value.replace("\r\n", "\n") if isinstance(value, str) else value
