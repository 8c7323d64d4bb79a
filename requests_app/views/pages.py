from django.views.generic import TemplateView

from ..models import Lender


class HomeView(TemplateView):
    """The landing page: what the product does, in one screen."""

    template_name = "requests_app/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lenders"] = Lender.objects.filter(is_active=True).only("name_zh", "name_en")
        return context
