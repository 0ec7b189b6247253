from pathlib import Path

from linkwork.core.vocabulary import load_vocabulary

DATA = Path(__file__).parent / "data"
CONNECTION_KINDS = load_vocabulary(DATA / "connection_kinds.yaml")
ENGAGEMENT = load_vocabulary(DATA / "engagement.yaml")
SHAREABLE_FIELDS = load_vocabulary(DATA / "shareable_fields.yaml")
STATUSES = load_vocabulary(DATA / "statuses.yaml")
