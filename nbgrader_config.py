"""nbgrader course configuration: the repository root is the course directory.

`nbgrader generate_assignment <id>` reads solutions/<id>/ (instructor source, with answers
and hidden tests) and writes the student release to exercises/<id>/.
"""

import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

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

# Feedback is rendered from the autograded notebook, which holds the hidden tests again;
# strip them so returned feedback never shows the answer key.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]

# Build and grade only the exercise notebooks, never helper modules in solutions/.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*"]

# The gradebook in a database server (a course hub, docs/hub.md), e.g.
# postgresql+psycopg2://casebook:PASSWORD@127.0.0.1:5432/gradebook; unset, it is gradebook.db here.
if os.environ.get("CASEBOOK_DB_URL"):
    c.CourseDirectory.db_url = os.environ["CASEBOOK_DB_URL"]
