"""The numbers that make synthetic data look like England's social prescribing, with where each comes from.

Sources (encoded here; nothing is read at run time):
  * Intensity, 6-8 sessions over about 12 weeks, face to face or by phone, home visits where appropriate;
    a safe caseload of 200-250 people a year (NHS England reference guide, 2019; NALW report).
  * Who refers: GP practice first, self-referral to be encouraged (NHS England summary guide, footnote 9).
  * Patterns in the NALW report's analysis of Citizens Advice data, reproduced so dashboards look real:
    money-related referrals 3.6x higher in the most deprived IMD quintile than the least and housing
    nearly 8x; money referral rates tripled and housing nearly doubled over two years; housing referrals
    70% higher in men, money referrals 38% higher in women; lowest referral rates at ages 18-39.
The other shares (referrer mix, outcome split, waits, discharge reasons) are plausible choices, not
published figures.
"""

import numpy as np

from linkwork.core.roles import Role

# ---- Scale -------------------------------------------------------------------------------------
PEOPLE_PER_PCN = 800  # referred people per PCN over two years: ~1,250 PCNs for 1,000,000 people
PCNS_PER_ICB = 30  # England: ~1,250 PCNs in 42 ICBs
MAX_ICBS = 42
PRACTICES_PER_PCN = (4, 6)  # inclusive
VCSES_PER_ICB = 3
PCN_STAFF = (  # (role, how many per PCN)
    (Role.LINK_WORKER, 3),
    (Role.HEALTH_AND_WELLBEING_COACH, 1),
    (Role.CARE_COORDINATOR, 1),
    (Role.PCN_MANAGER, 1),
    (Role.GP_SUPERVISOR, 1),
)

# ---- People ------------------------------------------------------------------------------------
SEXES = ("female", "male", "other", "unknown")
SEX_SHARES = (0.56, 0.43, 0.005, 0.005)  # of referred people

# Adult age bands, their share of England's adult population, and the referral rate per head relative
# to 18-39 (the lowest). The share of referred people in a band is population share x relative rate.
AGE_BANDS = ((18, 39), (40, 54), (55, 64), (65, 74), (75, 84), (85, 99))
AGE_POPULATION_SHARES = (0.37, 0.25, 0.16, 0.12, 0.075, 0.025)
AGE_RELATIVE_RATES = (1.0, 1.5, 1.9, 2.1, 2.8, 3.3)

# Index of Multiple Deprivation deciles (1 = most deprived) hold a tenth of the population each; people
# from deprived areas are referred more. Relative referral rate by decile:
IMD_DECILE_RATES = tuple(1.45 - 0.085 * d for d in range(10))

EPISODES_PER_PERSON = (0.62, 0.27, 0.11)  # 1, 2 or 3 episodes in sequence: ~1.5 referrals a person
# Longer than a usual episode (up to ~195 days), so episodes never overlap; the few long episodes (below) are
# only drawn where the person's next referral comes after they end.
MIN_DAYS_BETWEEN_REFERRALS = 200
REFERRAL_GROWTH = 1.5  # referral volume grows by half over the two years

# ---- Referrals ---------------------------------------------------------------------------------
REFERRER_SHARES = {
    "gp": 40,
    "practice_nurse": 7,
    "practice_other": 5,
    "pcn_mdt": 5,
    "pharmacy": 2,
    "hospital_discharge": 3,
    "secondary_care_other": 3,
    "mental_health": 6,
    "allied_health_professional": 2,
    "fire_service": 0.5,
    "police": 0.5,
    "job_centre": 1,
    "social_care": 4,
    "housing_association": 2,
    "vcse": 5,
    "school_university": 0.5,
    "family_friend": 3,
    "self_referral": 4,
    "other": 1.5,
}
PRACTICE_REFERRERS = ("gp", "practice_nurse", "practice_other")
PRACTICE_STAFF_RECORDS_SHARE = 0.5  # of referrals from a practice, the share practice staff record themselves
OTHER_REFERRER_DETAILS = ("Community centre manager", "Faith group leader", "Local councillor", "Library staff")
URGENT_SHARE = 0.05

