package importer

import (
	"fmt"
	"strings"

	"github.com/eventgraph/eventgraph/graph/model"
)

// PLOVER is what one CAMEO event code becomes in PLOVER: the event type, the
// mode (how) and the contexts (why), plus CAMEO's own description of the code
// for event titles.
type PLOVER struct {
	Kind        model.EventKind
	Mode        string
	Contexts    []string
	Description string
}

// cameoCrosswalk is PLOVER's own CAMEO crosswalk (openeventdata/PLOVER,
// CAMEO2PLOVER-2021.txt) for the roots 03-20, with PLOVER's later renaming of
// DEMAND to REQUEST applied (the crosswalk still says DEMAND; the PLOVER event
// list this service uses has REQUEST). Roots 01 (make public statement) and
// 02 (appeal) are not in the crosswalk because PLOVER dropped them as event
// types: 01 becomes OTHER, and 02, an appeal for something, becomes REQUEST,
// PLOVER's category for asking another actor to act. Columns: CAMEO code,
// PLOVER event, mode ("-" for none), contexts (";"-separated, "-" for none),
// CAMEO description.
const cameoCrosswalk = `
01   OTHER     -  -  Make public statement
010  OTHER     -  -  Make statement
011  OTHER     -  -  Decline comment
012  OTHER     -  -  Make pessimistic comment
013  OTHER     -  -  Make optimistic comment
014  OTHER     -  -  Consider policy option
015  OTHER     -  -  Acknowledge or claim responsibility
016  OTHER     -  -  Deny responsibility
017  OTHER     -  -  Engage in symbolic act
018  OTHER     -  -  Make empathetic comment
019  OTHER     -  -  Express accord
02   REQUEST   -  -  Appeal
020  REQUEST   -  -  Make an appeal or request
021  REQUEST   assist  -  Appeal for material cooperation
0211 REQUEST   assist  economic  Appeal for economic cooperation
0212 REQUEST   assist  military  Appeal for military cooperation
0213 REQUEST   assist  legal  Appeal for judicial cooperation
0214 REQUEST   assist  intelligence  Appeal for intelligence
022  REQUEST   assist  diplomatic  Appeal for diplomatic cooperation
023  REQUEST   assist  -  Appeal for aid
0231 REQUEST   assist  economic  Appeal for economic aid
0232 REQUEST   assist  military  Appeal for military aid
0233 REQUEST   assist  humanitarian  Appeal for humanitarian aid
0234 REQUEST   assist  peacekeeping  Appeal for military protection or peacekeeping
024  REQUEST   change  political_institutions  Appeal for political reform
0241 REQUEST   change  executive  Appeal for change in leadership
0242 REQUEST   change  executive  Appeal for policy change
0243 REQUEST   change  rights_freedoms  Appeal for rights
0244 REQUEST   change  political_institutions  Appeal for change in institutions, regime
025  REQUEST   yield  -  Appeal to yield
0251 REQUEST   yield  legal  Appeal for easing of administrative sanctions
0252 REQUEST   yield  legal  Appeal for easing of popular dissent
0253 REQUEST   yield  legal  Appeal for release of persons or property
0254 REQUEST   yield  economic  Appeal for easing of economic sanctions, boycott, or embargo
0255 REQUEST   yield  diplomatic  Appeal for target to allow international involvement
0256 REQUEST   yield  military  Appeal for de-escalation of military engagement
026  REQUEST   meet  diplomatic  Appeal to others to meet or negotiate
027  REQUEST   meet  diplomatic  Appeal to others to settle dispute
028  REQUEST   meet  diplomatic  Appeal to others to engage in or accept mediation
03   AGREE     -  diplomatic  Express intent to cooperate
030  AGREE     -  diplomatic  Express intent to cooperate
031  AGREE     -  diplomatic  Express intent to engage in material cooperation
0311 AGREE     -  economic  Express intent to cooperate economically
0312 AGREE     -  military  Express intent to cooperate militarily
0313 AGREE     -  legal  Express intent to cooperate on judicial matters
0314 AGREE     -  intelligence  Express intent to cooperate on intelligence
032  AGREE     -  diplomatic  Express intent to engage in diplomatic cooperation
033  AGREE     -  diplomatic  Express intent to provide material aid
0331 AGREE     -  economic  Express intent to provide economic aid
0332 AGREE     -  military  Express intent to provide military aid
0333 AGREE     -  diplomatic  Express intent to provide humanitarian aid
0334 AGREE     -  peacekeeping  Express intent to provide military protection or peacekeeping
034  AGREE     -  political_institutions  Express intent to institute political reform
0341 AGREE     -  political_institutions  Express intent to change leadership
0342 AGREE     -  executive  Express intent to change policy
0343 AGREE     -  rights_freedoms  Express intent to provide rights
0344 AGREE     -  political_institutions  Express intent to change institutions, regime
035  AGREE     -  -  Express intent to yield
0351 AGREE     -  rights_freedoms  Express intent to ease administrative sanctions
0352 AGREE     -  -  Express intent to ease popular dissent
0353 AGREE     -  rights_freedoms  Express intent to release persons or property
0354 AGREE     -  economic  Express intent to ease economic sanctions, boycott, or embargo
0355 AGREE     -  diplomatic  Express intent to allow international involvement
0356 AGREE     -  military  Express intent to de-escalate military engagement
036  AGREE     -  diplomatic  Express intent to meet or negotiate
037  AGREE     -  diplomatic  Express intent to settle dispute
038  AGREE     -  diplomatic  Express intent to accept mediation
039  AGREE     -  diplomatic  Express intent to mediate
04   CONSULT   -  -  Consult
040  CONSULT   -  -  Consult
041  CONSULT   phone  -  Discuss by telephone
042  CONSULT   visit  -  Make a visit
043  CONSULT   host  -  Host a visit
044  CONSULT   third-party  -  Meet at a third location
045  CONSULT   -  diplomatic  Engage in mediation
046  CONSULT   -  diplomatic  Engage in negotiation
05   SUPPORT   -  diplomatic  Engage in diplomatic cooperation
050  SUPPORT   -  diplomatic  Engage in diplomatic cooperation
051  SUPPORT   -  diplomatic  Praise or endorse
052  SUPPORT   -  diplomatic  Defend verbally
053  SUPPORT   -  diplomatic  Rally support on behalf of
054  SUPPORT   -  diplomatic  Grant diplomatic recognition
055  SUPPORT   -  diplomatic  Apologize
056  SUPPORT   -  diplomatic  Forgive
057  SUPPORT   -  diplomatic  Sign formal agreement
06   COOPERATE -  -  Engage in material cooperation
060  COOPERATE -  -  Engage in material cooperation
061  COOPERATE -  economic  Cooperate economically
062  COOPERATE -  military  Cooperate militarily
063  COOPERATE -  legal  Engage in judicial cooperation
064  COOPERATE -  intelligence  Share intelligence or information
07   AID       -  -  Provide aid
070  AID       -  -  Provide aid
071  AID       -  economic  Provide economic aid
072  AID       -  military  Provide military aid
073  AID       -  humanitarian  Provide humanitarian aid
074  AID       -  peacekeeping  Provide military protection or peacekeeping
075  AID       -  asylum  Grant asylum
08   CONCEDE   -  -  Yield
080  CONCEDE   -  -  Yield
081  CONCEDE   -  legal  Ease administrative sanctions
0811 CONCEDE   -  democracy  Ease restrictions on political freedoms
0812 CONCEDE   -  democracy  Ease ban on political parties or politicians
0813 RETREAT   ease  legal  Ease curfew
0814 RETREAT   ease  legal  Ease state of emergency or martial law
082  CONCEDE   -  democracy  Ease political dissent
083  CONCEDE   -  political_institutions  Accede to requests or demands for political reform
0831 CONCEDE   -  political_institutions  Accede to demands for change in leadership
0832 CONCEDE   -  executive  Accede to demands for change in policy
0833 CONCEDE   -  rights_freedoms  Accede to demands for rights
0834 CONCEDE   -  political_institutions  Accede to demands for change in institutions, regime
084  RETREAT   -  -  Return, release
0841 RETREAT   release  legal  Return, release person(s)
0842 RETREAT   return  legal  Return, release property
085  RETREAT   ease  economic  Ease economic sanctions, boycott, embargo
086  RETREAT   access  diplomatic  Allow international involvement
0861 RETREAT   access  peacekeeping  Receive deployment of peacekeepers
0862 RETREAT   access  diplomatic  Receive inspectors
0863 RETREAT   access  humanitarian  Allow delivery of humanitarian aid
087  RETREAT   disarm  military  De-escalate military engagement
0871 RETREAT   ceasefire  military  Declare truce, ceasefire
0872 RETREAT   withdraw  military  Ease military blockade
0873 RETREAT   disarm  military  Demobilize armed forces
0874 RETREAT   disarm  military  Retreat or surrender militarily
09   ACCUSE    investigate  -  Investigate
090  ACCUSE    investigate  -  Investigate
091  ACCUSE    investigate  crime;corruption  Investigate crime, corruption
092  ACCUSE    investigate  human_rights  Investigate human rights abuses
093  ACCUSE    investigate  military  Investigate military action
094  ACCUSE    investigate  military;legal  Investigate war crimes
10   REQUEST   -  -  Demand
100  REQUEST   -  -  Demand
101  REQUEST   assist  -  Demand material cooperation
1011 REQUEST   assist  economic  Demand economic cooperation
1012 REQUEST   assist  military  Demand military cooperation
1013 REQUEST   assist  legal  Demand judicial cooperation
1014 REQUEST   assist  intelligence  Demand intelligence cooperation
102  REQUEST   assist  diplomatic  Demand diplomatic cooperation
103  REQUEST   assist  -  Demand aid
1031 REQUEST   assist  economic  Demand economic aid
1032 REQUEST   assist  military  Demand military aid
1033 REQUEST   assist  humanitarian  Demand humanitarian aid
1034 REQUEST   assist  peacekeeping  Demand military protection or peacekeeping
104  REQUEST   change  political_institutions  Demand political reform
1041 REQUEST   change  executive  Demand change in leadership
1042 REQUEST   change  executive  Demand policy change
1043 REQUEST   change  rights_freedoms  Demand rights
1044 REQUEST   change  political_institutions  Demand change in institutions, regime
105  REQUEST   change  legal  Demand that target yields
1051 REQUEST   yield  legal  Demand easing of administrative sanctions
1052 REQUEST   yield  legal  Demand easing of popular dissent
1053 REQUEST   yield  legal  Demand release of persons or property
1054 REQUEST   yield  economic  Demand easing of economic sanctions, boycott, or embargo
1055 REQUEST   yield  diplomatic  Demand that target allows international involvement
1056 REQUEST   yield  military  Demand de-escalation of military engagement
106  REQUEST   meet  diplomatic  Demand meeting, negotiation
107  REQUEST   meet  diplomatic  Demand settling of dispute
108  REQUEST   meet  diplomatic  Demand mediation
11   ACCUSE    disapprove  -  Disapprove
110  ACCUSE    disapprove  -  Disapprove
111  ACCUSE    disapprove  -  Criticize or denounce
112  ACCUSE    disapprove  -  Accuse
1121 ACCUSE    disapprove  crime;corruption  Accuse of crime, corruption
1122 ACCUSE    disapprove  human_rights  Accuse of human rights abuses
1123 ACCUSE    disapprove  military  Accuse of aggression
1124 ACCUSE    disapprove  military;legal  Accuse of war crimes
1125 ACCUSE    disapprove  legal  Accuse of espionage, treason
113  ACCUSE    disapprove  -  Rally opposition against
114  ACCUSE    disapprove  -  Complain officially
115  ACCUSE    disapprove  legal  Bring lawsuit against
116  ACCUSE    disapprove  legal  Find guilty or liable (legally)
12   REJECT    -  -  Reject
120  REJECT    -  -  Reject
121  REJECT    assist  -  Reject material cooperation
1211 REJECT    assist  economic  Reject economic cooperation
1212 REJECT    assist  military  Reject military cooperation
1213 REJECT    assist  legal  Reject judicial cooperation
1214 REJECT    assist  intelligence  Reject intelligence cooperation
122  REJECT    assist  -  Reject request or demand for material aid
1221 REJECT    assist  economic  Reject request for economic aid
1222 REJECT    assist  military  Reject request for military aid
1223 REJECT    assist  humanitarian  Reject request for humanitarian aid
1224 REJECT    assist  peacekeeping  Reject request for military protection or peacekeeping
123  REJECT    change  political_institutions  Reject request or demand for political reform
1231 REJECT    change  executive  Reject request for change in leadership
1232 REJECT    change  executive  Reject request for policy change
1233 REJECT    change  rights_freedoms  Reject request for rights
1234 REJECT    change  political_institutions  Reject request for change in institutions, regime
124  REJECT    change  -  Refuse to yield
1241 REJECT    change  legal  Refuse to ease administrative sanctions
1242 REJECT    change  -  Refuse to ease popular dissent
1243 REJECT    yield  legal  Refuse to release persons or property
1244 REJECT    yield  economic  Refuse to ease economic sanctions, boycott, or embargo
1245 REJECT    yield  diplomatic  Refuse to allow international involvement
1246 REJECT    yield  military  Refuse to de-escalate military engagement
125  REJECT    meet  diplomatic  Reject proposal to meet, discuss, or negotiate
126  REJECT    meet  diplomatic  Reject mediation
127  REJECT    meet  diplomatic  Reject plan, agreement to settle dispute
128  REJECT    yield  legal  Defy norms, law
129  REJECT    yield  diplomatic  Veto
13   THREATEN  -  -  Threaten
130  THREATEN  -  -  Threaten
131  THREATEN  -  -  Threaten non-force
1311 THREATEN  relations  -  Threaten to reduce or stop aid
1312 THREATEN  restrict  diplomatic  Threaten to boycott, embargo, or sanction
1313 THREATEN  relations  diplomatic  Threaten to reduce or break relations
132  THREATEN  ban  legal  Threaten with administrative sanctions
1321 THREATEN  political  legal  Threaten to impose restrictions on political freedoms
1322 THREATEN  ban  legal  Threaten to ban political parties or politicians
1323 THREATEN  restrict  legal  Threaten to impose curfew
1324 THREATEN  restrict  legal  Threaten to impose state of emergency or martial law
133  THREATEN  relations  -  Threaten with political dissent, protest
134  THREATEN  relations  diplomatic  Threaten to halt negotiations
135  THREATEN  relations  diplomatic  Threaten to halt mediation
136  THREATEN  expel  diplomatic  Threaten to halt international involvement
137  THREATEN  violence  legal  Threaten with repression
138  THREATEN  violence  military  Threaten with military force
1381 THREATEN  restrict  military  Threaten blockade
1382 THREATEN  territory  military  Threaten occupation
1383 THREATEN  violence  military  Threaten unconventional violence
1384 THREATEN  violence  military  Threaten conventional attack
1385 THREATEN  violence  cbrn  Threaten attack with WMD
139  THREATEN  relations  diplomatic  Give ultimatum
14   PROTEST   -  -  Engage in political dissent
140  PROTEST   -  -  Engage in political dissent
141  PROTEST   demo  -  Demonstrate or rally
1411 PROTEST   demo  executive  Demonstrate for leadership change
1412 PROTEST   demo  executive  Demonstrate for policy change
1413 PROTEST   demo  rights_freedoms  Demonstrate for rights
1414 PROTEST   demo  political_institutions  Demonstrate for change in institutions, regime
142  PROTEST   hunger  -  Conduct hunger strike
1421 PROTEST   hunger  executive  Conduct hunger strike for leadership change
1422 PROTEST   hunger  executive  Conduct hunger strike for policy change
1423 PROTEST   hunger  rights_freedoms  Conduct hunger strike for rights
1424 PROTEST   hunger  political_institutions  Conduct hunger strike for change in institutions, regime
143  PROTEST   boycott  -  Conduct strike or boycott
1431 PROTEST   boycott  executive  Conduct strike or boycott for leadership change
1432 PROTEST   boycott  executive  Conduct strike or boycott for policy change
1433 PROTEST   boycott  rights_freedoms  Conduct strike or boycott for rights
1434 PROTEST   boycott  political_institutions  Conduct strike or boycott for change in institutions, regime
144  PROTEST   obstruct  -  Obstruct passage, block
1441 PROTEST   obstruct  executive  Obstruct passage to demand leadership change
1442 PROTEST   obstruct  executive  Obstruct passage to demand policy change
1443 PROTEST   obstruct  rights_freedoms  Obstruct passage to demand rights
1444 PROTEST   obstruct  political_institutions  Obstruct passage to demand change in institutions, regime
145  PROTEST   riot  -  Protest violently, riot
1451 PROTEST   riot  executive  Engage in violent protest for leadership change
1452 PROTEST   riot  executive  Engage in violent protest for policy change
1453 PROTEST   riot  rights_freedoms  Engage in violent protest for rights
1454 PROTEST   riot  political_institutions  Engage in violent protest for change in institutions, regime
15   MOBILIZE  -  -  Exhibit force posture
150  MOBILIZE  -  -  Demonstrate military or police power
151  MOBILIZE  police  -  Increase police alert status
152  MOBILIZE  troops  military  Increase military alert status
153  MOBILIZE  police  -  Mobilize or increase police power
154  MOBILIZE  troops  military  Mobilize or increase armed forces
16   SANCTION  -  -  Reduce relations
160  SANCTION  -  -  Reduce relations
161  SANCTION  withdraw  diplomatic  Reduce or break diplomatic relations
162  SANCTION  discontinue  diplomatic  Reduce or stop material aid
1621 SANCTION  discontinue  economic  Reduce or stop economic assistance
1622 SANCTION  discontinue  military  Reduce or stop military assistance
1623 SANCTION  discontinue  humanitarian  Reduce or stop humanitarian assistance
163  COERCE    restrict  diplomatic  Impose embargo, boycott, or sanctions
164  SANCTION  withdraw  diplomatic  Halt negotiations
165  SANCTION  withdraw  diplomatic  Halt mediation
166  SANCTION  expel  diplomatic  Expel or withdraw
1661 SANCTION  expel  military  Expel or withdraw peacekeepers
1662 SANCTION  expel  diplomatic  Expel or withdraw inspectors, observers
1663 SANCTION  expel  diplomatic  Expel or withdraw aid agencies
17   COERCE    -  -  Coerce
170  COERCE    -  -  Coerce
171  COERCE    confiscate  legal  Seize or damage property
1711 COERCE    confiscate  legal  Confiscate property
1712 ASSAULT   destroy  legal  Destroy property
172  COERCE    restrict  legal  Impose administrative sanctions
1721 COERCE    restrict  legal  Impose restrictions on political freedoms
1722 COERCE    ban  legal  Ban political parties or politicians
1723 COERCE    curfew  legal  Impose curfew
1724 COERCE    martial-law  legal  Impose state of emergency or martial law
173  COERCE    arrest  legal  Arrest, detain, or charge with legal action
174  COERCE    deport  legal  Expel or deport individuals
175  ASSAULT   -  military  Use tactics of violent repression
18   ASSAULT   -  -  Assault
180  ASSAULT   -  -  Use unconventional violence
181  ASSAULT   abduct  -  Abduct, hijack, or take hostage
182  ASSAULT   beat  -  Physically assault
1821 ASSAULT   sexual  -  Sexually assault
1822 ASSAULT   torture  -  Torture
1823 ASSAULT   -  -  Kill by physical assault
183  ASSAULT   suicide-attack  -  Conduct suicide, car, or other non-military bombing
1831 ASSAULT   suicide-attack  -  Carry out suicide bombing
1832 ASSAULT   explosives  -  Carry out vehicular bombing
1833 ASSAULT   explosives  -  Carry out roadside bombing
184  ASSAULT   abduct  -  Use as human shield
185  ASSAULT   assassinate  -  Attempt to assassinate
186  ASSAULT   assassinate  -  Assassinate
19   ASSAULT   -  military  Fight
190  ASSAULT   -  military  Use conventional military force
191  COERCE    restrict  military  Impose blockade, restrict movement
192  COERCE    confiscate  military  Occupy territory
193  ASSAULT   firearms  military  Fight with small arms and light weapons
194  ASSAULT   heavy-weapons  military  Fight with artillery and tanks
195  ASSAULT   heavy-weapons  military  Employ aerial weapons
196  ASSAULT   -  legal;military  Violate ceasefire
20   ASSAULT   unconventional  military  Use unconventional mass violence
200  ASSAULT   unconventional  military  Use unconventional mass violence
201  ASSAULT   cleansing  legal  Engage in mass expulsion
202  ASSAULT   cleansing  military  Engage in mass killings
203  ASSAULT   cleansing  military  Engage in ethnic cleansing
204  ASSAULT   unconventional  cbrn  Use weapons of mass destruction
2041 ASSAULT   unconventional  cbrn  Use chemical, biological, or radiological weapons
2042 ASSAULT   unconventional  cbrn  Detonate nuclear weapons
`

