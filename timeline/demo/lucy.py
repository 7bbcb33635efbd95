"""Lucy, 24: custody, breaches and evictions, then a link worker (illustrative).

Lucy's story comes from a national vision paper on multiple needs, where the name is illustrative.
The paper gives no dates, so every date here is invented; approximate and month dates mark where
even the invented story would be vague. Lucy is not a real person.
"""

from __future__ import annotations

from schemas.journey import Journey, Person
from schemas.vocab import AgeBand, Gender, NeedDomain, Provenance
from timeline.demo._build import AgencyRow, build_agencies, parse_events

KEY = "lucy"

SUMMARY = (
    "Illustrative story from a national vision paper on multiple needs; the name is illustrative "
    "and every date and event detail is invented, so no real person is shown. Lucy cycles through "
    "arrests, breaches, short sentences and evictions until, on release, a link worker jointly "
    "commissioned by the council, probation and the NHS helps her into stable support. Before the "
    "timeline starts: abused in childhood and taken into care; she left care at 18 without "
    "qualifications, already using heroin and crack."
)

AGENCIES: tuple[AgencyRow, ...] = (
    ("friends", "Family & friends (informal)", "Social", "unknown"),
    ("gp", "GP practice", "Health", "public"),
    ("cmht", "Community mental health team", "Mental health", "public"),
    ("police", "Police", "Police", "public"),
    ("court", "Magistrates' court", "Justice", "public"),
    ("prison", "HMP (local prison)", "Justice", "public"),
    ("prob", "Probation Service", "Probation", "public"),
    ("drug", "Drug & alcohol service", "Substance misuse", "voluntary"),
    ("hostel", "Hostel (accommodation project)", "Housing", "voluntary"),
    ("refuge", "Women's refuge", "Domestic abuse", "voluntary"),
    ("outreach", "Street outreach team", "Housing", "voluntary"),
    ("dwp", "DWP / Jobcentre Plus", "Money", "public"),
    ("link", "Link worker (joint council/probation/NHS)", "Social", "public"),
    ("supp", "Supported housing project", "Housing", "voluntary"),
)

PEOPLE = {"L": "Lucy"}