REASON_COUNT_SHARES = (0.45, 0.38, 0.17)  # 1, 2 or 3 reasons
# Money and housing follow the published patterns (below); the other reasons fill the remaining places,
# drawn in proportion to these weights.
OTHER_REASON_WEIGHTS = {
    "loneliness": 22,
    "mental_wellbeing": 20,
    "long_term_conditions": 12,
    "healthy_lifestyle": 9,
    "independence": 7,
    "carers": 5,
    "bereavement": 5,
    "creativity_learning": 4,
    "employment": 4,
    "addictions": 2,
    "transport": 2,
    "domestic_abuse": 1.5,
    "legal_immigration": 1,
    "other": 1.5,
}
MONEY_SHARE = 0.16  # of referrals, on average over the two years
HOUSING_SHARE = 0.10
CRITERIA_SHARE = 0.35  # referrals that record Common Outcomes Framework criteria (1 or 2)
CRITERIA_WEIGHTS = {
    "long_term_conditions": 35,
    "lonely_or_isolated": 30,
    "mental_health_support": 20,
    "complex_social_needs": 10,
    "social_care_support": 5,
}
CONTEXT_SHARE = 0.4
CONTEXT_BY_REASON = {
    "money": ("Struggling with bills and rent since hours were cut.", "Asked about help with benefits."),
    "housing": ("Damp flat, repairs not done; affecting breathing.", "Worried about eviction notice."),
    "loneliness": ("Lives alone since partner died; rarely goes out.", "Says the weeks feel very long."),
    "mental_wellbeing": ("Low mood, not sleeping well.", "Anxious about leaving the house."),
    "long_term_conditions": ("Diabetes, struggling to stay active.", "COPD; wants to do more for themselves."),
}
GENERAL_CONTEXT = ("Would like to find something to do in the week.", "Keen to meet people locally.")

# ---- Published patterns, as targets --------------------------------------------------------------
# Ratios of referral *rates* (counts per head). Quintile 1 = deciles 1-2 (most deprived), 5 = deciles 9-10.
MONEY_DEPRIVATION_RATIO = 3.6
HOUSING_DEPRIVATION_RATIO = 7.8
MONEY_TREND_RATIO = 3.0  # money rate in the last quarter of the two years / in the first
HOUSING_TREND_RATIO = 1.9
MONEY_WOMEN_RATIO = 1.38  # money rate in women / men
HOUSING_MEN_RATIO = 1.7  # housing rate in men / women

