"""A wider starting list of crisis phrases, for new and existing databases alike.

The first list caught mostly direct wording ("kill myself", "want to die"). People at risk more
often write indirectly: "I can't go on", "everyone would be better off without me", "I don't
want to wake up". These patterns follow the warning signs the Samaritans and #chatsafe describe
(wanting to die or disappear, feeling a burden, no reason to live, saying goodbye, not being safe
with yourself), in the first person, and never depend on naming a method.

They match the normalised text (lower case, plain apostrophes, no invisible characters, single
spaces) with RE2, so "can't", "can’t" and "cant" are all written `can'?t`. Everyday figures of
speech ("this exam is killing me", "I could kill for a coffee", "I'm dying to see it") must not
match: phrases that are idioms in one setting only count where the sentence ends or goes on as
distress does (see END). Moderators can edit, switch off or add to every row in the admin.

The superseded rows of the first list are removed where they are still exactly as shipped."""

from django.db import migrations, models

OLD_CRISIS_PHRASES = [
    r"\bkill(ing)? myself\b",
    r"\bend(ing)? (it all|my life)\b",
    r"\bwant(ed)? to die\b",
    r"\bdon'?t want to (be alive|live|wake up)\b",
    r"\bsuicid(e|al)\b.*\b(plan|tonight|note)\b",
    r"\bno (reason|point) (in )?(to )?(living|live|going on)\b",
    r"\b(better off|world would be better) without me\b",
    r"\bhurt(ing)? myself\b",
]

# Where a phrase is also everyday speech ("I can't go on holiday", "I want to take my life back"),
# it counts only when the sentence ends there or continues the way distress does.
END = r"(?:$|[.,!?;:\-]| any ?(?:more|longer)| much longer| like this| this way| now| to(?:night|day|morrow)| again| ever| in the morning| and| but| so| b?e?cause| bc| for(?:ever| good)| honestly| tbh| lol| anyway)"
# "can't …" phrases are everyday talk about time or plans, so they end more strictly.
END_STRICT = r"(?:$|[.,!?;:\-]| any ?more| no more| any longer| much longer| like this| this way| and i| honestly| tbh| for much longer)"
I_AM = r"(?:i'?m|im|i am)"

