from django.contrib import admin
from django.urls import include, path

from requests_app.views import accounts

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/signup/", accounts.SignupView.as_view(), name="signup"),
    path("accounts/signup/confirm/<str:token>/", accounts.SignupConfirmView.as_view(), name="signup_confirm"),
    # Before django.contrib.auth's own: the same page, throttled.
    path("accounts/password_reset/", accounts.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("requests_app.urls")),
]