# ---- Episodes ----------------------------------------------------------------------------------
OUTCOME_SHARES = (0.75, 0.12, 0.13)  # accepted, declined, no response
ACCEPTED, DECLINED, NO_RESPONSE = 0, 1, 2
ATTEMPTS_BEFORE_REACHED = (0.65, 0.25, 0.10)  # unanswered calls before the person is reached: 0, 1, 2
NO_RESPONSE_ATTEMPTS = (0.35, 0.40, 0.25)  # 1, 2 or 3 unanswered contacts, then unable_to_contact
# Waits and gaps are in working days: contacts, discharges and coding happen Monday to Friday.
FIRST_ATTEMPT_MEDIAN_DAYS = 7  # routine; log-normal, from 1 working day to 6 weeks
FIRST_ATTEMPT_MAX_DAYS = 30
URGENT_FIRST_ATTEMPT_DAYS = (1, 3)
DAYS_BETWEEN_ATTEMPTS = (2, 5)
# Contacts in an accepted episode (the accepting one plus follow-ups): mostly 6-8.
CONTACTS_IN_ACCEPTED = {2: 3, 3: 5, 4: 7, 5: 10, 6: 22, 7: 24, 8: 17, 9: 7, 10: 5}
# Calendar days from acceptance to the last contact (~12 weeks): mean, sd, min, max.
SUPPORT_DAYS = (84, 18, 28, 120)
# Some people are supported for longer (complex needs, a long wait for another service): calendar days from
# acceptance to the last contact, by band (share of long episodes, low, high). The longest reach the
# 12-month measure while still open. Long episodes keep the usual number of contacts, spaced further apart.
LONG_SUPPORT_SHARE = 0.08  # of accepted episodes
LONG_SUPPORT_DAYS = ((0.75, 150, 300), (0.25, 345, 420))
DISCHARGE_AFTER_LAST_CONTACT_DAYS = (1, 5)
UNABLE_TO_CONTACT_AFTER_DAYS = (5, 10)
DISCHARGE_REASON_SHARES = {
    "goals_met": 35,
    "connected": 30,
    "time_limit": 12,
    "stopped_engaging": 8,
    "no_longer_wants_support": 5,
    "referred_back": 5,
    "moved_away": 3,
    "died": 1,
    "other": 1,
}
OTHER_DISCHARGE_NOTES = ("Moved to a different scheme.", "Now supported by the community mental health team.")
# Who holds an episode: link workers most, shared unevenly (caseloads differ); coaches and coordinators some.
HOLDER_ROLE_SHARES = {Role.LINK_WORKER: 0.85, Role.HEALTH_AND_WELLBEING_COACH: 0.08, Role.CARE_COORDINATOR: 0.07}
LINK_WORKER_WEIGHTS = (1.25, 1.0, 0.75)  # the first, second, third link worker of a PCN (repeats if more)
FOLLOW_UP_BY_SOMEONE_ELSE = 0.15  # follow-ups by another practitioner of the PCN (cover, joint work)

MODES = ("face_to_face", "phone", "video", "home_visit", "other")
FIRST_CONTACT_MODES = (0.30, 0.55, 0.05, 0.10, 0.0)
FOLLOW_UP_MODES = (0.50, 0.30, 0.07, 0.12, 0.01)
ATTEMPT_MODES = (0.0, 0.95, 0.03, 0.0, 0.02)
MINUTES = {  # (low, high) inclusive, 5-minute steps
    "attempt": (2, 5),
    "declined": (10, 25),
    "accepted": (30, 90),
    "follow_up": (15, 90),
}
NOTE_SHARE = 0.3
NOTES = (
    "Talked through what matters most; agreed first steps.",
    "Went together to the community cafe.",
    "Referred to Citizens Advice for a benefits check.",
    "Reviewed goals; walking group going well.",
    "Introduced to the befriending service.",
    "Phoned the housing officer together.",
)

# ---- GP coding worklist ------------------------------------------------------------------------
# Working days from a coded contact to practice staff entering the code: most within the week, some late.
ENTRY_DELAY = ((0.80, 0, 4), (0.17, 5, 20), (0.03, 21, 85))


# ---- Care and support plans (seed 003 section 8, Appendix 4) -----------------------------------------
# Plans are made at the first follow-up after acceptance (a week or two on), in the person's words.
PLAN_SHARE = 0.85  # of accepted episodes with a follow-up
GOALS_PER_PLAN = (0.30, 0.40, 0.20, 0.10)  # 1, 2, 3 or 4 goals
GOAL_MATCHES_REASON_WEIGHT = 12  # a goal that suits a referral reason, against 1 for any other
SECTION_SHARES = {  # optional sections written at the start
    "how_to_support": 0.65,
    "health_conditions": 0.40,
    "support": 0.85,
    "self_support": 0.60,
    "review_note": 0.40,
}
SECOND_MATTERS_SHARE = 0.4  # "what matters" has a second sentence
REVIEW_AFTER_WEEKS = (4, 8)  # the review date agreed, inclusive
REVIEW_HELD_SHARE = 0.8  # at a contact from a week before the review date, the review is held
GOAL_STARTS_IN_PROGRESS = 0.15  # already under way when written down
GOAL_MOVES_TO_IN_PROGRESS = 0.85  # of goals not started, at the next contact or the one after
GOAL_NO_LONGER_RELEVANT = 0.10
# Goals achieved by the end, by how the episode ends (active episodes: as if discharged for another reason).
GOAL_ACHIEVED = {
    "goals_met": 0.75,
    "connected": 0.60,
    "time_limit": 0.35,
    "referred_back": 0.30,
    "other": 0.35,
    "stopped_engaging": 0.12,
    "no_longer_wants_support": 0.12,
    "moved_away": 0.15,
    "died": 0.05,
}
GOAL_ACHIEVED_WHILE_OPEN = 0.45
PART_TWO_SHARE = 0.6  # of plans whose person has the six-month follow-up call
PART_TWO_ANSWERS = {  # (yes, no, not asked)
    "share_story": (0.40, 0.45, 0.15),
    "satisfaction_survey": (0.50, 0.35, 0.15),
    "evaluation": (0.60, 0.30, 0.10),
}

