from pathlib import Path

from linkwork.core.vocabulary import load_vocabulary

DATA = Path(__file__).parent / "data"
SERVICE_CATEGORIES = load_vocabulary(DATA / "service_categories.yaml")
CAPACITY_STATUSES = load_vocabulary(DATA / "capacity_statuses.yaml")
SERVICE_STATUSES = load_vocabulary(DATA / "service_statuses.yaml")
