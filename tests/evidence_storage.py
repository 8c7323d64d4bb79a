"""Helpers for tests that look inside the evidence storage."""

from requests_app.services.evidence import evidence_storage


def stored_names(prefix: str = "") -> list[str]:
    """Every file in the evidence storage (recursively), as storage names."""
    storage = evidence_storage()

    def walk(path: str):
        try:
            folders, files = storage.listdir(path)
        except FileNotFoundError:
            return []
        found = [f"{path}/{name}".lstrip("/") for name in files]
        for folder in folders:
            found.extend(walk(f"{path}/{folder}".lstrip("/")))
        return found

    return walk(prefix)
