"""Failed background jobs, as the worker reported them: for administrators (superusers) to act on."""

from django.contrib import admin
from django_rq.models import Dashboard as RQDashboard
from django_tasks_db.models import DBTaskResult

from ..models import TaskFailure


@admin.register(TaskFailure)
class TaskFailureAdmin(admin.ModelAdmin):
    list_display = ["failed_at", "task_name", "attempts", "error"]
    list_filter = ["task_name"]
    readonly_fields = ["task_name", "arguments", "error", "attempts", "failed_at"]
    ordering = ["-failed_at", "-id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# django-tasks-db's list of every task run and django-rq's queue dashboard are operators' tools with the
# jobs' arguments and results; the failures worth acting on are reported above, so neither is shown.
for model in (DBTaskResult, RQDashboard):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
