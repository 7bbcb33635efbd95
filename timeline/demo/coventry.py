"""The Coventry couple: a household in contact with 24 agencies over 700 days (illustrative).

The agencies, their sectors and types are the lanes of the published Coventry multiple complex
needs case study. The published chart gives no contact dates, so every event here is invented to
show the kind of journey such a chart describes. Sam and Jo are not real people.
"""

from __future__ import annotations

from schemas.journey import Journey, Person
from schemas.vocab import AgeBand, Gender, NeedDomain, Provenance
from timeline.demo._build import AgencyRow, build_agencies, parse_events

KEY = "coventry-couple"

SUMMARY = (
    "Illustrative case study: all dates and events are invented for illustration, built on the "
    "published list of 24 agencies from the Coventry multiple complex needs case study. Sam and "
    "Jo are not real people and no real person's data is used. A young couple lose their flat "
    "after a benefit sanction, live apart in hostels for a year, and move into a flat together."
)

AGENCIES: tuple[AgencyRow, ...] = (
    ("sherb", "Sherbourne Fields", "Training", "public"),
    ("evo3", "Evolution 3", "Training", "voluntary"),
    ("nhs", "Hospital/GP/NHS", "Health", "public"),
    ("wmp", "West Midlands Police", "Police", "public"),
    ("wmfs", "West Midlands Fire Service", "Fire", "public"),
    ("food", "Foodbank", "Food", "voluntary"),
    ("cyren", "Cyrenians", "Housing", "voluntary"),
    ("valley", "Valley House", "Housing", "voluntary"),
    ("place", "Placements Team", "Housing", "public"),
    ("salv", "Salvation Army Lifehouse", "Housing", "voluntary"),
    ("foyer", "The Foyer", "Housing", "voluntary"),
    ("basil", "St Basil", "Housing", "voluntary"),
    ("whf", "Whitefriars Housing/Caradoc Court", "Housing", "public"),
    ("hb", "Housing Benefits", "Housing", "public"),
    (
        "social",
        "Social Care (Children's, Adults, All Ages Disability, MASH, CLDT)",
        "Social",
        "public",
    ),
    ("newf", "Newfield Trust", "Money", "voluntary"),
    ("conc", "Concentrix", "Money", "private"),
    ("rbs", "Royal Bank of Scotland", "Money", "private"),
    ("stw", "Severn Trent Water Big Difference Scheme", "Money", "voluntary"),
    ("court", "Justice System (Courts)", "Money", "public"),
    ("dwp", "DWP / Job Centre Plus (Benefits including JSA, ESA, IS, PIP)", "Money", "public"),
    ("law", "Coventry Law Centre", "Advice", "voluntary"),
    ("grape", "Grapevine", "Advice", "voluntary"),
    ("cab", "Citizens Advice Bureau (CAB)", "Advice", "voluntary"),
)

PEOPLE = {"S": "Sam", "J": "Jo"}

