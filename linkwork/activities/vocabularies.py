from pathlib import Path

from linkwork.core.vocabulary import load_vocabulary

DATA = Path(__file__).parent / "data"
ACTIVITY_KINDS = load_vocabulary(DATA / "activity_kinds.yaml")
