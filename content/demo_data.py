"""Demo content for the marketing side of the portal: fictional, written for this project.

Condition explainers, articles, patient stories, curated resources and newsletter issues for the
demo clinics in `clinic.demo_data`. The clinics, clinicians and patients are invented; the
organisations in RESOURCES are real and are linked by their public home pages. The medical prose
aims to be honest about the evidence and is not medical advice.

One article, the draft "Summer special", is deliberately full of claims that break the network's
marketing rules (promised outcomes, absolute safety claims and the like) so that the claims
checker and the review workflow have something to catch. It must never be published.
"""

# --------------------------------------------------------------------------------------------
# Condition pages, keyed by the slugs in clinic.demo_data.CONDITIONS
# --------------------------------------------------------------------------------------------

CONDITION_PAGES: dict[str, dict] = {
    "neuropathic-pain": {
        "summary": (
            "Neuropathic pain comes from damage to, or disease of, the nerves themselves. It often "
            "burns, stings or shoots rather than aches, and can follow diabetes, shingles, "
            "surgery, chemotherapy or an injury."
        ),
        "symptoms": """\
People with nerve pain often describe it quite differently from the ache of a strained muscle.
Common features include:

- burning, stabbing or electric-shock sensations
- tingling, pins and needles or patches of numbness, often in the feet or hands
- pain from things that should not hurt, such as a bedsheet or a light touch (allodynia)
- pain that flares at night and breaks up sleep

The pain may be constant or come in bursts. Tiredness, low mood and poor concentration often come
along with it, partly because of lost sleep.""",
        "causes": """\
Anything that injures or irritates nerves can lead to neuropathic pain. Common causes include:

- diabetes, the most frequent cause of nerve damage in the feet and legs in the US
- shingles, which can leave lasting pain in the affected area (postherpetic neuralgia)
- some chemotherapy drugs
- nerve injury during surgery or an accident, and spinal cord injury
- conditions such as multiple sclerosis, stroke and HIV
- heavy alcohol use and low vitamin B12

Older age and years of high blood sugar raise the risk. In some people no cause is found, even
after a thorough workup.""",
        "treatment": """\
Treating the cause comes first where possible, for example better blood sugar control in diabetes.
For the pain itself, doctors usually start with medicines that calm overactive nerve signals, such
as duloxetine, amitriptyline, gabapentin or pregabalin, along with creams or patches containing
lidocaine or capsaicin. Physical therapy and pain psychology help many people live more fully even
when the pain does not go away.

Ketamine blocks NMDA receptors, which play a part in how the nervous system amplifies pain
signals. Small trials suggest that infusions can ease some kinds of nerve pain for a while, but
the results are mixed and relief often fades within weeks. The FDA has not approved ketamine for
pain, so its use here is off-label. Common side effects during an infusion include dissociation,
nausea and a rise in blood pressure. We may suggest infusions when standard treatments have not
helped enough, as an addition to your plan rather than a replacement for it.""",
        "evidence_level": "limited",
        "evidence_note": (
            "Small trials show short-term relief for some types of nerve pain, but results are "
            "mixed and there is little long-term data."
        ),
        "reviewer": "physician.pasadena",
        "reviewed_days_ago": 64,
    },
    "fibromyalgia": {
        "summary": (
            "Fibromyalgia causes widespread pain, deep tiredness and poor sleep, often with "
            "trouble thinking clearly. It reflects a nervous system that has become more "
            "sensitive to pain, not damage to joints or muscles."
        ),
        "symptoms": """\
Fibromyalgia looks different from person to person, but most people live with:

- pain and stiffness in many parts of the body, lasting three months or more
- fatigue that rest does not fix, and sleep that does not feel refreshing
- "fibro fog": trouble with memory, focus and finding words
- sensitivity to touch, pressure, noise, light or cold
- headaches, irritable bowel symptoms, and low mood or anxiety

Symptoms often come in flares, which may follow stress, illness, poor sleep or doing too much on a
good day.""",
        "causes": """\
The exact cause is not known. Research points to changes in how the brain and spinal cord process
pain signals, sometimes called central sensitization. Factors linked with a higher risk include:

- being female; women are diagnosed more often than men
- a family history of fibromyalgia
- other conditions such as rheumatoid arthritis, lupus or osteoarthritis
- physical or emotional trauma, or a long period of stress
- an illness or infection that seems to set things off

Fibromyalgia does not damage joints or muscles, and it is not "all in your head": the pain is
real.""",
        "treatment": """\
The best-supported treatments are not drugs at all: regular gentle exercise built up slowly, good
sleep habits, pacing, and cognitive behavioral therapy. Duloxetine, milnacipran and pregabalin have
been studied specifically in fibromyalgia and help some people; low-dose amitriptyline is another
option for sleep and pain.

The evidence for ketamine in fibromyalgia is weak. A few small studies found short-lived relief,
and others found little difference from placebo. The FDA has not approved ketamine for pain.
Infusions are not a first step for fibromyalgia. If your physician thinks they are worth trying,
it would be alongside exercise, sleep care and your other treatment, with a clear plan to stop if
they do not help. Dissociation, nausea and raised blood pressure are common during infusions.""",
        "evidence_level": "weak",
        "evidence_note": (
            "A handful of small studies with mixed, short-lived results; exercise, sleep care and "
            "therapy have much better support."
        ),
        "reviewer": "physician.scottsdale",
        "reviewed_days_ago": 120,
    },
    "crps": {
        "summary": (
            "Complex regional pain syndrome (CRPS) is severe, lasting pain, usually in an arm or "
            "leg, that is far out of proportion to the injury that started it, often with swelling "
            "and changes in skin color and temperature."
        ),
        "symptoms": """\
CRPS usually starts after an injury, surgery or fracture, but the pain is far greater and lasts
far longer than expected. Signs include:

- constant burning or throbbing pain in an arm, leg, hand or foot
- strong sensitivity to touch or cold; even clothing can hurt
- swelling, and skin that turns red, blue or blotchy, or feels warmer or cooler than the other side
- changes in sweating, and in hair and nail growth
- stiffness, weakness, tremor or trouble moving the limb

Over time, symptoms can spread within the limb. Early diagnosis and treatment give the best chance
of improvement.""",
        "causes": """\
CRPS seems to involve the nerves, the immune system and the blood vessels reacting too strongly to
an injury, with the brain and spinal cord then keeping the pain signal going. Known triggers and
risk factors include:

- fractures, especially of the wrist, and sprains
- surgery, including minor procedures
- a limb kept still for a long time, for example in a cast
- a direct injury to a nerve (CRPS type II)

It is more common in women and often begins in middle age, though it can affect children and
older adults. Most people who develop it did nothing unusual; it is not caused by anything they
did wrong.""",
        "treatment": """\
CRPS care works best as a team effort. Physical and occupational therapy to keep the limb moving
sit at the center, often with graded motor imagery or mirror therapy, desensitization, pain
psychology, medicines for nerve pain, and sometimes nerve blocks or spinal cord stimulation.

Of all the pain conditions, CRPS has the most research behind ketamine infusions. Randomized trials
found lower pain scores than with placebo for several weeks, with the effect fading by about three
months; improvements in day-to-day function were less clear. The FDA has not approved ketamine for
pain, so this is off-label use. Longer infusion protocols also bring more side effects, such
as dissociation, nausea and raised blood pressure.

For many patients, the aim is to use a period of lower pain to make progress in therapy:

- plan physical therapy sessions for the weeks after infusions
- track pain and function so the effect can be judged honestly
- agree with your physician when a repeat would, or would not, make sense""",
        "evidence_level": "moderate",
        "evidence_note": (
            "Randomized trials show pain relief lasting weeks to about three months; the trials "
            "are small and gains in function are less clear."
        ),
        "reviewer": "physician.pasadena",
        "reviewed_days_ago": 35,
    },
    "migraine": {
        "summary": (
            "Migraine is a neurological condition with recurring attacks of throbbing head pain, "
            "often with nausea and sensitivity to light and sound. Some people have headaches on "
            "15 or more days a month (chronic migraine)."
        ),
        "symptoms": """\
A migraine attack is more than a bad headache. It often includes:

- moderate to severe pain, often on one side and throbbing, lasting from 4 to 72 hours
- nausea or vomiting
- sensitivity to light, sound or smells
- pain that gets worse with routine activity, such as climbing stairs
- for roughly one in four people, an aura beforehand: flashing lights, zigzag lines or tingling

Many people also notice warning signs a day or so ahead, such as yawning, food cravings or a stiff
neck, and feel drained for a day afterwards.""",
        "causes": """\
Migraine runs strongly in families and involves changes in brain activity and in pain pathways
around the blood vessels of the head, including a messenger molecule called CGRP. Things that can
set off attacks in people who are prone to them include:

- changes in sleep, skipped meals and dehydration
- hormonal shifts, especially around menstrual periods
- stress, or the let-down after stress
- alcohol, strong smells, and bright or flickering light
- weather changes

Women are affected about three times as often as men. Taking acute pain medicines on many days a
month can itself make headaches more frequent (medication overuse headache).""",
        "treatment": """\
Migraine care usually has two parts: medicines to stop an attack, such as triptans, gepants or
anti-inflammatories, and prevention when attacks are frequent. Preventive options include
CGRP-targeting medicines, botulinum toxin injections for chronic migraine, and older drugs such as
beta blockers, topiramate or amitriptyline. Regular sleep and meals, exercise and a headache diary
all help.

The evidence for ketamine in migraine is weak. Some hospitals use ketamine infusions for stubborn,
long-lasting attacks, and reports from those settings are encouraging for some patients, but
controlled trials are few and small and their results have been mixed. The FDA has not approved
ketamine for migraine. We consider it only after standard prevention has been tried, always as part
of a wider plan, and with your diary as the measure of whether it helped.""",
        "evidence_level": "weak",
        "evidence_note": (
            "Mostly case series and small trials with mixed results; many well-studied standard "
            "treatments should come first."
        ),
        "reviewer": "physician.scottsdale",
        "reviewed_days_ago": 88,
    },
    "cluster-headache": {
        "summary": (
            "Cluster headache causes attacks of severe pain around one eye, lasting 15 minutes to "
            "3 hours, often at the same time each day for weeks at a stretch. It is rare, but "
            "among the most painful conditions known."
        ),
        "symptoms": """\
- attacks of intense, boring or stabbing pain around or behind one eye or temple, on the same side
  throughout a cluster
- attacks lasting from 15 minutes to 3 hours, up to eight times a day
- a red or watering eye, a drooping eyelid, and a runny or blocked nostril on the painful side
- restlessness: most people pace or rock rather than lie still

Attacks tend to come in "cluster periods" lasting weeks to months, often at the same time of year
and time of night, followed by months without attacks. A smaller group has chronic cluster
headache, with little or no break.""",
        "causes": """\
The cause is not fully understood, but the hypothalamus, the part of the brain that runs the body
clock, seems to play a central role, which may explain the regular timing. Risk factors include:

- being male, although many women have cluster headache too
- smoking, now or in the past
- a family history of cluster headache

During a cluster period, alcohol can trigger an attack within an hour.""",
        "treatment": """\
Standard treatments work well for many people: breathing high-flow oxygen through a mask, or
injected or nasal triptans, to stop attacks; a short course of steroids or a nerve block to break
a cycle; and preventive medicines such as verapamil. A headache specialist is the best guide.

Evidence for ketamine in cluster headache is weak. It comes from small studies without placebo
groups, mostly in people with chronic cluster headache that had not responded to other treatment,
some of whom reported fewer or milder attacks for a time. The FDA has not approved ketamine for
this use. We discuss it only alongside specialist care, and with the usual cautions about
dissociation, raised blood pressure and nausea.""",
        "evidence_level": "weak",
        "evidence_note": (
            "Only small uncontrolled studies, mainly in chronic cluster headache; oxygen, triptans "
            "and verapamil have far more support."
        ),
        "reviewer": "physician.scottsdale",
        "reviewed_days_ago": 512,
    },
    "arthritis": {
        "summary": (
            "Arthritis covers more than 100 conditions that cause joint pain and stiffness, most "
            "commonly osteoarthritis and rheumatoid arthritis. Long-standing arthritis pain can "
            "become partly driven by a sensitized nervous system."
        ),
        "symptoms": """\
- joint pain, stiffness and a reduced range of movement
- morning stiffness: usually under half an hour in osteoarthritis, often longer in inflammatory
  types such as rheumatoid arthritis
- swelling, warmth or redness around joints
- fatigue, especially with inflammatory types
- pain that spreads beyond the joint, or seems out of step with what an X-ray shows""",
        "causes": """\
Osteoarthritis develops as cartilage and the bone beneath it change over time; age, joint injury,
excess weight and family history all raise the risk. Rheumatoid arthritis and other inflammatory
types happen when the immune system attacks the lining of the joints, and are more common in women
and in smokers.

In some people with long-standing arthritis, the nervous system becomes more sensitive to pain
over time. This helps explain why two people with similar X-rays can have very different levels of
pain.""",
        "treatment": """\
Treatment depends on the type of arthritis. Inflammatory arthritis needs a rheumatologist and
disease-modifying medicines, which can protect the joints. For osteoarthritis, the mainstays are
exercise and strengthening, weight management, physical therapy, anti-inflammatory medicines and
joint injections, with joint replacement for some people.

Evidence for ketamine infusions in arthritis is weak. Very little research has looked at it
directly, and what exists is small. The FDA has not approved ketamine for pain. If your physician
considers it, it would only be for pain that seems driven by nerve sensitization and has not
responded to standard care, and it would not replace treatment of the joints themselves.""",
        "evidence_level": "weak",
        "evidence_note": (
            "Almost no direct research; any use rests on general pain research and should follow "
            "standard joint care."
        ),
        "reviewer": "physician.allen",
        "reviewed_days_ago": 436,
    },
    "chronic-back-pain": {
        "summary": (
            "Chronic back pain is pain in the back that lasts more than three months. It is one of "
            "the most common reasons for missed work, and in many people no single structural "
            "cause explains it."
        ),
        "symptoms": """\
- aching, stiffness or sharp pain in the lower, middle or upper back
- pain that runs into the buttock or down a leg (sciatica), sometimes with tingling or numbness
- pain that changes with sitting, standing, bending or lying down
- disturbed sleep, tiredness and low mood as the pain drags on

Seek urgent care for back pain with loss of bladder or bowel control, numbness around the groin,
new leg weakness, fever, or after a serious fall.""",
        "causes": """\
Back pain can come from muscles, ligaments, discs, joints or nerves, but scans often match symptoms
poorly: many people without any pain have disc changes on an MRI. Factors that make it more likely
for back pain to become chronic include:

- previous episodes of back pain
- physically demanding or very sedentary work
- smoking and excess weight
- stress, low mood and poor sleep
- fear of movement, which leads to less activity and more stiffness""",
        "treatment": """\
For most people, the core of treatment is staying active: exercise therapy, physical therapy, yoga
or tai chi, together with cognitive behavioral or other pain-focused psychological therapy.
Medicines, injections and, for some specific problems, surgery may also have a place.

Evidence for ketamine infusions in chronic back pain is weak. Studies are small and the relief
they report has usually been short. The FDA has not approved ketamine for pain. Your physician
may discuss it if your pain has nerve-related features and other treatment has not helped enough,
as a short-term aid to help you stay active, not as a stand-alone answer.""",
        "evidence_level": "weak",
        "evidence_note": (
            "A few small studies with brief effects; exercise, physical therapy and psychological "
            "therapies are better supported."
        ),
        "reviewer": "physician.scottsdale",
        "reviewed_days_ago": 150,
    },
    "phantom-limb-pain": {
        "summary": (
            "Phantom limb pain is pain felt in a part of the body that has been amputated. It is "
            "common after amputation and ranges from brief twinges to constant, distressing pain."
        ),
        "symptoms": """\
- pain that seems to come from the missing limb: burning, cramping, shooting or crushing
- a sense that the missing hand or foot is twisted or stuck in an awkward position
- non-painful phantom sensations, such as itching, warmth or movement
- pain in the remaining part of the limb (residual limb pain), which is a separate problem and
  worth checking on its own

Phantom pain often starts within days or weeks of the amputation. For many people it eases over
time, though for some it continues for years.""",
        "causes": """\
After an amputation, both the cut nerves and the brain's map of the body change. Nerve endings in
the residual limb can become overactive or form small tangles called neuromas, and the spinal cord
and brain may keep producing pain from the missing part. Factors linked with phantom pain include:

- severe pain in the limb before the amputation
- pain in the residual limb after surgery
- a poorly fitting prosthesis, which can aggravate residual limb pain""",
        "treatment": """\
Treatment often combines several approaches: checking the residual limb and the fit of the
prosthesis, mirror therapy and graded motor imagery, medicines for nerve pain, and physical and
psychological therapy. Peer support from other people with limb loss helps many.

Evidence for ketamine in phantom limb pain is weak. Small studies found that ketamine can lower
phantom pain during and shortly after an infusion, but few looked at lasting benefit, and results
varied. The FDA has not approved ketamine for pain. It may be worth discussing when pain stays
severe despite other treatment, as part of a broader plan, with the usual side effects of
dissociation, nausea and raised blood pressure in mind.""",
        "evidence_level": "weak",
        "evidence_note": (
            "Small studies show short-term relief during or soon after an infusion; lasting "
            "benefit has not been shown."
        ),
        "reviewer": "physician.pasadena",
        "reviewed_days_ago": 210,
    },
    "cancer-related-pain": {
        "summary": (
            "Cancer-related pain can come from the tumor itself, from treatment such as surgery, "
            "chemotherapy or radiation, or from both. It can change over time and usually needs "
            "more than one kind of treatment."
        ),
        "symptoms": """\
- aching or pressure where a tumor presses on bone, organs or nerves
- burning, tingling or numbness from nerve damage, for example after chemotherapy
- pain after surgery or radiation that lasts longer than expected
- sudden "breakthrough" pain on top of steady background pain

Pain affects sleep, mood, appetite and the energy to cope with treatment, so it is worth raising
with your care team early rather than waiting.""",
        "causes": """\
Cancer pain often has several sources at once:

- the cancer growing into or pressing on bone, nerves or organs
- nerve damage from chemotherapy (chemotherapy-induced peripheral neuropathy)
- scar tissue and nerve injury after surgery
- the effects of radiation on skin, nerves or other tissues
- other conditions, such as arthritis, that do not stop because of a cancer diagnosis

Who develops severe pain depends on the type and stage of the cancer and on the treatment
given.""",
        "treatment": """\
Your oncology and palliative care teams lead cancer pain care. It usually combines regular pain
medicines, including opioids where needed, with medicines for nerve pain, radiation or procedures
for specific sites, and support for sleep, mood and daily life. Palliative care is available at
any stage of illness, not only at the end of life.

Ketamine has a long history as an add-on in palliative care, mainly for pain that responds poorly
to opioids. The evidence is limited: some studies and clinical experience support it, while a
well-known randomized trial found no clear benefit over placebo and more side effects. The FDA has
not approved ketamine for pain. Any infusions at our clinics are planned together with your
oncology team, never instead of it.""",
        "evidence_level": "limited",
        "evidence_note": (
            "Small studies and long clinical use support ketamine as an add-on to opioids, but a "
            "randomized trial found no clear benefit."
        ),
        "reviewer": "physician.pasadena",
        "reviewed_days_ago": 97,
    },
    "depression": {
        "summary": (
            "Depression is more than sadness: a lasting low mood or loss of interest, with changes "
            "in sleep, energy and thinking. When two or more antidepressants have not helped "
            "enough, it is often called treatment-resistant depression."
        ),
        "symptoms": """\
Depression is diagnosed when several of these last for at least two weeks and get in the way of
daily life:

- low, empty or hopeless mood for most of the day
- loss of interest or pleasure in things you used to enjoy
- sleeping much more or much less than usual
- changes in appetite or weight
- tiredness, and slowed thinking or movement
- feelings of worthlessness or guilt
- trouble concentrating or making decisions
- thoughts of death or suicide

If you are thinking about suicide, call or text 988 now, at any time of day or night.""",
        "causes": """\
Depression arises from a mix of biology, life history and circumstances. Factors that raise the
risk include:

- a family history of depression or other mood disorders
- trauma, abuse or major losses, especially in childhood
- long-term stress, isolation or money worries
- chronic pain and other long-term illness
- some medicines, and alcohol or drug use
- hormonal changes, including after childbirth

A sizable minority of people do not recover after trying two or more antidepressants at a proper
dose and for long enough. This is what doctors usually mean by treatment-resistant depression.""",
        "treatment": """\
Talking therapies, antidepressant medicines, exercise and support from others help many people.
For depression that has not responded, options include changing or combining medicines,
transcranial magnetic stimulation (TMS), electroconvulsive therapy (ECT) and ketamine-based
treatments.

The FDA has approved esketamine nasal spray (Spravato) for adults with treatment-resistant
depression, and, together with an oral antidepressant, for depressive symptoms in adults with major
depressive disorder who have suicidal thoughts or actions. It is given in a certified clinic,
followed by at least two hours of observation.

IV ketamine is used off-label. Several randomized trials show that it can lift mood within hours
to days in some people, but the effect of a single infusion usually wears off within a week or
two, which is why it is given as a series. Results vary, and not everyone responds. During
treatment, dissociation, raised blood pressure and nausea are common, and ketamine has potential
for misuse. Infusions work best alongside ongoing psychiatric care and therapy.""",
        "evidence_level": "moderate",
        "evidence_note": (
            "The FDA has approved esketamine nasal spray for treatment-resistant depression; IV "
            "ketamine is off-label, with good short-term trial data."
        ),
        "reviewer": "physician2.pasadena",
        "reviewed_days_ago": 22,
    },
    "anxiety": {
        "summary": (
            "Anxiety disorders involve worry or fear that is out of proportion to the situation, "
            "hard to control, and gets in the way of daily life. They include generalized anxiety, "
            "panic disorder and social anxiety."
        ),
        "symptoms": """\
- constant worry that is hard to switch off
- restlessness, feeling on edge, or tiring easily
- muscle tension, headaches or an upset stomach
- trouble sleeping
- sudden surges of fear with a racing heart, breathlessness or dizziness (panic attacks)
- avoiding places, people or situations because of fear

Anxiety often occurs together with depression, chronic pain or substance use, and each can make
the others harder to treat.""",
        "causes": """\
- family history and temperament; some people are more anxious from childhood
- stressful or traumatic experiences
- long-term health problems, including chronic pain
- caffeine, alcohol and some medicines, and withdrawal from others
- medical causes such as an overactive thyroid, which are worth ruling out

Anxiety disorders are among the most common mental health conditions in the US, and are diagnosed
more often in women than in men.""",
        "treatment": """\
Cognitive behavioral therapy and SSRI or SNRI antidepressants are the best-supported treatments,
and help most people. Exercise, good sleep, and cutting back on caffeine and alcohol help too.

Research on ketamine for anxiety is limited. Small trials, mostly in people whose anxiety persisted
despite standard treatment, and studies of depression with prominent anxiety, suggest that some
people feel less anxious for a period after treatment. The FDA has not approved ketamine for
anxiety. It can itself cause short-lived anxiety or a sense of unreality during an infusion, which
we talk through beforehand. We consider it only when standard treatment has not helped enough, and
alongside therapy.""",
        "evidence_level": "limited",
        "evidence_note": (
            "Small trials suggest short-term benefit in hard-to-treat anxiety; larger controlled "
            "studies are still needed."
        ),
        "reviewer": "physician2.pasadena",
        "reviewed_days_ago": 180,
    },
    "ptsd": {
        "summary": (
            "Post-traumatic stress disorder (PTSD) can follow a frightening or life-threatening "
            "event, bringing intrusive memories, avoidance, feeling constantly on guard and "
            "changes in mood that last more than a month."
        ),
        "symptoms": """\
- intrusive memories, nightmares or flashbacks of the event
- avoiding reminders: places, people, conversations or thoughts
- feeling on edge, jumpy or irritable, or unable to relax or sleep
- negative changes in mood and beliefs, such as guilt, shame or emotional numbness
- feeling cut off from other people

Symptoms usually start within three months of the trauma but can appear years later. PTSD often
occurs together with depression, chronic pain, and alcohol or drug use.""",
        "causes": """\
PTSD can follow combat, assault, abuse, accidents, disasters, a sudden loss or a frightening
medical experience. Not everyone exposed to trauma develops it. The risk is higher with:

- trauma that is repeated or prolonged, or that involves violence by another person
- earlier trauma, especially in childhood
- little support afterwards
- additional stress, such as injury, job loss or money problems
- a personal or family history of mental health problems""",
        "treatment": """\
Trauma-focused psychotherapies, such as prolonged exposure, cognitive processing therapy and EMDR,
have the strongest evidence and are the first choice. Some antidepressants, such as sertraline,
paroxetine or venlafaxine, also help.

Research on ketamine for PTSD is limited. Some small randomized trials found a quick drop in
symptoms after infusions, while a larger multi-site study in veterans did not find a clear benefit
over the comparison treatment. The FDA has not approved ketamine for PTSD. When we use it, it is
alongside trauma-focused therapy, and we coordinate with your therapist. Dissociation during an
infusion can feel unsettling for people with trauma, so we plan for it together. Veterans can
also get care through the VA.""",
        "evidence_level": "limited",
        "evidence_note": (
            "Small trials show rapid short-term benefit, but a larger veterans' study was "
            "negative; trauma-focused therapy remains first-line."
        ),
        "reviewer": "physician2.pasadena",
        "reviewed_days_ago": 45,
    },
    "ocd": {
        "summary": (
            "Obsessive-compulsive disorder (OCD) involves unwanted, distressing thoughts "
            "(obsessions) and repeated actions or mental rituals (compulsions) meant to relieve "
            "them. It can take hours each day."
        ),
        "symptoms": """\
- unwanted, intrusive thoughts, images or urges, such as fears of contamination, of causing harm,
  or of doing something wrong
- repeated behaviors such as washing, checking, counting or arranging
- mental rituals, such as repeating phrases, reviewing events or seeking reassurance
- a sense that something terrible will happen if a ritual is not done
- avoiding situations that set off obsessions

Most people with OCD know their fears are excessive, which does not make them any easier to
resist.""",
        "causes": """\
OCD tends to run in families and involves differences in brain circuits linking the frontal lobes
with deeper structures. Risk factors include:

- a parent or sibling with OCD
- onset in childhood or adolescence; most people have symptoms by their early twenties
- stressful life events, which can trigger or worsen symptoms
- in some children, a sudden onset after an infection""",
        "treatment": """\
Exposure and response prevention (ERP), a form of cognitive behavioral therapy, is the
best-supported treatment, often together with an SSRI, usually at a higher dose than is used for
depression. For severe OCD that does not respond, specialist programs, TMS and, rarely, surgery are
options.

Evidence for ketamine in OCD is weak. A small number of short studies found that some people had
fewer obsessions for a few days after an infusion while others did not, and lasting benefit has
not been shown. The FDA has not approved ketamine for OCD. If it is considered at all, it should
sit alongside ERP, for example to help someone engage with therapy.""",
        "evidence_level": "weak",
        "evidence_note": (
            "Only a few small, short studies with mixed findings; ERP therapy and SSRIs have far "
            "better support."
        ),
        "reviewer": "physician2.pasadena",
        "reviewed_days_ago": 260,
    },
}

