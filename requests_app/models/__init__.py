from .accounts import AccountProfile
from .background import ExportJob, TaskFailure
from .budget import Budget, Commitment, ReferenceFigure
from .cases import Case, Payment, PlanVersion
from .contacts import ContactAttempt
from .evidence import EvidenceFile
from .lenders import Confidence, Lender, LenderChannel
from .letters import EscalationStep, LetterDownload, LetterType
from .negotiation import CounterOffer, PaymentRecord
from .programmes import LenderProgramme, SourceKind
from .reminders import ReminderSent, ReminderSubscription
from .review import ReviewNote, StatusChange
from .signup import PendingSignup

__all__ = [
    "AccountProfile",
    "Budget",
    "Commitment",
    "ReferenceFigure",
    "Case",
    "Confidence",
    "EvidenceFile",
    "ExportJob",
    "ContactAttempt",
    "EscalationStep",
    "CounterOffer",
    "Lender",
    "LenderChannel",
    "LetterDownload",
    "LetterType",
    "LenderProgramme",
    "Payment",
    "PaymentRecord",
    "PendingSignup",
    "ReminderSent",
    "ReminderSubscription",
    "PlanVersion",
    "ReviewNote",
    "SourceKind",
    "StatusChange",
    "TaskFailure",
]
