"""Every knowledge entry can be found: one natural question per exercise and condition.

The questions are written the way someone would ask, not copied from the entry's aliases, so
an entry whose aliases miss the obvious wording fails here. A new entry needs a question too:
the coverage test fails until it has one.
"""

from __future__ import annotations

import pytest

QUESTIONS: dict[str, str] = {
    # exercises
    "pigeon-pose": "can you walk me through the pigeon yoga position?",
    "fire-log-pose": "what's the fire log yoga stretch and how do I do it?",
    "cow-face-pose": "how do I sit in cow face yoga?",
    "frog-pose": "talk me through the frog yoga pose",
    "reclining-hero-pose": "how do I lean back into a reclined hero?",
    "camel-pose": "what's the camel backbend in yoga?",
    "kneeling-wall-backbend": "how do I do a backbend kneeling against a wall?",
    "wide-legged-seated-forward-bend": "how do I fold forward sitting with my legs wide apart?",
    "cross-legged-twist": "how do I twist sitting cross-legged on the floor?",
    "reclined-spinal-twist": "how do I do a spinal twist lying on my back?",
    "knees-to-chest": "how do I pull both knees into my chest to ease my back?",
    "lying-hip-opener": "show me the hip opener you do lying down",
    "front-to-back-hip-swing": "how do I swing my leg forwards and back to loosen the hip?",
    "seated-figure-four-stretch": "how do I do the figure four stretch sitting on a chair?",
    "reclined-figure-four-stretch": "how do I do a figure four lying on my back?",
    "banded-donkey-kick": "how do I do donkey kicks with a resistance band?",
    "glute-bridge": "how do I lift my hips off the floor in a glute bridge?",
    "single-leg-glute-bridge": "how do I do a glute bridge on one leg?",
    "bridge-march": "how do I march my feet while holding a bridge?",
    "standing-hip-abduction": "how do I lift my leg out to the side standing up?",
    "lateral-band-walk": "how do I walk sideways with a band round my ankles?",
    "bird-dog": "how do I do the bird dog on my hands and knees?",
    "standing-hip-hinge": "how do I hinge at the hips properly standing up?",
    "seated-knee-lift": "how do I lift my knees up while sitting in a chair?",
    "bodyweight-squat": "how do I do a squat with just my body weight?",
    "barbell-back-squat": "how do I squat with a barbell on my back?",
    "resting-squat": "how do I sit in a deep squat and just rest there?",
    "sumo-deadlift": "how do I do a sumo deadlift with my feet wide?",
    "hamstring-curl": "how do I curl my heel up to work my hamstrings?",
    "lunge": "how do I do a basic lunge?",
    "lateral-lunge": "how do I lunge out to the side?",
    "step-up": "how do I step up onto a bench?",
    "true-hip-flexor-stretch": "what's the best way to stretch my psoas on one knee?",
    "half-kneeling-hip-flexor-quad-stretch": "how do I stretch my quad and hip flexor together while kneeling?",
    "kneeling-wall-hip-flexor-stretch": "how do I stretch my hip flexors kneeling with my foot up the wall?",
    "lizard-stretch": "how do I do the lizard yoga stretch?",
    "quadriceps-stretch": "how do I stretch my quads standing up?",
    "step-back-with-overhead-reach": "how do I step back and reach my arms over my head?",
    "diagonal-lunge-with-rotation": "how do I lunge diagonally and rotate my body?",
    "squat-drop-step": "how do I do a squat with a drop step?",
    "chair-yoga": "is there gentle yoga I can do sitting on a chair?",
    # conditions, treatments and topics
    "sciatica": "what is sciatica and what causes it?",
    "piriformis-syndrome": "what is piriformis syndrome exactly?",
    "pinched-nerve": "what does it mean when a nerve gets pinched in your back?",
    "referred-pain": "can a problem in my back cause pain in my hip?",
    "mononeuropathy": "what is a mononeuropathy?",
    "diabetic-amyotrophy": "I'm diabetic, what is diabetic amyotrophy?",
    "herniated-disc": "what happens when a disc slips in your spine?",
    "spinal-stenosis": "what does it mean if my spinal canal is narrowed?",
    "spinal-osteoarthritis": "can you get osteoarthritis in your spine?",
    "psoriatic-arthritis": "can psoriasis affect my joints and back?",
    "scoliosis": "what is scoliosis?",
    "osteoporosis": "what does osteoporosis do to your bones?",
    "compression-fracture": "what is a compression fracture in the spine?",
    "spinal-fracture": "what happens if you fracture your spine?",
    "cauda-equina-syndrome": "what is cauda equina and why is it serious?",
    "saddle-numbness": "what is saddle anaesthesia?",
    "spinal-epidural-abscess": "what is an abscess on the spine?",
    "cancer-back-pain": "can cancer cause back pain?",
    "si-joint-pain": "what causes pain in the sacroiliac joints?",
    "si-joint-injection": "do injections into the SI joint help?",
    "si-joint-fusion": "what is fusion surgery for the sacroiliac joint?",
    "hip-pain": "why does my hip ache all the time?",
    "hip-osteoarthritis": "what is osteoarthritis in the hip joint?",
    "hip-fracture": "what is a hip fracture?",
    "avulsion-fracture": "what's an avulsion fracture in the pelvis?",
    "hip-bursitis": "what is bursitis of the hip?",
    "greater-trochanteric-pain-syndrome": "what is greater trochanteric pain syndrome?",
    "hip-tendinitis": "can the tendons around my hip get inflamed?",
    "ischiofemoral-impingement": "what is ischiofemoral impingement in the hip?",
    "tight-hip-flexors": "why are my hip flexors so tight?",
    "hip-flexor-muscles": "which muscles are the hip flexors?",
    "hip-flexor-strain": "I think I've strained my hip flexor, what now?",
    "prolonged-sitting": "is sitting at my desk all day bad for my back?",
    "weak-glutes": "how do I know if my glute muscles are weak?",
    "tight-hips": "why do my hips feel so tight?",
    "hip-muscle-imbalance": "do runners and cyclists get muscle imbalances in their hips?",
    "hip-mobility": "how can I get more mobility in my hips?",
    "anterior-pelvic-tilt": "what is anterior pelvic tilt and is it bad?",
    "postpartum-core": "how do I get my core back after giving birth?",
    "lower-back-pain": "what usually causes pain in the lower back?",
    "one-sided-back-pain": "why does only one side of my lower back hurt?",
    "sprains-and-strains": "what's the difference between a back sprain and a strain?",
    "trigger-points": "what are trigger points in the muscles?",
    "pain-severity": "does really severe back pain mean something serious?",
    "red-flags": "what are the red flags with back pain?",
    "imaging": "will I need a scan or an x-ray for my back?",
    "cognitive-functional-therapy": "what is cognitive functional therapy for back pain?",
    "rice": "what does RICE stand for?",
    "kidney-problems": "how can I tell kidney pain from back pain?",
    "interstitial-cystitis": "what is interstitial cystitis?",
    "endometriosis": "can endometriosis cause back pain?",
}


def test_every_exercise_and_condition_has_a_question(bot) -> None:
    ids = set(bot.kb.exercises) | set(bot.kb.conditions)
    missing = sorted(ids - set(QUESTIONS))
    unknown = sorted(set(QUESTIONS) - ids)
    assert not missing, f"write a question for each new entry: {missing}"
    assert not unknown, f"questions for entries that no longer exist: {unknown}"


def test_no_question_is_one_of_its_own_aliases(bot) -> None:
    for topic_id, question in QUESTIONS.items():
        topic = bot.kb.topic(topic_id)
        copied = {a.lower() for a in (topic.name, *topic.aliases)}
        assert question.lower().strip(" ?") not in copied, topic_id


@pytest.mark.parametrize(("topic_id", "question"), list(QUESTIONS.items()), ids=list(QUESTIONS))
def test_the_question_retrieves_its_entry(bot, topic_id: str, question: str) -> None:
    reply = bot.reply(question)
    assert reply.topic == topic_id, (
        f"{question!r}: topic {reply.topic}, intent {reply.intent}, level {reply.level}, "
        f"options {reply.options}"
    )
