from pathlib import Path

from linkwork.core.vocabulary import load_vocabulary

DATA = Path(__file__).parent / "data"
SEX = load_vocabulary(DATA / "sex.yaml")