EVENTS = """
# Background (childhood and leaving care are told in the summary, not drawn)
2016-03 | - | L | gp | appointment | GP: depression and anxiety
    Lucy told the GP about low mood and panic; she was offered a follow-up.
~2016-11-14 | 2017-01-09 | L | friends | other | Sofa-surfing with friends
    Lucy moved between friends' sofas, a few nights at a time.
# 2017: the revolving door
2017-01-09 | 2017-03-20 | L | hostel | placement | Room at a hostel
    An accommodation project gave Lucy a room with a keyworker.
2017-01-23 | - | L | police | arrest | Arrested for shoplifting
    Lucy was shoplifting to pay for the drugs she depended on.
2017-01-24 | - | L | court | court | First court hearing: shoplifting
    Magistrates asked probation for a report before sentencing.
2017-02-06 | - | L | gp | referral | GP refers Lucy to mental health team
    The GP asked the team to assess Lucy's depression and anxiety.
2017-02-20 | - | L | prob | assessment | Probation report for court
    Lucy told the officer she wanted help with her drug use.
2017-03-06 | 2018-03-05 | L | prob | order | Drug rehabilitation requirement
    A twelve-month order: drug treatment and regular testing.
2017-03-08 | 2017-08-14 | L | drug | support | Drug treatment under the order
    Weekly keywork and tests at the drug and alcohol service.
2017-03-13 | - | L | cmht | declined | Mental health team: threshold not met
    The team said Lucy had no severe diagnosis and closed the referral.
2017-03-20 | - | L | hostel | eviction | Evicted from the hostel
    Lucy lost her room after using on site.
~2017-03-20 | 2017-04-03 | L | outreach | rough_sleeping | Sleeping rough
    About two weeks on the streets; outreach found her a refuge place.
2017-04-03 | 2017-06-26 | L | refuge | placement | Women's refuge
    A safe room, and staff who were women.
2017-04-18 | - | L | drug | missed_appointment | Drug tests missed
    Lucy missed two tests in a row.
2017-05-02 | - | L | prob | breach | Order breached: missed tests
    Probation returned the order to court.
2017-05-16 | - | L | court | court | Court: order continues, with a warning
    Magistrates added extra appointments to the order.
2017-05-30 | - | L | gp | case_closed | Removed from GP practice list | sensitivity=sensitive
    After an angry exchange at reception, the practice removed Lucy from its list.
2017-06-12 | - | L | police | arrest | Arrested after a street robbery
    Lucy took a phone from a woman in the street.
2017-06-13 | - | L | court | court | Court: bailed to the refuge address
    The case was adjourned.
2017-06-26 | - | L | refuge | eviction | Asked to leave the refuge
    The refuge ended Lucy's place after a visitor brought drugs in.
~2017-06-26 | 2017-07-10 | L | friends | other | Sofa-surfing again
    A friend's sofa for about two weeks.
2017-07-10 | 2017-08-14 | L | hostel | placement | Hostel place
    Another accommodation project took Lucy in.
2017-07-25 | - | L | prob | breach | Order breached again
    Lucy missed appointments after losing the refuge place.
2017-08-14 | - | L | court | court | Sentenced for robbery and the breach
    Magistrates gave a short prison sentence.
2017-08-14 | 2017-10-02 | L | prison | custody | Short prison sentence
    Seven weeks in prison; the hostel place ended.
2017-10-02 | - | L | prison | release | Released with nowhere to go
    Lucy left prison with a discharge grant and no address.
2017-10-02 | 2017-10-16 | L | outreach | rough_sleeping | Sleeping rough after release
    Outreach found Lucy in a doorway and looked for a bed.
2017-10-09 | - | L | dwp | declined | Benefit claim stalls without ID
    The claim could not go ahead until Lucy could prove who she was.
2017-10-16 | 2017-11-27 | L | hostel | placement | Hostel place
    A room at a mixed hostel.
2017-11-27 | - | L | hostel | eviction | Evicted from the hostel
    Lucy's third eviction in eight months, after rent arrears and an argument.
~2017-11-27 | 2017-12-11 | L | outreach | rough_sleeping | Sleeping rough
    Outreach saw Lucy most nights.
2017-12-11 | - | L | police | arrest | Arrested for shoplifting
    Lucy was arrested while still on licence from her last sentence.
2017-12-12 | - | L | court | court | Court: sentenced again
    A further short sentence for shoplifting.
2017-12-12 | 2018-02-19 | L | prison | custody | Back in prison
    Ten weeks after her last release.
2018-01 | 2018-02-19 | L | prison | support | Prison drug treatment
    Lucy started a methadone script with the prison healthcare team.
2018-02-12 | - | L | link | referral | Referred to a link worker | turning-point
    Before release, probation referred Lucy to a link worker funded by council, probation and NHS.
2018-02-19 | - | L | prison | release | Released
    This time someone was waiting to meet her.
# 2018: a different kind of help
2018-02-19 | 2019-02-18 | L | link | support | Link worker support | turning-point
    One worker who stays with Lucy across housing, health and benefits.
2018-02-19 | 2018-03-26 | L | refuge | placement | Refuge bed
    The link worker found Lucy a refuge bed on the day of release.
2018-02-20 | - | L | link | contact | Link worker meets Lucy at the refuge
    They agreed what mattered most to Lucy: somewhere safe, money, a doctor.
2018-02-26 | - | L | dwp | contact | Benefits sorted with the link worker | little-win
    The link worker helped Lucy prove her identity and get her claim paid.
2018-03-12 | - | L | gp | appointment | New GP, with the link worker there | little-win
    Lucy registered at a new practice; the link worker went with her.
2018-03-12 | - | L | gp | referral | Antidepressants and counselling
    The GP started antidepressants and referred Lucy for counselling.
2018-03-19 | 2019-02-18 | L | drug | support | Back in drug treatment
    Lucy kept her methadone script going and sees a keyworker each week.
2018-03-26 | 2019-02-18 | L | supp | placement | Supported accommodation
    Housing Benefit in place meant the project could offer Lucy a flat.
2018-04-09 | 2018-07-02 | L | gp | support | Counselling sessions
    Twelve sessions with a counsellor, a woman, as Lucy asked.
~2018-05-14 | - | L | friends | contact | Back in touch with her Nan | little-win
    Lucy phoned her Nan for the first time in years, and they now meet for tea.
2018-06 | - | L | prob | contact | Licence supervision going well
    Lucy has kept every probation appointment since release.
2018-08-20 | - | L | link | other | Six months: no police or court contact | little-win
    Lucy has not reoffended since release.
2018-10 | - | L | supp | contact | Tenancy skills course
    Lucy joined a course on running a home.
2019-01 | - | L | drug | contact | Script reduced, at her own pace | little-win
    Lucy and her keyworker agreed a slow reduction.
2019-02-18 | - | L | link | case_closed | Planned review with the link worker
    Support steps down; Lucy knows she can come back at any time.
"""


def build_journey() -> Journey:
    """Lucy's illustrative journey, before and after her link worker."""
    agencies, codes = build_agencies(AGENCIES)
    lucy = Person(
        pseudonym="Lucy",
        age_band=AgeBand.AGE_18_24,
        gender=Gender.WOMAN,
        needs=(
            NeedDomain.TRAUMA,
            NeedDomain.SUBSTANCE_USE,
            NeedDomain.MENTAL_HEALTH,
            NeedDomain.OFFENDING,
            NeedDomain.HOMELESSNESS,
        ),
    )
    return Journey(
        key=KEY,
        title="Lucy, 24: from revolving door to a link worker",
        summary=SUMMARY,
        provenance=Provenance.ILLUSTRATIVE,
        people=(lucy,),
        agencies=agencies,
        events=parse_events(EVENTS, agencies=codes, people=PEOPLE),
    )