EVENTS = """
# Winter 2014-15: a sanction, and the rent stops being paid
2014-11-17 | 2015-03-06 | SJ | whf | tenancy | Whitefriars flat (tenancy began earlier)
    The couple's one-bedroom flat. The tenancy began before this chart starts.
2014-11-17 | - | S | dwp | benefit_sanction | JSA sanctioned for a missed appointment
    Sam's Jobseeker's Allowance stopped for four weeks; the letter had not made sense to him.
2014-11-19 | - | SJ | hb | contact | Housing Benefit suspended
    Housing Benefit was suspended automatically when the JSA claim stopped.
2014-11-24 | - | SJ | cab | appointment | CAB drop-in about the sanction
    An adviser explained the sanction and how to ask DWP to look at it again.
2014-11-24 | - | SJ | food | contact | First foodbank parcel
    A voucher from CAB gave the couple three days of food.
2014-11-28 | - | S | dwp | contact | Asks DWP to reconsider the sanction
    With CAB's help Sam asked for a mandatory reconsideration.
2014-12-03 | - | J | conc | contact | Tax credit review letter
    Concentrix, checking tax credits for HMRC, asked Jo to prove who lived at the flat.
2014-12-10 | - | S | dwp | declined | Sanction kept after reconsideration
    DWP decided the sanction should stand.
2014-12-15 | - | SJ | whf | contact | First rent arrears letter
    Whitefriars wrote about six weeks of unpaid rent.
2014-12-19 | - | SJ | food | contact | Foodbank parcel before Christmas
    A second voucher, this time from the Jobcentre.
2014-12-29 | - | J | nhs | appointment | GP: low mood and poor sleep
    The GP talked with Jo about stress and booked a follow-up.
2015-01-06 | - | J | conc | benefit_sanction | Tax credits stopped during the review
    Concentrix recorded no reply from Jo, although she had posted one, and payments stopped.
2015-01-08 | - | SJ | rbs | contact | Bank charges after bounced payments
    Direct debits failed and the bank added charges to an overdrawn account.
2015-01-12 | - | SJ | stw | referral | Applies to the Big Difference Scheme
    CAB helped the couple apply for help with their water bill.
2015-01-19 | - | SJ | whf | contact | Notice seeking possession served
    Whitefriars served notice over about nine weeks of rent arrears.
2015-01-26 | - | SJ | law | appointment | Law Centre advice on the notice
    A solicitor explained the court process and asked for Housing Benefit to be backdated.
2015-01-30 | - | SJ | hb | declined | Backdating request refused
    Housing Benefit said the request did not show good cause for the gap.
2015-02-02 | - | SJ | wmp | call_out | Police called to an argument at the flat
    A neighbour rang 999 during a row about money. Nobody was hurt.
2015-02-03 | - | J | social | referral | MASH referral from police about Jo | sensitivity=sensitive
    The attending officers asked the safeguarding hub to check that Jo was safe.
2015-02-10 | - | J | social | assessment | Adult social care check-in with Jo
    A social worker met Jo, who said she felt safe; she was given a number to call.
2015-02-16 | - | SJ | stw | contact | Water bill discount agreed
    The Big Difference Scheme reduced the couple's water charges.
2015-02-23 | - | SJ | court | court | Possession order made
    The court made a possession order after the Law Centre's request for more time failed.
2015-03-02 | - | SJ | food | contact | Third foodbank parcel
    Money ran out again while the JSA claim was being sorted out.
2015-03-06 | - | SJ | whf | eviction | Evicted from the flat
    Bailiffs carried out the order. Most belongings went into a friend's garage.
2015-03-06 | - | SJ | place | assessment | Homeless assessment the same day
    The Placements Team accepted a duty to find somewhere to stay.
2015-03-06 | 2015-03-20 | SJ | place | placement | Emergency bed and breakfast
    Two weeks in one room across the city from everything they knew.
2015-03-10 | - | SJ | grape | contact | Grapevine helps sort the paperwork
    A Grapevine worker went through the letters with them and listed what to do first.
2015-03-16 | - | SJ | place | contact | No couples' room free
    Nothing for couples was available, so Sam and Jo would have to live apart for a while.
# Spring 2015: living apart
2015-03-20 | 2015-06-12 | S | salv | placement | Sam moves into the Lifehouse
    A room in the Salvation Army Lifehouse, a hostel for men.
2015-03-20 | 2015-06-01 | J | valley | placement | Jo moves into Valley House
    A room at Valley House, with a keyworker.
2015-03-23 | - | S | dwp | contact | New JSA claim from the hostel
    Sam made a fresh claim with the hostel's address.
2015-03-25 | - | S | hb | contact | Housing Benefit claim for the Lifehouse
    The hostel helped Sam claim Housing Benefit for his room.
2015-03-27 | - | J | hb | contact | Housing Benefit claim for Valley House
    Jo's keyworker sent the claim with her.
2015-04-02 | - | S | wmp | arrest | Arrested for taking food from a shop
    Sam took food from a supermarket while his claim was pending.
2015-04-13 | - | S | court | court | Fined at the magistrates' court
    Sam pleaded guilty and was fined, with costs, to be paid from his benefits.
2015-04-14 | - | J | nhs | appointment | GP review: anxiety treatment started
    Jo and the GP agreed to try medication for anxiety.
2015-04-20 | - | J | evo3 | referral | Referred to Evolution 3
    Valley House suggested a confidence course, and Jo said yes.
2015-04-27 | 2015-06-19 | J | evo3 | support | Confidence and skills course
    Two mornings a week at Evolution 3.
2015-05-05 | - | S | salv | contact | Warning about service-charge arrears
    The sanction had left Sam unable to pay the hostel's weekly service charge.
2015-05-11 | - | S | rbs | case_closed | Bank account closed
    The bank closed Sam's overdrawn account and passed the debt to a collection agency.
2015-05-18 | - | S | court | contact | Letter about unpaid fine
    The court wrote that payments on the fine had been missed.
2015-05-26 | - | S | dwp | missed_appointment | Jobcentre appointment missed
    The letter went to the old address.
2015-05-28 | - | S | dwp | benefit_sanction | Second JSA sanction
    Sam's JSA was stopped again, this time for thirteen weeks.
2015-06-01 | 2016-04-08 | J | foyer | placement | Jo moves to The Foyer
    A planned move to a Foyer flat with support to build skills for a tenancy.
2015-06-01 | - | J | valley | case_closed | Planned move-on from Valley House
    Jo's keyworker arranged the move and passed on her support plan.
2015-06-03 | - | S | food | contact | Foodbank parcel after the second sanction
    The Lifehouse gave Sam a voucher.
2015-06-08 | - | S | salv | contact | Argument with staff over arrears
    Sam raised his voice when told he might lose his room.
2015-06-12 | - | S | salv | eviction | Asked to leave the Lifehouse
    Sam's room ended over arrears and the argument.
2015-06-12 | 2015-06-22 | S | cyren | rough_sleeping | Sleeping rough for ten nights
    Sam slept in a car park stairwell. Cyrenians outreach found him on the third night.
2015-06-15 | - | S | cyren | contact | Day centre: breakfast and a shower
    Cyrenians gave Sam a meal, a shower and help to look for a room.
2015-06-16 | - | S | basil | referral | Cyrenians refer Sam to St Basil
    St Basil works with young people and had a room coming free.
2015-06-19 | - | J | evo3 | other | Jo completes the course | little-win
    Jo finished the Evolution 3 course and got a certificate.
# Summer and autumn 2015
2015-06-22 | 2015-11-13 | S | basil | placement | Supported room at St Basil
    A room with a keyworker who noticed that Sam found letters and forms hard.
2015-06-24 | - | S | hb | contact | Housing Benefit claim for St Basil
    The keyworker helped Sam make the claim.
2015-07-06 | - | S | social | referral | Referred for a learning disability assessment
    St Basil asked the community learning disability team to see Sam.
2015-07-13 | - | J | conc | contact | Tax credit overpayment demand
    Concentrix said Jo had been overpaid and asked for the money back.
2015-07-20 | - | J | cab | appointment | CAB helps challenge the Concentrix decision
    An adviser helped Jo gather proof and ask for the decision to be looked at again.
2015-07-27 | - | SJ | wmp | call_out | Police called to The Foyer
    Sam was refused entry when visiting Jo after hours; staff called the police.
2015-08-03 | - | S | social | assessment | Learning disability assessment
    The team found that Sam has a mild learning disability and agreed a support plan.
2015-08-10 | 2015-10-30 | S | sherb | support | Life-skills course
    Budgeting, cooking and reading letters, three days a week.
2015-08-17 | - | S | dwp | assessment | ESA work capability assessment
    Sam applied for Employment and Support Allowance with St Basil's help.
2015-08-24 | - | J | nhs | ae_attendance | A&E after a panic attack | sensitivity=sensitive
    Jo went to A&E with chest pains; staff explained it was a panic attack.
2015-09-07 | - | J | nhs | referral | GP refers Jo for talking therapy
    The GP made a referral and Jo joined the waiting list.
2015-09-21 | - | S | dwp | declined | ESA refused: found fit for work
    The assessment gave Sam no points.
2015-09-28 | - | S | law | referral | Law Centre takes on the ESA appeal
    The Law Centre agreed to represent Sam at a tribunal.
2015-10-05 | - | S | court | court | Hearing about the unpaid fine
    Magistrates agreed smaller payments taken straight from benefits.
2015-10-12 | - | S | basil | contact | Rent arrears at St Basil
    The sanction meant Sam's share of the rent had not been paid.
2015-10-30 | - | S | sherb | other | Sam finishes the life-skills course | little-win
    Sam completed the course and can now budget for a week on his own.
2015-11-05 | - | S | basil | contact | Final warning about arrears
    St Basil warned that the room would end unless payments started.
2015-11-13 | - | S | basil | eviction | St Basil room ends over arrears
    Sam had to leave his room for the second time in five months.
2015-11-13 | - | S | place | assessment | New homeless application
    The Placements Team looked for somewhere Sam could go that day.
2015-11-16 | 2016-04-08 | S | cyren | placement | Cyrenians shared house
    A room in a shared house with visiting support.
2015-11-18 | - | S | hb | contact | Housing Benefit claim for the shared house
    Cyrenians helped Sam make his fourth claim in a year.
2015-11-30 | - | J | foyer | contact | Move-on plan at The Foyer
    Jo and her worker started planning for a tenancy with Sam.
2015-12-09 | - | S | wmfs | call_out | Small kitchen fire at the shared house
    A pan caught fire; the fire service put it out and nobody was hurt.
2015-12-14 | - | SJ | food | contact | Foodbank Christmas parcel
    Sam and Jo collected a parcel together.
# 2016: back together
2016-01-11 | - | S | law | contact | Law Centre represents Sam at tribunal
    The solicitor explained Sam's learning disability to the tribunal.
2016-01-11 | - | S | court | court | ESA appeal won at tribunal | little-win
    The tribunal overturned the decision and placed Sam in the support group.
2016-01-20 | - | S | dwp | contact | ESA paid with arrears
    The sanction ended and Sam's ESA was paid from the date he claimed.
2016-01-25 | - | SJ | whf | referral | Joint application for a Caradoc Court flat | turning-point
    With both workers' backing, Sam and Jo applied for a flat together.
2016-02-01 | 2016-04-25 | J | nhs | support | Talking therapy sessions
    Twelve weekly sessions for anxiety.
2016-02-08 | - | SJ | place | contact | Placements Team supports the application
    The team confirmed the couple's priority on the housing register.
2016-02-15 | - | SJ | grape | appointment | Grapevine helps plan the move
    A Grapevine worker helped list what the new flat would need.
2016-02-22 | - | S | rbs | contact | Repayment plan for the old overdraft
    The debt was put on a small monthly plan Sam can afford.
2016-03-07 | - | SJ | whf | assessment | Caradoc Court viewing and interview
    Sam and Jo viewed a flat and met the housing officer.
2016-03-14 | - | SJ | whf | contact | Offered a flat together | little-win
    Whitefriars offered the couple a one-bedroom flat.
2016-04-08 | 2016-10-17 | SJ | whf | tenancy | Caradoc Court flat together | little-win
    Their own tenancy again, still going when this chart ends.
2016-04-08 | - | J | foyer | case_closed | Planned move-on from The Foyer
    Jo left The Foyer on good terms.
2016-04-11 | - | SJ | hb | contact | Housing Benefit claim for the new flat
    A single claim for the couple, made on the day they moved.
2016-04-18 | - | SJ | newf | contact | Grant for a cooker and a bed
    Newfield Trust paid for essentials for the empty flat.
2016-04-20 | - | SJ | stw | contact | Water discount moved to the new flat
    The Big Difference Scheme discount carried on at the new address.
2016-04-25 | - | SJ | wmfs | contact | Home safety visit
    Firefighters fitted smoke alarms and talked through cooking safely.
2016-05-02 | 2016-10-17 | S | social | support | Weekly support from the disability team
    A support worker helps Sam with letters, bills and appointments.
2016-05-09 | - | S | dwp | contact | PIP claim started
    Sam claimed Personal Independence Payment with his support worker.
2016-05-16 | 2016-07-29 | J | evo3 | support | Work-experience placement
    Evolution 3 found Jo a placement in a charity shop.
2016-06-06 | - | SJ | cab | appointment | Debt plan with CAB
    An adviser put all the remaining debts into one affordable plan.
2016-06-13 | - | S | rbs | contact | Basic bank account opened
    Sam has a bank account again, with no overdraft.
2016-06-20 | - | S | court | contact | Fine payment plan agreed
    The remaining fine is being paid in small amounts.
2016-07-04 | - | SJ | hb | contact | Housing Benefit review
    The council checked the claim; nothing needed to change.
2016-07-11 | - | S | dwp | assessment | PIP assessment
    Sam's support worker went with him.
2016-07-18 | - | SJ | grape | contact | Grapevine: a local community group
    Grapevine introduced the couple to a neighbourhood cooking group.
2016-08-01 | - | J | nhs | appointment | GP review: feeling better | little-win
    Jo told the GP that she is sleeping well and feeling more settled.
2016-08-15 | - | S | dwp | contact | PIP awarded | little-win
    Sam was awarded the daily living part of PIP.
2016-08-22 | - | J | sherb | referral | Jo signs up for an English and maths course
    Jo asked to join a Sherbourne Fields course starting in September.
2016-09-05 | 2016-10-17 | J | sherb | support | English and maths course
    Jo attends two afternoons a week and has not missed a session.
2016-09-12 | - | J | conc | contact | Tax credit decision reversed | little-win
    After the review, the overpayment was cancelled and Jo's tax credits restored.
2016-09-19 | - | SJ | newf | contact | Newfield Trust follow-up call
    The Trust checked that the cooker and bed had arrived.
2016-10-03 | - | J | evo3 | contact | Job interview practice
    Evolution 3 helped Jo prepare for an interview at a shop.
2016-10-17 | - | SJ | whf | contact | Six-month tenancy review goes well | little-win
    Rent is up to date and the housing officer is happy with how the tenancy is going.
"""


def build_journey() -> Journey:
    """The Coventry couple's illustrative journey across the 24 published agencies."""
    agencies, codes = build_agencies(AGENCIES)
    shared = (NeedDomain.HOMELESSNESS, NeedDomain.POVERTY)
    sam = Person(
        pseudonym="Sam",
        age_band=AgeBand.AGE_18_24,
        gender=Gender.MAN,
        needs=(*shared, NeedDomain.LEARNING_DISABILITY, NeedDomain.OFFENDING),
    )
    jo = Person(
        pseudonym="Jo",
        age_band=AgeBand.AGE_18_24,
        gender=Gender.WOMAN,
        needs=(*shared, NeedDomain.MENTAL_HEALTH),
    )
    return Journey(
        key=KEY,
        title="Coventry couple: 24 agencies in 700 days",
        summary=SUMMARY,
        provenance=Provenance.ILLUSTRATIVE,
        people=(sam, jo),
        agencies=agencies,
        events=parse_events(EVENTS, agencies=codes, people=PEOPLE),
    )