# ---- Wellbeing and outcome measures (seed 003 section 11, Appendix 6; data/schedule.yaml) ------------
BASELINE_SHARE = 0.92  # accepted episodes with a baseline ONS4
BASELINE_AT_FIRST_CONTACT = 0.5  # taken when the person accepts; the rest at the next contact
SWEMWBS_SHARE = 0.55  # of baselines, SWEMWBS too
# Of baselines in PCNs that hold a PAM licence, PAM too (or why it was not suitable): there PAM is on the schedule
# for everyone (seed 003 Appendix 6), so most link workers ask it; linkwork's assumption, no published share.
PAM_SHARE = 0.8
PAM_NOT_SUITABLE = 0.2  # of PAMs, recorded as not suitable instead of a score
PAM_NOT_SUITABLE_REASONS = {
    "limited_english": 30,
    "dementia": 20,
    "severe_mental_health": 15,
    "reading_age_below_12": 15,
    "learning_disability": 10,
    "no_health_need": 10,
}
# Follow-ups: taken when the episode was open as the window opened (the schedule asks for them), or by a call
# after discharge (it does not, but many schemes do). Days from the due date: normal (mean, sd), clipped to
# the window.
FOLLOW_UP_TAKEN = {"six_months": (0.80, 0.30), "twelve_months": (0.75, 0.12)}  # (open, after discharge)
FOLLOW_UP_DAYS_FROM_DUE = (5, 14)
FOLLOW_UP_REPEATS = {"swemwbs": 0.9, "pam": 0.85}  # of follow-ups where the baseline took it
# ONS4 (0-10): baseline means for people referred (below the national averages of about 7.5), how much a
# person's own level moves each answer, how much answers vary from day to day, and the change by six months.
# The change is shared across the four questions (a person who is better is better on all of them): its mean
# and spread (sd) per question, per standard unit of the person's own improvement. Anxiety falls.
ONS4_BASELINE = {"life_satisfaction": 4.5, "worthwhile": 5.1, "happiness": 4.6, "anxiety": 5.6}
ONS4_PERSON_SD = {"life_satisfaction": 1.9, "worthwhile": 1.7, "happiness": 1.9, "anxiety": -1.7}
ONS4_NOISE_SD = 1.0
ONS4_CHANGE = {
    "life_satisfaction": (1.1, 1.3),
    "worthwhile": (0.8, 1.1),
    "happiness": (1.0, 1.3),
    "anxiety": (-0.8, 1.2),
}
TWELVE_MONTH_KEEPS = 1.15  # change by 12 months, as a multiple of the change by 6
# SWEMWBS: each of the 7 statements is the person's level (1-5 scale) plus noise, rounded.
SWEMWBS_LEVEL = (2.95, 0.55)  # mean, sd between people
SWEMWBS_ITEM_SD = 0.65
SWEMWBS_CHANGE = (0.42, 0.40)  # per statement by six months: mean, sd per unit of improvement
PAM_BASELINE = (51.0, 11.0)  # score: mean, sd
PAM_CHANGE = (4.0, 6.0)
# The satisfaction survey: of the people who said yes to it in part two of their plan, those who answer it on the
# same call (satisfaction.py). linkwork's assumption: no published source gives the share.
SATISFACTION_TAKEN = 0.7
# At discharge (not for people who died or moved away): employability outcomes and service use.
SATISFACTION_OVERALL = (2, 4, 10, 40, 44)  # 1 very dissatisfied ... 5 very satisfied
SATISFACTION_LISTENED = (2, 3, 8, 37, 50)
WOULD_RECOMMEND = 0.9
EMPLOYABILITY_SHARE = (0.08, 0.35)  # (others, referred for employment or money)
EMPLOYABILITY_YES = {
    "staying_in_work": 0.30,
    "new_employment": 0.12,
    "volunteering": 0.20,
    "training": 0.15,
    "qualifications": 0.06,
    "new_business_or_group": 0.03,
}
SERVICE_USE_SHARE = 0.20  # "before" counts at discharge
SERVICE_USE_AFTER = 0.75  # of those, "after" counts once the six months after the referral have ended
# Service use over six months: GP consultations per person vary (gamma: shape, mean); after the referral
# people use fewer (ratio). Optional counts are recorded for some.
GP_CONSULTATIONS = (2.0, 6.8, 0.78)
AE_ATTENDANCES = (0.5, 0.85)
BED_DAYS = (0.10, 6.0, 0.75)  # share with any stay, mean days of those who stay, ratio after
PRESCRIPTIONS = (0.55, 14.0, 0.95)  # share recorded, mean, ratio after
AMBULANCE_CALLOUTS = (0.25, 0.3, 0.8)


