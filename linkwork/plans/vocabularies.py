from pathlib import Path

from linkwork.core.vocabulary import load_vocabulary

DATA = Path(__file__).parent / "data"
GOAL_PROGRESS = load_vocabulary(DATA / "goal_progress.yaml")
PERMISSION_ANSWERS = load_vocabulary(DATA / "permission_answers.yaml")
