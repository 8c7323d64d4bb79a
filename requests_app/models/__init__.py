from .cases import Case, Payment, PlanVersion
from .contacts import ContactAttempt
from .evidence import EvidenceFile
from .lenders import Confidence, Lender, LenderChannel
from .review import ReviewNote, StatusChange

__all__ = [
    "Case",
    "Confidence",
    "EvidenceFile",
    "ContactAttempt",
    "Lender",
    "LenderChannel",
    "Payment",
    "PlanVersion",
    "ReviewNote",
    "StatusChange",
]
