"""What validation reports: a finding with a stable code, a severity, the fields it concerns and the wizard
step where the person fixes it. The codes themselves are documented in `validation.py`."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .wizard import WIZARD_STEPS


class Severity(StrEnum):
    """ERROR: the plan is not ready; WARNING: the person should know before calling; INFO: good to know."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


#: The wizard steps a finding can send the person back to (Step.LENDER == "lender", …): `wizard.WIZARD`'s.
Step = StrEnum("Step", [(name.upper(), name) for name in WIZARD_STEPS], module=__name__)


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    """One thing validation noticed. `fields` are model field names ("payments" for the schedule rows);
    `message` says what is wrong in the case's own figures and `hint` how to fix it (both translated)."""

    code: str
    severity: Severity
    fields: tuple[str, ...]
    message: str
    hint: str
    step: str

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding is an ERROR, i.e. the case is not ready to present to the lender."""
    return any(finding.severity == Severity.ERROR for finding in findings)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; the order within a severity is kept."""
    return sorted(findings, key=lambda finding: SEVERITY_ORDER[finding.severity])
