from django.urls import path

from .views import pages

app_name = "requests_app"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
]