# --------------------------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------------------------

_BODY_INFUSION_DAY = """\
Most people arrive for their first infusion with a mix of hope and nerves. Knowing how the next
few hours will go helps with the nerves. This is a general outline; the instructions your own
clinic gives you always come first.

## The day before

- **Arrange your ride.** You will need an adult to take you home. Most clinics will not send you
  home alone in a taxi or rideshare, and you should not drive until the next day, after a full
  night's sleep.
- **Check the eating and drinking rules.** Many clinics ask you to stop solid food several hours
  beforehand, because nausea is a common side effect. Clear fluids are often allowed until closer
  to the time. Ask for the exact rule.
- **Bring a list of your medicines.** Keep taking them unless your physician says otherwise. Some,
  such as benzodiazepines or certain seizure medicines, can change how ketamine works, and blood
  pressure medicines matter because ketamine raises blood pressure for a while.
- **Plan a quiet evening.** Clear your schedule for the rest of the day.

## When you arrive

A nurse checks your blood pressure, heart rate and oxygen level, and you fill in a short
questionnaire about your mood or pain. These scores are how you and your physician will judge,
over several visits, whether treatment is helping. The nurse then places a small IV line in your
hand or arm, and attaches a blood pressure cuff and a clip on your finger that tracks your oxygen.

Wear comfortable clothes with sleeves that roll up easily, and bring a layer: many people feel
cool during an infusion. Headphones and an eye mask help too, and most clinics have both.

## During the infusion

The medicine runs through a pump at a slow, steady rate. Infusions for depression commonly last
about 40 to 60 minutes; some pain protocols run for several hours.

Within the first few minutes most people notice something changing. Common descriptions include
feeling light or heavy, feeling a step removed from your body, sounds and colors seeming
different, and time stretching out. Some people find this pleasant, some find it strange, and a
few find it unsettling. It fades when the pump stops. If it becomes too much, tell the nurse, who
can slow the rate or stop.

Your nurse stays with you throughout, watching the monitors. A rise in blood pressure is expected
and usually settles; if it climbs too far, the infusion is slowed. Nausea can be treated with
medicine.

## Afterwards

Most of the effects wear off within 30 to 60 minutes of the pump stopping. You rest in the chair,
have a drink and a snack, and the nurse checks your vital signs and how steady you are on your
feet before your companion takes you home.

For the rest of the day:

- do not drive, cycle or use machinery
- avoid alcohol, and any sedating medicines that were not prescribed to you
- put off important decisions and signing documents
- expect to feel tired; a nap is a good idea

Many people feel back to normal the next morning. Some have a mild headache or feel a little flat
for a day.

## If something worries you

Call your clinic if you feel unwell after you get home. If you are having thoughts of suicide or
of harming yourself, call or text 988, or visit the
[988 Suicide & Crisis Lifeline](https://988lifeline.org/), at any hour.

You can find opening hours and phone numbers for each location on our [clinics page](/clinics/),
and read more about the conditions we treat, such as [depression](/conditions/depression/) and
[CRPS](/conditions/crps/)."""

