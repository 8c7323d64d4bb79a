"""The Django admin: the counselors' review desk and the administrators' lender profiles."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import budget, cases, lenders, records  # noqa: F401  (registers the model admins)

admin.site.site_header = _("Deferral Desk · review desk")
admin.site.site_title = _("Deferral Desk review desk")
admin.site.index_title = _("Cases to review and lender profiles")
# The review queue needs the width: ten columns and the filters. The index page lists the models instead.
admin.site.enable_nav_sidebar = False
