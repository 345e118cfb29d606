package offline

import (
	"bufio"
	"embed"
	"strings"
	"sync"
)

//go:embed names/female.txt names/male.txt names/extra.txt
var nameFiles embed.FS

// gender of a person or a pronoun.
type gender uint8

const (
	genderUnknown gender = iota
	genderMale
	genderFemale
	genderPlural // they, groups
	genderNeuter // it, organisations
)

var (
	firstNamesOnce sync.Once
	firstNames     map[string]gender // lower-cased first name → gender (unknown when both)
)

// firstNameGender returns the gender a first name suggests and whether the
// name is a known first name at all.
func firstNameGender(lower string) (gender, bool) {
	firstNamesOnce.Do(loadFirstNames)
	g, ok := firstNames[lower]
	return g, ok
}

func loadFirstNames() {
	firstNames = make(map[string]gender, 9000)
	add := func(name string, g gender) {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" || strings.HasPrefix(name, "#") {
			return
		}
		if old, ok := firstNames[name]; ok && old != g {
			g = genderUnknown
		}
		firstNames[name] = g
	}
	read := func(file string, each func(string)) {
		f, err := nameFiles.Open(file)
		if err != nil {
			panic("offline: embedded name list missing: " + file) // a build defect, not input
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			each(sc.Text())
		}
	}
	read("names/female.txt", func(s string) { add(s, genderFemale) })
	read("names/male.txt", func(s string) { add(s, genderMale) })
	// The supplement decides: it corrects names the lists lack or share.
	read("names/extra.txt", func(s string) {
		name, g, ok := strings.Cut(s, "\t")
		if !ok || strings.HasPrefix(name, "#") {
			return
		}
		lower := strings.ToLower(name)
		if g == "f" {
			firstNames[lower] = genderFemale
		} else {
			firstNames[lower] = genderMale
		}
	})
	// Words that are first names in the lists but far more often something
	// else in news copy.
	for _, w := range []string{"will", "may", "june", "april", "august", "grant", "mark", "bill", "rich", "young", "white", "black", "king", "major", "guy", "lane", "page", "star", "sunday", "monday", "friday", "christian", "justice", "joy", "hope", "faith", "dale", "glen", "bay", "ford", "cash", "sandy", "rocky", "dusty", "wood", "hall", "park", "field", "brook", "lake", "river", "lord", "prince", "earl", "duke", "bishop", "dean", "chancellor", "marshal", "judge", "pope", "minister", "premier", "mayor", "general", "chief", "sergeant", "corporal", "governor", "senator", "president", "can", "van", "ina", "bo", "ty", "al", "le", "la", "de", "del", "dot", "an", "is", "jo", "vi", "ed", "say", "dee"} {
		if w == "mark" || w == "bill" || w == "grant" || w == "dean" || w == "dale" || w == "glen" || w == "al" || w == "ed" || w == "jo" || w == "guy" {
			continue // common enough as names to keep
		}
		delete(firstNames, w)
	}
}

// verbForm describes a reporting verb form.
type verbForm struct {
	lemma string
	// participle forms ("adding", "saying") take the subject of the clause
	// they hang on.
	participle bool
	// object verbs ("told", "assured") take an addressee before the clause.
	object bool
}

// reportingVerbs maps lower-case forms of verbs that introduce speech to
// their description.
var reportingVerbs = map[string]verbForm{}