_BODY_SERIES = """\
People are often surprised that ketamine treatment is rarely a single visit. Here is why most
plans involve a series of infusions, what happens afterwards, and how boosters fit in.

## Why a series?

In depression research, one infusion often lifted mood within a day, but the effect usually faded
within about a week. Studies that gave repeated infusions, commonly six over two to three weeks,
found that some people kept their improvement for longer. Many clinics therefore offer a first
series of six, given two or three times a week.

Pain protocols differ. Some use longer infusions on several days in a row, as in the five-day
protocol used for some patients with [CRPS](/conditions/crps/), while others use the same shorter
sessions as for mood. Your physician chooses a plan based on your condition, your health and how
you respond.

## Checking whether it is working

Before each infusion you fill in a short questionnaire about your mood or pain. Your physician
looks at how these scores change, alongside what you and the people close to you notice in daily
life: sleep, energy, getting out of the house, doing things you had stopped doing.

Not everyone responds. If there is no meaningful change after three or four infusions, your
physician may suggest stopping rather than finishing the series. That conversation is part of good
care, not a failure on your part, and it should not depend on what you have already paid.

## After the series

How long any benefit lasts varies widely. Some people feel better for months, some for a few
weeks, and some notice the effect fading within days. A follow-up visit two to four weeks after
your last infusion is a good moment to take stock together.

## Boosters

A booster is a single infusion for someone who responded to a series and whose symptoms are
starting to return. There is no fixed schedule. Some patients need one every few weeks, others
every few months, and some none at all. The aim is the fewest boosters that keep you well, and
research on repeated boosters over long periods is still thin.

Because frequent, long-term ketamine use carries risks, including bladder irritation, liver changes
and the potential for misuse or dependence, your physician reviews each request for a booster.
Expect questions about passing urine, how you are sleeping and any other substance use. Please
tell us about new symptoms, even if they seem unrelated.

## Packages and paying

Our clinics offer package prices for a series. Before you buy one, ask:

- What happens to unused sessions if my physician recommends stopping?
- Can sessions be moved if I am unwell?
- Are follow-up visits included?

Our article on paying for treatment covers insurance and payment plans in more detail.

## The rest of your care

Infusions are one part of a plan, not the whole of it. Therapy, medicines, physical therapy, sleep
and movement all continue during and after a series, and an infusion may help most when it opens a
window to make progress in those areas. Keep your other clinicians informed, and ask us to share
notes with them. You can see which services each location offers on the [clinics page](/clinics/),
and read about [depression](/conditions/depression/) and other conditions we treat."""

