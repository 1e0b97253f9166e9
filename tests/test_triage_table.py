"""What people type -> how triage grades it: one row per message.

Each row is a message written the way patients type (typos, slang, British and American
words, no punctuation) with the tier the reply must carry and the exact set of red-flag ids
it must raise. Three groups:

- RED_FLAGS: must escalate, to the tier in RED-FLAGS.md (emergency: 999/A&E; urgent: 111 or
  an urgent GP appointment the same day).
- BENIGN_TRAPS: alarming words with an everyday meaning (bike saddle, dead leg, fell asleep,
  peeing often in pregnancy): routine, no flags.
- CONTEXT: a real red flag that is denied, hypothetical, someone else's, or a general
  question: routine, no flags (the reply adds a safety-net line instead).

When unsure between two tiers a row expects the higher one (DESIGN.md 2.8).
"""

from __future__ import annotations

import re

import pytest

E, U, R = "emergency", "urgent", "routine"

RED_FLAGS: list[tuple[str, str, set[str]]] = [
    # --- cauda equina: emergency ------------------------------------------------------------
    ("cant pee since last night and my back is agony", E, {"cauda-equina"}),
    ("numb down there since this morning", E, {"cauda-equina"}),
    ("i wet myself and didnt even notice", E, {"cauda-equina"}),
    ("my legs feel like jelly and my back is killing me", E, {"cauda-equina"}),
    ("cant feel it when i wipe my bum", E, {"cauda-equina"}),
    ("my bum is numb", E, {"cauda-equina"}),
    ("numbess around my back passage", E, {"cauda-equina"}),
    ("tingling in both legs and my lower back hurts", E, {"cauda-equina"}),
    ("pins and needles down both legs since i lifted the sofa", E, {"cauda-equina"}),
    ("ive got sciatica in both legs now", E, {"cauda-equina"}),
    ("been wearing pads cos i keep leaking wee", E, {"cauda-equina"}),
    ("i pooed myself in bed last night and my backs killing me", E, {"cauda-equina"}),
    ("lost control of my bladdder this morning", E, {"cauda-equina"}),
    ("i cnt feel my privates", E, {"cauda-equina"}),
    ("my inner thighs have gone numb", E, {"cauda-equina"}),
    ("struggling to start a wee and it just dribbles", E, {"cauda-equina"}),
    ("havent had a wee since last night even tho my bladder feels full", E, {"cauda-equina"}),
    ("i cant get an erection since my back went", E, {"cauda-equina"}),
    ("sex feels numb since the back pain started", E, {"cauda-equina"}),
    ("no pain before, but now I can't pee", E, {"cauda-equina"}),
    ("its all numb where youd sit on a saddle", E, {"cauda-equina"}),
    ("i dont know when my bladder is full anymore", E, {"cauda-equina"}),
    ("my fanny has gone numb", E, {"cauda-equina"}),
    ("numb round my arse and my back is agony", E, {"cauda-equina"}),
    ("my legs keep giving way and my back's in bits", E, {"cauda-equina"}),
    ("NUMBNESS IN MY GROIN AND BOTH LEGS ARE WEAK", E, {"cauda-equina"}),
    ("i think ive got cauda equina", E, {"cauda-equina"}),
    ("tinglin in my balls and my back hurts", E, {"cauda-equina"}),
    ("my willy feels numb", E, {"cauda-equina"}),
    ("toilet paper feels weird when i wipe, like its not there", E, {"cauda-equina"}),
    ("i have to strain to pee and my back is killing me", E, {"cauda-equina"}),
    ("i had an accident in my pants and didnt feel it coming", E, {"cauda-equina"}),
    # Stress leaking on a laugh is common, but a chatbot cannot tell it from a new loss of
    # bladder control; GIRFT says ask about it, and safety first: the higher tier.
    ("i wet myself laughing at the telly and my back is sore", E, {"cauda-equina"}),
    ("i keep peeing myself without realising", E, {"cauda-equina"}),
    ("i dont get the feeling i need to go anymore", E, {"cauda-equina"}),
    ("my legs have gone to jelly and theres shooting pain in my back", E, {"cauda-equina"}),
    ("i cant control when i poo", E, {"cauda-equina"}),
    ("not been for a wee since this morning", E, {"cauda-equina"}),
    ("both legs are burning and weak", E, {"cauda-equina"}),
    ("numb when we have sex", E, {"cauda-equina"}),
    ("do i have cauda equina", E, {"cauda-equina"}),
    ("what is this numbness in my bum", E, {"cauda-equina"}),
    # --- major trauma: emergency ------------------------------------------------------------
    ("came off my motorbike at 40mph and my back is agony", E, {"major-trauma"}),
    ("fell off a ladder clearing the gutters, my back hurts", E, {"major-trauma"}),
    ("car crash this morning and now my lower back is killing me", E, {"major-trauma"}),
    ("got hit by a car on my bike, back is sore", E, {"major-trauma"}),
    ("fell off the roof and landed on my back", E, {"major-trauma"}),
    ("fell down the stairs at work, my backs agony", E, {"major-trauma"}),
    ("nothing felt broken but i fell 3 metres off the scaffolding", E, {"major-trauma"}),
    ("rear ended on the motorway, whiplash and my lower back hurts", E, {"major-trauma"}),
    ("thrown off my horse yesterday and my back is sore", E, {"major-trauma"}),
    ("heard a crack in my spine when i landed", E, {"major-trauma"}),
    ("fell out of a tree onto my back", E, {"major-trauma"}),
    ("someone drove into the back of my car and now my back hurts", E, {"major-trauma"}),
    ("got knocked off my bike by a van", E, {"major-trauma"}),
    ("i went over the handlebars", E, {"major-trauma"}),
    ("my car rolled over on the motorway", E, {"major-trauma"}),
    ("fell through the loft hatch", E, {"major-trauma"}),
    # --- hip fracture: emergency ------------------------------------------------------------
    ("fell on the ice and now i cant put weight on my leg", E, {"hip-fracture"}),
    ("im 82, had a fall in the kitchen and cant get up", E, {"hip-fracture"}),
    ("tripped over the rug and my hip hurts so much i cant stand", E, {"hip-fracture"}),
    ("slipped in the bath, my leg looks shorter and turned out", E, {"hip-fracture"}),
    ("i fell over and cant walk on my left leg", E, {"hip-fracture"}),
    ("took a tumble outside the shop and cant bear weight on my right leg", E, {"hip-fracture"}),
    ("lost my balance and fell, my foot is pointing outwards now", E, {"hip-fracture"}),
    ("had a fall in the garden and i cant get up off the floor", E, {"hip-fracture"}),
    # --- spinal infection: emergency with a risk, urgent with a fever alone -----------------
    ("i had a microdiscectomy 10 days ago and now ive got a fever", E, {"spinal-infection"}),
    ("epidural for the baby last week, now shivering and back pain", E, {"spinal-infection"}),
    ("i inject heroin and ive got a temperature and back pain", E, {"spinal-infection"}),
    ("on chemo and running a temperature with a sore back", E, {"spinal-infection"}),
    ("had back surgery 2 weeks ago and im burning up", E, {"spinal-infection"}),
    ("shooting up again and now fevers and my back is agony", E, {"spinal-infection"}),
    ("fever and back pain", U, {"spinal-infection"}),
    ("ive got a high temp and my lower back aches", U, {"spinal-infection"}),
    ("hot and cold sweats and my back is aching", U, {"spinal-infection"}),
    ("temperature of 39 and back pain", U, {"spinal-infection"}),
    ("feeling feverish with a stiff sore back", U, {"spinal-infection"}),
    ("fevar and my back hurts", U, {"spinal-infection"}),
    ("temp 38.9 and my back is killing me", U, {"spinal-infection"}),
    ("im a heroin user with back pain and sweats", E, {"spinal-infection"}),
    ("im on methotrexate and have a temperature and back pain", E, {"spinal-infection"}),
    # --- septic hip: emergency with a fever, urgent alone -----------------------------------
    # (a fever with hip or back pain also raises spinal-infection at urgent on its own rule)
    ("my hip is red hot and swollen and i feel feverish", E, {"septic-hip", "spinal-infection"}),
    ("hips gone all puffy and hot and im shivering", E, {"septic-hip", "spinal-infection"}),
    ("swollen hot hip and a temp of 38.5", E, {"septic-hip", "spinal-infection"}),
    ("my hip is really swollen and red", U, {"septic-hip"}),
    ("hot swollen hip since yesterday", U, {"septic-hip"}),
    ("theres redness around my hip and its warm to the touch", U, {"septic-hip"}),
    ("my hip is red and i feel like i have the flu", E, {"septic-hip", "spinal-infection"}),
    # --- progressive weakness: urgent -------------------------------------------------------
    ("my foot keeps slapping when i walk", U, {"progressive-weakness"}),
    ("i think ive got foot drop", U, {"progressive-weakness"}),
    ("cant lift my toes up on my right foot", U, {"progressive-weakness"}),
    ("my right leg is getting weaker every day", U, {"progressive-weakness"}),
    ("ive been dragging my left foot since last week", U, {"progressive-weakness"}),
    ("i keep tripping over my own feet and my back hurts", U, {"progressive-weakness"}),
    ("the weakness in my leg is getting worse", U, {"progressive-weakness"}),
    ("my toes keep catching on the carpet", U, {"progressive-weakness"}),
    ("my foot's gone floppy", U, {"progressive-weakness"}),
    ("i keep stubbing my toe cos my foot wont lift", U, {"progressive-weakness"}),
    ("cant stand on tiptoes on my left side anymore", U, {"progressive-weakness"}),
    # --- cancer and other serious causes: urgent --------------------------------------------
    ("i had breast cancer 5 years ago and now my back hurts", U, {"cancer"}),
    ("lost 2 stone without trying and my back aches", U, {"cancer"}),
    ("my back pain wakes me up every night", U, {"cancer"}),
    ("ive found a lump on my spine", U, {"cancer"}),
    ("prostate cancer survivor, new lower back pain", U, {"cancer"}),
    ("back pain worse at night and doesnt ease with rest", U, {"cancer"}),
    ("the weight is dropping off me and my hip aches", U, {"cancer"}),
    ("in remission from lymphoma and my backs started hurting", U, {"cancer"}),
    ("my back has changed shape", U, {"cancer"}),
    ("cancer free for 3 years but my back is really sore now", U, {"cancer"}),
    ("my clothes are falling off me and i'm not dieting", U, {"cancer"}),
    ("there's a lump on my lower back that's growing", U, {"cancer"}),
    # --- osteoporotic fracture: urgent ------------------------------------------------------
    ("i have osteoporosis and my back suddenly went", U, {"osteoporotic-fracture"}),
    ("on prednisolone for years and sudden severe back pain", U, {"osteoporotic-fracture"}),
    ("brittle bones and i had a fall, my back hurts", U, {"osteoporotic-fracture"}),
    ("osteopenia, bent for the cat and felt a sharp pain in my back", U, {"osteoporotic-fracture"}),
    ("on steroids for my lungs, now agony in my back out of nowhere", U, {"osteoporotic-fracture"}),
    ("osteoporsis and excruciating back pain since lifting a box", U, {"osteoporotic-fracture"}),
    ("i have thinning bones and hurt my back lifting the shopping", U, {"osteoporotic-fracture"}),
    # --- kidney: urgent ---------------------------------------------------------------------
    ("pain in my side under my ribs and it burns when i pee", U, {"kidney"}),
    ("blood in my wee and my back aches", U, {"kidney"}),
    ("loin pain and a temperature", U, {"kidney", "spinal-infection"}),
    ("stinging when i wee and a pain in my right side", U, {"kidney"}),
    ("my pee is pink and my lower back hurts", U, {"kidney"}),
    ("30 weeks pregnant with a high temperature and back ache", U, {"kidney", "spinal-infection"}),
    ("cloudy wee and my kidneys ache", U, {"kidney"}),
    # --- chest pain: emergency --------------------------------------------------------------
    ("my back hurts and my chest feels tight", E, {"chest-pain"}),
    ("crushing pain in my chest going into my back", E, {"chest-pain"}),
    ("tearing pain from my back right through to my chest", E, {"chest-pain"}),
    ("pressure on my chest and my back aches", E, {"chest-pain"}),
    ("heavy chest and my back is sore", E, {"chest-pain"}),
    ("tearing pain in my back like ive been ripped", E, {"chest-pain"}),
    ("pain in my back and jaw and chest", E, {"chest-pain"}),
    ("its like theres a band around my chest", E, {"chest-pain"}),
    # --- breathing: emergency when struggling, urgent when short of breath -----------------
    ("i cant breathe properly and my back hurts", E, {"breathlessness"}),
    ("struggling to catch my breath with this back pain", E, {"breathlessness"}),
    ("gasping for air and my back is agony", E, {"breathlessness"}),
    ("suddenly really breathless and a pain in my back", E, {"breathlessness"}),
    ("really short of breath and my lower back aches", U, {"breathlessness"}),
    ("i'm really short of breath and coughing up blood", E, {"breathlessness"}),
    ("breathing is really hard and my back hurts", E, {"breathlessness"}),
    # --- NHS urgent list: pain between the shoulders, pain worse on coughing ---------------
    ("pain in my upper back that wont go", U, {"upper-back-pain"}),
    ("sharp pain between my shoulders", U, {"upper-back-pain"}),
    ("aching between my shoulder blades for weeks", U, {"upper-back-pain"}),
    ("my back hurts so much when i sneeze", U, {"cough-sneeze-pain"}),
    ("sneezing is agony for my lower back", U, {"cough-sneeze-pain"}),
    ("going for a poo makes my back pain worse", U, {"cough-sneeze-pain"}),
    ("pain shoots down my leg every time i cough", U, {"cough-sneeze-pain"}),
    ("coughing kills my back", U, {"cough-sneeze-pain"}),
    ("when i strain on the loo my back is agony", U, {"cough-sneeze-pain"}),
    # --- several at once --------------------------------------------------------------------
    ("fell off a ladder and now i cant feel my legs", E, {"major-trauma", "cauda-equina"}),
    ("pain between my shoulder blades and a tight chest", E, {"chest-pain", "upper-back-pain"}),
]

