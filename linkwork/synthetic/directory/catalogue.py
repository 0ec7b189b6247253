"""What the synthetic directory's organisations offer and how its entries read: the categories each kind of
organisation mostly offers, the categories that fit each referral reason, name and service templates, and the
notes, reasons and answers the quality assurance and surveys draw from."""

# Categories each kind of organisation mostly offers (weights over CATEGORY_KEYS).
KIND_CATEGORIES = {
    "vcse": {
        "money_welfare": 8,
        "housing": 4,
        "employment": 3,
        "practical": 6,
        "arts": 4,
        "nature": 3,
        "physical_activity": 4,
        "neighbourhood": 3,
        "adult_learning": 2,
        "advice": 8,
        "peer_support": 6,
        "mental_health": 8,
        "befriending": 8,
        "carers": 5,
        "other": 1,
    },
    "community_group": {
        "arts": 8,
        "nature": 7,
        "physical_activity": 9,
        "neighbourhood": 9,
        "adult_learning": 3,
        "peer_support": 6,
        "befriending": 5,
        "practical": 2,
        "other": 1,
    },
    "statutory": {"statutory": 10, "housing": 5, "employment": 5, "adult_learning": 3, "money_welfare": 2},
}
# Categories that fit each referral reason (for choosing where a person is connected).
REASON_CATEGORIES = {
    "loneliness": ("befriending", "neighbourhood", "peer_support", "arts"),
    "healthy_lifestyle": ("physical_activity", "nature"),
    "independence": ("practical", "statutory"),
    "long_term_conditions": ("physical_activity", "peer_support", "statutory"),
    "creativity_learning": ("arts", "adult_learning"),
    "housing": ("housing", "advice"),
    "money": ("money_welfare", "advice"),
    "mental_wellbeing": ("mental_health", "peer_support", "nature"),
    "employment": ("employment", "adult_learning"),
    "carers": ("carers",),
    "bereavement": ("mental_health", "peer_support"),
    "domestic_abuse": ("advice", "statutory"),
    "addictions": ("peer_support", "mental_health", "statutory"),
    "legal_immigration": ("advice",),
    "transport": ("practical",),
    "other": ("other", "neighbourhood"),
}
ORGANISATION_FORMS = {
    "vcse": (
        "{place} Community Trust",
        "{place} Voluntary Action",
        "{place} Good Neighbours",
        "{place} Money Advice Centre",
        "{place} Carers Centre",
        "{place} Mental Health Network",
        "{place} Older People's Forum",
        "{place} Food Bank",
    ),
    "community_group": (
        "{place} Gardening Club",
        "{place} Walking Group",
        "{place} Knit and Natter",
        "{place} Men's Shed",
        "{place} Community Choir",
        "{place} Friendship Cafe",
        "{place} Allotment Society",
        "{place} Art Club",
    ),
    "statutory": (
        "{place} Council Adult Social Care",
        "{place} Jobcentre",
        "{place} Library Service",
        "{place} Housing Options",
        "{place} Adult Education Service",
    ),
}
# Per category: (name, description, eligibility, cost, schedule) templates.
SERVICE_FORMS = {
    "money_welfare": (
        (
            "Benefits check",
            "A full benefits check and help to claim.",
            "Adults living in {place}",
            "Free",
            "Mondays and Thursdays 10am to 3pm",
        ),
        (
            "Debt advice",
            "One-to-one help with debts, bills and arrears.",
            "Anyone in {place}",
            "Free",
            "Weekdays by appointment",
        ),
    ),
    "housing": (
        (
            "Housing advice",
            "Help with repairs, rent arrears and finding a home.",
            "Tenants and people at risk of losing their home",
            "Free",
            "Tuesdays 9am to 1pm",
        ),
        (
            "Tenancy support",
            "A support worker helps keep a tenancy going.",
            "Social and private tenants",
            "Free",
            "Weekdays by appointment",
        ),
    ),
    "statutory": (
        (
            "Care needs assessment",
            "An assessment of care and support needs at home.",
            "Adults who may need care and support",
            "Free",
            "Weekdays",
        ),
        (
            "Occupational therapy",
            "Aids and adaptations to stay safe at home.",
            "Adults with a disability or long-term condition",
            "Free",
            "Weekdays",
        ),
    ),
    "employment": (
        (
            "Work coach drop-in",
            "Help with CVs, applications and interviews.",
            "Adults looking for work",
            "Free",
            "Wednesdays 10am to 2pm",
        ),
        (
            "Back to work programme",
            "Twelve weeks of support into work or volunteering.",
            "Adults out of work for six months or more",
            "Free",
            "Mondays 1pm to 4pm",
        ),
    ),
    "practical": (
        (
            "Food bank",
            "Emergency food parcels with a voucher.",
            "People in {place} in crisis",
            "Free",
            "Tuesdays and Fridays 11am to 2pm",
        ),
        (
            "Handyperson service",
            "Small repairs and grab rails fitted at home.",
            "People over 60 or with a disability",
            "Materials only",
            "Weekdays by appointment",
        ),
        (
            "Community transport",
            "Door-to-door minibus to appointments and shops.",
            "People who cannot use buses",
            "£2 a journey",
            "Weekdays 9am to 4pm",
        ),
    ),
    "arts": (
        (
            "Art for wellbeing",
            "A relaxed painting and drawing group.",
            "Adults, all abilities",
            "£2 a session",
            "Thursdays 1pm to 3pm",
        ),
        (
            "Community choir",
            "Singing for fun; no experience needed.",
            "Everyone welcome",
            "Free",
            "Wednesdays 7pm to 8.30pm",
        ),
    ),
    "nature": (
        (
            "Community garden",
            "Growing food and flowers together.",
            "Adults, all abilities",
            "Free",
            "Tuesdays and Saturdays 10am to 1pm",
        ),
        (
            "Green gym",
            "Outdoor conservation work in local parks.",
            "Adults who can walk a short way",
            "Free",
            "Saturdays 10am to 12 noon",
        ),
    ),
    "physical_activity": (
        (
            "Health walk",
            "A gentle walk of an hour with a trained leader.",
            "Adults, all fitness levels",
            "Free",
            "Mondays 10am",
        ),
        (
            "Chair-based exercise",
            "Seated exercise to music.",
            "Older adults and people with limited mobility",
            "£1.50 a session",
            "Fridays 11am to 12 noon",
        ),
        ("Walking football", "Football at walking pace.", "Adults over 50", "£3 a session", "Tuesdays 6pm to 7pm"),
    ),
    "neighbourhood": (
        (
            "Community cafe",
            "A warm place for a cuppa and a chat.",
            "Everyone welcome",
            "Pay what you can",
            "Weekdays 10am to 2pm",
        ),
        ("Lunch club", "A hot meal and company.", "Older people in {place}", "£4 a meal", "Thursdays 12 noon to 2pm"),
    ),
    "adult_learning": (
        (
            "Digital skills class",
            "Learn to use a phone, tablet or computer.",
            "Adults, beginners welcome",
            "Free",
            "Mondays 2pm to 4pm",
        ),
        (
            "English for speakers of other languages",
            "English classes at every level.",
            "Adults whose first language is not English",
            "Free",
            "Tuesdays and Thursdays 10am to 12 noon",
        ),
    ),
    "advice": (
        (
            "Advice drop-in",
            "Information and advice on benefits, work, housing and consumer problems.",
            "Anyone in {place}",
            "Free",
            "Weekdays 10am to 3pm",
        ),
        (
            "Legal advice clinic",
            "Free advice from a volunteer solicitor.",
            "Adults on a low income",
            "Free",
            "First Tuesday of the month, 6pm to 8pm",
        ),
    ),
    "peer_support": (
        (
            "Peer support group",
            "Meet others who have been through the same.",
            "Adults in {place}",
            "Free",
            "Fortnightly Wednesdays 6pm to 7.30pm",
        ),
        (
            "Long-term conditions group",
            "Share tips on living well with a condition.",
            "Adults with a long-term condition",
            "Free",
            "Monthly, second Monday 2pm",
        ),
    ),
    "mental_health": (
        (
            "Talking therapies self-referral",
            "Short courses of talking therapy for low mood and anxiety.",
            "Adults registered with a GP in {place}",
            "Free",
            "Weekdays, evenings available",
        ),
        (
            "Wellbeing cafe",
            "A safe space to talk when things are hard.",
            "Adults over 18",
            "Free",
            "Fridays 5pm to 8pm",
        ),
        (
            "Bereavement support",
            "One-to-one and group support after a death.",
            "Adults who have lost someone",
            "Free",
            "By appointment",
        ),
    ),
    "befriending": (
        (
            "Telephone befriending",
            "A weekly friendly call from a volunteer.",
            "People who feel lonely",
            "Free",
            "Weekly, at a time to suit",
        ),
        (
            "Befriending visits",
            "A volunteer visits for a chat and a cuppa.",
            "Older people living alone",
            "Free",
            "Weekly",
        ),
    ),
    "carers": (
        (
            "Carers support group",
            "Support and a break for unpaid carers.",
            "Unpaid carers of any age",
            "Free",
            "Second Tuesday of the month 10am to 12 noon",
        ),
        (
            "Carers assessment",
            "Help to get a carer's assessment and a break.",
            "Unpaid carers",
            "Free",
            "By appointment",
        ),
    ),
    "other": (("Volunteering", "Find a volunteering role that suits you.", "Anyone over 16", "Free", "Weekdays"),),
}
HOW_TO_REFER = (
    "Link workers: send a connection through Linkwork, or phone us.",
    "Phone to book a place, or just come along.",
    "Email us with the person's permission and we will call them.",
)
LOCATIONS = ("Community Centre", "Library", "Church Hall", "Methodist Hall", "Leisure Centre", "Park Pavilion")
ASSESSMENT_NOTES = (
    "Worked through the sheet together at their premises.",
    "Policies seen; volunteer training records up to date.",
    "Small group; meets in an insured hall.",
)
ACTIONS = ("Safeguarding training booked for the new volunteers.", "Will send the updated insurance certificate.")
CATCH_UP_NOTES = (
    "Talked through referrals so far; going well.",
    "Capacity tight over the summer; waiting list reopened.",
    "New coordinator in post; shared our referral guidance.",
    "Agreed a named contact for link workers.",
)
EXCEPTION_REASONS = (
    "Agreement review delayed by the organisation's trustees; long-standing partner with no concerns.",
    "Only local provider of this support; review meeting booked.",
    "New coordinator in post; review booked for next month, connections can continue meanwhile.",
)
WHAT_WOULD_HELP = (
    "More notice before people arrive, and a named link worker to call.",
    "Funding for another paid session a week.",
    "Fewer referrals at once; we are full until spring.",
)
GAPS = (
    "Nothing for younger men in the evenings.",
    "No befriending in the villages.",
    "Transport to groups for people who cannot use buses.",
    "Support for carers of people with dementia.",
)
SUPPORT_NEEDED = (
    "Help to recruit volunteers.",
    "Safeguarding training for new volunteers.",
    "Help to apply for small grants.",
    "A termly catch-up with the link workers.",
)
SIGNATORY_ROLES = ("Chief executive", "Chair", "Coordinator", "Service manager")