_BODY_CRPS = """\
Complex regional pain syndrome is one of the few pain conditions in which ketamine infusions have
been tested in randomized, placebo-controlled trials. That makes it a good place to look at what
the research can and cannot tell us.

## Why ketamine might help

In CRPS, the nervous system seems to keep amplifying pain long after the original injury has
healed. Part of this process runs through NMDA receptors in the spinal cord and brain. Ketamine
blocks those receptors, and the idea is that a period of blockade may turn down the volume on pain
signals for a while.

## What the trials found

Two randomized trials published in 2009 are the most often cited:

- A study from the United States gave outpatient infusions lasting a few hours on each of ten days,
  compared with saline. People in the ketamine group reported less pain in the weeks that
  followed.
- A study from the Netherlands gave a continuous low-dose infusion in hospital for about four days.
  Pain scores were lower than with placebo for several weeks, but by around three months the
  difference had gone, and measures of day-to-day function did not clearly improve.

Observational studies and case series since then have reported similar short-to-medium-term
relief, with wide variation between patients.

In 2018, US pain medicine and anesthesia societies published consensus guidelines on ketamine
infusions for chronic pain. They rated the evidence for short-term improvement in CRPS as moderate,
and the evidence for most other chronic pain conditions as weak or limited. We use the same grading
on our condition pages.

## Why "moderate" and not more

- **The trials were small.** Each enrolled well under a hundred patients.
- **Blinding is hard.** Most people can tell when they have had ketamine because of how it feels,
  which can color how they rate their pain.
- **Relief tends to fade.** The benefit in trials lasted weeks to a few months.
- **Side effects were common.** Especially with the longer protocol, many patients had nausea,
  vomiting, dissociation or unpleasant psychological effects.
- **The FDA has not approved ketamine for pain.** Using it for CRPS is off-label, which is legal
  and common, but no regulator has reviewed it for this purpose.

## What this means if you have CRPS

Moderate evidence means there are reasonable grounds to try infusions in carefully selected
patients, not that they will work for everyone. In practice:

- Infusions are usually considered when physical therapy, medicines and other treatment have not
  given enough relief.
- Many physicians see the weeks of lower pain as a window for progress in therapy: moving the limb
  more, desensitization, graded motor imagery. Plan those sessions for the weeks after your
  infusions.
- Keep your whole team involved, including your physical or occupational therapist and whoever
  manages your medicines.
- Track pain, sleep and what you can do each day, so that the effect can be judged honestly.
- Agree in advance what would count as a worthwhile result, and what happens if there is none.

## Questions to bring to your consultation

- Which protocol do you recommend for me, and why?
- Which side effects do your patients most often have with it?
- How will we decide whether to repeat it?
- How will it fit with my physical therapy?

You can read more about the condition on our [CRPS page](/conditions/crps/), or find a location
that offers extended pain infusions on the [clinics page](/clinics/)."""

_BODY_ESKETAMINE = """\
If you live with depression that has not eased with antidepressants, you may have heard of both
Spravato and ketamine infusions. They are related but not the same, and the differences matter
when you and your psychiatrist are deciding what to try.

## Two forms of one molecule

Ketamine is made of two mirror-image forms of the same molecule. Esketamine is one of those forms
on its own. IV ketamine, the kind given in infusion clinics, contains both.

## What the FDA has and has not approved

The FDA has approved esketamine nasal spray (Spravato) for adults with treatment-resistant
depression, and, together with an oral antidepressant, for depressive symptoms in adults with major
depressive disorder who have suicidal thoughts or actions. It was studied in large trials for those
uses, some with clearer results than others.

Ketamine itself has long been approved as an anesthetic. Using IV ketamine for depression is
off-label: legal, common and supported by a number of randomized trials, but never reviewed by the
FDA for that purpose.

## How they compare

- **How it is given.** Esketamine is a nasal spray you use yourself under supervision. IV ketamine
  runs through a drip, at a dose your physician sets by body weight.
- **Where.** Esketamine may only be given in a certified healthcare setting, followed by at least
  two hours of observation. IV ketamine is given in a clinic with monitoring throughout.
- **Schedule.** Esketamine usually starts twice a week for four weeks, then weekly, then weekly or
  every other week. IV ketamine is often given as six infusions over two to three weeks, followed
  by boosters if needed.
- **Speed.** In people who respond, both can improve mood within hours to days.
- **Cost.** Many insurance plans cover esketamine, usually after prior authorization. IV ketamine
  for depression is usually self-pay.
- **Evidence.** Esketamine has the larger formal trial program; IV ketamine has a long record of
  smaller trials. Studies comparing the two directly are few, so it is not clear that either works
  better overall.

## Side effects they share

Both commonly cause dissociation, dizziness, nausea, sleepiness and a temporary rise in blood
pressure. Both are controlled substances with potential for misuse, and frequent heavy use of
ketamine has been linked to bladder problems. Esketamine carries a boxed warning, the FDA's
strongest, about risks including sedation, dissociation, misuse, and suicidal thoughts and
behaviors. After either treatment, you should not drive until the next day, after a night's
sleep.

## Which is right for you?

That is a conversation for you and your psychiatrist. Things that often shape it include:

- your insurance, and what you can afford
- how far you live from a clinic, and how often you can get there
- your blood pressure and other health conditions
- how you responded to earlier treatment
- whether you prefer a fixed, label-based schedule or a more flexible plan

Whichever you choose, it works best alongside ongoing care: your antidepressant if you take one,
therapy, and regular check-ins. Results vary, and some people do not respond to either. Some of our
clinics offer both options; see the [clinics page](/clinics/) and our
[depression page](/conditions/depression/).

If you are thinking about suicide, call or text 988 at any time, or go to the nearest emergency
room."""

