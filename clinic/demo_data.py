"""The demo network: fictional clinics, people and prices, written for this project.

Any resemblance to a real clinic or clinician is accidental. Phone numbers are in the 555-01xx
range set aside for fiction; email addresses use the reserved .example domain.
"""

import datetime as dt
from decimal import Decimal

DEMO_PASSWORD = "stillwater-demo-2026"  # noqa: S105 - printed by `make run` for the demo logins
DEMO_DOMAIN = "demo.stillwater.example"


def demo_totp_secret(email: str) -> str:
    """The demo staff's authenticator secret, derived from the address (demo only!): add it to
    an authenticator app, or read today's code with `manage.py demo_code <email>`."""
    import base64
    import hashlib

    digest = hashlib.sha256(f"stillwater-demo:{email}".encode()).digest()[:20]
    return base64.b32encode(digest).decode()


BRANDS = [
    {
        "slug": "arroyo-wellness",
        "name": "Arroyo Wellness",
        "tagline": "Unhurried care in the San Gabriel Valley",
    },
    {
        "slug": "prairie-light",
        "name": "Prairie Light Health",
        "tagline": "Pain and mood care for North Texas",
    },
    {
        "slug": "desert-bloom",
        "name": "Desert Bloom Clinics",
        "tagline": "Infusion care under the Arizona sun",
    },
]

_WEEKDAYS = range(0, 5)