var cameoTable = func() map[string]PLOVER {
	t := map[string]PLOVER{}
	for n, line := range strings.Split(cameoCrosswalk, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 5 {
			panic(fmt.Sprintf("cameo crosswalk line %d: %q has fewer than 5 columns", n, line))
		}
		p := PLOVER{Kind: model.EventKind(f[1]), Description: strings.Join(f[4:], " ")}
		if !p.Kind.IsValid() {
			panic(fmt.Sprintf("cameo crosswalk line %d: %s is not a PLOVER event kind of the schema", n, f[1]))
		}
		if f[2] != "-" {
			p.Mode = f[2]
		}
		if f[3] != "-" {
			p.Contexts = strings.Split(f[3], ";")
		}
		t[f[0]] = p
	}
	return t
}()

// CAMEOToPLOVER maps a CAMEO event code (2 to 4 digits, as in GDELT's
// EventCode) to PLOVER. An unknown code falls back to its base (3-digit) and
// root (2-digit) code; ok is false when even the root is unknown.
func CAMEOToPLOVER(code string) (p PLOVER, ok bool) {
	code = strings.TrimSpace(code)
	for n := len(code); n >= 2; n-- {
		if p, ok := cameoTable[code[:n]]; ok {
			return p, true
		}
	}
	return PLOVER{Kind: model.EventKindOther}, false
}
