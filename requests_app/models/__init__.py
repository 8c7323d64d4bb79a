from .budget import Budget, Commitment, ReferenceFigure
from .cases import Case, Payment, PlanVersion
from .contacts import ContactAttempt
from .lenders import Confidence, Lender, LenderChannel
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
    "Payment",
    "PlanVersion",
    "ReviewNote",
    "StatusChange",
]
