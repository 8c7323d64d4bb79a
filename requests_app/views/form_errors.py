"""A service's refusal shown next to the fields it concerns."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's refusal next to the fields it concerns (the rest above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for item in errors:
                # The service's code travels with its message (tests and templates match on it).
                if isinstance(item, ValidationError):
                    form.add_error(target, ValidationError(item.messages[0], code=item.code))
                else:
                    form.add_error(target, str(item))
    else:
        for item in error.error_list:
            form.add_error(None, ValidationError(item.messages[0], code=item.code))