func init() {
	// lemma: forms (base, 3rd person, past, participle); object verbs marked with *.
	lemmas := map[string][]string{
		"say":         {"say", "says", "said", "saying"},
		"tell*":       {"tell", "tells", "told", "telling"},
		"add":         {"add", "adds", "added", "adding"},
		"write":       {"write", "writes", "wrote", "writing"},
		"explain":     {"explain", "explains", "explained", "explaining"},
		"note":        {"note", "notes", "noted", "noting"},
		"argue":       {"argue", "argues", "argued", "arguing"},
		"warn":        {"warn", "warns", "warned", "warning"},
		"state":       {"state", "states", "stated", "stating"},
		"claim":       {"claim", "claims", "claimed", "claiming"},
		"insist":      {"insist", "insists", "insisted", "insisting"},
		"acknowledge": {"acknowledge", "acknowledges", "acknowledged", "acknowledging"},
		"admit":       {"admit", "admits", "admitted", "admitting"},
		"announce":    {"announce", "announces", "announced", "announcing"},
		"ask":         {"ask", "asks", "asked", "asking"},
		"reply":       {"reply", "replies", "replied", "replying"},
		"respond":     {"respond", "responds", "responded", "responding"},
		"recall":      {"recall", "recalls", "recalled", "recalling"},
		"suggest":     {"suggest", "suggests", "suggested", "suggesting"},
		"describe":    {"describe", "describes", "described", "describing"},
		"predict":     {"predict", "predicts", "predicted", "predicting"},
		"report":      {"report", "reports", "reported", "reporting"},
		"confirm":     {"confirm", "confirms", "confirmed", "confirming"},
		"continue":    {"continue", "continues", "continued"},
		"conclude":    {"conclude", "concludes", "concluded", "concluding"},
		"tweet":       {"tweet", "tweets", "tweeted", "tweeting"},
		"post":        {"posted"},
		"declare":     {"declare", "declares", "declared", "declaring"},
		"emphasize":   {"emphasize", "emphasizes", "emphasized", "emphasizing", "emphasise", "emphasises", "emphasised", "emphasising"},
		"stress":      {"stresses", "stressed", "stressing"},
		"observe":     {"observes", "observed", "observing"},
		"maintain":    {"maintains", "maintained", "maintaining"},
		"contend":     {"contend", "contends", "contended", "contending"},
		"concede":     {"concede", "concedes", "conceded", "conceding"},
		"remark":      {"remarks", "remarked", "remarking"},
		"comment":     {"commented", "commenting"},
		"agree":       {"agreed"},
		"complain":    {"complain", "complains", "complained", "complaining"},
		"believe":     {"believes", "believed"},
		"indicate":    {"indicates", "indicated", "indicating"},
		"testify":     {"testify", "testifies", "testified", "testifying"},
		"urge":        {"urges", "urged", "urging"},
		"caution":     {"cautions", "cautioned", "cautioning"},
		"promise":     {"promises", "promised", "promising"},
		"vow":         {"vows", "vowed", "vowing"},
		"allege":      {"allege", "alleges", "alleged", "alleging"},
		"assert":      {"assert", "asserts", "asserted", "asserting"},
		"reiterate":   {"reiterates", "reiterated", "reiterating"},
		"recount":     {"recounts", "recounted", "recounting"},
		"shout":       {"shout", "shouts", "shouted", "shouting"},
		"yell":        {"yells", "yelled", "yelling"},
		"reveal":      {"reveals", "revealed", "revealing"},
		"estimate":    {"estimates", "estimated"},
		"speculate":   {"speculates", "speculated"},
		"wonder":      {"wonders", "wondered"},
		"point":       {"points", "pointed"},
		"echo":        {"echoes", "echoed"},
		"counter":     {"countered"},
		"boast":       {"boasts", "boasted"},
		"joke":        {"jokes", "joked"},
		"quip":        {"quips", "quipped"},
		"muse":        {"muses", "mused"},
		"sigh":        {"sighs", "sighed"},
		"whisper":     {"whispers", "whispered"},
		"exclaim":     {"exclaims", "exclaimed"},
		"charge":      {"charged"},
		"assure*":     {"assures", "assured"},
		"inform*":     {"informs", "informed"},
		"remind*":     {"reminds", "reminded"},
		"advise*":     {"advises", "advised"},
		"read":        {"reads"},
		"find":        {"found"},
		"think":       {"thinks"},
		"feel":        {"feels"},
		"hope":        {"hopes"},
		"fear":        {"fears", "feared"},
		"worry":       {"worries", "worried"},
		"expect":      {"expects"},
		"propose":     {"proposed", "proposes"},
		"question":    {"questioned", "questions"},
		"deny":        {"denied", "denies"},
		"concur":      {"concurred"},
		"reason":      {"reasoned", "reasons"},
		"opine":       {"opined"},
		"retort":      {"retort", "retorts", "retorted", "retorting"},
		"confess":     {"confess", "confesses", "confessed", "confessing"},
		"lament":      {"lament", "laments", "lamented", "lamenting"},
		"scoff":       {"scoffs", "scoffed"},
		"plead":       {"pleads", "pleaded"},
		"demand":      {"demands", "demanded", "demanding"},
		"clarify":     {"clarifies", "clarified", "clarifying"},
		"elaborate":   {"elaborated"},
		"reckon":      {"reckons", "reckoned"},
		"protest":     {"protested"},
		"object":      {"objected"},
		"affirm":      {"affirms", "affirmed"},
		"reassure*":   {"reassures", "reassured"},
		"mention":     {"mentions", "mentioned", "mentioning"},
		"pledge":      {"pledges", "pledged", "pledging"},
		"grumble":     {"grumbles", "grumbled"},
		"marvel":      {"marvels", "marvelled", "marveled"},
		"rule":        {"ruled"},
		"call":        {"called"},
		"go":          {"went", "goes"},
	}
	for lemma, forms := range lemmas {
		obj := strings.HasSuffix(lemma, "*")
		lemma = strings.TrimSuffix(lemma, "*")
		for _, f := range forms {
			reportingVerbs[f] = verbForm{lemma: lemma, participle: strings.HasSuffix(f, "ing"), object: obj}
		}
	}
}

