from django.contrib.admin.apps import AdminConfig


class ReviewDeskAdminConfig(AdminConfig):
    """Django's admin, served by the review desk's site (deferral_site/admin_site.py)."""

    default_site = "deferral_site.admin_site.ReviewDeskAdminSite"
