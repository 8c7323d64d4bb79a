from .background import ExportJob, TaskFailure
from .cases import Case, Payment, PlanVersion
from .contacts import ContactAttempt
from .lenders import Confidence, Lender, LenderChannel
from .programmes import LenderProgramme, SourceKind
from .reminders import ReminderSent, ReminderSubscription
from .review import ReviewNote, StatusChange

__all__ = [
    "Case",
    "Confidence",
    "ExportJob",
    "ContactAttempt",
    "Lender",
    "LenderChannel",
    "LenderProgramme",
    "Payment",
    "ReminderSent",
    "ReminderSubscription",
    "PlanVersion",
    "ReviewNote",
    "SourceKind",
    "StatusChange",
    "TaskFailure",
]
