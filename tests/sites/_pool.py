"""Word and sentence pool for the generated (scale > 1) articles (data only, all invented)."""

TOWNS = (
    "Ashcombe", "Brindlemoor", "Carrow Vale", "Dunmere", "Eastreach", "Fallowby", "Greywater",
    "Hartsel", "Ivel Cross", "Juniper Bay", "Kestwick", "Larkhollow", "Merrowdale", "Northwold",
    "Osterby", "Pellin", "Quarry End", "Rookhaven", "Stillbrook", "Thornwick Wells", "Umberlee",
    "Vantor", "Westerfold", "Yarrowick", "Zelmora Point", "Alder Rise", "Bramblecote",
    "Coldwater Mill", "Dovecliff", "Elmstead Cross",
)

ORG_KINDS = (
    "District Council", "Water Board", "Harbour Authority", "Rail Trust", "Chamber of Commerce",
    "Heritage Society", "Energy Cooperative", "Hospital Trust", "Schools Board", "Transport Office",
)

PROJECTS = (
    "a new ferry terminal", "a riverside cycle path", "longer library opening hours",
    "a community solar scheme", "a second primary school", "repairs to the sea wall",
    "a weekly farmers' market", "a night bus service", "a heritage trail", "new flood defences",
    "a covered sports hall", "a footbridge over the river", "a public swimming pool",
    "a park-and-ride site", "a youth music programme", "a harbour cleanup",
    "a tree-planting campaign", "free school breakfasts", "a new health centre",
    "a car-free town centre", "a fleet of electric buses", "a repair café",
    "affordable housing on the old mill site", "a museum extension", "a dredging programme",
    "a coastal walking path", "a new fire station", "a district heating network",
    "the restoration of the old town hall", "a community orchard",
)

FIRST_NAMES = (
    "Alma", "Bruno", "Clara", "Dmitri", "Elsa", "Farid", "Greta", "Hugo", "Ilse", "Jonas",
    "Kira", "Lorenz", "Maren", "Nils", "Oona", "Pavel", "Rhea", "Stellan", "Tilde", "Viktor",
)
LAST_NAMES = (
    "Ambry", "Bellweather", "Corvin", "Dray", "Eastlake", "Fenwick", "Galloway", "Hask", "Ingram",
    "Jessop", "Kettering", "Lowry", "Mallory", "Norcott", "Orme", "Pryce", "Quill", "Rainer",
    "Sallow", "Tully",
)
ROLES = (
    "council leader", "project manager", "local shop owner", "retired teacher", "youth worker",
    "chair of the residents' association", "finance director", "civil engineer", "parish councillor",
    "community nurse",
)
GROUPS = (
    "shopkeepers", "parents", "fishing crews", "bus drivers", "farmers", "pensioners",
    "students", "landlords", "cyclists", "market traders",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
MONTHS = ("April", "May", "June", "July", "September", "October", "November")

TITLES = (
    "{Town} council approves {project}",
    "Work begins on {project} in {Town}",
    "{Town} residents asked for views on {project}",
    "{Org} delays {project}",
    "Funding secured for {project} in {Town}",
    "Plans for {project} divide {Town}",
    "{Town} to vote on {project}",
)

LEDES = (
    "{Org} has confirmed plans for {project} in {town}, saying on {weekday} that the scheme was needed to meet growing demand and to replace facilities that had become too small and too expensive to run.",
    "Residents of {town} are being asked for their views on {project}, a proposal that has been discussed for years and that supporters say could change the way the town lives, works and travels.",
    "Work is due to begin on {project} in {town} after {org} approved the final design on {weekday}, ending months of debate about the cost, the location and the timetable for the work.",
    "Plans for {project} in {town} moved a step closer on {weekday}, when {org} voted to release the money needed for detailed designs and a full public consultation later this year.",
)

SENTENCES = (
    "{Org} said on {weekday} that the cost of {project} had risen by {pct} percent since the first estimate.",
    "{person}, a {role} in {town}, said people had waited years for {project} and wanted to see work start soon.",
    "A public meeting in {town} drew about {num} people, many of whom asked about noise, traffic and the timetable.",
    "Critics say the money would be better spent on roads and schools, while supporters argue that the scheme will bring visitors and jobs.",
    "The plans will go on display at the {town} library from {month}, and comments can be left there or sent by post.",
    "Officials expect the first phase to be finished by {month} next year, weather permitting.",
    "According to {org}, around {num} households in {town} and {town2} would benefit directly.",
    "{person} told the meeting that a similar scheme in {town2} had gone over budget and taken twice as long as promised.",
    "The decision follows a consultation that received {num} responses, most of them broadly in favour.",
    "Local {group} have asked for regular updates so they can plan around any disruption.",
    "A survey published last year found that {pct} percent of residents in {town} considered {project} a priority.",
    "Funding comes partly from a regional grant and partly from reserves built up over several years.",
    "{Org} has promised to publish monthly progress reports on its website and at the town hall.",
    "Some {group} said they had not been consulted early enough and wanted changes before anything was built.",
    "The scheme is expected to create about {num} temporary jobs during construction.",
    "{person}, speaking for {org}, said the project would be reviewed once it had been running for a full year.",
    "Neighbouring {town2} is watching closely, as its own council is considering a similar plan.",
    "Work will be carried out in stages to keep disruption to a minimum, with the busiest streets left until the quieter winter months.",
    "A petition opposing the plans has gathered {num} signatures, according to its organisers.",
    "{person} said {town} had changed a great deal in recent years and its public services needed to keep up.",
    "The idea was first proposed more than a decade ago but was shelved twice for lack of money.",
    "Contractors will be chosen through an open tender, with the winning bid announced in {month}.",
    "At a stall outside the market hall on {weekday}, volunteers handed out leaflets explaining the proposals.",
    "Environmental surveys carried out over the winter found no protected species on the site, the report said.",
    "{Org} said prices and opening hours would be set after a further round of consultation.",
    "Several {group} said they supported the idea in principle but were worried about the cost to local taxpayers.",
    "A smaller version of the plan was rejected in {town} six years ago after a dispute over the site.",
    "The final decision rests with the regional planning committee, which meets again in {month}.",
    "{person} described the vote as a turning point and thanked residents for taking part in such large numbers.",
    "Figures presented at the meeting showed that demand had grown by {pct} percent over the past five years.",
    "Visitors to {town} will notice temporary signs and diversions once the work begins.",
    "Opponents have until the end of {month} to lodge formal objections with the planning office.",
    "The local newspaper in {town2} reported that residents there had been asking for {project} of their own.",
    "{Org} estimates that the running costs will be covered within {small} years by savings elsewhere.",
    "Schoolchildren in {town} have been invited to suggest names and designs as part of the project.",
    "{person} said the first weeks would be the hardest, as crews cleared the site and moved underground cables.",
    "Residents who live closest to the site will receive letters explaining what to expect and whom to contact with complaints.",
    "A spokesperson for the regional government said it was following the plans with interest and could offer further support.",
    "The debate in the council chamber lasted nearly {small} hours, and the vote was closer than many had expected.",
    "Traffic counts taken in {month} last year showed about {num} vehicles passing the site on an average weekday.",
    "{person} said the town could not afford to wait another decade and urged {org} to move quickly.",
    "Members of the {town} youth council presented their own proposals, including later opening hours and free use for under-eighteens.",
)
