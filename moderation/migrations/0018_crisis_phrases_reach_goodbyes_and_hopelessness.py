"""More of the indirect ways people write that they are not safe, for new and existing databases.

Read against the warning signs the Samaritans and #chatsafe describe, the shipped list still
missed whole families of wording: hopelessness ("I've lost all hope", "nothing will ever get
better", "what's even the point anymore"), goodbyes ("I love you all, goodbye", "look after my
cat when I'm gone", letters left for family "just in case"), not being around much longer, urges
to self-harm written as nouns ("the urge to cut is so strong tonight"), "I should just
disappear", "I hope it kills me", "I can't handle living anymore", "I don't want to fight
anymore", "I can't see a future" and wanting to go where someone who died has gone. Each is
first-person distress and none depends on naming a method.

Everyday speech shares these words ("end it all with a bang", "no hope of getting a table",
"the urge to cut my fringe", "I'm hopeless at maths", "I'd rather disappear than give a
speech"), so a phrase that is also an idiom counts only where the sentence ends or goes on the
way distress does (see END).

The row that read "end it all" anywhere is replaced by one that lets the party end it all with a
bang, where it is still exactly as shipped; an admin's edited copy is left alone. Every row stays
editable, and can be switched off, in the admin."""

from django.db import migrations

END = (
    r"(?:$|[.,!?;:\-]| any ?(?:more|longer)| much longer| like this| this way| now| right now| to(?:night|day|morrow)"
    r"| tmrw| again| ever| soon| in the morning| and| but| so| b?e?cause| bc| cuz| for(?:ever| good)| honestly| tbh"
    r"| lol| anyway| this (?:week(?:end)?|time|year)| every| i )"
)
I_AM = r"(?:i'?m|im|i am)"
PEOPLE = (
    r"(?:my (?:kids|children|family|parents|mum|mom|mam|dad|wife|husband|partner|son|daughter|sister|brother|"
    r"friends|loved ones|girlfriend|boyfriend|nan|gran)|everyone|everybody|you all|them|the kids)"
)

REPLACED = {
    # "End it all" stays crisis wording where the sentence ends or goes on as distress does, so a
    # party that will "end it all with a bang" is not one.
    r"\b(?:end(?:ing)?|finish(?:ing)?) (?:it all|my life|my own life|my existence|it for good|it tonight|it once and for all)\b": (
        r"\b(?:end(?:ing)?|finish(?:ing)?) (?:my life|my own life|my existence|it for good|it tonight|it once and for all)\b"
        r"|\b(?:end(?:ing)?|finish(?:ing)?) it all" + END
    ),
    # Wanting to disappear moves to a row of its own (below), where the sentence ends there or
    # goes on as distress does, so wanting to disappear into a duvet for a week is not crisis wording.
    r"\b(?:wish i could|want to|wanna|wish to|like to|need to) (?:just )?(?:disappear|vanish|stop existing|stop living|stop breathing|stop being alive|not exist|not live|cease to exist|fade away|(?:go to sleep|fall asleep|sleep) forever|go away (?:forever|for good)|die|be gone forever)\b": (
        r"\b(?:wish i could|want to|wanna|wish to|like to|need to) (?:just )?(?:stop existing|stop living|stop breathing|stop being alive|not exist|not live|cease to exist|(?:go to sleep|fall asleep|sleep) forever|go away (?:forever|for good)|die|be gone forever)\b"
    ),
}