_BODY_SAFETY = """\
Ketamine has been used in operating rooms and emergency departments for decades, and at the lower
doses used in infusion clinics most people tolerate it well. It still has real side effects, and
some people should not have it. Here is what to expect, and how we watch over you.

## During the infusion

Common effects, which usually fade within an hour of the pump stopping:

- **Dissociation:** feeling detached from your body or surroundings, dreamlike or floaty
- **Changes in perception:** blurred or double vision, sounds seeming distant, time stretching
- **Raised blood pressure and heart rate,** usually for the length of the infusion
- **Nausea,** sometimes with vomiting
- **Dizziness and drowsiness**
- **Anxiety or confusion** in the moment, which for a few people is intense

## In the hours afterwards

Tiredness, headache, unsteadiness and a foggy feeling are common for the rest of the day. That is
why you need someone to take you home, and must not drive until the next day.

## With frequent or heavy use

Most of what is known here comes from people who use ketamine recreationally, often daily and at
high doses, but it is the reason we are careful with repeated treatment:

- **Bladder problems:** pain, needing to pass urine urgently and often, and blood in the urine. In
  severe cases the bladder can be badly and lastingly damaged.
- **Liver and bile duct changes**
- **Memory and thinking problems**
- **Misuse and dependence:** ketamine is a Schedule III controlled substance because it can be
  misused. Tell us about any past or present substance use. It does not automatically rule you
  out, but it shapes the plan.

## Who may not be suitable

Your physician will go through your history at the consultation. Ketamine may be unsafe, or need
extra care, if you have:

- high blood pressure that is not well controlled, or serious heart or blood vessel disease
- a history of psychosis, such as schizophrenia, or of mania
- a current pregnancy, or plans for one
- significant liver disease
- an active substance use problem

## How we monitor you

- a screening consultation with a physician before any treatment
- blood pressure, heart rate and oxygen levels checked before you start
- continuous oxygen monitoring and regular blood pressure readings during the infusion
- a nurse with you for the whole infusion, able to slow or stop it
- medicine for nausea or high blood pressure if needed
- a check of your vital signs and steadiness before you leave
- a call the next day, and questions about mood, sleep and urinary symptoms at each visit

## What you can do

- Give us a complete list of your medicines and supplements, and update it when anything changes.
- Do not drink alcohol on infusion days.
- Tell us straight away about pain or burning when you pass urine, or blood in your urine.
- Tell us if you notice cravings for ketamine or for the feeling it gives.
- Be honest about how you feel during infusions; many effects ease when the rate is adjusted.

Side effects and benefits both vary from person to person. If something does not feel right, call
your clinic; you will find every location's number on the [clinics page](/clinics/). If you are in
crisis, call or text 988. For more on how treatment is used for specific conditions, see our pages
on [depression](/conditions/depression/) and [neuropathic pain](/conditions/neuropathic-pain/)."""

_BODY_FIBRO = """\
People with fibromyalgia often describe a familiar pattern: on a good day you catch up on
everything you could not do last week, and then spend the next three days in bed. Pacing and sleep
care are two of the most useful tools for breaking that pattern. They are not glamorous, but they
have better research behind them than any infusion.

## Pacing: finding your baseline

Pacing means doing a steady amount of activity on good days and bad days alike, rather than
swinging between too much and too little.

1. **Keep a simple activity log for a week or two.** Note what you did, for how long, and how you
   felt that evening and the next day.
2. **Find your baseline.** This is the amount of an activity you can do on most days without a
   flare afterwards. It is often less than you expect.
3. **Start a little below it.** Break tasks into chunks: vacuum one room, then sit down.
4. **Rest before you need to.** Set a timer so that you stop while you still feel able to carry
   on.
5. **Build up slowly.** Add a small amount every week or two, if your body allows it.

Gentle movement is part of pacing, not the opposite of it. Walking, water-based exercise, tai chi
and yoga have the most support in fibromyalgia. Start with a few minutes and build from there.

## Sleep: protecting the basics

Poor sleep and pain feed each other. Some habits that help:

- get up at the same time every day, including weekends
- keep naps short, and before mid-afternoon
- cut back on caffeine after midday and on alcohol in the evening
- give yourself a wind-down hour with dim light and no work email
- if you lie awake for a long time, get up and do something calm until you feel sleepy

Cognitive behavioral therapy for insomnia (CBT-I) is a structured program that helps many people
with chronic pain. Ask your doctor about it, and about checking for sleep apnea or restless legs,
which are common and treatable.

## Where ketamine infusions fit

We want to be straightforward: the evidence for ketamine in fibromyalgia is weak. A few small
studies found short-lived relief; others found little difference from placebo. The FDA has not
approved ketamine for pain. Medicines such as duloxetine, milnacipran and pregabalin have been
studied far more thoroughly in fibromyalgia, and help some people.

If your pain has not improved with exercise, sleep care, therapy and medicines, your physician may
talk with you about whether an infusion trial is reasonable. If you go ahead:

- agree beforehand how you will measure the effect, such as a pain score and a daily activity goal
- keep pacing during and after the series, rather than using a better week to overdo it
- expect side effects such as dissociation and nausea on infusion days, and plan a quiet evening
- plan to stop if there is no clear benefit after a few sessions

## Getting support

Living with fibromyalgia is tiring in ways that are hard to explain to others. Peer groups, a good
physical therapist and a counselor who understands chronic pain can all make a difference. Our
[fibromyalgia page](/conditions/fibromyalgia/) has more background, and each of our
[clinics](/clinics/) can talk through your options at a consultation."""

_BODY_MIGRAINE_DIARY = """\
At almost every migraine appointment at Desert Bloom, one of the first things Dr. Brooks asks is
how many headache days you have had in the past month. A good diary turns that question from a
guess into an answer, and it is one of the most useful things you can bring to a visit.

## Why a diary matters

- **It shows the pattern.** Headache on 15 or more days a month for three months or longer, with
  migraine features on at least eight of those days, is called chronic migraine, and it is
  treated differently.
- **It catches medication overuse.** Taking acute pain medicines on many days a month can make
  headaches more frequent. A diary makes this easy to spot.
- **It helps with insurance.** Many plans ask for documented headache days before they cover
  preventive treatment.
- **It lets us judge any treatment fairly,** including whether something we try is worth keeping.

## What to record

Keep it short enough that you will actually do it. For each headache:

- the date, the time it started and the time it ended
- how bad it was at its worst, from 0 to 10
- what it felt like: one side or both, throbbing, with nausea, sensitive to light or sound
- any aura beforehand, such as flashing lights or tingling
- what you took, the dose and the time, and whether it helped within two hours
- whether you missed work, school or plans

Once a day, even on headache-free days, jot down:

- hours of sleep, and roughly when
- skipped meals, and how much water you drank
- the day of your menstrual cycle, if relevant
- your stress level, from low to high
- anything unusual, such as travel, alcohol or a change in medicine

Paper, a spreadsheet or a phone app all work. Pick one and stick with it.

## A word on triggers

A diary can hint at triggers, but be cautious about drawing conclusions from a single week. Some
apparent triggers are early signs of an attack that was already starting: a craving for chocolate,
for example, can come before a migraine rather than cause it. Look for patterns over two or three
months before cutting things out of your life.

## Where infusions fit

Many people with migraine do well with standard treatment: medicines to stop attacks, and
prevention such as CGRP-targeting medicines, botulinum toxin injections for chronic migraine, or
older preventive drugs. The evidence for ketamine in migraine is weak, and the FDA has not approved
ketamine for migraine. Dr. Brooks may discuss an infusion trial only when standard prevention has
not helped enough, and your diary is how we would tell whether it made a difference.

## When not to wait for your next visit

Call 911 or go to an emergency room for a sudden, severe headache that peaks within a minute; a
headache with weakness, confusion or trouble speaking; a headache with a stiff neck and fever; or a
headache after a head injury.

## Bring it in

Bring your diary, or a summary of it, to your next appointment. Our Sunday hours make it easier to
come in without taking time off work; you will find them on the [clinics page](/clinics/). There is
more background on our [migraine page](/conditions/migraine/)."""

