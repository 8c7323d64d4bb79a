from .budget import Budget, Commitment, ReferenceFigure
from .cases import Case, Payment, PlanVersion
from .contacts import ContactAttempt
from .lenders import Confidence, Lender, LenderChannel
from .programmes import LenderProgramme, SourceKind
from .review import ReviewNote, StatusChange

__all__ = [
    "Budget",
    "Commitment",
    "ReferenceFigure",
    "Case",
    "Confidence",
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