def shares(values) -> np.ndarray:
    p = np.asarray(values, dtype=float)
    return p / p.sum()


def age_band_shares() -> np.ndarray:
    return shares(np.multiply(AGE_POPULATION_SHARES, AGE_RELATIVE_RATES))


def decile_shares() -> np.ndarray:
    return shares(IMD_DECILE_RATES)


def deprivation_gradient(target_ratio: float) -> np.ndarray:
    """Per-referral multipliers by decile (index 0 = decile 1), geometric in the decile, chosen so that the
    rate in quintile 1 is `target_ratio` times the rate in quintile 5, given more referrals from deprived areas."""
    w = decile_shares()

    def ratio(c: float) -> float:
        m = c ** np.arange(9, -1, -1)
        return (w[0] * m[0] + w[1] * m[1]) / (w[8] * m[8] + w[9] * m[9])

    lo, hi = 1.0, 3.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if ratio(mid) < target_ratio else (lo, mid)
    return lo ** np.arange(9, -1, -1)


def sex_multipliers(women_over_men: float) -> np.ndarray:
    """Per-referral multipliers by sex (SEXES order) so the rate in women is `women_over_men` times men's,
    given that more women than men are referred."""
    female, male = SEX_SHARES[0], SEX_SHARES[1]
    return np.array([women_over_men * male / female, 1.0, 1.0, 1.0])


def trend_end(rate_ratio: float) -> float:
    """Per-referral multiplier at the end of the two years (1 at the start) for a rate that grows rate_ratio-fold
    from the first quarter to the last (whose middles are 7/8 of the two years apart) while referral volume
    grows REFERRAL_GROWTH-fold over the two years."""
    return rate_ratio ** (8 / 7) / REFERRAL_GROWTH


