from django.contrib import admin
from django.urls import include, path

from requests_app.views import accounts

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/signup/", accounts.SignupView.as_view(), name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("requests_app.urls")),
]
