from django.urls import path

from .views import pages, privacy

app_name = "requests_app"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("account/data/", privacy.AccountDataView.as_view(), name="account_data"),
    path("account/data/export.json", privacy.AccountExportView.as_view(), name="account_export"),
    path("account/delete/", privacy.AccountDeleteView.as_view(), name="account_delete"),
]
