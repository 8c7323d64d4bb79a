"""The Django admin: the counselors' review desk and the administrators' lender profiles."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import background, budget, cases, lenders, records  # noqa: F401  (registers the model admins)

admin.site.site_header = _("Deferral Desk · review desk")
admin.site.site_title = _("Deferral Desk review desk")
admin.site.index_title = _("Cases to review and lender profiles")
# The review queue needs the width: ten columns and the filters. The index page lists the models instead.
admin.site.enable_nav_sidebar = False

# Authenticators are enrolled on the server (`manage.py enrol_authenticator`), never through the web.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