// weakVerbs are reporting verbs that rarely introduce speech on their own:
// they count only next to quotation marks or with an explicit "that".
var weakVerbs = map[string]bool{
	"found": true, "thinks": true, "feels": true, "hopes": true, "fears": true, "feared": true,
	"worries": true, "worried": true, "expects": true, "believes": true, "believed": true,
	"reads": true, "proposed": true, "proposes": true, "questioned": true, "questions": true,
	"denied": true, "denies": true, "continued": true, "continues": true, "continue": true,
	"points": true, "pointed": true, "estimates": true, "estimated": true, "agreed": true,
	"reported": true, "reports": true, "report": true, "reporting": true, "described": true,
	"describes": true, "describe": true, "describing": true, "posted": true, "charged": true,
	"state": true, "stating": true, "note": true, "add": true, "tell": true, "ask": true,
	"write": true, "promising": true, "warning": true, "question": true, "reasons": true,
	"remarks": true, "echoes": true, "counters": true, "charge": true, "claim": true,
	"indicates": true, "indicated": true, "indicating": true, "wonders": true, "wondered": true,
	"called": true, "ruled": true, "mentioned": true, "mentions": true, "demands": true, "demanded": true,
	"pledges": true, "pledged": true, "protested": true, "objected": true,
	"responded": true, "responds": true, "replied": true, "replies": true, "asked": true, "asks": true,
}

// skipBeforeVerb are words between a subject and its reporting verb.
var skipBeforeVerb = map[string]bool{
	"also": true, "later": true, "then": true, "previously": true, "recently": true,
	"again": true, "further": true, "has": true, "had": true, "have": true, "was": true,
	"were": true, "is": true, "are": true, "will": true, "would": true, "could": true,
	"may": true, "might": true, "did": true, "does": true, "do": true, "once": true,
	"repeatedly": true, "earlier": true, "often": true, "simply": true, "only": true,
	"reportedly": true, "allegedly": true, "publicly": true, "privately": true,
	"told": false, "quickly": true, "firmly": true, "flatly": true, "angrily": true,
	"bluntly": true, "frankly": true, "recalls": false, "just": true, "still": true,
	"now": true, "first": true, "finally": true, "initially": true, "subsequently": true,
	"clearly": true, "openly": true, "tearfully": true, "proudly": true, "calmly": true,
	"emphatically": true, "jokingly": true, "wryly": true, "candidly": true, "been": true,
	"already": true, "always": true, "never": false, "even": true, "herself": true,
	"himself": true, "themselves": true, "itself": true, "long": true, "consistently": true,
}

// pronouns usable as a speaker, with their gender.
var subjectPronouns = map[string]gender{
	"he": genderMale, "she": genderFemale, "they": genderPlural, "it": genderNeuter,
	"He": genderMale, "She": genderFemale, "They": genderPlural, "It": genderNeuter,
}

// determiners open a descriptive noun phrase ("the judge", "a spokesperson").
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "his": true, "her": true,
	"its": true, "their": true, "our": true, "one": true, "another": true, "two": true,
	"three": true, "several": true, "some": true, "many": true, "other": true, "both": true,
}

