from .cases import Case, Payment, PlanVersion
from .contacts import ContactAttempt
from .evidence import EvidenceFile
from .lenders import Confidence, Lender, LenderChannel
from .programmes import LenderProgramme, SourceKind
from .review import ReviewNote, StatusChange

__all__ = [
    "Case",
    "Confidence",
    "EvidenceFile",
    "ContactAttempt",
    "Lender",
    "LenderChannel",
    "LenderProgramme",
    "Payment",
    "PlanVersion",
    "ReviewNote",
    "SourceKind",
    "StatusChange",
]