CLINICS = [
    {
        "slug": "arroyo-pasadena",
        "brand": "arroyo-wellness",
        "name": "Arroyo Ketamine & Pain Center",
        "street": "1740 Linden Grove Ave, Suite 200",
        "city": "Pasadena",
        "state": "CA",
        "zip_code": "91101",
        "phone": "+16265550142",
        "email": f"hello.pasadena@{DEMO_DOMAIN}",
        "time_zone": "America/Los_Angeles",
        "short_description": "A quiet second-floor clinic near the Gold Line with six private infusion "
        "bays, for chronic pain, CRPS and treatment-resistant depression.",
        "long_description": "Every new patient starts with a consultation with one of our physicians, "
        "who reads through your records before you arrive.\n\nInfusions run in private bays with "
        "reclining chairs, blankets and your own music. A nurse stays with you for the whole "
        "infusion and the rest afterwards. Free parking is behind the building.",
        # A split day: the clinic closes for lunch.
        "hours": [(day, "08:00", "12:00") for day in _WEEKDAYS]
        + [(day, "13:00", "18:00") for day in _WEEKDAYS]
        + [(5, "09:00", "13:00")],
        "chairs": ["Bay 1", "Bay 2", "Bay 3", "Bay 4", "Bay 5", "Bay 6"],
        "services": [
            ("consultation", "consultation-in-person", "Initial consultation", "in_person", 45, 0, "0", "Meet a physician, go through your history and goals, and find out whether infusions suit you."),
            ("consultation", "consultation-video", "Initial consultation by video", "video", 45, 0, "0", "The same first consultation from home, on a secure video call."),
            ("infusion", "iv-ketamine-infusion", "IV ketamine infusion", "in_person", 50, 40, "495", "A single infusion, usually one of a series of six."),
            ("infusion", "pain-protocol-infusion", "Extended pain infusion", "in_person", 240, 60, "950", "A longer, lower-rate infusion used for some pain conditions such as CRPS."),
            ("booster", "booster-infusion", "Booster infusion", "in_person", 50, 40, "450", "A single infusion for patients who finished a series and whose relief is fading."),
            ("follow_up", "follow-up-visit", "Follow-up visit", "video", 20, 0, "75", "A check-in with your physician between or after infusions."),
            ("esketamine", "esketamine-session", "Esketamine (Spravato) session", "in_person", 15, 120, "350", "Nasal spray given at the clinic, then two hours of observation."),
        ],
        "packages": [
            ("iv-ketamine-infusion", "Six-infusion series", 6, "2520"),
            ("pain-protocol-infusion", "Five-day pain protocol", 5, "4200"),
        ],
        "staff": [
            ("manager.pasadena", "Renata Okafor", "clinic_manager", "", "Clinic manager", "Renata has run outpatient clinics for fifteen years and answers the phone herself more often than you would expect."),
            ("physician.pasadena", "Dr. Elias Moreau", "physician", "MD", "Medical director, anesthesiologist", "Board-certified in anesthesiology and pain medicine, Dr. Moreau has led the clinic's infusion protocols since it opened."),
            ("physician2.pasadena", "Dr. Priya Venkataraman", "physician", "DO", "Physician, psychiatry", "Dr. Venkataraman sees patients whose pain comes with depression or PTSD and coordinates with their therapists."),
            ("crna.pasadena", "Tomás Lindqvist", "nurse", "CRNA", "Nurse anesthetist", "Tomás starts and watches over infusions and likes to explain every number on the monitor."),
            ("nurse.pasadena", "Grace Whitfield", "nurse", "RN", "Infusion nurse", "Grace has been an ICU and recovery-room nurse and now looks after patients in the infusion bays."),
            ("frontdesk.pasadena", "Marcus Bell", "front_desk", "", "Patient coordinator", ""),
        ],
    },
    {
        "slug": "prairie-light-allen",
        "brand": "prairie-light",
        "name": "Prairie Light Infusion Clinic",
        "street": "905 Meadowlark Commons Dr",
        "city": "Allen",
        "state": "TX",
        "zip_code": "75013",
        "phone": "+14695550187",
        "email": f"care.allen@{DEMO_DOMAIN}",
        "time_zone": "America/Chicago",
        "short_description": "A family-run clinic in Allen offering infusions for chronic pain and mood, "
        "with early-morning appointments before work.",
        "long_description": "We open at 7:30 so that patients can finish an infusion and its rest "
        "period before lunch. Our four chairs face a garden courtyard.\n\nWe see adults of every "
        "age, including many veterans; ask the front desk about payment plans.",
        "hours": [(day, "07:30", "17:30") for day in range(0, 4)] + [(4, "07:30", "15:00")],
        "chairs": ["Chair A", "Chair B", "Chair C", "Chair D"],
        "services": [
            ("consultation", "consultation-in-person", "Initial consultation", "in_person", 60, 0, "150", "A full hour with a physician; the fee counts towards your first infusion."),
            ("consultation", "consultation-video", "Initial consultation by video", "video", 45, 0, "150", "The first consultation over secure video."),
            ("infusion", "iv-ketamine-infusion", "IV ketamine infusion", "in_person", 45, 45, "550", "A single infusion, usually one of a series of six."),
            ("booster", "booster-infusion", "Booster infusion", "in_person", 45, 45, "500", "One infusion to top up the effect of a finished series."),
            ("follow_up", "follow-up-visit", "Follow-up visit", "in_person", 20, 0, "0", "A short check-in with your physician, free during a series."),
        ],
        "packages": [
            ("iv-ketamine-infusion", "Six-infusion series", 6, "2850"),
            ("booster-infusion", "Three boosters", 3, "1350"),
        ],
        "staff": [
            ("manager.allen", "Dolores Hutchins", "clinic_manager", "", "Clinic manager", "Dolores keeps the schedule, the payment plans and the coffee going."),
            ("physician.allen", "Dr. Samuel Adeyemi", "physician", "MD", "Medical director", "An anesthesiologist who spent a decade in hospital pain services before opening Prairie Light."),
            ("nurse.allen", "Hannah Kowalczyk", "nurse", "RN", "Infusion nurse", "Hannah is the calm voice in the infusion room and the one who calls you the next day."),
            ("frontdesk.allen", "Luis Carrasco", "front_desk", "", "Front desk", ""),
        ],
    },
    {
        "slug": "desert-bloom-scottsdale",
        "brand": "desert-bloom",
        "name": "Desert Bloom Pain & Infusion",
        "street": "7120 Ocotillo Bend Rd, Suite 4",
        "city": "Scottsdale",
        "state": "AZ",
        "zip_code": "85251",
        "phone": "+14805550163",
        "email": f"team.scottsdale@{DEMO_DOMAIN}",
        "time_zone": "America/Phoenix",
        "short_description": "Infusions for chronic pain, migraine and depression in Scottsdale, "
        "including Sunday hours for people who cannot take time off work.",
        "long_description": "Arizona keeps the same clock all year, and so do we: our hours never "
        "shift with daylight saving time.\n\nWe have three infusion chairs and one quiet room for "
        "longer pain protocols.",
        "hours": [(day, "08:00", "17:00") for day in range(0, 5)] + [(6, "10:00", "14:00")],
        "chairs": ["Chair 1", "Chair 2", "Chair 3", "Quiet room"],
        "services": [
            ("consultation", "consultation-in-person", "Initial consultation", "in_person", 45, 0, "99", "A first visit with a physician to talk through your history and options."),
            ("infusion", "iv-ketamine-infusion", "IV ketamine infusion", "in_person", 55, 30, "475", "A single infusion, usually one of a series of six."),
            ("infusion", "pain-protocol-infusion", "Extended pain infusion", "in_person", 180, 60, "875", "A longer infusion for some chronic pain conditions, in the quiet room."),
            ("booster", "booster-infusion", "Booster infusion", "in_person", 55, 30, "450", "One infusion when the benefit of your series begins to fade."),
            ("follow_up", "follow-up-visit", "Follow-up visit", "video", 20, 0, "60", "A short video check-in with your physician."),
        ],
        "packages": [
            ("iv-ketamine-infusion", "Six-infusion series", 6, "2565"),
        ],
        "staff": [
            ("manager.scottsdale", "Yvonne Castellanos", "clinic_manager", "", "Clinic manager", "Yvonne came to clinic management from twenty years of hospital nursing."),
            ("physician.scottsdale", "Dr. Nathaniel Brooks", "physician", "DO", "Physician, pain medicine", "Dr. Brooks treats migraine and back pain and runs the clinic's extended infusions."),
            ("np.scottsdale", "Imani Fairbanks", "nurse", "NP", "Nurse practitioner", "Imani sees patients for follow-up visits and monitors infusions."),
            ("frontdesk.scottsdale", "Caleb Nguyen", "front_desk", "", "Front desk", ""),
        ],
    },
]  # fmt: skip