// roleNouns are heads of descriptive speaker phrases; the value is the
// canonical role used to match titles ("justice" and "judge" match).
var roleNouns = map[string]string{
	"spokesperson": "spokesperson", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
	"official": "official", "officials": "officials", "police": "police", "officer": "officer",
	"officers": "police", "judge": "judge", "justice": "judge", "minister": "minister",
	"president": "president", "premier": "premier", "mayor": "mayor", "lawyer": "lawyer",
	"lawyers": "lawyers", "attorney": "lawyer", "prosecutor": "prosecutor", "prosecutors": "prosecutors",
	"company": "company", "firm": "company", "statement": "statement", "report": "report",
	"study": "study", "researchers": "researchers", "researcher": "researcher", "experts": "experts",
	"expert": "expert", "doctor": "doctor", "doctors": "doctors", "chief": "chief", "ceo": "ceo",
	"director": "director", "manager": "manager", "leader": "leader", "chair": "chair",
	"chairman": "chair", "chairwoman": "chair", "chairperson": "chair", "senator": "senator",
	"governor": "governor", "lady": "lady", "secretary": "secretary", "ambassador": "ambassador",
	"coach": "coach", "professor": "professor", "economist": "economist", "analyst": "analyst",
	"analysts": "analysts", "author": "author", "authors": "authors", "agency": "agency",
	"department": "department", "ministry": "ministry", "government": "government",
	"authorities": "authorities", "organization": "organization", "organisation": "organisation",
	"group": "group", "union": "union", "board": "board", "court": "court", "members": "members",
	"residents": "residents", "witnesses": "witnesses", "witness": "witness", "sources": "sources",
	"source": "source", "critics": "critics", "advocates": "advocates", "scientists": "scientists",
	"investigators": "investigators", "organizers": "organizers", "parents": "parents",
	"councillor": "councillor", "councilor": "councillor", "mp": "mp", "mpp": "mpp", "mla": "mla",
	"founder": "founder", "owner": "owner", "victim": "victim", "mother": "mother", "father": "father",
	"woman": "woman", "man": "man", "student": "student", "students": "students", "teacher": "teacher",
	"commissioner": "commissioner", "inspector": "inspector", "sergeant": "sergeant", "constable": "constable",
	"detective": "detective", "superintendent": "superintendent", "premiers": "premiers",
	"ministers": "ministers", "executive": "executive", "executives": "executives", "post": "post",
	"website": "website", "blog": "blog", "letter": "letter", "release": "release", "survey": "survey",
	"poll": "poll", "data": "data", "documents": "documents", "filing": "filing", "ruling": "ruling",
	"decision": "decision", "campaign": "campaign", "party": "party", "team": "team", "club": "club",
	"city": "city", "province": "province", "state": "state", "country": "country", "family": "family",
	"relatives": "relatives", "friends": "friends", "neighbours": "neighbours", "neighbors": "neighbors",
	"colleagues": "colleagues", "supporters": "supporters", "opponents": "opponents", "users": "users",
	"employees": "employees", "workers": "workers", "staff": "staff", "crown": "prosecutor",
	"defence": "defence", "defense": "defence", "counsel": "lawyer", "trustee": "trustee",
	"candidate": "candidate", "activist": "activist", "activists": "activists", "protesters": "protesters",
	"farmer": "farmer", "farmers": "farmers", "owners": "owners", "physician": "doctor", "nurse": "nurse",
	"scientist": "scientist", "historian": "historian", "columnist": "columnist", "editor": "editor",
	"reporter": "reporter", "host": "host", "chancellor": "chancellor", "pope": "pope", "king": "king",
	"queen": "queen", "prince": "prince", "princess": "princess", "general": "general", "captain": "captain",
	"forward": "forward", "defenceman": "defenceman", "defenseman": "defenceman", "goaltender": "goalie",
	"goalie": "goalie", "winger": "winger", "wing": "winger", "centre": "centre", "striker": "striker",
	"midfielder": "midfielder", "defender": "defender", "quarterback": "quarterback", "pitcher": "pitcher",
	"catcher": "catcher", "guard": "guard", "outfielder": "outfielder", "infielder": "infielder",
	"rookie": "rookie", "veteran": "veteran", "skipper": "coach",
	"player": "player", "players": "players", "fans": "fans", "people": "people", "voters": "voters",
	"deputy": "deputy", "administrator": "administrator", "association": "association", "council": "council",
	"commission": "commission", "committee": "committee", "service": "service", "office": "office",
	"lawsuit": "lawsuit", "complaint": "complaint", "indictment": "indictment", "affidavit": "affidavit",
	"suit": "lawsuit", "analysis": "analysis", "audit": "audit", "negotiator": "negotiator",
	"member": "member", "ecologist": "ecologist", "biologist": "biologist", "glaciologist": "glaciologist",
	"hydrologist": "hydrologist", "epidemiologist": "epidemiologist", "engineer": "engineer", "planner": "planner",
	"architect": "architect", "organizer": "organizer", "organiser": "organiser", "volunteer": "volunteer",
	"volunteers": "volunteers", "counters": "counters", "forecaster": "forecaster", "meteorologist": "meteorologist",
	"observers": "observers", "strategist": "strategist", "utility": "utility",
	"gallery": "gallery", "museum": "museum", "hospital": "hospital", "school": "school",
	"university": "university", "college": "college", "bank": "bank", "authority": "authority",
	"regulator": "regulator", "consortium": "consortium", "federation": "federation",
	"institute": "institute", "foundation": "foundation", "charity": "charity", "society": "society",
	"coalition": "coalition", "alliance": "alliance", "league": "league", "airline": "airline",
	"railway": "railway", "unit": "unit", "clinic": "clinic", "watchdog": "watchdog", "airport": "airport",
	"municipality": "municipality", "county": "county", "district": "district", "embassy": "embassy",
	"administration": "administration", "cabinet": "cabinet", "network": "network", "broadcaster": "broadcaster",
	"co-op": "co-op", "cooperative": "co-op", "insurer": "insurer", "retailer": "retailer", "carrier": "carrier",
	"spokespeople": "spokesperson", "representative": "representative", "representatives": "representatives",
}

