"""The words synthetic care and support plans are written in: short, plain, first person, as a person might say
them to their link worker (seed 003 section 8: the plan is in the person's own words).

Each goal and "what matters" phrase is tagged with the referral reasons it suits, so a person referred for
money worries talks about bills rather than the walking group. Phrases are plain ASCII with no double quotes
or backslashes, so they go into JSON and COPY text unchanged (a test checks).
"""

# What matters to me: (phrase, reasons it suits). The first phrase is chosen by reason; some people add a
# sentence from GENERAL_MATTERS.
WHAT_MATTERS = (
    ("I want to get out of the house more.", ("loneliness", "mental_wellbeing")),
    ("Seeing people. Some days I do not speak to anyone.", ("loneliness",)),
    ("Having something to look forward to in the week.", ("loneliness", "bereavement")),
    ("Feeling less anxious when I go out.", ("mental_wellbeing",)),
    ("Sleeping better and feeling more like myself.", ("mental_wellbeing",)),
    ("Getting back to the things I used to enjoy.", ("mental_wellbeing", "bereavement")),
    ("Getting on top of my bills.", ("money",)),
    ("Not worrying about money all the time.", ("money",)),
    ("A warm, dry home without the damp.", ("housing",)),
    ("Staying in my home.", ("housing", "independence")),
    ("Staying active despite my breathing.", ("long_term_conditions", "healthy_lifestyle")),
    ("Managing my diabetes better.", ("long_term_conditions", "healthy_lifestyle")),
    ("Doing things for myself for as long as I can.", ("independence", "long_term_conditions", "transport")),
    ("Having a bit of time for myself.", ("carers",)),
    ("Looking after my husband without wearing myself out.", ("carers",)),
    ("Learning to live on my own since my wife died.", ("bereavement",)),
    ("Feeling useful again.", ("employment", "creativity_learning")),
    ("Getting back into work.", ("employment",)),
    ("Learning something new.", ("creativity_learning",)),
    ("Cutting down on the drink.", ("addictions",)),
    ("Feeling safe.", ("domestic_abuse",)),
    ("Knowing where I stand with my visa.", ("legal_immigration",)),
)
GENERAL_MATTERS = (
    "My grandchildren mean the world to me.",
    "My dog gets me up in the morning.",
    "My garden keeps me going.",
    "My family, and being part of the community.",
    "Church on Sundays.",
)
HOW_TO_SUPPORT = (
    "Phone me rather than write; I do not always open letters.",
    "I am better in the mornings.",
    "My daughter helps me with forms.",
    "I get nervous in big groups, so start small.",
    "Please speak slowly; English is my second language.",
    "I do not use the internet.",
    "I work shifts, so text me first.",
)
HEALTH_CONDITIONS = (
    "Type 2 diabetes.",
    "COPD; I get breathless on hills.",
    "Arthritis in both knees.",
    "Hard of hearing; please face me when you speak.",
    "Depression; I take tablets for it.",
    "I use a walking stick.",
    "Epilepsy, well controlled.",
)
SUPPORT = (
    "Walking group on Tuesday mornings.",
    "Citizens Advice for a benefits check.",
    "Befriending service: a weekly phone call.",
    "Community cafe on Fridays.",
    "Men's Shed at the church hall.",
    "Carers' group once a month.",
    "Talking therapies: I can refer myself.",
    "Housing officer about the repairs.",
    "Food bank while the benefits are sorted.",
    "Computer class at the library.",
)
SELF_SUPPORT = (
    "Walk to the end of the road every day.",
    "Write my questions down before appointments.",
    "Ring my sister on Sundays.",
    "Open my post every morning.",
    "Try one new thing each week.",
    "Keep a note of how I sleep.",
)
REVIEW_NOTES = ("Meet at the surgery.", "Phone call in the afternoon.", "Home visit; have the letters ready.")
REVIEWED_NOTES = (
    "Reviewed together; keep going with the group.",
    "Reviewed; benefits sorted, now looking at activities.",
    "Reviewed by phone; feeling more confident.",
    "Reviewed; still waiting to hear back, chase next time.",
)
# My goals: (phrase, reasons it suits). Goals of one plan are all different.
GOALS = (
    ("Walk to the shops without help.", ("long_term_conditions", "independence")),
    ("Go to the walking group every week.", ("healthy_lifestyle", "loneliness", "long_term_conditions")),
    ("Get out of the house at least three times a week.", ("loneliness", "mental_wellbeing")),
    ("Make a friend at the community cafe.", ("loneliness",)),
    ("Learn to use video calls to see my grandchildren.", ("loneliness", "creativity_learning")),
    ("Have a benefits check and claim what I am owed.", ("money",)),
    ("Set up a payment plan for the energy bill.", ("money",)),
    ("Get help with my forms and letters.", ("money", "legal_immigration")),
    ("Get the damp in my flat fixed.", ("housing",)),
    ("Get on the list for a ground-floor flat.", ("housing", "independence")),
    ("Sleep through the night more often.", ("mental_wellbeing",)),
    ("Try the talking therapies course.", ("mental_wellbeing", "bereavement")),
    ("Feel confident going out on my own.", ("mental_wellbeing", "independence")),
    ("Join a class to learn something new.", ("creativity_learning",)),
    ("Find volunteering one morning a week.", ("employment", "creativity_learning")),
    ("Update my CV and apply for jobs.", ("employment",)),
    ("Have a few hours a week to myself.", ("carers",)),
    ("Join the carers' group.", ("carers",)),
    ("Talk to someone about losing my wife.", ("bereavement",)),
    ("Cut down on drinking in the week.", ("addictions",)),
    ("Get a bus pass and use it.", ("transport", "independence")),
    ("Cook a proper meal three times a week.", ("healthy_lifestyle",)),
    ("Do the chair exercises every day.", ("long_term_conditions", "healthy_lifestyle")),
    ("Talk to a solicitor about my immigration status.", ("legal_immigration",)),
    ("Make a safety plan with the domestic abuse service.", ("domestic_abuse",)),
)
# What has changed (part two), for people whose wellbeing rose and for those whose did not.
CHANGES_BETTER = (
    "I go to the walking group every week and have made friends there.",
    "My benefits are sorted and I do not worry about money so much.",
    "I feel more confident going out on my own.",
    "The repairs are done and the flat is warmer.",
    "I am sleeping better and I see my family more.",
)
CHANGES_NOT_BETTER = (
    "Not much has changed yet, but I know where to go for help.",
    "Things have been hard; I have stopped going to the group.",
    "Still waiting for the housing to be sorted.",
)
# PAM is licensed per provider: the reference each score was taken under.
PAM_LICENCE_PREFIX = "IH-PAM-"


def all_phrases() -> list[str]:
    plain = [p for group in (WHAT_MATTERS, GOALS) for p, _ in group]
    for group in (
        GENERAL_MATTERS,
        HOW_TO_SUPPORT,
        HEALTH_CONDITIONS,
        SUPPORT,
        SELF_SUPPORT,
        REVIEW_NOTES,
        REVIEWED_NOTES,
        CHANGES_BETTER,
        CHANGES_NOT_BETTER,
    ):
        plain.extend(group)
    return plain