# Holidays the demo clinics close for, in each clinic's own calendar.
CLOSURES = [
    (dt.date(2026, 11, 26), "Thanksgiving Day"),
    (dt.date(2026, 12, 25), "Christmas Day"),
    (dt.date(2027, 1, 1), "New Year's Day"),
    (dt.date(2027, 5, 31), "Memorial Day"),
    (dt.date(2027, 7, 5), "Independence Day (observed)"),
]

# (slug, name, mental health?, clinics that treat it: "*" for every demo clinic)
CONDITIONS = [
    ("neuropathic-pain", "Neuropathic pain", False, "*"),
    ("fibromyalgia", "Fibromyalgia", False, "*"),
    ("crps", "Complex regional pain syndrome (CRPS)", False, "*"),
    ("migraine", "Migraine", False, "*"),
    ("cluster-headache", "Cluster headache", False, ["arroyo-pasadena", "desert-bloom-scottsdale"]),
    ("arthritis", "Arthritis", False, ["arroyo-pasadena", "prairie-light-allen"]),
    ("chronic-back-pain", "Chronic back pain", False, "*"),
    ("phantom-limb-pain", "Phantom limb pain", False, ["arroyo-pasadena"]),
    (
        "cancer-related-pain",
        "Cancer-related pain",
        False,
        ["arroyo-pasadena", "desert-bloom-scottsdale"],
    ),
    ("depression", "Depression", True, "*"),
    ("anxiety", "Anxiety", True, ["arroyo-pasadena", "prairie-light-allen"]),
    ("ptsd", "Post-traumatic stress disorder (PTSD)", True, "*"),
    ("ocd", "Obsessive-compulsive disorder (OCD)", True, ["arroyo-pasadena"]),
]

NETWORK_USERS = [
    ("admin", "Network", "Admin", "Network admin"),
    ("marketer", "Maya", "Ellison", "Marketer"),
]


def money(value: str) -> Decimal:
    return Decimal(value)