_BODY_QUESTIONS = """\
A first consultation is your chance to find out whether ketamine treatment makes sense for you, and
whether a particular clinic is the right place for it. It is also the physician's chance to decide
whether it is safe for you. Here are questions worth bringing, with a note on why each one matters.

## Whether it suits you

1. **"Based on my history, what do you expect ketamine could realistically do for me?"** A good
   answer will be specific and cautious, and will mention that results vary.
2. **"What is the evidence for my condition?"** For CRPS it is moderate. For treatment-resistant
   depression it is also moderate: the FDA has approved esketamine nasal spray for
   treatment-resistant depression, while IV ketamine is used off-label. For many other
   conditions, the evidence is weak or limited. You can compare our [condition pages](/conditions/).
3. **"What else should I try first, or alongside it?"** Ketamine is rarely the only treatment
   worth considering.
4. **"Is there anything in my health that makes this riskier?"** For example, blood pressure,
   heart problems, past psychosis, pregnancy or substance use.

## The treatment itself

5. **"Which protocol do you use, and how long is each session?"** Depression and pain protocols can
   differ a great deal in length and dose.
6. **"Who will be with me during the infusion?"** Ask who monitors you and what training they have.
7. **"Which side effects do your patients most often have, and how do you handle them?"** Expect to
   hear about dissociation, nausea and raised blood pressure.

## Judging results

8. **"How will we know if it is working, and when would you recommend stopping?"** Look for a
   clinic that measures progress and is willing to stop when treatment is not helping.
9. **"How often do your patients need boosters, and how do you decide?"** Frequent long-term use
   has risks, including bladder problems and misuse, so there should be a clear policy.

## Cost and coordination

10. **"What is the full cost, and what happens if I stop early?"** Ask about package terms, and
    whether the consultation fee counts towards treatment.

A few more practical points:

- Will you share notes with my psychiatrist, therapist or pain specialist?
- Whom do I call if I feel unwell on the evening after an infusion?
- Can I have my first consultation by video?

## Before you go

Bring a list of your medicines, the treatments you have tried and how they went, and any recent
records. Some people find it useful to bring a family member or friend, who can also be the ride
home if you go on to have infusions.

Write down the answers, and take time to decide. A good clinic will not pressure you to sign up on
the day, and will be glad you asked. You can book a consultation at any of our
[clinics](/clinics/), in person or, at most locations, by video. If you have fibromyalgia or
chronic back pain, it is worth reading our pages on [fibromyalgia](/conditions/fibromyalgia/) and
[chronic back pain](/conditions/chronic-back-pain/) first, where the evidence is weaker."""

_BODY_PTSD = """\
Patients with PTSD sometimes ask whether ketamine infusions could replace therapy. Our answer is
no. This article explains why we see infusions, where they are used at all, as a support for
trauma-focused therapy rather than an alternative to it.

## What the research says

Ketamine for PTSD has been studied in a handful of randomized trials. Some small studies found that
symptoms such as intrusive memories and avoidance dropped quickly after one or more infusions, with
the effect fading over the following weeks. A larger multi-site study of repeated infusions in
veterans did not find a clear difference from the comparison group. Overall the evidence is
limited, and the FDA has not approved ketamine for PTSD.

By contrast, trauma-focused psychotherapies have been tested in many trials and are recommended as
first-line treatment by US guidelines, including those of the VA and the Department of Defense.
They include:

- **Prolonged exposure (PE),** which gradually helps you approach memories and situations you have
  been avoiding
- **Cognitive processing therapy (CPT),** which works on the beliefs trauma can leave behind, such
  as guilt and self-blame
- **Eye movement desensitization and reprocessing (EMDR)**

## Why combine them?

The idea behind pairing infusions with therapy is that a period of lower distress may make it
easier to engage with the hard work of therapy. Early studies are exploring this, but it has not
been tested well enough to say how much it adds. What we can say is that improvement from
infusions alone tends to fade, while the skills and changes built in therapy are yours to keep.

## How we coordinate care

If you and your physician decide an infusion trial is reasonable:

- we ask your permission to talk with your therapist before starting
- we try to schedule therapy sessions in the days after infusions rather than on the same day,
  since you will be tired
- where possible, we measure symptoms with the same questionnaire your therapist uses
- we agree on what would count as a worthwhile change, and when to stop

If you do not have a therapist yet, we can help you find one. Veterans can get trauma-focused
therapy through the VA, and the [National Center for PTSD](https://www.ptsd.va.gov/) explains what
each therapy involves.

## What infusions can feel like with PTSD

Dissociation during an infusion can feel unfamiliar, and for some people with trauma it can bring
up a sense of losing control. We talk this through at your consultation. You can keep the lights
on, choose your music, have the nurse check in often, and ask to slow down or stop at any time.
Some people prefer to keep their eyes open, and that is fine.

Other side effects include raised blood pressure, nausea and dizziness. Ketamine can be misused, so
we ask about alcohol and drug use, which often go along with PTSD, and plan with that in mind.

## If you are struggling now

If you are having thoughts of suicide, call or text 988. Veterans can dial 988 and press 1.

Read more on our [PTSD page](/conditions/ptsd/), or talk to a physician at one of our
[clinics](/clinics/)."""

_BODY_COSTS = """\
Cost is one of the first questions people ask, and one of the hardest to answer in a sentence.
Here is an honest overview of what ketamine treatment usually costs, what insurance tends to cover,
and what to ask before you commit.

## Why insurance usually does not pay for infusions

The FDA has not approved ketamine for pain, or for depression or other psychiatric conditions,
so IV infusions for these conditions are off-label. Most health plans do not cover them, and most
infusion clinics, including ours, ask patients to pay directly.

There are exceptions. Some plans cover parts of care, such as the consultation or a follow-up visit
with a physician, and occasionally a plan agrees to cover infusions for a specific patient after a
request or appeal from the physician. It does no harm to ask your plan, in writing, before you
start.

Esketamine is different. The FDA has approved esketamine nasal spray for adults with
treatment-resistant depression, so many plans cover it, usually after prior authorization and a
record of the antidepressants you have already tried. Our article comparing esketamine and IV
ketamine explains more.

## What treatment costs

Prices vary by region, protocol and clinic. At our clinics, listed on each location's page under
[clinics](/clinics/):

- a single standard infusion costs roughly $475 to $550
- a six-infusion series is offered as a package at a lower total price
- extended pain infusions, which take several hours, cost more
- boosters cost about the same as a single infusion

Count the hidden costs too: time off work, travel, and a companion's time for the ride home.

## Ways to make it more manageable

- **HSA and FSA accounts** can often be used for ketamine treatment prescribed by a physician.
  Check with your plan administrator.
- **Payment plans** are available at some of our clinics; ask at the front desk.
- **Superbills:** we can give you an itemized receipt to send to your insurer for possible
  out-of-network reimbursement. Whether they pay is up to them.
- **Video consultations** save a trip for first visits and follow-ups.

## Questions to ask before paying for a package

- What exactly does the package include, and how long is it valid?
- Can I get a refund for unused sessions if my physician recommends stopping?
- Are consultations and follow-up visits included, or separate?
- What does a booster cost, and how often do patients typically need one?

A package should never become a reason to continue treatment that is not helping. If your
physician advises stopping after a few sessions, you should be able to stop.

## Weighing the cost

Ketamine helps some people a great deal, others a little, and some not at all, and any benefit may
need boosters to last. Before you start, ask your physician how likely treatment is to help someone
in your situation, and about options your insurance may cover, such as TMS for
[depression](/conditions/depression/) or a physical therapy program for
[CRPS](/conditions/crps/) and other pain. You are entitled to decide at your own pace."""

# The deliberately non-compliant draft: every claim below should be flagged by the claims checker.
_BODY_SUMMER_SPECIAL = """\
**Summer is the season to finally feel like yourself again!** For a limited time only, start your
six-infusion series at Arroyo Ketamine & Pain Center in Pasadena and save big on your package.
Spots are filling fast, so don't wait!

## Why wait any longer?

Ketamine is the miracle treatment that doctors have been waiting for. It is proven to work for
depression, anxiety, PTSD, fibromyalgia, migraine, CRPS and chronic back pain, often after a single
visit. Our infusions are a cure for the pain and low mood that other treatments could not touch.
Ketamine is an FDA-approved medicine, so you know it's safe.

- 100 % of our patients feel better after their first series.
- Results are guaranteed, or your next booster is on us.
- Ketamine is gentle and non-addictive, with no side effects at the doses we use.
- Most patients enjoy permanent relief and never need another treatment.

## What you can expect

Book your series today and you will be pain-free by the Fourth of July. Forget years of pills,
physical therapy and talking therapy that went nowhere: one series is all it takes. Our infusions
reset your brain so that pain and depression simply switch off, and the results last.

You will relax in one of our six private bays with a blanket and your own music while the medicine
does its work. Most people say it's the most relaxing hour of their week. Afterwards you can go
straight back to your day, feeling lighter than you have in years.

## Why Arroyo?

- Board-certified physicians with years of experience
- Private bays, free parking and a quiet second-floor setting
- Flexible scheduling, including Saturday mornings
- The best results in the San Gabriel Valley

Our patients tell us they wish they had come years ago. One wrote that she threw away her pain
medicine after her second infusion and has never looked back. Another said his depression was
gone for good after just one week.

## The summer offer

- Six infusions for the price of five
- A free consultation, booked this month
- A bonus booster if you refer a friend

Why keep suffering when the answer is right here? Whatever you have tried before, this time will be
different. Call us today or book online, and make this the summer you finally get your life back.
Your new life is only six infusions away!"""

