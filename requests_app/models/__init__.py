from .cases import Case, Payment, PlanVersion
from .contacts import ContactAttempt
from .lenders import Confidence, Lender, LenderChannel
from .letters import EscalationStep, LetterDownload, LetterType
from .programmes import LenderProgramme, SourceKind
from .review import ReviewNote, StatusChange

__all__ = [
    "Case",
    "Confidence",
    "ContactAttempt",
    "EscalationStep",
    "Lender",
    "LenderChannel",
    "LetterDownload",
    "LetterType",
    "LenderProgramme",
    "Payment",
    "PlanVersion",
    "ReviewNote",
    "SourceKind",
    "StatusChange",
]
