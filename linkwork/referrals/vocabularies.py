from pathlib import Path

from linkwork.core.vocabulary import load_vocabulary

DATA = Path(__file__).parent / "data"
REFERRER_TYPES = load_vocabulary(DATA / "referrer_types.yaml")
REFERRAL_REASONS = load_vocabulary(DATA / "referral_reasons.yaml")
REFERRAL_CRITERIA = load_vocabulary(DATA / "referral_criteria.yaml")
CONTACT_MODES = load_vocabulary(DATA / "contact_modes.yaml")
DISCHARGE_REASONS = load_vocabulary(DATA / "discharge_reasons.yaml")
# Which contact purposes may be coded as social prescribing, and until when, is coding's reading of this list.
CONTACT_PURPOSES = load_vocabulary(DATA / "contact_purposes.yaml")