// titleWords precede a name as a title or honorific ("Justice Ana Ruiz",
// "First Lady Melania Trump"); the value is the role a later "the …" phrase
// can use to refer to that person.
var titleWords = map[string]string{
	"mr": "", "mr.": "", "mrs": "", "mrs.": "", "ms": "", "ms.": "", "miss": "", "dr": "doctor",
	"dr.": "doctor", "prof": "professor", "prof.": "professor", "professor": "professor",
	"sir": "", "dame": "", "lord": "lord", "lady": "lady", "president": "president",
	"vice": "", "prime": "", "minister": "minister", "premier": "premier", "mayor": "mayor",
	"justice": "judge", "judge": "judge", "chief": "chief", "senator": "senator", "sen": "senator",
	"sen.": "senator", "rep": "representative", "rep.": "representative", "representative": "representative",
	"gov": "governor", "gov.": "governor", "governor": "governor", "secretary": "secretary",
	"general": "general", "gen": "general", "gen.": "general", "col": "colonel", "col.": "colonel",
	"capt": "captain", "capt.": "captain", "captain": "captain", "lt": "lieutenant", "lt.": "lieutenant",
	"sgt": "sergeant", "sgt.": "sergeant", "sergeant": "sergeant", "cpl": "corporal", "cpl.": "corporal",
	"const": "constable", "const.": "constable", "constable": "constable", "det": "detective",
	"det.": "detective", "detective": "detective", "insp": "inspector", "insp.": "inspector",
	"inspector": "inspector", "supt": "superintendent", "supt.": "superintendent",
	"superintendent": "superintendent", "commissioner": "commissioner", "chancellor": "chancellor",
	"ambassador": "ambassador", "rev": "reverend", "rev.": "reverend", "reverend": "reverend",
	"father": "", "pope": "pope", "king": "king", "queen": "queen", "prince": "prince",
	"princess": "princess", "coach": "coach", "councillor": "councillor", "coun": "councillor",
	"coun.": "councillor", "alderman": "councillor", "mp": "mp", "mpp": "mpp", "mla": "mla",
	"attorney": "attorney", "first": "", "deputy": "deputy", "foreign": "", "finance": "",
	"health": "", "defence": "", "defense": "", "public": "", "safety": "", "crown": "",
	"ceo": "ceo", "chairman": "chair", "chairwoman": "chair", "chair": "chair", "director": "director",
	"officer": "officer", "sheriff": "sheriff", "dean": "dean", "rabbi": "rabbi", "imam": "imam",
	"bishop": "bishop", "cardinal": "cardinal", "archbishop": "archbishop", "speaker": "speaker",
	"leader": "leader", "opposition": "", "hon": "", "hon.": "", "honourable": "", "honorable": "",
	"former": "", "u.s": "", "u.s.": "", "cabinet": "", "city": "", "provincial": "",
	"federal": "", "state": "", "national": "", "associate": "", "assistant": "", "staff": "",
	"principal": "principal", "head": "head", "acting": "", "interim": "", "executive": "",
	"supreme": "", "court": "", "ontario": "", "superior": "",
}

// titleGender gives the gender some titles imply.
var titleGender = map[string]gender{
	"mr": genderMale, "mr.": genderMale, "mrs": genderFemale, "mrs.": genderFemale, "ms": genderFemale,
	"ms.": genderFemale, "miss": genderFemale, "sir": genderMale, "dame": genderFemale, "lady": genderFemale,
	"king": genderMale, "queen": genderFemale, "prince": genderMale, "princess": genderFemale,
	"father": genderMale, "pope": genderMale, "lord": genderMale,
}

