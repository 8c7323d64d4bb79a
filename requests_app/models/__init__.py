from .background import ExportJob, TaskFailure
from .cases import Case, Payment, PlanVersion
from .contacts import ContactAttempt
from .lenders import Confidence, Lender, LenderChannel
from .reminders import ReminderSent, ReminderSubscription
from .review import ReviewNote, StatusChange

__all__ = [
    "Case",
    "Confidence",
    "ExportJob",
    "ContactAttempt",
    "Lender",
    "LenderChannel",
    "Payment",
    "ReminderSent",
    "ReminderSubscription",
    "PlanVersion",
    "ReviewNote",
    "StatusChange",
    "TaskFailure",
]
