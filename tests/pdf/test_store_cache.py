"""The PDF store in the shared cache (Redis in production; Django's local-memory cache here, and the real
Redis on 127.0.0.1:6379 once): one slot per case and letter language, found by name, so deleting a case
leaves no copy of its letter behind, whatever order the writers ran in."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from requests_app.services import pdf
from requests_app.services.pdf import store
from requests_app.services.privacy import case_residue_delete

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_store(settings):
    settings.DOCUMENT_STORE = "cache"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def key(case_hex: str, language: str, content: str) -> str:
    return f"plan-pdf:{case_hex}:{language}:{content}:x:y"


def keys_naming(case_hex: str) -> list[str]:
    return [name for name in cache._cache if case_hex in name]


def test_a_stored_pdf_is_found_by_its_own_key_only(cache_store):
    store.stored_pdf_put(key=key("abc", "zh-hans", "one"), pdf=b"%PDF-one")
    assert store.stored_pdf_get(key=key("abc", "zh-hans", "one")) == b"%PDF-one"
    assert store.stored_pdf_get(key=key("abc", "zh-hans", "two")) is None
    assert store.stored_pdf_get(key=key("abc", "en", "one")) is None


def test_deleting_a_case_leaves_none_of_its_pdfs_or_notes_in_the_cache(cache_store):
    """Two renders of the same case landing together used to rewrite one list of keys, and the entry the
    slower one lost was never deleted. Now every name is known from the case."""
    for content in ("one", "two", "three"):
        store.stored_pdf_put(key=key("abc", "zh-hans", content), pdf=b"%PDF")
    store.stored_pdf_put(key=key("abc", "en", "one"), pdf=b"%PDF")
    store.ready_put(
        case_hex="abc", language="zh-hans", note={"inputs": "d", "key": "k", "plan_version": None}
    )
    # A list of keys left by the store before the slots, with a PDF it names.
    cache.set("plan-pdf:abc:zh-hans:old:x:y", b"%PDF-old")
    cache.set("plan-pdf-index:abc", ["plan-pdf:abc:zh-hans:old:x:y"])
    store.stored_pdf_put(key=key("other", "zh-hans", "one"), pdf=b"%PDF-other")

    assert store.stored_pdfs_delete(case_hex="abc") == 3
    assert keys_naming("abc") == []
    assert store.stored_pdf_get(key=key("other", "zh-hans", "one")) == b"%PDF-other"


def test_the_download_is_served_from_the_cache_and_goes_with_the_case(cache_store, client, plan_case):
    assert pdf.plan_pdf_store_ahead(case=plan_case)
    client.force_login(plan_case.owner)
    response = client.get(reverse("requests_app:case_plan_pdf", args=[plan_case.public_id]))
    assert response["Server-Timing"] == 'pdf;desc="stored"'
    public_hex = plan_case.public_id.hex
    assert keys_naming(public_hex)
    case_id = plan_case.pk
    plan_case.delete()
    case_residue_delete(case_ids=[case_id], public_ids=[public_hex])
    assert keys_naming(public_hex) == []


def test_the_store_works_on_the_real_redis(settings):
    settings.DOCUMENT_STORE = "cache"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/14",
        }
    }
    cache.clear()
    try:
        store.stored_pdf_put(key=key("abc", "zh-hans", "one"), pdf=b"%PDF-one")
        store.ready_put(
            case_hex="abc", language="zh-hans", note={"inputs": "d", "key": "k", "plan_version": 3}
        )
        assert store.stored_pdf_get(key=key("abc", "zh-hans", "one")) == b"%PDF-one"
        assert store.ready_get(case_hex="abc", language="zh-hans")["plan_version"] == 3
        assert store.stored_pdfs_delete(case_hex="abc") == 1
        assert store.stored_pdf_get(key=key("abc", "zh-hans", "one")) is None
        assert store.ready_get(case_hex="abc", language="zh-hans") is None
    finally:
        cache.clear()
