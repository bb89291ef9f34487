"""The words the suggestion rules know, as plain data a reader can check and extend.

Each list says what a rule looks for; the rules themselves (dates.py, actors.py,
claims.py) say how. English only.
"""

from __future__ import annotations

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PARTS_OF_DAY = ("morning", "afternoon", "evening", "night")
#: words before a month or weekday that make it a date ("last September", "late Wednesday")
DATE_MODIFIERS = ("last", "this", "next", "early", "late", "mid", "mid-", "earlier this", "later this")
#: a four-digit number is a year after one of these ("in 2019", "since 2020")
YEAR_CUES = (
    "in", "since", "by", "until", "till", "from", "of", "during", "before", "after", "early",
    "late", "mid", "mid-", "through", "between", "and", "to", "or", "year", "fiscal", "around",
    "circa", "spring", "summer", "autumn", "fall", "winter",
)
#: relative periods: "this week", "last year", "in recent years"
PERIODS = ("week", "weekend", "month", "year", "quarter", "decade", "season", "century")

#: titles that start a person's name ("General Francis L. Donovan", "Dr. Miriam Holt");
#: a title is part of the actor's span
TITLES = (
    "General", "Gen.", "Lieutenant General", "Lt. Gen.", "Major General", "Maj. Gen.",
    "Brigadier General", "Brig. Gen.", "Admiral", "Adm.", "Vice Admiral", "Rear Admiral",
    "Colonel", "Col.", "Lt. Col.", "Major", "Maj.", "Captain", "Capt.", "Lieutenant", "Lt.",
    "Sergeant", "Sgt.", "Commander", "Cmdr.", "Chief", "Marshal",
    "President", "Vice President", "Prime Minister", "Minister", "Deputy Minister",
    "Secretary", "Deputy Secretary", "Undersecretary", "Under Secretary", "Ambassador",
    "Senator", "Sen.", "Representative", "Rep.", "Congressman", "Congresswoman",
    "Governor", "Gov.", "Lieutenant Governor", "Lt. Gov.", "Mayor", "Councilman",
    "Councilwoman", "Councillor", "Councilor", "Chancellor", "King", "Queen", "Prince",
    "Princess", "Pope", "Bishop", "Archbishop", "Cardinal", "Rabbi", "Imam", "Reverend", "Rev.",
    "Judge", "Justice", "Chief Justice", "Magistrate", "Attorney General", "Prosecutor",
    "Dr.", "Dr", "Doctor", "Prof.", "Professor", "Mr.", "Mrs.", "Ms.", "Miss", "Mx.", "Sir", "Dame",
    "Lord", "Lady", "Officer", "Detective", "Inspector", "Sheriff", "Deputy", "Director",
    "Commissioner", "Superintendent", "Chairman", "Chairwoman", "Chair", "CEO", "Speaker",
    "Manager", "Councillor", "Alderman", "Alderwoman", "Clerk", "Auditor", "Treasurer", "Registrar",
)
#: words that make a run of capitalised words an organisation or institution
ORGANISATION_WORDS = (
    "Administration", "Agency", "Army", "Assembly", "Association", "Authority", "Bank",
    "Board", "Bureau", "Cabinet", "Center", "Centre", "Chamber", "Church", "Clinic",
    "Coalition", "College", "Command", "Commission", "Committee", "Company", "Congress",
    "Corporation", "Corp.", "Council", "Court", "Department", "Directorate", "Division",
    "Embassy", "Federation", "Force", "Forces", "Foundation", "Front", "Fund", "Government",
    "Group", "Guard", "Hospital", "Inc.", "Institute", "Institution", "League", "Legislature",
    "Ltd.", "LLC", "Marines", "Ministry", "Movement", "Navy", "Network", "Office",
    "Organization", "Organisation", "Parliament", "Party", "Police", "Presidency", "Program",
    "Programme", "Prosecutor's Office", "Secretariat", "Senate", "Service", "Services",
    "Society", "Squad", "Tribunal", "Trust", "Union", "University", "Unit", "System",
    "Systems", "Caucus", "Federation", "Council", "Panel",
)
#: the last word of a company's name ("Penrose Polymers", "Harwell Engineering")
COMPANY_WORDS = (
    "Polymers", "Engineering", "Minerals", "Industries", "Holdings", "Partners", "Labs",
    "Laboratories", "Communications", "Media", "Energy", "Pharmaceuticals", "Technologies",
    "Solutions", "Airlines", "Motors", "Chemicals", "Capital", "Ventures", "Inc", "Inc.", "Corp",
    "Corp.", "Co.", "Ltd", "Ltd.", "LLC", "PLC", "Group", "Company", "Corporation", "Lines",
    "Freight", "Shipping", "Logistics", "Transport", "Airways", "Railway", "Railways", "Foods",
    "Brands", "Insurance", "Financial", "Mining", "Steel", "Oil", "Power", "Electric",
    "Telecom", "Software", "Pharma", "Bancorp", "Motors", "Press", "Publishing", "Studios",
)
#: what a country or a leader has that acts: "Ecuador's armed forces", "the Trump administration"
NATIONAL_INSTITUTIONS = (
    "armed forces", "security forces", "military", "government", "presidency", "administration",
    "army", "navy", "air force", "police", "forces", "ministry", "cabinet", "parliament",
    "congress", "embassy", "coast guard", "national guard",
)
#: institutions known by one word
ONE_WORD_INSTITUTIONS = ("Pentagon", "Kremlin", "Interpol", "Europol", "Vatican")
#: two-word institutions whose words are not organisation words
KNOWN_INSTITUTIONS = ("White House", "Downing Street", "State Department", "Supreme Court")
#: Spanish, Portuguese, French and Italian articles that start a group's name ("Los Lobos")
GROUP_ARTICLES = ("Los", "Las", "La", "El", "Les", "Le", "Os", "As", "Il")
#: capitalised words that are never part of an actor's name on their own
NOT_NAMES = (
    "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "In", "On", "At", "By",
    "For", "From", "With", "Without", "Despite", "After", "Before", "During", "Since", "Until",
    "While", "When", "Where", "What", "Why", "How", "Who", "Whom", "Which", "However", "But",
    "And", "Or", "Nor", "So", "Yet", "If", "Although", "Though", "Because", "As", "Both",
    "Each", "Every", "All", "Some", "Many", "Most", "Several", "Two", "Three", "One", "Few",
    "No", "Not", "Also", "Meanwhile", "Still", "Then", "There", "Here", "He", "She", "They",
    "We", "I", "You", "His", "Her", "Their", "Our", "My", "Your", "Mr", "Mrs", "Ms",
    "Officials", "Authorities", "Participants", "Sources", "Experts", "Analysts", "Critics",
    "Residents", "Witnesses", "Police", "Government", "Military", "Operation", "Part",
    "According", "Limited", "Focus", "Cooperation", "Other", "Such", "Another", "Further",
    "Today", "Yesterday", "Tomorrow", "Chapter", "Section", "Figure", "Table", "Note",
    "Press", "Release", "Contact", "Media", "Update", "Editor", "Transcript", "Q", "Yes",
    "Thank", "Thanks", "Good", "Well", "Okay", "OK", "Let", "Now", "Our", "Just", "Please",
    "Madam", "Present", "Witnesses", "Last", "Next", "Early", "Late", "Asked", "Said", "About",
    "Could", "Would", "Should", "Can", "Will", "Did", "Does", "Do", "Is", "Are", "Was", "Were",
    "Has", "Have", "Had", "Might", "Must", "Shall", "Later", "Earlier", "Afterwards", "Instead",
    "Between", "Under", "Over", "Among", "Against", "Through", "Within", "Across", "Around", "Hearing", "Democrat", "Republican", "State", "Federal", "National",
)
#: places and regions: a capitalised run made only of these is a place, not an actor
PLACE_WORDS = (
    "America", "Americas", "Latin", "North", "South", "East", "West", "Central", "Eastern",
    "Western", "Northern", "Southern", "Pacific", "Atlantic", "Caribbean", "Hemisphere",
    "Europe", "Asia", "Africa", "Middle", "Gulf", "Sea", "Ocean", "River", "Valley",
    "Mountains", "Island", "Islands", "Coast", "Street", "Avenue", "Road", "Square", "Palace",
    "Park", "Bay", "Lake", "County", "Province", "State", "City", "Region", "District",
    "Falls", "Hollow", "Creek", "Springs", "Heights", "Hills", "Ridge", "Harbor", "Harbour",
    "Bridge", "Village", "Township", "Town", "Junction", "Crossing", "Valley", "Road", "Plant",
    "Site", "Mill", "Mills", "Forest", "Canyon", "Desert", "Peninsula", "Quay", "Estuary",
    "Wharf", "Docks", "Marina", "Cove", "Cape", "Fjord", "Glen", "Moor", "Fields", "Airport",
)
#: nationality and place adjectives before a title ("Ecuadorian President Daniel Noboa")
#: are not part of the name; a run of capitalised words ending in "ese", "ian", "ish" or
#: "an" before a title counts as one too
#: reporting verbs, in every form a rule matches: "said", "says", "saying" ...
REPORTING_VERBS = (
    "say", "says", "said", "saying", "state", "states", "stated", "tell", "tells", "told",
    "argue", "argues", "argued", "warn", "warns", "warned", "deny", "denies", "denied",
    "claim", "claims", "claimed", "add", "adds", "added", "note", "notes", "noted",
    "emphasize", "emphasizes", "emphasized", "emphasise", "emphasises", "emphasised",
    "stress", "stresses", "stressed", "insist", "insists", "insisted", "indicate",
    "indicates", "indicated", "announce", "announces", "announced", "acknowledge",
    "acknowledges", "acknowledged", "admit", "admits", "admitted", "confirm", "confirms",
    "confirmed", "assert", "asserts", "asserted", "contend", "contends", "contended",
    "maintain", "maintains", "maintained", "suggest", "suggests", "suggested", "predict",
    "predicts", "predicted", "estimate", "estimates", "estimated", "report", "reports",
    "reported", "allege", "alleges", "alleged", "believe", "believes", "believed", "think",
    "thinks", "thought", "describe", "describes", "described", "explain", "explains",
    "explained", "write", "writes", "wrote", "testify", "testifies", "testified", "promise",
    "promises", "promised", "pledge", "pledges", "pledged", "vow", "vows", "vowed", "dispute",
    "disputes", "disputed", "reject", "rejects", "rejected", "concede", "concedes",
    "conceded", "recall", "recalls", "recalled", "caution", "cautions", "cautioned",
    "declare", "declares", "declared", "highlight", "highlights", "highlighted", "express",
    "expressed", "expresses", "call", "called", "calls", "praise", "praised", "praises",
    "reveal", "revealed", "reveals", "observe", "observed", "observes", "accuse", "accused",
    "accuses", "conclude", "concluded", "concludes", "find", "found", "finds",
)
#: phrases that name the source after them: "according to X", "in a statement from X"
SOURCE_PHRASES = ("according to", "as reported by", "in the words of", "per")
#: pronouns and descriptions that stand for an entity named earlier
SPEAKER_PRONOUNS = ("he", "she", "they", "it")
#: heads of a description that can stand for a named organisation ("the ministry")
DESCRIPTION_HEADS = (
    "ministry", "department", "agency", "command", "military command", "court", "committee",
    "commission", "council", "company", "government", "office", "administration", "board",
    "bureau", "university", "institute", "hospital", "police", "army", "navy", "presidency",
    "statement", "group", "organization", "organisation", "party", "union", "foundation",
    "authority", "service", "firm", "lab", "laboratory", "center", "coalition", "system",
    "judge", "association", "foundation", "legislature", "senator",
)