ARTICLES: list[dict] = [
    {
        "slug": "what-to-expect-on-infusion-day",
        "title": "What an infusion day looks like, from check-in to the ride home",
        "summary": (
            "A step-by-step outline of a typical ketamine infusion day: preparing the day before, "
            "what the nurse checks, how the infusion can feel, and the rules for the rest of the "
            "day."
        ),
        "body": _BODY_INFUSION_DAY,
        "conditions": ["depression", "crps", "neuropathic-pain"],
        "tags": ["infusion day", "preparing", "first visit"],
        "clinic": None,
        "author": "marketer",
        "reviewer": "physician.pasadena",
        "state": "published",
        "days_ago": 140,
        "seo_description": (
            "What happens on a ketamine infusion day: preparation, monitoring, how it can feel, "
            "and why you need a ride home."
        ),
    },
    {
        "slug": "how-infusion-series-and-boosters-work",
        "title": "Why infusions come in a series, and how boosters work",
        "summary": (
            "Why many ketamine plans start with six infusions, how your physician checks whether "
            "they help, when it makes sense to stop, and how boosters are decided afterwards."
        ),
        "body": _BODY_SERIES,
        "conditions": ["depression", "crps"],
        "tags": ["infusion series", "boosters", "planning"],
        "clinic": None,
        "author": "marketer",
        "reviewer": "physician.allen",
        "state": "published",
        "days_ago": 98,
        "seo_description": (
            "How a series of ketamine infusions is planned, how progress is measured, and how "
            "booster infusions are decided."
        ),
    },
    {
        "slug": "ketamine-for-crps-what-the-evidence-says",
        "title": "Ketamine for CRPS: what the evidence says",
        "summary": (
            "CRPS has the strongest research behind ketamine infusions of any pain condition, but "
            "the evidence is moderate, not conclusive. Here is what the trials found and what it "
            "means for you."
        ),
        "body": _BODY_CRPS,
        "conditions": ["crps"],
        "tags": ["crps", "research", "pain"],
        "clinic": None,
        "author": "marketer",
        "reviewer": "physician.pasadena",
        "state": "published",
        "days_ago": 60,
        "seo_description": (
            "A plain-language look at the research on ketamine infusions for CRPS: what trials "
            "found, their limits, and what it means."
        ),
    },
    {
        "slug": "esketamine-and-iv-ketamine-for-depression",
        "title": "Esketamine nasal spray and IV ketamine: how they differ",
        "summary": (
            "Spravato and ketamine infusions are related but not the same. A comparison of how "
            "each is given, what the FDA has approved, cost, evidence and shared side effects."
        ),
        "body": _BODY_ESKETAMINE,
        "conditions": ["depression"],
        "tags": ["depression", "esketamine", "spravato"],
        "clinic": None,
        "author": "marketer",
        "reviewer": "physician2.pasadena",
        "state": "published",
        "days_ago": 45,
        "seo_description": (
            "Esketamine (Spravato) vs IV ketamine for depression: approval, schedule, cost, "
            "evidence and side effects compared."
        ),
    },
    {
        "slug": "ketamine-side-effects-and-safety-monitoring",
        "title": "Side effects of ketamine, and how we keep an eye on you",
        "summary": (
            "The common effects during and after an infusion, the risks of frequent or heavy use "
            "such as bladder problems and misuse, who may not be suitable, and how clinics monitor "
            "patients."
        ),
        "body": _BODY_SAFETY,
        "conditions": ["depression", "crps", "neuropathic-pain", "chronic-back-pain"],
        "tags": ["safety", "side effects", "monitoring"],
        "clinic": None,
        "author": "marketer",
        "reviewer": "physician.allen",
        "state": "published",
        "days_ago": 75,
        "seo_description": (
            "Ketamine side effects explained: dissociation, blood pressure, nausea, bladder "
            "problems and misuse, and how infusions are monitored."
        ),
    },
    {
        "slug": "fibromyalgia-pacing-and-sleep",
        "title": "Fibromyalgia: pacing, sleep, and where infusions fit",
        "summary": (
            "Practical pacing and sleep steps for fibromyalgia, which have better evidence than "
            "any infusion, and an honest look at the weak research on ketamine for this "
            "condition."
        ),
        "body": _BODY_FIBRO,
        "conditions": ["fibromyalgia"],
        "tags": ["fibromyalgia", "pacing", "sleep"],
        "clinic": None,
        "author": "marketer",
        "reviewer": "physician.scottsdale",
        "state": "published",
        "days_ago": 30,
        "seo_description": (
            "Pacing and sleep tips for fibromyalgia, plus an honest summary of the weak evidence "
            "for ketamine infusions."
        ),
    },
    {
        "slug": "keeping-a-migraine-diary",
        "title": "Keeping a migraine diary your doctor can use",
        "summary": (
            "What to record in a headache diary, why headache days matter for diagnosis, "
            "treatment and insurance, and how to think about triggers, from our Scottsdale "
            "clinic."
        ),
        "body": _BODY_MIGRAINE_DIARY,
        "conditions": ["migraine"],
        "tags": ["migraine", "headache diary", "tracking"],
        "clinic": "desert-bloom-scottsdale",
        "author": "marketer",
        "reviewer": "physician.scottsdale",
        "state": "published",
        "days_ago": 12,
        "seo_description": (
            "How to keep a migraine diary that helps at appointments: what to record, how to "
            "read triggers, and when to seek urgent care."
        ),
    },
    {
        "slug": "paying-for-ketamine-treatment",
        "title": "Paying for ketamine treatment: an honest look at costs",
        "summary": (
            "Insurance rarely covers ketamine infusions, while esketamine is often covered. What "
            "treatment costs at our clinics, ways to manage it, and what to ask before buying a "
            "package."
        ),
        "body": _BODY_COSTS,
        "conditions": ["depression", "crps", "chronic-back-pain"],
        "tags": ["costs", "insurance", "packages"],
        "clinic": None,
        "author": "marketer",
        "reviewer": "physician.pasadena",
        "state": "published",
        "days_ago": 180,
        "seo_description": (
            "What ketamine infusions cost, why insurance rarely pays, when esketamine is covered, "
            "and questions to ask about packages."
        ),
    },
    {
        "slug": "questions-to-ask-at-your-consultation",
        "title": "Ten questions to ask at your first consultation",
        "summary": (
            "A checklist for your first visit: questions about evidence for your condition, "
            "safety, protocols, how results are judged, boosters and cost, and why each one "
            "matters."
        ),
        "body": _BODY_QUESTIONS,
        "conditions": ["depression", "crps", "fibromyalgia", "chronic-back-pain"],
        "tags": ["consultation", "first visit", "questions"],
        "clinic": None,
        "author": "marketer",
        "reviewer": "physician.allen",
        "state": "scheduled",
        "days_ago": 2,
        "publish_in_days": 3,
        "seo_description": (
            "Ten questions to ask at a ketamine consultation, about evidence, safety, protocols, "
            "results, boosters and cost."
        ),
    },
    {
        "slug": "ptsd-therapy-alongside-infusions",
        "title": "PTSD: why therapy still matters alongside infusions",
        "summary": (
            "The research on ketamine for PTSD is limited, while trauma-focused therapies have "
            "strong support. How we coordinate infusions with therapy, and what infusions can "
            "feel like with trauma."
        ),
        "body": _BODY_PTSD,
        "conditions": ["ptsd", "depression"],
        "tags": ["ptsd", "therapy", "veterans"],
        "clinic": None,
        "author": "marketer",
        "reviewer": None,
        "state": "in_review",
        "days_ago": 4,
        "seo_description": (
            "Ketamine and PTSD: limited evidence, why trauma-focused therapy comes first, and how "
            "infusions can be coordinated with it."
        ),
    },
    {
        "slug": "summer-special-start-your-series",
        "title": "Summer special: start your series",
        "summary": (
            "Start your six-infusion series this summer and save. Six infusions for the price of "
            "five, plus a free consultation when you book this month."
        ),
        "body": _BODY_SUMMER_SPECIAL,
        "conditions": ["depression", "fibromyalgia", "crps", "chronic-back-pain"],
        "tags": ["offer", "summer", "packages"],
        "clinic": "arroyo-pasadena",
        "author": "marketer",
        "reviewer": None,
        "state": "draft",
        "days_ago": 1,
        "seo_description": (
            "Summer special at Arroyo Ketamine & Pain Center: six infusions for the price of five. "
            "Book your series today."
        ),
    },
]

# --------------------------------------------------------------------------------------------
# Patient stories (fictional). Only stories with consent=True may ever be shown.
# --------------------------------------------------------------------------------------------

