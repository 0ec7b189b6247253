"""The words synthetic onward connections are written in: why a person is connected (by the service's category),
why a service declines or either side cancels, what came of it, and how the person asked to be contacted. Plain
ASCII with no double quotes or backslashes, so they go into JSON and COPY text unchanged.
"""

REASONS_BY_CATEGORY = {
    "money_welfare": ("Wants a benefits check.", "Help with a PIP claim.", "Behind on bills; wants advice."),
    "housing": ("Damp flat; landlord not doing repairs.", "Worried about rent arrears."),
    "statutory": ("May need care at home.", "Needs aids at home after a fall."),
    "employment": ("Wants help back into work.", "Would like help with a CV."),
    "practical": ("Short of food until payday.", "Needs a grab rail fitted.", "Cannot get to appointments."),
    "arts": ("Used to paint; would like to start again.", "Loves singing."),
    "nature": ("Enjoys gardening; wants to be outdoors.", "Would like something outside."),
    "physical_activity": ("Wants to get more active.", "Would like gentle exercise with others."),
    "neighbourhood": ("Would like to meet people nearby.", "Wants somewhere to go in the week."),
    "adult_learning": ("Wants to learn to use a smartphone.", "Would like to improve their English."),
    "advice": ("Needs advice on a benefits letter.", "Has a letter they do not understand."),
    "peer_support": ("Would like to meet others with the same condition.", "Wants to talk to people who understand."),
    "mental_health": ("Low mood; agreed to try talking therapy.", "Would like support after a bereavement."),
    "befriending": ("Lives alone; would like a regular chat.", "Rarely sees anyone in the week."),
    "carers": ("Cares for their husband; needs a break.", "New carer; wants support."),
    "other": ("Would like to volunteer.",),
}
REJECT_REASONS = {
    "capacity": ("We are full at the moment; please try again in a few months.", "Our waiting list is closed."),
    "other": (
        "This person lives outside the area we cover.",
        "Our group is not suitable for this person's needs; please see our eligibility.",
        "We need a carer's assessment first.",
    ),
}
REFERRER_CANCEL_REASONS = (
    "The person changed their mind.",
    "The person has found another group.",
    "The person moved away.",
    "The person is unwell and wants to wait.",
)
NO_REPLY_REASON = "No reply from the service after several reminders; the person was offered another option."
SERVICE_CANCEL_REASONS = ("The group has stopped meeting.", "We could not reach the person after three calls.")
FAILED_REASONS = ("Did not come to the first session; calls unanswered.", "Came once then stopped.")
OUTCOMES = (
    "Came every week; made friends in the group.",
    "Benefits check done: now receiving Attendance Allowance.",
    "Completed the course and joined the volunteers.",
    "Feels more confident going out; still comes along.",
    "Debt plan agreed with creditors.",
    "Repairs done after we contacted the landlord.",
    "Attended six sessions; says they sleep better.",
)
CONTACT_FORMS = (
    "Mobile 07700 900{n:03d}",
    "07700 900{n:03d}, best after 2pm",
    "Home phone 0113 496 0{n:03d}",
    "Email: person{n:03d}@example.com",
)
