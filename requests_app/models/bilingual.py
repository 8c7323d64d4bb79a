from django.utils.translation import get_language


def pick_language(*, zh: str, en: str, language: str | None = None) -> str:
    """Return the Chinese or English variant for `language` (default: the active one), falling back."""
    language = (language or get_language() or "zh-hans").lower()
    if language.startswith("en"):
        return en or zh
    return zh or en
