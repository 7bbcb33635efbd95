"""Ahmed, mid-50s: bereavement, the street and a hospital loop, then daily coordination.

Ahmed's story comes from a national vision paper on multiple needs, where the name is
illustrative. The paper gives no dates, so every date here is invented. Ahmed is not a real person.
"""

from __future__ import annotations

from schemas.journey import Journey, Person
from schemas.vocab import AgeBand, Gender, NeedDomain, Provenance
from timeline.demo._build import AgencyRow, build_agencies, parse_events

KEY = "ahmed"

SUMMARY = (
    "Illustrative story from a national vision paper on multiple needs; the name is illustrative "
    "and every date and event detail is invented, so no real person is shown. After losing his "
    "wife and mother, Ahmed loses his job and home; near-daily 999 calls and self-discharges "
    "follow until a coordinator visits every day and brokers a hostel place with morning support."
)

AGENCIES: tuple[AgencyRow, ...] = (
    ("family", "Family & friends (informal)", "Social", "unknown"),
    ("employer", "Employer (warehouse)", "Employment", "private"),
    ("landlord", "Private landlord", "Housing", "private"),
    ("council", "Council housing options", "Housing", "public"),
    ("outreach", "Street outreach team", "Housing", "voluntary"),
    ("police", "Police", "Police", "public"),
    ("amb", "Ambulance service", "Health", "public"),
    ("hosp", "Hospital (A&E and wards)", "Health", "public"),
    ("gp", "GP practice", "Health", "public"),
    ("panel", "Multi-agency meeting (monthly)", "Social", "public"),
    ("coord", "Care coordinator (multiple needs)", "Social", "voluntary"),
    ("hostel", "Hostel", "Housing", "voluntary"),
    ("asc", "Adult social care", "Social", "public"),
    ("alcohol", "Alcohol team", "Substance misuse", "public"),
    ("dwp", "DWP / Jobcentre Plus", "Money", "public"),
)

PEOPLE = {"A": "Ahmed"}