BENIGN_TRAPS: list[str] = [
    # saddles, bums and bits with no numbness
    "my new bike saddle is rubbing and my bum is sore",
    "ive got a saddle sore from cycling to work",
    "my bits are sore after a long bike ride",
    "my bum cheek aches when i sit, is it piriformis",
    "pain deep in my buttock when i sit for ages",
    "i cant wipe properly because bending hurts my hip",
    "i struggle to wipe my bum since my hip got stiff",
    "my groin hurts after football",
    # numb or tingling somewhere that is not the saddle, or from an everyday cause
    "my foot went numb from sitting cross legged",
    "pins and needles in my foot after sitting on it",
    "my leg went dead sitting on it at the cinema",
    "got a dead leg playing footy",
    "numb toes in the cold",
    "my fingers tingle when i type",
    "tingling in my left foot on and off",
    "pins and needles in both legs after sitting cross legged on the floor",
    "both my legs went numb sitting with my legs crossed too long",
    "cant feel my face this cold is brutal",
    "numbness down the outside of my left thigh",
    # falls that are not falls, or small ones
    "fell asleep on the sofa and my neck is stiff",
    "i fell asleep in a funny position and my back hurts",
    "i fell in love with yoga and my back feels better",
    "fell out with my sister and my back is tense",
    "i slipped a disc last year doing deadlifts",
    "i have a slipped disc and sciatica down my left leg",
    "it slipped my mind to do my stretches",
    "i tripped over the cat last week but im fine, just a bit of back ache",
    "i bumped my hip on the table corner and its bruised",
    # legs that are killing me for a reason
    "my legs are killing me after the gym",
    "legs like jelly after leg day",
    "my legs feel like jelly after the marathon",
    "my legs feel like lead after a long run",
    "legs are wobbly after my first spin class",
    "my legs are tired after standing all day at work",
    "my back is killing me after moving house",
    "my backs agony after gardening",
    # peeing and pooing that is normal
    "im pregnant and peeing all the time",
    "pregnant and always need a wee",
    "i need a wee every hour, i drink loads of water",
    "i get up twice a night to pee",
    "im dying for a wee",
    "my pee smells strong when i dont drink enough",
    "my wee is bright yellow from my vitamins",
    "sometimes i get constipated and my back aches",
    # pregnancy with ordinary aches
    "im pregnant and my lower back aches",
    "32 weeks pregnant, pelvic pain when i walk",
    # can't, as in limited movement
    "i cant sit for long because my hip aches",
    "i cant bend down to tie my shoes",
    "i cant get comfy in bed",
    "i cant put my socks on because my hip is so stiff",
    "i cant walk far before my legs ache, then i sit down and it eases",
    "i cant stand for long at work without my back aching",
    # risk words without the symptom that makes them a flag
    "im on a steroid inhaler for asthma and my back is stiff",
    "i beat cancer in 2010",
    "sudden sharp pain in my lower back when i bent down",
    "my back went when i coughed",
    "i sneezed and my back went, its a bit sore",
    "i smoke so i cough a lot, and my back aches",
    "the ER doctor said it was just a pulled muscle",
    "went to A&E last week and they said its sciatica",
    "my GP said ive got arthritis in my hip",
    "sciatica down my right leg, worse when i sit",
    "my hip clicks when i walk",
    "my hip is a bit stiff in the mornings",
    "back pain after a long drive",
    "out of breath after my run and my back aches",
    "a bit breathless after the gym",
    "breathing exercises for back pain",
    "knee to chest stretch",
    "my throat hurts when i cough",
    "hug my knees to my chest",
    "my bum is sore from the bike seat",
    "saddle sore after a 50 mile ride",
    "my groin is sore after squats",
    "my hand went numb sleeping on it",
    "i cant feel my toes its freezing outside",
    "i fell over playing football but im fine",
    "i slipped on some ice last winter, fine now",
    "im 35 weeks pregnant and need to wee constantly",
    "i lost weight on purpose and my back feels better",
    "ive lost 2 stone on slimming world and my back is better",
    "i have a fever blister",
    "my shoulder blades are tight from my desk job",
    "chest stretch for posture",
    "breathe in and out slowly during the stretch",
    "i put a hot water bottle on my hip",
    "my back is stiff at night and better when i move",
    "i cant lift heavy things anymore because of my back",
    "ive got a cold and a bit of a cough",
]