CRISIS_PHRASES = [
    # Killing oneself, with the spellings and slang phones and social media produce.
    r"\b(?:kil+(?:ing)?|unaliv(?:e|ing)) ?m[ye]? ?s(?:el|le|e)?f\b",
    r"\b(?:su[i1!*]?c[i1!*]?d[ae1]l|suicidle|kms|unalive|sewer ?slide)\b",
    r"\b(?:commit(?:ting)?|attempt(?:ing)?|consider(?:ing)?|contemplat(?:e|ing)|think(?:ing)? (?:about|of)|thought (?:about|of)|plan(?:ning)?|tempted by) (?:to )?(?:commit )?suicide\b",
    r"\b(?:plan(?:ning|ned)?|prepar(?:e|ing|ed)) my (?:suicide|death|own death)\b",
    r"\b(?:my|i'?ve written a|i wrote a|i'?m writing a|writing my|wrote my) (?:suicide|goodbye) (?:note|letter)",
    # Wanting to die, be dead, or not exist.
    r"(?:w[ae]?n[nt]?a|wnat|wamt|want(?:ed|ing)?|ready|deserve|wish|hoping|need|prefer|longing) (?:to |too |ot |2 )?(?:just )?(?:die+|dei|be dead)\b",
    r"\b(?:better off|rather be|want to be|wanna be|wish i was|wish i were|'?d be better|would be better) (?:dead|gone|not being here|not existing|not alive|not here|not around|not waking up)\b",
    r"\bwish(?:ing)? (?:that )?i(?: just)?(?: (?:was|were)(?: not| never|n'?t)| had never been|'?d never been| hadn'?t been| never was| didn'?t| did not| could not| couldn'?t) (?:be )?(?:here|alive|around|born|exist)\b",
    r"\b(?:wish i could|want to|wanna|wish to|like to|need to) (?:just )?(?:disappear|vanish|stop existing|stop living|stop breathing|stop being alive|not exist|not live|cease to exist|fade away|(?:go to sleep|fall asleep|sleep) forever|go away (?:forever|for good)|die|be gone forever)\b",
    r"\b(?:to|just) (?:not|no longer) (?:be here|be alive|be around|exist)\b",
    r"\b(?:hope|hoping|pray|praying|wish) (?:that )?i(?:'?d| would| will|'ll)? (?:just )?(?:die|get hit by|get killed|don'?t survive|never wake|get run over|get (?:in|into) an? (?:car )?accident|don'?t make it)",
    r"\b(?:rather|'?d rather|would rather|should|might as well|may as well|ought to) (?:just )?(?:die|be dead|not exist|not be alive|not be here)" + END,
    r"\bfeel(?:ing)? like (?:dying|ending it|ending my life|giving up on life)\b",
    r"\b(?:think|thinking|thought|thoughts|fantasi[sz]e|fantasi[sz]ing|dream) (?:a lot |so much |constantly )?(?:about|of) (?:is |are )?(?:just )?(?:dying|death|suicide|killing myself|ending it|ending things|ending everything|ending my life|not being here|not being alive|not being around|being dead|not existing|not waking up|disappearing)\b",
    r"\bwhy (?:am i|am i even|do i even|do i still|should i) (?:still )?(?:alive|living|exist|breathing|bother living|keep living)\b",
    r"\bshould(?:n'?t| not) (?:be alive|exist|be here anymore|have been born)\b",
    r"\b(?:don'?t|do not|dont) deserve to (?:live|be alive|exist|be here)\b",
    r"\b(?:hate|regret|despise) (?:being alive|being born|existing|my existence|that i was born|that i exist)\b",
    # Not wanting to live, go on, or wake up.
    r"\b(?:don'?t|do not|dont|no longer|never|not) (?:really |even )?(?:want|wanna|wish|feel like)(?: to)? (?:be alive|exist|existing|be here|be around|be in this world|be on this earth|stay alive)\b",
    r"\b(?:don'?t|do not|dont|no longer|not) (?:really |even |think i |think i really |know if i |feel like i )?(?:want|wanna|feel like)(?: to)? (?:live|liv|living|continue(?: living| to live)?|go on(?: living)?|carry on(?: living)?)" + END,
    r"\b(?:don'?t|do not|dont|no longer|not) (?:really |even |think i |think i really |know if i |feel like i )?(?:want|wanna|feel like)(?: to)? (?:keep going|keep living|wake up|do this|do life|be me|live to see|live to find out)" + END,
    r"\b(?:go to sleep|fall asleep|sleep|close my eyes)(?: and| &)? (?:never|not|just not|don'?t|never ever) (?:wake|waking) up\b",
    r"\b(?:wish|hope|hoping|pray|praying|want)(?: that)? i (?:just |could |would |will |can )?(?:don'?t|do not|didn'?t|did not|won'?t|will not|wouldn'?t|would not|never|not) (?:ever )?wake up\b",
    r"\b(?:to|and|just|would|could) (?:not|never) wake up(?:$|[.,!?;:]| again| tomorrow| ever| anymore| in the morning| and)",
    # "I can't go on", and the other ways of saying there is nothing left.
    r"\b(?:can'?t|cannot|can not|cant|can no longer) (?:just )?(?:go on|carry on|keep (?:going|living|on|fighting|doing (?:this|it))|live|do (?:this|it|life)|take (?:it|this|(?:the |this )?pain|much more|any more)|cope|cope with (?:life|living|anything|it all|being alive)|handle (?:it|this|life|another day)|bear it|bear this)" + END_STRICT,
    r"\b(?:can'?t|cannot|can not|cant|can no longer) (?:just )?(?:be here|be alive|exist|hold on|live with myself|anymore|any ?more|no more)" + END_STRICT,
    r"\b(?:can'?t|cannot|can not|cant) (?:just )?face (?:another day|life|living|tomorrow|waking up)" + END_STRICT,
    r"\b(?:can'?t|cannot|can not|cant) (?:just )?(?:bear|stand) (?:living|life|being alive|to live|to go on|to be alive|to wake up|to exist|existing|my life)\b",
    r"\b(?:can'?t|cannot|cant) (?:go on|carry on|keep going|live) without (?:her|him|them|you)\b",
    r"\b(?:how much longer|how long) (?:i can|i'?ll be able to|can i) (?:keep going|go on|carry on|hold on|keep living|survive|keep fighting)\b",
    r"\btoo (?:hard|painful|much|exhausting|difficult) to (?:keep going|go on|keep living|bear|stay alive|keep fighting)\b",
    r"\b(?:no|zero|not (?:a|any)|don'?t (?:have|see) (?:a|any|the)|can'?t see (?:a|any|the)|can'?t find (?:a|any)|lost (?:my |the |any |all )?|see no|without (?:a|any)|run(?:ning)? out of|out of|no more) ?(?:real )?(?:reasons?|point|purpose|will|meaning)(?: left)? (?:for me )?(?:in |of |to |for )?(?:living|live|life|being alive|go(?:ing)? on|carry(?:ing)? on|stay|continue|keep (?:going|living)|exist(?:ing)?|stay(?:ing)? alive|be alive|be here|wak(?:e|ing) up|try(?:ing)? anymore|anything anymore)\b",
    r"\bwhat(?:'?s| is) the (?:point|use) (?:of |in )?(?:even )?(?:living|life|being alive|going on|carrying on|anything anymore|trying anymore|me|even trying|it all|waking up|existing|being here|anymore|any more)\b",
    r"\b(?:nothing|no ?one|nobody|no-one) (?:left )?(?:to live|worth living) for\b",
    r"\b(?:life|living|my life|existing|being alive)(?:'?s| is| feels| seems)? (?:isn'?t|is not|not|doesn'?t feel|no longer|isnt|ain'?t) worth (?:it|living)\b",
    r"\b(?:life|my life|living|existing|being alive)(?:'?s| is| feels| seems| has become| has gotten| is becoming| became| got) (?:so |completely |totally |just |too )?(?:pointless|meaningless|worthless|unbearable|painful to bear)\b",
    r"\bnot worth living\b",
    r"\b(?:tired|tierd|sick|exhausted|weary|done) (?:of|with) (?:living|being alive|life|existing|this life|my life|it all|being here|waking up|everything|this world|the world|this earth|existence)\b",
    r"\b(?:tired|tierd|sick|exhausted|weary|done) (?:of|with) (?:[a-z']{1,12} (?:to |of |for )?)?(?:stay(?:ing)? alive|being alive|existing|my life)\b",
    r"\bhad enough of (?:life|living|being alive|everything|it all|this life|existing)\b",
    r"\bgiv(?:e|ing|en) up on (?:life|living|everything|myself|being alive|staying alive)\b",
    r"\b(?:no|can'?t see (?:a|any)|see no|there'?s no|there is no|cant see (?:a|any)) (?:other )?way (?:out|forward)\b",
    r"\b(?:don'?t know if|not sure(?: if)?|doubt) i (?:really )?(?:want|wanna|can) (?:to )?(?:be here|live|be alive|keep going|go on|exist|stay alive|survive|keep living|carry on)\b",
    r"\b(?:can'?t|cannot|won'?t|don'?t think i(?: can| will| could|'ll)|not sure i(?: can| will|'ll)) (?:survive|make it through|last) (?:another|one more|much longer|the night|tonight|this week)\b",
    r"\b(?:only|best|easiest) (?:way out|option|answer|solution|escape)\b.{0,24}\b(?:die|death|dying|suicide|end it|end my life|kill myself)\b",
    r"\bnothing (?:left )?for me (?:here|anymore|any more|in this world|in this life)\b|\bnothing (?:keeping|holding) me here\b",
    r"\bi (?:just )?want out(?:$|[.,!?;:\\-]| of (?:this life|life|here|this world|existence)| now| and| for good| forever)",
    r"\bwant to be gone(?:$|[.,!?;:]| forever| for good| from this world| and)",
    # Ending it, ending one's life.
    r"\b(?:end(?:ing)?|finish(?:ing)?) (?:it all|my life|my own life|my existence|it for good|it tonight|it once and for all)\b",
    r"\bend(?:ing)? (?:it|things|everything)" + END,
    r"\btak(?:e|ing|en) my (?:own )?life" + END,
    r"\b(?:wants?|needs?|wish|would like) (?:it|it all|everything|the pain|this pain|all of (?:it|this)|my life|things|the world) (?:all )?to (?:stop|end|be over)" + END,
    r"\bwant (?:is|was) to (?:just )?(?:die|disappear|be dead|end it|not exist|not wake up|sleep forever)\b|\b(?:part of me|all of me|some of me) (?:just |really )?wants (?:to )?(?:die|disappear|end it|be dead)\b",
    r"\bi'?m (?:so |just |completely |really )?done(?:$|[.!]| with (?:life|living|everything|it all|this life|trying|fighting)| fighting| trying| living| being alive)",
    r"\b(?:want|wanna|going|ready|about) to give up(?:$|[.!]| for good| on (?:life|everything|living)| completely)",
    r"\bwish (?:it|everything|it all|this|life) (?:would|could|was|were) (?:all )?(?:end|over|stop)\b|\bend my suffering\b|\bleave (?:this|the) (?:world|earth|life) (?:for good|forever|behind|now|tonight)?",
    r"\b(?:want|wanna|going|ready|need|longing) to (?:be with|join) (?:her|him|them|my (?:mum|mom|dad|son|daughter|wife|husband|partner|baby|brother|sister)) (?:again|in heaven|on the other side)\b",
    r"\b(?:not strong enough|no strength left|no energy left|no fight left) (?:in me )?to (?:keep going|go on|carry on|keep living|live|fight)\b|\bend of my rope\b",
    r"\b(?:ending it|dying|death|suicide|killing myself) (?:seems|feels|is|would be|looks) (?:like )?(?:the )?(?:only|best|easiest|right) (?:way|option|answer|choice|solution)\b",
    r"\b(?:cares?|matters?|mind) (?:if|whether) i live or die\b",
    r"\bi (?:just |really |honestly )?(?:want|wanna|need|should|deserve|will|'ll|am going|'m going|m going|am gonna|'m gonna|m gonna) (?:to )?(?:just )?die(?:$|[.!?;]| now| tonight| soon| already| alone| in my sleep| today| anyway)",
    r"\bcan'?t (?:see|imagine|picture) (?:myself|me) (?:being )?(?:alive|here|around|living|making it)\b|\b(?:disappointed|upset|sad|angry|annoyed) (?:that )?i (?:woke up|'?m still alive|am still alive|survived|'?m still here|am still here)",
    r"\b(?:ways?|how|methods?) to (?:die|kill myself|end (?:it|my life)|commit suicide|end it all)\b|\b(?:death|dying|being dead) (?:seems|feels|would be|sounds) (?:like )?(?:a |such a )?(?:relief|peaceful|better|easier|escape|release|the answer|welcome)",
    r"\b(?:no ?one|nobody|the world|anyone|everyone)(?: really| even)? (?:needs|wants|doesn'?t need|does not need|doesn'?t want|don'?t need|don'?t want) me(?: here| around| anymore| any more| alive|$|[.!,])",
    r"\bfavou?r (?:by|if i) (?:dying|died|disappeared|was gone|killed myself|wasn'?t here)\b|\btonight(?:'?s| is) the night\b|\bcheck(?:ing)? out (?:for good|permanently|of life)\b",
    r"\b(?:won'?t|will not|wont) have to (?:deal with|put up with|worry about|see|look after|care for) me (?:much longer|for long|anymore|any more|soon)\b",
    r"\bcan'?t (?:live|cope|deal) with (?:this|the|my) (?:pain|hurt|feeling|darkness|thoughts)(?: anymore| any more| any longer)\b|\bend (?:the|this|my) pain (?:forever|for good|permanently)\b",
    r"\b(?:not|no longer) (?:afraid|scared) (?:to die|of dying|of death)\b|\bwant (?:it|this|everything|it all) (?:all )?over(?: with)?(?:$|[.!,]| now| already| for good)|\bnot going to make it(?:$|[.!]| through (?:the night|tonight|this))",
    r"\bi give up(?:$|[.!]| on (?:life|everything|living))|\b(?:scared|afraid|worried|terrified) (?:that )?i(?:'ll| will| might| may|'?m going to|'?m gonna| am going to| could) (?:do something (?:stupid|drastic)|hurt myself|kill myself|end it)",
    r"\b(?:taken|took) an overdose\b|\b(?:free|escape) (?:from )?(?:this life|existence|being alive)\b|\bgoing to jump(?:$|[.!]| tonight| off)",
    r"\bstay asleep (?:forever|for good)|\band stay asleep\b|\bdisappear(?:ing)? (?:forever|for good|permanently|from this world|from existence)\b|\b(?:if|whether) i live or die\b",
    r"\b(?:don'?t know if|not sure (?:if )?|doubt|wonder if) i(?:'ll| will|'m going to| am going to) (?:still )?be (?:here|alive|around) (?:tomorrow|next week|much longer|by morning|in the morning|next year)",
    r"\b(?:don'?t|can'?t|do not|cannot) see (?:a|any) future (?:for me|for myself|anymore|any more)|\bno future for me\b|\btime for me to (?:go|leave|die|say goodbye|end it)(?:$|[.!]| for good| forever)",
    r"\b(?:swallow|take|taking|swallowing|took|down|downing) (?:all|every one|the whole (?:bottle|packet|box))(?: of)? (?:the |my )?(?:pills|tablets|meds|paracetamol|painkillers)",
    r"\b(?:end|stop) (?:the|this|my) (?:pain|suffering|hurt)(?: forever| for good| permanently| once and for all)|\bstop hurting (?:forever|for good|permanently)|\b(?:do|doing) something (?:i can'?t take back|drastic|permanent|irreversible)",
    r"\b(?:don'?t think i|not sure i|doubt i) can (?:do this|keep going|go on|carry on|hold on|take (?:it|this)|cope|survive)(?: much longer| any longer| anymore| any more| for much longer)",
    r"\b(?:go away|disappear|vanish|run away|leave) and never come back\b|\bbother (?:staying alive|living|being alive|existing|going on|waking up)\b|\bdo something to myself\b",
    r"\bhow (?:many|much) (?:pills|tablets|meds|paracetamol|painkillers)\b|\b(?:written|writing|wrote) (?:a |my )?(?:goodbye |last |final )?notes? (?:for|to) (?:my family|everyone|my loved ones|my kids|my children)\b",
    r"\b(?:don'?t|do not|dont) (?:really )?(?:want|wanna) to (?:anymore|any more|hold on)\b|\bno way i (?:can|could|'ll|will) (?:go on|keep going|carry on|keep living|survive|live)\b",
    r"\b(?:tomorrow|tonight|soon|by morning|by tomorrow) i (?:won'?t|will not|wont) be (?:here|alive|around)(?:$|[.!])|\b(?:won'?t|will not|wont) be alive\b|\bpretend(?:ing)? (?:that )?i (?:want to (?:live|be alive|be here)|care about living)",
    r"\brather (?:just )?(?:die|be dead) than (?:keep |go on |carry on )?(?:living|feeling|feel|live|be|go on|wake up)(?: like this| this way| with this| in this pain|$|[.!,])|\b(?:easier|better|simpler) (?:just )?to (?:be dead|die|not exist|not be here|not be alive|disappear)\b",
    r"\bcan'?t see myself [a-z' ]{0,40}\balive\b|\b(?:it'?s|its) time (?:i|to|for me to) (?:just )?end(?:ed)? (?:it|things|everything|my life)\b|\bdeserves? better than me\b",
    r"\b(?:dying|death|killing myself|ending it|suicide|being dead|if i died) (?:would|will|could|might) (?:solve|fix|end|make) (?:everything|it all|all my problems|things|the pain)\b",
    r"\bfor (?:the pain|this pain|it all|everything|my life) to (?:stop|end) (?:forever|for good|permanently)\b",
    # Feeling a burden; nobody would miss them.
    r"\b(?:better|happier|easier) (?:off? |place )?without me\b",
    r"\b(?:they|everyone|everybody|people|family|world|kids|friends|things|everything|life)(?:'?d| would| will) be (?:so |much |a lot )?(?:better|happier|easier)(?: off)? (?:if i|without me|when i)",
    r"\b(?:" + I_AM + r"|i feel like|feel like|feeling like|being) (?:just |such |only |nothing but )?(?:a |such a )?(?:burden|waste of (?:space|air|oxygen))\b",
    r"\b(?:no ?one|nobody|no-one|none of them|would anyone|who would|who'?d|anyone would)(?: would| will|'?d| is going to| gonna)? (?:even |really |ever )?(?:miss me|care if i'?m gone|notice if i'?m gone)\b",
    r"\b(?:if|when) i (?:just |simply )?(?:died|was gone|were gone|was dead|were dead|disappeared|wasn'?t here|weren'?t here|wasn'?t around|weren'?t around|killed myself|ended it all|didn'?t wake up|was no longer here|stopped existing|wasn'?t alive|weren'?t alive|wasn'?t born|weren'?t born|was never born|had never been born)\b",
    r"\b(?:no ?one|nobody|no-one|none of them|would anyone|who would|anyone would|not a soul)(?: would| will|'?d| is going to| gonna)? (?:even |really |ever )?(?:miss me|care|notice|mind|cry|be sad)(?: if| when| that)? i(?:'?m| was| were| am)? (?:gone|dead|not here|not around|died|disappeared)\b",
    # Saying goodbye, not being here much longer.
    r"\b(?:won'?t|will not|wont|not going to|not gonna) be (?:here|around|alive)(?: much longer| for much longer| for long| after tonight| by morning| by tomorrow)",
    r"\b(?:this is|consider this) (?:my )?(?:goodbye|last (?:post|message|goodbye)|final (?:post|message|goodbye))\b",
    r"\b(?:goodbye forever|goodbye world|goodbye cruel world|goodbye everyone|final goodbye|last goodbye|saying my goodbyes|saying goodbye to everyone)\b",
    r"\bgiv(?:e|ing) away (?:all )?(?:of )?my (?:things|stuff|belongings|possessions)\b|\bgiv(?:e|ing|en) (?:all )?(?:of )?my (?:things|stuff|belongings|possessions) away\b",
    # Not safe with oneself; wanting to hurt oneself.
    r"\b(?:" + I_AM + r"|i feel|feel|i don'?t feel|not feeling) (?:not )?safe (?:(?:with|around|from|by) my ?self|on my own|alone)\b",
    r"\b(?:scared|afraid|frightened|terrified) (?:of )?what i (?:might|will|could|'?ll|may) do to my ?self\b",
    r"\b" + I_AM + r" not safe(?:$|[.,!?;:]| right now| tonight| anymore| any more)",
    r"\bdon'?t trust my ?self (?:anymore|any more|right now|tonight|to stay safe|to be alone|alone|not to)",
    r"\b(?:want|wanna|urge|urges|going|gonna|need|feel like|thinking about|think about|thought about|started|keep|kept|been|tempted|relapsed and) (?:to )?(?:hurt(?:ing)?|harm(?:ing)?|cut(?:ting)?|burn(?:ing)?|punish(?:ing)?|starv(?:e|ing)) (?:my ?self|me)\b",
    r"\b(?:urges? to|want to|wanna|tempted to|need to) (?:cut|self[- ]?harm)(?:$|[.,!?;:]| again| tonight| so bad| myself)",
    r"\b(?:relapsed|relapse|started|been|keep|kept|back to) (?:on |into |with |again )?(?:self[- ]?harm(?:ing)?|cutting (?:again|myself)|hurting myself)\b",
    r"\bcut(?:ting)? myself (?:again|tonight|last night|today|deep)|\bcutting again\b|\bi (?:still )?self[- ]?harm\b",
    # Intent with a way to do it (the method itself is never needed to match).
    r"\b(?:going|gonna|want|wanna|plan(?:ning)?|thinking about|think about|thought about|ready|about|decided|tempted) (?:to )?(?:overdos(?:e|ing)|od on|od'?ing|hang my ?self|slit my|take (?:all )?(?:of )?(?:my|the) (?:pills|tablets|meds))",
    r"\b(?:pills|tablets|meds|rope) (?:are |is )?(?:ready|saved up|lined up)\b|\benough (?:pills|tablets|meds) to\b|\btake (?:them|it|everything) all (?:tonight|at once|now)\b",
    r"\b(?:say|saying|said) (?:my )?goodbyes? to (?:everyone|everybody|you all|all of you|my family)\b|\b(?:letters?|notes?) (?:to say |saying )goodbye\b",
    r"\b(?:jump|jumping|jumped) (?:off|from|in front of) (?:a |the |this |that )?(?:bridge|building|roof|cliff|balcony|tower|train|car|bus|ledge)\b|\b(?:drive|driving|crash|crashing|swerve|swerving) (?:my car )?into (?:a |the |oncoming )?(?:wall|tree|traffic|lorry|truck|river)\b",
    r"\btook (?:too many|all (?:of )?my|a handful of|a bunch of|loads of) (?:pills|tablets|meds)\b|\bjust overdosed\b|\b(?:going to|gonna|i'?ll|i will) do it (?:tonight|this time|for real)\b",
    r"\bmy (?:own )?funeral\b|\bmy (?:last|final|dying) wish\b|\b(?:tonight|today) is my last (?:night|day)(?:$|[.!]| alive| on earth| ever)",
    r"\b(?:hang(?:ing)? my ?self|slit(?:ting)? my (?:wrists?|throat)|stockpil(?:e|ed|ing) (?:my )?(?:pills|meds|tablets))\b",
]


def widen(apps, schema_editor):
    WatchedWord = apps.get_model("moderation", "WatchedWord")
    WatchedWord.objects.filter(action="crisis", is_pattern=True, phrase__in=OLD_CRISIS_PHRASES).delete()
    for pattern in CRISIS_PHRASES:
        WatchedWord.objects.get_or_create(phrase=pattern, action="crisis", defaults={"is_pattern": True})


class Migration(migrations.Migration):
    dependencies = [("moderation", "0013_board_moderators")]

    operations = [
        migrations.AlterField(
            model_name="watchedword",
            name="phrase",
            field=models.CharField(max_length=500),
        ),
        migrations.AlterField(
            model_name="watchedword",
            name="is_pattern",
            field=models.BooleanField(
                default=False,
                help_text="Match `phrase` as an RE2 regular expression over the text in lower case, with plain "
                "apostrophes, quotes and dashes and single spaces. No lookarounds or backreferences; \\b and \\w "
                "cover ASCII letters, \\pL letters in any script.",
                verbose_name="regular expression",
            ),
        ),
        migrations.RunPython(widen, migrations.RunPython.noop),
    ]