ADDED = [
    r"\b(?:wish i could|want to|wanna|wish to|like to|need to) (?:just )?(?:dis+ap+ear|vanish|fade away)(?: from (?:this world|existence|everyone|everything|the earth|the planet)| off the face of the earth| without a trace)?"
    + END,
    # Hopelessness.
    r"\b(?:lost|losing|lose|given up|gave up|giving up|out of|no|zero|without|there'?s no|there is no) (?:all |any |every |my )?hope(?: left)?"
    r"(?:$|[.,!?;:]| now| anymore| any more| for me| for myself| for the future| of (?:ever|things|recovery|getting better|feeling better)"
    r"| in (?:life|myself|everything|anything|living)| and| i |$)",
    r"\b(?:feel|feeling|felt|" + I_AM + r"|so|completely|totally|utterly) (?:so |completely |totally |utterly |just |really )?hopeless"
    r"(?:$|[.,!?;:]| and| about (?:everything|life|the future|myself|living)| anymore| any more| right now| tonight| today| all the time)",
    r"\bnothing (?:will|is going to|'?s going to|s going to|is gonna|'?s gonna|ever) (?:ever )?(?:gets?|be|change|getting) (?:better|any better|okay|ok|alright|right)" + END,
    r"\b(?:it|things|life|my life) (?:will|is going to|'?s going to|is gonna|'?s gonna|are going to|are gonna)? ?never (?:gets?|be|going to get|gonna get) (?:better|any better|okay|ok|easier)" + END,
    r"\bwhat(?:'?s| is|s) (?:even )?the (?:point|use)(?: even)?(?: of (?:it|anything|it all|me|trying|any of it|going on)| in (?:anything|trying|any of it))?(?: anymore| any more| any longer)?(?:$|[.?!,;]| anymore| lol| honestly| tbh)",
    r"\b(?:there'?s|there is|theres) no (?:point|use) (?:anymore|any more|in anything|to anything|in any of it|in trying anymore|of me|in me|in living|in being here)\b",
    r"\b(?:life|my life|living|existence|everything)(?: has| holds|'s got| feels| seems)? (?:no|zero) (?:meaning|point|purpose|value)(?: anymore| any more| for me| to me| left)?(?:$|[.,!?;:]| and)",
    r"\b(?:life|my life|living|everything) (?:has )?lost (?:all )?(?:its|it'?s) (?:meaning|point|purpose)\b",
    r"\b(?:there'?s|there is|theres|i have|i'?ve got|ive got|i got) nothing (?:left )?(?:for me|to live for|left)(?:$|[.,!?;:]| anymore| any more| here| now| in this world| and)",
    r"\b(?:" + I_AM + r"|i feel) (?:beyond|past) (?:help|saving|hope|fixing)" + END,
    r"\b(?:don'?t|do not|dont|never) (?:really |even )?belong (?:in this world|on this earth|here anymore|anywhere anymore|among the living|in this life|anywhere)(?:$|[.,!?;:]| and| anymore)",
    # Exhausted from holding on.
    r"\b(?:tired|tierd|sick|exhausted|weary|done) (?:of|with) (?:fighting|trying|struggling|surviving|pretending|hurting|suffering|holding on|hanging on|being in pain|feeling like this|pretending i'?m (?:ok|okay|fine))"
    r"(?:$|[.,!?;:]| anymore| any more| every day| to stay alive| to live| to keep going| and i)",
    r"\bwhy (?:even |do i |should i )?bother (?:staying|living|being here|being alive|existing|waking up|fighting|carrying on|going on|trying anymore|trying any more)\b",
    r"\bwhy (?:do i |should i )?(?:keep going|keep living|stay alive|carry on|go on)(?:$|[.,?!]| anymore| any more| like this| at all)",
    r"\b(?:can'?t|cannot|cant|can no longer|unable to) (?:handle|bear|stand|take|cope with|deal with|face|do|keep) (?:living|being alive|existing|life|this life|my life|being me|another day of this)"
    r"(?:$|[.,!?;:]| anymore| any more| any longer| like this| much longer| now| right now| and| honestly)",
    r"\bfeel(?:ing)? like giving up(?:$|[.,!]| on (?:everything|life|myself|living)| completely| for good| tonight| again)",
    r"\b(?:" + I_AM + r"|i'?ve|ive|i have) (?:just |finally |completely |totally )?(?:giving up|given up|gave up)(?:$|[.!]| on (?:life|everything|living|myself|me)| for good| completely)",
    r"\b(?:so |really |very )?close to (?:ending it|ending things|ending my life|killing myself|giving up(?:$|[.,!]| on life| on everything| for good| completely))",
    # Wanting to be gone.
    r"\b(?:should|might as well|may as well|'?d rather|would rather) (?:just )?(?:disappear|vanish|go away forever|end it(?: all)?|give up on life|not wake up|stop existing|be gone)" + END,
    r"\b(?:going to|gonna|about to|ready to) (?:just )?(?:disappear|vanish|end it all|end things|end everything)(?:$|[.!]| tonight| today| soon| forever| for good| and no one| and nobody)",
    r"\b(?:plan(?:ning|ned)?|going|gonna|decided|ready|want|wanna) (?:to )?end (?:it|things|everything|it all|my life)(?: this (?:week(?:end)?|time|month|year)| soon| before| on )",
    r"\b(?:want|wanna|need|wish i could|just want) to (?:rest|be at peace|find peace|be at rest) (?:forever|for good|permanently)\b|\beternal (?:sleep|rest)\b",
    r"\bfeel(?:ing)? like i (?:shouldn'?t|should not|don'?t deserve to|do not deserve to) (?:be here|be alive|exist|live|be around)\b",
    r"\b(?:don'?t|do not|dont) (?:even |really )?care (?:if|whether) i (?:die|live|wake up|make it|survive|don'?t wake up)\b",
    r"\b(?:hope|hoping|wish|praying|pray) (?:that )?(?:it|this|they|that|something|someone|somebody) (?:kills|will kill|would kill|finally kills|finish(?:es)? me off)\b",
    r"\b(?:do(?:ing)? (?:them|everyone|everybody|the world|my family) a favou?r|be a favou?r to (?:everyone|them|my family)) (?:by|if i) (?:leaving|going|disappearing|not being here|being gone|ending it|dying)\b",
    r"\b(?:want|wanna|need|long|longing|ready|going|time) to (?:go )?(?:be with|join) (?:her|him|them|my (?:mum|mom|mam|mother|dad|father|son|daughter|wife|husband|partner|baby|brother|sister|nan|gran|grandma|grandad|best friend)) (?:again|in heaven|on the other side|up there|wherever (?:she|he|they) (?:is|are))\b",
    r"\bmiss (?:her|him|them|you|my [a-z]+) (?:so |too )?much (?:to|that i (?:can'?t|don'?t want to)) (?:stay|go on|keep going|live|carry on|be here)\b",
    # Not being around much longer; goodbyes.
    r"\b(?:won'?t|wont|will not|not going to|not gonna|don'?t think i'?ll|don'?t think i will|doubt i'?ll|doubt i will|not sure i'?ll|not sure i will) (?:still )?be (?:here|around|alive|on this earth|in this world)"
    r"(?: much longer| for much longer| any longer| by (?:morning|tomorrow|the weekend|next week)| after (?:tonight|today|this week(?:end)?)| to see (?:it|tomorrow|christmas|my birthday|another))",
    r"\b(?:won'?t|wont|will not) be (?:on here|posting|back|around|here|online|writing) (?:again|anymore|any more|ever again)\b|\blast time (?:you(?:'ll| will) (?:hear from|see) me|i(?:'ll| will) (?:post|write|be on here))\b",
    r"\b(?:when|after|once|if) i'?m (?:gone|dead|no longer here|not here anymore|not around anymore)(?:$|[.,!?;:]| and| please| pls| for good| forever| i want| i hope| make sure| tell)",
    r"\b(?:goodbye|suicide|farewell|final|last) (?:notes?|letters?)(?:$|[.,!?;:]| (?:for|to) " + PEOPLE + r"| and| just in case| in case| tonight| last night| today)",
    r"\b(?:wrote|written|writing|left|leaving) (?:a |some |my )?(?:notes?|letters?) (?:for|to) " + PEOPLE + r"[a-z ,]{0,24}\bin case\b",
    r"\b(?:sorry|forgive me) (?:for everything|for all of it|for being (?:such )?a burden|for what i'?m (?:about|going) to do)(?:$|[.,!;])|\b" + I_AM + r" sorry,? (?:everyone|everybody)(?:$|[.,!])"
    r"|\blove (?:you all|you guys|all of you|everyone|you so much)[,.! ]{1,3}(?:goodbye|farewell)\b",
    r"\b(?:it'?s|its|it is) (?:my )?time (?:for me )?to (?:go|leave|say goodbye)[,.!]? (?:i'?m sorry|sorry|goodbye|bye|i love|love you|forgive me|thank you for everything)",
    r"\b(?:tonight|today|this weekend|tomorrow|soon)[, ]{1,2}" + I_AM + r" (?:going to|gonna|ready to) do it\b|\b(?:going to|gonna|will|'ll|ready to|decided to) (?:actually )?go through with it (?:tonight|this time|soon|for real)",
    r"\b(?:don'?t|do not|dont) (?:think|know if|feel like) i (?:really |even )?(?:want|wanna) (?:to )?(?:be here|be alive|exist|live|go on|keep going|wake up|be around)" + END,
    r"\b(?:wanting|longing|wishing|hoping|dreaming of|want|wanna|wish i could|just want) (?:to )?(?:go to sleep|fall asleep|sleep|drift off|close my eyes) (?:forever|for good|permanently|and (?:never|not) wake)",
    r"\b(?:they|everyone|everybody|people|my family|my kids|the kids|he|she|you all|you guys)(?:'?d| would) (?:all )?(?:be |do )?(?:fine|ok|okay|alright|better|great|happier|better off) without me\b"
    r"|\bdeserves? (?:a )?better (?:mum|mom|mam|dad|mother|father|parent|partner|wife|husband|friend|daughter|son|sister|brother) than me\b",
    r"\b(?:can'?t|cannot|cant|don'?t|do not) see (?:a|any) (?:way (?:through|out|forward|past)|light at the end|end to (?:this|it))(?: of (?:this|it|here))?(?: this| it)?(?: anymore| any more| this time|$|[.,!?;:]| and| for me)",
    r"\b(?:scared|afraid|frightened|terrified|worried) (?:of )?what i (?:might|will|could|'?ll|may|am going to|'?m going to) do(?:$|[.,!?;:]| tonight| next| to myself| right now)",
    r"\b(?:it|things|everything|life)(?:'?d| would| will)? be (?:so |much |a lot )?(?:better|easier|happier) (?:for (?:everyone|everybody|them|my family|my kids|all of them|the world)|all round)(?: if i| when i| without me)\b",
    r"\b(?:this will be|this'?ll be|this is going to be|this is gonna be|here'?s) my (?:last|final) (?:post|message|goodbye|words)(?:$|[.,!?;:]| ever| here| on here| and| i )",
    r"\b(?:don'?t|do not|dont|can'?t|cannot|cant|never) (?:really |honestly )?(?:see|imagine|picture) (?:myself|me) (?:making it|being (?:here|alive|around)|living|surviving|lasting|getting)"
    r" (?:to|through|past|until|till) (?:christmas|my birthday|new year|summer|winter|spring|autumn|tomorrow|morning|the morning|the weekend|the end of|next [a-z]+|[0-9]+|thirty|forty|fifty)",
    r"\bwhat(?:'?s| is|s) (?:even )?the (?:point|use) (?:of|in) (?:any of (?:this|it)|all (?:of )?this|this|it all|anything|everything|trying|getting up|going on|carrying on|being alive|me)(?: even| anymore| any more)?(?:$|[.,!?;:]| anymore| any more| lol| honestly| tbh| if| when)",
    r"\b(?:just |only )?(?:waiting|wait) (?:to die|for (?:death|it all to end|it to (?:be over|end)|the end))(?:$|[.,!?;:]| at this point| now| and| honestly| tbh)",
    r"\b(?:won'?t|will not|wont|not going to|not gonna) (?:be )?(?:a (?:burden|problem|bother)|bother(?:ing)? (?:anyone|you|everyone|you all)|in (?:anyone'?s|your) way) (?:to anyone |for anyone |to you |on anyone )?(?:much longer|any longer|for much longer|anymore|any more|soon)\b",
    r"\b(?:just |please )?let me (?:die|disappear|sleep forever|end it)(?:$|[.,!?;:]| now| already| please| in peace| tonight)|\bwhy am i (?:still|even) here(?:$|[.,!?;:]| anymore| any more)",
    r"\bwhat am i (?:even |still )?(?:living|alive|here|staying|holding on|fighting) for\b|\b(?:can'?t|cannot|cant) be bothered (?:to live|living|being alive|existing|to be alive|to exist|to wake up|to keep going)\b|\b(?:tired|sick|exhausted) of being me\b",
    r"\b(?:want|wanna|need|long|longing|ready) to (?:go )?(?:be with|join) (?:her|him|them|my (?:mum|mom|mam|mother|dad|father|son|daughter|wife|husband|partner|baby|brother|sister|nan|gran|grandma|grandad|best friend))(?:$|[.!]| again| now| so bad(?:ly)?| soon)",
    r"\b(?:easier|better|simpler|kinder) (?:for everyone )?(?:just )?(?:not to|to not|to just not|never to) (?:exist|be here|be alive|be around|wake up|have been born)\b",
    r"\b(?:don'?t|do not|dont|can'?t|cannot|cant) (?:really )?(?:want|wanna|know how)(?: to)? (?:live|go on|carry on|be here|be alive|exist|keep going) without (?:her|him|them|you|my [a-z]+)\b",
    r"\b(?:plan(?:ning|ned)?|prepar(?:e|ing|ed)) (?:my |a |some )?(?:goodbyes?|last words|final words|way out|exit)(?:$|[.,!?;:]| to (?:everyone|you all|my family)| and| tonight| already)",
    r"\b(?:do(?:ing)?|be doing) (?:them|everyone|everybody|the world|my family) a favou?r(?:$|[.!]| if i (?:went|left|was gone|disappeared|died|wasn'?t here))|\b(?:better off|rather be|want to be|wish i was) (?:six feet under|in the ground|in a grave|in a box)\b",
    r"\b(?:life|living|existing|being alive|everything)(?:'?s| is| feels)? (?:just |so )?too (?:painful|hard|much) (?:to bear|to keep going|to go on|to carry on|to live)\b|\bno point (?:anymore|any more)(?:$|[.,!?;:])",
    r"\b(?:" + I_AM + r"|i feel like i'?m|i think i'?m|i might|i'?ll|i will|i could) (?:going to |gonna |about to )?do something (?:stupid|dumb|drastic|permanent)(?:$|[.,!?;:]| tonight| to myself| soon)",
    r"\b(?:wish|wishing|hope|hoping|pray|praying|want|wanting|rather)(?: that)? i(?:'?d| would|'?ll| will| could| can)? (?:just )?(?:never|not|don'?t|didn'?t|won'?t|wouldn'?t) (?:ever )?wake up\b",
    r"\b(?:can'?t|cannot|cant|can no longer) (?:just )?(?:keep|go|carry) (?:going|living|on|fighting|existing)(?: on)?(?: like this| this way| anymore| any more| any longer| much longer)",
    r"\b(?:written|wrote|writing|left|finished) my (?:last |final |goodbye )?note(?:$|[.!]| for| to| tonight| and)",
    r"\b(?:scared|afraid|worried|terrified|frightened) (?:that )?i (?:won'?t|will not|wont|can'?t|cannot|might not) (?:be able to )?(?:stop|keep|hold) myself(?: safe| back)?(?:$|[.,!?;:]| this time| tonight| and)",
    r"\b(?:saying|said|say) (?:my )?goodbyes?(?: to (?:people|everyone|everybody|my family|friends|my friends))? (?:without (?:them|anyone) knowing|quietly|in secret|secretly)\b"
    r"|\b(?:ready|time|going|want) to say goodbye(?:$|[.,!?;:]| to (?:this world|the world|life|everyone|everybody|you all|all of you|this life))",
    r"\b(?:want|wanna|need|long|ready) to (?:go|be) where (?:she|he|they|my [a-z]+) (?:is|are|went)(?:$|[.,!?;:]| now| again| and)",
    r"\b(?:don'?t|do not|dont|can'?t|cannot|cant) (?:want to |wanna )?(?:fight|struggle|keep fighting) (?:anymore|any more|any longer)(?:$|[.,!?;:]| and| i )",
    r"\b(?:can'?t|cannot|cant|don'?t|do not) see (?:a|any|my) future(?:$|[.,!?;:]| anymore| any more| for (?:me|myself)| at all| ahead| and)",
    r"\b(?:imagin|pictur|visualis|visualiz|fantasis|fantasiz)(?:e|es|ed|ing) (?:about )?(?:my own death|my death|being dead|not existing|not being alive)\b",
    r"\b(?:don'?t|do not|dont) want to be (?:a burden|anyone'?s burden)(?: to anyone| on anyone| to [a-z]+| on [a-z]+)? ?(?:anymore|any more|any longer)\b",
    r"\b(?:stop|not) (?:feeling|feel) (?:anything|everything|at all),? (?:forever|for good|permanently|ever again)\b|\b(?:want|wants|need|wish) (?:it|it all|everything|this|all of (?:it|this)) (?:all )?to be over with\b",
    r"\b(?:plan(?:ned)?|know|worked out|figured out|decided) (?:how|when|where) i'?m (?:going to|gonna) do it(?:$|[.!]| tonight| this time)",
    r"\b(?:won'?t|wont|will not|not going to|not gonna) (?:still )?be (?:alive|around) (?:for|at|by|to see) (?:christmas|my birthday|new year|the new year|next (?:year|christmas|week))\b",
    r"\btak(?:e|ing|en) my (?:own )?life" + END,
    # Urges to self-harm, written as a noun or a habit.
    r"\b(?:urges?|urging|want(?:ing|ed|s)?|wanna|craving|craves|tempted|itching|desperate|need(?:ing)?) (?:to )?(?:cut|self[- ]?harm|sh|harm myself|hurt myself|burn myself)"
    r"(?:$|[.,!?;:]| is| are| was| were| has| have| keeps?| won'?t| again| tonight| today| right now| so (?:bad|badly|much)| really| myself| my (?:arms?|legs?|wrists?|skin|thighs?|body))",
]


def reach_further(apps, schema_editor):
    WatchedWord = apps.get_model("moderation", "WatchedWord")
    for old, new in REPLACED.items():
        if not WatchedWord.objects.filter(phrase=new, action="crisis").exists():
            WatchedWord.objects.filter(phrase=old, action="crisis", is_pattern=True).update(phrase=new)
    for pattern in ADDED:
        WatchedWord.objects.get_or_create(phrase=pattern, action="crisis", defaults={"is_pattern": True})


def step_back(apps, schema_editor):
    WatchedWord = apps.get_model("moderation", "WatchedWord")
    WatchedWord.objects.filter(phrase__in=ADDED, action="crisis", is_pattern=True).delete()
    for old, new in REPLACED.items():
        if not WatchedWord.objects.filter(phrase=old, action="crisis").exists():
            WatchedWord.objects.filter(phrase=new, action="crisis", is_pattern=True).update(phrase=old)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0017_trusted_members")]

    operations = [migrations.RunPython(reach_further, step_back)]
