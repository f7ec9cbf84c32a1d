"""nbgrader course configuration: the repository root is the course directory.

`nbgrader generate_assignment <id>` reads solutions/<id>/ (instructor source, with answers
and hidden tests) and writes the student release to exercises/<id>/.
"""

import os

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbgrader.preprocessors import (
    AssignLatePenalties,
    ClearHiddenTests,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from casebook.feedbacknote import FeedbackNote
from casebook.repair import RepairHook
from casebook.safegrade import CasebookExecute

c = get_config()  # noqa: F821 (provided by nbgrader when it reads this file)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.course_id = "casebook"

# Answer cells start with `None` placeholders written above the solution block, so the
# solution block is removed without leaving nbgrader's "raise NotImplementedError()" stub.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = (
    "Write your answer here: issue, rule, application, conclusion.\n\n"
    "在此作答：争点、规则、适用、结论。"
)

# Restore test cells a student deleted, so the part scores 0 with a reason instead of
# vanishing from the gradebook.
c.OverwriteCells.add_missing_cells = True

# Grading never runs the hidden tests in the student's kernel. CasebookExecute (in place of
# nbgrader's Execute) runs the student's cells in a bubblewrap sandbox, takes back only the
# answers as plain data and compares them with the key in this process; see
# docs/instructors.md, "What the sandbox protects". Damaged submissions are repaired first.
c.Autograde.pre_convert_hook = RepairHook(
    c.CourseDirectory.root, c.CourseDirectory.source_directory
)
# Written answers are the student's own Markdown, and nbgrader's formgrade and feedback
# templates render raw HTML in Markdown as is: `<script>` or `onerror=` in an answer would run
# in formgrader's page, inside the instructor's Jupyter session. SanitizeHTML cleans Markdown
# and raw cells of the graded notebook, which both formgrader and feedback render.
c.Autograde.autograde_preprocessors = [
    CasebookExecute,
    SanitizeHTML,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
]  # CheckCellMetadata already ran when the submission was sanitized; grading keeps metadata.
c.SanitizeHTML.enabled = True  # nbconvert preprocessors are off unless enabled
# Keep the grading status (graded / graded with a note / not graded: reason) in the notebook.
c.ClearMetadataPreprocessor.preserve_nb_metadata_mask = {
    ("language_info", "name"), ("kernelspec",), ("casebook",)
}
# Only on a machine without bubblewrap, and only for submissions you trust (recorded as unsafe).
c.CasebookExecute.unsafe = False
c.CasebookExecute.cell_timeout = 30
c.CasebookExecute.timeout = 120

# Feedback is rendered from the autograded notebook, which holds the hidden tests again;
# strip them so returned feedback never shows the answer key. FeedbackNote adds the grading
# status and reason at the top.
c.GenerateFeedback.preprocessors = [
    GetGrades, FeedbackNote, ClearHiddenTests, SanitizeHTML, CSSHTMLHeaderPreprocessor
]

# `nbgrader export` adds a status and reason column per submission.
c.ExportApp.plugin_class = "casebook.gradeexport.StatusExportPlugin"

# Build and grade only the exercise notebooks, never helper modules in solutions/.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*"]

# The gradebook in a database server (a course hub, docs/hub.md), e.g.
# postgresql+psycopg2://casebook:PASSWORD@127.0.0.1:5432/gradebook; unset, it is gradebook.db here.
if os.environ.get("CASEBOOK_DB_URL"):
    c.CourseDirectory.db_url = os.environ["CASEBOOK_DB_URL"]