# ---- The community directory and its quality assurance (seed 003 sections 9, 10, 12; seed 004) ----------------
PEOPLE_PER_SERVICE = 50  # ~20,000 services for 1,000,000 people
MIN_SERVICES = 60  # however few people, a directory worth choosing from
SERVICES_PER_ORGANISATION = (0.40, 0.25, 0.15, 0.10, 0.06, 0.04)  # 1 to 6
PROVIDER_KIND_SHARES = {"vcse": 0.45, "community_group": 0.40, "statutory": 0.15}
# Demand: a few organisations absorb most connections (seed 004: the bulk go to about 10% of organisations).
DEMAND_SIGMA = 2.0  # log-normal spread of organisations' pull
SERVICE_STATUS_SHARES = {"active": 0.92, "temporarily closed": 0.05, "inactive": 0.03}
PUBLIC_SHARE = 0.35  # services listed in the public directory
# Capacity: a third to a half of VCSEs had no further capacity (seed 004); the rest accept or keep a waiting list.
CAPACITY_SHARES = {"accepting": 0.35, "waiting_list": 0.25, "closed": 0.40}
CAPACITY_KEEPS = 0.7  # a new statement repeats the organisation's usual state
CAPACITY_EVERY_DAYS = (90, 240)
WAITING_LIST_DAYS = 28  # median typical wait (log-normal, 1 to 365)
# Which organisations a PCN works with: the busiest of its ICB always, some of the rest.
PCN_WORKS_WITH_TOP = 0.10
PCN_WORKS_WITH_OTHERS = 0.20
AGREEMENT_STARTED_BEFORE = 0.7  # pairs whose first agreement predates the history
AGREEMENT_REVIEWED_ON_TIME = 0.8  # else signed 10-90 days after the review date: lapsed meanwhile
LEADERSHIP_CHANGE_SHARE = 0.06  # per agreement
NOT_REVIEWED_SHARE = 0.08  # per review due before today: never reviewed, so lapsed now
EXCEPTION_IN_GAP_SHARE = 0.35  # a lapse bridged by a PCN manager's exception
CATCH_UP_EVERY_DAYS = (90, 180)
CATCH_UPS_STOP_SHARE = 0.2  # pairs whose catch-ups stopped some time ago (overdue now)
SURVEY_SHARE = 0.5  # organisations answering the confidence survey
SURVEY_EVERY_DAYS = (170, 200)
SURVEY_WEB_SHARE = 0.6
COPED_WELL_SHARES = {"strongly_agree": 25, "agree": 45, "neither": 15, "disagree": 10, "strongly_disagree": 5}

# ---- Onward connections (seed 004: several at once is normal; the loop often stays open) ------------------------
CONNECTIONS_PER_EPISODE = (0.25, 0.40, 0.25, 0.10)  # 0 to 3, of accepted episodes with a follow-up
CONNECTIONS_AT_ONCE = 0.6  # all made at one follow-up contact
CONNECTION_KIND_SHARES = {"referral": 0.50, "signposting": 0.35, "accompanied": 0.15}
SIGNPOSTING_WITHOUT_SHARING = 0.3
SHARED_FIELD_SHARES = {
    "name": 0.97,
    "contact_details": 0.8,
    "postcode": 0.4,
    "age": 0.3,
    "what_matters": 0.3,
    "how_to_support": 0.2,
    "health_conditions": 0.15,
    "reason": 0.5,
}
CONNECTION_REASON_SHARE = 0.85
CATEGORY_FITS_REASON_WEIGHT = 8
# The closed loop
CANCELLED_BEFORE_REPLY = 0.03
NEVER_REPLIES = 0.04  # the service never answers: what today's systems miss
# With linkwork's follow-up list the link worker chases a connection nobody answered and, after this many
# working days, cancels it (the person is offered something else); the newest are still waiting.
CHASED_AFTER_WORKING_DAYS = (20, 45)
REPLY_WORKING_DAYS = (1, 8)
REJECTED_BY_CAPACITY = {"accepting": 0.06, "waiting_list": 0.12, "closed": 0.45}
ACCEPTING_START_DAYS = (3, 14)
CLOSED_START_DAYS = (30, 90)
ON_HOLD_SHARE = 0.05
ATTENDS = 0.72  # of accepted
CANCELLED_AFTER_ACCEPT = 0.08
FIRST_SEEN_REPORTED = 0.85
COMPLETED_SHARE = 0.75  # of those seen; some fail, the rest are still going
FAILED_AFTER_START = 0.05
COMPLETED_AFTER_DAYS = (28, 120)
DID_NOT_ENGAGE_REPORTED = 0.8
OUTCOME_SHARE = 0.8