# Every 999 call in the winter of 2018-19 is listed: the density is the point of the story.
EVENTS = """
# Before: two losses, then the job and the flat
~2018-01-08 | - | A | family | other | Ahmed's wife dies | source=self_report sensitivity=sensitive
    Ahmed's wife died after a short illness.
~2018-01-30 | - | A | family | other | His mother dies | source=self_report sensitivity=sensitive
    His mother died less than a month later. Ahmed began drinking heavily.
2018-02 | - | A | gp | appointment | GP: grief and poor sleep
    The GP offered bereavement counselling details; Ahmed did not feel able to call.
2018-03-05 | - | A | employer | case_closed | Loses his job
    After eleven years at the warehouse, Ahmed was dismissed for missed shifts.
2018-04-03 | - | A | landlord | contact | First rent arrears letter
    Ahmed had stopped opening his post.
2018-05-14 | - | A | landlord | contact | Notice to leave the flat
    The landlord served notice over two months of unpaid rent.
2018-07-16 | - | A | landlord | contact | Possession order granted
    Ahmed did not go to the hearing.
2018-08-06 | - | A | landlord | eviction | Evicted from his flat
    Ahmed left with one bag.
2018-08-06 | 2018-08-20 | A | family | other | Stays with his stepdaughter
    A fortnight on his stepdaughter's sofa; her flat was too small for him to stay.
2018-08-13 | - | A | council | signposted | Housing options: given a list of hostels
    Ahmed was told to ring the hostels himself; none had a bed that week.
# The street
2018-08-20 | 2019-03-11 | A | outreach | rough_sleeping | Sleeping rough in the town centre
    Ahmed slept in shop doorways near where he used to live.
2018-08-29 | - | A | outreach | declined | Says "not right now" to outreach
    Ahmed said he did not want help and asked to be left alone.
2018-09-12 | - | A | police | call_out | Moved on from a shop doorway
    A shopkeeper called 999; officers asked Ahmed to move on.
2018-09-26 | - | A | outreach | declined | Says no to outreach again
    The team left a sleeping bag and their number.
2018-10-03 | - | A | amb | ambulance | Ambulance after a fall
    A passer-by called 999 when Ahmed fell and cut his head.
2018-10-03 | 2018-10-04 | A | hosp | admission | Admitted overnight
    Admitted for a head wound and alcohol withdrawal.
2018-10-04 | - | A | hosp | self_discharge | Leaves hospital early
    Ahmed discharged himself before the ward round and went back to the street.
2018-10-17 | - | A | police | call_out | Moved on by police
    Called by a shop about Ahmed sleeping in its doorway.
2018-10-31 | - | A | outreach | declined | Turns down a hostel place
    Ahmed said a hostel would be too noisy and full of drink.
2018-11-08 | - | A | police | call_out | Moved on by police
    A second shop called 999.
2018-11-14 | - | A | amb | ambulance | Ambulance: found very cold
    A shopkeeper called 999 on a frosty morning.
2018-11-14 | 2018-11-15 | A | hosp | admission | Admitted with low body temperature
    Ahmed was warmed up and started on a withdrawal plan.
2018-11-15 | - | A | hosp | self_discharge | Leaves hospital early
    Ahmed left after one night, before the alcohol nurse could see him.
2018-11-26 | - | A | police | call_out | Moved on by police
    Officers moved Ahmed from a bank's doorway.
2018-12-05 | - | A | outreach | declined | Says no to outreach
    Ahmed took a hot drink but not the offer of a bed.
2018-12-12 | - | A | amb | ambulance | Ambulance after a seizure
    A shopkeeper called 999 when Ahmed had a seizure.
2018-12-12 | 2018-12-14 | A | hosp | admission | Admitted after a seizure
    A withdrawal seizure; the ward planned a slow detox.
2018-12-14 | - | A | hosp | self_discharge | Leaves hospital early
    Ahmed discharged himself on the second day.
2018-12-27 | - | A | police | call_out | Moved on by police
    A shopkeeper called 999 about Ahmed shouting in the street.
2019-01-03 | - | A | police | call_out | Shopkeeper's 999 call
    Officers attended and moved Ahmed on.
2019-01-04 | - | A | amb | ambulance | Ambulance: found collapsed
    Paramedics checked Ahmed; he declined to go to hospital.
2019-01-06 | - | A | police | call_out | Shopkeeper's 999 call
    Officers moved Ahmed on from the same doorway.
2019-01-08 | - | A | amb | ambulance | Ambulance to A&E
    Found unwell outside a shop.
2019-01-08 | - | A | hosp | ae_attendance | A&E attendance
    Treated for a chest infection and alcohol withdrawal.
2019-01-08 | - | A | hosp | signposted | Told to self-refer to the alcohol team
    A&E gave Ahmed a leaflet; no referral was made.
2019-01-10 | - | A | police | call_out | Shopkeeper's 999 call
    Officers moved Ahmed on.
2019-01-12 | - | A | police | call_out | Shopkeeper's 999 call
    Officers moved Ahmed on.
2019-01-14 | - | A | amb | ambulance | Ambulance to hospital
    A shopkeeper found Ahmed unable to stand.
2019-01-14 | - | A | hosp | ae_attendance | A&E attendance
    Seen in A&E and sent to a ward.
2019-01-14 | 2019-01-15 | A | hosp | admission | Admitted with withdrawal
    The ward started a detox plan.
2019-01-15 | - | A | hosp | self_discharge | Leaves hospital early
    Ahmed left the ward the next morning.
2019-01-17 | - | A | police | call_out | Shopkeeper's 999 call
    Officers moved Ahmed on.
2019-01-19 | - | A | amb | ambulance | Ambulance: fall in the street
    Paramedics dressed a cut; Ahmed stayed where he was.
2019-01-21 | - | A | police | call_out | Shopkeeper's 999 call
    Officers moved Ahmed on.
2019-01-23 | - | A | police | call_out | Shopkeeper's 999 call
    A shop called 999 at lunchtime; officers moved Ahmed on.
2019-01-23 | - | A | amb | ambulance | Ambulance the same evening
    Found very cold and confused.
2019-01-25 | - | A | police | call_out | Shopkeeper's 999 call
    Officers moved Ahmed on.
2019-01-28 | - | A | amb | ambulance | Ambulance to hospital
    Found collapsed near the bus station.
2019-01-28 | - | A | hosp | ae_attendance | A&E attendance
    Admitted from A&E.
2019-01-28 | 2019-01-29 | A | hosp | admission | Admitted again
    The fourth admission in four months.
2019-01-29 | - | A | hosp | self_discharge | Leaves hospital early
    Ahmed walked out before the detox could start.
2019-01-30 | - | A | police | call_out | Shopkeeper's 999 call
    Officers moved Ahmed on.
2019-02-01 | - | A | police | call_out | Shopkeeper's 999 call
    Officers moved Ahmed on.
2019-02-04 | - | A | amb | ambulance | Ambulance to A&E
    Found unwell in a doorway.
2019-02-04 | - | A | hosp | ae_attendance | A&E attendance
    Treated and left the same night.
# The turn
2019-02-06 | - | A | panel | referral | Raised at the monthly multi-agency meeting | turning-point
    The hospital's homeless health team asked partners to plan together for Ahmed.
2019-02-07 | 2019-08-30 | A | coord | support | Coordinator visits every day | turning-point
    The same coordinator came each day, whether or not Ahmed wanted to talk.
2019-02-08 | - | A | coord | contact | Shopkeepers given the coordinator's number
    Shops now ring the coordinator instead of 999 when they are worried about Ahmed.
2019-02-21 | - | A | coord | contact | Ahmed talks to the coordinator | little-win
    After two weeks of visits, Ahmed spoke for the first time, about his wife.
2019-02-27 | - | A | hostel | assessment | Hostel agrees to offer a room
    The hostel said yes, if social care gives an hour of support each morning.
2019-03-05 | - | A | asc | assessment | Social care assessment
    The coordinator went with Ahmed so he did not have to tell his story alone.
# After
2019-03-11 | 2019-08-30 | A | hostel | placement | Room at the hostel | little-win
    Ahmed's first night indoors in seven months.
2019-03-11 | 2019-08-30 | A | asc | support | An hour of support each morning
    A support worker helps Ahmed start each day: breakfast, medication, plans.
2019-03-13 | - | A | dwp | contact | Benefit claim made
    The coordinator helped Ahmed claim the benefits he was entitled to.
2019-03-18 | - | A | alcohol | referral | Introduced to the alcohol team
    The coordinator went with Ahmed to meet the team.
2019-03-25 | 2019-08-30 | A | alcohol | support | Alcohol team support
    A plan to cut down safely, at Ahmed's pace.
2019-04-01 | - | A | gp | appointment | Registers with a GP
    The morning support worker went with him.
2019-04-17 | - | A | amb | ambulance | One ambulance call: a fall at the hostel
    Hostel staff called 999 after Ahmed slipped on the stairs.
2019-04-17 | - | A | hosp | discharge | Stays for treatment, then discharged | little-win
    Ahmed stayed until his wrist was X-rayed and went back to the hostel.
2019-05-04 | - | A | family | contact | Stepdaughter visits at the hostel | little-win
    They had tea together in the hostel lounge.
2019-05-13 | - | A | alcohol | assessment | Review: drinking much reduced | little-win
    Three months after the coordinator started, Ahmed is drinking far less.
2019-06-03 | - | A | coord | other | Twelve weeks: no police contact | little-win
    Since moving in: one ambulance call and no police contact.
2019-07 | - | A | hostel | contact | Move-on plan started
    Ahmed and his keyworker began talking about a flat of his own.
2019-08-30 | - | A | coord | contact | Six-month review
    Daily visits step down to weekly; Ahmed knows he can ask for more.
"""


def build_journey() -> Journey:
    """Ahmed's illustrative journey, before and after daily coordination."""
    agencies, codes = build_agencies(AGENCIES)
    ahmed = Person(
        pseudonym="Ahmed",
        age_band=AgeBand.AGE_55_64,
        gender=Gender.MAN,
        needs=(NeedDomain.MENTAL_HEALTH, NeedDomain.SUBSTANCE_USE, NeedDomain.HOMELESSNESS),
    )
    return Journey(
        key=KEY,
        title="Ahmed, mid-50s: from 999 calls to a hostel room",
        summary=SUMMARY,
        provenance=Provenance.ILLUSTRATIVE,
        people=(ahmed,),
        agencies=agencies,
        events=parse_events(EVENTS, agencies=codes, people=PEOPLE),
    )
