"""Data intake: bring in a province's yearly figures as a new snapshot, validated, reviewed, never lossy.

- `template.template_bytes(catalog, province, year, agencies)`: the Excel template (stored
  indicators only) of one agency or both;
- `validate.check_file(content, filename, catalog, province=…, year=…)`: read XLSX/CSV and report
  every problem at once (`problems.Problem`, with file, sheet, row and column, in Vietnamese); a
  file holds one agency's figures or both (`Submission.agencies`), each agency's in full;
- `preview.compare(...)`: new values beside the stored ones and last year's, warnings on big changes;
- `status`: final or preliminary figures per agency, checked (`check_statuses`; a preliminary file
  after a final one is refused), from the page's choice or `--preliminary STP=2026-10-31`;
- `commit.commit(root, submission, by, statuses=…)` / `commit.rollback(root, snapshot_id, by,
  note)`: a new immutable snapshot with its statuses, atomically, under the data folder's write
  lock. Nothing is ever deleted. A read-only, full or otherwise refusing data folder raises
  `WriteRefused` (its `kind`, and `text(lang)` to show), leaving nothing behind; statuses that
  cannot be written raise `StatusRefused` (its `problems`), writing nothing.
"""

from justice_dashboard.accounts import ScopeRefused
from justice_dashboard.intake.commit import (
    StaleState,
    WriteRefused,
    commit,
    latest_snapshot_id,
    rollback,
)
from justice_dashboard.intake.problems import Caution, Problem
from justice_dashboard.intake.reader import Limits
from justice_dashboard.intake.status import StatusProblem, StatusRefused
from justice_dashboard.intake.template import template_bytes
from justice_dashboard.intake.validate import Checked, Submission, check_file

__all__ = [
    "Caution",
    "Checked",
    "Limits",
    "Problem",
    "ScopeRefused",
    "StaleState",
    "StatusProblem",
    "StatusRefused",
    "Submission",
    "WriteRefused",
    "check_file",
    "commit",
    "latest_snapshot_id",
    "rollback",
    "template_bytes",
]