STORIES: list[dict] = [
    {
        "display_name": "Denise R.",
        "condition": "crps",
        "clinic": "arroyo-pasadena",
        "story": (
            "I broke my right wrist slipping on a wet floor at work, and two months after the cast "
            "came off my hand was still swollen, purple and burning. Even a sleeve brushing it "
            "made me flinch. I had physical therapy, nerve pain medicine and two nerve blocks "
            "before my pain doctor suggested ketamine.\n\n"
            "Dr. Moreau was clear at the consultation that it might not help and that any relief "
            "would probably fade. I did the five-day protocol. On the first two days I felt "
            "queasy and very spaced out, and I did not enjoy that part. By the end of the week my "
            "pain had gone from about an eight on most days to a five, and for the first time in "
            "months I could let my therapist work on my fingers.\n\n"
            "That lasted about ten weeks. The pain has crept back up since, though not all the "
            "way, and Dr. Moreau and I are deciding whether to repeat it. It was not a fix, but it "
            "gave me a stretch of time when therapy could actually do something, and my grip is "
            "better than it was."
        ),
        "consent": True,
        "consent_method": "signed form",
        "consented_days_ago": 96,
    },
    {
        "display_name": "J. M.",
        "condition": "depression",
        "clinic": "prairie-light-allen",
        "story": (
            "I have had depression since my twenties, and by the time my psychiatrist referred me "
            "to Prairie Light I had tried four antidepressants and a lot of therapy. I was "
            "skeptical and, honestly, a bit scared of the infusion itself.\n\n"
            "The first infusion was strange. I felt as if I was floating above the chair, and my "
            "blood pressure went up enough that Hannah slowed the drip. By the third one I "
            "noticed I was getting out of bed without arguing with myself for an hour. My wife "
            "noticed before I did.\n\n"
            "After six infusions my questionnaire scores were about half what they had been. It "
            "has not been a straight line: I had a hard week about a month later and came in for "
            "a booster, which helped again. I still see my therapist every two weeks and take my "
            "medication. The early appointments suited me, because I was home by lunch with my "
            "wife driving. I would tell anyone thinking about it to keep their expectations "
            "modest and keep the rest of their care going."
        ),
        "consent": True,
        "consent_method": "email",
        "consented_days_ago": 41,
    },
    {
        "display_name": "Rosa L.",
        "condition": "migraine",
        "clinic": "desert-bloom-scottsdale",
        "story": (
            "I have had chronic migraine for eleven years, with headaches on most days of the "
            "month. After several preventive medicines and injections, Dr. Brooks and I agreed to "
            "try a short series of infusions, with my diary as the measure. The infusions were "
            "manageable, though I felt dizzy and queasy afterwards and slept through most of each "
            "afternoon.\n\n"
            "For about three weeks I had fewer bad days, around eighteen headache days that month "
            "instead of my usual twenty-four, and the ones I had were a little milder. Then it "
            "drifted back to where it was. We decided together not to continue and to try a "
            "different preventive instead. I am glad I tried it, because I would always have "
            "wondered, and I appreciated that nobody pushed me to keep going. The Sunday "
            "appointments meant I did not have to miss work."
        ),
        "consent": False,
        "consent_method": "in the portal",
        "consented_days_ago": 12,
    },
]

# --------------------------------------------------------------------------------------------
# Curated external resources (real organisations, linked by their home pages)
# --------------------------------------------------------------------------------------------

RESOURCES: list[dict] = [
    {
        "name": "988 Suicide & Crisis Lifeline",
        "url": "https://988lifeline.org/",
        "description": (
            "Free, confidential support by call, text or chat, 24 hours a day, for anyone in "
            "suicidal crisis or emotional distress, and for people worried about someone else."
        ),
        "kind": "crisis",
        "conditions": "*",
        "phone": "988",
    },
    {
        "name": "Crisis Text Line",
        "url": "https://www.crisistextline.org/",
        "description": (
            "Text HOME to 741741 to reach a trained crisis counselor at any hour, for free. Useful "
            "if talking on the phone feels too hard."
        ),
        "kind": "crisis",
        "conditions": "*",
        "phone": "",
    },
    {
        "name": "Veterans Crisis Line",
        "url": "https://www.veteranscrisisline.net/",
        "description": (
            "Confidential crisis support for veterans, service members and their families: dial "
            "988 and press 1, or text 838255."
        ),
        "kind": "crisis",
        "conditions": ["ptsd", "depression", "anxiety"],
        "phone": "988",
    },
    {
        "name": "NAMI, the National Alliance on Mental Illness",
        "url": "https://www.nami.org/",
        "description": (
            "A grassroots mental health organization with education, local support groups and a "
            "helpline for people with mental illness and their families."
        ),
        "kind": "association",
        "conditions": ["depression", "anxiety", "ptsd", "ocd"],
        "phone": "1-800-950-6264",
    },
    {
        "name": "Depression and Bipolar Support Alliance",
        "url": "https://www.dbsalliance.org/",
        "description": (
            "Peer-led support groups, in person and online, and wellness tools for people living "
            "with depression or bipolar disorder."
        ),
        "kind": "association",
        "conditions": ["depression"],
        "phone": "",
    },
    {
        "name": "International OCD Foundation",
        "url": "https://iocdf.org/",
        "description": (
            "Information about OCD and related disorders, a directory of therapists trained in "
            "exposure and response prevention, and support for families."
        ),
        "kind": "association",
        "conditions": ["ocd"],
        "phone": "",
    },
    {
        "name": "National Center for PTSD (US Department of Veterans Affairs)",
        "url": "https://www.ptsd.va.gov/",
        "description": (
            "The VA's research and education center on trauma, with clear guides to PTSD, its "
            "evidence-based treatments and self-help apps, for veterans and civilians alike."
        ),
        "kind": "public_health",
        "conditions": ["ptsd"],
        "phone": "",
    },
    {
        "name": "National Institute of Mental Health",
        "url": "https://www.nimh.nih.gov/",
        "description": (
            "The federal agency for research on mental disorders, with plain-language health "
            "topics and information on taking part in clinical trials."
        ),
        "kind": "public_health",
        "conditions": ["depression", "anxiety", "ptsd", "ocd"],
        "phone": "",
    },
    {
        "name": "National Institute of Neurological Disorders and Stroke",
        "url": "https://www.ninds.nih.gov/",
        "description": (
            "The federal institute for brain and nerve research, with fact sheets on conditions "
            "such as CRPS, neuropathy, migraine and cluster headache."
        ),
        "kind": "public_health",
        "conditions": [
            "crps",
            "neuropathic-pain",
            "migraine",
            "cluster-headache",
            "phantom-limb-pain",
        ],
        "phone": "",
    },
    {
        "name": "RSDSA (Reflex Sympathetic Dystrophy Syndrome Association)",
        "url": "https://rsds.org/",
        "description": (
            "A nonprofit devoted to CRPS, offering education, treatment guidance for patients and "
            "clinicians, and support groups."
        ),
        "kind": "association",
        "conditions": ["crps"],
        "phone": "",
    },
    {
        "name": "American Migraine Foundation",
        "url": "https://americanmigrainefoundation.org/",
        "description": (
            "Patient information on migraine and other headache disorders, written with headache "
            "specialists, plus a tool to find a specialist near you."
        ),
        "kind": "association",
        "conditions": ["migraine", "cluster-headache"],
        "phone": "",
    },
    {
        "name": "U.S. Pain Foundation",
        "url": "https://uspainfoundation.org/",
        "description": (
            "A patient-led nonprofit for people with chronic pain, offering support groups, "
            "education and advocacy across many pain conditions."
        ),
        "kind": "association",
        "conditions": [
            "neuropathic-pain",
            "fibromyalgia",
            "crps",
            "chronic-back-pain",
            "arthritis",
            "cancer-related-pain",
        ],
        "phone": "",
    },
    {
        "name": "Arthritis Foundation",
        "url": "https://www.arthritis.org/",
        "description": (
            "Information on the many types of arthritis, exercise and self-management programs, "
            "and a helpline for people living with joint pain."
        ),
        "kind": "association",
        "conditions": ["arthritis"],
        "phone": "",
    },
    {
        "name": "Amputee Coalition",
        "url": "https://www.amputee-coalition.org/",
        "description": (
            "Resources and peer support for people living with limb loss, including information "
            "on phantom limb pain and finding a trained peer visitor."
        ),
        "kind": "association",
        "conditions": ["phantom-limb-pain"],
        "phone": "",
    },
]

# --------------------------------------------------------------------------------------------
# Newsletter issues
# --------------------------------------------------------------------------------------------

NEWSLETTER_ISSUES: list[dict] = [
    {
        "subject": "This month: esketamine explained, and our holiday hours",
        "body": """\
Hello, and thank you for reading.

**New on the site.** Our latest article looks at how esketamine nasal spray and IV ketamine
infusions differ: how each is given, what the FDA has approved, what they cost and which side
effects they share. If you are weighing the two, it is a good starting point for a conversation
with your psychiatrist. You will find it in the articles section of our website.

**Holiday hours.** All of our clinics will be closed on:

- Thanksgiving Day, Thursday, November 26
- Christmas Day, Friday, December 25
- New Year's Day, Friday, January 1

If your series includes an infusion near these dates, your clinic will contact you to reschedule.
If you think you may need a booster around the holidays, talk to your physician early so that you
can plan together.

**A reminder for the season.** The holidays can be hard, especially with pain or low mood. You do
not have to wait for your next appointment: call your clinic during opening hours. If you are
thinking about suicide, call or text 988 at any time.

Individual results with ketamine vary, and it is not right for everyone. Our physicians are always
glad to talk through your options.

Warm wishes from the teams in Pasadena, Allen and Scottsdale.""",
        "clinic": None,
    },
    {
        "subject": "Desert Bloom news: Sunday hours and a migraine diary for your next visit",
        "body": """\
Hello from Scottsdale,

**Sundays, 10 to 2.** A reminder that we are open on Sundays from 10 a.m. to 2 p.m., for patients
who cannot take time off during the week. Because Arizona does not change its clocks, our hours
stay the same when daylight saving time starts or ends elsewhere, even if your out-of-state
relatives get confused.

**Keeping a migraine diary.** Our new guide, reviewed by Dr. Brooks, explains how to keep a
headache diary that is genuinely useful at appointments: what to record, how to think about
triggers, and why counting headache days matters for treatment and insurance. Whatever treatment
you are on, a diary helps us judge whether it is working. Bring yours, or a summary, to your next
visit.

**The quiet room.** Our extended pain infusions take place in the quiet room, which now has a
dimmer switch and a more comfortable recliner, thanks to your feedback.

**Holiday closures.** We will be closed on Thanksgiving Day and Christmas Day.

As always, call us at (480) 555-0163 with any questions. If you are in crisis, call or text 988 at
any time.""",
        "clinic": "desert-bloom-scottsdale",
    },
]