CONTEXT: list[str] = [
    # denied
    "no numbness down there and i can pee fine",
    "i dont have any trouble peeing",
    "no fever, no weight loss, just a stiff back",
    "never had cancer",
    "no pins and needles in either leg",
    "im not wetting myself or anything",
    "my bladder and bowels are fine",
    "no chest pain, no trouble breathing",
    "im not short of breath",
    "i havent lost any weight",
    "no tingling in my groin or bum",
    "havent got a temperature",
    "no blood in my pee",
    "i dont have osteoporosis",
    "not numb anywhere, just achy",
    "i can feel everything when i wipe",
    "no problems with my waterworks",
    "my legs arent weak",
    "no swelling or redness on my hip",
    "doesnt hurt when i cough or sneeze",
    # hypothetical
    "what if i cant pee",
    "should i worry if my bum goes numb",
    "what should i do if i ever wet myself",
    "my physio said if i ever get numbness in my saddle area go to A&E",
    "how would i know if i had a spinal infection",
    "what happens if my legs give way",
    "if i fell off a ladder what should i do",
    "in case i get a fever after my op, who do i call",
    "when should i go to A&E with back pain",
    "what would happen if i lost control of my bladder",
    "could i get cauda equina from lifting",
    "watch out for numbness around the bottom, the leaflet says",
    "is it possible to get foot drop from a slipped disc",
    "if my chest starts hurting should i call 999",
    # someone else
    "my mum cant feel her legs",
    "my dad fell off a ladder at work",
    "my husband has a fever and back pain",
    "my friend had a car crash and hurt her back",
    "my gran fell and cant get up",
    "my son wet himself and he has back pain",
    "my wife says her bum is numb",
    "my nan has osteoporosis and her back suddenly went",
    "my boyfriends got sciatica in both legs",
    "my sister is struggling to breathe",
    "my neighbour had breast cancer and now her back hurts",
    "my mate came off his motorbike",
    "my daughter has a hot swollen hip",
    "my patient cant pee",
    "my brother keeps tripping over his feet",
    # general questions
    "what are the signs of cauda equina",
    "what are the symptoms of a broken hip",
    "what does saddle anaesthesia mean",
    "is losing weight a red flag for back pain",
    "what are the red flags for back pain",
    "tell me about spinal infections",
    "what causes foot drop",
    "explain cauda equina syndrome",
    "what is a spinal abscess",
    "what are the warning signs of a kidney infection",
    "is chest pain with back pain an emergency",
    "signs of osteoporosis in the spine",
    "what is septic arthritis of the hip",
    "can you list the red flags",
    "what is the difference between sciatica and cauda equina",
    "symptoms of spinal cancer",
    "what does it mean when they say red flags",
    "what is foot drop",
    "whats cauda equina?",
    "are numb legs a red flag",
    "why is saddle numbness an emergency",
    "what should i look out for after back surgery",
    # more denials and other people
    "never been diagnosed with osteoporosis, but my back suddenly hurts",
    "no weakness in my legs",
    "no sciatica in either leg",
    "i dont have a temperature",
    "its not worse at night and doesnt wake me up",
    "the doctor asked about my bladder and it's fine",
    "mri ruled out cauda equina",
    "my physio asked if i had any numbness down there and i said no",
    "my grandad cant pee",
    "what do i do if my partner has numb legs",
    "my son's legs have gone like jelly",
]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


ROWS = (
    [pytest.param(m, t, f, id=f"red-{_slug(m)}") for m, t, f in RED_FLAGS]
    + [pytest.param(m, R, set(), id=f"benign-{_slug(m)}") for m in BENIGN_TRAPS]
    + [pytest.param(m, R, set(), id=f"context-{_slug(m)}") for m in CONTEXT]
)


@pytest.mark.parametrize(("message", "tier", "flags"), ROWS)
def test_triage_grades_what_people_type(bot, message: str, tier: str, flags: set[str]) -> None:
    reply = bot.reply(message)
    assert (reply.level, set(reply.flags)) == (tier, flags), reply.text[:300]


def test_the_table_is_big_enough_and_covers_every_flag(bot) -> None:
    assert len(RED_FLAGS) >= 90 and len(BENIGN_TRAPS) >= 65 and len(CONTEXT) >= 65
    covered = set().union(*(f for _m, _t, f in RED_FLAGS))
    assert covered == set(bot.kb.triage.flags), set(bot.kb.triage.flags) - covered