// notNameWords are capitalised words that start sentences or name things
// other than people; a capitalised run made only of them names nobody.
var notNameWords = map[string]bool{}

// orgWords mark a capitalised run as an organisation or place rather than a
// person.
var orgWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the a an and but or so yet for nor in on at to of by from with without as
	this that these those there here it its he she they we i you his her their our my your what which who
	when where why how while after before since until although though because if unless whether however
	meanwhile still also then now today yesterday tomorrow monday tuesday wednesday thursday friday saturday
	sunday january february march april may june july august september october november december mr mrs ms
	dr according read watch more related photo video file editor's note update updated advertisement
	some many most few all no not one two three four five six seven eight nine ten first last next new old
	another other such each every both either neither despite during under over between among about
	against into onto upon off up down out through across around near than like unlike just only even
	asked said says told last year years week month day days night morning afternoon evening earlier later
	both meanwhile indeed instead overall still yes no ok okay please thanks thank well oh
	should would could can will might must shall do does did is are was were has have had i let let's
	hey hello dear sorry maybe perhaps`) {
		notNameWords[w] = true
	}
	for _, w := range strings.Fields(`inc inc. corp corp. ltd ltd. llc co co. company corporation group
	association society institute university college school court council ministry department agency
	service services police force bank party church hospital centre center foundation commission committee
	board office union club league team network news times post press journal herald star globe mail
	tribune radio television tv fm am cbc ctv bbc cnn airport street avenue road boulevard highway park
	square bridge tower building hall city county province state country canada ontario quebec toronto
	montreal vancouver ottawa calgary edmonton winnipeg america states kingdom nation nations government
	parliament house senate congress assembly museum gallery theatre theater festival awards fund trust
	capital partners holdings systems technologies labs media communications energy resources health
	care river lake mountain island bay valley region district lakes mountains islands east west north
	south northern southern eastern western central international national federal provincial global
	world europe africa asia china russia ukraine india japan france germany britain england ireland
	scotland australia mexico brazil iran iraq israel syria korea cup games series championship olympics
	program programme project initiative act bill law code report review study survey index
	mining foods food grocers grocery software ferries ferry airlines airline airways motors pharmaceuticals
	pharma therapeutics biotech insurance financial logistics shipping transport transit construction
	developments properties realty entertainment studios records productions brewing brewery farms markets
	stores retail solutions robotics medical clinic laboratories industries enterprises ventures associates
	consulting oil gas hydro electric utilities utility telecom wireless bancorp credit hotels resorts apparel
	chemicals analytics dynamics aerospace automotive outfitters pictures publishing books bakery dairy
	railway railways rail railroad pipeline pipelines minerals metals forestry lumber paper textiles
	harbour harbor port heights falls springs beach point creek hills village township
	savings studio water taxi taxis buses lines cruises tours air cooperative co-op coalition alliance federation council institute agency authority commission`) {
		orgWords[w] = true
	}
}

// surnameOrgWords are words that mark places and organisations but are
// also common family names ("Linda Park", "Dana Hall").
var surnameOrgWords = map[string]bool{
	"park": true, "hall": true, "wood": true, "field": true, "ford": true, "lake": true,
	"bay": true, "river": true, "church": true, "bush": true, "banks": true, "bank": true,
	"house": true, "castle": true, "street": true, "bridge": true, "marsh": true, "moss": true,
	"post": true, "star": true, "fund": true, "trust": true, "burns": true, "mills": true,
	"power": true, "steel": true, "rice": true, "price": true, "bell": true, "ferry": true,
}

// locatives precede places ("in Stanley Park", "near Elm Hall").
var locatives = map[string]bool{
	"in": true, "at": true, "near": true, "to": true, "from": true, "into": true, "through": true,
	"across": true, "around": true, "outside": true, "inside": true, "toward": true, "towards": true,
	"past": true, "along": true, "behind": true, "opposite": true,
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true, "gen": true,
	"gov": true, "sen": true, "rep": true, "lt": true, "col": true, "sgt": true, "capt": true, "cpl": true,
	"const": true, "det": true, "insp": true, "supt": true, "prof": true, "rev": true, "hon": true,
	"coun": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "no": true, "vs": true, "mt": true,
	"ft": true, "ave": true, "blvd": true, "approx": true, "dept": true, "est": true, "fig": true,
	"e.g": true, "i.e": true, "a.m": true, "p.m": true, "u.s": true, "u.k": true, "u.n": true, "etc": false,
}
